//! What the reader and the writer guarantee, each rule a test.

use std::borrow::Cow;

use hoso_core::AgencyCode;
use hoso_core::adapter::{AdapterError, AdapterErrorKind, Location};

use crate::{Limits, XmlReader, XmlResult, XmlWriter, open};

mod attributes;
mod characters;
mod declaration;
mod envelope;
mod writer;

const NS: &str = "urn:example:v1";

fn agency() -> AgencyCode {
    "000.00.15.H22".parse().unwrap()
}

fn at(e: &AdapterError) -> (u32, u32) {
    match e.location() {
        Some(Location::Line { line, column }) => (*line, *column),
        other => panic!("expected a line and column, got {other:?} ({e})"),
    }
}

/// Reads a whole document generically: every leaf's text (its path of local names, then the text), with
/// the namespace fixed to the root's declared one.
fn read_all(input: &[u8], limits: Limits) -> XmlResult<Vec<(String, String)>> {
    let agency = agency();
    let (mut r, root) = open(input, limits, &agency)?;
    let ns = root.declared_namespace().unwrap_or_default();
    r.expect_namespace(Box::leak(ns.into_boxed_str()));
    let mut out = Vec::new();
    if !root.is_self_closing() {
        walk(&mut r, root.local_name().to_owned(), &mut out)?;
    }
    r.expect_end_of_document()?;
    Ok(out)
}

fn walk(r: &mut XmlReader<'_>, path: String, out: &mut Vec<(String, String)>) -> XmlResult<()> {
    while let Some(el) = r.next_child()? {
        let path = format!("{path}/{}", el.local_name());
        if el.local_name().starts_with("List") {
            if !el.is_self_closing() {
                walk(r, path, out)?;
            }
        } else {
            let text = r.text(&el)?.into_owned();
            out.push((path, text));
        }
    }
    Ok(())
}

fn refused(input: &str, limits: Limits) -> Box<AdapterError> {
    match read_all(input.as_bytes(), limits) {
        Ok(v) => panic!("accepted {input:?} as {v:?}"),
        Err(e) => e,
    }
}

fn doc(body: &str) -> String {
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Msg xmlns=\"{NS}\">\n{body}\n</Msg>\n")
}

#[test]
fn a_well_formed_document_is_read_with_entities_references_and_cdata_joined() {
    let input = doc(
        "  <Name>A &amp; B &#x1EA0;&#7840;<![CDATA[<x>]]></Name>\n  <!-- c -->\n  <List><Item>1</Item><Item/></List>",
    );
    let got = read_all(input.as_bytes(), Limits::default()).unwrap();
    assert_eq!(
        got,
        [
            ("Msg/Name".to_owned(), "A & B ẠẠ<x>".to_owned()),
            ("Msg/List/Item".to_owned(), "1".to_owned()),
            ("Msg/List/Item".to_owned(), String::new()),
        ]
    );
}

#[test]
fn text_without_entities_is_borrowed_from_the_input() {
    let agency = agency();
    let input = format!("<Msg xmlns=\"{NS}\"><Name>plain</Name></Msg>");
    let (mut r, _root) = open(input.as_bytes(), Limits::default(), &agency).unwrap();
    r.expect_namespace(NS);
    let el = r.next_child().unwrap().unwrap();
    assert!(matches!(r.text(&el).unwrap(), Cow::Borrowed("plain")));
}

#[test]
fn input_larger_than_max_input_bytes_is_refused_before_reading() {
    let input = doc("<Name>x</Name>");
    let limits = Limits {
        max_input_bytes: input.len() - 1,
        ..Limits::default()
    };
    let e = refused(&input, limits);
    assert_eq!(e.kind(), AdapterErrorKind::LimitExceeded);
    assert_eq!(at(&e), (1, 1));
    let at_limit = Limits {
        max_input_bytes: input.len(),
        ..Limits::default()
    };
    read_all(input.as_bytes(), at_limit).unwrap();
}

#[test]
fn nesting_deeper_than_max_depth_is_refused_at_the_element() {
    // Msg (1) / List (2) / List (3) / Item (4).
    let input = doc("<List>\n<List>\n    <Item>x</Item></List></List>");
    let at_limit = Limits {
        max_depth: 4,
        ..Limits::default()
    };
    read_all(input.as_bytes(), at_limit).unwrap();
    let e = refused(
        &input,
        Limits {
            max_depth: 3,
            ..Limits::default()
        },
    );
    assert_eq!(e.kind(), AdapterErrorKind::LimitExceeded);
    assert_eq!(at(&e), (5, 5));
}

