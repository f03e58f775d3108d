//! The due dates of a dossier's legs before it has any events, as `hoso due-date` prints them: every date
//! comes from the core's deadline functions (`hoso_core::deadline`), each with its rule and the citation
//! of the regime in force on the day of receipt, and the days off each leg skipped.

use hoso_core::calendar::{Holidays, WorkCalendar};
use hoso_core::deadline::postal::{CarriageRoute, carriage_due};
use hoso_core::deadline::{DeadlineError, Rule};
use hoso_core::procedure::{Channel, DayKind};
use hoso_core::regime::Regime;
use hoso_core::time::vietnam_date;
use hoso_core::{Catalogue, ProcedureCode};
use jiff::Timestamp;
use jiff::civil::{Date, Weekday};
use serde::Serialize;

/// What the due dates are asked for.
#[derive(Debug, Clone)]
pub struct DueDateQuery {
    /// The procedure (mã thủ tục hành chính).
    pub procedure: ProcedureCode,
    /// When the agency received the dossier: for a dossier sent by post, the signing of the handover record
    /// (Decision 45/2016/QĐ-TTg Art 7).
    pub received: Timestamp,
    /// The channel it came by.
    pub channel: Channel,
    /// The date on the sending slip (phiếu gửi, J) when the post carried the dossier to the agency.
    pub posted: Option<Date>,
    /// The route of the carriage to the agency.
    pub route: Option<CarriageRoute>,
    /// The route of the result back to the applicant; no return leg without one.
    pub return_route: Option<CarriageRoute>,
    /// Whether the post also delivers the appointment slip (doubles the carriage limits, Art 7(2)(a)).
    pub delivers_appointment_slip: bool,
}

/// A day a leg did not count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkippedDay {
    /// The date.
    pub date: Date,
    /// Why, in English (`weekend`, or the holiday's name).
    pub en: String,
    /// Why, in Vietnamese.
    pub vi: String,
}

/// One leg's due date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Leg {
    /// The rule it comes from.
    pub rule: Rule,
    /// The legal text and article, under the regime of the day of receipt.
    pub citation: String,
    /// The day counting starts after (not counted itself).
    pub from: Date,
    /// How many days the rule gives.
    pub days: i64,
    /// Working or calendar days.
    pub day_kind: DayKind,
    /// The last day.
    pub due: Date,
    /// The days off between `from` and `due` that were not counted.
    pub skipped: Vec<SkippedDay>,
}

/// The due dates of every leg.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DueDates {
    /// The procedure.
    pub procedure: ProcedureCode,
    /// Its name in Vietnamese.
    pub name_vi: String,
    /// Its name in English.
    pub name_en: String,
    /// The regime in force on the day of receipt.
    pub regime: &'static str,
    /// The day the processing time limit counts from (after the paper cut-off or a day off, the next
    /// working day).
    pub reception_day: Date,
    /// The legs, in the order the dossier goes through them.
    pub legs: Vec<Leg>,
}

/// Why the due dates could not be computed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DueDateError {
    /// No version of the procedure is in force on the day of receipt.
    #[error("procedure {code} is not in the catalogue on {date}")]
    UnknownProcedure {
        /// The procedure.
        code: ProcedureCode,
        /// The day of receipt.
        date: Date,
    },
    /// The procedure is not offered on that channel.
    #[error("procedure {code} is not offered on the {channel:?} channel")]
    ChannelNotOffered {
        /// The procedure.
        code: ProcedureCode,
        /// The channel.
        channel: Channel,
    },
    /// A carriage route is needed for a dossier posted to the agency.
    #[error("--posted needs --route: the carriage limit depends on the route")]
    RouteMissing,
    /// The calendar refused (a date outside 1900–2100).
    #[error(transparent)]
    Deadline(#[from] DeadlineError),
}

