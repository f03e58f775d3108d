//! Mã hồ sơ: the code a one-stop department gives a dossier when it receives it.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use jiff::civil::Date;

use super::{AgencyCode, IdError, IdKind, string_identifier};

const RULE: &str = "dossier code: {agency code}-YYMMDD-NNNN (Circular 01/2018/TT-VPCP Art 19)";
/// Length of the `-YYMMDD-NNNN` tail.
const TAIL: usize = 12;

/// Mã hồ sơ: `{agency code}-YYMMDD-NNNN`, the code printed on the receipt and appointment slip
/// (Circular 01/2018/TT-VPCP Art 19), e.g. `000.00.01.H22-260115-0042`: the receiving agency's
/// [`AgencyCode`], the date of receipt as `YYMMDD` (years 2000–2099) and the 4-digit daily sequence
/// number `0001`–`9999`.
///
/// The date must be a real calendar date. Cheap to clone (one shared allocation) and to hash (one string).
///
/// ```
/// use hoso_core::{AgencyCode, DossierCode};
/// use jiff::civil::date;
///
/// let agency: AgencyCode = "000.00.01.H22".parse()?;
/// let code = DossierCode::generate(&agency, date(2026, 1, 15), 42)?;
/// assert_eq!(code.as_str(), "000.00.01.H22-260115-0042");
/// assert_eq!(code.agency(), "000.00.01.H22");
/// assert_eq!(code.date(), date(2026, 1, 15));
/// assert_eq!(code.sequence(), 42);
/// assert!("000.00.01.H22-260230-0001".parse::<DossierCode>().is_err()); // 30 February
/// # Ok::<(), hoso_core::IdError>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DossierCode(Arc<str>);

impl DossierCode {
    /// Builds the code of the `sequence`-th dossier received by `agency` on `date`.
    ///
    /// Fails when `sequence` is outside 1..=9999 or the year is outside 2000..=2099.
    pub fn generate(agency: &AgencyCode, date: Date, sequence: u32) -> Result<Self, IdError> {
        if !(1..=9999).contains(&sequence) {
            return Err(IdError::SequenceOutOfRange { sequence });
        }
        if !(2000..=2099).contains(&date.year()) {
            return Err(IdError::YearOutOfRange { date });
        }
        let s = format!(
            "{agency}-{:02}{:02}{:02}-{sequence:04}",
            date.year() - 2000,
            date.month(),
            date.day()
        );
        Ok(DossierCode(s.into()))
    }

    /// The code as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn split(&self) -> usize {
        self.0.len().saturating_sub(TAIL)
    }

    fn number(&self, from: usize, len: usize) -> u32 {
        let start = self.split() + from;
        self.0.as_bytes().get(start..start + len).map_or(0, |ds| {
            ds.iter().fold(0, |acc, b| acc * 10 + u32::from(b - b'0'))
        })
    }

    /// The receiving agency's code (the part before the date).
    pub fn agency(&self) -> &str {
        self.0.get(..self.split()).unwrap_or_default()
    }

    /// The receiving agency's code as an [`AgencyCode`] (allocates).
    pub fn agency_code(&self) -> AgencyCode {
        AgencyCode::from_validated(self.agency())
    }

    /// The date of receipt.
    pub fn date(&self) -> Date {
        let (y, m, d) = (self.number(1, 2), self.number(3, 2), self.number(5, 2));
        // Validated at construction: always a real date in 2000..=2099.
        Date::new(2000 + y as i16, m as i8, d as i8).unwrap_or_default()
    }

    /// The daily sequence number, 1..=9999.
    pub fn sequence(&self) -> u32 {
        self.number(8, 4)
    }
}

impl FromStr for DossierCode {
    type Err = IdError;

    fn from_str(s: &str) -> Result<Self, IdError> {
        let kind = IdKind::DossierCode;
        if s.is_empty() {
            return Err(IdError::Empty { kind, rule: RULE });
        }
        let Some(dash) = s.find('-') else {
            return Err(IdError::Structure {
                kind,
                value: s.to_owned(),
                missing: "no `-` after the agency code",
                rule: RULE,
            });
        };
        let agency = &s[..dash];
        AgencyCode::validate(kind, s, agency, 0)?;
        let offset = agency.chars().count();
        let tail = &s[dash..];
        let n = tail.chars().count();
        if n != TAIL {
            return Err(IdError::Length {
                kind,
                value: s.to_owned(),
                found: offset + n,
                expected: "agency code + 12 (-YYMMDD-NNNN)",
                rule: RULE,
            });
        }
        for (i, c) in tail.chars().enumerate() {
            let expected = match i {
                0 | 7 if c == '-' => continue,
                0 | 7 => "a `-`",
                _ if c.is_ascii_digit() => continue,
                1..=6 => "a digit (date YYMMDD)",
                _ => "a digit (daily sequence NNNN)",
            };
            return Err(IdError::Character {
                kind,
                value: s.to_owned(),
                position: offset + i,
                found: c,
                expected,
                rule: RULE,
            });
        }
        let code = DossierCode(s.into());
        let (y, m, d) = (code.number(1, 2), code.number(3, 2), code.number(5, 2));
        if Date::new(2000 + y as i16, m as i8, d as i8).is_err() {
            return Err(IdError::InvalidDate {
                value: s.to_owned(),
                date: tail.get(1..7).unwrap_or_default().to_owned(),
                position: offset + 1,
            });
        }
        if code.sequence() == 0 {
            return Err(IdError::SequenceOutOfRange { sequence: 0 });
        }
        Ok(code)
    }
}

