//! What the day reports of each dossier's deadlines once it is driven: the deadlines missed or met late, the
//! rule breaches, and whether processing was on time as the service's statistics count it.

use hoso_core::Dossier;
use hoso_core::calendar::WorkCalendar;
use hoso_core::deadline::DeadlineStatus;
use hoso_core::deadline::dossier::{DeadlineOptions, dossier_deadlines};
use jiff::Timestamp;

use super::error::{DayError, calendar_error};
use super::plan::PlannedDossier;

/// The deadlines missed (each with its rule and citation) and whether processing was on time, at `now`.
pub(super) fn findings(
    d: &Dossier,
    cal: &WorkCalendar,
    p: &PlannedDossier,
    now: Timestamp,
) -> Result<(Vec<String>, Option<bool>), DayError> {
    let form = p.header.postal_form;
    let options = DeadlineOptions {
        to_agency: form.sends_dossier().then_some(p.route),
        to_recipient: form.returns_result().then_some(p.route),
        delivers_appointment_slip: false,
        appointment_notified_at: None,
    };
    let deadlines = dossier_deadlines(d, cal, &options).map_err(calendar_error)?;
    let mut missed = Vec::new();
    // As the service's statistics count it: against the first appointment, an apologised new date
    // notwithstanding (DossierDeadlines::reported_processing).
    let processed_on_time = match deadlines.reported_processing() {
        Some(p) if p.met_at.is_some() => Some(matches!(
            p.status_at(cal, now, 1).map_err(calendar_error)?,
            DeadlineStatus::Met
        )),
        _ => None,
    };
    for (deadline, status) in deadlines.statuses(cal, now, 1).map_err(calendar_error)? {
        let late = matches!(
            status,
            DeadlineStatus::Missed { .. } | DeadlineStatus::MetLate { .. }
        );
        if late {
            missed.push(format!(
                "{:?} due {} ({})",
                deadline.rule,
                deadline.due,
                deadlines.citation(deadline.rule)
            ));
        }
    }
    for b in &deadlines.breaches {
        missed.push(format!(
            "{:?}: {} ({})",
            b.rule,
            b.error,
            deadlines.citation(b.rule)
        ));
    }
    Ok((missed, processed_on_time))
}