/// The due dates of `query` on `cal`, with the names of the days off from `holidays`.
///
/// ```
/// use hoso_cli::due::{DueDateQuery, due_dates};
/// use hoso_core::calendar::{Holidays, WorkCalendar};
/// use hoso_core::deadline::Rule;
/// use hoso_core::procedure::Channel;
///
/// let query = DueDateQuery {
///     procedure: "1.002820".parse()?,
///     received: "2026-08-28T16:10:00+07:00".parse()?,
///     channel: Channel::Postal,
///     posted: None,
///     route: None,
///     return_route: None,
///     delivers_appointment_slip: false,
/// };
/// let due = due_dates(&hoso_core::Catalogue::shipped()?, &WorkCalendar::vietnam(), &Holidays::vietnam(), &query)?;
/// // After the 15:00 cut-off on a Friday, then the weekend, a swapped day off and National Day: counted
/// // from Thursday 3 September.
/// assert_eq!(due.reception_day.to_string(), "2026-09-03");
/// let processing = due.legs.iter().find(|l| l.rule == Rule::ProcessingTimeLimit).unwrap();
/// assert!(processing.skipped.iter().any(|d| d.en.contains("National Day")));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`DueDateError`]: the procedure unknown on that day or not on that channel, a posted dossier without a
/// route, a date outside the calendar.
pub fn due_dates(
    catalogue: &Catalogue,
    cal: &WorkCalendar,
    holidays: &Holidays,
    query: &DueDateQuery,
) -> Result<DueDates, DueDateError> {
    let received_date = vietnam_date(query.received);
    let code = &query.procedure;
    let procedure =
        catalogue
            .in_force(code, received_date)
            .ok_or_else(|| DueDateError::UnknownProcedure {
                code: code.clone(),
                date: received_date,
            })?;
    let pinned = procedure
        .pin(query.channel)
        .ok_or_else(|| DueDateError::ChannelNotOffered {
            code: code.clone(),
            channel: query.channel,
        })?;
    let regime = Regime::for_received(received_date);
    let names = DayNames { cal, holidays };
    let mut legs = Vec::new();
    let carriage = |rule: Rule, from: Date, route: CarriageRoute| -> Result<Leg, DueDateError> {
        let due = carriage_due(cal, from, route, query.delivers_appointment_slip)?;
        let days = if query.delivers_appointment_slip {
            route.working_days_with_slip()
        } else {
            route.working_days()
        };
        Ok(Leg {
            rule,
            citation: rule.citation_under(regime),
            from,
            days,
            day_kind: DayKind::Working,
            due,
            skipped: names.skipped(from, due)?,
        })
    };
    if let Some(posted) = query.posted {
        let route = query.route.ok_or(DueDateError::RouteMissing)?;
        legs.push(carriage(Rule::CarriageToAgency, posted, route)?);
    }
    let reception_day = regime.reception_day(cal, query.received, query.channel)?;
    let window = regime.supplement_request_deadline_for(
        cal,
        query.received,
        query.channel,
        pinned.supplement_request_working_days,
    )?;
    let rule = Rule::SupplementRequestWindow;
    legs.push(Leg {
        rule,
        citation: rule.citation_under(regime),
        from: reception_day,
        days: pinned
            .supplement_request_working_days
            .map_or(regime.supplement_request_working_days, i64::from),
        day_kind: DayKind::Working,
        due: window,
        skipped: names.skipped(received_date, window)?,
    });
    let limit = pinned.time_limit;
    let due = regime.processing_due(cal, query.received, limit, query.channel)?;
    let rule = Rule::ProcessingTimeLimit;
    legs.push(Leg {
        rule,
        citation: rule.citation_under(regime),
        from: reception_day,
        days: i64::from(limit.days),
        day_kind: limit.kind,
        due,
        skipped: names.skipped(received_date, due)?,
    });
    if let Some(route) = query.return_route {
        // At the latest, the result is handed to the post on the processing due date.
        legs.push(carriage(Rule::CarriageToRecipient, due, route)?);
    }
    Ok(DueDates {
        procedure: code.clone(),
        name_vi: procedure.name_vi.clone(),
        name_en: procedure.name_en.clone(),
        regime: regime.name,
        reception_day,
        legs,
    })
}

struct DayNames<'a> {
    cal: &'a WorkCalendar,
    holidays: &'a Holidays,
}

impl DayNames<'_> {
    /// The days off after `from` up to and including `to`, each with its reason.
    fn skipped(&self, from: Date, to: Date) -> Result<Vec<SkippedDay>, DeadlineError> {
        let mut days = Vec::new();
        let mut d = from;
        while d < to {
            d = d.tomorrow().map_err(|_| {
                DeadlineError::Calendar(hoso_core::calendar::CalendarError::SolarDateOutOfRange {
                    date: d,
                    min: hoso_core::calendar::MIN_SOLAR,
                    max: hoso_core::calendar::MAX_SOLAR,
                })
            })?;
            if !self.cal.is_working_day(d)? {
                days.push(self.reason(d));
            }
        }
        Ok(days)
    }

    fn reason(&self, date: Date) -> SkippedDay {
        let named = self
            .holidays
            .schedule(date.year())
            .ok()
            .and_then(|s| s.days_off.into_iter().find(|o| o.date == date));
        match named {
            Some(off) => SkippedDay {
                date,
                en: off.name_en,
                vi: off.name_vi,
            },
            None if matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday) => SkippedDay {
                date,
                en: "weekend".into(),
                vi: "nghỉ cuối tuần".into(),
            },
            None => SkippedDay {
                date,
                en: "day off".into(),
                vi: "ngày nghỉ".into(),
            },
        }
    }
}
