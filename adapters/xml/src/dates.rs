//! Dates and instants in an agency's fixed-width pattern, always in Vietnam time (UTC+7).
//!
//! A pattern is the format as the agency's specification writes it (`dd/MM/yyyy HH:mm:ss`,
//! `yyyy-MM-ddTHH:mm:ss+07:00`): `yyyy`, `MM`, `dd`, `HH`, `mm` and `ss` stand for digits, every other
//! character stands for itself. Reading is strict: the text has the pattern's length, a digit wherever the
//! pattern has a letter, and the pattern's other characters exactly; no lenient forms, no other offsets.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};

/// A date pattern of an agency (`dd/MM/yyyy`).
///
/// ```
/// let format = hoso_xml::DateFormat { pattern: "dd/MM/yyyy" };
/// assert_eq!(format.parse("05/03/2026"), Some(jiff::civil::date(2026, 3, 5)));
/// assert_eq!(format.parse("31/02/2026"), None);
/// assert_eq!(format.parse("2026-03-05"), None);
/// let mut out = String::new();
/// format.write(jiff::civil::date(2026, 3, 5), &mut out);
/// assert_eq!(out, "05/03/2026");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateFormat {
    /// The pattern, as errors name it.
    pub pattern: &'static str,
}

/// A date-time pattern of an agency, in Vietnam time (`yyyy-MM-ddTHH:mm:ss+07:00`).
///
/// ```
/// let format = hoso_xml::DateTimeFormat { pattern: "yyyy-MM-ddTHH:mm:ss+07:00" };
/// let t = format.parse("2026-03-02T08:15:00+07:00").unwrap();
/// assert_eq!(t.to_string(), "2026-03-02T01:15:00Z");
/// assert_eq!(format.parse("2026-03-02T08:15:00Z"), None);
/// let mut out = String::new();
/// format.write(t, &mut out);
/// assert_eq!(out, "2026-03-02T08:15:00+07:00");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTimeFormat {
    /// The pattern, as errors name it.
    pub pattern: &'static str,
}

/// The fields of a date-time read from text: year, month, day, hour, minute, second.
#[derive(Default)]
struct Fields([i32; 6]);

/// Which field a pattern letter is a digit of.
fn field_of(letter: u8) -> Option<usize> {
    Some(match letter {
        b'y' => 0,
        b'M' => 1,
        b'd' => 2,
        b'H' => 3,
        b'm' => 4,
        b's' => 5,
        _ => return None,
    })
}

/// Reads `text` against `pattern`, or `None` where they differ.
fn read(pattern: &str, text: &str) -> Option<Fields> {
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    if p.len() != t.len() {
        return None;
    }
    let mut fields = Fields::default();
    for (&letter, &c) in p.iter().zip(t) {
        match field_of(letter) {
            Some(i) => {
                if !c.is_ascii_digit() {
                    return None;
                }
                let slot = fields.0.get_mut(i)?;
                *slot = *slot * 10 + i32::from(c - b'0');
            }
            None if letter == c => {}
            None => return None,
        }
    }
    Some(fields)
}

impl Fields {
    fn date(&self) -> Option<Date> {
        let [year, month, day, ..] = self.0;
        Date::new(
            i16::try_from(year).ok()?,
            i8::try_from(month).ok()?,
            i8::try_from(day).ok()?,
        )
        .ok()
    }

    fn time(&self) -> Option<Time> {
        let [.., hour, minute, second] = self.0;
        Time::new(
            i8::try_from(hour).ok()?,
            i8::try_from(minute).ok()?,
            i8::try_from(second).ok()?,
            0,
        )
        .ok()
    }
}

/// Writes `values` (year, month, day, hour, minute, second) into `out` in `pattern`, each field zero-padded
/// to the width of its letters.
fn write(pattern: &str, values: [i32; 6], out: &mut String) {
    let p = pattern.as_bytes();
    let mut i = 0;
    while let Some(&letter) = p.get(i) {
        let Some(field) = field_of(letter) else {
            out.push(char::from(letter));
            i += 1;
            continue;
        };
        let width = p[i..].iter().take_while(|&&b| b == letter).count();
        let value = values.get(field).copied().unwrap_or_default();
        let mut divisor = 10i32.pow(u32::try_from(width - 1).unwrap_or(0));
        while divisor > 0 {
            let digit = (value / divisor).rem_euclid(10);
            out.push(char::from(b'0' + u8::try_from(digit).unwrap_or(0)));
            divisor /= 10;
        }
        i += width;
    }
}

impl DateFormat {
    /// The date `text` holds in this pattern, if it holds one.
    pub fn parse(&self, text: &str) -> Option<Date> {
        read(self.pattern, text)?.date()
    }

    /// Writes `date` in this pattern.
    pub fn write(&self, date: Date, out: &mut String) {
        let values = [
            date.year().into(),
            date.month().into(),
            date.day().into(),
            0,
            0,
            0,
        ];
        write(self.pattern, values, out);
    }
}

impl DateTimeFormat {
    /// The instant `text` holds in this pattern, read as Vietnam time, if it holds one.
    pub fn parse(&self, text: &str) -> Option<Timestamp> {
        let fields = read(self.pattern, text)?;
        let local = DateTime::from_parts(fields.date()?, fields.time()?);
        hoso_core::time::from_vietnam(local).ok()
    }

    /// Writes `at` in this pattern, in Vietnam time (sub-second precision is not part of the agencies'
    /// formats and is dropped).
    pub fn write(&self, at: Timestamp, out: &mut String) {
        let dt = hoso_core::time::to_vietnam(at);
        let values = [
            dt.year().into(),
            dt.month().into(),
            dt.day().into(),
            dt.hour().into(),
            dt.minute().into(),
            dt.second().into(),
        ];
        write(self.pattern, values, out);
    }
}
