//! Dates and instants as the JSON formats write them, read to the letter of RFC 3339 §5.6: a `full-date`
//! (`2026-01-23`) and a `date-time` (`2026-01-23T10:00:00Z`, `2026-01-23T17:00:00.5+07:00`).
//!
//! jiff's own parsers read the wider grammars of ISO 8601 and RFC 9557: a date with a time or an annotation
//! (`2026-01-23T10:00`, `2026-01-23[u-ca=iso8601]`), basic and extended years (`20260123`, `+002026-01-23`),
//! an instant without seconds or with a time-zone annotation (`…Z[UTC]`). The formats' JSON Schemas say
//! `"format": "date"` and `"format": "date-time"`, which are RFC 3339's productions, so a codec that read the
//! wider grammar would accept what its schema refuses. The functions here give the `deserialize_with` of
//! those fields: the shape is checked here, then jiff reads the values (a month 13 or a 30 February is
//! jiff's error). `T` and `Z` may be lower case (RFC 3339 §5.6, NOTE); a space for `T` is not taken. Errors
//! do not quote the value: a personal value sent in the wrong field must not come back in a message.

use std::fmt;

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use jiff::tz::Offset;
use serde::de::{self, Deserializer, Visitor};

/// Reads an RFC 3339 `full-date`.
///
/// ```
/// use hoso_core::time::rfc3339::parse_date;
/// assert_eq!(parse_date("2026-01-23").unwrap(), jiff::civil::date(2026, 1, 23));
/// for not_rfc3339 in ["20260123", "+002026-01-23", "2026-01-23T10:00", "2026-01-23[u-ca=iso8601]", "2026-1-23"] {
///     assert!(parse_date(not_rfc3339).is_err(), "{not_rfc3339}");
/// }
/// assert!(parse_date("2026-02-30").is_err());
/// ```
///
/// # Errors
/// A message without the value: the text is not `YYYY-MM-DD`, or not a date of the calendar.
pub fn parse_date(text: &str) -> Result<Date, String> {
    let b = text.as_bytes();
    let shaped = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && [0..4, 5..7, 8..10]
            .into_iter()
            .all(|r| b[r].iter().all(u8::is_ascii_digit));
    if !shaped {
        return Err("not an RFC 3339 date (YYYY-MM-DD)".to_owned());
    }
    let number =
        |r: std::ops::Range<usize>| b[r].iter().fold(0i16, |n, d| n * 10 + i16::from(d - b'0'));
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    let (Ok(month), Ok(day)) = (i8::try_from(month), i8::try_from(day)) else {
        return Err("not a date of the calendar".to_owned());
    };
    Date::new(year, month, day).map_err(|_| "not a date of the calendar".to_owned())
}

/// Whether `text` has the shape of an RFC 3339 `date-time`: `YYYY-MM-DD`, `T`, `HH:MM:SS`, an optional
/// fraction of one or more digits, then `Z` or a `±HH:MM` offset of at most 23:59 (`t` and `z` in either
/// case).
///
/// ```
/// use hoso_core::time::rfc3339::is_date_time;
/// assert!(is_date_time("2026-01-23T10:00:00Z"));
/// assert!(is_date_time("2026-01-23t10:00:00.123456+07:00"));
/// for not_rfc3339 in ["2026-01-23T10:00Z", "2026-01-23 10:00:00Z", "2026-01-23T10:00:00", "2026-01-23T10:00:00Z[UTC]"] {
///     assert!(!is_date_time(not_rfc3339), "{not_rfc3339}");
/// }
/// ```
pub fn is_date_time(text: &str) -> bool {
    let b = text.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let head = b.len() >= 20
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && matches!(b[10], b'T' | b't')
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19);
    if !head {
        return false;
    }
    let mut rest = &b[19..];
    if let Some((b'.', fraction)) = rest.split_first() {
        let len = fraction.iter().take_while(|d| d.is_ascii_digit()).count();
        if len == 0 {
            return false;
        }
        rest = &fraction[len..];
    }
    match rest {
        [b'Z' | b'z'] => true,
        // `time-numoffset`: an hour of 00 to 23 and a minute of 00 to 59 (jiff takes offsets to 25 hours).
        [b'+' | b'-', h1, h2, b':', m1, m2] => {
            [h1, h2, m1, m2].iter().all(|d| d.is_ascii_digit())
                && (*h1, *h2) <= (b'2', b'3')
                && *m1 <= b'5'
        }
        _ => false,
    }
}