#[test]
fn text_longer_than_max_text_bytes_is_refused_at_its_element_even_when_split_by_references() {
    let limits = Limits {
        max_text_bytes: 8,
        ..Limits::default()
    };
    read_all(doc("<Name>12345678</Name>").as_bytes(), limits).unwrap();
    // Each piece is short; joined they are 9 bytes.
    let e = refused(&doc("  <Name>1234&amp;5678</Name>"), limits);
    assert_eq!(e.kind(), AdapterErrorKind::LimitExceeded);
    assert_eq!(at(&e), (3, 3));
    assert!(e.message().contains("Name"), "{e}");
}

#[test]
fn attribute_longer_than_max_text_bytes_is_refused() {
    let agency = agency();
    let limits = Limits {
        max_text_bytes: 4,
        ..Limits::default()
    };
    let input = format!("<Msg xmlns=\"{NS}\">\n <Name a=\"1234\" b=\"12345\"/></Msg>");
    let (mut r, _) = open(input.as_bytes(), limits, &agency).unwrap();
    r.expect_namespace(NS);
    let el = r.next_child().unwrap().unwrap();
    assert_eq!(r.attribute(&el, "a").unwrap().as_deref(), Some("1234"));
    let e = r.attribute(&el, "b").unwrap_err();
    assert_eq!(e.kind(), AdapterErrorKind::LimitExceeded);
    assert_eq!(at(&e), (2, 2));
    let e = r.attributes(&el, ["a", "b"]).unwrap_err();
    assert_eq!(e.kind(), AdapterErrorKind::LimitExceeded);
}

#[test]
fn max_list_items_is_handed_to_the_decoder() {
    let agency = agency();
    let limits = Limits {
        max_list_items: 3,
        ..Limits::default()
    };
    let (r, _) = open(b"<Msg/>", limits, &agency).unwrap();
    assert_eq!(r.limits().max_list_items, 3);
    assert_eq!(r.limits(), limits);
    assert_eq!(r.agency(), &agency);
}

#[test]
fn default_limits_fit_an_agency_message() {
    assert_eq!(
        Limits::default(),
        Limits {
            max_input_bytes: 256 * 1024,
            max_depth: 8,
            max_text_bytes: 4096,
            max_list_items: 256,
        }
    );
}

#[test]
fn doctype_is_refused_so_no_entity_can_be_declared() {
    let input = "<?xml version=\"1.0\"?>\n<!DOCTYPE Msg [<!ENTITY a \"aaaaaaaa\"><!ENTITY b \"&a;&a;&a;\">]>\n<Msg>&b;</Msg>";
    let e = refused(input, Limits::default());
    assert_eq!(e.kind(), AdapterErrorKind::InvalidPayload);
    assert!(e.message().contains("DOCTYPE"), "{e}");
    assert_eq!(at(&e), (2, 1));
}

#[test]
fn undeclared_entity_is_refused_at_its_position() {
    let e = refused(&doc("  <Name>x &ext; y</Name>"), Limits::default());
    assert_eq!(e.kind(), AdapterErrorKind::InvalidPayload);
    assert!(e.message().contains("&ext;"), "{e}");
    assert_eq!(at(&e), (3, 11));
}

/// XML 1.0 §2.2 (`Char`) and §4.1 (WFC: Legal Character): a character reference must name a character the
/// document could hold.
#[test]
fn character_references_to_characters_xml_forbids_are_refused_at_the_reference() {
    for reference in [
        "&#0;",
        "&#x0;",
        "&#x1;",
        "&#8;",
        "&#xB;",
        "&#xC;",
        "&#x1F;",
        "&#xFFFE;",
        "&#xFFFF;",
        "&#xD800;",
        "&#xDFFF;",
        "&#55296;",
        "&#x110000;",
    ] {
        let e = refused(
            &doc(&format!("  <Name>ab{reference}</Name>")),
            Limits::default(),
        );
        assert_eq!(e.kind(), AdapterErrorKind::InvalidPayload, "{reference}");
        assert!(
            e.message().contains("character reference"),
            "{reference}: {e}"
        );
        assert_eq!(at(&e), (3, 11), "{reference}: {e}");
    }
}

#[test]
fn character_references_to_characters_xml_allows_are_read() {
    for (reference, c) in [
        ("&#9;", '\t'),
        ("&#xA;", '\n'),
        ("&#xD;", '\r'),
        ("&#x20;", ' '),
        ("&#xD7FF;", '\u{D7FF}'),
        ("&#xE000;", '\u{E000}'),
        ("&#xFFFD;", '\u{FFFD}'),
        ("&#x10000;", '\u{10000}'),
        ("&#x10FFFF;", '\u{10FFFF}'),
    ] {
        let got = read_all(
            doc(&format!("<Name>{reference}</Name>")).as_bytes(),
            Limits::default(),
        );
        assert_eq!(
            got.map_err(|e| *e).unwrap()[0].1,
            c.to_string(),
            "{reference}"
        );
    }
}

