//! Giờ mở cửa: a point's opening hours, per weekday, as shifts ([`Shift`], the calendar's own shape: start
//! inclusive, end exclusive). A day with no shift is closed; two shifts are a day with a lunch break.
//!
//! In the data file the hours are written in a small subset of OpenStreetMap's `opening_hours` syntax,
//! which operators' tools already export: rules separated by `;`, each a list of days (`Mo`, `Tu`, `We`,
//! `Th`, `Fr`, `Sa`, `Su`, or ranges `Mo-Fr`) and either shifts `07:00-11:30,13:30-17:00` or `off`. Days no
//! rule names are closed; naming a day twice is refused, so the text has one meaning.

use std::fmt;

use hoso_core::calendar::Shift;
use jiff::civil::{DateTime, Time, Weekday};
use serde::Serialize;

/// The opening hours of one point, Monday to Sunday.
///
/// ```
/// use hoso_server::WeeklyHours;
///
/// let hours: WeeklyHours = "Mo-Fr 07:00-11:30,13:30-17:00; Sa 07:00-11:30".parse()?;
/// let at = |s: &str| s.parse::<jiff::civil::DateTime>().unwrap();
/// assert!(hours.open_at(at("2026-03-05T09:00")));   // a Thursday morning
/// assert!(!hours.open_at(at("2026-03-05T12:00")));  // its lunch break
/// assert!(!hours.open_at(at("2026-03-08T09:00")));  // a Sunday
/// # Ok::<(), hoso_server::HoursError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct WeeklyHours {
    monday: Vec<Shift>,
    tuesday: Vec<Shift>,
    wednesday: Vec<Shift>,
    thursday: Vec<Shift>,
    friday: Vec<Shift>,
    saturday: Vec<Shift>,
    sunday: Vec<Shift>,
}

/// Why a text is not opening hours.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{problem} in `{rule}`")]
pub struct HoursError {
    /// The rule (between `;`) at fault.
    pub rule: String,
    /// What is wrong with it.
    pub problem: String,
}

const DAYS: [(&str, Weekday); 7] = [
    ("mo", Weekday::Monday),
    ("tu", Weekday::Tuesday),
    ("we", Weekday::Wednesday),
    ("th", Weekday::Thursday),
    ("fr", Weekday::Friday),
    ("sa", Weekday::Saturday),
    ("su", Weekday::Sunday),
];

impl WeeklyHours {
    /// The shifts of `day`, in order; empty when the point is closed that day.
    pub fn on(&self, day: Weekday) -> &[Shift] {
        match day {
            Weekday::Monday => &self.monday,
            Weekday::Tuesday => &self.tuesday,
            Weekday::Wednesday => &self.wednesday,
            Weekday::Thursday => &self.thursday,
            Weekday::Friday => &self.friday,
            Weekday::Saturday => &self.saturday,
            Weekday::Sunday => &self.sunday,
        }
    }

    fn on_mut(&mut self, day: Weekday) -> &mut Vec<Shift> {
        match day {
            Weekday::Monday => &mut self.monday,
            Weekday::Tuesday => &mut self.tuesday,
            Weekday::Wednesday => &mut self.wednesday,
            Weekday::Thursday => &mut self.thursday,
            Weekday::Friday => &mut self.friday,
            Weekday::Saturday => &mut self.saturday,
            Weekday::Sunday => &mut self.sunday,
        }
    }

    /// Whether the point is open at `at` (a Vietnam civil time). Public holidays are not modelled: the hours
    /// are those of an ordinary week.
    pub fn open_at(&self, at: DateTime) -> bool {
        let t = at.time();
        self.on(at.weekday())
            .iter()
            .any(|s| s.start <= t && t < s.end)
    }

    /// Whether the point is closed every day (the data file refuses such hours).
    pub fn always_closed(&self) -> bool {
        DAYS.iter().all(|(_, d)| self.on(*d).is_empty())
    }
}

fn fail(rule: &str, problem: impl fmt::Display) -> HoursError {
    HoursError {
        rule: rule.to_owned(),
        problem: problem.to_string(),
    }
}

fn day(token: &str, rule: &str) -> Result<usize, HoursError> {
    let t = token.trim().to_ascii_lowercase();
    DAYS.iter().position(|(tag, _)| *tag == t).ok_or_else(|| {
        fail(
            rule,
            format_args!("`{}` is not a day (Mo … Su)", token.trim()),
        )
    })
}

