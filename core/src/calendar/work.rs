//! Working days and working hours.
//!
//! A working day is a Monday to Friday that is not a day off of the year's [`HolidaySchedule`], or a weekend
//! day the schedule makes a working day (a swapped Saturday). Public-sector offices rest on Saturday and
//! Sunday (Decision 188/1999/QĐ-TTg Art 1: the 40-hour week in 5 days, Saturday and Sunday off, for public
//! bodies; Labour Code 2019 Art 111 the weekly rest).
//!
//! Every day from 1900 to 2100 is classified once, when the calendar is built, into a table with a running
//! count of working days, so that [`WorkCalendar::add_working_days`] and
//! [`WorkCalendar::working_days_between`] are two table look-ups.

use std::sync::{Arc, LazyLock};

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time, time};
use serde::{Deserialize, Serialize};

use super::schedule::is_weekend;
use super::{CalendarError, HolidaySchedule, Holidays, jdn, lunar};

/// One shift of the working day (ca làm việc), `start` inclusive, `end` exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Shift {
    /// When the shift starts (e.g. 07:00).
    #[schemars(with = "String")]
    pub start: Time,
    /// When it ends (e.g. 11:30).
    #[schemars(with = "String")]
    pub end: Time,
}

/// The office's working hours and the daily cut-off for paper dossiers.
///
/// The defaults are those of one production one-stop system: 07:00–11:30 and 13:30–17:00 (8 hours), with the
/// 15:00 cut-off after which a paper dossier goes to the agency on the next working day
/// (Decree 61/2018/NĐ-CP Art 18).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct WorkingHours {
    /// Shifts in order, not overlapping.
    pub shifts: Vec<Shift>,
    /// Paper dossiers received after this time count from the next working day.
    #[schemars(with = "String")]
    pub paper_cutoff: Time,
}

impl Default for WorkingHours {
    fn default() -> Self {
        WorkingHours {
            shifts: vec![
                Shift {
                    start: time(7, 0, 0, 0),
                    end: time(11, 30, 0, 0),
                },
                Shift {
                    start: time(13, 30, 0, 0),
                    end: time(17, 0, 0, 0),
                },
            ],
            paper_cutoff: time(15, 0, 0, 0),
        }
    }
}

impl WorkingHours {
    /// Working hours from shifts and a paper cut-off, checked.
    ///
    /// # Errors
    /// [`CalendarError::InvalidWorkingHours`] when there is no shift, a shift ends before it starts, or
    /// shifts overlap or are out of order.
    pub fn new(shifts: Vec<Shift>, paper_cutoff: Time) -> Result<WorkingHours, CalendarError> {
        if shifts.is_empty() {
            return Err(CalendarError::InvalidWorkingHours {
                reason: "no shift".into(),
            });
        }
        for (i, s) in shifts.iter().enumerate() {
            if s.end <= s.start {
                return Err(CalendarError::InvalidWorkingHours {
                    reason: format!(
                        "shift {i} ends at {} before it starts at {}",
                        s.end, s.start
                    ),
                });
            }
            if let Some(prev) = i.checked_sub(1).and_then(|p| shifts.get(p))
                && s.start < prev.end
            {
                return Err(CalendarError::InvalidWorkingHours {
                    reason: format!(
                        "shift {i} starts at {} before shift {} ends",
                        s.start,
                        i - 1
                    ),
                });
            }
        }
        Ok(WorkingHours {
            shifts,
            paper_cutoff,
        })
    }

    fn first_start(&self) -> Time {
        self.shifts.first().map_or(Time::midnight(), |s| s.start)
    }

    fn last_end(&self) -> Time {
        self.shifts.last().map_or(Time::midnight(), |s| s.end)
    }

    /// Whether a time of day falls inside a shift.
    pub fn is_working_time(&self, t: Time) -> bool {
        self.shifts.iter().any(|s| s.start <= t && t < s.end)
    }
}

/// Which days are worked, day by day, 1900–2100.
#[derive(Debug, PartialEq, Eq)]
struct DayTable {
    /// Julian day number of 1900-01-01.
    base: i32,
    /// `counts[i]` = working days among the first `i` days of the table (so `counts.len()` = days + 1).
    counts: Vec<u32>,
    /// `nth[k]` = day index of the (k+1)-th working day.
    nth: Vec<u32>,
}

