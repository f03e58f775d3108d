//! Reading timestamps and identifiers without detours (the decoding bench's hot path).
//!
//! Timestamps are RFC 3339's, read by [`hoso_core::time::rfc3339`] (a fast path for the shape every police
//! message uses, then the strict reader); identifiers are parsed from the borrowed text.

use std::fmt;

use jiff::Timestamp;
use serde::de::{self, Deserializer, Visitor};

/// `deserialize_with` for a [`Timestamp`] field.
pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Timestamp, D::Error> {
    hoso_core::time::rfc3339::timestamp(deserializer)
}

/// `deserialize_with` for an `Option<Timestamp>` field (with `#[serde(default)]`).
pub(crate) fn deserialize_option<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Timestamp>, D::Error> {
    hoso_core::time::rfc3339::option_timestamp(deserializer)
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
