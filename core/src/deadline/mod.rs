//! Statutory deadlines: one rule in one place, each cited.
//!
//! The arithmetic takes plain values (an instant, a time limit, a route, a [`WorkCalendar`]) so it can be
//! used without a dossier:
//!
//! - [`processing`]: the due date of a procedure's time limit from the filing time, the supplement request
//!   window, the one allowed extension;
//! - [`postal`]: carriage limits by route, delivery invitations, complaints;
//! - [`dossier`]: every deadline of a [`Dossier`](crate::Dossier), computed from its pinned procedure and
//!   its events, with its status at an instant;
//! - [`summary`]: on-time rates over many dossiers, grouped by procedure, agency and province.
//!
//! Every deadline is a [`Deadline`]: a due date, the [`Rule`] it comes from, and when it was met. A due date
//! is a civil date in Vietnam; the deadline ends at the end of that day (Civil Code 2015 Art 148(1)).
//!
//! ```
//! use hoso_core::calendar::WorkCalendar;
//! use hoso_core::deadline::processing::processing_due;
//! use hoso_core::procedure::{Channel, TimeLimit};
//!
//! let cal = WorkCalendar::vietnam();
//! // Handover record signed on Thursday 12 February 2026 at 10:00 (Vietnam): 5 working days, across Tết.
//! let filed = "2026-02-12T03:00:00Z".parse()?;
//! let due = processing_due(&cal, filed, TimeLimit::working(5), Channel::Postal)?;
//! assert_eq!(due.to_string(), "2026-02-26");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod dossier;
pub mod postal;
pub mod processing;
pub mod summary;

use jiff::civil::Date;
use jiff::{Timestamp, ZonedDateTime};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::calendar::{CalendarError, WorkCalendar};
use crate::regime::{Provision, Regime};

/// The legal rule a deadline comes from.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Rule {
    /// The procedure's time limit, counted from the filing time (Decision 45/2016/QĐ-TTg Art 7: for a dossier
    /// sent by post, the signing of the handover record) or from the arrival of the last supplement
    /// (Decree 61/2018/NĐ-CP Art 19), the first day not counted (Civil Code 2015 Art 147(2)–(3)).
    ProcessingTimeLimit,
    /// The new date set by the one allowed extension (Decree 61/2018/NĐ-CP Art 19).
    ExtendedAppointment,
    /// A supplement may be requested only within 3 working days of receiving the dossier
    /// (Decree 61/2018/NĐ-CP Art 19).
    SupplementRequestWindow,
    /// The applicant is told once, completely, what the dossier lacks: a second supplement request breaks it
    /// (Decree 61/2018/NĐ-CP Art 15(3)).
    GuidanceOnce,
    /// The apology and new date must reach the applicant at least 1 day before the due date
    /// (Decree 61/2018/NĐ-CP Art 19).
    ApologyBeforeDueDate,
    /// Carriage of the dossier from the sending slip's date to the agency, J+1 to J+4 working days by route,
    /// doubled when the post also delivers the appointment slip (Circular 17/2017/TT-BTTTT Art 7).
    CarriageToAgency,
    /// Carriage of the result to the recipient, same limits (Circular 17/2017/TT-BTTTT Art 7).
    CarriageToRecipient,
    /// At least 2 delivery invitations, 2 working days apart, before the result goes back to the agency
    /// (Circular 17/2017/TT-BTTTT Art 5).
    DeliveryInvitations,
    /// A complaint may be filed up to 6 months after the end of the carriage period
    /// (Circular 17/2017/TT-BTTTT Art 8).
    ComplaintFiling,
    /// A complaint is resolved within 5 working days inside a province, 7 between provinces
    /// (Circular 17/2017/TT-BTTTT Art 8).
    ComplaintResolution,
}

impl Rule {
    /// The legal text and article under the rules of Decree 61/2018/NĐ-CP, for display and reports; for a
    /// dossier, [`citation_under`](Self::citation_under) its own regime
    /// ([`DossierDeadlines::citation`](dossier::DossierDeadlines::citation)).
    pub fn citation(self) -> &'static str {
        match self {
            Rule::ProcessingTimeLimit => {
                "Decision 45/2016/QĐ-TTg Art 7(4); Decree 61/2018/NĐ-CP Art 19; Civil Code 2015 Art 147(2)–(3)"
            }
            Rule::ExtendedAppointment
            | Rule::SupplementRequestWindow
            | Rule::ApologyBeforeDueDate => "Decree 61/2018/NĐ-CP Art 19",
            Rule::GuidanceOnce => "Decree 61/2018/NĐ-CP Art 15(3)",
            Rule::CarriageToAgency | Rule::CarriageToRecipient => "Circular 17/2017/TT-BTTTT Art 7",
            Rule::DeliveryInvitations => "Circular 17/2017/TT-BTTTT Art 5",
            Rule::ComplaintFiling | Rule::ComplaintResolution => "Circular 17/2017/TT-BTTTT Art 8",
        }
    }
}

