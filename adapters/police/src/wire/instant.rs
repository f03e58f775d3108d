//! Reading timestamps and identifiers without detours (the decoding bench's hot path).
//!
//! RFC 3339 timestamps: the shape every police message uses (`2026-01-16T03:10:05Z`, or with
//! fractional seconds, or with a `±HH:MM` offset) is parsed by hand; anything else goes to jiff's full parser,
//! which also words the errors. Both give the same instant for every string the fast path accepts (tested).

use std::fmt;

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::Offset;
use serde::de::{self, Deserializer, Visitor};

fn digits(bytes: &[u8]) -> Option<i32> {
    bytes.iter().try_fold(0i32, |acc, &b| {
        b.is_ascii_digit().then(|| acc * 10 + i32::from(b - b'0'))
    })
}

/// The fast path; `None` means "ask jiff".
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

/// Parses an RFC 3339 timestamp as jiff does, faster for the usual shapes.
pub(crate) fn parse(text: &str) -> Result<Timestamp, jiff::Error> {
    match fast(text) {
        Some(ts) => Ok(ts),
        None => text.parse(),
    }
}

struct TimestampVisitor;

impl Visitor<'_> for TimestampVisitor {
    type Value = Timestamp;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an RFC 3339 timestamp with an offset")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Timestamp, E> {
        parse(v).map_err(E::custom)
    }
}

/// `deserialize_with` for a [`Timestamp`] field.
pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Timestamp, D::Error> {
    deserializer.deserialize_str(TimestampVisitor)
}

/// `deserialize_with` for an `Option<Timestamp>` field (with `#[serde(default)]`).
pub(crate) fn deserialize_option<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Timestamp>, D::Error> {
    struct OptionVisitor;
    impl<'de> Visitor<'de> for OptionVisitor {
        type Value = Option<Timestamp>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an RFC 3339 timestamp with an offset, or null")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(
            self,
            deserializer: D,
        ) -> Result<Self::Value, D::Error> {
            deserialize(deserializer).map(Some)
        }
    }
    deserializer.deserialize_option(OptionVisitor)
}

/// A timestamp read by [`deserialize`], for places that take a type rather than an attribute.
pub(crate) struct FastTimestamp(pub(crate) Timestamp);

impl<'de> de::Deserialize<'de> for FastTimestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize(deserializer).map(FastTimestamp)
    }
}

/// `deserialize_with` for an identifier: parses it from the borrowed text, without the intermediate `String`
/// that a `Cow<str>`-based `Deserialize` allocates.
pub(crate) fn identifier<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: std::str::FromStr,
    T::Err: fmt::Display,
{
    struct IdVisitor<T>(std::marker::PhantomData<T>);
    impl<T: std::str::FromStr> Visitor<'_> for IdVisitor<T>
    where
        T::Err: fmt::Display,
    {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an identifier as a string")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            v.parse().map_err(E::custom)
        }
    }
    deserializer.deserialize_str(IdVisitor(std::marker::PhantomData))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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
    fn anything_else_is_left_to_jiff() {
        for text in [
            "2026-01-16t03:10:05z",
            "2026-01-16T03:10:60Z",
            "2026-02-30T00:00:00Z",
            "2026-01-16T03:10Z",
            "2026-01-16 03:10:05Z",
            "2026-01-16T03:10:05",
        ] {
            assert_eq!(fast(text), None, "{text}");
            assert_eq!(parse(text).ok(), text.parse::<Timestamp>().ok(), "{text}");
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
