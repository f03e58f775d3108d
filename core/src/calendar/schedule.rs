//! Public holidays as data: one year's schedule of days off and swapped working days.
//!
//! The Labour Code 2019 (Bộ luật Lao động, Law 45/2019/QH14) Art 112(1) lists the holidays; Art 112(3) lets
//! the Prime Minister fix the exact Tết and National Day days each year; Art 111(3) gives a compensatory day
//! off on the next working day when a holiday falls on the weekly rest day; and the government announces
//! swapped working days (a Saturday worked to bridge a gap) case by case. So the calendar of a year is data:
//! [`HolidaySchedule`] is one year, read from the JSON format documented in `docs/calendar.md`, and
//! [`Holidays`] holds the shipped official years, the user's own files (which win), and a default computed
//! by [`HolidaySchedule::computed`] for every other year.
//!
//! This file holds the data model, the computed default and the set of years; reading, checking and writing
//! the JSON, with [`ScheduleError`], is in `schedule/json.rs`.

use std::collections::BTreeMap;

use jiff::civil::{Date, Weekday, date};
use serde::{Deserialize, Serialize};

use super::{LunarDate, lunar};

mod json;

pub use json::ScheduleError;

/// What kind of day off an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DayOffKind {
    /// A public holiday of the Labour Code 2019 Art 112(1) (nghỉ lễ, tết).
    Holiday,
    /// A compensatory day off for a holiday that fell on the weekly rest day (nghỉ bù, Labour Code 2019 Art 111(3)).
    Compensatory,
    /// A working day given off in exchange for a worked weekend day (hoán đổi ngày làm việc).
    Swapped,
    /// Any other day off decided by the government (e.g. a one-off national event).
    Other,
}

/// One day off of a schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DayOff {
    /// The date (`YYYY-MM-DD`).
    #[schemars(schema_with = "crate::time::date_schema")]
    pub date: Date,
    /// The name in Vietnamese, e.g. `Tết Nguyên đán`.
    pub name_vi: String,
    /// The name in English, e.g. `Lunar New Year`.
    pub name_en: String,
    /// What kind of day off it is.
    pub kind: DayOffKind,
    /// Id of the announcement in the schedule's `references` that fixes this day, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// `false` when the day could not be checked against the announcement's text.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub verified: bool,
}

/// A weekend day worked in exchange for a working day given off (ngày làm bù).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkingDaySwap {
    /// The weekend date that becomes a working day.
    #[schemars(schema_with = "crate::time::date_schema")]
    pub date: Date,
    /// The working day it pays back, given off instead (listed in `days_off` when in the same year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "crate::time::option_date_schema")]
    pub compensates: Option<Date>,
    /// Id of the announcement in the schedule's `references`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// `false` when the swap could not be checked against the announcement's text.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub verified: bool,
}

/// The announcement a schedule comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// Short id used by entries, usually the document number (e.g. `5015/TB-LĐTBXH`).
    pub id: String,
    /// Who issued it (e.g. `Bộ Lao động - Thương binh và Xã hội`).
    pub issuer: String,
    /// Date of issue, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "crate::time::option_date_schema")]
    pub issued: Option<Date>,
    /// What it decides, in a few words.
    pub title: String,
    /// Where its content was read (addresses of the text or of reports of it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// `false` when the document number or content could not be checked.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub verified: bool,
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

/// Where a schedule comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ScheduleSource {
    /// Shipped with this crate (`core/data/holidays/YYYY.json`).
    Shipped,
    /// Loaded or built by the user; wins over shipped data.
    User,
    /// Computed from the Labour Code 2019 Art 112 by [`HolidaySchedule::computed`].
    Computed,
}

