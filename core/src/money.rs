//! Money: whole Vietnamese đồng, integers only.

use std::borrow::Cow;
use std::fmt;
use std::iter::Sum;

/// An amount of money in whole Vietnamese đồng (VND has no subunit in use).
///
/// Fees and charges of administrative procedures are set in whole đồng;
/// the type is an unsigned integer with checked arithmetic and no floating point anywhere.
/// Serialised as a plain JSON integer. Displayed with Vietnamese digit grouping: `1.250.000 ₫`.
///
/// ```
/// use hoso_core::Vnd;
///
/// let fee = Vnd(135_000);
/// assert_eq!(fee.checked_mul(2), Some(Vnd(270_000)));
/// assert_eq!(fee.to_string(), "135.000 ₫");
/// assert_eq!(Vnd::sum([Vnd(1), Vnd(2)]), Some(Vnd(3)));
/// assert_eq!(Vnd(u64::MAX).checked_add(Vnd(1)), None);
/// ```
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(transparent)]
pub struct Vnd(pub u64);

impl Vnd {
    /// Zero đồng.
    pub const ZERO: Vnd = Vnd(0);

    /// The amount in đồng.
    pub const fn dong(self) -> u64 {
        self.0
    }

    /// `self + other`, or `None` on overflow.
    pub const fn checked_add(self, other: Vnd) -> Option<Vnd> {
        match self.0.checked_add(other.0) {
            Some(v) => Some(Vnd(v)),
            None => None,
        }
    }

    /// `self − other`, or `None` when `other` is larger (amounts are never negative).
    pub const fn checked_sub(self, other: Vnd) -> Option<Vnd> {
        match self.0.checked_sub(other.0) {
            Some(v) => Some(Vnd(v)),
            None => None,
        }
    }

    /// `self × factor` (e.g. a per-copy fee times the number of copies), or `None` on overflow.
    pub const fn checked_mul(self, factor: u64) -> Option<Vnd> {
        match self.0.checked_mul(factor) {
            Some(v) => Some(Vnd(v)),
            None => None,
        }
    }

    /// The total of `amounts`, or `None` on overflow. The total of nothing is zero.
    pub fn sum<I: IntoIterator<Item = Vnd>>(amounts: I) -> Option<Vnd> {
        amounts.into_iter().try_fold(Vnd::ZERO, Vnd::checked_add)
    }
}

/// Sums amounts into `Option<Vnd>`: `None` if the total overflows.
impl Sum<Vnd> for Option<Vnd> {
    fn sum<I: Iterator<Item = Vnd>>(iter: I) -> Self {
        Vnd::sum(iter)
    }
}

impl From<u64> for Vnd {
    fn from(value: u64) -> Self {
        Vnd(value)
    }
}

/// `1.250.000 ₫`: dots group thousands, as amounts are written in Vietnamese documents.
impl fmt::Display for Vnd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.0.to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 4);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push('.');
            }
            out.push(c);
        }
        out.push_str(" ₫");
        f.pad(&out)
    }
}

impl schemars::JsonSchema for Vnd {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Vnd")
    }
    fn schema_id() -> Cow<'static, str> {
        Cow::Borrowed("hoso_core::Vnd")
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "integer",
            "description": "Amount in whole Vietnamese đồng.",
            "minimum": 0,
            "format": "uint64"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_groups_thousands_with_dots() {
        for (v, s) in [
            (0, "0 ₫"),
            (5, "5 ₫"),
            (999, "999 ₫"),
            (1_000, "1.000 ₫"),
            (135_000, "135.000 ₫"),
            (1_250_000, "1.250.000 ₫"),
            (u64::MAX, "18.446.744.073.709.551.615 ₫"),
        ] {
            assert_eq!(Vnd(v).to_string(), s);
        }
    }

    #[test]
    fn checked_arithmetic_refuses_overflow_and_negatives() {
        assert_eq!(Vnd(100).checked_add(Vnd(50)), Some(Vnd(150)));
        assert_eq!(Vnd(u64::MAX).checked_add(Vnd(1)), None);
        assert_eq!(Vnd(100).checked_sub(Vnd(100)), Some(Vnd::ZERO));
        assert_eq!(Vnd(100).checked_sub(Vnd(101)), None);
        assert_eq!(Vnd(50_000).checked_mul(3), Some(Vnd(150_000)));
        assert_eq!(Vnd(u64::MAX / 2 + 1).checked_mul(2), None);
        assert_eq!(Vnd::sum(Vec::new()), Some(Vnd::ZERO));
        assert_eq!(Vnd::sum([Vnd(u64::MAX), Vnd(1)]), None);
        let total: Option<Vnd> = [Vnd(30_000), Vnd(105_000)].into_iter().sum();
        assert_eq!(total, Some(Vnd(135_000)));
    }

    #[test]
    fn serde_is_a_plain_integer() {
        assert_eq!(serde_json::to_string(&Vnd(135_000)).unwrap(), "135000");
        assert_eq!(serde_json::from_str::<Vnd>("135000").unwrap(), Vnd(135_000));
        assert!(serde_json::from_str::<Vnd>("-1").is_err());
        assert!(serde_json::from_str::<Vnd>("1.5").is_err());
        assert!(serde_json::from_str::<Vnd>("\"135000\"").is_err());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        #[test]
        fn display_digits_are_the_value(v in proptest::num::u64::ANY) {
            let s = Vnd(v).to_string();
            let digits: String = s.chars().filter(char::is_ascii_digit).collect();
            proptest::prop_assert_eq!(digits.parse::<u64>().unwrap(), v);
            let json = serde_json::to_string(&Vnd(v)).unwrap();
            proptest::prop_assert_eq!(serde_json::from_str::<Vnd>(&json).unwrap(), Vnd(v));
        }
    }
}
