//! Characters XML 1.0 forbids (§2.2, production `Char`) written as they are, not as references: quick-xml
//! checks UTF-8 only, so the reader checks them itself. Found by the `licensing_v1` fuzz target's hostile
//! seeds (`fuzz/hostile/*/raw-control-character.xml`).

use super::{NS, agency, at, doc, refused};
use crate::{Limits, open};
use hoso_core::adapter::AdapterErrorKind;

#[test]
fn a_forbidden_character_written_in_text_is_refused_where_the_text_starts() {
    for c in [
        '\u{0}', '\u{1}', '\u{8}', '\u{B}', '\u{C}', '\u{1F}', '\u{FFFE}', '\u{FFFF}',
    ] {
        let e = refused(&doc(&format!("  <Name>ab{c}cd</Name>")), Limits::default());
        assert_eq!(e.kind(), AdapterErrorKind::InvalidPayload, "{c:?}");
        assert!(e.message().contains("XML 1.0 forbids"), "{c:?}: {e}");
        assert_eq!(at(&e), (3, 9), "{c:?}: {e}");
        let e = refused(
            &doc(&format!("  <Name><![CDATA[ab{c}]]></Name>")),
            Limits::default(),
        );
        assert!(
            e.message().contains("XML 1.0 forbids"),
            "{c:?} in CDATA: {e}"
        );
    }
}

#[test]
fn a_forbidden_character_written_in_an_attribute_is_refused_at_its_element() {
    let agency = agency();
    let input = format!("<Msg xmlns=\"{NS}\">\n  <Name ma=\"a\u{1}b\"/>\n</Msg>");
    let (mut r, _root) = open(input.as_bytes(), Limits::default(), &agency).unwrap();
    r.expect_namespace(NS);
    let el = r.next_child().unwrap().unwrap();
    let e = r.attribute(&el, "ma").unwrap_err();
    assert_eq!(e.kind(), AdapterErrorKind::InvalidPayload);
    assert!(e.message().contains("U+0001, which XML 1.0 forbids"), "{e}");
    assert_eq!(at(&e), (2, 3));
}

#[test]
fn tabs_and_line_breaks_written_as_they_are_are_read() {
    let agency = agency();
    let input = format!("<Msg xmlns=\"{NS}\">\n  <Name>a\tb\nc</Name>\n</Msg>");
    let (mut r, _root) = open(input.as_bytes(), Limits::default(), &agency).unwrap();
    r.expect_namespace(NS);
    let el = r.next_child().unwrap().unwrap();
    assert_eq!(r.text(&el).unwrap(), "a\tb\nc");
}
