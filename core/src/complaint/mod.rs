//! Complaints (khiếu nại) and feedback about the post's service of a dossier.
//!
//! The rules, as Circular 17/2017/TT-BTTTT Art 8 ("Khiếu nại, bồi thường") states them:
//!
//! - Art 8(1)(a): "Thời hiệu khiếu nại là 06 tháng, kể từ ngày kết thúc thời gian toàn trình" — a complaint
//!   may be filed within 6 months of the day the carriage time ends ([`filing_terms`]).
//! - Art 8(1)(b): it is resolved within at most 5 working days for a service within one province ("nội
//!   tỉnh") and 7 between provinces ("liên tỉnh") ([`complaint_resolution_due`]). The article names no
//!   starting day; the library counts from the day the complaint is received, as the Postal Law
//!   (49/2010/QH12) Art 38(3) does for its own limits ("kể từ ngày nhận được khiếu nại").
//! - Art 8(2): compensation follows Decision 45/2016/QĐ-TTg Art 14 and the postal law. Art 14: the post
//!   works with the applicant and the agency to remedy a dossier lost, misplaced or damaged in its carriage
//!   (14(1)) and to have its originals re-issued (14(2)); when the post or its staff are at fault it bears
//!   every cost of the re-issue (14(3)) and pays damages under Decree 47/2011/NĐ-CP Arts 24–27 (14(4)),
//!   whose Art 25(1)(a) sets the least liability for a domestic item at 4 times the charge
//!   ([`minimum_liability`]). A [`Compensation`] therefore has the two parts of Art 14(3) and (4).
//!
//! A complaint has its own small state machine, separate from the dossier's two legs: [`ComplaintState`]
//! filed → investigating → resolved, each step an event of the dossier's own stream
//! ([`EventKind::ComplaintFiled`], [`EventKind::ComplaintInvestigating`], [`EventKind::ComplaintResolved`]).
//! A rating of the service ([`EventKind::FeedbackGiven`]) is given once per dossier, after delivery. The
//! dossier folds them into a [`ComplaintLog`]; [`overdue::overdue_complaints`] lists the complaints past
//! their resolution date over every dossier. `docs/complaints.md` explains the choices.
//!
//! ```
//! use hoso_core::complaint::{ComplaintFiling, ComplaintLog, ComplaintNumber, ComplaintState, ComplaintSubject, FreeText};
//! use hoso_core::event::{Actor, ActorRole, Event, EventId, EventKind};
//! use jiff::civil::date;
//!
//! let filing = ComplaintFiling {
//!     number: ComplaintNumber(1),
//!     subject: ComplaintSubject::LateCarriage,
//!     statement: FreeText::new("Kết quả đến chậm 3 ngày")?,
//!     inter_province: false,
//!     filing_deadline: date(2026, 9, 7),
//!     resolution_due: date(2026, 3, 16),
//! };
//! let at = "2026-03-09T02:00:00Z".parse()?;
//! let citizen = Actor::new(ActorRole::Citizen, "web");
//! let filed = Event::new(EventId::from_u128(7), at, citizen, EventKind::ComplaintFiled { filing });
//! let mut log = ComplaintLog::default();
//! log.check(&filed)?;
//! log.record(&filed);
//! let complaint = log.get(ComplaintNumber(1)).unwrap();
//! assert_eq!(complaint.state, ComplaintState::Filed);
//! // Overdue the day after its due date, not on it (Civil Code 2015 Art 148(1)).
//! assert!(!complaint.is_overdue_at("2026-03-16T16:00:00Z".parse()?));
//! assert!(complaint.is_overdue_at("2026-03-16T17:00:00Z".parse()?));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod log;
pub mod overdue;
mod text;
mod window;

#[cfg(test)]
mod tests;

use std::fmt;

use jiff::Timestamp;
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Vnd;
use crate::deadline::DeadlineError;
use crate::event::{EventKind, EventType};
use crate::state::Label;

pub use crate::deadline::postal::{
    COMPLAINT_FILING_MONTHS, complaint_filing_deadline, complaint_resolution_due,
};
pub use log::ComplaintLog;
pub use text::{FreeText, MAX_TEXT_CHARS, Rating};
pub use window::{FilingTerms, carriage_end, filing_terms};

/// The number of a complaint within its dossier: 1 for the first, then 2, 3…
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(transparent)]
pub struct ComplaintNumber(pub u16);

impl fmt::Display for ComplaintNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KN{}", self.0)
    }
}

/// What a complaint is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ComplaintSubject {
    /// The carriage took longer than its time (thời gian toàn trình, Circular 17/2017/TT-BTTTT Art 7).
    LateCarriage,
    /// The dossier or the result was lost or misplaced (bị mất, bị thất lạc; Decision 45/2016/QĐ-TTg Art 14).
    LostOrMisplaced,
    /// The dossier or the result was damaged (bị hư hỏng; Decision 45/2016/QĐ-TTg Art 14).
    Damaged,
    /// The postal charge or a fee collected.
    Charges,
    /// A postal worker's conduct (Decision 45/2016/QĐ-TTg Art 16(5)).
    Conduct,
    /// Anything else about the service.
    Other,
}

