//! What the lookup compares and what it shows of the applicant: the last 4 digits of the applicant's ID or
//! phone number, compared in constant time, and a masked name.
//!
//! The store already keeps the applicant's whole ID number and phone number, in the dossier's opening event
//! (its header); the lookup reads them from there and keeps no copy of its own (`docs/server.md`).

use hoso_core::Applicant;
use subtle::{Choice, ConstantTimeEq};

/// The 4 digits a citizen types: the last 4 of their ID number or phone number.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct LastDigits([u8; 4]);

impl std::fmt::Debug for LastDigits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LastDigits(****)")
    }
}

impl LastDigits {
    /// Exactly 4 ASCII digits, spaces around them allowed.
    pub(crate) fn parse(s: &str) -> Option<Self> {
        let s = s.trim().as_bytes();
        let digits: [u8; 4] = s.try_into().ok()?;
        digits
            .iter()
            .all(u8::is_ascii_digit)
            .then_some(LastDigits(digits))
    }

    /// The last 4 characters of a stored value (an ID or phone number, digits by construction).
    fn of(value: &str) -> Option<Self> {
        let bytes = value.as_bytes();
        let tail = bytes.get(bytes.len().checked_sub(4)?..)?;
        Some(LastDigits(tail.try_into().ok()?))
    }
}

/// The digits an applicant can be recognised by: the ID number's (a citizen's) and the phone number's.
#[derive(Clone, Copy)]
pub(crate) struct Recognised {
    id: Option<LastDigits>,
    phone: Option<LastDigits>,
}

/// Compared against when the code is unknown, so that an unknown code costs the same comparisons as a known
/// one; it can never match, because `found` is false.
const DECOY: Recognised = Recognised {
    id: Some(LastDigits(*b"0000")),
    phone: Some(LastDigits(*b"0000")),
};

impl Recognised {
    /// The applicant's digits. An organisation has no ID number here: its phone number only.
    pub(crate) fn of(applicant: &Applicant) -> Self {
        match applicant {
            Applicant::Citizen { id, phone, .. } => Recognised {
                id: LastDigits::of(id.reveal()),
                phone: phone.as_ref().and_then(|p| LastDigits::of(p.reveal())),
            },
            Applicant::Organisation { phone, .. } => Recognised {
                id: None,
                phone: phone.as_ref().and_then(|p| LastDigits::of(p.reveal())),
            },
        }
    }
}

/// Whether `given` are the last digits of `applicant` (`None`: the code is unknown). The same comparisons
/// run whatever the case, without early exit: two 4-byte constant-time comparisons and their combination.
pub(crate) fn matches(given: LastDigits, applicant: Option<&Recognised>) -> bool {
    let found = Choice::from(u8::from(applicant.is_some()));
    let r = applicant.unwrap_or(&DECOY);
    let one = |slot: Option<LastDigits>| {
        let present = Choice::from(u8::from(slot.is_some()));
        let value = slot.unwrap_or(LastDigits(*b"0000"));
        present & value.0.ct_eq(&given.0)
    };
    bool::from(found & (one(r.id) | one(r.phone)))
}

/// The applicant's name as the lookup shows it: each word's first letter and three stars, whatever the
/// word's length (`Nguyễn Văn An` → `N*** V*** A***`).
pub(crate) fn masked_name(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .map(|c| format!("{c}***"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> LastDigits {
        LastDigits::parse(s).unwrap()
    }

    #[test]
    fn the_last_digits_of_the_id_or_the_phone_match() {
        let header = hoso_core::demo::header(1);
        let r = Recognised::of(&header.applicant);
        assert!(matches(d("1234"), Some(&r)), "ID 079090001234");
        assert!(matches(d("5678"), Some(&r)), "phone 0912345678");
        assert!(!matches(d("1235"), Some(&r)));
        assert!(!matches(d("0000"), Some(&r)));
    }

    #[test]
    fn nothing_matches_an_unknown_code_not_even_the_decoy() {
        assert!(!matches(d("0000"), None));
        assert!(!matches(d("1234"), None));
    }

    #[test]
    fn an_absent_phone_matches_nothing() {
        let r = Recognised {
            id: Some(d("1234")),
            phone: None,
        };
        assert!(!matches(d("0000"), Some(&r)));
        assert!(matches(d("1234"), Some(&r)));
    }

    #[test]
    fn only_four_ascii_digits_are_accepted() {
        for bad in ["", "123", "12345", "12a4", "١٢٣٤", "12 4"] {
            assert!(LastDigits::parse(bad).is_none(), "{bad:?}");
        }
        assert_eq!(LastDigits::parse(" 0042 "), Some(d("0042")));
        assert_eq!(format!("{:?}", d("0042")), "LastDigits(****)");
    }

    #[test]
    fn names_show_initials_only_and_not_their_length() {
        assert_eq!(masked_name("Nguyễn Văn An"), "N*** V*** A***");
        assert_eq!(masked_name("Đỗ  Thị   Bích Ngọc"), "Đ*** T*** B*** N***");
        assert_eq!(masked_name(""), "");
    }
}
