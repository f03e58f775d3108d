//! The statutory rules of the one-stop mechanism (cơ chế một cửa), chosen by the date a dossier was received.
//!
//! A dossier keeps the procedure version in force when it was received (the catalogue pins it), and it keeps
//! the general rules in force then too: the paper cut-off, the supplement window, the clock restart, the
//! apology and single extension, and the numbers of the forms. A [`Regime`] is one such set, each rule with
//! the document and article it comes from ([`Citation`]). Two are shipped:
//!
//! - [`Regime::DECREE_61_2018`]: Decree 61/2018/NĐ-CP and the forms of Circular 01/2018/TT-VPCP, for dossiers
//!   received until 30 June 2025;
//! - [`Regime::DECREE_118_2025`]: Decree 118/2025/NĐ-CP, in force from 1 July 2025, and the forms of Circular
//!   03/2025/TT-VPCP, for dossiers received from that day.
//!
//! [`Regime::for_received`] picks the regime of a receiving date (a Vietnam civil date). The deadline
//! arithmetic of [`crate::deadline`] takes its numbers from it. What could not be read in a text is marked
//! unverified, with what was assumed: see [`Citation::verified`] and `docs/legal.md`.
//!
//! ```
//! use hoso_core::regime::{Form, Provision, Regime, RegimeId};
//! use jiff::civil::date;
//!
//! let before = Regime::for_received(date(2025, 6, 30));
//! let after = Regime::for_received(date(2025, 7, 1));
//! assert_eq!(before.id, RegimeId::Decree61Of2018);
//! assert_eq!(after.id, RegimeId::Decree118Of2025);
//! assert_eq!(before.form(Form::ApologyAndNewDate).unwrap().number, 4);
//! assert_eq!(after.form(Form::ProcessingStopNotice).unwrap().number, 5);
//! assert!(before.citation(Provision::SupplementWindow).to_string().starts_with("Decree 61/2018/NĐ-CP"));
//! assert!(after.citation(Provision::SupplementWindow).to_string().starts_with("Decree 118/2025/NĐ-CP"));
//! ```

use std::fmt;

use jiff::civil::{Date, Time, date, time};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Which regime: the decree that governs the one-stop mechanism for the dossier.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RegimeId {
    /// Decree 61/2018/NĐ-CP (with Circular 01/2018/TT-VPCP), dossiers received until 30 June 2025.
    #[serde(rename = "decree_61_2018")]
    Decree61Of2018,
    /// Decree 118/2025/NĐ-CP (with Circular 03/2025/TT-VPCP), dossiers received from 1 July 2025.
    #[serde(rename = "decree_118_2025")]
    Decree118Of2025,
}

impl RegimeId {
    /// The regime's rules.
    pub fn regime(self) -> &'static Regime {
        match self {
            RegimeId::Decree61Of2018 => &Regime::DECREE_61_2018,
            RegimeId::Decree118Of2025 => &Regime::DECREE_118_2025,
        }
    }
}

/// A statutory rule of a regime, for looking up its citation.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Provision {
    /// Paper dossiers received after the daily cut-off go to the agency on the next working day.
    PaperCutoff,
    /// A supplement may be requested only within a number of working days of receiving the dossier.
    SupplementWindow,
    /// When the supplement arrives, the processing time limit counts again from zero.
    ClockRestart,
    /// The apology and new date must reach the applicant a number of days before the due date.
    ApologyBeforeDueDate,
    /// The new date may be set only once.
    SingleExtension,
    /// The applicant is told once, completely, what the dossier lacks: a second supplement request is a
    /// breach.
    GuidanceOnce,
    /// The numbers and names of the forms.
    Forms,
}

impl Provision {
    /// Every provision, in declaration order.
    pub const ALL: [Provision; 7] = [
        Provision::PaperCutoff,
        Provision::SupplementWindow,
        Provision::ClockRestart,
        Provision::ApologyBeforeDueDate,
        Provision::SingleExtension,
        Provision::GuidanceOnce,
        Provision::Forms,
    ];
}