/// One year's public holidays and swapped working days.
///
/// ```
/// use hoso_core::calendar::HolidaySchedule;
/// use jiff::civil::date;
///
/// let json = r#"{
///   "year": 2030, "official": false,
///   "days_off": [
///     {"date": "2030-01-01", "name_vi": "Tết Dương lịch", "name_en": "New Year's Day", "kind": "holiday"}
///   ],
///   "working_days": []
/// }"#;
/// let s = HolidaySchedule::from_json(json)?;
/// assert!(s.is_day_off(date(2030, 1, 1)));
/// # Ok::<(), hoso_core::calendar::ScheduleError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    description = "One year's public holidays and swapped working days (format: docs/calendar.md)."
)]
pub struct HolidaySchedule {
    /// The solar year covered; every date of the schedule is in it.
    pub year: i16,
    /// `true` when every day comes from a government announcement, `false` for a computed or draft year.
    pub official: bool,
    /// Where the schedule comes from (not part of the file; set when loading).
    #[serde(skip, default = "user_source")]
    pub source: ScheduleSource,
    /// The announcements it rests on.
    #[serde(default)]
    pub references: Vec<Reference>,
    /// Days off, in date order.
    pub days_off: Vec<DayOff>,
    /// Weekend days worked, in date order.
    #[serde(default)]
    pub working_days: Vec<WorkingDaySwap>,
    /// Remarks (what was not verified, pending changes of the law).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

fn user_source() -> ScheduleSource {
    ScheduleSource::User
}

impl HolidaySchedule {
    /// Whether `date` is a day off of this schedule (weekends are not listed: see [`super::WorkCalendar`]).
    pub fn is_day_off(&self, date: Date) -> bool {
        self.days_off.iter().any(|d| d.date == date)
    }

    /// Whether `date` is a weekend day worked under this schedule.
    pub fn is_swapped_working_day(&self, date: Date) -> bool {
        self.working_days.iter().any(|w| w.date == date)
    }

    /// Lay another schedule of the same year over this one: its entries replace those of the same date
    /// (a day off replaces a worked day and the reverse), its references and notes are added, and the result
    /// is official only if both were. The result is a user schedule.
    ///
    /// # Errors
    /// [`ScheduleError::WrongYear`] when the years differ; any inconsistency of the result.
    pub fn merge(&mut self, other: &HolidaySchedule) -> Result<(), ScheduleError> {
        if other.year != self.year {
            return Err(ScheduleError::WrongYear {
                path: "$.year".into(),
                date: date(other.year, 1, 1),
                year: self.year,
            });
        }
        for d in &other.days_off {
            self.days_off.retain(|x| x.date != d.date);
            self.working_days.retain(|x| x.date != d.date);
            self.days_off.push(d.clone());
        }
        for w in &other.working_days {
            self.days_off.retain(|x| x.date != w.date);
            self.working_days.retain(|x| x.date != w.date);
            self.working_days.push(w.clone());
        }
        for r in &other.references {
            if !self.references.iter().any(|x| x.id == r.id) {
                self.references.push(r.clone());
            }
        }
        self.notes.extend(other.notes.iter().cloned());
        self.days_off.sort_by_key(|d| d.date);
        self.working_days.sort_by_key(|w| w.date);
        self.official = self.official && other.official;
        self.source = ScheduleSource::User;
        self.validate()
    }

