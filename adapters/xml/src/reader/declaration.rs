//! The XML declaration, read to the letter of XML 1.0 (Fifth Edition) §2.8 and §4.3.3.
//!
//! quick-xml hands the declaration over as it found it: it neither checks the version number nor the order,
//! spelling and values of the pseudo-attributes, nor that the declaration comes first. The formats this
//! crate reads are XML 1.0 in UTF-8, so a declaration must say so or say nothing an XML 1.0 processor would
//! read otherwise.

/// Checks the text of an XML declaration, `content` being what lies between `<?` and `?>` (starting with
/// `xml`), against the production
///
/// ```text
/// XMLDecl      ::= '<?xml' VersionInfo EncodingDecl? SDDecl? S? '?>'
/// VersionInfo  ::= S 'version' Eq ("'" VersionNum "'" | '"' VersionNum '"')
/// VersionNum   ::= '1.' [0-9]+
/// EncodingDecl ::= S 'encoding' Eq ('"' EncName '"' | "'" EncName "'")
/// EncName      ::= [A-Za-z] ([A-Za-z0-9._] | '-')*
/// SDDecl       ::= S 'standalone' Eq (("'" ('yes' | 'no') "'") | ('"' ('yes' | 'no') '"'))
/// Eq           ::= S? '=' S?
/// ```
///
/// (XML 1.0 §2.8 for the version, §4.3.1 for the encoding declaration, §2.9 for `standalone`), and that the
/// encoding named, if any, is UTF-8: the only one the formats allow. A version `1.x` other than `1.0` is
/// accepted, as §2.8 asks of an XML 1.0 processor. Returns what is wrong, in words.
pub(super) fn check(content: &str) -> Result<(), String> {
    // The declaration every agency writes, passed without reading it part by part.
    if content == r#"xml version="1.0" encoding="UTF-8""# {
        return Ok(());
    }
    let mut rest = content
        .strip_prefix("xml")
        .ok_or_else(|| "not an XML declaration".to_owned())?;
    let mut seen: Vec<&str> = Vec::with_capacity(3);
    loop {
        let trimmed = rest.trim_start_matches(is_space);
        if trimmed.is_empty() {
            break;
        }
        if trimmed.len() == rest.len() {
            return Err("the XML declaration's parts must be separated by white space".to_owned());
        }
        let (name, value, after) = pseudo_attribute(trimmed)?;
        let expected = ["version", "encoding", "standalone"];
        let Some(position) = expected.iter().position(|e| *e == name) else {
            return Err(format!(
                "the XML declaration has an unknown part {:?}: only version, encoding and standalone may appear",
                shorten(name)
            ));
        };
        if seen.contains(&name) {
            return Err(format!("the XML declaration gives {name} twice"));
        }
        if seen
            .last()
            .and_then(|last| expected.iter().position(|e| e == last))
            .is_some_and(|last| last > position)
            || (seen.is_empty() && name != "version")
        {
            return Err(
                "the XML declaration must give version first, then encoding, then standalone"
                    .to_owned(),
            );
        }
        seen.push(name);
        match name {
            "version" => check_version(value)?,
            "encoding" => check_encoding(value)?,
            _ => {
                if value != "yes" && value != "no" {
                    return Err(format!(
                        "the XML declaration's standalone is {:?}: it must be \"yes\" or \"no\"",
                        shorten(value)
                    ));
                }
            }
        }
        rest = after;
    }
    if seen.first() != Some(&"version") {
        return Err("the XML declaration has no version".to_owned());
    }
    Ok(())
}

fn check_version(value: &str) -> Result<(), String> {
    let digits = value.strip_prefix("1.").unwrap_or("");
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "the XML declaration's version is {:?}: this format is XML 1.0 (a version 1.x)",
            shorten(value)
        ));
    }
    Ok(())
}

fn check_encoding(value: &str) -> Result<(), String> {
    let mut bytes = value.bytes();
    let well_formed = bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    if !well_formed {
        return Err(format!(
            "the XML declaration's encoding {:?} is not an encoding name",
            shorten(value)
        ));
    }
    if !value.eq_ignore_ascii_case("utf-8") {
        return Err(format!(
            "declared encoding {:?}: only UTF-8 is accepted",
            shorten(value)
        ));
    }
    Ok(())
}