impl DayTable {
    fn build(holidays: &Holidays) -> DayTable {
        let base = jdn::from_date(lunar::MIN_SOLAR);
        let last = jdn::from_date(lunar::MAX_SOLAR);
        let days = usize::try_from(last - base + 1).unwrap_or(0);
        let mut working = vec![false; days];
        for year in lunar::MIN_SOLAR.year()..=lunar::MAX_SOLAR.year() {
            let schedule = holidays
                .schedule(year)
                .or_else(|_| HolidaySchedule::computed(year));
            let first = jdn::from_date(jiff::civil::date(year, 1, 1)) - base;
            let next = jdn::from_date(jiff::civil::date(year, 12, 31)) - base + 1;
            for i in first..next {
                let d = jdn::to_date(base + i);
                if let (Some(slot), Some(d)) = (working.get_mut(i as usize), d) {
                    *slot = !is_weekend(d);
                }
            }
            if let Ok(s) = schedule {
                for off in &s.days_off {
                    if let Some(slot) = working.get_mut((jdn::from_date(off.date) - base) as usize)
                    {
                        *slot = false;
                    }
                }
                for w in &s.working_days {
                    if let Some(slot) = working.get_mut((jdn::from_date(w.date) - base) as usize) {
                        *slot = true;
                    }
                }
            }
        }
        let mut counts = Vec::with_capacity(days + 1);
        let mut nth = Vec::with_capacity(days);
        let mut c = 0_u32;
        counts.push(0);
        for (i, &w) in working.iter().enumerate() {
            if w {
                nth.push(i as u32);
                c += 1;
            }
            counts.push(c);
        }
        DayTable { base, counts, nth }
    }

    fn index(&self, d: Date) -> Result<usize, CalendarError> {
        usize::try_from(jdn::from_date(d) - self.base)
            .ok()
            .filter(|&i| i + 1 < self.counts.len())
            .ok_or(CalendarError::SolarDateOutOfRange {
                date: d,
                min: lunar::MIN_SOLAR,
                max: lunar::MAX_SOLAR,
            })
    }

    fn date_of(&self, index: u32) -> Option<Date> {
        jdn::to_date(self.base + index as i32)
    }
}

/// Working days and hours on the Vietnamese calendar, 1900–2100.
///
/// Cheap to clone (the day table is shared).
///
/// ```
/// use hoso_core::calendar::WorkCalendar;
/// use jiff::civil::date;
///
/// let cal = WorkCalendar::vietnam();
/// // Friday 2 January 2026 was given off, Saturday 10 January worked instead.
/// assert!(!cal.is_working_day(date(2026, 1, 2))?);
/// assert!(cal.is_working_day(date(2026, 1, 10))?);
/// assert_eq!(cal.next_working_day(date(2025, 12, 31))?, date(2026, 1, 5));
/// // 6 to 9 January, the worked Saturday 10, Monday 12.
/// assert_eq!(cal.working_days_between(date(2026, 1, 5), date(2026, 1, 12))?, 6);
/// # Ok::<(), hoso_core::calendar::CalendarError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkCalendar {
    days: Arc<DayTable>,
    hours: WorkingHours,
}

static VIETNAM: LazyLock<Arc<DayTable>> =
    LazyLock::new(|| Arc::new(DayTable::build(&Holidays::vietnam())));

impl WorkCalendar {
    /// The calendar of the shipped official schedules (computed defaults for other years) and the default
    /// working hours. The day table is built once per process and shared.
    pub fn vietnam() -> WorkCalendar {
        WorkCalendar {
            days: Arc::clone(&VIETNAM),
            hours: WorkingHours::default(),
        }
    }

    /// A calendar from the given holiday schedules and working hours (builds a new day table, about a
    /// millisecond).
    pub fn new(holidays: &Holidays, hours: WorkingHours) -> WorkCalendar {
        WorkCalendar {
            days: Arc::new(DayTable::build(holidays)),
            hours,
        }
    }

    /// The same days with other working hours.
    pub fn with_hours(&self, hours: WorkingHours) -> WorkCalendar {
        WorkCalendar {
            days: Arc::clone(&self.days),
            hours,
        }
    }

    /// The working hours.
    pub fn hours(&self) -> &WorkingHours {
        &self.hours
    }

    /// Whether a date is a working day.
    ///
    /// # Errors
    /// [`CalendarError::SolarDateOutOfRange`] outside 1900–2100.
    pub fn is_working_day(&self, d: Date) -> Result<bool, CalendarError> {
        let i = self.days.index(d)?;
        Ok(self.days.counts.get(i + 1) != self.days.counts.get(i))
    }

    /// The first working day strictly after `d`.
    ///
    /// # Errors
    /// [`CalendarError::SolarDateOutOfRange`] outside 1900–2100, or when none is left in the range.
    pub fn next_working_day(&self, d: Date) -> Result<Date, CalendarError> {
        self.add_working_days(d, 1)
    }

    /// `d` itself when it is a working day, else the next working day.
    ///
    /// # Errors
    /// As [`next_working_day`](Self::next_working_day).
    pub fn this_or_next_working_day(&self, d: Date) -> Result<Date, CalendarError> {
        if self.is_working_day(d)? {
            Ok(d)
        } else {
            self.next_working_day(d)
        }
    }