    /// The default schedule of a year nobody has published, computed from the Labour Code 2019:
    ///
    /// - Art 112(1)(a) 1 January; (b) Tết, 5 days: the last day of the lunar year and the first four days of
    ///   the new one (the split the government chose for 2026; the Prime Minister fixes it each year under
    ///   Art 112(3), so it may differ); (c) 30 April; (d) 1 May; (đ) 2 September and one adjacent day, chosen
    ///   as the adjacent weekday that joins a weekend (1 September if both or neither do); (e) Hùng Kings'
    ///   day, 10th day of the 3rd lunar month;
    /// - Art 111(3): each holiday falling on a Saturday or Sunday gives a compensatory day off on the next
    ///   working day.
    ///
    /// No swapped working days are invented. The schedule is marked `official: false`,
    /// [`ScheduleSource::Computed`].
    ///
    /// # Errors
    /// [`ScheduleError::YearOutOfRange`] outside 1900–2100.
    pub fn computed(year: i16) -> Result<HolidaySchedule, ScheduleError> {
        if !(1900..=2100).contains(&year) {
            return Err(ScheduleError::YearOutOfRange {
                year: i64::from(year),
            });
        }
        let y = i32::from(year);
        let mut days: Vec<(Date, &str, &str)> =
            vec![(date(year, 1, 1), "Tết Dương lịch", "New Year's Day")];
        let tet = LunarDate::new(y, 1, 1, false)?.to_solar()?;
        for offset in -1..=3_i64 {
            if let Some(d) = add_days(tet, offset) {
                days.push((d, "Tết Nguyên đán", "Lunar New Year (Tết)"));
            }
        }
        let hung = LunarDate::new(y, 3, 10, false)?.to_solar()?;
        days.push((hung, "Giỗ Tổ Hùng Vương", "Hùng Kings' Commemoration Day"));
        days.push((date(year, 4, 30), "Ngày Chiến thắng", "Reunification Day"));
        days.push((
            date(year, 5, 1),
            "Ngày Quốc tế lao động",
            "International Labour Day",
        ));
        let national = date(year, 9, 2);
        days.push((national, "Quốc khánh", "National Day"));
        days.push((
            national_day_companion(national),
            "Quốc khánh",
            "National Day",
        ));
        days.sort_by_key(|d| d.0);
        days.dedup_by_key(|d| d.0);

        let mut days_off: Vec<DayOff> = days
            .iter()
            .map(|&(date, vi, en)| DayOff {
                date,
                name_vi: vi.into(),
                name_en: en.into(),
                kind: DayOffKind::Holiday,
                reference: Some(LABOUR_CODE.into()),
                verified: true,
            })
            .collect();
        // Art 111(3): a holiday on the weekly rest day moves that rest day to the next working day.
        let mut taken: Vec<Date> = days.iter().map(|d| d.0).collect();
        for &(holiday, vi, en) in &days {
            if !is_weekend(holiday) {
                continue;
            }
            let mut d = holiday;
            while let Some(next) = add_days(d, 1) {
                d = next;
                if !is_weekend(d) && !taken.contains(&d) {
                    break;
                }
            }
            if d.year() != year {
                continue;
            }
            taken.push(d);
            days_off.push(DayOff {
                date: d,
                name_vi: format!("Nghỉ bù {vi}"),
                name_en: format!("{en} (compensatory day off)"),
                kind: DayOffKind::Compensatory,
                reference: Some(LABOUR_CODE.into()),
                verified: true,
            });
        }
        days_off.sort_by_key(|d| d.date);
        Ok(HolidaySchedule {
            year,
            official: false,
            source: ScheduleSource::Computed,
            references: vec![Reference {
                id: LABOUR_CODE.into(),
                issuer: "Quốc hội".into(),
                issued: Some(date(2019, 11, 20)),
                title: "Bộ luật Lao động 2019, Điều 111(3) và 112 (computed default)".into(),
                sources: Vec::new(),
                verified: true,
            }],
            days_off,
            working_days: Vec::new(),
            notes: vec![
                "Computed from the Labour Code 2019 Art 112 and Art 111(3); not an official announcement."
                    .into(),
            ],
        })
    }
}

/// Reference id of the Labour Code used by computed schedules.
const LABOUR_CODE: &str = "45/2019/QH14";

fn add_days(d: Date, n: i64) -> Option<Date> {
    d.checked_add(jiff::Span::new().days(n)).ok()
}

pub(super) fn is_weekend(d: Date) -> bool {
    matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// The day joined to 2 September (Labour Code 2019 Art 112(1)(đ)): the adjacent weekday that touches a
/// weekend, else 1 September.
fn national_day_companion(national: Date) -> Date {
    let before = national.yesterday().unwrap_or(national);
    let after = national.tomorrow().unwrap_or(national);
    let joins_weekend = |d: Date| {
        !is_weekend(d)
            && (d.yesterday().is_ok_and(is_weekend) || d.tomorrow().is_ok_and(is_weekend))
    };
    if is_weekend(before) || (!joins_weekend(before) && joins_weekend(after)) {
        after
    } else {
        before
    }
}

/// The shipped official schedules (`core/data/holidays/`).
const SHIPPED: [&str; 3] = [
    include_str!("../../data/holidays/2024.json"),
    include_str!("../../data/holidays/2025.json"),
    include_str!("../../data/holidays/2026.json"),
];

/// The holiday schedules of many years: shipped official ones, the user's (which win), computed defaults.
///
/// ```
/// use hoso_core::calendar::{HolidaySchedule, Holidays, ScheduleSource};
/// use jiff::civil::date;
///
/// let mut holidays = Holidays::vietnam();
/// assert_eq!(holidays.schedule(2026)?.source, ScheduleSource::Shipped);
/// assert_eq!(holidays.schedule(2031)?.source, ScheduleSource::Computed);
///
/// // A province's own decision for 2031 replaces the computed default.
/// let mut own = HolidaySchedule::computed(2031)?;
/// own.official = true;
/// holidays.insert(own);
/// assert_eq!(holidays.schedule(2031)?.source, ScheduleSource::User);
/// # Ok::<(), hoso_core::calendar::ScheduleError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Holidays {
    years: BTreeMap<i16, HolidaySchedule>,
}

impl Holidays {
    /// No schedule at all: every year is computed.
    pub fn computed_only() -> Holidays {
        Holidays::default()
    }