impl Rule {
    /// The statutory provision of a [`Regime`] a rule rests on; `None` for the post's own rules (Circular
    /// 17/2017/TT-BTTTT), which no regime changes.
    pub fn provision(self) -> Option<Provision> {
        match self {
            Rule::ProcessingTimeLimit => Some(Provision::ClockRestart),
            Rule::ExtendedAppointment => Some(Provision::SingleExtension),
            Rule::SupplementRequestWindow => Some(Provision::SupplementWindow),
            Rule::ApologyBeforeDueDate => Some(Provision::ApologyBeforeDueDate),
            Rule::GuidanceOnce => Some(Provision::GuidanceOnce),
            Rule::CarriageToAgency
            | Rule::CarriageToRecipient
            | Rule::DeliveryInvitations
            | Rule::ComplaintFiling
            | Rule::ComplaintResolution => None,
        }
    }

    /// The legal text and article of the rule under `regime`: its provision's
    /// [`Citation`](crate::regime::Citation), with the filing rule and the first-day rule for the processing time limit.
    ///
    /// ```
    /// use hoso_core::deadline::Rule;
    /// use hoso_core::regime::Regime;
    ///
    /// let old = Rule::SupplementRequestWindow.citation_under(&Regime::DECREE_61_2018);
    /// let new = Rule::SupplementRequestWindow.citation_under(&Regime::DECREE_118_2025);
    /// assert!(old.starts_with("Decree 61/2018/NĐ-CP Art 19"));
    /// assert!(new.starts_with("Decree 118/2025/NĐ-CP"));
    /// ```
    pub fn citation_under(self, regime: &Regime) -> String {
        match self.provision() {
            Some(p) => {
                let c = regime.citation(p);
                if self == Rule::ProcessingTimeLimit {
                    format!("Decision 45/2016/QĐ-TTg Art 7(4); {c}; Civil Code 2015 Art 147(2)–(3)")
                } else {
                    c.to_string()
                }
            }
            None => self.citation().to_owned(),
        }
    }
}

/// A deadline: what must happen by the end of `due`, under which rule, and when it happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Deadline {
    /// The rule it comes from.
    pub rule: Rule,
    /// The last day (Vietnam civil date); the deadline ends at the end of it.
    #[schemars(schema_with = "crate::time::date_schema")]
    pub due: Date,
    /// When the obligation was met, if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "crate::time::option_timestamp_schema")]
    pub met_at: Option<Timestamp>,
}

/// Where a deadline stands at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum DeadlineStatus {
    /// Met on or before the due date.
    Met,
    /// Met, but after the due date, by this many calendar days.
    MetLate {
        /// Calendar days late.
        days_late: i64,
    },
    /// Not met yet, more than the margin away.
    Pending {
        /// Working days left after today up to and including the due date.
        working_days_left: i64,
    },
    /// Not met yet, due within the margin (today counts).
    DueSoon {
        /// Working days left after today up to and including the due date (0: due today).
        working_days_left: i64,
    },
    /// Not met and the due date has passed.
    Missed {
        /// Calendar days past the due date.
        days_overdue: i64,
    },
}

impl DeadlineStatus {
    /// Whether the deadline was or will still be kept (met on time, pending or due soon).
    pub fn is_on_time(self) -> bool {
        matches!(
            self,
            DeadlineStatus::Met | DeadlineStatus::Pending { .. } | DeadlineStatus::DueSoon { .. }
        )
    }
}

impl Deadline {
    /// Where this deadline stands at `now`: a met deadline is on time if met by the end of the due date
    /// (Vietnam time); an unmet one is missed after it, due soon when at most `margin_working_days`
    /// working days are left.
    ///
    /// # Errors
    /// [`DeadlineError::Calendar`] for dates outside 1900–2100.
    pub fn status_at(
        &self,
        cal: &WorkCalendar,
        now: Timestamp,
        margin_working_days: u16,
    ) -> Result<DeadlineStatus, DeadlineError> {
        if let Some(met) = self.met_at {
            let day = crate::time::vietnam_date(met);
            return Ok(if day <= self.due {
                DeadlineStatus::Met
            } else {
                DeadlineStatus::MetLate {
                    days_late: calendar_days(self.due, day)?,
                }
            });
        }
        let today = crate::time::vietnam_date(now);
        if today > self.due {
            return Ok(DeadlineStatus::Missed {
                days_overdue: calendar_days(self.due, today)?,
            });
        }
        let left = cal.working_days_between(today, self.due)?;
        Ok(if left <= i64::from(margin_working_days) {
            DeadlineStatus::DueSoon {
                working_days_left: left,
            }
        } else {
            DeadlineStatus::Pending {
                working_days_left: left,
            }
        })
    }
}

