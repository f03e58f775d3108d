//! Mã đơn vị hành chính: statistics-office codes of provinces, districts and wards, in two generations.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use jiff::civil::{Date, date};

use super::{IdError, IdKind};

const RULE: &str =
    "administrative unit code: {pre2025|2025}:{province|district|ward}:{2|3|5 digits}";

/// GSO codes of the 63 provinces before 1 July 2025 (Decision 124/2004/QĐ-TTg as amended), sorted.
/// The same numbers, with a leading zero, are the birth-registration codes of citizen IDs.
pub(super) const PROVINCES_PRE2025: [u16; 63] = [
    1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35, 36, 37,
    38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70, 72, 74, 75, 77,
    79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96,
];

/// Cấp hành chính: the level of an administrative unit.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum AdminLevel {
    /// Cấp tỉnh: province or centrally-governed city (2-digit code).
    Province,
    /// Cấp huyện: district, town or provincial city (3-digit code). Abolished on 1 July 2025.
    District,
    /// Cấp xã: ward, commune, township or special zone (5-digit code).
    Ward,
}

impl AdminLevel {
    /// Number of digits of a code at this level (GSO coding: 2, 3, 5).
    pub const fn code_width(self) -> usize {
        match self {
            AdminLevel::Province => 2,
            AdminLevel::District => 3,
            AdminLevel::Ward => 5,
        }
    }

    /// The tag used in the string form: `province`, `district`, `ward`.
    pub const fn tag(self) -> &'static str {
        match self {
            AdminLevel::Province => "province",
            AdminLevel::District => "district",
            AdminLevel::Ward => "ward",
        }
    }
}

/// The generation of administrative units a code belongs to.
///
/// On 1 July 2025 the 63 provinces were merged into 34 (Resolution 202/2025/QH15 of 12 June 2025), the
/// district level was abolished and communes were merged (Law on Local Government Organisation
/// 72/2025/QH15 Art 2: two levels, province and commune). New codes were issued by Decision 19/2025/QĐ-TTg.
/// A code means nothing without its generation: `01` is Hà Nội in both, but most numbers changed meaning.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[non_exhaustive]
pub enum AdminGeneration {
    /// Units in force until 30 June 2025: 63 provinces, districts, communes (Decision 124/2004/QĐ-TTg).
    #[serde(rename = "pre2025")]
    Pre2025,
    /// Units in force from 1 July 2025: 34 provinces and communes, no districts (Decision 19/2025/QĐ-TTg).
    #[serde(rename = "2025")]
    From2025,
}

impl AdminGeneration {
    /// The first day of the 2025 generation.
    pub const REFORM_DATE: Date = date(2025, 7, 1);

    /// The tag used in the string form: `pre2025` or `2025`.
    pub const fn tag(self) -> &'static str {
        match self {
            AdminGeneration::Pre2025 => "pre2025",
            AdminGeneration::From2025 => "2025",
        }
    }

    /// The generation in force on `date`.
    pub fn on(date: Date) -> Self {
        if date < Self::REFORM_DATE {
            AdminGeneration::Pre2025
        } else {
            AdminGeneration::From2025
        }
    }
}

impl fmt::Display for AdminGeneration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// Mã đơn vị hành chính: a statistics-office (GSO) code of a province, district or ward, tagged with its
/// [`AdminGeneration`]. String form `{generation}:{level}:{code}`: `pre2025:province:01`,
/// `pre2025:district:001`, `2025:ward:00004`.
///
/// Rules: the code has the width of its level (2, 3 or 5 digits) and is not all zeros; a pre-2025
/// province code is one of the 63 provinces; a 2025 province code is 01–99 (Decision 19/2025/QĐ-TTg
/// Art 2, which keeps unused numbers open for future units); there is no 2025 district
/// (Law 72/2025/QH15 Art 2).
///
/// ```
/// use hoso_core::{AdminGeneration, AdminLevel, AdminUnitCode};
/// use jiff::civil::date;
///
/// let ward: AdminUnitCode = "2025:ward:00004".parse()?;
/// assert_eq!((ward.generation(), ward.level(), ward.code()), (AdminGeneration::From2025, AdminLevel::Ward, 4));
/// assert!(ward.valid_on(date(2025, 7, 1)));
/// assert!(!ward.valid_on(date(2025, 6, 30)));
/// assert!("2025:district:001".parse::<AdminUnitCode>().is_err());
/// # Ok::<(), hoso_core::IdError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AdminUnitCode {
    generation: AdminGeneration,
    level: AdminLevel,
    code: u32,
}

impl AdminUnitCode {
    /// Builds a code from its parts, applying the same rules as parsing.
    pub fn new(generation: AdminGeneration, level: AdminLevel, code: u32) -> Result<Self, IdError> {
        let unit = AdminUnitCode {
            generation,
            level,
            code,
        };
        let max = 10u32.pow(level.code_width() as u32);
        if code >= max {
            let value = format!("{}:{}:{code}", generation.tag(), level.tag());
            return Err(IdError::Length {
                kind: IdKind::AdminUnitCode,
                found: code.to_string().len(),
                value,
                expected: width_words(level),
                rule: RULE,
            });
        }
        unit.check()?;
        Ok(unit)
    }

