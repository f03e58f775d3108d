//! Checks that bad input (cut short, oversized, deeply nested, not UTF-8, entities, another namespace) is a
//! typed error, never a panic nor a message decoded.

use std::fmt::Write as _;
use std::path::Path;

use hoso_core::adapter::{AdapterError, AdapterErrorKind, AgencySide, Location, WireFormat};

use super::Sample;

/// Asserts that decoding `input` fails with one of `kinds`, without panicking, and with a location when the
/// codec's format has positions.
pub fn assert_rejected(
    codec: &dyn AgencySide,
    input: &[u8],
    kinds: &[AdapterErrorKind],
    what: &str,
) -> AdapterError {
    let outcome =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| codec.decode_any(input)));
    let result = outcome.unwrap_or_else(|_| panic!("{what}: the decoder panicked"));
    let err = match result {
        Ok(m) => panic!("{what}: decoded instead of failing: {m:?}"),
        Err(e) => e,
    };
    assert!(
        kinds.contains(&err.kind()),
        "{what}: error kind {:?}, expected one of {kinds:?}: {err}",
        err.kind()
    );
    assert!(!err.message().is_empty(), "{what}: error without a message");
    if codec.capabilities().format == WireFormat::Xml {
        assert!(
            matches!(err.location(), Some(Location::Line { .. })),
            "{what}: XML error without line and column: {err}"
        );
    }
    err
}

/// The error of decoding the sample file at `path` with its first `from` replaced by `to`: for a test of one
/// field-level rule of a format, on a sample that holds the field.
///
/// # Panics
/// If the file cannot be read, does not hold `from`, or decodes once changed.
pub fn edited_sample_error(
    codec: &dyn AgencySide,
    path: impl AsRef<Path>,
    from: &str,
    to: &str,
) -> AdapterError {
    let path = path.as_ref();
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    let edited = text.replacen(from, to, 1);
    match codec.decode_any(edited.as_bytes()) {
        Ok(m) => panic!("{} with {from:?} as {to:?} decodes: {m:?}", path.display()),
        Err(e) => e,
    }
}

/// Asserts that `error` is of `kind`, located at the JSON path `at` (`$.payload.reason`), and that its
/// message contains `says`.
pub fn assert_json_error(error: &AdapterError, kind: AdapterErrorKind, at: &str, says: &str) {
    assert_eq!(error.kind(), kind, "{error}");
    assert_eq!(
        error.location(),
        Some(&Location::JsonPath(at.into())),
        "{error}"
    );
    assert!(error.message().contains(says), "{error}");
}

const MALFORMED: &[AdapterErrorKind] = &[AdapterErrorKind::InvalidPayload];

/// Check: every sample cut short (at many points) is a typed error.
pub fn truncated_input_is_an_error(codec: &dyn AgencySide, samples: &[Sample]) {
    for sample in samples {
        let len = sample.bytes.len();
        let trimmed = sample.bytes.trim_ascii_end().len();
        // About 40 cuts per sample, always including the last byte of content.
        let step = (trimmed / 40).max(1);
        let cuts = (1..trimmed)
            .step_by(step)
            .chain([trimmed.saturating_sub(1)]);
        for cut in cuts {
            let what = format!("{} cut at byte {cut} of {len}", sample.path.display());
            assert_rejected(codec, &sample.bytes[..cut], MALFORMED, &what);
        }
        assert_rejected(codec, b"", MALFORMED, "empty input");
    }
}

/// Check: a sample padded past the declared input limit is a `LimitExceeded` error (padding is whitespace,
/// valid in both XML and JSON, so only the size can be the reason).
pub fn oversized_input_is_an_error(codec: &dyn AgencySide, samples: &[Sample]) {
    let limit = codec.capabilities().max_input_bytes;
    let Some(sample) = samples.first() else {
        return;
    };
    let mut big = sample.bytes.clone();
    big.resize(limit + 1, b' ');
    if big.len() <= sample.bytes.len() {
        big.extend_from_slice(b" ");
    }
    assert_rejected(
        codec,
        &big,
        &[AdapterErrorKind::LimitExceeded],
        "input one byte over the declared limit",
    );
}

/// The root element of an XML sample, from its `<` to its first `>`, and the byte offset after it.
fn xml_root_open_tag(bytes: &[u8]) -> Option<(usize, usize)> {
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'<' {
            match bytes.get(i + 1) {
                Some(b'?') | Some(b'!') => {}
                Some(_) => {
                    let end = i + bytes[i..].iter().position(|&b| b == b'>')?;
                    return Some((i, end + 1));
                }
                None => return None,
            }
        }
        i += 1;
    }
    None
}

