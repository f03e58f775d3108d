//! The procedure catalogue: administrative procedures (thủ tục hành chính), versioned by effective date.
//!
//! A procedure's rules change with the law (the 2025 reform, Decree 118/2025/NĐ-CP, reorganised forms and
//! rules from 1 July 2025), so each version carries the period it is in force, and a dossier pins the version
//! in force when it was received ([`Catalogue::in_force`], [`PinnedProcedure`]).

use std::collections::BTreeMap;

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{AdminLevel, AdminUnitCode, ProcedureCode, Vnd};

mod validate;
use validate::validate;

/// Which family of agency handles a procedure; each family has its own adapter crate.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum AgencyFamily {
    /// Driver's licences (transport sector until 28 Feb 2025, police from 1 Mar 2025).
    Licensing,
    /// Land registry offices (văn phòng đăng ký đất đai).
    LandRegistry,
    /// Police: passports, residence, ID cards.
    Police,
    /// Justice departments: judicial record certificates and civil status.
    Justice,
    /// Business registration offices.
    Business,
    /// Any other agency.
    Other,
}

/// How a dossier reaches the agency. The numbers are the national portal's `KenhThucHien` codes.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// At the one-stop desk in person (code 1).
    InPerson,
    /// Online through the public service portal (code 2).
    Online,
    /// Through the public postal service, BCCI (code 3).
    Postal,
}

impl Channel {
    /// The national portal's channel code (`KenhThucHien`): 1 in person, 2 online, 3 postal.
    pub fn portal_code(self) -> u8 {
        match self {
            Channel::InPerson => 1,
            Channel::Online => 2,
            Channel::Postal => 3,
        }
    }
}

/// The three forms of the postal service for administrative procedures (Decision 45/2016/QĐ-TTg Art 5):
/// send the dossier only, receive the result only, or both.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PostalForm {
    /// The post carries the dossier to the agency; the result is collected at the desk.
    SendDossier,
    /// The dossier is filed in person or online; the post delivers the result.
    ReceiveResult,
    /// The post carries the dossier there and the result back.
    Both,
}

impl PostalForm {
    /// All forms, in declaration order.
    pub const ALL: [PostalForm; 3] = [
        PostalForm::SendDossier,
        PostalForm::ReceiveResult,
        PostalForm::Both,
    ];

    /// Whether the post carries the dossier to the agency.
    pub fn sends_dossier(self) -> bool {
        matches!(self, PostalForm::SendDossier | PostalForm::Both)
    }

    /// Whether the post delivers the result.
    pub fn returns_result(self) -> bool {
        matches!(self, PostalForm::ReceiveResult | PostalForm::Both)
    }
}

/// Whether a time limit counts working days (ngày làm việc) or calendar days (ngày).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// Working days: weekends and public holidays do not count.
    Working,
    /// Calendar days.
    Calendar,
}

/// A procedure's processing time limit (thời hạn giải quyết).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub struct TimeLimit {
    /// Number of days, at least 1.
    pub days: u16,
    /// Working or calendar days.
    pub kind: DayKind,
}

impl TimeLimit {
    /// The longest time limit accepted: two years of calendar days. Anything longer is a data error.
    pub const MAX_DAYS: u16 = 730;

    /// A time limit in working days.
    pub const fn working(days: u16) -> Self {
        TimeLimit {
            days,
            kind: DayKind::Working,
        }
    }

    /// A time limit in calendar days.
    pub const fn calendar(days: u16) -> Self {
        TimeLimit {
            days,
            kind: DayKind::Calendar,
        }
    }

    /// Whether the number of days is plausible (1 to [`TimeLimit::MAX_DAYS`]).
    pub fn is_plausible(&self) -> bool {
        (1..=Self::MAX_DAYS).contains(&self.days)
    }
}

/// The time limit and fee of a procedure on one channel; both may differ by channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ChannelTerms {
    /// The channel these terms apply to.
    pub channel: Channel,
    /// The processing time limit on this channel.
    pub time_limit: TimeLimit,
    /// The procedure fee (lệ phí/phí) on this channel, in whole đồng.
    pub fee: Vnd,
}

/// Whether a paper is to be submitted as an original, a copy or a certified copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocumentForm {
    /// The original (bản chính).
    Original,
    /// A plain copy (bản sao).
    Copy,
    /// A certified copy (bản sao có chứng thực).
    CertifiedCopy,
}

