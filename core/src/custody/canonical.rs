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

use serde::ser::{self, Serialize};
use serde_json::Value;
use std::borrow::Cow;
use std::fmt::Display;
use std::io::Write as _;
use std::ops::Range;

mod serializer;

use serializer::Canon;

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
        /// The number.
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
    /// The value could not be turned into JSON at all (e.g. an object key that is not a string).
    #[error("{path}: not representable as JSON: {message}")]
    NotJson {
        /// JSON path of the value.
        path: String,
        /// What went wrong.
        message: String,
    },
}

impl CanonicalError {
    /// The same error, one level further down: `segment` is `.name` or `[i]`.
    fn within(mut self, segment: impl Display) -> Self {
        let path = match &mut self {
            CanonicalError::NonIntegerNumber { path, .. }
            | CanonicalError::IntegerOutOfRange { path, .. }
            | CanonicalError::NotJson { path, .. } => path,
        };
        let rest = path.strip_prefix('$').unwrap_or(path.as_str()).to_owned();
        *path = format!("${segment}{rest}");
        self
    }
}

impl ser::Error for CanonicalError {
    fn custom<T: Display>(msg: T) -> Self {
        CanonicalError::NotJson {
            path: "$".into(),
            message: msg.to_string(),
        }
    }
}

/// The canonical (RFC 8785) bytes of any serialisable value.
///
/// The value is written straight from its `Serialize` implementation, without building a
/// `serde_json::Value` first.
///
/// ```
/// use hoso_core::custody::canonical::to_canonical_bytes;
/// let v = serde_json::json!({"b": [true, null], "a": "x\ny", "é": 1});
/// let bytes = to_canonical_bytes(&v).unwrap();
/// assert_eq!(String::from_utf8(bytes).unwrap(), r#"{"a":"x\ny","b":[true,null],"é":1}"#);
/// ```
pub fn to_canonical_bytes<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, CanonicalError> {
    let mut out = Vec::with_capacity(1024);
    value.serialize(Canon {
        out: &mut out,
        top: None,
    })?;
    Ok(out)
}

/// The canonical (RFC 8785) bytes of a JSON value.
pub fn canonicalize(value: &Value) -> Result<Vec<u8>, CanonicalError> {
    to_canonical_bytes(value)
}

/// Each member's name and the byte range of its `"name":value` text in a canonical object.
pub(crate) type MemberRanges = Vec<(String, Range<usize>)>;

/// The canonical bytes of an object, with the byte range of each member (`"name":value`) in them, in
/// canonical order.
///
/// Lets a caller build the canonical form of the object without some members (a record without its
/// signatures) from one pass over the value. A value that is not an object has no members.
pub(crate) fn canonical_object<T: Serialize + ?Sized>(
    value: &T,
) -> Result<(Vec<u8>, MemberRanges), CanonicalError> {
    let mut out = Vec::with_capacity(1024);
    let mut members = Vec::new();
    value.serialize(Canon {
        out: &mut out,
        top: Some(&mut members),
    })?;
    Ok((out, members))
}

/// The canonical object of [`canonical_object`] without the members named in `skip`.
pub(crate) fn without_members(
    bytes: &[u8],
    members: &[(String, Range<usize>)],
    skip: &[&str],
) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    out.push(b'{');
    for (name, range) in members {
        if skip.contains(&name.as_str()) {
            continue;
        }
        if out.len() > 1 {
            out.push(b',');
        }
        out.extend_from_slice(bytes.get(range.clone()).unwrap_or_default());
    }
    out.push(b'}');
    out
}

/// The path segment naming member `name`: `.name` for a plain name (ASCII letters, digits and `_`, not starting
/// with a digit), else the bracket form with the name as an escaped JSON string (`["a\nb"]`), so that no
/// character of a member name (a newline, a quote, a control character) reaches an error message raw.
fn member_segment(name: &str) -> String {
    let plain = name
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if plain {
        return format!(".{name}");
    }
    let mut quoted = Vec::with_capacity(name.len() + 4);
    quoted.push(b'[');
    write_string(&mut quoted, name);
    quoted.push(b']');
    // write_string writes UTF-8 text around a UTF-8 name.
    String::from_utf8_lossy(&quoted).into_owned()
}

/// RFC 8785 §3.2.3: member names compare as arrays of UTF-16 code units.
///
/// UTF-8 byte order equals code point order, which differs from UTF-16 order only between supplementary
/// characters (UTF-8 lead bytes F0..F4) and U+E000..U+FFFF (lead bytes EE, EF); names free of those bytes
/// compare as bytes.
fn sort_members(members: &mut [(Cow<'static, str>, Range<usize>)]) {
    if members
        .iter()
        .any(|(name, _)| name.bytes().any(|b| b >= 0xEE))
    {
        members.sort_by(|(a, _), (b, _)| a.encode_utf16().cmp(b.encode_utf16()));
    } else {
        members.sort_by(|(a, _), (b, _)| a.cmp(b));
    }
}

/// RFC 8785 §3.2.2.2 string serialisation (that of ECMAScript `JSON.stringify`).
fn write_string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut plain_from = 0;
    // Every character that needs escaping is ASCII, so a byte scan finds them all.
    for (i, &b) in bytes.iter().enumerate() {
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            0x08 => b"\\b",
            b'\t' => b"\\t",
            b'\n' => b"\\n",
            0x0c => b"\\f",
            b'\r' => b"\\r",
            0x00..=0x1f => b"",
            _ => continue,
        };
        out.extend_from_slice(bytes.get(plain_from..i).unwrap_or_default());
        if escape.is_empty() {
            let _ = write!(out, "\\u{b:04x}");
        } else {
            out.extend_from_slice(escape);
        }
        plain_from = i + 1;
    }
    out.extend_from_slice(bytes.get(plain_from..).unwrap_or_default());
    out.push(b'"');
}

fn write_integer(out: &mut Vec<u8>, magnitude: u64, negative: bool) -> Result<(), CanonicalError> {
    if magnitude > MAX_SAFE_INTEGER {
        let number = if negative {
            format!("-{magnitude}")
        } else {
            magnitude.to_string()
        };
        return Err(CanonicalError::IntegerOutOfRange {
            path: "$".into(),
            number,
        });
    }
    if negative {
        out.push(b'-');
    }
    let _ = write!(out, "{magnitude}");
    Ok(())
}
