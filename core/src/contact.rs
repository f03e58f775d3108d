//! Contact details of applicants and recipients: phone numbers (personal data, redacted) and addresses.

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{AdminUnitCode, PostalCode};

/// A Vietnamese phone number, stored in national form (`0` and 9 digits).
///
/// It is personal data: `Debug` and `Display` show only the last 3 digits; [`PhoneNumber::reveal`] gives the
/// whole number for storage and exchange. Parsing it ([`FromStr`], `TryFrom<String>`, what a clerk types or
/// an XML format carries) accepts `0xxxxxxxxx`, `+84xxxxxxxxx` and `84xxxxxxxxx`, with spaces, dots or dashes
/// between digits. Its serde form is the national form only, as its JSON Schema says (`^0[0-9]{9}$`): a JSON
/// format whose schema is generated from it (the police's, the judicial office's) refuses what its schema
/// refuses ([`PhoneNumber::from_national`]).
///
/// ```
/// use hoso_core::contact::PhoneNumber;
/// assert_eq!("+84 912 345 678".parse::<PhoneNumber>().unwrap().reveal(), "0912345678");
/// let json: Result<PhoneNumber, _> = serde_json::from_str("\"0912-345-678\"");
/// assert!(json.is_err());
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(into = "String")]
pub struct PhoneNumber(String);

/// Why a phone number was refused. Never carries the number itself.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    /// A character other than a digit, space, dot, dash or a leading `+`.
    #[error("phone number: unexpected character at position {position}")]
    BadCharacter {
        /// 0-based character position.
        position: usize,
    },
    /// Not 10 digits in national form.
    #[error("phone number: {digits} digits in national form, expected 10 (0 and 9 digits)")]
    WrongLength {
        /// Digits counted in national form.
        digits: usize,
    },
}

impl<'de> Deserialize<'de> for PhoneNumber {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        PhoneNumber::from_national(&s).map_err(serde::de::Error::custom)
    }
}

impl PhoneNumber {
    /// The number written in national form exactly: `0` and 9 ASCII digits, nothing else (the serde form).
    ///
    /// ```
    /// use hoso_core::contact::{PhoneError, PhoneNumber};
    /// assert!(PhoneNumber::from_national("0912345678").is_ok());
    /// assert_eq!(
    ///     PhoneNumber::from_national("0912 345678"),
    ///     Err(PhoneError::BadCharacter { position: 4 })
    /// );
    /// ```
    pub fn from_national(s: &str) -> Result<Self, PhoneError> {
        if let Some(position) = s.chars().position(|c| !c.is_ascii_digit()) {
            return Err(PhoneError::BadCharacter { position });
        }
        if s.len() != 10 || !s.starts_with('0') {
            return Err(PhoneError::WrongLength { digits: s.len() });
        }
        Ok(PhoneNumber(s.to_owned()))
    }

    /// The whole number in national form, for storage and exchange only: never log it.
    pub fn reveal(&self) -> &str {
        &self.0
    }

    fn masked(&self) -> String {
        let n = self.0.len();
        format!(
            "{}{}",
            "*".repeat(n.saturating_sub(3)),
            self.0.get(n.saturating_sub(3)..).unwrap_or("")
        )
    }
}

impl FromStr for PhoneNumber {
    type Err = PhoneError;
    fn from_str(s: &str) -> Result<Self, PhoneError> {
        let mut digits = String::with_capacity(12);
        for (position, c) in s.trim().chars().enumerate() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '.' | '-' => {}
                '+' if position == 0 => {}
                _ => return Err(PhoneError::BadCharacter { position }),
            }
        }
        let national = match digits.strip_prefix("84") {
            Some(rest) if rest.len() == 9 => format!("0{rest}"),
            _ => digits,
        };
        if national.len() != 10 || !national.starts_with('0') {
            return Err(PhoneError::WrongLength {
                digits: national.len(),
            });
        }
        Ok(PhoneNumber(national))
    }
}

impl TryFrom<String> for PhoneNumber {
    type Error = PhoneError;
    fn try_from(s: String) -> Result<Self, PhoneError> {
        s.parse()
    }
}

impl From<PhoneNumber> for String {
    fn from(p: PhoneNumber) -> String {
        p.0
    }
}

impl fmt::Debug for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PhoneNumber({})", self.masked())
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl JsonSchema for PhoneNumber {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "PhoneNumber".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "Vietnamese phone number in national form (personal data).",
            "pattern": "^0[0-9]{9}$"
        })
    }
}

/// A postal address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Address {
    /// House number, street, hamlet: the free-text part.
    pub line: String,
    /// The smallest administrative unit (ward/commune), with its generation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<AdminUnitCode>,
    /// The postal code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<PostalCode>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_normalise_to_national_form() {
        for (input, national) in [
            ("0912345678", "0912345678"),
            ("+84 912 345 678", "0912345678"),
            ("84912345678", "0912345678"),
            ("091.234.5678", "0912345678"),
        ] {
            assert_eq!(
                input.parse::<PhoneNumber>().unwrap().reveal(),
                national,
                "{input}"
            );
        }
    }

    #[test]
    fn bad_phone_numbers_are_refused_without_echoing_them() {
        let err = "09123x5678".parse::<PhoneNumber>().unwrap_err();
        assert_eq!(err, PhoneError::BadCharacter { position: 5 });
        let err = "091234567".parse::<PhoneNumber>().unwrap_err();
        assert_eq!(err, PhoneError::WrongLength { digits: 9 });
        assert!(!err.to_string().contains("091234567"));
    }

    #[test]
    fn the_serde_form_is_the_national_form_only_as_the_json_schema_says() {
        let p: PhoneNumber = serde_json::from_str("\"0912345678\"").unwrap();
        assert_eq!(serde_json::to_string(&p).unwrap(), "\"0912345678\"");
        for written in [
            "09123-45678",
            "+84912345678",
            "84912345678",
            " 0912345678",
            "1912345678",
            "091234567",
            "09123456789",
        ] {
            let err = serde_json::from_str::<PhoneNumber>(&format!("\"{written}\"")).unwrap_err();
            assert!(!err.to_string().contains(written.trim()), "{err}");
        }
    }

    #[test]
    fn phone_number_debug_and_display_show_only_last_three_digits() {
        let p: PhoneNumber = "0912345678".parse().unwrap();
        assert_eq!(format!("{p}"), "*******678");
        assert_eq!(format!("{p:?}"), "PhoneNumber(*******678)");
        assert!(!format!("{p:?}").contains("0912345"));
    }
}
