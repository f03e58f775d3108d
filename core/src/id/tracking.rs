//! UPU S10 postal item identifiers.

use std::fmt;
use std::str::FromStr;

use super::{IdError, IdKind, check_chars, string_identifier};

const RULE: &str = "UPU S10: 2 letters, 8-digit serial, check digit, 2-letter country code";
const WEIGHTS: [u32; 8] = [8, 6, 4, 2, 3, 5, 9, 7];

/// Số hiệu bưu gửi: the tracking number of a postal item, in the UPU S10 format (UPU standard S10,
/// "Identification of postal items"), e.g. `EA123456785VN`.
///
/// Thirteen characters: a 2-letter service indicator, an 8-digit serial number, a check digit and the
/// 2-letter ISO 3166-1 code of the issuing country. Letters are uppercase ASCII; parsing does not change case.
///
/// ```
/// use hoso_core::TrackingNumber;
///
/// let n: TrackingNumber = "EA123456785VN".parse()?;
/// assert_eq!(n.serial(), 12_345_678);
/// assert_eq!(n.check_digit(), 5);
/// assert_eq!(TrackingNumber::new("EA", 12_345_678, "VN")?, n);
/// assert!("EA123456784VN".parse::<TrackingNumber>().is_err()); // wrong check digit
/// # Ok::<(), hoso_core::IdError>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TrackingNumber(Box<str>);

impl TrackingNumber {
    /// Builds a tracking number from its parts, computing the check digit.
    ///
    /// `service` and `country` must each be 2 uppercase ASCII letters; `serial` must be below 100,000,000.
    pub fn new(service: &str, serial: u32, country: &str) -> Result<Self, IdError> {
        if serial >= 100_000_000 {
            return Err(IdError::SerialOutOfRange { serial });
        }
        let check = Self::check_digit_for(serial);
        format!("{service}{serial:08}{check}{country}").parse()
    }

    /// The UPU S10 check digit of an 8-digit serial number.
    ///
    /// Weights 8 6 4 2 3 5 9 7 over the digits, C = 11 − (sum mod 11), then 10 → 0 and 11 → 5
    /// (UPU S10 §5.2). Only the last 8 decimal digits of `serial` count.
    ///
    /// ```
    /// assert_eq!(hoso_core::TrackingNumber::check_digit_for(12_345_678), 5);
    /// ```
    pub fn check_digit_for(serial: u32) -> u8 {
        let mut rest = serial % 100_000_000;
        let mut sum = 0;
        for weight in WEIGHTS.iter().rev() {
            sum += (rest % 10) * weight;
            rest /= 10;
        }
        match 11 - sum % 11 {
            10 => 0,
            11 => 5,
            c => c as u8,
        }
    }

    /// The canonical 13-character form.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The 2-letter service indicator (e.g. `EA` for EMS, `RR` for registered letters).
    pub fn service_indicator(&self) -> &str {
        self.0.get(0..2).unwrap_or_default()
    }

    /// The 8-digit serial number.
    pub fn serial(&self) -> u32 {
        self.0
            .get(2..10)
            .and_then(|s| s.parse().ok())
            .unwrap_or_default()
    }

    /// The check digit.
    pub fn check_digit(&self) -> u8 {
        self.0.as_bytes().get(10).map_or(0, |b| b - b'0')
    }

    /// The 2-letter ISO 3166-1 alpha-2 code of the issuing country (e.g. `VN`).
    pub fn country(&self) -> &str {
        self.0.get(11..13).unwrap_or_default()
    }
}

/// UPU S10 check digit rule: the 11th character must equal the digit computed from the serial.
impl FromStr for TrackingNumber {
    type Err = IdError;

