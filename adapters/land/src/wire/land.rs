//! What only land carries: parcels with exact areas and land-use codes, and administrative units of either
//! generation of codes.

use std::fmt;
use std::str::FromStr;

use hoso_core::{AdminGeneration, AdminLevel, AdminUnitCode, IdError};

/// Why an area is not valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AreaError {
    /// Not a decimal number written with digits and at most one point.
    #[error(
        "area {0:?} is not a decimal number of square metres (digits, optionally a point and decimals)"
    )]
    NotDecimal(String),
    /// More decimals than the format carries: refused rather than rounded.
    #[error("area {0:?} has more than {max} decimals; it is refused rather than rounded", max = AreaM2::DECIMALS)]
    TooPrecise(String),
    /// Larger than any parcel.
    #[error("area {0:?} is out of range")]
    OutOfRange(String),
}

/// Diện tích: an area in square metres, held exactly as a whole number of hundredths of a square metre.
///
/// The office writes areas as decimals with a point (`152.5`, `1048.25`). They are parsed from the text without
/// floating point; more than [`AreaM2::DECIMALS`] decimals is an error, never a rounding.
///
/// ```
/// use hoso_land::AreaM2;
/// let a: AreaM2 = "1048.25".parse()?;
/// assert_eq!(a.hundredths(), 104_825);
/// assert_eq!(a.to_string(), "1048.25");
/// assert_eq!("152.50".parse::<AreaM2>()?.to_string(), "152.5");
/// assert!("0.125".parse::<AreaM2>().is_err()); // not rounded
/// # Ok::<(), hoso_land::AreaError>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AreaM2(u64);

impl AreaM2 {
    /// The most decimals an area carries (hundredths of a square metre).
    pub const DECIMALS: usize = 2;
    /// The most integer digits accepted (a trillion square metres is far beyond any parcel).
    pub const MAX_INTEGER_DIGITS: usize = 12;

    /// An area of `hundredths` hundredths of a square metre.
    pub const fn from_hundredths(hundredths: u64) -> Self {
        AreaM2(hundredths)
    }

    /// The area in hundredths of a square metre.
    pub const fn hundredths(self) -> u64 {
        self.0
    }
}

impl FromStr for AreaM2 {
    type Err = AreaError;

    fn from_str(s: &str) -> Result<Self, AreaError> {
        let (int, frac) = match s.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (s, None),
        };
        let all_digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        if !all_digits(int) || frac.is_some_and(|f| !all_digits(f)) {
            return Err(AreaError::NotDecimal(s.to_owned()));
        }
        let frac = frac.unwrap_or("");
        if frac.len() > Self::DECIMALS {
            return Err(AreaError::TooPrecise(s.to_owned()));
        }
        if int.trim_start_matches('0').len() > Self::MAX_INTEGER_DIGITS {
            return Err(AreaError::OutOfRange(s.to_owned()));
        }
        let mut hundredths: u64 = 0;
        for b in int.bytes().chain(frac.bytes()) {
            hundredths = hundredths * 10 + u64::from(b - b'0');
        }
        for _ in frac.len()..Self::DECIMALS {
            hundredths *= 10;
        }
        Ok(AreaM2(hundredths))
    }
}

impl fmt::Display for AreaM2 {
    /// The shortest exact decimal: `152.5`, `1048.25`, `80`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (int, frac) = (self.0 / 100, self.0 % 100);
        match frac {
            0 => write!(f, "{int}"),
            _ if frac % 10 == 0 => write!(f, "{int}.{}", frac / 10),
            _ => write!(f, "{int}.{frac:02}"),
        }
    }
}

/// Mục đích sử dụng đất: a land-use purpose code of three capital letters, e.g. `ONT` (rural residential),
/// `ODT` (urban residential), `LUC` (wet rice), `CLN` (perennial crops).
///
/// ```
/// use hoso_land::LandUseCode;
/// assert!("ODT".parse::<LandUseCode>().is_ok());
/// assert!("odt".parse::<LandUseCode>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LandUseCode([u8; 3]);

impl LandUseCode {
    /// The code as text.
    pub fn as_str(&self) -> &str {
        // Only ASCII capitals are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
}

/// A land-use code that is not three capital letters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("land-use code {0:?} is not three capital letters (e.g. ONT, ODT, LUC, CLN)")]
pub struct LandUseCodeError(pub String);

impl FromStr for LandUseCode {
    type Err = LandUseCodeError;

