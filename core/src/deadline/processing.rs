//! The agency's processing deadline, the supplement request window and the one allowed extension.
//!
//! Each rule takes its numbers from a [`Regime`], the statutory rules in force on the day the dossier was
//! received: the methods of [`Regime`] below take it explicitly, and the free functions pick the regime of
//! the date of the instant they are given ([`Regime::for_received`]).

use jiff::Timestamp;
use jiff::civil::Date;

use super::DeadlineError;
use crate::calendar::WorkCalendar;
use crate::procedure::{Channel, DayKind, TimeLimit};
use crate::regime::Regime;
use crate::time::vietnam_date;

/// Working days within which the agency may ask for a supplement under the shipped regimes
/// ([`Regime::supplement_request_working_days`]; Decree 61/2018/NĐ-CP Art 19).
pub const SUPPLEMENT_REQUEST_WORKING_DAYS: i64 =
    Regime::DECREE_61_2018.supplement_request_working_days;

impl Regime {
    /// The day from which a dossier received at `at` on `channel` is counted: paper dossiers (in person, by
    /// post) received after the regime's cut-off ([`Regime::paper_cutoff`], 15:00; 15:00:00 itself is not
    /// after it), and any dossier
    /// received after hours or on a day off, count from the next working day (Decree 61/2018/NĐ-CP Art 18;
    /// see [`Provision::PaperCutoff`](crate::regime::Provision::PaperCutoff) for each regime's citation).
    ///
    /// # Errors
    /// [`DeadlineError::Calendar`] outside 1900–2100.
    pub fn reception_day(
        &self,
        cal: &WorkCalendar,
        at: Timestamp,
        channel: Channel,
    ) -> Result<Date, DeadlineError> {
        let cutoff = (!matches!(channel, Channel::Online)).then_some(self.paper_cutoff);
        Ok(cal.intake_day_with_cutoff(crate::time::to_vietnam(at), cutoff)?)
    }

    /// The due date of a procedure's time limit for a dossier whose clock started at `clock_start` (see
    /// [`processing_due`]), under this regime's cut-off.
    ///
    /// # Errors
    /// As [`period_end`].
    pub fn processing_due(
        &self,
        cal: &WorkCalendar,
        clock_start: Timestamp,
        limit: TimeLimit,
        channel: Channel,
    ) -> Result<Date, DeadlineError> {
        let start = self.reception_day(cal, clock_start, channel)?;
        period_end(cal, start, i64::from(limit.days), limit.kind)
    }

    /// The last day on which the agency may ask for a supplement: the regime's number of working days
    /// ([`Regime::supplement_request_working_days`], 3) after receiving the dossier.
    ///
    /// # Errors
    /// [`DeadlineError::Calendar`] outside 1900–2100.
    pub fn supplement_request_deadline(
        &self,
        cal: &WorkCalendar,
        received: Timestamp,
        channel: Channel,
    ) -> Result<Date, DeadlineError> {
        self.supplement_request_deadline_for(cal, received, channel, None)
    }

    /// [`supplement_request_deadline`](Self::supplement_request_deadline) with the procedure's own period
    /// when its law sets one (Decree 61/2018/NĐ-CP Art 19(4);
    /// [`PinnedProcedure::supplement_request_working_days`](crate::procedure::PinnedProcedure::supplement_request_working_days)),
    /// else the regime's.
    ///
    /// # Errors
    /// [`DeadlineError::Calendar`] outside 1900–2100.
    pub fn supplement_request_deadline_for(
        &self,
        cal: &WorkCalendar,
        received: Timestamp,
        channel: Channel,
        procedure_days: Option<u8>,
    ) -> Result<Date, DeadlineError> {
        let start = self.reception_day(cal, received, channel)?;
        let days = procedure_days.map_or(self.supplement_request_working_days, i64::from);
        Ok(cal.add_working_days(start, days)?)
    }

