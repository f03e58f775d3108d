//! Mã bưu chính: the Vietnamese postal code.

use std::fmt;
use std::str::FromStr;

use super::{IdError, IdKind, check_chars, string_identifier};

const RULE: &str = "postal code: 5 digits (Decision 2475/QĐ-BTTTT)";

/// Mã bưu chính quốc gia: the 5-digit national postal code (Decision 2475/QĐ-BTTTT of 29 December 2017,
/// in use from 1 January 2018), e.g. `10000` (Hà Nội), `70000` (Hồ Chí Minh City).
///
/// The first 2 digits identify the province, the 3rd and 4th the district-level zone, the 5th the
/// postal delivery point. Only the shape is checked: the code list itself is not shipped.
///
/// ```
/// let p: hoso_core::PostalCode = "10000".parse()?;
/// assert_eq!(p.province_prefix(), 10);
/// # Ok::<(), hoso_core::IdError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PostalCode([u8; 5]);

impl PostalCode {
    /// The code as written.
    pub fn as_str(&self) -> &str {
        // Only ASCII digits are ever stored.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    /// The first 2 digits, which identify the province (Decision 2475/QĐ-BTTTT).
    pub fn province_prefix(&self) -> u8 {
        (self.0[0] - b'0') * 10 + (self.0[1] - b'0')
    }
}

impl FromStr for PostalCode {
    type Err = IdError;

    fn from_str(s: &str) -> Result<Self, IdError> {
        check_chars(
            IdKind::PostalCode,
            s,
            || s.to_owned(),
            5,
            "5",
            RULE,
            |_, c| {
                if c.is_ascii_digit() {
                    Ok(())
                } else {
                    Err("a digit")
                }
            },
        )?;
        let mut digits = [0u8; 5];
        digits.copy_from_slice(s.as_bytes());
        Ok(PostalCode(digits))
    }
}

impl fmt::Display for PostalCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for PostalCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PostalCode({})", self.as_str())
    }
}

impl AsRef<str> for PostalCode {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

string_identifier!(PostalCode, as_str, "PostalCode", {
    "type": "string",
    "description": "Vietnamese national postal code: 5 digits (Decision 2475/QĐ-BTTTT).",
    "pattern": "^[0-9]{5}$"
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decision_2475_postal_code_is_5_digits() {
        for (s, prefix) in [("10000", 10), ("70000", 70), ("55000", 55), ("00000", 0)] {
            let p: PostalCode = s.parse().unwrap();
            assert_eq!((p.as_str(), p.province_prefix()), (s, prefix));
        }
        assert!(matches!(
            "".parse::<PostalCode>(),
            Err(IdError::Empty { .. })
        ));
        assert!(matches!(
            "1000".parse::<PostalCode>(),
            Err(IdError::Length { found: 4, .. })
        ));
        assert!(matches!(
            "100000".parse::<PostalCode>(),
            Err(IdError::Length { found: 6, .. })
        ));
        assert!(matches!(
            "10O00".parse::<PostalCode>(),
            Err(IdError::Character {
                position: 2,
                found: 'O',
                ..
            })
        ));
        assert!(matches!(
            "1000٠".parse::<PostalCode>(),
            Err(IdError::Character { position: 4, .. })
        ));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn display_and_serde_round_trip(s in "[0-9]{5}") {
            let p: PostalCode = s.parse().unwrap();
            proptest::prop_assert_eq!(p.to_string(), s);
            let json = serde_json::to_string(&p).unwrap();
            proptest::prop_assert_eq!(serde_json::from_str::<PostalCode>(&json).unwrap(), p);
        }
    }
}
