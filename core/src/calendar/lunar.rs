//! The Vietnamese lunar calendar (âm lịch), 1900–2100.
//!
//! # Source
//!
//! The conversion follows the algorithm published by Hồ Ngọc Đức, *Computing the Vietnamese lunar
//! calendar* (<https://www.informatik.uni-leipzig.de/~duc/amlich/calrules_en.html>), itself built on the
//! new-moon and solar-longitude series of Jean Meeus, *Astronomical Algorithms* (1998):
//!
//! - a lunar month starts on the local day of a new moon;
//! - month 11 is the month that contains the winter solstice;
//! - a lunar year that has 13 months between two months 11 repeats (as a leap month, tháng nhuận) the first
//!   month after month 11 that contains no major solar term (trung khí);
//! - every "local day" is reckoned on the UTC+7 meridian. This is what makes the Vietnamese calendar differ
//!   from the Chinese one (reckoned at UTC+8) in some years: a new moon between 16:00 and 17:00 UTC falls on
//!   one day in Hanoi and on the next in Beijing. Tết fell a month apart in 1985 (21 January in Vietnam,
//!   20 February in China) and a day apart in 1968 and 2007, among others.
//!
//! The code here is written from that description. Each lunar month boundary from late 1898 to early 2102
//! is computed once (about 2,500 new moons, well under a millisecond) into a table; a conversion is then a
//! binary search, so it costs tens of nanoseconds.

use std::sync::LazyLock;

use jiff::civil::{Date, date};
use serde::{Deserialize, Serialize};

use super::{CalendarError, jdn};

/// The first solar date a conversion accepts.
pub const MIN_SOLAR: Date = date(1900, 1, 1);
/// The last solar date a conversion accepts.
pub const MAX_SOLAR: Date = date(2100, 12, 31);

/// Vietnam's offset from UTC in hours, the meridian of the Vietnamese calendar.
const VIETNAM_HOURS: f64 = 7.0;

/// A date of the Vietnamese lunar calendar.
///
/// Ordering follows time: a leap month (tháng nhuận) comes right after the regular month of the same number.
///
/// ```
/// use hoso_core::calendar::LunarDate;
/// use jiff::civil::date;
///
/// // Tết Bính Ngọ: the first day of the first lunar month of 2026.
/// let tet = LunarDate::from_solar(date(2026, 2, 17))?;
/// assert_eq!((tet.year(), tet.month(), tet.day(), tet.is_leap_month()), (2026, 1, 1, false));
/// assert_eq!(LunarDate::new(2026, 1, 1, false)?.to_solar()?, date(2026, 2, 17));
/// # Ok::<(), hoso_core::calendar::CalendarError>(())
/// ```
///
/// It serialises as `{"year": 2023, "month": 2, "day": 1, "leap": true}`; deserialising checks the date.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(try_from = "LunarDateFields", into = "LunarDateFields")]
#[schemars(with = "LunarDateFields")]
pub struct LunarDate {
    year: i16,
    month: u8,
    leap: bool,
    day: u8,
}

impl LunarDate {
    /// The lunar date of a solar (Gregorian) date between 1900-01-01 and 2100-12-31.
    ///
    /// # Errors
    /// [`CalendarError::SolarDateOutOfRange`] outside that range.
    pub fn from_solar(solar: Date) -> Result<LunarDate, CalendarError> {
        check_solar(solar)?;
        Ok(vietnam_table().lunar_of(jdn::from_date(solar)))
    }

    /// The solar (Gregorian) date of this lunar date.
    ///
    /// # Errors
    /// [`CalendarError::SolarDateOutOfRange`] when the lunar date falls outside 1900-01-01..=2100-12-31
    /// (possible only for the first and last months of the range).
    pub fn to_solar(&self) -> Result<Date, CalendarError> {
        let table = vietnam_table();
        let jd = table
            .solar_of(self.year, self.month, self.leap, self.day)
            .ok_or(CalendarError::LunarYearOutOfRange {
                year: i32::from(self.year),
            })?;
        let solar = jdn::to_date(jd).ok_or(CalendarError::LunarYearOutOfRange {
            year: i32::from(self.year),
        })?;
        check_solar(solar)?;
        Ok(solar)
    }

