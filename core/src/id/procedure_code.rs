//! Mã thủ tục hành chính: the code of an administrative procedure in the national database.

use std::fmt;
use std::str::FromStr;

use super::{IdError, IdKind, check_dotted, string_identifier};

const RULE: &str =
    "procedure code: d.dddddd, optionally followed by .SUFFIX (uppercase letters, digits, dots)";

/// Mã TTHC: the code of an administrative procedure in the national database of administrative
/// procedures (Cơ sở dữ liệu quốc gia về TTHC, Decree 63/2010/NĐ-CP as amended by Decree 92/2017/NĐ-CP),
/// e.g. `1.013978`, `2.000488`, optionally with the suffix an agency or locality appends:
/// `2.000488.000.00.00.H56`, `1.012753.H19`.
///
/// Grammar (at most 41 characters):
///
/// ```text
/// code     = national [ "." suffix ]
/// national = DIGIT "." 6DIGIT                  ; e.g. 1.013978
/// suffix   = segment *( "." segment )          ; 1 to 32 characters, as an AgencyCode
/// segment  = 1*( %x41-5A / %x30-39 )           ; uppercase ASCII letters and digits
/// ```
///
/// ```
/// use hoso_core::ProcedureCode;
///
/// let p: ProcedureCode = "2.000488.000.00.00.H56".parse()?;
/// assert_eq!(p.national(), "2.000488");
/// assert_eq!(p.suffix(), Some("000.00.00.H56"));
/// assert_eq!("1.013978".parse::<ProcedureCode>()?.suffix(), None);
/// # Ok::<(), hoso_core::IdError>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProcedureCode(Box<str>);

impl ProcedureCode {
    /// The code as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The national part `d.dddddd`.
    pub fn national(&self) -> &str {
        self.0.get(..8).unwrap_or_default()
    }

    /// The agency suffix after the national part, without its leading dot.
    pub fn suffix(&self) -> Option<&str> {
        self.0.get(9..).filter(|s| !s.is_empty())
    }
}

impl FromStr for ProcedureCode {
    type Err = IdError;

    fn from_str(s: &str) -> Result<Self, IdError> {
        let kind = IdKind::ProcedureCode;
        if s.is_empty() {
            return Err(IdError::Empty { kind, rule: RULE });
        }
        let n = s.chars().count();
        if n < 8 || n == 9 || n > 41 {
            return Err(IdError::Length {
                kind,
                value: s.to_owned(),
                found: n,
                expected: "8, or 10 to 41",
                rule: RULE,
            });
        }
        for (position, c) in s.chars().enumerate().take(9) {
            let expected = match position {
                1 | 8 if c == '.' => continue,
                1 | 8 => "a dot",
                _ if c.is_ascii_digit() => continue,
                _ => "a digit",
            };
            return Err(IdError::Character {
                kind,
                value: s.to_owned(),
                position,
                found: c,
                expected,
                rule: RULE,
            });
        }
        if n > 8 {
            // Positions 0..9 are ASCII, so byte 9 starts the suffix.
            check_dotted(kind, s, s.get(9..).unwrap_or_default(), 9, RULE)?;
        }
        Ok(ProcedureCode(s.into()))
    }
}

impl fmt::Display for ProcedureCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for ProcedureCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ProcedureCode({})", self.0)
    }
}

impl AsRef<str> for ProcedureCode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

string_identifier!(ProcedureCode, as_str, "ProcedureCode", {
    "type": "string",
    "description": "National administrative procedure code d.dddddd, optionally with an agency suffix.",
    "maxLength": 41,
    "pattern": "^[0-9]\\.[0-9]{6}(\\.[0-9A-Z]+)*$"
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_and_suffixed_forms_parse() {
        for (s, national, suffix) in [
            ("1.013978", "1.013978", None),
            ("2.000488", "2.000488", None),
            ("1.002820", "1.002820", None),
            ("2.000488.000.00.00.H56", "2.000488", Some("000.00.00.H56")),
            ("1.012753.H19", "1.012753", Some("H19")),
            ("3.000123.X", "3.000123", Some("X")),
        ] {
            let p: ProcedureCode = s.parse().unwrap_or_else(|e| panic!("{e}"));
            assert_eq!((p.national(), p.suffix()), (national, suffix), "{s}");
            assert_eq!(p.to_string(), s);
        }
    }

    #[test]
    fn malformed_codes_are_refused_with_position() {
        let cases: &[(&str, &str)] = &[
            ("", "empty"),
            ("1.01397", "length"),
            ("1.0139788", "length"),
            ("1.013978.", "length"),
            ("1,013978", "char@1"),
            ("1.01397A", "char@7"),
            ("A.013978", "char@0"),
            ("1.013978-H19", "char@8"),
            ("1.013978.h19", "char@9"),
            ("1.013978..H19", "segment@9"),
            ("1.013978.H19.", "segment@12"),
            ("12.01397", "char@1"),
        ];
        for (s, what) in cases {
            let got = s.parse::<ProcedureCode>();
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
        fn display_and_serde_round_trip(s in "[0-9]\\.[0-9]{6}(\\.[0-9A-Z]{1,5}){0,4}") {
            let p: ProcedureCode = s.parse().unwrap();
            proptest::prop_assert_eq!(p.to_string().parse::<ProcedureCode>().unwrap(), p.clone());
            let json = serde_json::to_string(&p).unwrap();
            proptest::prop_assert_eq!(serde_json::from_str::<ProcedureCode>(&json).unwrap(), p);
        }
    }
}
