//! Bounded text: every free-text field of the format, borrowed from the input when it has no escapes.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::{Serialize, Serializer};

/// The longest text any field of the format may hold, in characters (Unicode scalar values, as JSON Schema's
/// `maxLength` counts them).
pub const MAX_TEXT_CHARS: usize = 1000;

/// A free-text field of the police format, at most [`MAX_TEXT_CHARS`] characters.
///
/// Decoding borrows the text from the input when the JSON string has no escapes, so that a decoded message
/// costs no allocation for text the caller only reads. The length is checked while parsing: an oversized
/// string is refused with its JSON path before it is copied anywhere.
///
/// ```
/// use hoso_police::wire::Text;
/// let t: Text<'_> = serde_json::from_str(r#""Cấp hộ chiếu""#).unwrap();
/// assert_eq!(t.as_str(), "Cấp hộ chiếu");
/// assert!(serde_json::from_str::<Text<'_>>(&format!("\"{}\"", "x".repeat(1001))).is_err());
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Text<'a>(Cow<'a, str>);

impl<'a> Text<'a> {
    /// Text borrowed from `s`, or `None` when it is longer than [`MAX_TEXT_CHARS`].
    pub fn new(s: &'a str) -> Option<Self> {
        within_limit(s).then_some(Text(Cow::Borrowed(s)))
    }

    /// Owned text, or `None` when it is longer than [`MAX_TEXT_CHARS`].
    pub fn owned(s: String) -> Option<Text<'static>> {
        within_limit(&s).then_some(Text(Cow::Owned(s)))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text as an owned `String` (no copy when it was already owned).
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }

    /// A copy that no longer borrows from the input.
    pub fn into_owned(self) -> Text<'static> {
        Text(Cow::Owned(self.0.into_owned()))
    }
}

fn within_limit(s: &str) -> bool {
    // A UTF-8 string of at most MAX bytes has at most MAX characters: count characters only for longer ones.
    s.len() <= MAX_TEXT_CHARS || s.chars().count() <= MAX_TEXT_CHARS
}

impl fmt::Debug for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Text<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a string of at most {MAX_TEXT_CHARS} characters")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Text::new(v).ok_or_else(|| too_long(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if within_limit(v) {
            Ok(Text(Cow::Owned(v.to_owned())))
        } else {
            Err(too_long(v))
        }
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        if within_limit(&v) {
            Ok(Text(Cow::Owned(v)))
        } else {
            Err(too_long(&v))
        }
    }
}

/// A string over the limit: a length error in characters, which the codec's classifier reads, leaving a string
/// visitor, as a text too long. Never the value itself.
fn too_long<E: de::Error>(v: &str) -> E {
    E::invalid_length(v.chars().count(), &TextVisitor)
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(TextVisitor)
    }
}

impl schemars::JsonSchema for Text<'_> {
    fn schema_name() -> Cow<'static, str> {
        "Text".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "maxLength": MAX_TEXT_CHARS })
    }
}

/// `deserialize_with` for a document's `sha256` (`Option<Text>`, with `#[serde(default)]`): the text must be 64
/// lowercase hexadecimal digits, as the v2 schema's pattern `^[0-9a-f]{64}$` says, or `null`. The error never
/// quotes the value.
pub(crate) fn option_sha256<'de: 'a, 'a, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Text<'a>>, D::Error> {
    let text = Option::<Text<'a>>::deserialize(deserializer)?;
    match &text {
        Some(t) if !is_sha256_hex(t.as_str()) => Err(de::Error::invalid_value(
            de::Unexpected::Other("a string that is not 64 lowercase hexadecimal digits"),
            &"a SHA-256 digest in 64 lowercase hexadecimal digits",
        )),
        _ => Ok(text),
    }
}

/// Whether `s` is a SHA-256 digest written as the police format writes it: 64 digits of `0-9a-f`.
pub(crate) fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}
