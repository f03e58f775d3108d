//! How a place name typed by a user is compared with the directory's: without case, tone marks or vowel
//! marks (`Hòa`, `Hoà`, `hoa`, and the decomposed forms some keyboards send, are one), `đ` as `d`,
//! punctuation and repeated spaces as one space, and without the unit's kind before it (`tỉnh`,
//! `thành phố`, `TP.`, `xã`, `phường`, `thị trấn`, `đặc khu`) or after it in English (`city`, `province`,
//! `ward`, `commune`).

/// Vietnamese vowels with their marks, by the base letter they fold to (lower case; upper case is lowered
/// first).
const MARKED: [(char, &str); 6] = [
    ('a', "àáảãạăằắẳẵặâầấẩẫậ"),
    ('e', "èéẻẽẹêềếểễệ"),
    ('i', "ìíỉĩị"),
    ('o', "òóỏõọôồốổỗộơờớởỡợ"),
    ('u', "ùúủũụưừứửữự"),
    ('y', "ỳýỷỹỵ"),
];

const PREFIXES: [&str; 7] = [
    "thanh pho ",
    "tinh ",
    "tp ",
    "phuong ",
    "xa ",
    "thi tran ",
    "dac khu ",
];

const SUFFIXES: [&str; 4] = [" city", " province", " ward", " commune"];

fn base(c: char) -> Option<char> {
    if c == 'đ' {
        return Some('d');
    }
    if c.is_ascii() {
        return Some(c);
    }
    // Combining marks (U+0300–U+036F): the tone and vowel marks of decomposed text.
    if ('\u{0300}'..='\u{036f}').contains(&c) {
        return None;
    }
    Some(
        MARKED
            .iter()
            .find(|(_, marked)| marked.contains(c))
            .map_or(c, |(b, _)| *b),
    )
}

/// `s` without case, marks or punctuation, its words separated by one space.
pub(crate) fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = true;
    for c in s.chars().flat_map(char::to_lowercase).filter_map(base) {
        if c.is_alphanumeric() {
            out.push(c);
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// The key a place name is compared by: [`fold`]ed, without its unit kind before or after it.
pub(crate) fn place_key(s: &str) -> String {
    let folded = fold(s);
    let mut key = folded.as_str();
    if let Some(rest) = PREFIXES.iter().find_map(|p| key.strip_prefix(p)) {
        key = rest;
    }
    if let Some(rest) = SUFFIXES.iter().find_map(|p| key.strip_suffix(p)) {
        key = rest;
    }
    key.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_compared_without_case_marks_punctuation_or_unit_kind() {
        for (typed, stored) in [
            ("  bình dương ", "Tỉnh Bình Dương"),
            ("BINH DUONG", "Bình Dương"),
            ("Hoà Bình", "Tỉnh Hòa Bình"),
            ("ĐÀ NẴNG", "Thành phố Đà Nẵng"),
            ("tp. Hồ Chí Minh", "Thành phố Hồ Chí Minh"),
            ("Ho Chi Minh City", "Hồ Chí Minh"),
            ("Ba Ria-Vung Tau", "Bà Rịa - Vũng Tàu"),
            ("phuong sai gon", "Phường Sài Gòn"),
            // Decomposed: a, combining grave; o, combining hook above; combining dot below.
            ("Ho\u{0300}a Bi\u{0300}nh", "Hòa Bình"),
            ("xã Tân Hiệp", "Tan Hiep"),
        ] {
            assert_eq!(place_key(typed), place_key(stored), "{typed:?}");
        }
        assert_ne!(place_key("Hà Nam"), place_key("Hà Nội"));
        assert_eq!(place_key("Phường 1"), "1");
        assert_eq!(fold("Đắk Lắk"), "dak lak");
    }
}
