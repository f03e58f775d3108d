//! Reading and checking a holiday schedule from its JSON text (the format of `docs/calendar.md`), and
//! writing it back: the errors a schedule file can have, each with the JSON path of the offending entry.

use std::collections::BTreeMap;

use jiff::civil::{Date, Weekday};
use serde_json::Value;

use super::{DayOff, HolidaySchedule, Reference, ScheduleSource, WorkingDaySwap, is_weekend};
use crate::calendar::CalendarError;

/// A schedule file that cannot be used: what is wrong and where (a JSON path such as `$.days_off[2].date`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ScheduleError {
    /// Not JSON at all.
    #[error("schedule is not valid JSON at line {line}, column {column}: {message}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// A field missing, of the wrong type, or unknown.
    #[error("malformed schedule entry at {path}: {message}")]
    Malformed {
        /// JSON path of the entry.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The year is outside 1900–2100.
    #[error("schedule year {year} at $.year is outside 1900..=2100")]
    YearOutOfRange {
        /// The offending year.
        year: i64,
    },
    /// A date that is not in the schedule's year.
    #[error("{path}: {date} is not in the schedule's year {year}")]
    WrongYear {
        /// JSON path of the date.
        path: String,
        /// The offending date.
        date: Date,
        /// The schedule's year.
        year: i16,
    },
    /// The same date listed twice.
    #[error("{path}: {date} is listed twice (first at {first})")]
    Duplicate {
        /// JSON path of the second occurrence.
        path: String,
        /// The date.
        date: Date,
        /// JSON path of the first occurrence.
        first: String,
    },
    /// A date both a day off and a worked day.
    #[error("{path}: {date} is both a working day and a day off (at {other})")]
    Overlap {
        /// JSON path of the working day.
        path: String,
        /// The date.
        date: Date,
        /// JSON path of the day off.
        other: String,
    },
    /// A swapped working day that is not on a weekend (it would be a working day anyway).
    #[error("{path}: swapped working day {date} is a {weekday:?}, not a weekend day")]
    WorkingDayNotOnWeekend {
        /// JSON path.
        path: String,
        /// The date.
        date: Date,
        /// Its weekday.
        weekday: Weekday,
    },
    /// A swap that pays back a day that is not a day off of the schedule.
    #[error("{path}: {compensates} is not a day off of this schedule")]
    CompensatesUnknownDay {
        /// JSON path of `compensates`.
        path: String,
        /// The date it names.
        compensates: Date,
    },
    /// An entry naming a reference id the schedule does not list.
    #[error("{path}: reference `{id}` is not in $.references")]
    UnknownReference {
        /// JSON path of the `reference` field.
        path: String,
        /// The id.
        id: String,
    },
    /// The lunar calendar could not place a holiday (only outside the supported range).
    #[error("cannot compute the holidays: {0}")]
    Calendar(#[from] CalendarError),
}

impl HolidaySchedule {
    /// Read and check a schedule from its JSON text; the result is marked [`ScheduleSource::User`].
    ///
    /// # Errors
    /// A [`ScheduleError`] with the JSON path of the offending entry: syntax (a key given twice and a NUL
    /// character included, at their line and column), a malformed or unknown field,
    /// a year outside 1900–2100, a date outside the schedule's year, a duplicate date, a date both worked and
    /// off, a swapped working day not on a weekend, an unknown reference.
    pub fn from_json(text: &str) -> Result<HolidaySchedule, ScheduleError> {
        // Strict: a key given twice (two `year`s) or a NUL is an error, not the last one silently kept.
        let value =
            crate::json::strict_value(text.as_bytes()).map_err(|e| ScheduleError::Syntax {
                line: e.line(),
                column: e.column(),
                message: e.to_string(),
            })?;
        Self::from_value(&value)
    }

    fn from_value(value: &Value) -> Result<HolidaySchedule, ScheduleError> {
        let obj = value.as_object().ok_or_else(|| ScheduleError::Malformed {
            path: "$".into(),
            message: "a schedule is a JSON object".into(),
        })?;
        for key in obj.keys() {
            if !matches!(
                key.as_str(),
                "year" | "official" | "references" | "days_off" | "working_days" | "notes"
            ) {
                return Err(ScheduleError::Malformed {
                    path: format!("$.{key}"),
                    message: "unknown field".into(),
                });
            }
        }
        let year =
            obj.get("year")
                .and_then(Value::as_i64)
                .ok_or_else(|| ScheduleError::Malformed {
                    path: "$.year".into(),
                    message: "missing or not an integer".into(),
                })?;
        let year = i16::try_from(year)
            .ok()
            .filter(|y| (1900..=2100).contains(y))
            .ok_or(ScheduleError::YearOutOfRange { year })?;
        let official = obj
            .get("official")
            .and_then(Value::as_bool)
            .ok_or_else(|| ScheduleError::Malformed {
                path: "$.official".into(),
                message: "missing or not a boolean".into(),
            })?;
        let references: Vec<Reference> = entries(obj.get("references"), "$.references", false)?;
        let days_off: Vec<DayOff> = entries(obj.get("days_off"), "$.days_off", true)?;
        let working_days: Vec<WorkingDaySwap> =
            entries(obj.get("working_days"), "$.working_days", false)?;
        let notes: Vec<String> = entries(obj.get("notes"), "$.notes", false)?;
        let schedule = HolidaySchedule {
            year,
            official,
            source: ScheduleSource::User,
            references,
            days_off,
            working_days,
            notes,
        };
        schedule.validate()?;
        Ok(schedule)
    }

    /// Check the schedule's consistency (what [`from_json`](Self::from_json) checks after parsing).
    ///
    /// # Errors
    /// See [`from_json`](Self::from_json).
    pub fn validate(&self) -> Result<(), ScheduleError> {
        let ids: Vec<&str> = self.references.iter().map(|r| r.id.as_str()).collect();
        let check_ref = |r: &Option<String>, path: String| match r {
            Some(id) if !ids.contains(&id.as_str()) => Err(ScheduleError::UnknownReference {
                path,
                id: id.clone(),
            }),
            _ => Ok(()),
        };
        let mut seen: BTreeMap<Date, String> = BTreeMap::new();
        for (i, d) in self.days_off.iter().enumerate() {
            let path = format!("$.days_off[{i}]");
            if d.date.year() != self.year {
                return Err(ScheduleError::WrongYear {
                    path: format!("{path}.date"),
                    date: d.date,
                    year: self.year,
                });
            }
            if let Some(first) = seen.get(&d.date) {
                return Err(ScheduleError::Duplicate {
                    path: format!("{path}.date"),
                    date: d.date,
                    first: first.clone(),
                });
            }
            check_ref(&d.reference, format!("{path}.reference"))?;
            seen.insert(d.date, format!("{path}.date"));
        }
        let mut worked: BTreeMap<Date, String> = BTreeMap::new();
        for (i, w) in self.working_days.iter().enumerate() {
            let path = format!("$.working_days[{i}]");
            if w.date.year() != self.year {
                return Err(ScheduleError::WrongYear {
                    path: format!("{path}.date"),
                    date: w.date,
                    year: self.year,
                });
            }
            if let Some(other) = seen.get(&w.date) {
                return Err(ScheduleError::Overlap {
                    path: format!("{path}.date"),
                    date: w.date,
                    other: other.clone(),
                });
            }
            if let Some(first) = worked.get(&w.date) {
                return Err(ScheduleError::Duplicate {
                    path: format!("{path}.date"),
                    date: w.date,
                    first: first.clone(),
                });
            }
            if !is_weekend(w.date) {
                return Err(ScheduleError::WorkingDayNotOnWeekend {
                    path: format!("{path}.date"),
                    date: w.date,
                    weekday: w.date.weekday(),
                });
            }
            if let Some(c) = w.compensates
                && c.year() == self.year
                && !seen.contains_key(&c)
            {
                return Err(ScheduleError::CompensatesUnknownDay {
                    path: format!("{path}.compensates"),
                    compensates: c,
                });
            }
            check_ref(&w.reference, format!("{path}.reference"))?;
            worked.insert(w.date, format!("{path}.date"));
        }
        Ok(())
    }

    /// The schedule as pretty JSON, in the documented format.
    pub fn to_json(&self) -> String {
        // Serialising plain strings, dates and booleans into a String cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

fn entries<T: serde::de::DeserializeOwned>(
    value: Option<&Value>,
    path: &str,
    required: bool,
) -> Result<Vec<T>, ScheduleError> {
    let Some(value) = value else {
        if required {
            return Err(ScheduleError::Malformed {
                path: path.into(),
                message: "missing".into(),
            });
        }
        return Ok(Vec::new());
    };
    let items = value.as_array().ok_or_else(|| ScheduleError::Malformed {
        path: path.into(),
        message: "not an array".into(),
    })?;
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            T::deserialize(item).map_err(|e| ScheduleError::Malformed {
                path: format!("{path}[{i}]"),
                message: e.to_string(),
            })
        })
        .collect()
}