/// Splits `name Eq quoted-value` off the front of `input`: the name, the value without its quotes, and what
/// follows the closing quote.
fn pseudo_attribute(input: &str) -> Result<(&str, &str, &str), String> {
    let name_end = input
        .find(|c: char| is_space(c) || c == '=')
        .unwrap_or(input.len());
    let name = &input[..name_end];
    let after_name = input[name_end..].trim_start_matches(is_space);
    let Some(after_eq) = after_name.strip_prefix('=') else {
        return Err(format!(
            "the XML declaration's {:?} has no value",
            shorten(name)
        ));
    };
    let after_eq = after_eq.trim_start_matches(is_space);
    let quote = match after_eq.chars().next() {
        Some(q @ ('"' | '\'')) => q,
        _ => {
            return Err(format!(
                "the XML declaration's {:?} must have a quoted value",
                shorten(name)
            ));
        }
    };
    let body = &after_eq[1..];
    let Some(close) = body.find(quote) else {
        return Err(format!(
            "the XML declaration's {:?} has no closing quote",
            shorten(name)
        ));
    };
    Ok((name, &body[..close], &body[close + 1..]))
}

/// White space as XML 1.0 §2.3 defines it (`S`).
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// At most 40 characters of what the input said: enough to recognise, never a whole document.
fn shorten(text: &str) -> String {
    match text.char_indices().nth(40) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn declarations_that_xml_1_0_allows_pass() {
        for ok in [
            "xml version=\"1.0\" encoding=\"UTF-8\"",
            "xml version=\"1.0\"",
            "xml version='1.0' ",
            "xml version = \"1.0\" encoding = 'UTF-8'",
            "xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"",
            "xml version=\"1.0\" standalone='no'",
            "xml\tversion=\"1.1\"\n",
            "xml version=\"1.10\"",
        ] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn declarations_that_xml_1_0_refuses_are_refused_saying_why() {
        for (bad, says) in [
            ("xml", "has no version"),
            ("xml ", "has no version"),
            ("xml version=\"2.0\"", "version is \"2.0\""),
            ("xml version=\"1.\"", "version is \"1.\""),
            ("xml version=\"1.0a\"", "version is \"1.0a\""),
            ("xml version=\"10\"", "version is \"10\""),
            ("xml version=\"\"", "version is \"\""),
            ("xml encoding=\"UTF-8\"", "version first"),
            ("xml encoding=\"UTF-8\" version=\"1.0\"", "version first"),
            (
                "xml version=\"1.0\" standalone=\"yes\" encoding=\"UTF-8\"",
                "then encoding",
            ),
            ("xml version=\"1.0\" version=\"1.0\"", "version twice"),
            ("xml version=\"1.0\" foo=\"bar\"", "unknown part \"foo\""),
            (
                "xml version=\"1.0\"encoding=\"UTF-8\"",
                "separated by white space",
            ),
            ("xml version=1.0", "quoted value"),
            ("xml version=\"1.0'", "no closing quote"),
            ("xml version", "has no value"),
            (
                "xml version=\"1.0\" standalone=\"maybe\"",
                "\"yes\" or \"no\"",
            ),
            ("xml version=\"1.0\" encoding=\"ISO-8859-1\"", "only UTF-8"),
            (
                "xml version=\"1.0\" encoding=\"8bit\"",
                "not an encoding name",
            ),
            ("xml version=\"1.0\" encoding=\"\"", "not an encoding name"),
        ] {
            let error = check(bad).expect_err(bad);
            assert!(error.contains(says), "{bad}: {error}");
        }
    }

    #[test]
    fn what_the_input_said_is_quoted_short() {
        let long = format!("xml version=\"1.{}x\"", "0".repeat(500));
        let error = check(&long).unwrap_err();
        assert!(error.len() < 120, "{error}");
        assert!(error.contains('…'));
    }
}