    fn check(self) -> Result<(), IdError> {
        let value = || self.to_string();
        if self.generation == AdminGeneration::From2025 && self.level == AdminLevel::District {
            return Err(IdError::NoDistrictFrom2025 { value: value() });
        }
        if self.code == 0 {
            return Err(IdError::Zero {
                kind: IdKind::AdminUnitCode,
                value: value(),
                rule: "GSO codes start at 1",
            });
        }
        if self.level == AdminLevel::Province
            && self.generation == AdminGeneration::Pre2025
            && u16::try_from(self.code)
                .map_or(true, |c| PROVINCES_PRE2025.binary_search(&c).is_err())
        {
            return Err(IdError::UnknownProvince {
                kind: IdKind::AdminUnitCode,
                value: value(),
                code: self.code as u16,
                generation: self.generation,
            });
        }
        Ok(())
    }

    /// The generation the code belongs to.
    pub fn generation(&self) -> AdminGeneration {
        self.generation
    }

    /// The level of the unit.
    pub fn level(&self) -> AdminLevel {
        self.level
    }

    /// The numeric code (print it with [`AdminLevel::code_width`] digits).
    pub fn code(&self) -> u32 {
        self.code
    }

    /// Whether the code's generation was in force on `date`: pre-2025 codes until 30 June 2025,
    /// 2025 codes from 1 July 2025 (Resolution 202/2025/QH15).
    pub fn valid_on(&self, date: Date) -> bool {
        AdminGeneration::on(date) == self.generation
    }
}

fn width_words(level: AdminLevel) -> &'static str {
    match level {
        AdminLevel::Province => "2 digits",
        AdminLevel::District => "3 digits",
        AdminLevel::Ward => "5 digits",
    }
}

impl FromStr for AdminUnitCode {
    type Err = IdError;

    fn from_str(s: &str) -> Result<Self, IdError> {
        let kind = IdKind::AdminUnitCode;
        if s.is_empty() {
            return Err(IdError::Empty { kind, rule: RULE });
        }
        let mut parts = s.splitn(3, ':');
        let (Some(generation), Some(level), Some(digits)) =
            (parts.next(), parts.next(), parts.next())
        else {
            return Err(IdError::Structure {
                kind,
                value: s.to_owned(),
                missing: "expected 3 parts separated by `:`",
                rule: RULE,
            });
        };
        let generation = match generation {
            "pre2025" => AdminGeneration::Pre2025,
            "2025" => AdminGeneration::From2025,
            other => {
                return Err(IdError::UnknownGeneration {
                    value: s.to_owned(),
                    generation: other.to_owned(),
                });
            }
        };
        let level = match level {
            "province" => AdminLevel::Province,
            "district" => AdminLevel::District,
            "ward" => AdminLevel::Ward,
            other => {
                return Err(IdError::UnknownLevel {
                    value: s.to_owned(),
                    level: other.to_owned(),
                });
            }
        };
        let offset = s.len() - digits.len(); // the prefix is ASCII: bytes are chars
        let found = digits.chars().count();
        if found != level.code_width() {
            return Err(IdError::Length {
                kind,
                value: s.to_owned(),
                found,
                expected: width_words(level),
                rule: RULE,
            });
        }
        let mut code = 0u32;
        for (i, c) in digits.chars().enumerate() {
            let Some(d) = c.to_digit(10).filter(|_| c.is_ascii_digit()) else {
                return Err(IdError::Character {
                    kind,
                    value: s.to_owned(),
                    position: offset + i,
                    found: c,
                    expected: "a digit",
                    rule: RULE,
                });
            };
            code = code * 10 + d;
        }
        let unit = AdminUnitCode {
            generation,
            level,
            code,
        };
        unit.check()?;
        Ok(unit)
    }
}

impl fmt::Display for AdminUnitCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let width = self.level.code_width();
        write!(
            f,
            "{}:{}:{:0width$}",
            self.generation.tag(),
            self.level.tag(),
            self.code
        )
    }
}

impl fmt::Debug for AdminUnitCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AdminUnitCode({self})")
    }
}

impl TryFrom<&str> for AdminUnitCode {
    type Error = IdError;
    fn try_from(value: &str) -> Result<Self, IdError> {
        value.parse()
    }
}

impl TryFrom<String> for AdminUnitCode {
    type Error = IdError;
    fn try_from(value: String) -> Result<Self, IdError> {
        value.parse()
    }
}

impl From<AdminUnitCode> for String {
    fn from(value: AdminUnitCode) -> String {
        value.to_string()
    }
}

impl serde::Serialize for AdminUnitCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for AdminUnitCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
        s.parse().map_err(<D::Error as serde::de::Error>::custom)
    }
}