    /// The official schedules shipped with this crate (2024, 2025, 2026); other years are computed.
    pub fn vietnam() -> Holidays {
        let mut years = BTreeMap::new();
        for text in SHIPPED {
            // The shipped files are checked by this crate's tests; a broken one is skipped, not a panic.
            if let Ok(mut s) = HolidaySchedule::from_json(text) {
                s.source = ScheduleSource::Shipped;
                years.insert(s.year, s);
            }
        }
        Holidays { years }
    }

    /// Put a schedule in, replacing whatever the year had (user schedules win over shipped ones); it is
    /// marked [`ScheduleSource::User`].
    pub fn insert(&mut self, mut schedule: HolidaySchedule) {
        schedule.source = ScheduleSource::User;
        self.years.insert(schedule.year, schedule);
    }

    /// Read a schedule from JSON and put it in, replacing the year.
    ///
    /// # Errors
    /// See [`HolidaySchedule::from_json`].
    pub fn load_json(&mut self, text: &str) -> Result<i16, ScheduleError> {
        let s = HolidaySchedule::from_json(text)?;
        let year = s.year;
        self.insert(s);
        Ok(year)
    }

    /// Lay a schedule over the year's current one (see [`HolidaySchedule::merge`]); a year without one starts
    /// from its computed default.
    ///
    /// # Errors
    /// See [`HolidaySchedule::merge`].
    pub fn merge(&mut self, schedule: &HolidaySchedule) -> Result<(), ScheduleError> {
        let mut base = self.schedule(schedule.year)?;
        base.merge(schedule)?;
        self.insert(base);
        Ok(())
    }

    /// The schedule of a year: the one inserted or shipped, else the computed default.
    ///
    /// # Errors
    /// [`ScheduleError::YearOutOfRange`] outside 1900–2100.
    pub fn schedule(&self, year: i16) -> Result<HolidaySchedule, ScheduleError> {
        match self.years.get(&year) {
            Some(s) => Ok(s.clone()),
            None => HolidaySchedule::computed(year),
        }
    }

    /// The years that have an explicit (shipped or user) schedule.
    pub fn explicit_years(&self) -> impl Iterator<Item = i16> + '_ {
        self.years.keys().copied()
    }

    /// The first and last solar dates any schedule can describe.
    pub fn range() -> (Date, Date) {
        (lunar::MIN_SOLAR, lunar::MAX_SOLAR)
    }
}

#[cfg(test)]
mod tests;
