//! The Vietnamese calendar as the law counts it: lunar dates, public holidays, working days and hours.
//!
//! - [`LunarDate`]: the Vietnamese lunar calendar (UTC+7 meridian), 1900–2100.
//! - [`HolidaySchedule`]: one year's days off and swapped working days, as data: the official schedules of
//!   2024–2026 are shipped, users load and override their own, and a default computed from the Labour Code
//!   2019 Art 112 fills the years nobody has published ([`Holidays`]).
//! - [`WorkCalendar`]: working days (Monday–Friday minus days off, plus swapped working Saturdays) and working
//!   hours (shifts and the 15:00 cut-off of Decree 61/2018/NĐ-CP Art 18).
//!
//! The file format and the rules are described in `docs/calendar.md`.
//!
//! ```
//! use hoso_core::calendar::WorkCalendar;
//! use jiff::civil::date;
//!
//! let cal = WorkCalendar::vietnam();
//! // Tết Bính Ngọ 2026: officially off from Monday 16 to Friday 20 February.
//! assert!(!cal.is_working_day(date(2026, 2, 18))?);
//! assert_eq!(cal.add_working_days(date(2026, 2, 13), 1)?, date(2026, 2, 23));
//! # Ok::<(), hoso_core::calendar::CalendarError>(())
//! ```

mod jdn;
mod lunar;
mod schedule;
mod work;

pub use lunar::{LunarDate, MAX_SOLAR, MIN_SOLAR};
pub use schedule::{
    DayOff, DayOffKind, HolidaySchedule, Holidays, Reference, ScheduleError, ScheduleSource,
    WorkingDaySwap,
};
pub use work::{Shift, WorkCalendar, WorkingHours};

use jiff::civil::Date;

/// Errors of calendar arithmetic: a value outside what the calendar supports.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CalendarError {
    /// A solar date outside the supported range.
    #[error("solar date {date} is outside the supported range {min}..={max}")]
    SolarDateOutOfRange {
        /// The offending date.
        date: Date,
        /// First supported date.
        min: Date,
        /// Last supported date.
        max: Date,
    },
    /// A lunar year outside the supported range.
    #[error("lunar year {year} is outside the supported range 1900..=2100")]
    LunarYearOutOfRange {
        /// The offending year.
        year: i32,
    },
    /// A lunar month number outside 1–12.
    #[error("lunar month {month} is not between 1 and 12")]
    InvalidLunarMonth {
        /// The offending month.
        month: u32,
    },
    /// A leap flag on a month that is not the year's leap month.
    #[error("lunar year {year} has no leap month {month} (its leap month: {leap_month:?})")]
    NotALeapMonth {
        /// The lunar year.
        year: i32,
        /// The month wrongly flagged as leap.
        month: u32,
        /// The year's actual leap month, if any.
        leap_month: Option<u32>,
    },
    /// A day past the end of the lunar month (or 0).
    #[error(
        "lunar day {day} does not exist in month {month}{} of {year}, which has {month_length} days",
        if *leap { " (leap)" } else { "" }
    )]
    InvalidLunarDay {
        /// The lunar year.
        year: i32,
        /// The lunar month.
        month: u32,
        /// Whether the month is the leap month.
        leap: bool,
        /// The offending day.
        day: u32,
        /// The month's length (29 or 30).
        month_length: u32,
    },
    /// A working-day count too large for the supported range.
    #[error("{days} working days from {from} runs past the supported range")]
    WorkingDaysOutOfRange {
        /// The start date.
        from: Date,
        /// The requested count.
        days: i64,
    },
    /// A shift that ends before it starts, or shifts that overlap or are out of order.
    #[error("invalid working hours: {reason}")]
    InvalidWorkingHours {
        /// What is wrong with them.
        reason: String,
    },
}