    /// A lunar date from its year, month (1–12), day (1–30) and whether the month is the leap month.
    ///
    /// # Errors
    /// A typed [`CalendarError`] naming the offending value: the year outside the range, a month outside
    /// 1–12, a leap flag on a month that is not that year's leap month, a day past the month's length (29 or
    /// 30), or a date whose solar equivalent lies outside 1900–2100.
    pub fn new(year: i32, month: u32, day: u32, leap: bool) -> Result<LunarDate, CalendarError> {
        let table = vietnam_table();
        let y = i16::try_from(year)
            .ok()
            .filter(|y| (table.first_year..=table.last_year).contains(y))
            .ok_or(CalendarError::LunarYearOutOfRange { year })?;
        let m = u8::try_from(month)
            .ok()
            .filter(|m| (1..=12).contains(m))
            .ok_or(CalendarError::InvalidLunarMonth { month })?;
        let leap_month = table.leap_month(y);
        if leap && leap_month != Some(m) {
            return Err(CalendarError::NotALeapMonth {
                year,
                month,
                leap_month: leap_month.map(u32::from),
            });
        }
        let length = table
            .month_length(y, m, leap)
            .ok_or(CalendarError::LunarYearOutOfRange { year })?;
        let d = u8::try_from(day)
            .ok()
            .filter(|d| (1..=length).contains(d))
            .ok_or(CalendarError::InvalidLunarDay {
                year,
                month,
                leap,
                day,
                month_length: u32::from(length),
            })?;
        let lunar = LunarDate {
            year: y,
            month: m,
            leap,
            day: d,
        };
        lunar.to_solar()?;
        Ok(lunar)
    }

    /// The lunar year, numbered like the solar year in which it mostly lies (Tết 2026 opens year 2026).
    pub fn year(&self) -> i32 {
        i32::from(self.year)
    }

    /// The lunar month, 1 (tháng Giêng) to 12 (tháng Chạp).
    pub fn month(&self) -> u32 {
        u32::from(self.month)
    }

    /// The day of the lunar month, 1 to 29 or 30.
    pub fn day(&self) -> u32 {
        u32::from(self.day)
    }

    /// Whether the month is the year's leap month (tháng nhuận), which repeats the number of the month before.
    pub fn is_leap_month(&self) -> bool {
        self.leap
    }

    /// The year's leap month number, if the lunar year has one (e.g. month 2 in 2023, month 6 in 2025).
    ///
    /// # Errors
    /// [`CalendarError::LunarYearOutOfRange`] for a year outside the table.
    pub fn leap_month_of(year: i32) -> Result<Option<u32>, CalendarError> {
        let table = vietnam_table();
        let y = i16::try_from(year)
            .ok()
            .filter(|y| (table.first_year..=table.last_year).contains(y))
            .ok_or(CalendarError::LunarYearOutOfRange { year })?;
        Ok(table.leap_month(y).map(u32::from))
    }
}

impl std::fmt::Display for LunarDate {
    /// `DD/MM/YYYY (âm lịch)`, with `nhuận` after a leap month.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}/{:02}", self.day, self.month)?;
        if self.leap {
            write!(f, " nhuận")?;
        }
        write!(f, "/{} (âm lịch)", self.year)
    }
}

/// The serialised form of a [`LunarDate`].
#[derive(Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "LunarDate")]
struct LunarDateFields {
    /// Lunar year.
    year: i32,
    /// Lunar month, 1–12.
    month: u32,
    /// Day of the month, 1–30.
    day: u32,
    /// Whether the month is the leap month.
    #[serde(default)]
    leap: bool,
}

impl TryFrom<LunarDateFields> for LunarDate {
    type Error = CalendarError;
    fn try_from(f: LunarDateFields) -> Result<Self, CalendarError> {
        LunarDate::new(f.year, f.month, f.day, f.leap)
    }
}

impl From<LunarDate> for LunarDateFields {
    fn from(l: LunarDate) -> Self {
        LunarDateFields {
            year: l.year(),
            month: l.month(),
            day: l.day(),
            leap: l.is_leap_month(),
        }
    }
}

fn check_solar(solar: Date) -> Result<(), CalendarError> {
    if solar < MIN_SOLAR || solar > MAX_SOLAR {
        return Err(CalendarError::SolarDateOutOfRange {
            date: solar,
            min: MIN_SOLAR,
            max: MAX_SOLAR,
        });
    }
    Ok(())
}

/// The table of lunar months on the Vietnamese meridian, computed on first use.
fn vietnam_table() -> &'static LunarTable {
    static TABLE: LazyLock<LunarTable> = LazyLock::new(|| LunarTable::build(VIETNAM_HOURS));
    &TABLE
}

/// Every lunar month between two winter solstices, for a span of years, on one meridian.
#[derive(Debug)]
pub(crate) struct LunarTable {
    /// Julian day number of the first day of each month, increasing.
    starts: Vec<i32>,
    /// (lunar year, month, leap) of each month, parallel to `starts`.
    labels: Vec<(i16, u8, bool)>,
    /// First and last lunar years whose months 1..=12 are all in the table.
    first_year: i16,
    last_year: i16,
    /// Index in `starts` of month 1 of each lunar year from `first_year`.
    year_start: Vec<usize>,
    /// Leap month of each lunar year from `first_year` (0 = none).
    leap: Vec<u8>,
}