    /// The `n`-th working day after `d` (before it when `n` is negative); `d` itself when `n` is 0.
    ///
    /// `d` need not be a working day: 1 working day after a Saturday is the next working Monday.
    ///
    /// # Errors
    /// [`CalendarError::SolarDateOutOfRange`] for `d` outside 1900–2100, and
    /// [`CalendarError::WorkingDaysOutOfRange`] when the result would be.
    pub fn add_working_days(&self, d: Date, n: i64) -> Result<Date, CalendarError> {
        let i = self.days.index(d)?;
        let out = || CalendarError::WorkingDaysOutOfRange { from: d, days: n };
        let k = if n > 0 {
            // Working days up to and including d, plus n, as a 0-based rank.
            i64::from(*self.days.counts.get(i + 1).ok_or_else(out)?)
                .checked_add(n - 1)
                .ok_or_else(out)?
        } else if n < 0 {
            i64::from(*self.days.counts.get(i).ok_or_else(out)?)
                .checked_add(n)
                .ok_or_else(out)?
        } else {
            return Ok(d);
        };
        let k = usize::try_from(k).map_err(|_| out())?;
        let index = *self.days.nth.get(k).ok_or_else(out)?;
        self.days.date_of(index).ok_or_else(out)
    }

    /// The number of working days after `from` up to and including `to` (negative when `to` is earlier):
    /// the inverse of [`add_working_days`](Self::add_working_days) when `to` is a working day.
    ///
    /// # Errors
    /// [`CalendarError::SolarDateOutOfRange`] outside 1900–2100.
    pub fn working_days_between(&self, from: Date, to: Date) -> Result<i64, CalendarError> {
        let a = self.days.index(from)?;
        let b = self.days.index(to)?;
        let ca = i64::from(self.days.counts.get(a + 1).copied().unwrap_or(0));
        let cb = i64::from(self.days.counts.get(b + 1).copied().unwrap_or(0));
        Ok(cb - ca)
    }

    /// Whether a Vietnam date-time is inside working hours of a working day.
    ///
    /// # Errors
    /// [`CalendarError::SolarDateOutOfRange`] outside 1900–2100.
    pub fn is_working_time(&self, at: DateTime) -> Result<bool, CalendarError> {
        Ok(self.is_working_day(at.date())? && self.hours.is_working_time(at.time()))
    }

    /// The working day from which a dossier received at `at` (Vietnam time) is counted.
    ///
    /// On a day off, or after the last shift, it is the next working day (after-hours intake rolls to the
    /// next morning). A paper dossier received after the cut-off (15:00 by default; 15:00:00 itself is not
    /// after it) also goes to the agency on the next working day (Decree 61/2018/NĐ-CP Art 18(2)); an
    /// electronic one received before the end of the last shift counts the same day.
    ///
    /// # Errors
    /// [`CalendarError::SolarDateOutOfRange`] outside 1900–2100.
    pub fn intake_day(&self, at: DateTime, paper: bool) -> Result<Date, CalendarError> {
        self.intake_day_with_cutoff(at, paper.then_some(self.hours.paper_cutoff))
    }

    /// [`intake_day`](Self::intake_day) with the paper cut-off given by the caller (the statutory one of a
    /// [`Regime`](crate::regime::Regime)) instead of the calendar's: `Some(cutoff)` for a paper dossier,
    /// `None` for an electronic one, which counts the same day until the last shift ends.
    ///
    /// # Errors
    /// [`CalendarError::SolarDateOutOfRange`] outside 1900–2100.
    pub fn intake_day_with_cutoff(
        &self,
        at: DateTime,
        paper_cutoff: Option<Time>,
    ) -> Result<Date, CalendarError> {
        let day = at.date();
        if !self.is_working_day(day)? {
            return self.next_working_day(day);
        }
        let late = match paper_cutoff {
            // Received *after* the cut-off: 15:00:00 itself is still the same day.
            Some(cutoff) => at.time() > cutoff,
            None => at.time() >= self.hours.last_end(),
        };
        if late {
            self.next_working_day(day)
        } else {
            Ok(day)
        }
    }

    /// The first working moment at or after `at` (Vietnam time): `at` itself during a shift, else the start of
    /// the next shift, rolling to the next working day's first shift after hours or on a day off.
    ///
    /// # Errors
    /// [`CalendarError::SolarDateOutOfRange`] outside 1900–2100.
    pub fn next_working_moment(&self, at: DateTime) -> Result<DateTime, CalendarError> {
        let day = at.date();
        if self.is_working_day(day)? {
            for s in &self.hours.shifts {
                if at.time() < s.start {
                    return Ok(day.to_datetime(s.start));
                }
                if at.time() < s.end {
                    return Ok(at);
                }
            }
        }
        Ok(self
            .next_working_day(day)?
            .to_datetime(self.hours.first_start()))
    }

    /// [`intake_day`](Self::intake_day) for an instant, read in Vietnam's time zone.
    ///
    /// # Errors
    /// As [`intake_day`](Self::intake_day).
    pub fn intake_day_of(&self, at: Timestamp, paper: bool) -> Result<Date, CalendarError> {
        self.intake_day(crate::time::to_vietnam(at), paper)
    }
}

#[cfg(test)]
mod tests;
