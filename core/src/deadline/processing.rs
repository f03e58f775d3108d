//! The agency's processing deadline, the supplement request window and the one allowed extension.

use jiff::Timestamp;
use jiff::civil::Date;

use super::DeadlineError;
use crate::calendar::WorkCalendar;
use crate::procedure::{Channel, DayKind, TimeLimit};

/// Working days within which the agency may ask for a supplement (Decree 61/2018/NĐ-CP Art 19).
pub const SUPPLEMENT_REQUEST_WORKING_DAYS: i64 = 3;

/// The day from which a dossier received at `at` on `channel` is counted: paper dossiers (in person, by
/// post) received at or after the 15:00 cut-off, and any dossier received after hours or on a day off, count
/// from the next working day (Decree 61/2018/NĐ-CP Art 18).
///
/// # Errors
/// [`DeadlineError::Calendar`] outside 1900–2100.
pub fn reception_day(
    cal: &WorkCalendar,
    at: Timestamp,
    channel: Channel,
) -> Result<Date, DeadlineError> {
    let paper = !matches!(channel, Channel::Online);
    Ok(cal.intake_day_of(at, paper)?)
}

/// The last day of a period of `days` working or calendar days starting after `start`.
///
/// The first day is not counted (Civil Code 2015 Art 147(1)): 5 working days from a Monday end on the next
/// Monday. A period of calendar days that ends on a weekend or holiday ends on the next working day
/// (Civil Code 2015 Art 148(5)).
///
/// # Errors
/// [`DeadlineError::TimeLimitNotPositive`] for `days < 1`, [`DeadlineError::TimeLimitAbsurd`] beyond
/// [`TimeLimit::MAX_DAYS`], [`DeadlineError::Calendar`] outside 1900–2100.
pub fn period_end(
    cal: &WorkCalendar,
    start: Date,
    days: i64,
    kind: DayKind,
) -> Result<Date, DeadlineError> {
    if days < 1 {
        return Err(DeadlineError::TimeLimitNotPositive { days });
    }
    if days > i64::from(TimeLimit::MAX_DAYS) {
        return Err(DeadlineError::TimeLimitAbsurd {
            days,
            max: TimeLimit::MAX_DAYS,
        });
    }
    match kind {
        DayKind::Working => Ok(cal.add_working_days(start, days)?),
        DayKind::Calendar => {
            let end = start
                .checked_add(jiff::Span::new().days(days))
                .map_err(|_| crate::calendar::CalendarError::WorkingDaysOutOfRange {
                    from: start,
                    days,
                })?;
            Ok(cal.this_or_next_working_day(end)?)
        }
    }
}

/// The due date of a procedure's time limit (thời hạn giải quyết) for a dossier whose clock started at
/// `clock_start`: the filing time (Decision 45/2016/QĐ-TTg Art 7: for a dossier carried by post, the signing
/// of the handover record), or the arrival of the last supplement, since the clock then restarts from zero
/// (Decree 61/2018/NĐ-CP Art 19). Counted from the [`reception_day`] with [`period_end`].
///
/// # Errors
/// As [`period_end`].
pub fn processing_due(
    cal: &WorkCalendar,
    clock_start: Timestamp,
    limit: TimeLimit,
    channel: Channel,
) -> Result<Date, DeadlineError> {
    let start = reception_day(cal, clock_start, channel)?;
    period_end(cal, start, i64::from(limit.days), limit.kind)
}

/// The last day on which the agency may ask for a supplement: 3 working days after receiving the dossier
/// (Decree 61/2018/NĐ-CP Art 19).
///
/// # Errors
/// [`DeadlineError::Calendar`] outside 1900–2100.
pub fn supplement_request_deadline(
    cal: &WorkCalendar,
    received: Timestamp,
    channel: Channel,
) -> Result<Date, DeadlineError> {
    let start = reception_day(cal, received, channel)?;
    Ok(cal.add_working_days(start, SUPPLEMENT_REQUEST_WORKING_DAYS)?)
}

/// The last day the apology and new date (Phiếu xin lỗi và hẹn lại ngày trả kết quả) may be sent: 1 day
/// before the due date (Decree 61/2018/NĐ-CP Art 19).
///
/// # Errors
/// [`DeadlineError::Calendar`] when `due` is the first day of the range.
pub fn latest_apology_day(due: Date) -> Result<Date, DeadlineError> {
    due.yesterday().map_err(|_| {
        DeadlineError::Calendar(crate::calendar::CalendarError::SolarDateOutOfRange {
            date: due,
            min: crate::calendar::MIN_SOLAR,
            max: crate::calendar::MAX_SOLAR,
        })
    })
}

/// Check an extension (Decree 61/2018/NĐ-CP Art 19): allowed once, with the apology sent at least 1 day
/// before the due date, to a later date.
///
/// # Errors
/// [`DeadlineError::ExtensionAlreadyUsed`], [`DeadlineError::ApologyTooLate`],
/// [`DeadlineError::NewDateNotLater`].
pub fn check_extension(
    already_extended: bool,
    apology_at: Timestamp,
    due: Date,
    new_date: Date,
) -> Result<(), DeadlineError> {
    if already_extended {
        return Err(DeadlineError::ExtensionAlreadyUsed);
    }
    let apology = crate::time::vietnam_date(apology_at);
    let latest = latest_apology_day(due)?;
    if apology > latest {
        return Err(DeadlineError::ApologyTooLate {
            apology,
            due,
            latest,
        });
    }
    if new_date <= due {
        return Err(DeadlineError::NewDateNotLater { new_date, due });
    }
    Ok(())
}