#[test]
fn a_forbidden_character_reference_in_an_attribute_is_refused_at_its_element() {
    let agency = agency();
    for value in ["a&#x1;", "&#xFFFF;", "x &#0; y"] {
        let input = format!("<Msg xmlns=\"{NS}\">\n  <Name ma=\"{value}\"/>\n</Msg>");
        let (mut r, _root) = open(input.as_bytes(), Limits::default(), &agency).unwrap();
        r.expect_namespace(NS);
        let el = r.next_child().unwrap().unwrap();
        let e = r.attribute(&el, "ma").expect_err(value);
        assert_eq!(e.kind(), AdapterErrorKind::InvalidPayload, "{value}");
        assert!(e.message().contains("character reference"), "{value}: {e}");
        assert_eq!(at(&e), (2, 3), "{value}");
        assert!(r.attributes(&el, ["ma"]).is_err(), "{value}");
    }
    let input = format!("<Msg xmlns=\"{NS}\"><Name ma=\"&#x1EA0;&#9;\"/></Msg>");
    let (mut r, _root) = open(input.as_bytes(), Limits::default(), &agency).unwrap();
    r.expect_namespace(NS);
    let el = r.next_child().unwrap().unwrap();
    assert_eq!(r.attribute(&el, "ma").unwrap().as_deref(), Some("Ạ\t"));
}

#[test]
fn element_with_another_prefix_is_refused() {
    let input = format!(
        "<p:Msg xmlns:p=\"{NS}\" xmlns:q=\"{NS}\">\n  <p:Name>x</p:Name>\n  <q:Name>y</q:Name>\n</p:Msg>"
    );
    let e = refused(&input, Limits::default());
    assert_eq!(e.kind(), AdapterErrorKind::InvalidPayload);
    assert!(e.message().contains("q:Name"), "{e}");
    assert_eq!(at(&e), (3, 3));
}

#[test]
fn unprefixed_element_under_a_prefixed_root_is_refused() {
    let input = format!("<p:Msg xmlns:p=\"{NS}\"><Name>y</Name></p:Msg>");
    let e = refused(&input, Limits::default());
    assert!(
        e.message().contains("not in the document's namespace"),
        "{e}"
    );
    assert_eq!(at(&e), (1, 33));
}

#[test]
fn element_redeclaring_the_prefix_to_another_namespace_is_refused() {
    let e = refused(
        &doc("  <Name xmlns=\"urn:other\">x</Name>"),
        Limits::default(),
    );
    assert_eq!(e.kind(), AdapterErrorKind::InvalidPayload);
    assert!(e.message().contains("urn:other"), "{e}");
    assert_eq!(at(&e), (3, 3));
    // Redeclaring it to the same namespace changes nothing.
    read_all(
        doc(&format!("<Name xmlns=\"{NS}\">x</Name>")).as_bytes(),
        Limits::default(),
    )
    .unwrap();
}

#[test]
fn root_namespace_is_read_from_its_own_declaration() {
    let agency = agency();
    let cases: [(&str, Option<&str>, &str); 4] = [
        ("<Msg xmlns=\"urn:a\"/>", Some("urn:a"), "xmlns"),
        (
            "<p:Msg xmlns:p=\"urn:a\" xmlns=\"urn:b\"/>",
            Some("urn:a"),
            "xmlns:p",
        ),
        ("<Msg xmlns:p=\"urn:a\"/>", None, "xmlns"),
        ("<Msg a=\"1\"/>", None, "xmlns"),
    ];
    for (input, namespace, attribute) in cases {
        let (r, root) = open(input.as_bytes(), Limits::default(), &agency).unwrap();
        assert_eq!(root.declared_namespace().as_deref(), namespace, "{input}");
        assert_eq!(r.root_namespace_attribute(), attribute, "{input}");
        let [value] = r
            .attributes(&root, [&r.root_namespace_attribute()])
            .unwrap();
        assert_eq!(value.as_deref(), namespace, "{input}");
    }
}

#[test]
fn malformed_xml_is_refused_with_its_line_and_column() {
    let cases: [(&str, (u32, u32)); 3] = [
        // An end tag that does not match.
        ("<Msg>\n  <Name>x</Nome>\n</Msg>", (2, 10)),
        // Text between elements.
        ("<Msg>\n  stray\n</Msg>", (1, 6)),
        // Truncated.
        ("<Msg>\n  <Name>x</Name>\n", (3, 1)),
    ];
    for (input, expected) in cases {
        let e = refused(input, Limits::default());
        assert_eq!(e.kind(), AdapterErrorKind::InvalidPayload, "{input}");
        assert_eq!(at(&e), expected, "{input}: {e}");
    }
}

