//! Reading JSON strictly: a NUL character (`\u0000`) in a string is an error for every reader, and a key
//! given twice in one object is one for the readers that walk a value rather than deserialise a struct.
//!
//! A NUL, which JSON allows, is refused later by PostgreSQL (its `text` and `jsonb` cannot hold one) and
//! cannot be written in XML, so a message holding one would be accepted here and fail, or be cut, where it is
//! stored or forwarded. Two entry points say so, with one rule ([`NUL_REFUSED`]):
//!
//! - [`refuse_nul`], for the readers that deserialise structs (the police, judicial and VNPost decoders,
//!   the catalogue, evidence files, trust anchors): a scan of the raw bytes for the escape before serde
//!   reads them, so a valid document pays one `memchr` pass and nothing else; only when one is found is the
//!   document walked to name the JSON path of the string that holds it.
//! - [`strict_value`], for the readers that walk a [`Value`] (holiday schedules, portal replies), which also
//!   refuses a repeated key: `serde_json::from_slice::<Value>` keeps the last of two equal keys, so a file
//!   that says `"year": 2026` then `"year": 2027` reads as 2027 without a word. Structs deserialised with
//!   serde refuse a repeated field already.

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// What a reader says of a NUL character in a string, wherever it finds one.
pub const NUL_REFUSED: &str =
    "a NUL character (\\u0000) in a string, which no store or XML document can hold";

/// A NUL character (`\u0000`) in a string of a JSON document: where it is. It names the place, never the
/// text around it (which may be personal data).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{NUL_REFUSED}, at {path} (line {line}, column {column})")]
pub struct NulCharacter {
    /// The JSON path of the string (`$.payload.applicant.fullName`, `$.documents[2]`; `$` when the document
    /// is malformed before it, so that no path can be told). A member name that does not look like a
    /// format's own (ASCII letters, digits and `_-:@$`, not starting with a digit) is written `?`: names come
    /// from the input too.
    pub path: String,
    /// 1-based line of the escape.
    pub line: usize,
    /// 1-based column of the escape, in characters.
    pub column: usize,
    /// Byte offset of the escape's backslash.
    pub offset: usize,
}

/// Refuses `bytes` if a string of it holds a NUL character: JSON writes one only as the escape `\u0000`
/// (a raw NUL byte is not JSON, and serde_json refuses it), so the raw bytes are scanned for the escape, an
/// escaped backslash (`\\u0000`, the six characters `\u0000`) not being one. Anything else about the
/// document is left to the reader that follows.
///
/// ```
/// use hoso_core::json::refuse_nul;
/// assert!(refuse_nul(br#"{"name": "a\\u0000b"}"#).is_ok()); // a backslash, then "u0000"
/// let nul = refuse_nul(b"{\"payload\": {\"names\": [\"a\",\n  \"b\\u0000\"]}}").unwrap_err();
/// assert_eq!((nul.path.as_str(), nul.line, nul.column), ("$.payload.names[1]", 2, 5));
/// assert!(nul.to_string().starts_with("a NUL character"), "{nul}");
/// ```
///
/// # Errors
/// [`NulCharacter`], at the first NUL.
pub fn refuse_nul(bytes: &[u8]) -> Result<(), NulCharacter> {
    let Some(offset) = nul_escape(bytes) else {
        return Ok(());
    };
    let (line, column) = line_column(bytes, offset);
    let path = RefCell::new(Vec::new());
    let found = RefCell::new(None);
    let mut de = serde_json::Deserializer::from_slice(bytes);
    // Only to name the path: a document malformed before the NUL stops the walk, and is refused all the same.
    let _ = Walk {
        path: &path,
        found: &found,
    }
    .deserialize(&mut de);
    let path = found.into_inner().unwrap_or_else(|| "$".to_owned());
    Err(NulCharacter {
        path,
        line,
        column,
        offset,
    })
}

/// The offset of the first `\u0000` escape in `bytes`. In JSON a backslash appears only in a string, where
/// it starts an escape of two characters (`\"`, `\\`, ...) or six (`\uXXXX`); so from each backslash the
/// next one to look at is two bytes on, and a `\u` there is an escape, not the tail of an escaped backslash.
fn nul_escape(bytes: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = memchr::memchr(b'\\', bytes.get(from..)?) {
        let at = from + i;
        if bytes.get(at + 1..at + 6) == Some(b"u0000") {
            return Some(at);
        }
        from = at + 2;
    }
    None
}