/// Reads an RFC 3339 `date-time` as an instant.
///
/// ```
/// use hoso_core::time::rfc3339::parse_timestamp;
/// let at = parse_timestamp("2026-01-23T17:00:00+07:00").unwrap();
/// assert_eq!(at, "2026-01-23T10:00:00Z".parse::<jiff::Timestamp>().unwrap());
/// assert!(parse_timestamp("2026-01-23T10:00Z").is_err());
/// assert!(parse_timestamp("2026-01-23T25:00:00Z").is_err());
/// ```
///
/// # Errors
/// A message without the value: the text is not an RFC 3339 `date-time`, or names no instant (an hour 25,
/// an offset jiff refuses).
#[inline]
pub fn parse_timestamp(text: &str) -> Result<Timestamp, String> {
    if let Some(ts) = fast(text) {
        return Ok(ts);
    }
    if !is_date_time(text) {
        return Err("not an RFC 3339 timestamp (YYYY-MM-DDTHH:MM:SS, then Z or ±HH:MM)".to_owned());
    }
    text.parse()
        .map_err(|_| "not an instant: a field of the timestamp is out of range".to_owned())
}

fn digits(bytes: &[u8]) -> Option<i32> {
    bytes.iter().try_fold(0i32, |acc, &b| {
        b.is_ascii_digit().then(|| acc * 10 + i32::from(b - b'0'))
    })
}

/// The shape every message of the agencies uses (`2026-01-16T03:10:05Z`, or with fractional seconds, or with
/// a `±HH:MM` offset), read by hand: a third of jiff's time on the police's batch. `None` means "ask jiff";
/// both give the same instant for every string this accepts (tested).
#[inline]
fn fast(text: &str) -> Option<Timestamp> {
    let b = text.as_bytes();
    if b.len() < 20
        || b.get(4) != Some(&b'-')
        || b.get(7) != Some(&b'-')
        || b.get(10) != Some(&b'T')
    {
        return None;
    }
    if b.get(13) != Some(&b':') || b.get(16) != Some(&b':') {
        return None;
    }
    let year = i16::try_from(digits(b.get(0..4)?)?).ok()?;
    let month = i8::try_from(digits(b.get(5..7)?)?).ok()?;
    let day = i8::try_from(digits(b.get(8..10)?)?).ok()?;
    let hour = i8::try_from(digits(b.get(11..13)?)?).ok()?;
    let minute = i8::try_from(digits(b.get(14..16)?)?).ok()?;
    let second = i8::try_from(digits(b.get(17..19)?)?).ok()?;
    if second > 59 {
        return None; // leap seconds: jiff's rules
    }
    let mut rest = b.get(19..)?;
    let mut nanos = 0i32;
    if let Some((b'.', fraction)) = rest.split_first() {
        let len = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
        if len == 0 || len > 9 {
            return None;
        }
        nanos = digits(fraction.get(..len)?)? * 10i32.pow(9 - len as u32);
        rest = fraction.get(len..)?;
    }
    let offset_seconds = match rest {
        [b'Z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let hours = digits(&[*h1, *h2])?;
            let minutes = digits(&[*m1, *m2])?;
            if hours > 23 || minutes > 59 {
                return None;
            }
            let seconds = hours * 3600 + minutes * 60;
            if *sign == b'-' { -seconds } else { seconds }
        }
        _ => return None,
    };
    let datetime = DateTime::new(year, month, day, hour, minute, second, nanos).ok()?;
    Offset::from_seconds(offset_seconds)
        .ok()?
        .to_timestamp(datetime)
        .ok()
}

struct DateVisitor;

impl Visitor<'_> for DateVisitor {
    type Value = Date;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an RFC 3339 date (YYYY-MM-DD)")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
        parse_date(v).map_err(E::custom)
    }
}

struct TimestampVisitor;

impl Visitor<'_> for TimestampVisitor {
    type Value = Timestamp;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an RFC 3339 timestamp with an offset")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Timestamp, E> {
        parse_timestamp(v).map_err(E::custom)
    }
}

/// `deserialize_with` for a date field: [`parse_date`].
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct Due {
///     #[serde(deserialize_with = "hoso_core::time::rfc3339::date")]
///     on: jiff::civil::Date,
/// }
/// assert!(serde_json::from_str::<Due>(r#"{"on": "2026-03-16"}"#).is_ok());
/// assert!(serde_json::from_str::<Due>(r#"{"on": "20260316"}"#).is_err());
/// ```
///
/// # Errors
/// Those of [`parse_date`], or a value that is not a string.
pub fn date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
    deserializer.deserialize_str(DateVisitor)
}

/// `deserialize_with` for a timestamp field: [`parse_timestamp`].
///
/// # Errors
/// Those of [`parse_timestamp`], or a value that is not a string.
pub fn timestamp<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
    deserializer.deserialize_str(TimestampVisitor)
}

