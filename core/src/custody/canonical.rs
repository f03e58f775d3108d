//! The canonical byte form of custody records: RFC 8785, the JSON Canonicalization Scheme (JCS).
//!
//! Records hold only strings, integers, booleans, null, arrays and objects, so this module implements
//! JCS for that subset and refuses the rest:
//!
//! - objects: members sorted by the UTF-16 code units of their names (RFC 8785 §3.2.3), no whitespace;
//! - strings: the escaping of ECMAScript `JSON.stringify` (RFC 8785 §3.2.2.2): `\"`, `\\`, the short
//!   escapes `\b \t \n \f \r`, `\u00xx` (lowercase hex) for the other control characters, every other
//!   character as itself in UTF-8;
//! - integers: decimal digits as ECMAScript prints them; only integers a double holds exactly
//!   (|n| ≤ 2⁵³ − 1) are accepted, so a canonical integer never changes its meaning;
//! - numbers with a fraction or exponent are refused ([`CanonicalError::NonIntegerNumber`]): money,
//!   coordinates and counts are integers in `hoso`.

use serde::Serialize;
use serde_json::{Map, Value};
use std::fmt::Write as _;

/// The largest integer that an IEEE 754 double (the number type of RFC 8785) holds exactly: 2⁵³ − 1.
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// A value that has no canonical form in the subset of RFC 8785 that `hoso` uses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CanonicalError {
    /// A number with a fraction or an exponent; records carry integers only.
    #[error("{path}: number {number} is not an integer; canonical records carry integers only")]
    NonIntegerNumber {
        /// JSON path of the number (e.g. `$.items[0].count`).
        path: String,
        /// The number as serde_json printed it.
        number: String,
    },
    /// An integer outside ±(2⁵³ − 1), which RFC 8785's doubles cannot hold exactly.
    #[error(
        "{path}: integer {number} is outside ±(2^53 - 1) (RFC 8785 numbers are IEEE 754 doubles)"
    )]
    IntegerOutOfRange {
        /// JSON path of the number.
        path: String,
        /// The integer.
        number: String,
    },
    /// The value could not be turned into JSON at all.
    #[error("not representable as JSON: {0}")]
    NotJson(String),
}

/// The canonical (RFC 8785) bytes of any serialisable value.
///
/// ```
/// use hoso_core::custody::canonical::to_canonical_bytes;
/// let v = serde_json::json!({"b": [true, null], "a": "x\ny", "é": 1});
/// let bytes = to_canonical_bytes(&v).unwrap();
/// assert_eq!(String::from_utf8(bytes).unwrap(), r#"{"a":"x\ny","b":[true,null],"é":1}"#);
/// ```
pub fn to_canonical_bytes<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, CanonicalError> {
    let value = serde_json::to_value(value).map_err(|e| CanonicalError::NotJson(e.to_string()))?;
    canonicalize(&value)
}

/// The canonical (RFC 8785) bytes of a JSON value.
pub fn canonicalize(value: &Value) -> Result<Vec<u8>, CanonicalError> {
    let mut out = String::with_capacity(256);
    write_value(&mut out, value, &mut PathBuf::root())?;
    Ok(out.into_bytes())
}

/// The canonical bytes of an object's members, each as `"name":value`, sorted as RFC 8785 sorts them.
///
/// Lets a caller build the canonical form of the object with and without some members (a record with and
/// without its signatures) from one pass over the value.
pub(crate) fn canonical_members(
    map: &Map<String, Value>,
) -> Result<Vec<(String, String)>, CanonicalError> {
    let mut path = PathBuf::root();
    let mut members = Vec::with_capacity(map.len());
    for (name, value) in sorted_members(map) {
        let mut out = String::with_capacity(64);
        write_string(&mut out, name);
        out.push(':');
        path.push_key(name);
        write_value(&mut out, value, &mut path)?;
        path.pop();
        members.push((name.clone(), out));
    }
    Ok(members)
}