    /// The last day the apology and new date may be sent: the regime's number of days
    /// ([`Regime::apology_days_before_due`], 1) before the due date.
    ///
    /// # Errors
    /// [`DeadlineError::Calendar`] when that day is before the supported range.
    pub fn latest_apology_day(&self, due: Date) -> Result<Date, DeadlineError> {
        due.checked_sub(jiff::Span::new().days(self.apology_days_before_due))
            .ok()
            .filter(|d| *d >= crate::calendar::MIN_SOLAR)
            .ok_or(DeadlineError::Calendar(
                crate::calendar::CalendarError::SolarDateOutOfRange {
                    date: due,
                    min: crate::calendar::MIN_SOLAR,
                    max: crate::calendar::MAX_SOLAR,
                },
            ))
    }

    /// Check an extension under this regime: at most [`Regime::extensions_allowed`] (1), with the apology
    /// sent by [`latest_apology_day`](Self::latest_apology_day), to a later date.
    ///
    /// # Errors
    /// [`DeadlineError::ExtensionAlreadyUsed`], [`DeadlineError::ApologyTooLate`],
    /// [`DeadlineError::NewDateNotLater`].
    pub fn check_extension(
        &self,
        extensions_used: u8,
        apology_at: Timestamp,
        due: Date,
        new_date: Date,
    ) -> Result<(), DeadlineError> {
        if extensions_used >= self.extensions_allowed {
            return Err(DeadlineError::ExtensionAlreadyUsed);
        }
        let apology = vietnam_date(apology_at);
        let latest = self.latest_apology_day(due)?;
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
}

/// The day from which a dossier received at `at` on `channel` is counted, under the regime of the day it
/// was received ([`Regime::reception_day`]).
///
/// # Errors
/// [`DeadlineError::Calendar`] outside 1900–2100.
pub fn reception_day(
    cal: &WorkCalendar,
    at: Timestamp,
    channel: Channel,
) -> Result<Date, DeadlineError> {
    Regime::for_received(vietnam_date(at)).reception_day(cal, at, channel)
}

/// The last day of a period of `days` working or calendar days starting after `start`.
///
/// The first day is not counted (Civil Code 2015 Art 147(2)–(3): a period in days, or one that starts with an
/// event, counts from the next day): 5 working days from a Monday end on the next
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
/// (Decree 61/2018/NĐ-CP Art 19). Counted from the [`reception_day`] with [`period_end`], under the regime
/// of the date of `clock_start`; for a dossier whose supplement arrived under a later regime than the one it
/// was received under, use [`Regime::processing_due`] with the dossier's regime (as
/// [`dossier_deadlines`](super::dossier::dossier_deadlines) does).
///
/// # Errors
/// As [`period_end`].
pub fn processing_due(
    cal: &WorkCalendar,
    clock_start: Timestamp,
    limit: TimeLimit,
    channel: Channel,
) -> Result<Date, DeadlineError> {
    Regime::for_received(vietnam_date(clock_start)).processing_due(cal, clock_start, limit, channel)
}

/// The last day on which the agency may ask for a supplement: 3 working days after receiving the dossier
/// (Decree 61/2018/NĐ-CP Art 19), under the regime of the day it was received
/// ([`Regime::supplement_request_deadline`]).
///
/// # Errors
/// [`DeadlineError::Calendar`] outside 1900–2100.
pub fn supplement_request_deadline(
    cal: &WorkCalendar,
    received: Timestamp,
    channel: Channel,
) -> Result<Date, DeadlineError> {
    Regime::for_received(vietnam_date(received)).supplement_request_deadline(cal, received, channel)
}

/// The last day the apology and new date (Phiếu xin lỗi và hẹn lại ngày trả kết quả) may be sent: 1 day
/// before the due date (Decree 61/2018/NĐ-CP Art 19), under the regime in force on the due date; a dossier's
/// own regime is [`Regime::latest_apology_day`].
///
/// # Errors
/// [`DeadlineError::Calendar`] when `due` is the first day of the range.
pub fn latest_apology_day(due: Date) -> Result<Date, DeadlineError> {
    Regime::for_received(due).latest_apology_day(due)
}

/// Check an extension (Decree 61/2018/NĐ-CP Art 19): allowed once, with the apology sent at least 1 day
/// before the due date, to a later date; under the regime in force on the due date (a dossier's own regime
/// is [`Regime::check_extension`]).
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
    Regime::for_received(due).check_extension(u8::from(already_extended), apology_at, due, new_date)
}