/// One entry of a procedure's published document list (thành phần hồ sơ).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RequiredDocument {
    /// The document's name, as published (Vietnamese).
    pub name: String,
    /// Original, copy or certified copy.
    pub form: DocumentForm,
    /// How many are required.
    pub count: u8,
}

/// Whether a procedure may be carried by the post, and in which forms.
///
/// Procedures that require the applicant in person are excluded from the postal service
/// (Decision 45/2016/QĐ-TTg Art 1), and a procedure must say so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "service")]
pub enum PostalService {
    /// The postal service is allowed in these forms.
    Allowed {
        /// The forms allowed (at least one).
        forms: Vec<PostalForm>,
    },
    /// The applicant must appear in person (Decision 45/2016/QĐ-TTg Art 1).
    NotAllowed {
        /// Why, as published.
        reason: String,
    },
}

impl PostalService {
    /// Whether the post may serve this procedure in `form`.
    pub fn allows(&self, form: PostalForm) -> bool {
        match self {
            PostalService::Allowed { forms } => forms.contains(&form),
            PostalService::NotAllowed { .. } => false,
        }
    }
}

/// One version of an administrative procedure, in force over a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Procedure {
    /// The procedure code (mã TTHC).
    pub code: ProcedureCode,
    /// The name in Vietnamese, as published.
    pub name_vi: String,
    /// The name in English.
    pub name_en: String,
    /// The family of agency that handles it.
    pub family: AgencyFamily,
    /// The province this version belongs to, for a procedure whose fees or time limits a province sets
    /// (a province-level [`AdminUnitCode`] of the generation in force over the whole version, e.g.
    /// `2025:province:75`, Đồng Nai); absent for the national version. A dossier of a province gets the
    /// province's version where one is in force, else the national one ([`Catalogue::in_force_in`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<AdminUnitCode>,
    /// The legal texts this version rests on (document numbers and articles).
    pub legal_basis: Vec<String>,
    /// First day this version is in force.
    #[schemars(schema_with = "crate::time::date_schema")]
    pub effective_from: Date,
    /// Last day this version is in force, if it has been replaced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "crate::time::option_date_schema")]
    pub effective_until: Option<Date>,
    /// Whether and how the post may carry it.
    pub postal: PostalService,
    /// Time limit and fee per channel.
    pub terms: Vec<ChannelTerms>,
    /// The published document list.
    pub documents: Vec<RequiredDocument>,
    /// Working days within which a supplement may be requested, when the procedure's own law sets a period
    /// other than the general one of the regime (Decree 61/2018/NĐ-CP Art 19(4); see
    /// [`Regime::supplement_request_working_days`](crate::regime::Regime::supplement_request_working_days)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplement_request_working_days: Option<u8>,
    /// Where the figures come from (URL or document), and which could not be verified.
    pub source: String,
    /// False when some figure of this version could not be checked against its source.
    #[serde(default = "default_true")]
    pub verified: bool,
}

fn default_true() -> bool {
    true
}

impl Procedure {
    /// Whether this version is in force on `date` (both ends inclusive).
    pub fn in_force_on(&self, date: Date) -> bool {
        date >= self.effective_from && self.effective_until.is_none_or(|until| date <= until)
    }

    /// The terms (time limit, fee) on `channel`, if the procedure is offered on it.
    pub fn terms(&self, channel: Channel) -> Option<&ChannelTerms> {
        self.terms.iter().find(|t| t.channel == channel)
    }

    /// Pins this version for a dossier received on `channel`: what the dossier keeps for its whole life.
    pub fn pin(&self, channel: Channel) -> Option<PinnedProcedure> {
        let terms = self.terms(channel)?;
        Some(PinnedProcedure {
            code: self.code.clone(),
            effective_from: self.effective_from,
            province: self.province,
            family: self.family,
            channel,
            time_limit: terms.time_limit,
            fee: terms.fee,
            supplement_request_working_days: self.supplement_request_working_days,
        })
    }
}