/// Where a rule comes from: document and article, and whether the article's text was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Citation {
    /// The document, e.g. `Decree 61/2018/NĐ-CP`.
    pub document: &'static str,
    /// The article and clause, e.g. `Art 19`; `None` when the article could not be identified.
    pub article: Option<&'static str>,
    /// `true` only when the rule was checked against the article's text.
    pub verified: bool,
    /// What was read, or assumed where the text could not be read.
    pub note: &'static str,
}

impl fmt::Display for Citation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.article {
            Some(article) => write!(f, "{} {article}", self.document)?,
            None => write!(f, "{} (article not identified)", self.document)?,
        }
        if !self.verified {
            f.write_str(" [unverified]")?;
        }
        Ok(())
    }
}

/// A form of the one-stop mechanism, whatever its number in a given regime.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Form {
    /// Giấy tiếp nhận hồ sơ và hẹn trả kết quả: receipt and appointment.
    ReceiptAndAppointment,
    /// Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ: supplement request.
    SupplementRequest,
    /// Phiếu từ chối tiếp nhận giải quyết hồ sơ: refusal.
    Refusal,
    /// The apology and new date: Phiếu xin lỗi và hẹn lại ngày trả kết quả (2018), Văn bản xin lỗi và đề nghị
    /// gia hạn thời gian giải quyết (2025).
    ApologyAndNewDate,
    /// Thông báo dừng giải quyết hồ sơ: notice that processing stops (2025 only).
    ProcessingStopNotice,
    /// Phiếu kiểm soát quá trình giải quyết hồ sơ: processing control slip.
    ProcessingControlSlip,
    /// Sổ theo dõi hồ sơ: the dossier register.
    Register,
}

/// A form's number and title in a regime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormEntry {
    /// Which form.
    pub form: Form,
    /// Its number (Mẫu số), e.g. 4.
    pub number: u8,
    /// Its title in Vietnamese.
    pub title_vi: &'static str,
}

/// One regime: the statutory rules for dossiers received between two dates, each with its citation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Regime {
    /// Which regime.
    pub id: RegimeId,
    /// Short name, e.g. `Decree 61/2018/NĐ-CP`.
    pub name: &'static str,
    /// First receiving date it governs; `None` for the earliest regime shipped, which also answers for any
    /// earlier date (the library models no older rules).
    pub effective_from: Option<Date>,
    /// Last receiving date it governs; `None` while in force.
    pub effective_until: Option<Date>,
    /// The daily cut-off for paper dossiers (15:00).
    pub paper_cutoff: Time,
    /// Working days after receipt within which a supplement may be requested, unless the procedure's own law
    /// sets another period.
    pub supplement_request_working_days: i64,
    /// Days before the due date by which the apology and new date must be sent.
    pub apology_days_before_due: i64,
    /// How many times the appointment may be reset.
    pub extensions_allowed: u8,
    /// Whether the time limit counts again from zero when a supplement arrives.
    pub clock_restarts_on_supplement: bool,
    forms: &'static [FormEntry],
    citations: &'static Citations,
}

/// The citation of each provision of a regime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Citations {
    paper_cutoff: Citation,
    supplement_window: Citation,
    clock_restart: Citation,
    apology_before_due_date: Citation,
    single_extension: Citation,
    guidance_once: Citation,
    forms: Citation,
}

const DECREE_61: &str = "Decree 61/2018/NĐ-CP";
const DECREE_118: &str = "Decree 118/2025/NĐ-CP";

