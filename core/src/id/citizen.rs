//! Số định danh cá nhân: the 12-digit personal identification number printed on the citizen ID card (CCCD).

use std::fmt;
use std::str::FromStr;

use super::{IdError, IdKind, check_chars, string_identifier};

const RULE: &str = "12 digits: province, century and sex, birth year, 6 random digits (Circular 59/2021/TT-BCA Art 7)";

// Province codes of birth registration: Annex I of Circular 07/2016/TT-BCA, carried over unchanged by
// Annex I of Circular 59/2021/TT-BCA. They are the GSO codes of the 63 provinces of Decision
// 124/2004/QĐ-TTg with a leading zero (001 Hà Nội … 096 Cà Mau). The 2025 merger of provinces does not
// renumber issued identification numbers.
use super::admin_unit::PROVINCES_PRE2025 as PROVINCE_CODES;

/// Sex as encoded in the century digit of a [`CitizenId`].
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
pub enum Sex {
    /// Nam: even century digit.
    Male,
    /// Nữ: odd century digit.
    Female,
}

/// Số định danh cá nhân (personal identification number, the number on the CCCD card): 12 digits.
///
/// Structure (Circular 07/2016/TT-BCA Art 7, replaced by Circular 59/2021/TT-BCA Art 7; Law on
/// Identification 2023 Art 12): digits 1–3 are the province where the birth was registered
/// (Annex I), digit 4 encodes century and sex (0/1: 1900s male/female, 2/3: 2000s, 4/5: 2100s,
/// 6/7: 2200s, 8/9: 2300s), digits 5–6 are the year of birth within the century, and the last 6 digits
/// are random. There is no check digit.
///
/// This is personal data: [`Debug`](fmt::Debug), [`Display`](fmt::Display) and every [`IdError`] show
/// only the last 3 digits (`*********345`). [`CitizenId::reveal`] is the only way to read the whole number,
/// and serde writes the whole number (it is meant for storage and exchange).
///
/// Limitation: citizens whose birth was registered abroad carry a country code in place of a province
/// code (Circular 59/2021/TT-BCA Art 7); only the 63 province codes are accepted.
///
/// ```
/// use hoso_core::{CitizenId, Sex};
///
/// let id: CitizenId = "079301012345".parse()?;
/// assert_eq!(id.province_code(), 79); // Hồ Chí Minh City
/// assert_eq!(id.sex(), Sex::Female);
/// assert_eq!(id.birth_year(), 2001);
/// assert_eq!(id.to_string(), "*********345");
/// assert_eq!(format!("{id:?}"), "CitizenId(*********345)");
/// assert_eq!(id.reveal(), "079301012345");
/// # Ok::<(), hoso_core::IdError>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CitizenId(Box<str>);

impl CitizenId {
    /// The full 12-digit number.
    ///
    /// For storage and exchange with systems entitled to it only: never log it or show it to a person
    /// who is not its holder or an official handling the dossier (Decree 13/2023/NĐ-CP on personal data).
    pub fn reveal(&self) -> &str {
        &self.0
    }

    fn digit(&self, i: usize) -> u16 {
        self.0.as_bytes().get(i).map_or(0, |b| u16::from(b - b'0'))
    }

    /// Code of the province where the birth was registered (digits 1–3), e.g. `1` for Hà Nội, `79` for
    /// Hồ Chí Minh City (Circular 59/2021/TT-BCA Annex I).
    pub fn province_code(&self) -> u16 {
        self.digit(0) * 100 + self.digit(1) * 10 + self.digit(2)
    }

    /// Sex, from the parity of the century digit (digit 4).
    pub fn sex(&self) -> Sex {
        if self.digit(3).is_multiple_of(2) {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    /// First year of the century of birth, from the century digit: 1900, 2000, 2100, 2200 or 2300.
    pub fn century(&self) -> i16 {
        1900 + 100 * (self.digit(3) / 2) as i16
    }

    /// Full year of birth: [`century`](Self::century) plus digits 5–6.
    pub fn birth_year(&self) -> i16 {
        self.century() + (self.digit(4) * 10 + self.digit(5)) as i16
    }
}

/// What errors and `Debug` print in place of a citizen ID: asterisks and at most the last 3 characters.
pub(super) fn redact(s: &str) -> String {
    let n = s.chars().count();
    let shown = n.min(3);
    let mut out = "*".repeat((n - shown).min(20));
    out.extend(s.chars().skip(n - shown));
    out
}

impl FromStr for CitizenId {
    type Err = IdError;

    fn from_str(s: &str) -> Result<Self, IdError> {
        check_chars(
            IdKind::CitizenId,
            s,
            || redact(s),
            12,
            "12",
            RULE,
            |_, c| {
                if c.is_ascii_digit() {
                    Ok(())
                } else {
                    Err("a digit")
                }
            },
        )?;
        let id = CitizenId(s.into());
        let code = id.province_code();
        if PROVINCE_CODES.binary_search(&code).is_err() {
            return Err(IdError::UnknownCitizenIdProvince {
                value: redact(s),
                code,
            });
        }
        Ok(id)
    }
}

impl fmt::Display for CitizenId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redact(&self.0))
    }
}

impl fmt::Debug for CitizenId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CitizenId({})", redact(&self.0))
    }
}