impl LunarTable {
    /// Compute the months from the month 11 of solar year 1897 to the month 11 of 2101.
    pub(crate) fn build(tz_hours: f64) -> LunarTable {
        let mut starts = Vec::with_capacity(2600);
        let mut labels = Vec::with_capacity(2600);
        for solar_year in 1897..=2101 {
            let a11 = lunar_month_11(solar_year, tz_hours);
            let b11 = lunar_month_11(solar_year + 1, tz_hours);
            let k =
                ((f64::from(a11) - 2_415_021.076_998_695) / 29.530_588_853 + 0.5).floor() as i64;
            let leap_year = b11 - a11 > 365;
            let leap_offset = if leap_year {
                leap_month_offset(a11, tz_hours)
            } else {
                i64::MAX
            };
            let count = if leap_year { 13 } else { 12 };
            for i in 0..count {
                let start = new_moon_day(k + i, tz_hours);
                let (mut month, leap) = if i >= leap_offset {
                    (i + 10, i == leap_offset)
                } else {
                    (i + 11, false)
                };
                if month > 12 {
                    month -= 12;
                }
                // Months 11 and 12 right after the solstice still belong to the lunar year that started
                // in the solar year `solar_year`; the rest open the next lunar year.
                let year = if month >= 11 && i < 4 {
                    solar_year
                } else {
                    solar_year + 1
                };
                starts.push(start);
                labels.push((year as i16, month as u8, leap));
            }
        }
        // The last entry must be the start of the following month 11 so every month has an end.
        starts.push(lunar_month_11(2102, tz_hours));
        labels.push((2102, 11, false));

        let first_year = 1898_i16;
        let last_year = 2101_i16;
        let mut year_start = Vec::new();
        let mut leap = Vec::new();
        for y in first_year..=last_year {
            let first = labels
                .iter()
                .position(|&(ly, m, l)| ly == y && m == 1 && !l)
                .unwrap_or(0);
            year_start.push(first);
            let lm = labels
                .iter()
                .find(|&&(ly, _, l)| ly == y && l)
                .map_or(0, |&(_, m, _)| m);
            leap.push(lm);
        }
        LunarTable {
            starts,
            labels,
            first_year,
            last_year,
            year_start,
            leap,
        }
    }

    /// The lunar date of a Julian day number inside the table.
    pub(crate) fn lunar_of(&self, jd: i32) -> LunarDate {
        let idx = self.starts.partition_point(|&s| s <= jd).saturating_sub(1);
        let (year, month, leap) = self.labels.get(idx).copied().unwrap_or((0, 0, false));
        let start = self.starts.get(idx).copied().unwrap_or(jd);
        LunarDate {
            year,
            month,
            leap,
            day: u8::try_from(jd - start + 1).unwrap_or(0),
        }
    }

    fn month_index(&self, year: i16, month: u8, leap: bool) -> Option<usize> {
        let yi = usize::try_from(year.checked_sub(self.first_year)?).ok()?;
        let first = *self.year_start.get(yi)?;
        let leap_month = *self.leap.get(yi)?;
        let after_leap = leap_month != 0 && (month > leap_month || (month == leap_month && leap));
        Some(first + usize::from(month) - 1 + usize::from(after_leap))
    }

    fn month_length(&self, year: i16, month: u8, leap: bool) -> Option<u8> {
        let i = self.month_index(year, month, leap)?;
        let len = self.starts.get(i + 1)? - self.starts.get(i)?;
        u8::try_from(len).ok()
    }

    fn leap_month(&self, year: i16) -> Option<u8> {
        let yi = usize::try_from(year - self.first_year).ok()?;
        self.leap.get(yi).copied().filter(|&m| m != 0)
    }

    /// Julian day number of a lunar date (the date is assumed valid).
    pub(crate) fn solar_of(&self, year: i16, month: u8, leap: bool, day: u8) -> Option<i32> {
        let i = self.month_index(year, month, leap)?;
        Some(self.starts.get(i)? + i32::from(day) - 1)
    }

    /// Julian day number of Tết (1/1) of a lunar year.
    #[cfg(test)]
    pub(crate) fn new_year(&self, year: i16) -> Option<i32> {
        self.solar_of(year, 1, false, 1)
    }
}

// ---- Astronomy (Meeus, as simplified by Hồ Ngọc Đức) ----