/// `deserialize_with` for an optional date field (with `#[serde(default)]`): `null` or [`date`].
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct Due {
///     #[serde(default, deserialize_with = "hoso_core::time::rfc3339::option_date")]
///     on: Option<jiff::civil::Date>,
/// }
/// assert_eq!(serde_json::from_str::<Due>(r#"{}"#).unwrap().on, None);
/// assert_eq!(serde_json::from_str::<Due>(r#"{"on": null}"#).unwrap().on, None);
/// assert!(serde_json::from_str::<Due>(r#"{"on": "2026-03-16T00:00"}"#).is_err());
/// ```
///
/// # Errors
/// Those of [`date`].
pub fn option_date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Date>, D::Error> {
    deserializer.deserialize_option(OptionOf(DateVisitor))
}

/// `deserialize_with` for an optional timestamp field (with `#[serde(default)]`): `null` or [`timestamp`].
///
/// # Errors
/// Those of [`timestamp`].
pub fn option_timestamp<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Timestamp>, D::Error> {
    deserializer.deserialize_option(OptionOf(TimestampVisitor))
}

/// `null`, or a string read by the visitor it wraps.
struct OptionOf<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for OptionOf<V> {
    type Value = Option<V::Value>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)?;
        f.write_str(", or null")
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self.0).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn what_rfc3339_allows_is_read_as_jiff_reads_it() {
        for text in [
            "2026-01-16T03:10:05Z",
            "2026-01-16t03:10:05z",
            "2026-01-16T10:10:05.123+07:00",
            "1999-12-31T23:59:59.999999999-05:30",
            "2026-01-16T03:10:05-00:00",
        ] {
            assert_eq!(
                parse_timestamp(text).ok(),
                text.parse::<Timestamp>().ok(),
                "{text}"
            );
            assert!(parse_timestamp(text).is_ok(), "{text}");
        }
        assert_eq!(parse_date("2024-02-29"), Ok(jiff::civil::date(2024, 2, 29)));
    }

    #[test]
    fn the_wider_grammars_jiff_reads_are_refused_without_quoting_the_value() {
        for text in [
            "2026-01-23T10:00",
            "2026-01-23[u-ca=iso8601]",
            "+002026-01-23",
            "20260123",
            "2026-01-23 ",
            "001090012345",
        ] {
            let e = parse_date(text).expect_err(text);
            assert!(!e.contains(text.trim()), "{e}");
        }
        for text in [
            "2026-01-23T10:00Z",
            "2026-01-23 10:00:00Z",
            "2026-01-23T10:00:00",
            "2026-01-23T10:00:00Z[UTC]",
            "2026-01-23T10:00:00+07",
            "20260123T100000Z",
            "2026-01-23T10:00:00.Z",
            "+002026-01-23T10:00:00Z",
        ] {
            let e = parse_timestamp(text).expect_err(text);
            assert!(!e.contains(text), "{e}");
        }
        for out_of_range in ["2026-13-01", "2026-02-30", "2026-00-10"] {
            assert!(parse_date(out_of_range).is_err(), "{out_of_range}");
        }
        for out_of_range in ["2026-01-23T24:00:01Z", "2026-01-23T10:00:00+24:00"] {
            assert!(parse_timestamp(out_of_range).is_err(), "{out_of_range}");
        }
    }

    #[test]
    fn the_usual_shapes_take_the_fast_path_and_agree_with_jiff() {
        for text in [
            "2026-01-16T03:10:05Z",
            "2026-01-16T10:10:05+07:00",
            "2026-01-16T10:10:05.123+07:00",
            "1999-12-31T23:59:59.999999999-05:30",
            "2024-02-29T00:00:00Z",
        ] {
            assert_eq!(
                fast(text),
                Some(text.parse::<Timestamp>().unwrap()),
                "{text}"
            );
        }
    }

    #[test]
    fn the_other_rfc3339_shapes_are_read_as_jiff_reads_them() {
        for text in [
            "2026-01-16t03:10:05z",
            "2026-01-16T03:10:60Z",
            "2026-02-30T00:00:00Z",
        ] {
            assert_eq!(fast(text), None, "{text}");
            assert_eq!(
                parse_timestamp(text).ok(),
                text.parse::<Timestamp>().ok(),
                "{text}"
            );
        }
    }

    /// Found by the Python peer's verdict test (benches/tests/peer_verdicts.rs): jiff's parser read these.
    #[test]
    fn what_is_not_rfc3339_is_refused() {
        for text in [
            "2026-01-16T03:10Z",
            "2026-01-16 03:10:05Z",
            "2026-01-16T03:10:05",
            "2026-01-16T03:10:05Z[UTC]",
            "2026-01-16T03:10:05+24:00",
            "+002026-01-16T03:10:05Z",
        ] {
            assert_eq!(fast(text), None, "{text}");
            assert!(parse_timestamp(text).is_err(), "{text}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn fast_and_jiff_agree(
            y in 0i32..10000, mo in 0i32..14, d in 0i32..33, h in 0i32..25, mi in 0i32..61, s in 0i32..62,
            frac in proptest::option::of(0u32..1_000_000_000), off in proptest::option::of((any::<bool>(), 0i32..25, 0i32..61)),
        ) {
            let mut text = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}");
            if let Some(f) = frac {
                text.push_str(&format!(".{f:09}"));
            }
            match off {
                None => text.push('Z'),
                Some((neg, oh, om)) => text.push_str(&format!("{}{oh:02}:{om:02}", if neg { '-' } else { '+' })),
            }
            if let Some(ts) = fast(&text) {
                prop_assert_eq!(Some(ts), text.parse::<Timestamp>().ok(), "{}", text);
            }
        }
    }
}