fn time(token: &str, rule: &str) -> Result<Time, HoursError> {
    let t = token.trim();
    let (h, m) = t
        .split_once(':')
        .filter(|(h, m)| (1..=2).contains(&h.len()) && m.len() == 2)
        .ok_or_else(|| fail(rule, format_args!("`{t}` is not a time (HH:MM)")))?;
    let (Ok(h), Ok(m)) = (h.parse::<i8>(), m.parse::<i8>()) else {
        return Err(fail(rule, format_args!("`{t}` is not a time (HH:MM)")));
    };
    if h == 24 && m == 0 {
        return Ok(Time::MAX);
    }
    Time::new(h, m, 0, 0).map_err(|_| fail(rule, format_args!("`{t}` is not a time of day")))
}

fn shifts(text: &str, rule: &str) -> Result<Vec<Shift>, HoursError> {
    if text.trim().eq_ignore_ascii_case("off") || text.trim().eq_ignore_ascii_case("closed") {
        return Ok(Vec::new());
    }
    let mut out: Vec<Shift> = Vec::new();
    for range in text.split(',') {
        let (start, end) = range.split_once('-').ok_or_else(|| {
            fail(
                rule,
                format_args!("`{}` is not a range HH:MM-HH:MM", range.trim()),
            )
        })?;
        let shift = Shift {
            start: time(start, rule)?,
            end: time(end, rule)?,
        };
        if shift.start >= shift.end {
            return Err(fail(
                rule,
                format_args!("`{}` ends before it starts", range.trim()),
            ));
        }
        if out.last().is_some_and(|last| last.end > shift.start) {
            return Err(fail(rule, "shifts overlap or are out of order"));
        }
        out.push(shift);
    }
    Ok(out)
}

impl std::str::FromStr for WeeklyHours {
    type Err = HoursError;

    fn from_str(s: &str) -> Result<Self, HoursError> {
        let mut hours = WeeklyHours::default();
        let mut named = [false; 7];
        for rule in s.split(';').map(str::trim).filter(|r| !r.is_empty()) {
            let (days, times) = rule.split_once(char::is_whitespace).ok_or_else(|| {
                fail(
                    rule,
                    "expected days then hours, such as `Mo-Fr 07:00-17:00`",
                )
            })?;
            let times = shifts(times, rule)?;
            for part in days.split(',') {
                let (first, last) = match part.split_once('-') {
                    Some((a, b)) => (day(a, rule)?, day(b, rule)?),
                    None => {
                        let d = day(part, rule)?;
                        (d, d)
                    }
                };
                if first > last {
                    return Err(fail(
                        rule,
                        format_args!("`{part}`: the range runs backwards"),
                    ));
                }
                for i in first..=last {
                    if named[i] {
                        return Err(fail(rule, format_args!("`{}` is given twice", DAYS[i].0)));
                    }
                    named[i] = true;
                    *hours.on_mut(DAYS[i].1) = times.clone();
                }
            }
        }
        Ok(hours)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_not_named_are_closed_and_lunch_breaks_are_two_shifts() {
        let h: WeeklyHours = "Mo-We,Fr 07:00-11:30,13:30-17:00; Th 08:00-12:00; Su off"
            .parse()
            .unwrap();
        assert_eq!(h.on(Weekday::Monday).len(), 2);
        assert_eq!(h.on(Weekday::Thursday).len(), 1);
        assert!(h.on(Weekday::Saturday).is_empty() && h.on(Weekday::Sunday).is_empty());
        let at = |s: &str| s.parse::<DateTime>().unwrap();
        assert!(h.open_at(at("2026-03-02T07:00")), "start inclusive");
        assert!(!h.open_at(at("2026-03-02T11:30")), "end exclusive");
        assert!(h.open_at(at("2026-03-02T13:30")));
        assert!(!h.open_at(at("2026-03-07T09:00")), "Saturday");
        let late: WeeklyHours = "Mo 20:00-24:00".parse().unwrap();
        assert!(late.open_at(at("2026-03-02T23:59:59")));
    }

    #[test]
    fn malformed_hours_name_their_rule() {
        for (text, problem) in [
            ("Mo-Fr", "expected days then hours"),
            ("Xx 07:00-17:00", "`Xx` is not a day"),
            ("Mo 7h-17h", "`7h` is not a time"),
            ("Mo 07:00", "is not a range"),
            ("Mo 07:00-25:00", "not a time of day"),
            ("Mo 17:00-07:00", "ends before it starts"),
            ("Mo 07:00-12:00,11:00-17:00", "overlap"),
            ("Mo-Fr 07:00-17:00; Fr 07:00-11:00", "`fr` is given twice"),
            ("Fr-Mo 07:00-17:00", "runs backwards"),
        ] {
            let e = text.parse::<WeeklyHours>().unwrap_err();
            assert!(e.to_string().contains(problem), "{text}: {e}");
        }
    }
}