impl ComplaintSubject {
    /// Every subject, in the order a form lists them.
    pub const ALL: [ComplaintSubject; 6] = [
        ComplaintSubject::LateCarriage,
        ComplaintSubject::LostOrMisplaced,
        ComplaintSubject::Damaged,
        ComplaintSubject::Charges,
        ComplaintSubject::Conduct,
        ComplaintSubject::Other,
    ];

    /// The subject's Vietnamese and English labels.
    ///
    /// ```
    /// use hoso_core::complaint::ComplaintSubject;
    /// assert_eq!(ComplaintSubject::Damaged.label().en, "the dossier or result was damaged");
    /// ```
    pub fn label(self) -> Label {
        let (vi, en) = match self {
            ComplaintSubject::LateCarriage => ("Chuyển phát chậm", "carriage was late"),
            ComplaintSubject::LostOrMisplaced => (
                "Hồ sơ hoặc kết quả bị mất, thất lạc",
                "the dossier or result was lost or misplaced",
            ),
            ComplaintSubject::Damaged => (
                "Hồ sơ hoặc kết quả bị hư hỏng",
                "the dossier or result was damaged",
            ),
            ComplaintSubject::Charges => ("Cước, phí đã thu", "charges or fees collected"),
            ComplaintSubject::Conduct => (
                "Thái độ của nhân viên bưu chính",
                "a postal worker's conduct",
            ),
            ComplaintSubject::Other => ("Nội dung khác", "something else"),
        };
        Label { vi, en }
    }
}

/// What the post pays on an upheld complaint (Decision 45/2016/QĐ-TTg Art 14).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Compensation {
    /// Every cost of having the lost or damaged originals re-issued, borne by the post when it or its staff
    /// are at fault (Art 14(3)).
    #[serde(default)]
    pub reissue_costs: Vnd,
    /// Damages under Decree 47/2011/NĐ-CP Arts 24–27 (Art 14(4)).
    #[serde(default)]
    pub damages: Vnd,
}

impl Compensation {
    /// Both parts together, or `None` on overflow.
    pub fn total(self) -> Option<Vnd> {
        self.reissue_costs.checked_add(self.damages)
    }
}

/// The least liability for a domestic item lost, damaged or swapped whole: 4 times the charge, refund of the
/// charge included (Decree 47/2011/NĐ-CP Art 25(1)(a), to which Decision 45/2016/QĐ-TTg Art 14(4) refers).
/// `None` on overflow.
///
/// ```
/// use hoso_core::Vnd;
/// use hoso_core::complaint::minimum_liability;
/// assert_eq!(minimum_liability(Vnd(32_000)), Some(Vnd(128_000)));
/// ```
pub fn minimum_liability(postal_charge: Vnd) -> Option<Vnd> {
    postal_charge.checked_mul(4)
}

/// How a complaint was resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ComplaintOutcome {
    /// The complaint is founded.
    Upheld {
        /// Why.
        reason: FreeText,
        /// What the post pays, if anything (Decision 45/2016/QĐ-TTg Art 14).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        compensation: Option<Compensation>,
    },
    /// The complaint is not founded.
    Rejected {
        /// Why.
        reason: FreeText,
    },
}

impl ComplaintOutcome {
    /// Whether the complaint was upheld.
    pub fn is_upheld(&self) -> bool {
        matches!(self, ComplaintOutcome::Upheld { .. })
    }
}

/// A complaint as it is received: the data of [`EventKind::ComplaintFiled`], its deadlines fixed on receipt
/// (from [`filing_terms`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ComplaintFiling {
    /// Its number in the dossier.
    pub number: ComplaintNumber,
    /// What it is about.
    pub subject: ComplaintSubject,
    /// What the complainant says.
    pub statement: FreeText,
    /// Whether the service crossed a province boundary: 7 working days to resolve instead of 5
    /// (Circular 17/2017/TT-BTTTT Art 8(1)(b)).
    pub inter_province: bool,
    /// The last day it could be filed (Art 8(1)(a)).
    #[schemars(schema_with = "crate::time::date_schema")]
    pub filing_deadline: Date,
    /// The last day to resolve it (Art 8(1)(b)).
    #[schemars(schema_with = "crate::time::date_schema")]
    pub resolution_due: Date,
}

/// Where a complaint stands.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ComplaintState {
    /// Received, not yet investigated.
    Filed,
    /// Being investigated.
    Investigating,
    /// Resolved, with an outcome.
    Resolved,
}

impl ComplaintState {
    /// Every state, in order.
    pub const ALL: [ComplaintState; 3] = [
        ComplaintState::Filed,
        ComplaintState::Investigating,
        ComplaintState::Resolved,
    ];

    /// The state's Vietnamese and English labels.
    pub fn label(self) -> Label {
        let (vi, en) = match self {
            ComplaintState::Filed => ("Đã tiếp nhận khiếu nại", "complaint received"),
            ComplaintState::Investigating => ("Đang xác minh khiếu nại", "under investigation"),
            ComplaintState::Resolved => ("Đã giải quyết khiếu nại", "complaint resolved"),
        };
        Label { vi, en }
    }
}