/// The version of a procedure a dossier was received under, with the terms it is held to.
///
/// A dossier keeps the version in force when it was received, even after the procedure changes
/// (Decree 118/2025/NĐ-CP reorganised procedures from 1 July 2025 without reopening pending dossiers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PinnedProcedure {
    /// The procedure code.
    pub code: ProcedureCode,
    /// The first day of the pinned version: with the code and the province, it names the version in a
    /// [`Catalogue`].
    #[schemars(schema_with = "crate::time::date_schema")]
    pub effective_from: Date,
    /// The province of the pinned version, when it is a province's own ([`Procedure::province`]); absent
    /// for the national version (and in pins stored before provinces were carried).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<AdminUnitCode>,
    /// The agency family.
    pub family: AgencyFamily,
    /// The channel the dossier was received on.
    pub channel: Channel,
    /// The time limit on that channel.
    pub time_limit: TimeLimit,
    /// The fee on that channel.
    pub fee: Vnd,
    /// The procedure's own supplement window, when its law sets one (see
    /// [`Procedure::supplement_request_working_days`]); else the regime's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplement_request_working_days: Option<u8>,
}

/// A problem with a procedure catalogue: what is wrong and where.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CatalogueError {
    /// The JSON could not be read.
    #[error("catalogue JSON is malformed at line {line}, column {column}: {message}")]
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// Two versions of one procedure are in force on the same day.
    #[error(
        "procedures[{index}]: version of {code} from {from} overlaps the version from {other_from}"
    )]
    Overlap {
        /// Index of the offending entry.
        index: usize,
        /// The procedure code.
        code: String,
        /// Its effective-from date.
        from: Date,
        /// The effective-from date of the version it overlaps.
        other_from: Date,
    },
    /// A lookup by province was given a unit that does not name a province on the lookup date.
    #[error("looking up {code} on {date} for {unit}: {problem}")]
    NotAProvince {
        /// The procedure code looked up.
        code: String,
        /// The lookup date.
        date: Date,
        /// The unit given.
        unit: AdminUnitCode,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// An entry is invalid on its own.
    #[error("procedures[{index}].{field}: {problem}")]
    Invalid {
        /// Index of the offending entry.
        index: usize,
        /// The offending field.
        field: &'static str,
        /// What is wrong.
        problem: String,
    },
}

/// The shipped catalogue, embedded at build time. See its `source` fields for where each figure comes from.
const SHIPPED: &str = include_str!("../../data/procedures.json");

/// All versions of all procedures, looked up by code and date.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalogue {
    by_code: BTreeMap<ProcedureCode, Vec<Procedure>>,
}

#[derive(Serialize, Deserialize)]
struct CatalogueFile {
    procedures: Vec<Procedure>,
}

impl Catalogue {
    /// An empty catalogue.
    pub fn new() -> Self {
        Self::default()
    }

    /// The catalogue shipped with `hoso` (real procedures, each with its sources).
    pub fn shipped() -> Result<Self, CatalogueError> {
        Self::from_json(SHIPPED)
    }

    /// Adds a version. It must be valid on its own and must not overlap another version of the same code.
    pub fn insert(&mut self, procedure: Procedure) -> Result<(), CatalogueError> {
        let index = self.len();
        validate(index, &procedure)?;
        let versions = self.by_code.entry(procedure.code.clone()).or_default();
        // Versions of different provinces (or a province's and the national one) may run side by side.
        for other in versions.iter().filter(|o| o.province == procedure.province) {
            let a_end = procedure.effective_until.unwrap_or(Date::MAX);
            let b_end = other.effective_until.unwrap_or(Date::MAX);
            if procedure.effective_from <= b_end && other.effective_from <= a_end {
                return Err(CatalogueError::Overlap {
                    index,
                    code: match procedure.province {
                        Some(province) => format!("{} ({province})", procedure.code),
                        None => procedure.code.to_string(),
                    },
                    from: procedure.effective_from,
                    other_from: other.effective_from,
                });
            }
        }
        versions.push(procedure);
        versions.sort_by_key(|p| p.effective_from);
        Ok(())
    }

    /// The number of versions, all codes together.
    pub fn len(&self) -> usize {
        self.by_code.values().map(Vec::len).sum()
    }

    /// Whether the catalogue is empty.
    pub fn is_empty(&self) -> bool {
        self.by_code.is_empty()
    }

    /// The national version of `code` in force on `date` (provinces' own versions are not considered: see
    /// [`Catalogue::in_force_in`]).
    pub fn in_force(&self, code: &ProcedureCode, date: Date) -> Option<&Procedure> {
        self.by_code
            .get(code)?
            .iter()
            .find(|p| p.province.is_none() && p.in_force_on(date))
    }

