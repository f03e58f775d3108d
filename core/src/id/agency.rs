//! Mã cơ quan: the code of the agency (one-stop department) that receives dossiers.

use std::fmt;
use std::str::FromStr;

use super::{IdError, IdKind, check_dotted, string_identifier};

const RULE: &str = "agency code: 2 to 32 uppercase ASCII letters, digits and single inner dots";

/// Mã đơn vị: the code of a receiving agency as used in dossier codes (Circular 01/2018/TT-VPCP Art 19),
/// e.g. `000.00.01.H22` (a provincial department), `H22.31`, `G01`.
///
/// Agencies publish several code systems (the e-government directory codes of Circular 39/2017/TT-BTTTT,
/// ministry codes, local codes), so the grammar accepts all of them while staying unambiguous inside a
/// dossier code:
///
/// ```text
/// agency  = segment *( "." segment )        ; 2 to 32 characters in total
/// segment = 1*( %x41-5A / %x30-39 )         ; uppercase ASCII letters and digits
/// ```
///
/// No lowercase, no `-` (it separates the parts of a [`DossierCode`](crate::DossierCode)), no leading,
/// trailing or double dot.
///
/// ```
/// use hoso_core::AgencyCode;
///
/// let a: AgencyCode = "000.00.01.H22".parse()?;
/// assert_eq!(a.as_str(), "000.00.01.H22");
/// assert!("000..01.H22".parse::<AgencyCode>().is_err());
/// assert!("H22-31".parse::<AgencyCode>().is_err());
/// # Ok::<(), hoso_core::IdError>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AgencyCode(Box<str>);

impl AgencyCode {
    /// The code as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Wraps a string already checked by [`AgencyCode::validate`].
    pub(super) fn from_validated(s: &str) -> Self {
        AgencyCode(s.into())
    }

    /// Validates `s` as an agency code; `whole` and `offset` place errors inside a longer identifier.
    pub(super) fn validate(
        kind: IdKind,
        whole: &str,
        s: &str,
        offset: usize,
    ) -> Result<(), IdError> {
        let n = s.chars().count();
        if n == 0 && whole.is_empty() {
            return Err(IdError::Empty { kind, rule: RULE });
        }
        if !(2..=32).contains(&n) {
            return Err(IdError::Length {
                kind,
                value: whole.to_owned(),
                found: n,
                expected: "2 to 32",
                rule: RULE,
            });
        }
        check_dotted(kind, whole, s, offset, RULE)
    }
}

impl FromStr for AgencyCode {
    type Err = IdError;

    fn from_str(s: &str) -> Result<Self, IdError> {
        Self::validate(IdKind::AgencyCode, s, s, 0)?;
        Ok(AgencyCode(s.into()))
    }
}

impl fmt::Display for AgencyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for AgencyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AgencyCode({})", self.0)
    }
}

impl AsRef<str> for AgencyCode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

string_identifier!(AgencyCode, as_str, "AgencyCode", {
    "type": "string",
    "description": "Receiving agency code: uppercase letters and digits in dot-separated segments.",
    "minLength": 2,
    "maxLength": 32,
    "pattern": "^[0-9A-Z]+(\\.[0-9A-Z]+)*$"
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agency_code_grammar_accepts_published_forms() {
        for s in [
            "000.00.01.H22",
            "H22.31",
            "G01",
            "000.00.00.H56",
            "XA.H19.123",
            "01",
            "A1B2C3",
        ] {
            let a: AgencyCode = s.parse().unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(a.to_string(), s);
        }
        assert!("A".repeat(32).parse::<AgencyCode>().is_ok());
    }

    #[test]
    fn agency_code_grammar_refusals() {
        let cases: &[(&str, &str)] = &[
            ("", "empty"),
            ("H", "length"),
            ("A23456789012345678901234567890123", "length"),
            (".H22", "segment@0"),
            ("H22.", "segment@3"),
            ("000..01", "segment@4"),
            ("H22-31", "char@3"),
            ("h22", "char@0"),
            ("H 22", "char@1"),
            ("SỞ.TP", "char@1"),
        ];
        for (s, what) in cases {
            let got = s.parse::<AgencyCode>();
            let ok = match (got.as_ref().err(), *what) {
                (Some(IdError::Empty { .. }), "empty") => true,
                (Some(IdError::Length { .. }), "length") => true,
                (Some(IdError::EmptySegment { position, .. }), w) => {
                    w == format!("segment@{position}")
                }
                (Some(IdError::Character { position, .. }), w) => w == format!("char@{position}"),
                _ => false,
            };
            assert!(ok, "{s:?}: expected {what}, got {got:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]
        #[test]
        // At most 6 + 3 × 7 = 27 characters: always within the 32 allowed.
        fn display_and_serde_round_trip(s in "[0-9A-Z]{1,6}(\\.[0-9A-Z]{1,6}){1,3}") {
            let a: AgencyCode = s.parse().unwrap();
            proptest::prop_assert_eq!(a.to_string().parse::<AgencyCode>().unwrap(), a.clone());
            let json = serde_json::to_string(&a).unwrap();
            proptest::prop_assert_eq!(serde_json::from_str::<AgencyCode>(&json).unwrap(), a);
        }
    }
}