/// One complaint of a dossier, as its events made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Complaint {
    /// Its number in the dossier.
    pub number: ComplaintNumber,
    /// What it is about.
    pub subject: ComplaintSubject,
    /// When it was received.
    #[schemars(schema_with = "crate::time::timestamp_schema")]
    pub filed_at: Timestamp,
    /// Whether the service crossed a province boundary.
    pub inter_province: bool,
    /// The last day it could be filed.
    #[schemars(schema_with = "crate::time::date_schema")]
    pub filing_deadline: Date,
    /// The last day to resolve it.
    #[schemars(schema_with = "crate::time::date_schema")]
    pub resolution_due: Date,
    /// Where it stands.
    pub state: ComplaintState,
    /// When the investigation started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "crate::time::option_timestamp_schema")]
    pub investigating_at: Option<Timestamp>,
    /// When it was resolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "crate::time::option_timestamp_schema")]
    pub resolved_at: Option<Timestamp>,
    /// How it was resolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<ComplaintOutcome>,
}

impl Complaint {
    /// Whether it is unresolved past its resolution date at `now`: a due date ends at the end of its day in
    /// Vietnam (Civil Code 2015 Art 148(1)).
    pub fn is_overdue_at(&self, now: Timestamp) -> bool {
        self.state != ComplaintState::Resolved
            && crate::time::vietnam_date(now) > self.resolution_due
    }

    /// Whether it was resolved by its due date (`None` while unresolved).
    pub fn resolved_on_time(&self) -> Option<bool> {
        self.resolved_at
            .map(|at| crate::time::vietnam_date(at) <= self.resolution_due)
    }
}

/// Why a complaint or a rating is refused. Messages carry dates, numbers and states, never the complainant's
/// text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ComplaintError {
    /// Filed after its window closed (Circular 17/2017/TT-BTTTT Art 8(1)(a)).
    #[error(
        "a complaint may be filed until {deadline}, 6 months after the carriage time ended on {carriage_end}; this one is dated {filed} (Circular 17/2017/TT-BTTTT Art 8(1)(a))"
    )]
    FilingWindowClosed {
        /// The day the carriage time ended.
        carriage_end: Date,
        /// The last day to file.
        deadline: Date,
        /// The day it was filed.
        filed: Date,
    },
    /// The post has carried nothing of the dossier yet: there is no service to complain of.
    #[error("the post has not taken part in this dossier yet: there is nothing to complain of")]
    NoCarriage,
    /// A complaint number other than the dossier's next one.
    #[error("complaint {number}: the dossier's next complaint is {expected}")]
    NotNext {
        /// The number given.
        number: ComplaintNumber,
        /// The next number.
        expected: ComplaintNumber,
    },
    /// No complaint of that number.
    #[error("the dossier has no complaint {number}")]
    Unknown {
        /// The number given.
        number: ComplaintNumber,
    },
    /// A step the complaint's state does not allow (filed → investigating → resolved).
    #[error(
        "complaint {number} is {state:?}: {event} is not allowed (filed → investigating → resolved)"
    )]
    NotAllowed {
        /// The complaint.
        number: ComplaintNumber,
        /// Its state.
        state: ComplaintState,
        /// The refused step.
        event: EventType,
    },
    /// The deadlines carried by the filing are not those of the rule.
    #[error(
        "complaint {number}: a filing dated {filed} cannot be due on {resolution_due} (Circular 17/2017/TT-BTTTT Art 8(1)(b))"
    )]
    DueBeforeFiling {
        /// The complaint.
        number: ComplaintNumber,
        /// The day it was filed.
        filed: Date,
        /// The resolution date it carries.
        resolution_due: Date,
    },
    /// The dossier was rated already: a rating is given once per dossier.
    #[error("the service of this dossier was rated already, at {at}; a rating is given once")]
    FeedbackAlreadyGiven {
        /// When.
        at: Timestamp,
    },
    /// A rating outside 1–5.
    #[error("rating {value} is not between 1 and 5")]
    RatingOutOfRange {
        /// The value given.
        value: i64,
    },
    /// An empty text where one is required.
    #[error("the text is empty")]
    EmptyText,
    /// A text longer than [`MAX_TEXT_CHARS`].
    #[error("the text has {chars} characters, more than {MAX_TEXT_CHARS}")]
    TextTooLong {
        /// Its length in characters.
        chars: usize,
    },
    /// A date outside the calendar's range.
    #[error(transparent)]
    Deadline(#[from] DeadlineError),
}

/// The rating and comment the recipient gave (the data of [`EventKind::FeedbackGiven`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Feedback {
    /// From 1 (poor) to 5 (excellent).
    pub rating: Rating,
    /// What they add, if anything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<FreeText>,
}

/// Whether `kind` is one of the complaint and feedback events, which belong to neither leg.
pub fn is_after_service(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::ComplaintFiled { .. }
            | EventKind::ComplaintInvestigating { .. }
            | EventKind::ComplaintResolved { .. }
            | EventKind::FeedbackGiven { .. }
    )
}
