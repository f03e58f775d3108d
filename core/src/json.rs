//! Reading JSON into a [`serde_json::Value`] strictly, for the readers that walk a value rather than
//! deserialise a struct: a key given twice in one object and a NUL character (`\u0000`) in a string are
//! errors, at their line and column.
//!
//! `serde_json::from_slice::<Value>` keeps the last of two equal keys, so a file that says `"year": 2026`
//! then `"year": 2027` reads as 2027 without a word; and a NUL, which JSON allows, is refused later by
//! PostgreSQL (its `text` and `jsonb` cannot hold one) and cannot be written in XML, so a value holding one
//! would be accepted here and fail where it is stored or forwarded. Structs deserialised with serde refuse a
//! repeated field already; this is the same rule for values.

use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// `bytes` as one JSON value, refusing repeated keys, NUL characters and anything after the value.
///
/// ```
/// let value = hoso_core::json::strict_value(br#"{"year": 2026, "days_off": []}"#)?;
/// assert_eq!(value["year"], 2026);
///
/// let twice = hoso_core::json::strict_value(b"{\"year\": 2026,\n \"year\": 2027}").unwrap_err();
/// assert_eq!((twice.line(), twice.to_string().contains("key `year` given twice")), (2, true));
/// let nul = hoso_core::json::strict_value(br#"{"name": "a\u0000b"}"#).unwrap_err();
/// assert!(nul.to_string().contains("NUL"), "{nul}");
/// # Ok::<(), serde_json::Error>(())
/// ```
///
/// # Errors
/// serde_json's error, with its line and column: bad syntax, a repeated key, a NUL, trailing characters,
/// nesting deeper than serde_json's limit (128).
pub fn strict_value(bytes: &[u8]) -> Result<Value, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = Strict.deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

/// The seed and visitor that build a [`Value`] with the checks.
#[derive(Clone, Copy)]
struct Strict;

impl<'de> DeserializeSeed<'de> for Strict {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

fn text<E: de::Error>(s: &str) -> Result<(), E> {
    if s.contains('\0') {
        return Err(E::custom(
            "a NUL character (\\u0000) in a string, which no store or XML document can hold",
        ));
    }
    Ok(())
}

impl<'de> Visitor<'de> for Strict {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(v.into())
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(v.into())
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(v.into())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        text(v)?;
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        text(&v)?;
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element_seed(Strict)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut members = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            text(&key)?;
            if members.contains_key(&key) {
                return Err(de::Error::custom(format!("key `{key}` given twice")));
            }
            let value = map.next_value_seed(Strict)?;
            members.insert(key, value);
        }
        Ok(Value::Object(members))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_as_serde_json_reads_them() {
        let text = br#"{"a": [1, -2, 3.5, true, null, "x"], "b": {"c": {}}}"#;
        let loose: Value = serde_json::from_slice(text).unwrap();
        assert_eq!(strict_value(text).unwrap(), loose);
    }

    #[test]
    fn repeats_nul_and_trailing_data_are_refused_where_they_are() {
        let nested = strict_value(b"{\"a\": [{\"k\": 1, \"j\": 2, \"k\": 3}]}").unwrap_err();
        assert!(
            nested.to_string().contains("key `k` given twice"),
            "{nested}"
        );
        assert!(strict_value(b"{\"a\\u0000\": 1}").is_err());
        assert!(strict_value(b"[\"\\u0000\"]").is_err());
        assert!(strict_value(b"{} {}").is_err());
        // Equal keys in different objects are fine.
        assert!(strict_value(br#"[{"k": 1}, {"k": 2}]"#).is_ok());
    }

    #[test]
    fn nesting_is_bounded_by_serde_json() {
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        assert!(strict_value(deep.as_bytes()).is_err());
    }
}