    fn from_str(s: &str) -> Result<Self, LandUseCodeError> {
        match s.as_bytes() {
            &[a, b, c] if [a, b, c].iter().all(u8::is_ascii_uppercase) => {
                Ok(LandUseCode([a, b, c]))
            }
            _ => Err(LandUseCodeError(s.to_owned())),
        }
    }
}

impl fmt::Display for LandUseCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Thửa đất: a land parcel of a dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parcel {
    /// Số thứ tự thửa: the parcel number on its map sheet.
    pub number: String,
    /// Số hiệu tờ bản đồ: the cadastral map sheet number.
    pub map_sheet: String,
    /// Diện tích: the area.
    pub area: AreaM2,
    /// Mục đích sử dụng: the land-use purpose.
    pub land_use: LandUseCode,
    /// The parcel's address, when it differs from the applicant's.
    pub address: Option<String>,
}

/// The administrative units of a dossier's land, in one generation of codes.
///
/// Pre-2025 units have a district; 2025 units have none (Law 72/2025/QH15 Art 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AdminUnits {
    /// Tỉnh: the province.
    pub province: AdminUnitCode,
    /// Huyện: the district, for pre-2025 codes.
    pub district: Option<AdminUnitCode>,
    /// Xã: the commune or ward.
    pub commune: AdminUnitCode,
}

impl AdminUnits {
    /// Units from the office's numeric codes in `generation`; a pre-2025 set needs its district, a 2025 set has
    /// none.
    pub fn new(
        generation: AdminGeneration,
        province: u32,
        district: Option<u32>,
        commune: u32,
    ) -> Result<Self, AdminUnitsError> {
        let district = match (generation, district) {
            (AdminGeneration::Pre2025, None) => return Err(AdminUnitsError::MissingDistrict),
            (AdminGeneration::Pre2025, Some(d)) => {
                Some(AdminUnitCode::new(generation, AdminLevel::District, d)?)
            }
            (_, Some(_)) => return Err(AdminUnitsError::DistrictFrom2025),
            (_, None) => None,
        };
        Ok(AdminUnits {
            province: AdminUnitCode::new(generation, AdminLevel::Province, province)?,
            district,
            commune: AdminUnitCode::new(generation, AdminLevel::Ward, commune)?,
        })
    }

    /// The generation of the codes.
    pub fn generation(&self) -> AdminGeneration {
        self.province.generation()
    }
}

/// Why a set of administrative units is not valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AdminUnitsError {
    /// A pre-2025 set without its district.
    #[error("pre-2025 administrative units need a district (MaHuyen)")]
    MissingDistrict,
    /// A 2025 set with a district.
    #[error("2025 administrative units have no district (Law 72/2025/QH15 Art 2)")]
    DistrictFrom2025,
    /// A code breaks the rules of its level and generation.
    #[error(transparent)]
    Code(#[from] IdError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_are_parsed_exactly_without_rounding() {
        for (text, hundredths) in [
            ("0", 0),
            ("80", 8_000),
            ("152.5", 15_250),
            ("152.50", 15_250),
            ("1048.25", 104_825),
            ("0.01", 1),
            ("007.10", 710),
            ("999999999999.99", 99_999_999_999_999),
        ] {
            assert_eq!(
                text.parse::<AreaM2>().map(AreaM2::hundredths),
                Ok(hundredths),
                "{text}"
            );
        }
    }

    #[test]
    fn areas_with_more_decimals_than_the_format_are_refused_not_rounded() {
        for text in ["0.125", "152.505", "1.000"] {
            assert!(
                matches!(text.parse::<AreaM2>(), Err(AreaError::TooPrecise(_))),
                "{text}"
            );
        }
    }

    #[test]
    fn malformed_areas_are_refused() {
        for text in [
            "", ".5", "5.", "1,5", "-1", "+1", "1e3", " 1", "1.2.3", "NaN", "١٢",
        ] {
            assert!(
                matches!(text.parse::<AreaM2>(), Err(AreaError::NotDecimal(_))),
                "{text:?}"
            );
        }
        assert!(matches!(
            "1000000000000".parse::<AreaM2>(),
            Err(AreaError::OutOfRange(_))
        ));
    }

    #[test]
    fn areas_print_as_the_shortest_exact_decimal() {
        for (hundredths, text) in [
            (0, "0"),
            (8_000, "80"),
            (15_250, "152.5"),
            (104_805, "1048.05"),
        ] {
            let area = AreaM2::from_hundredths(hundredths);
            assert_eq!(area.to_string(), text);
            assert_eq!(text.parse::<AreaM2>(), Ok(area));
        }
    }

    #[test]
    fn pre_2025_units_need_a_district_and_2025_units_have_none() {
        let old = AdminUnits::new(AdminGeneration::Pre2025, 1, Some(19), 637).unwrap();
        assert_eq!(old.generation(), AdminGeneration::Pre2025);
        assert_eq!(old.district.map(|d| d.code()), Some(19));
        let new = AdminUnits::new(AdminGeneration::From2025, 1, None, 637).unwrap();
        assert_eq!(new.commune.level(), AdminLevel::Ward);
        assert_eq!(
            AdminUnits::new(AdminGeneration::Pre2025, 1, None, 637),
            Err(AdminUnitsError::MissingDistrict)
        );
        assert_eq!(
            AdminUnits::new(AdminGeneration::From2025, 1, Some(19), 637),
            Err(AdminUnitsError::DistrictFrom2025)
        );
        // Province 03 did not exist before the 2025 reform.
        assert!(AdminUnits::new(AdminGeneration::Pre2025, 3, Some(19), 637).is_err());
    }
}