    /// The version of `code` in force on `date` for a dossier of `province`: the province's own version
    /// where one is in force that day, else the national one. Fees and time limits of procedures that
    /// provinces decide (land registration above all) differ by province.
    ///
    /// ```
    /// use hoso_core::{AdminUnitCode, Catalogue, Channel, Vnd};
    /// use jiff::civil::date;
    ///
    /// let catalogue = Catalogue::shipped()?;
    /// let land = "1.013978".parse()?;
    /// let dong_nai: AdminUnitCode = "2025:province:75".parse()?;
    /// let ha_noi: AdminUnitCode = "2025:province:01".parse()?;
    /// let day = date(2026, 3, 2);
    /// let provincial = catalogue.in_force_in(&land, day, &dong_nai)?.expect("Đồng Nai's version");
    /// assert_eq!(provincial.province, Some(dong_nai));
    /// assert!(provincial.terms(Channel::Online).is_some());
    /// // Hà Nội has no version of its own in the shipped catalogue: the national one applies.
    /// let national = catalogue.in_force_in(&land, day, &ha_noi)?.expect("national version");
    /// assert_eq!(national.province, None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`CatalogueError::NotAProvince`] when `province` is not a province-level code, or is a code of a
    /// generation not in force on `date` (a pre-2025 code after 30 June 2025, or the reverse: the numbers
    /// changed meaning with the 2025 merger, Resolution 202/2025/QH15).
    pub fn in_force_in(
        &self,
        code: &ProcedureCode,
        date: Date,
        province: &AdminUnitCode,
    ) -> Result<Option<&Procedure>, CatalogueError> {
        let refuse = |problem| CatalogueError::NotAProvince {
            code: code.to_string(),
            date,
            unit: *province,
            problem,
        };
        if province.level() != AdminLevel::Province {
            return Err(refuse("not a province-level code"));
        }
        if !province.valid_on(date) {
            return Err(refuse(
                "its generation of codes is not in force on that date",
            ));
        }
        let Some(versions) = self.by_code.get(code) else {
            return Ok(None);
        };
        let provincial = versions
            .iter()
            .find(|p| p.province.as_ref() == Some(province) && p.in_force_on(date));
        Ok(provincial.or_else(|| self.in_force(code, date)))
    }

    /// The version named by a pin (code, first effective day and province).
    pub fn pinned(&self, pin: &PinnedProcedure) -> Option<&Procedure> {
        self.by_code
            .get(&pin.code)?
            .iter()
            .find(|p| p.effective_from == pin.effective_from && p.province == pin.province)
    }

    /// All versions of `code`, national and provincial, oldest first.
    pub fn versions(&self, code: &ProcedureCode) -> &[Procedure] {
        self.by_code.get(code).map_or(&[], Vec::as_slice)
    }

    /// Every version, by code then date.
    pub fn iter(&self) -> impl Iterator<Item = &Procedure> {
        self.by_code.values().flatten()
    }

    /// Reads a catalogue from JSON: `{"procedures": [ ... ]}`.
    ///
    /// # Errors
    /// [`CatalogueError::Json`] for malformed JSON, a NUL character in a string included
    /// ([`crate::json::refuse_nul`]); the others for an entry that breaks a rule.
    pub fn from_json(json: &str) -> Result<Self, CatalogueError> {
        crate::json::refuse_nul(json.as_bytes()).map_err(|e| CatalogueError::Json {
            line: e.line,
            column: e.column,
            message: e.to_string(),
        })?;
        let file: CatalogueFile = serde_json::from_str(json).map_err(|e| CatalogueError::Json {
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
        let mut catalogue = Catalogue::new();
        // `insert` numbers an entry by the count so far, which is its index in the file.
        for procedure in file.procedures {
            catalogue.insert(procedure)?;
        }
        Ok(catalogue)
    }

    /// Writes the catalogue as pretty JSON, in the format [`Catalogue::from_json`] reads.
    pub fn to_json(&self) -> String {
        let file = CatalogueFile {
            procedures: self.iter().cloned().collect(),
        };
        // Serialising plain data with string keys cannot fail.
        serde_json::to_string_pretty(&file).unwrap_or_default()
    }
}