impl schemars::JsonSchema for AdminUnitCode {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("AdminUnitCode")
    }
    fn schema_id() -> Cow<'static, str> {
        Cow::Borrowed("hoso_core::AdminUnitCode")
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "GSO administrative unit code tagged with its generation: pre2025:province:01, 2025:ward:00004.",
            "pattern": "^(pre2025:(province:[0-9]{2}|district:[0-9]{3}|ward:[0-9]{5})|2025:(province:[0-9]{2}|ward:[0-9]{5}))$"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AdminGeneration::*;
    use AdminLevel::*;

    #[test]
    fn gso_code_widths_and_generations() {
        for (s, generation, level, code) in [
            ("pre2025:province:01", Pre2025, Province, 1),
            ("pre2025:province:96", Pre2025, Province, 96),
            ("pre2025:district:001", Pre2025, District, 1),
            ("pre2025:ward:00004", Pre2025, Ward, 4),
            ("2025:province:01", From2025, Province, 1),
            ("2025:province:99", From2025, Province, 99),
            ("2025:ward:00004", From2025, Ward, 4),
            ("2025:ward:99999", From2025, Ward, 99_999),
        ] {
            let u: AdminUnitCode = s.parse().unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(
                (u.generation(), u.level(), u.code()),
                (generation, level, code),
                "{s}"
            );
            assert_eq!(u.to_string(), s);
            assert_eq!(AdminUnitCode::new(generation, level, code).unwrap(), u);
        }
    }

    #[test]
    fn law_72_2025_no_district_from_2025() {
        assert!(matches!(
            "2025:district:001".parse::<AdminUnitCode>(),
            Err(IdError::NoDistrictFrom2025 { .. })
        ));
        assert!(matches!(
            AdminUnitCode::new(From2025, District, 1),
            Err(IdError::NoDistrictFrom2025 { .. })
        ));
    }

    #[test]
    fn pre2025_province_must_be_one_of_63() {
        for code in 0..100u32 {
            let listed = PROVINCES_PRE2025.contains(&(code as u16));
            let got = AdminUnitCode::new(Pre2025, Province, code);
            assert_eq!(got.is_ok(), listed, "{code:02}: {got:?}");
        }
        assert!(matches!(
            "pre2025:province:03".parse::<AdminUnitCode>(),
            Err(IdError::UnknownProvince {
                code: 3,
                generation: Pre2025,
                ..
            })
        ));
    }

    #[test]
    fn resolution_202_2025_generation_validity_dates() {
        let old: AdminUnitCode = "pre2025:district:001".parse().unwrap();
        let new: AdminUnitCode = "2025:ward:00004".parse().unwrap();
        for (d, old_valid) in [
            (date(2018, 1, 1), true),
            (date(2025, 6, 30), true),
            (date(2025, 7, 1), false),
            (date(2030, 1, 1), false),
        ] {
            assert_eq!(old.valid_on(d), old_valid, "{d}");
            assert_eq!(new.valid_on(d), !old_valid, "{d}");
        }
    }

    #[test]
    fn malformed_unit_codes_are_refused() {
        let cases: &[(&str, &str)] = &[
            ("", "empty"),
            ("pre2025:01", "structure"),
            ("2024:province:01", "generation"),
            ("pre2025:commune:00004", "level"),
            ("pre2025:province:1", "length"),
            ("pre2025:district:0001", "length"),
            ("2025:ward:0004", "length"),
            ("2025:ward:0000A", "char@14"),
            ("2025:ward:00000", "zero"),
            ("pre2025:district:000", "zero"),
            ("2025:province:00", "zero"),
            ("Pre2025:province:01", "generation"),
        ];
        for (s, what) in cases {
            let got = s.parse::<AdminUnitCode>();
            let ok = match (got.as_ref().err(), *what) {
                (Some(IdError::Empty { .. }), "empty") => true,
                (Some(IdError::Structure { .. }), "structure") => true,
                (Some(IdError::UnknownGeneration { .. }), "generation") => true,
                (Some(IdError::UnknownLevel { .. }), "level") => true,
                (Some(IdError::Length { .. }), "length") => true,
                (Some(IdError::Zero { .. }), "zero") => true,
                (Some(IdError::Character { position, .. }), w) => w == format!("char@{position}"),
                _ => false,
            };
            assert!(ok, "{s:?}: expected {what}, got {got:?}");
        }
        assert!(matches!(
            AdminUnitCode::new(From2025, Ward, 100_000),
            Err(IdError::Length { .. })
        ));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]
        #[test]
        fn display_and_serde_round_trip(new in proptest::bool::ANY, ward in proptest::bool::ANY, code in 1u32..100) {
            let (generation, level, code) = match (new, ward) {
                (_, true) => (if new { From2025 } else { Pre2025 }, Ward, code * 997),
                (true, false) => (From2025, Province, code),
                (false, false) => (Pre2025, District, code),
            };
            let u = AdminUnitCode::new(generation, level, code).unwrap();
            proptest::prop_assert_eq!(u.to_string().parse::<AdminUnitCode>().unwrap(), u);
            let json = serde_json::to_string(&u).unwrap();
            proptest::prop_assert_eq!(serde_json::from_str::<AdminUnitCode>(&json).unwrap(), u);
        }
    }
}