/// The 1-based line and column of a byte offset in `input`; the column counts characters (a byte is a new
/// character unless it is a UTF-8 continuation byte, so bytes that are not UTF-8 count one each).
pub(crate) fn line_column(input: &[u8], offset: usize) -> (usize, usize) {
    let before = input.get(..offset.min(input.len())).unwrap_or_default();
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = before
        .get(line_start..)
        .unwrap_or_default()
        .iter()
        .filter(|&&b| b & 0xC0 != 0x80)
        .count()
        + 1;
    (line, column)
}

/// One step of a JSON path.
enum Step {
    Member(String),
    Item(usize),
}

/// A walk of any JSON value that stops at the first string holding a NUL, its path put in `found`.
#[derive(Clone, Copy)]
struct Walk<'a> {
    path: &'a RefCell<Vec<Step>>,
    found: &'a RefCell<Option<String>>,
}

impl Walk<'_> {
    /// Refuses `s` if it holds a NUL, the path so far put in `found`.
    fn check<E: de::Error>(self, s: &str) -> Result<(), E> {
        text(s).inspect_err(|_| {
            let mut at = String::from("$");
            for step in self.path.borrow().iter() {
                match step {
                    Step::Member(name) if plain(name) => {
                        at.push('.');
                        at.push_str(name);
                    }
                    Step::Member(_) => at.push_str(".?"),
                    Step::Item(i) => at.push_str(&format!("[{i}]")),
                }
            }
            *self.found.borrow_mut() = Some(at);
        })
    }

    fn within<T>(self, step: Step, f: impl FnOnce() -> T) -> T {
        self.path.borrow_mut().push(step);
        let out = f();
        self.path.borrow_mut().pop();
        out
    }
}

/// Whether a member name may be quoted in a path: a short name of ASCII letters, digits and `_-:@$` that
/// does not start with a digit, as the formats' own names are (`payload`, `_id`, `rh:doc`); a name that does
/// not look so may be data (a number, a person's name) and is written `?`.
fn plain(name: &str) -> bool {
    name.len() <= 64
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-:@$".contains(c))
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.check(v)
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0;
        while self
            .within(Step::Item(i), || seq.next_element_seed(self))?
            .is_some()
        {
            i += 1;
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(name) = map.next_key::<String>()? {
            let named = name.clone();
            self.within(Step::Member(name), || {
                // A NUL in the name: the path ends at the member.
                self.check::<A::Error>(&named)?;
                map.next_value_seed(self)
            })?;
        }
        Ok(())
    }
}

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
        return Err(E::custom(NUL_REFUSED));
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
    fn a_nul_escape_is_found_and_an_escaped_backslash_is_not_one() {
        for clean in [
            &br#"{"a": "\\u0000"}"#[..], // a backslash, then the text u0000
            br#"{"a": "\\\\u0000"}"#,    // two backslashes, then u0000
            br#"{"a": "\"\u0001\u1000\u0100\u000a"}"#.as_slice(),
            br#"{"a": "\u0000"#.get(..10).unwrap_or_default(), // cut before the digits
            b"\\",
            b"",
        ] {
            assert_eq!(
                refuse_nul(clean),
                Ok(()),
                "{}",
                String::from_utf8_lossy(clean)
            );
        }
        for (nul, path) in [
            (&br#"{"a": "x\u0000"}"#[..], "$.a"),
            (br#"{"a": "\\\u0000"}"#, "$.a"), // an escaped backslash, then a NUL
            (br#"[1, {"b": [true, "\u0000"]}]"#, "$[1].b[1]"),
            (br#"{"k\u0000": 1}"#, "$.?"),
            (br#"{"1 2": {"c": "\u0000"}}"#, "$.?.c"),
            (br#"{"a": [}, "\u0000"]"#, "$"), // malformed before it: no path, still refused
            (b"\\u0000", "$"),
        ] {
            let e = refuse_nul(nul).unwrap_err();
            assert_eq!(e.path, path, "{}", String::from_utf8_lossy(nul));
            assert_eq!(nul.get(e.offset..e.offset + 6), Some(&br"\u0000"[..]));
        }
    }

    #[test]
    fn a_nul_is_located_by_line_and_column_in_characters() {
        let e = refuse_nul("{\n \"tên\": \"Nguyễn\\u0000\"}".as_bytes()).unwrap_err();
        assert_eq!((e.line, e.column, e.path.as_str()), (2, 16, "$.?"));
        assert!(!e.to_string().contains("Nguy"), "{e}");
    }

    #[test]
    fn nesting_is_bounded_by_serde_json() {
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        assert!(strict_value(deep.as_bytes()).is_err());
    }
}