const FORMS_2018: [FormEntry; 6] = [
    FormEntry {
        form: Form::ReceiptAndAppointment,
        number: 1,
        title_vi: "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    },
    FormEntry {
        form: Form::SupplementRequest,
        number: 2,
        title_vi: "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
    },
    FormEntry {
        form: Form::Refusal,
        number: 3,
        title_vi: "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
    },
    FormEntry {
        form: Form::ApologyAndNewDate,
        number: 4,
        title_vi: "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
    },
    FormEntry {
        form: Form::ProcessingControlSlip,
        number: 5,
        title_vi: "Phiếu kiểm soát quá trình giải quyết hồ sơ",
    },
    FormEntry {
        form: Form::Register,
        number: 6,
        title_vi: "Sổ theo dõi hồ sơ",
    },
];

const FORMS_2025: [FormEntry; 7] = [
    FormEntry {
        form: Form::ReceiptAndAppointment,
        number: 1,
        title_vi: "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    },
    FormEntry {
        form: Form::SupplementRequest,
        number: 2,
        title_vi: "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
    },
    FormEntry {
        form: Form::Refusal,
        number: 3,
        title_vi: "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
    },
    FormEntry {
        form: Form::ApologyAndNewDate,
        number: 4,
        title_vi: "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
    },
    FormEntry {
        form: Form::ProcessingStopNotice,
        number: 5,
        title_vi: "Thông báo dừng giải quyết hồ sơ",
    },
    FormEntry {
        form: Form::ProcessingControlSlip,
        number: 6,
        title_vi: "Phiếu kiểm soát quá trình giải quyết hồ sơ",
    },
    FormEntry {
        form: Form::Register,
        number: 7,
        title_vi: "Sổ theo dõi hồ sơ",
    },
];

/// What was read of Decree 61/2018: the titles of its articles in the codified-law mirror
/// (`diepxuan/diepxuan.github.io`, `van-ban/buu-chinh-vien-thong/cong-nghe-thong-tin.md`, which holds the
/// titles only); the clauses follow the project's domain notes.
const NOTE_61_TITLE_ONLY: &str = "article title read in the codified-law mirror (Art 19: \"Giải quyết thủ tục \
hành chính\"); the mirror holds no clause text, the content follows the project's domain notes";

const CITATIONS_2018: Citations = Citations {
    paper_cutoff: Citation {
        document: DECREE_61,
        article: Some("Art 18(2)"),
        verified: false,
        note: "the clause text was not read: paper dossiers received after 15:00 are transferred on the \
               next working day, per the project's domain notes; \"after\" is read strictly (15:00:00 is the \
               same day)",
    },
    supplement_window: Citation {
        document: DECREE_61,
        article: Some("Art 19"),
        verified: false,
        note: NOTE_61_TITLE_ONLY,
    },
    clock_restart: Citation {
        document: DECREE_61,
        article: Some("Art 19"),
        verified: false,
        note: NOTE_61_TITLE_ONLY,
    },
    apology_before_due_date: Citation {
        document: DECREE_61,
        article: Some("Art 19"),
        verified: false,
        note: NOTE_61_TITLE_ONLY,
    },
    single_extension: Citation {
        document: DECREE_61,
        article: Some("Art 19"),
        verified: false,
        note: NOTE_61_TITLE_ONLY,
    },
    guidance_once: Citation {
        document: DECREE_61,
        article: Some("Art 15(3)"),
        verified: false,
        note: "the clause text was not read: the officer tells the applicant once, completely, what to add, \
               per the project's domain notes; a second supplement request is reported as a breach",
    },
    forms: Citation {
        document: "Circular 01/2018/TT-VPCP",
        article: Some("Appendix, forms 01–06"),
        verified: true,
        note: "the six forms and their numbers as listed in a summary of the circular: \
               http://lawnet.vn/thong-tin-phap-luat/en/chinh-sach-moi/vietnam-compilation-of-forms-in-the-administrative-procedure-resolution-process-161811.html",
    },
};

/// What was assumed of Decree 118/2025 where its articles could not be read.
const NOTE_118_ASSUMED: &str = "the decree's articles on transfer and settlement could not be read: the rule \
of Decree 61/2018 is assumed unchanged; the decree's effective date (1 July 2025) was read in a report of it";

const CITATIONS_2025: Citations = Citations {
    paper_cutoff: Citation {
        document: DECREE_118,
        article: None,
        verified: false,
        note: NOTE_118_ASSUMED,
    },
    supplement_window: Citation {
        document: DECREE_118,
        article: None,
        verified: false,
        note: NOTE_118_ASSUMED,
    },
    clock_restart: Citation {
        document: DECREE_118,
        article: None,
        verified: false,
        note: NOTE_118_ASSUMED,
    },
    apology_before_due_date: Citation {
        document: DECREE_118,
        article: None,
        verified: false,
        note: NOTE_118_ASSUMED,
    },
    single_extension: Citation {
        document: DECREE_118,
        article: None,
        verified: false,
        note: "assumed unchanged from Decree 61/2018; the 2025 form 04 is an apology and request to extend \
               the time, whose approval the decree may require (not read)",
    },
    guidance_once: Citation {
        document: DECREE_118,
        article: Some("Art 16(3)"),
        verified: false,
        note: "partly read in a report of the article \
               (https://news.laodong.vn/bat-dong-san/huong-dan-chuan-bi-ho-so-thuc-hien-thu-tuc-hanh-chinh-ve-dat-dai-theo-nghi-dinh-118-1554769.ldo): \
               where the dossier lacks papers against the published list, the officer guides the applicant; \
               the rest of the clause was cut off; the once-and-completely rule of Decree 61/2018 is assumed",
    },
    forms: Citation {
        document: "Circular 03/2025/TT-VPCP",
        article: Some("Appendix I, forms 01–07"),
        verified: true,
        note: "the circular of 15 September 2025 guiding Decree 118/2025 and its seven forms as listed in \
               https://thuviennhadat.vn/phap-luat/tai-file-word-bieu-mau-thong-tu-03-2025-tt-vpcp-ve-giai-quyet-thu-tuc-hanh-chinh-tai-bo-phan-mot-cua-708489.html; \
               the forms used between 1 July and 14 September 2025 were not read and are assumed to be these",
    },
};

impl Regime {
    /// Decree 61/2018/NĐ-CP with the forms of Circular 01/2018/TT-VPCP: dossiers received until 30 June 2025.
    pub const DECREE_61_2018: Regime = Regime {
        id: RegimeId::Decree61Of2018,
        name: DECREE_61,
        effective_from: None,
        effective_until: Some(date(2025, 6, 30)),
        paper_cutoff: time(15, 0, 0, 0),
        supplement_request_working_days: 3,
        apology_days_before_due: 1,
        extensions_allowed: 1,
        clock_restarts_on_supplement: true,
        forms: &FORMS_2018,
        citations: &CITATIONS_2018,
    };

    /// Decree 118/2025/NĐ-CP with the forms of Circular 03/2025/TT-VPCP: dossiers received from 1 July 2025.
    pub const DECREE_118_2025: Regime = Regime {
        id: RegimeId::Decree118Of2025,
        name: DECREE_118,
        effective_from: Some(date(2025, 7, 1)),
        effective_until: None,
        paper_cutoff: time(15, 0, 0, 0),
        supplement_request_working_days: 3,
        apology_days_before_due: 1,
        extensions_allowed: 1,
        clock_restarts_on_supplement: true,
        forms: &FORMS_2025,
        citations: &CITATIONS_2025,
    };

    /// Every shipped regime, oldest first.
    pub const ALL: [&'static Regime; 2] = [&Regime::DECREE_61_2018, &Regime::DECREE_118_2025];

    /// The regime governing a dossier received on `date` (Vietnam civil date): the last one whose first day
    /// is on or before it; dates before every regime get the oldest.
    pub fn for_received(date: Date) -> &'static Regime {
        Regime::ALL
            .iter()
            .rev()
            .find(|r| r.effective_from.is_none_or(|from| from <= date))
            .copied()
            .unwrap_or(&Regime::DECREE_61_2018)
    }

    /// Whether the regime governs dossiers received on `date`.
    pub fn governs(&self, date: Date) -> bool {
        self.effective_from.is_none_or(|from| from <= date)
            && self.effective_until.is_none_or(|until| date <= until)
    }

    /// Where a provision of this regime comes from.
    pub fn citation(&self, provision: Provision) -> &'static Citation {
        let c = self.citations;
        match provision {
            Provision::PaperCutoff => &c.paper_cutoff,
            Provision::SupplementWindow => &c.supplement_window,
            Provision::ClockRestart => &c.clock_restart,
            Provision::ApologyBeforeDueDate => &c.apology_before_due_date,
            Provision::SingleExtension => &c.single_extension,
            Provision::GuidanceOnce => &c.guidance_once,
            Provision::Forms => &c.forms,
        }
    }

    /// A form's number and title in this regime; `None` when the regime has no such form.
    pub fn form(&self, form: Form) -> Option<&'static FormEntry> {
        self.forms.iter().find(|f| f.form == form)
    }

    /// All the forms of this regime, by number.
    pub fn forms(&self) -> &'static [FormEntry] {
        self.forms
    }
}

#[cfg(test)]
mod tests;