#[test]
fn bytes_that_are_not_utf8_are_refused_at_the_first_bad_byte() {
    let mut input = doc("  <Name>ắ").into_bytes();
    input.truncate(input.len() - "\n</Msg>\n".len());
    input.extend_from_slice(b"\xff</Name>\n</Msg>");
    let e = read_all(&input, Limits::default()).unwrap_err();
    assert_eq!(e.kind(), AdapterErrorKind::InvalidPayload);
    assert!(e.message().contains("UTF-8"), "{e}");
    assert_eq!(at(&e), (3, 10));
}

#[test]
fn another_declared_encoding_is_refused() {
    let e = refused(
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><Msg/>",
        Limits::default(),
    );
    assert!(e.message().contains("only UTF-8"), "{e}");
    read_all(
        b"<?xml version=\"1.0\" encoding=\"utf-8\"?><Msg/>",
        Limits::default(),
    )
    .unwrap();
}

#[test]
fn a_document_without_a_root_is_refused() {
    let e = refused(
        "<?xml version=\"1.0\"?>\n<!-- nothing -->\n",
        Limits::default(),
    );
    assert!(e.message().contains("no root"), "{e}");
}

#[test]
fn only_comments_and_blank_text_may_follow_the_root() {
    read_all(b"<Msg/>\n<!-- end -->\n", Limits::default()).unwrap();
    let e = refused("<Msg/>\n<Msg/>", Limits::default());
    assert_eq!(at(&e), (2, 1));
    let e = refused("<Msg/>\ntrailer", Limits::default());
    assert_eq!(at(&e), (1, 7));
}

#[test]
fn a_child_element_inside_a_leaf_is_refused() {
    let e = refused(&doc("  <Name>x<B/></Name>"), Limits::default());
    assert!(e.message().contains("unexpected an element"), "{e}");
    assert_eq!(at(&e), (3, 10));
}

#[test]
fn errors_are_located_at_the_event_an_element_or_an_offset() {
    let agency = agency();
    let input = format!("<Msg xmlns=\"{NS}\">\n  <A>1</A>\n    <B>ắ2</B>\n</Msg>");
    let (mut r, root) = open(input.as_bytes(), Limits::default(), &agency).unwrap();
    r.expect_namespace(NS);
    let a = r.next_child().unwrap().unwrap();
    r.text(&a).unwrap();
    let b = r.next_child().unwrap().unwrap();
    let kind = AdapterErrorKind::InvalidPayload;
    assert_eq!(at(&r.error(kind, "here")), (3, 5));
    assert_eq!(at(&r.error_at_element(&a, kind, "a")), (2, 3));
    assert_eq!(at(&r.error_at_element(&root, kind, "root")), (1, 1));
    let two = input.find("2</B>").unwrap();
    assert_eq!(at(&r.error_at_offset(two, kind, "2")), (3, 9));
    let e = r.error_at_offset(two, kind, "2");
    assert_eq!((e.kind(), e.message(), e.agency()), (kind, "2", &agency));
    assert_eq!(r.text(&b).unwrap(), "ắ2");
}

#[test]
fn debug_output_never_shows_the_input() {
    let agency = agency();
    let input = format!("<Msg xmlns=\"{NS}\" so=\"001099012345\"><Name>001099012345</Name></Msg>");
    let (mut r, root) = open(input.as_bytes(), Limits::default(), &agency).unwrap();
    r.expect_namespace(NS);
    let el = r.next_child().unwrap().unwrap();
    for shown in [format!("{r:?}"), format!("{root:?}"), format!("{el:?}")] {
        assert!(!shown.contains("001099012345"), "{shown}");
    }
    let mut w = XmlWriter::new();
    w.leaf("So", &[], "001099012345");
    assert!(!format!("{w:?}").contains("001099012345"));
}

#[test]
fn a_malformed_attribute_is_refused_at_its_element() {
    let agency = agency();
    let input = format!("<Msg xmlns=\"{NS}\">\n  <Name a=\"1\" a=\"2\"/></Msg>");
    let (mut r, _) = open(input.as_bytes(), Limits::default(), &agency).unwrap();
    r.expect_namespace(NS);
    let el = r.next_child().unwrap().unwrap();
    for e in [
        r.attributes(&el, ["b"]).unwrap_err(),
        r.attribute(&el, "b").unwrap_err(),
    ] {
        assert_eq!(e.kind(), AdapterErrorKind::InvalidPayload);
        assert!(e.message().starts_with("malformed attribute"), "{e}");
        assert_eq!(at(&e), (2, 3));
    }
}