fn calendar_days(from: Date, to: Date) -> Result<i64, DeadlineError> {
    let span = from
        .until((jiff::Unit::Day, to))
        .map_err(|_| DeadlineError::Calendar(out_of_range(to)))?;
    Ok(i64::from(span.get_days()))
}

fn out_of_range(date: Date) -> CalendarError {
    CalendarError::SolarDateOutOfRange {
        date,
        min: crate::calendar::MIN_SOLAR,
        max: crate::calendar::MAX_SOLAR,
    }
}

/// Bad input to a deadline computation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DeadlineError {
    /// A date outside the calendar's range (1900–2100), or a working-day count running past it.
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    /// A time limit of zero or fewer days.
    #[error("time limit of {days} days: it must be at least 1 day")]
    TimeLimitNotPositive {
        /// The offending number of days.
        days: i64,
    },
    /// A time limit longer than any procedure has.
    #[error("time limit of {days} days exceeds the maximum of {max} days")]
    TimeLimitAbsurd {
        /// The offending number of days.
        days: i64,
        /// The maximum accepted.
        max: u16,
    },
    /// A time given in a time zone other than Vietnam's (UTC+7).
    #[error("time {time} is not in Vietnam's time zone (UTC+07:00)")]
    NotVietnamTime {
        /// The offending time, as written.
        time: String,
    },
    /// A second supplement request: the applicant must be told once, completely, what the dossier lacks
    /// (Decree 61/2018/NĐ-CP Art 15(3)).
    #[error(
        "a supplement was already requested on {first}; the applicant must be guided once, completely"
    )]
    SupplementAlreadyRequested {
        /// The day of the first request (Vietnam).
        first: Date,
    },
    /// A second extension: an agency may reset the date only once (Decree 61/2018/NĐ-CP Art 19).
    #[error("the appointment was already extended once; a second extension is not allowed")]
    ExtensionAlreadyUsed,
    /// The apology came later than 1 day before the due date (Decree 61/2018/NĐ-CP Art 19).
    #[error("apology dated {apology} is too late for due date {due}: it must be sent by {latest}")]
    ApologyTooLate {
        /// The apology's date (Vietnam).
        apology: Date,
        /// The due date it extends.
        due: Date,
        /// The last day it could have been sent.
        latest: Date,
    },
    /// A new appointment that is not after the current due date.
    #[error("new appointment {new_date} is not after the due date {due}")]
    NewDateNotLater {
        /// The proposed new date.
        new_date: Date,
        /// The due date.
        due: Date,
    },
    /// Delivery invitations closer than the rule allows (Circular 17/2017/TT-BTTTT Art 5).
    #[error(
        "delivery invitation on {second} is too soon after the one on {first}: not before {earliest}"
    )]
    InvitationsTooClose {
        /// The earlier invitation's date.
        first: Date,
        /// The later invitation's date.
        second: Date,
        /// The earliest allowed date for the later one.
        earliest: Date,
    },
    /// The result went back to the agency before 2 invitations were made (Circular 17/2017/TT-BTTTT Art 5).
    #[error(
        "result returned to the agency after {attempts} delivery invitation(s); at least 2 are required"
    )]
    ReturnedTooEarly {
        /// Invitations made.
        attempts: usize,
    },
}

/// The instant of a time written with its zone, refusing any offset other than Vietnam's +07:00.
///
/// ```
/// use hoso_core::deadline::vietnam_instant;
///
/// let ok: jiff::ZonedDateTime = "2026-03-02T15:30:00+07:00[+07:00]".parse()?;
/// assert!(vietnam_instant(&ok).is_ok());
/// let paris: jiff::ZonedDateTime = "2026-03-02T15:30:00+01:00[Europe/Paris]".parse()?;
/// assert!(vietnam_instant(&paris).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`DeadlineError::NotVietnamTime`] for any other offset.
pub fn vietnam_instant(time: &ZonedDateTime) -> Result<Timestamp, DeadlineError> {
    if time.offset() != crate::time::VIETNAM_OFFSET {
        return Err(DeadlineError::NotVietnamTime {
            time: time.to_string(),
        });
    }
    Ok(time.timestamp())
}

#[cfg(test)]
mod tests;
