//! What people write and score: free text that `Debug` never shows, and a rating from 1 to 5.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::ComplaintError;

/// The longest [`FreeText`], in characters.
pub const MAX_TEXT_CHARS: usize = 4000;

/// Text a person wrote: a complaint's statement, a reason, a comment. It may hold personal data (a name, a
/// phone number), so `Debug` shows only its length. Never empty, at most [`MAX_TEXT_CHARS`] characters.
///
/// ```
/// use hoso_core::complaint::FreeText;
/// let t = FreeText::new("Gọi tôi ở số 0912345678")?;
/// assert_eq!(format!("{t:?}"), "FreeText(23 chars)");
/// assert!(FreeText::new("  ").is_err());
/// # Ok::<(), hoso_core::complaint::ComplaintError>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct FreeText(String);

impl FreeText {
    /// The text, checked: not blank, at most [`MAX_TEXT_CHARS`] characters.
    ///
    /// # Errors
    /// [`ComplaintError::EmptyText`], [`ComplaintError::TextTooLong`].
    pub fn new(text: impl Into<String>) -> Result<Self, ComplaintError> {
        let text = text.into();
        if text.trim().is_empty() {
            return Err(ComplaintError::EmptyText);
        }
        let chars = text.chars().count();
        if chars > MAX_TEXT_CHARS {
            return Err(ComplaintError::TextTooLong { chars });
        }
        Ok(FreeText(text))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for FreeText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FreeText({} chars)", self.0.chars().count())
    }
}

impl TryFrom<String> for FreeText {
    type Error = ComplaintError;
    fn try_from(s: String) -> Result<Self, ComplaintError> {
        FreeText::new(s)
    }
}

impl From<FreeText> for String {
    fn from(t: FreeText) -> String {
        t.0
    }
}

impl schemars::JsonSchema for FreeText {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "FreeText".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "minLength": 1,
            "maxLength": MAX_TEXT_CHARS,
            "pattern": "\\S"
        })
    }
}

/// A rating of the service from 1 (poor) to 5 (excellent).
///
/// ```
/// use hoso_core::complaint::Rating;
/// assert_eq!(Rating::new(5)?.get(), 5);
/// assert!(Rating::new(0).is_err());
/// assert!(serde_json::from_str::<Rating>("6").is_err());
/// # Ok::<(), hoso_core::complaint::ComplaintError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "u8")]
pub struct Rating(u8);

impl Rating {
    /// A rating, checked to be 1–5.
    ///
    /// # Errors
    /// [`ComplaintError::RatingOutOfRange`].
    pub fn new(value: i64) -> Result<Self, ComplaintError> {
        match u8::try_from(value) {
            Ok(v @ 1..=5) => Ok(Rating(v)),
            _ => Err(ComplaintError::RatingOutOfRange { value }),
        }
    }

    /// The value, 1–5.
    pub fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<i64> for Rating {
    type Error = ComplaintError;
    fn try_from(v: i64) -> Result<Self, ComplaintError> {
        Rating::new(v)
    }
}

impl From<Rating> for u8 {
    fn from(r: Rating) -> u8 {
        r.0
    }
}

impl schemars::JsonSchema for Rating {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Rating".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "integer", "minimum": 1, "maximum": 5 })
    }
}