string_identifier!(CitizenId, reveal, "CitizenId", {
    "type": "string",
    "description": "Vietnamese personal identification number (số định danh cá nhân): 12 digits. Personal data.",
    "pattern": "^[0-9]{12}$"
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn circular_59_2021_art_7_structure_is_decoded() {
        // (number, province, sex, century, birth year)
        for (s, province, sex, century, year) in [
            ("001089000123", 1, Sex::Male, 1900, 1989),
            ("001189000123", 1, Sex::Female, 1900, 1989),
            ("079203123456", 79, Sex::Male, 2000, 2003),
            ("096300000001", 96, Sex::Female, 2000, 2000),
            ("048499999999", 48, Sex::Male, 2100, 2199),
            ("048599999999", 48, Sex::Female, 2100, 2199),
            ("031600000000", 31, Sex::Male, 2200, 2200),
            ("002799000000", 2, Sex::Female, 2200, 2299),
            ("064812000000", 64, Sex::Male, 2300, 2312),
            ("067950000000", 67, Sex::Female, 2300, 2350),
        ] {
            let id: CitizenId = s.parse().unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(id.province_code(), province, "{id:?}");
            assert_eq!(id.sex(), sex, "{id:?}");
            assert_eq!(id.century(), century, "{id:?}");
            assert_eq!(id.birth_year(), year, "{id:?}");
            assert_eq!(id.reveal(), s);
        }
    }

    #[test]
    fn circular_59_2021_annex_i_province_codes_only() {
        for code in 0..1000u16 {
            let s = format!("{code:03}089000123");
            let listed = PROVINCE_CODES.contains(&code);
            match s.parse::<CitizenId>() {
                Ok(_) => assert!(listed, "{code:03} accepted"),
                Err(IdError::UnknownCitizenIdProvince { code: c, value }) => {
                    assert!(!listed, "{code:03} refused");
                    assert_eq!(c, code);
                    assert_eq!(value, "*********123");
                }
                Err(e) => panic!("{code:03}: {e}"),
            }
        }
        assert_eq!(PROVINCE_CODES.len(), 63);
        assert!(
            PROVINCE_CODES.windows(2).all(|w| w[0] < w[1]),
            "sorted for binary search"
        );
    }

    #[test]
    fn shape_errors_are_typed_and_located() {
        assert!(matches!(
            "".parse::<CitizenId>(),
            Err(IdError::Empty { .. })
        ));
        assert!(matches!(
            "00108900012".parse::<CitizenId>(),
            Err(IdError::Length { found: 11, .. })
        ));
        assert!(matches!(
            "0010890001234".parse::<CitizenId>(),
            Err(IdError::Length { found: 13, .. })
        ));
        assert!(matches!(
            "001089 00123".parse::<CitizenId>(),
            Err(IdError::Character {
                position: 6,
                found: ' ',
                ..
            })
        ));
        assert!(matches!(
            "O01089000123".parse::<CitizenId>(),
            Err(IdError::Character { position: 0, .. })
        ));
        assert!(matches!(
            "00108900012٣".parse::<CitizenId>(),
            Err(IdError::Character { position: 11, .. })
        ));
    }

    #[test]
    fn serde_stores_the_full_number() {
        let id: CitizenId = "001089000123".parse().unwrap();
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, "\"001089000123\"");
        assert_eq!(serde_json::from_str::<CitizenId>(&json).unwrap(), id);
        let err = serde_json::from_str::<CitizenId>("\"003089000123\"")
            .unwrap_err()
            .to_string();
        assert!(
            !err.contains("003089000123") && err.contains("province code 003"),
            "{err}"
        );
    }

    /// Personal data rule: nothing but the last 3 digits ever leaves through Debug, Display or errors.
    fn assert_never_whole(text: &str, full: &str) {
        assert!(!text.contains(full), "{text:?} contains {full}");
        // Nor any run of more than 3 of its digits, contiguous or not.
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        let last9 = &full[..9];
        assert!(!digits.contains(last9), "{text:?} leaks the first 9 digits");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        #[test]
        fn debug_display_and_errors_never_show_the_whole_number(
            province in proptest::sample::select(PROVINCE_CODES.to_vec()),
            rest in "[0-9]{9}",
            bad in "[^0-9]",
            at in 0usize..12,
        ) {
            let full = format!("{province:03}{rest}");
            let id: CitizenId = full.parse().unwrap();
            let shown = [format!("{id}"), format!("{id:?}"), format!("{id:#?}")];
            for text in &shown {
                assert_never_whole(text, &full);
                let tail = &full[9..];
                let shows_tail = text.ends_with(tail) || text.ends_with(&format!("{tail})"));
                proptest::prop_assert!(shows_tail, "{} does not end with the last 3 digits", text);
            }
            // Every error path: wrong length (both ways), bad character, unknown province.
            let mut broken: Vec<String> = vec![format!("{full}7"), format!("{full}{full}"), format!("0{full}")];
            let mut with_bad: Vec<char> = full.chars().collect();
            with_bad.insert(at, bad.chars().next().unwrap_or('x'));
            broken.push(with_bad.iter().collect());
            let mut replaced: Vec<char> = full.chars().collect();
            replaced[at] = bad.chars().next().unwrap_or('x');
            broken.push(replaced.iter().collect());
            broken.push(format!("099{rest}"));
            for input in &broken {
                let err = input.parse::<CitizenId>().unwrap_err();
                for text in [err.to_string(), format!("{err:?}")] {
                    assert_never_whole(&text, &full);
                    assert_never_whole(&text, &format!("099{rest}"));
                }
            }
            let json = serde_json::to_string(&id).unwrap();
            proptest::prop_assert_eq!(serde_json::from_str::<CitizenId>(&json).unwrap(), id);
        }
    }
}