/// Joins member texts from [`canonical_members`] into a canonical object, leaving out those `skip` names.
pub(crate) fn join_members(members: &[(String, String)], skip: &[&str]) -> Vec<u8> {
    let mut out = Vec::with_capacity(members.iter().map(|(_, m)| m.len() + 1).sum::<usize>() + 2);
    out.push(b'{');
    let mut first = true;
    for (name, text) in members {
        if skip.contains(&name.as_str()) {
            continue;
        }
        if !first {
            out.push(b',');
        }
        first = false;
        out.extend_from_slice(text.as_bytes());
    }
    out.push(b'}');
    out
}

fn sorted_members(map: &Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut members: Vec<_> = map.iter().collect();
    // RFC 8785 §3.2.3: compare names as arrays of UTF-16 code units. For names that are all below
    // U+D800 or all in the BMP above U+E000 this equals byte order; it differs for supplementary
    // characters against U+E000..U+FFFF, so compare the real code units.
    members.sort_by(|(a, _), (b, _)| a.encode_utf16().cmp(b.encode_utf16()));
    members
}

fn write_value<'a>(
    out: &mut String,
    value: &'a Value,
    path: &mut PathBuf<'a>,
) -> Result<(), CanonicalError> {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                if i.unsigned_abs() > MAX_SAFE_INTEGER {
                    return Err(CanonicalError::IntegerOutOfRange {
                        path: path.render(),
                        number: i.to_string(),
                    });
                }
                let _ = write!(out, "{i}");
            } else if let Some(u) = n.as_u64() {
                if u > MAX_SAFE_INTEGER {
                    return Err(CanonicalError::IntegerOutOfRange {
                        path: path.render(),
                        number: u.to_string(),
                    });
                }
                let _ = write!(out, "{u}");
            } else {
                return Err(CanonicalError::NonIntegerNumber {
                    path: path.render(),
                    number: n.to_string(),
                });
            }
        }
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                path.push_index(i);
                write_value(out, item, path)?;
                path.pop();
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (name, item)) in sorted_members(map).into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, name);
                out.push(':');
                path.push_key(name);
                write_value(out, item, path)?;
                path.pop();
            }
            out.push('}');
        }
    }
    Ok(())
}

/// RFC 8785 §3.2.2.2 string serialisation (that of ECMAScript `JSON.stringify`).
fn write_string(out: &mut String, s: &str) {
    out.push('"');
    let mut plain_from = 0;
    for (i, c) in s.char_indices() {
        let escape: Option<&str> = match c {
            '"' => Some("\\\""),
            '\\' => Some("\\\\"),
            '\u{8}' => Some("\\b"),
            '\t' => Some("\\t"),
            '\n' => Some("\\n"),
            '\u{c}' => Some("\\f"),
            '\r' => Some("\\r"),
            c if c < ' ' => None,
            _ => continue,
        };
        out.push_str(&s[plain_from..i]);
        match escape {
            Some(e) => out.push_str(e),
            None => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
        }
        plain_from = i + c.len_utf8();
    }
    out.push_str(&s[plain_from..]);
    out.push('"');
}

/// A JSON path under construction, for error messages (`$.records[2].items[0].count`).
struct PathBuf<'a> {
    parts: Vec<PathPart<'a>>,
}

enum PathPart<'a> {
    Key(&'a str),
    Index(usize),
}

impl<'a> PathBuf<'a> {
    fn root() -> Self {
        PathBuf { parts: Vec::new() }
    }
    fn push_key(&mut self, key: &'a str) {
        self.parts.push(PathPart::Key(key));
    }
    fn push_index(&mut self, i: usize) {
        self.parts.push(PathPart::Index(i));
    }
    fn pop(&mut self) {
        self.parts.pop();
    }
    fn render(&self) -> String {
        let mut s = String::from("$");
        for part in &self.parts {
            match part {
                PathPart::Key(k) => {
                    let _ = write!(s, ".{k}");
                }
                PathPart::Index(i) => {
                    let _ = write!(s, "[{i}]");
                }
            }
        }
        s
    }
}