impl fmt::Display for DossierCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for DossierCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DossierCode({})", self.0)
    }
}

impl AsRef<str> for DossierCode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

string_identifier!(DossierCode, as_str, "DossierCode", {
    "type": "string",
    "description": "Dossier code {agency code}-YYMMDD-NNNN (Circular 01/2018/TT-VPCP Art 19).",
    "maxLength": 44,
    "pattern": "^[0-9A-Z]+(\\.[0-9A-Z]+)*-[0-9]{6}-[0-9]{4}$"
});

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn circular_01_2018_art_19_dossier_code_parts() {
        for (s, agency, d, seq) in [
            (
                "000.00.01.H22-260115-0042",
                "000.00.01.H22",
                date(2026, 1, 15),
                42,
            ),
            ("H22.31-000101-0001", "H22.31", date(2000, 1, 1), 1),
            ("G01-991231-9999", "G01", date(2099, 12, 31), 9999),
            ("G01-240229-0100", "G01", date(2024, 2, 29), 100),
        ] {
            let c: DossierCode = s.parse().unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(
                (c.agency(), c.date(), c.sequence()),
                (agency, d, seq),
                "{s}"
            );
            assert_eq!(c.agency_code().as_str(), agency);
            assert_eq!(c.to_string(), s);
            assert_eq!(DossierCode::generate(&c.agency_code(), d, seq).unwrap(), c);
        }
    }

    #[test]
    fn dossier_code_date_must_be_a_calendar_date() {
        for s in [
            "G01-250229-0001",
            "G01-260230-0001",
            "G01-261301-0001",
            "G01-260100-0001",
            "G01-260431-0001",
        ] {
            assert!(
                matches!(
                    s.parse::<DossierCode>(),
                    Err(IdError::InvalidDate { position: 4, .. })
                ),
                "{s}: {:?}",
                s.parse::<DossierCode>()
            );
        }
    }

    #[test]
    fn dossier_code_sequence_is_1_to_9999() {
        let agency: AgencyCode = "G01".parse().unwrap();
        let d = date(2026, 1, 15);
        assert_eq!(
            DossierCode::generate(&agency, d, 0),
            Err(IdError::SequenceOutOfRange { sequence: 0 })
        );
        assert_eq!(
            DossierCode::generate(&agency, d, 10_000),
            Err(IdError::SequenceOutOfRange { sequence: 10_000 })
        );
        assert!(DossierCode::generate(&agency, d, 9999).is_ok());
        assert_eq!(
            "G01-260115-0000".parse::<DossierCode>(),
            Err(IdError::SequenceOutOfRange { sequence: 0 })
        );
        let d1999 = date(1999, 12, 31);
        assert_eq!(
            DossierCode::generate(&agency, d1999, 1),
            Err(IdError::YearOutOfRange { date: d1999 })
        );
        let d2100 = date(2100, 1, 1);
        assert_eq!(
            DossierCode::generate(&agency, d2100, 1),
            Err(IdError::YearOutOfRange { date: d2100 })
        );
    }

    #[test]
    fn malformed_dossier_codes_are_refused_with_position() {
        let cases: &[(&str, &str)] = &[
            ("", "empty"),
            ("G01", "structure"),
            ("G01-2601150042", "length"),
            ("G01-260115-00421", "length"),
            ("G01-26011-0042", "length"),
            ("-260115-0042", "length"),
            ("g01-260115-0042", "char@0"),
            ("G01.-260115-0042", "segment@3"),
            ("G01-2601A5-0042", "char@8"),
            ("G01-260115-00X2", "char@13"),
            ("G01-260115_0042", "char@10"),
            ("G01-260115-0٤42", "char@12"),
        ];
        for (s, what) in cases {
            let got = s.parse::<DossierCode>();
            let ok = match (got.as_ref().err(), *what) {
                (Some(IdError::Empty { .. }), "empty") => true,
                (Some(IdError::Structure { .. }), "structure") => true,
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
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        #[test]
        fn generated_codes_round_trip(
            agency in "[0-9A-Z]{2,5}(\\.[0-9A-Z]{1,5}){0,3}",
            day in 0i32..36_525,
            sequence in 1u32..=9999,
        ) {
            let agency: AgencyCode = agency.parse().unwrap();
            let d = date(2000, 1, 1).checked_add(jiff::Span::new().days(day)).unwrap();
            let code = DossierCode::generate(&agency, d, sequence).unwrap();
            let back: DossierCode = code.to_string().parse().unwrap();
            proptest::prop_assert_eq!(&back, &code);
            proptest::prop_assert_eq!((back.agency(), back.date(), back.sequence()), (agency.as_str(), d, sequence));
            let json = serde_json::to_string(&code).unwrap();
            proptest::prop_assert_eq!(serde_json::from_str::<DossierCode>(&json).unwrap(), code);
        }
    }
}
