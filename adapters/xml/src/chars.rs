//! The characters XML 1.0 can carry (XML 1.0 §2.2, production `Char`).

/// Whether `c` is a character of XML 1.0: tab, line feed, carriage return, and everything from U+0020 but
/// the surrogates (which a `char` cannot hold) and U+FFFE/U+FFFF.
pub(crate) fn is_xml_char(c: char) -> bool {
    !matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// The first character of `text` that XML 1.0 forbids, if any.
///
/// In a `str` such a character starts with a byte below 0x20 (a C0 control; tab, line feed and carriage
/// return start allowed ones) or with 0xEF (U+FFFE and U+FFFF are `EF BF BE` and `EF BF BF`): a text with
/// neither, nearly every one, is passed by one pass over its bytes, without decoding its characters.
pub(crate) fn first_forbidden(text: &str) -> Option<char> {
    // A fold, not a search that stops early: the compiler turns it into a few instructions per 16 bytes.
    let suspect = text
        .as_bytes()
        .iter()
        .fold(false, |suspect, &b| suspect | (b < 0x20) | (b == 0xEF));
    if suspect {
        text.chars().find(|c| !is_xml_char(*c))
    } else {
        None
    }
}

/// The error text for a character reference to a character XML 1.0 forbids.
pub(crate) fn forbidden_reference(c: char) -> String {
    format!(
        "character reference to U+{:04X}, a character XML 1.0 forbids",
        u32::from(c)
    )
}

/// The error text for a character XML 1.0 forbids, written as it is (not as a reference).
pub(crate) fn forbidden_character(c: char) -> String {
    format!("character U+{:04X}, which XML 1.0 forbids", u32::from(c))
}

#[cfg(test)]
mod tests {
    use super::{first_forbidden, is_xml_char};

    #[test]
    fn the_first_forbidden_character_is_found_as_a_scan_of_every_character_finds_it() {
        for text in [
            "",
            "Nguyễn Thị Ánh",
            "tab\tline\nreturn\r",
            "\u{FFFD} replacement, allowed",
            "\u{FFEF}\u{FEFF}\u{E000}\u{10FFFF}",
            "bell \u{7}",
            "x\u{1F}",
            "\u{0}",
            "\u{FFFE}",
            "ends with \u{FFFF}",
            "Điều 38 \u{B}",
        ] {
            assert_eq!(
                first_forbidden(text),
                text.chars().find(|c| !is_xml_char(*c)),
                "{text:?}"
            );
        }
        assert_eq!(first_forbidden("a\u{FFFE}b\u{1}"), Some('\u{FFFE}'));
    }
}
