//! When a complaint about one dossier may be filed, and by when it must be resolved.

use jiff::Timestamp;
use jiff::civil::Date;

use super::ComplaintError;
use crate::Dossier;
use crate::calendar::WorkCalendar;
use crate::deadline::dossier::{DeadlineOptions, dossier_deadlines};
use crate::deadline::postal::{complaint_filing_deadline, complaint_resolution_due};
use crate::deadline::{DeadlineError, Rule};
use crate::event::EventType;
use crate::machine::{LegRule, rules};
use crate::time::vietnam_date;

/// A complaint's deadlines, fixed when it is received.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FilingTerms {
    /// The day the carriage time ended ([`carriage_end`]).
    pub carriage_end: Date,
    /// The last day to file: 6 months later (Circular 17/2017/TT-BTTTT Art 8(1)(a)).
    pub filing_deadline: Date,
    /// Whether the service crossed a province boundary.
    pub inter_province: bool,
    /// The last day to resolve it: 5 working days after receipt, 7 between provinces (Art 8(1)(b)).
    pub resolution_due: Date,
}

/// The day the carriage time (thời gian toàn trình) of the dossier's latest carriage leg ends, from which
/// the 6 months to complain run (Circular 17/2017/TT-BTTTT Art 8(1)(a)): the result's carriage once the post
/// has taken the result, else the dossier's.
///
/// With the leg's route in `options`, the end is the leg's statutory limit, J + n working days
/// (Art 7(2)), however early or late the item arrived. Without it the limit cannot be computed, and the
/// library reads the end as the day the post last acted on the dossier (its last postal-leg event), which
/// never closes the window before the citizen could know of a problem. `None` before the post has taken
/// part at all.
///
/// # Errors
/// [`DeadlineError`] for dates outside the calendar's range.
pub fn carriage_end(
    dossier: &Dossier,
    cal: &WorkCalendar,
    options: &DeadlineOptions,
) -> Result<Option<Date>, DeadlineError> {
    let (route, rule) = latest_leg(dossier, options);
    if route.is_some() {
        let deadlines = dossier_deadlines(dossier, cal, options)?;
        if let Some(d) = deadlines.deadlines.iter().rev().find(|d| d.rule == rule) {
            return Ok(Some(d.due));
        }
    }
    Ok(dossier
        .history()
        .iter()
        .rev()
        .find(|e| moves_postal_leg(e.kind.event_type()))
        .map(|e| vietnam_date(e.at)))
}

/// The deadlines of a complaint about `dossier` received at `filed_at`, or its refusal when the window to
/// file it has closed (Circular 17/2017/TT-BTTTT Art 8(1)(a)).
///
/// Whether the service crossed a province boundary comes from the latest leg's route in `options`; without
/// a route the library takes the province's own limit, 5 working days, the shorter of the two (Art 8(1)(b)).
///
/// # Errors
/// [`ComplaintError::FilingWindowClosed`] with the carriage end and the deadline;
/// [`ComplaintError::NoCarriage`] before the post has taken part; [`ComplaintError::Deadline`] for dates
/// outside the calendar's range.
pub fn filing_terms(
    dossier: &Dossier,
    cal: &WorkCalendar,
    options: &DeadlineOptions,
    filed_at: Timestamp,
) -> Result<FilingTerms, ComplaintError> {
    let end = carriage_end(dossier, cal, options)?.ok_or(ComplaintError::NoCarriage)?;
    let filing_deadline = complaint_filing_deadline(cal, end)?;
    let filed = vietnam_date(filed_at);
    if filed > filing_deadline {
        return Err(ComplaintError::FilingWindowClosed {
            carriage_end: end,
            deadline: filing_deadline,
            filed,
        });
    }
    let inter_province = latest_leg(dossier, options)
        .0
        .is_some_and(|r| r.is_inter_province());
    Ok(FilingTerms {
        carriage_end: end,
        filing_deadline,
        inter_province,
        resolution_due: complaint_resolution_due(cal, filed, inter_province)?,
    })
}

/// The route and deadline rule of the dossier's latest carriage leg.
fn latest_leg(
    dossier: &Dossier,
    options: &DeadlineOptions,
) -> (Option<crate::deadline::postal::CarriageRoute>, Rule) {
    let result_taken = dossier
        .history()
        .iter()
        .any(|e| e.kind.event_type() == EventType::ResultCollected);
    if result_taken {
        (options.to_recipient, Rule::CarriageToRecipient)
    } else {
        (options.to_agency, Rule::CarriageToAgency)
    }
}

/// Whether events of this type move the postal leg (the transition table says so), the opening excepted.
fn moves_postal_leg(t: EventType) -> bool {
    t != EventType::Opened
        && rules(t)
            .iter()
            .any(|r| matches!(r.postal, LegRule::Moves { .. }))
}