/// Check: nesting far deeper than any message needs is a typed error, not a stack overflow.
pub fn deep_nesting_is_an_error(codec: &dyn AgencySide, samples: &[Sample]) {
    let Some(sample) = samples.first() else {
        return;
    };
    let depth = 10_000;
    let input = match codec.capabilities().format {
        WireFormat::Xml => {
            let (_, after_root) =
                xml_root_open_tag(&sample.bytes).expect("an XML sample has a root element");
            let mut v = sample.bytes[..after_root].to_vec();
            v.extend(std::iter::repeat_n(&b"<a>"[..], depth).flatten());
            v.extend(std::iter::repeat_n(&b"</a>"[..], depth).flatten());
            v
        }
        _ => {
            let mut v = b"{\"a\":".to_vec();
            v.extend(std::iter::repeat_n(b'[', depth));
            v.extend(std::iter::repeat_n(b']', depth));
            v.push(b'}');
            v
        }
    };
    assert_rejected(
        codec,
        &input,
        &[
            AdapterErrorKind::LimitExceeded,
            AdapterErrorKind::InvalidPayload,
        ],
        "10,000 levels of nesting",
    );
}

/// Check: bytes that are not UTF-8 inside a sample are a typed error.
pub fn non_utf8_is_an_error(codec: &dyn AgencySide, samples: &[Sample]) {
    for sample in samples {
        // Put an invalid sequence in the middle of the document, and at its very end.
        let mid = sample.bytes.len() / 2;
        let mut middle = sample.bytes.clone();
        middle.splice(mid..mid, [0xC3, 0x28, 0xFF]);
        assert_rejected(
            codec,
            &middle,
            MALFORMED,
            &format!("{} with bytes C3 28 FF inserted", sample.path.display()),
        );
        let mut latin1 = sample.bytes.clone();
        latin1.extend_from_slice(&[0xE9]);
        assert_rejected(
            codec,
            &latin1,
            MALFORMED,
            &format!("{} ending in a Latin-1 byte", sample.path.display()),
        );
    }
}

/// Check (XML): entity expansion is refused: a document type declaration with the classic "billion laughs"
/// entities, and a reference to an undeclared entity.
pub fn entity_expansion_is_an_error(codec: &dyn AgencySide, samples: &[Sample]) {
    let Some(sample) = samples.first() else {
        return;
    };
    let (root_start, after_root) =
        xml_root_open_tag(&sample.bytes).expect("an XML sample has a root element");
    let mut doctype = String::from("<!DOCTYPE lolz [\n  <!ENTITY lol \"lol\">\n");
    let mut previous = String::from("lol");
    for n in 1..=9 {
        let name = format!("lol{n}");
        let _ = writeln!(
            doctype,
            "  <!ENTITY {name} \"{}\">",
            format!("&{previous};").repeat(10)
        );
        previous = name;
    }
    doctype.push_str("]>\n");
    let mut laughs = sample.bytes[..root_start].to_vec();
    laughs.extend_from_slice(doctype.as_bytes());
    laughs.extend_from_slice(&sample.bytes[root_start..after_root]);
    laughs.extend_from_slice(b"&lol9;");
    laughs.extend_from_slice(&sample.bytes[after_root..]);
    assert_rejected(
        codec,
        &laughs,
        MALFORMED,
        "billion laughs (DOCTYPE with nested entities)",
    );

    let mut undeclared = sample.bytes.clone();
    // Inside the first text node after the root's open tag.
    let at = after_root
        + sample.bytes[after_root..]
            .iter()
            .position(|&b| b == b'<')
            .unwrap_or(0);
    let text_at = at
        + sample.bytes[at..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(0, |p| p + 1);
    undeclared.splice(text_at..text_at, b"&lol9;".iter().copied());
    assert_rejected(
        codec,
        &undeclared,
        MALFORMED,
        "a reference to an undeclared entity",
    );
}

/// Replaces the value of every `xmlns` declaration of an XML document by `namespace`.
pub fn with_xml_namespace(bytes: &[u8], namespace: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::with_capacity(text.len());
    let mut rest = &*text;
    while let Some(i) = rest.find("xmlns") {
        let (head, tail) = rest.split_at(i);
        out.push_str(head);
        let Some(q) = tail.find('"') else { break };
        let Some(q_end) = tail[q + 1..].find('"') else {
            break;
        };
        out.push_str(&tail[..=q]);
        out.push_str(namespace);
        out.push('"');
        rest = &tail[q + 1 + q_end + 1..];
    }
    out.push_str(rest);
    out.into_bytes()
}

/// Check (namespaced formats): a sample moved to another namespace is an `InvalidPayload` error.
pub fn wrong_namespace_is_an_error(codec: &dyn AgencySide, samples: &[Sample]) {
    for sample in samples {
        let moved = with_xml_namespace(&sample.bytes, "urn:example:not-this-agency");
        assert_ne!(
            moved,
            sample.bytes,
            "{}: no namespace declaration to change",
            sample.path.display()
        );
        let what = format!(
            "{} in namespace urn:example:not-this-agency",
            sample.path.display()
        );
        assert_rejected(codec, &moved, MALFORMED, &what);
        let none = String::from_utf8_lossy(&moved).replacen(
            " xmlns=\"urn:example:not-this-agency\"",
            "",
            1,
        );
        assert_rejected(
            codec,
            none.as_bytes(),
            MALFORMED,
            &format!("{} without a namespace", sample.path.display()),
        );
    }
}
