//! When things happen in the simulated day: intake, filing at the agency, the supplement's arrival.

use hoso_core::calendar::WorkCalendar;
use hoso_core::time::{from_vietnam, vietnam_date};
use jiff::Timestamp;
use jiff::civil::{Date, Time};

use super::error::{DayError, calendar_error};
use super::plan::{Intake, PlannedDossier};

/// An instant on a Vietnam civil date at hh:mm.
pub fn at_time(day: Date, hour: i8, minute: i8) -> Result<Timestamp, DayError> {
    from_vietnam(day.to_datetime(Time::constant(hour, minute, 0, 0))).map_err(calendar_error)
}

/// When the post takes a dossier: at the counter 5 minutes after it is opened, at the address 90 minutes after
/// the pickup request.
pub fn sealing_time(p: &PlannedDossier) -> Result<Timestamp, DayError> {
    let minutes = if p.intake == Intake::Pickup { 90 } else { 5 };
    p.opened_at
        .saturating_add(jiff::SignedDuration::from_mins(minutes))
        .map_err(calendar_error)
}

/// The legal filing time of a planned dossier (Decision 45/2016/QĐ-TTg Art 7): for a dossier sent by post,
/// the handover at the agency, 08:30 on the last day of carriage (J + n working days from the sending slip,
/// Circular 17/2017/TT-BTTTT Art 7); for one filed at the desk, its opening.
pub fn filing_time(cal: &WorkCalendar, p: &PlannedDossier) -> Result<Timestamp, DayError> {
    if !p.header.postal_form.sends_dossier() {
        return Ok(p.opened_at);
    }
    let slip_day = vietnam_date(sealing_time(p)?);
    let day = cal
        .add_working_days(slip_day, p.route.working_days())
        .map_err(calendar_error)?;
    at_time(day, 8, 30)
}

/// When the applicant's supplement reaches the desk: 2 working days after the request, at 09:00.
pub fn supplement_arrival(cal: &WorkCalendar, requested: Timestamp) -> Result<Timestamp, DayError> {
    let day = cal
        .add_working_days(vietnam_date(requested), 2)
        .map_err(calendar_error)?;
    at_time(day, 9, 0)
}