/// Instant (Julian date, UT) of the k-th new moon after the one of 1900-01-01 (Meeus ch. 49, abridged).
fn new_moon(k: i64) -> f64 {
    let k = k as f64;
    let t = k / 1236.85;
    let t2 = t * t;
    let t3 = t2 * t;
    let dr = std::f64::consts::PI / 180.0;
    let mut jd1 = 2_415_020.759_33 + 29.530_588_68 * k + 0.000_117_8 * t2 - 0.000_000_155 * t3;
    jd1 += 0.000_33 * ((166.56 + 132.87 * t - 0.009_173 * t2) * dr).sin();
    let m = 359.2242 + 29.105_356_08 * k - 0.000_033_3 * t2 - 0.000_003_47 * t3;
    let mpr = 306.0253 + 385.816_918_06 * k + 0.010_730_6 * t2 + 0.000_012_36 * t3;
    let f = 21.2964 + 390.670_506_46 * k - 0.001_652_8 * t2 - 0.000_002_39 * t3;
    let mut c1 = (0.1734 - 0.000_393 * t) * (m * dr).sin() + 0.0021 * (2.0 * dr * m).sin();
    c1 = c1 - 0.4068 * (mpr * dr).sin() + 0.0161 * (dr * 2.0 * mpr).sin();
    c1 -= 0.0004 * (dr * 3.0 * mpr).sin();
    c1 = c1 + 0.0104 * (dr * 2.0 * f).sin() - 0.0051 * (dr * (m + mpr)).sin();
    c1 = c1 - 0.0074 * (dr * (m - mpr)).sin() + 0.0004 * (dr * (2.0 * f + m)).sin();
    c1 = c1 - 0.0004 * (dr * (2.0 * f - m)).sin() - 0.0006 * (dr * (2.0 * f + mpr)).sin();
    c1 = c1 + 0.0010 * (dr * (2.0 * f - mpr)).sin() + 0.0005 * (dr * (2.0 * mpr + m)).sin();
    let delta_t = if t < -11.0 {
        0.001 + 0.000_839 * t + 0.000_226_1 * t2 - 0.000_008_45 * t3 - 0.000_000_081 * t * t3
    } else {
        -0.000_278 + 0.000_265 * t + 0.000_262 * t2
    };
    jd1 + c1 - delta_t
}

/// The sun's apparent longitude in radians, normalised to [0, 2π) (Meeus ch. 25, low precision).
fn sun_longitude(jd: f64) -> f64 {
    let t = (jd - 2_451_545.0) / 36525.0;
    let t2 = t * t;
    let dr = std::f64::consts::PI / 180.0;
    let m = 357.529_10 + 35_999.050_30 * t - 0.000_155_9 * t2 - 0.000_000_48 * t * t2;
    let l0 = 280.466_45 + 36_000.769_83 * t + 0.000_303_2 * t2;
    let mut dl = (1.914_600 - 0.004_817 * t - 0.000_014 * t2) * (dr * m).sin();
    dl += (0.019_993 - 0.000_101 * t) * (dr * 2.0 * m).sin() + 0.000_290 * (dr * 3.0 * m).sin();
    let l = (l0 + dl) * dr;
    let tau = 2.0 * std::f64::consts::PI;
    l - tau * (l / tau).floor()
}

/// The local day (Julian day number) of the k-th new moon.
fn new_moon_day(k: i64, tz_hours: f64) -> i32 {
    (new_moon(k) + 0.5 + tz_hours / 24.0).floor() as i32
}

/// Which twelfth of the ecliptic (0..=11, 30° each, 0 from the March equinox) the sun is in at local
/// midnight starting the given day.
fn sun_sector(day: i32, tz_hours: f64) -> i32 {
    (sun_longitude(f64::from(day) - 0.5 - tz_hours / 24.0) / std::f64::consts::PI * 6.0).floor()
        as i32
}

/// The first day of lunar month 11 (the month containing the winter solstice) of a solar year.
fn lunar_month_11(year: i32, tz_hours: f64) -> i32 {
    let off = jdn::from_date(date(year as i16, 12, 31)) - 2_415_021;
    let k = (f64::from(off) / 29.530_588_853).floor() as i64;
    let nm = new_moon_day(k, tz_hours);
    // Past 270° (sector 9) at the new moon means the solstice is already behind: take the previous one.
    if sun_sector(nm, tz_hours) >= 9 {
        new_moon_day(k - 1, tz_hours)
    } else {
        nm
    }
}

/// Offset, counted in months after month 11, of the leap month of a 13-month year starting at `a11`:
/// the first month during which the sun enters no new sector (no major solar term).
fn leap_month_offset(a11: i32, tz_hours: f64) -> i64 {
    let k = ((f64::from(a11) - 2_415_021.076_998_695) / 29.530_588_853 + 0.5).floor() as i64;
    let mut i = 1;
    let mut arc = sun_sector(new_moon_day(k + i, tz_hours), tz_hours);
    loop {
        let last = arc;
        i += 1;
        arc = sun_sector(new_moon_day(k + i, tz_hours), tz_hours);
        if arc == last || i >= 14 {
            break;
        }
    }
    i - 1
}

#[cfg(test)]
mod tests;