    fn from_str(s: &str) -> Result<Self, IdError> {
        check_chars(
            IdKind::TrackingNumber,
            s,
            || s.to_owned(),
            13,
            "13",
            RULE,
            |i, c| match i {
                0..=1 | 11..=12 if c.is_ascii_uppercase() => Ok(()),
                0..=1 => Err("an uppercase ASCII letter (service indicator)"),
                11..=12 => Err("an uppercase ASCII letter (country code)"),
                _ if c.is_ascii_digit() => Ok(()),
                _ => Err("a digit (serial and check digit)"),
            },
        )?;
        let bytes = s.as_bytes();
        let serial = bytes[2..10]
            .iter()
            .fold(0u32, |acc, b| acc * 10 + u32::from(b - b'0'));
        let found = bytes[10] - b'0';
        let expected = Self::check_digit_for(serial);
        if found != expected {
            return Err(IdError::CheckDigit {
                value: s.to_owned(),
                serial,
                found,
                expected,
            });
        }
        Ok(TrackingNumber(s.into()))
    }
}

impl fmt::Display for TrackingNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for TrackingNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TrackingNumber({})", self.0)
    }
}

impl AsRef<str> for TrackingNumber {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

string_identifier!(TrackingNumber, as_str, "TrackingNumber", {
    "type": "string",
    "description": "UPU S10 postal item identifier: 2 letters, 8-digit serial, check digit, 2-letter country code.",
    "pattern": "^[A-Z]{2}[0-9]{9}[A-Z]{2}$"
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upu_s10_valid_numbers_parse() {
        // EA123456785VN: domain example; RR473124829GB: Royal Mail example printed in UPU S10 guidance,
        // recomputed: 4*8+7*6+3*4+1*2+2*3+4*5+8*9+2*7 = 200, 200 mod 11 = 2, 11-2 = 9.
        for (s, service, serial, check, country) in [
            ("EA123456785VN", "EA", 12_345_678, 5, "VN"),
            ("RR473124829GB", "RR", 47_312_482, 9, "GB"),
            ("CP000000005VN", "CP", 0, 5, "VN"),
            ("LZ999999995CN", "LZ", 99_999_999, 5, "CN"),
            ("EA000000080VN", "EA", 8, 0, "VN"),
        ] {
            let n: TrackingNumber = s.parse().unwrap_or_else(|e| panic!("{s}: {e}"));
            assert_eq!(n.service_indicator(), service, "{s}");
            assert_eq!(n.serial(), serial, "{s}");
            assert_eq!(n.check_digit(), check, "{s}");
            assert_eq!(n.country(), country, "{s}");
            assert_eq!(n.to_string(), s);
        }
    }

    #[test]
    fn upu_s10_check_digit_maps_10_to_0_and_11_to_5() {
        // 00000000: sum 0, 11 - 0 = 11 -> 5.
        assert_eq!(TrackingNumber::check_digit_for(0), 5);
        // 99999999: sum 9*44 = 396 = 36*11, 11 - 0 = 11 -> 5.
        assert_eq!(TrackingNumber::check_digit_for(99_999_999), 5);
        // 00000001: sum 7, 11 - 7 = 4.
        assert_eq!(TrackingNumber::check_digit_for(1), 4);
        // 00000010: sum 9, 11 - 9 = 2; 00000100: sum 5 -> 6; 00000005: sum 35, 35 mod 11 = 2 -> 9.
        assert_eq!(TrackingNumber::check_digit_for(10), 2);
        assert_eq!(TrackingNumber::check_digit_for(100), 6);
        assert_eq!(TrackingNumber::check_digit_for(5), 9);
        // 00000003: sum 21, 21 mod 11 = 10, 11 - 10 = 1.
        assert_eq!(TrackingNumber::check_digit_for(3), 1);
        // A serial whose sum is 1 mod 11 gives 10 -> 0: 00000008 has sum 56 = 55 + 1.
        assert_eq!(TrackingNumber::check_digit_for(8), 0);
    }

    #[test]
    fn upu_s10_wrong_check_digit_is_refused() {
        for wrong in 0..=9u8 {
            if wrong == 5 {
                continue;
            }
            let s = format!("EA12345678{wrong}VN");
            assert_eq!(
                s.parse::<TrackingNumber>(),
                Err(IdError::CheckDigit {
                    value: s.clone(),
                    serial: 12_345_678,
                    found: wrong,
                    expected: 5
                })
            );
        }
    }

    #[test]
    fn upu_s10_shape_errors_name_position() {
        let cases: &[(&str, Option<usize>)] = &[
            ("", None),
            ("EA12345678VN", None),
            ("EA1234567855VN", None),
            ("ea123456785VN", Some(0)),
            ("E1123456785VN", Some(1)),
            ("EA12345A785VN", Some(7)),
            ("EA123456785V1", Some(12)),
            ("EA123456785vn", Some(11)),
            ("EA12345678ĐVN", Some(10)),
        ];
        for (s, position) in cases {
            match (s.parse::<TrackingNumber>(), position) {
                (Err(IdError::Empty { .. }), None) if s.is_empty() => {}
                (Err(IdError::Length { found, .. }), None) => assert_eq!(found, s.chars().count()),
                (Err(IdError::Character { position: p, .. }), Some(expected)) => {
                    assert_eq!(p, *expected, "{s}")
                }
                (other, _) => panic!("{s}: unexpected {other:?}"),
            }
        }
    }

    #[test]
    fn constructor_computes_check_digit_and_validates_parts() {
        assert_eq!(
            TrackingNumber::new("RR", 47_312_482, "GB")
                .unwrap()
                .as_str(),
            "RR473124829GB"
        );
        assert_eq!(
            TrackingNumber::new("EA", 0, "VN").unwrap().as_str(),
            "EA000000005VN"
        );
        assert_eq!(
            TrackingNumber::new("EA", 100_000_000, "VN"),
            Err(IdError::SerialOutOfRange {
                serial: 100_000_000
            })
        );
        assert!(matches!(
            TrackingNumber::new("E", 1, "VN"),
            Err(IdError::Length { .. })
        ));
        assert!(matches!(
            TrackingNumber::new("Ea", 1, "VN"),
            Err(IdError::Character { position: 1, .. })
        ));
        assert!(matches!(
            TrackingNumber::new("EA", 1, "VNM"),
            Err(IdError::Length { .. })
        ));
    }

    #[test]
    fn serde_is_a_validated_string() {
        let n: TrackingNumber = "EA123456785VN".parse().unwrap();
        assert_eq!(serde_json::to_string(&n).unwrap(), "\"EA123456785VN\"");
        assert_eq!(
            serde_json::from_str::<TrackingNumber>("\"EA123456785VN\"").unwrap(),
            n
        );
        let err = serde_json::from_str::<TrackingNumber>("\"EA123456784VN\"").unwrap_err();
        assert!(err.to_string().contains("check digit"), "{err}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        #[test]
        fn constructed_numbers_round_trip(service in "[A-Z]{2}", serial in 0u32..100_000_000, country in "[A-Z]{2}") {
            let n = TrackingNumber::new(&service, serial, &country).unwrap();
            let back: TrackingNumber = n.to_string().parse().unwrap();
            proptest::prop_assert_eq!(&back, &n);
            proptest::prop_assert_eq!(back.serial(), serial);
            let json = serde_json::to_string(&n).unwrap();
            proptest::prop_assert_eq!(serde_json::from_str::<TrackingNumber>(&json).unwrap(), n);
        }

        #[test]
        fn any_other_check_digit_is_refused(serial in 0u32..100_000_000, delta in 1u8..10) {
            let good = TrackingNumber::check_digit_for(serial);
            let bad = (good + delta) % 10;
            let s = format!("EA{serial:08}{bad}VN");
            let is_check_digit_error = matches!(s.parse::<TrackingNumber>(), Err(IdError::CheckDigit { .. }));
            proptest::prop_assert!(is_check_digit_error);
        }
    }
}
