//! The characters XML 1.0 can carry (XML 1.0 §2.2, production `Char`).

/// Whether `c` is a character of XML 1.0: tab, line feed, carriage return, and everything from U+0020 but
/// the surrogates (which a `char` cannot hold) and U+FFFE/U+FFFF.
pub(crate) fn is_xml_char(c: char) -> bool {
    !matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
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
