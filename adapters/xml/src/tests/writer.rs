//! What the writer guarantees: what it writes reads back, and what XML cannot carry is refused.

use super::{Limits, NS, XmlWriter, agency, open, read_all};

#[test]
fn writer_output_reads_back_to_the_same_values() {
    let values = [
        "A & B",
        "<tag> \"quoted\" 'single'",
        "Nguyễn Thị Ánh",
        "  spaced  ",
        "tab\there",
    ];
    let mut w = XmlWriter::default();
    w.open("Msg", &[("xmlns", NS), ("v", "x\"y&z")]);
    w.open("List", &[]);
    for v in values {
        w.leaf("Item", &[], v);
    }
    w.close("List");
    w.close("Msg");
    let bytes = w.finish().unwrap();
    let got = read_all(&bytes, Limits::default()).unwrap();
    let texts: Vec<&str> = got.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(texts, values);
    let agency = agency();
    let (r, root) = open(&bytes, Limits::default(), &agency).unwrap();
    assert_eq!(r.attribute(&root, "v").unwrap().as_deref(), Some("x\"y&z"));
}

#[test]
fn writer_refuses_characters_xml_cannot_carry() {
    for (text, attr) in [("a\u{1}b", "ok"), ("ok", "a\u{1B}b"), ("\u{FFFE}", "ok")] {
        let mut w = XmlWriter::new();
        w.leaf("Name", &[("a", attr)], text);
        let at = if attr == "ok" {
            "<Name>"
        } else {
            "attribute a of <Name>"
        };
        assert_eq!(
            w.finish().unwrap_err().to_string(),
            format!("the value of {at} holds a control character that XML 1.0 cannot carry")
        );
    }
    let mut w = XmlWriter::new();
    w.leaf("Name", &[], "line\nbreak\r\ttab");
    w.finish().unwrap();
}

/// Found by the fuzz target `message_round_trip` (a message id holding a tab, written as an attribute, came
/// back with a space): a parser normalises whitespace in attribute values and line ends everywhere, so the
/// writer writes them as character references where a literal one would change.
#[test]
fn whitespace_in_attributes_and_carriage_returns_in_text_read_back_unchanged() {
    let values = ["2\tI", "two\nlines", "cr\rlf\r\n", " \t\r\n "];
    let mut w = XmlWriter::new();
    let attrs: Vec<(String, &str)> = values
        .iter()
        .enumerate()
        .map(|(i, v)| (format!("a{i}"), *v))
        .collect();
    let attrs: Vec<(&str, &str)> = attrs.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    let mut root = vec![("xmlns", NS)];
    root.extend(attrs.iter().copied());
    w.open("Msg", &root);
    for v in values {
        w.leaf("Item", &[], v);
    }
    w.close("Msg");
    let bytes = w.finish().unwrap();
    let xml = String::from_utf8(bytes.clone()).unwrap();
    assert!(xml.contains("a0=\"2&#9;I\""), "{xml}");
    assert!(xml.contains("<Item>two\nlines</Item>"), "{xml}");
    assert!(xml.contains("<Item>cr&#13;lf&#13;\n</Item>"), "{xml}");
    let got = read_all(&bytes, Limits::default()).unwrap();
    let texts: Vec<&str> = got.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(texts, values);
    let agency = agency();
    let (r, root) = open(&bytes, Limits::default(), &agency).unwrap();
    for (i, v) in values.iter().enumerate() {
        assert_eq!(
            r.attribute(&root, &format!("a{i}")).unwrap().as_deref(),
            Some(*v)
        );
    }
}

#[test]
fn line_ends_in_cdata_are_normalised_as_everywhere_else() {
    let doc = format!("<Msg xmlns=\"{NS}\"><Item><![CDATA[a\r\nb\rc]]></Item></Msg>");
    let got = read_all(doc.as_bytes(), Limits::default()).unwrap();
    assert_eq!(got[0].1, "a\nb\nc");
}

/// Found by the fuzz target `message_round_trip`: an encoder wrote a blank message id, which its decoder
/// refuses as missing, and a text with whitespace around it came back trimmed. A writer for the decoders
/// refuses both, naming where; the raw writer writes them as they are.
#[test]
fn a_trimmed_writer_refuses_blank_and_padded_values_and_names_where() {
    use crate::Unwritable;
    for (text, attr, at) in [
        ("", "ok", "<Item>"),
        (" \t", "ok", "<Item>"),
        ("Nguyễn ", "ok", "<Item>"),
        ("\u{A0}x", "ok", "<Item>"),
        ("ok", "", "attribute id of <Item>"),
        ("ok", " 2", "attribute id of <Item>"),
    ] {
        let mut w = XmlWriter::trimmed();
        w.leaf("Item", &[("id", attr)], text);
        assert_eq!(
            w.finish(),
            Err(Unwritable::Untrimmed { at: at.into() }),
            "{text:?} {attr:?}"
        );
        let mut raw = XmlWriter::new();
        raw.leaf("Item", &[("id", attr)], text);
        assert!(raw.finish().is_ok());
    }
    let mut w = XmlWriter::trimmed();
    w.open("Msg", &[("xmlns", NS)]);
    w.leaf("Item", &[("id", "a b")], "x\ty");
    w.empty("List", &[]);
    w.close("Msg");
    assert!(w.finish().is_ok());
    // The first value refused is the one named.
    let mut w = XmlWriter::trimmed();
    w.leaf("A", &[], "");
    w.leaf("B", &[], "\u{1}");
    assert_eq!(w.finish(), Err(Unwritable::Untrimmed { at: "<A>".into() }));
}

/// Found by the fuzz target `message_round_trip`: the licensing encoder wrote a signer's name of 4,175 bytes
/// (14,114 once its quotes were escaped), which its decoder refused as past `max_text_bytes`. A writer for
/// the decoders refuses what they would: a value past the limit (counted unescaped, as they count it), a
/// list past `max_list_items`, a document past `max_input_bytes`; each as a limit, naming where.
#[test]
fn a_trimmed_writer_refuses_what_is_past_the_decoders_limits() {
    use crate::Unwritable;
    use hoso_core::adapter::AdapterErrorKind;
    let limits = Limits::default();
    let at_limit = "\"".repeat(limits.max_text_bytes);
    let past = format!("{at_limit}x");
    let mut w = XmlWriter::trimmed();
    w.open("Msg", &[("xmlns", NS), ("id", &at_limit)]);
    w.leaf("Ten", &[], &at_limit);
    w.close("Msg");
    let bytes = w
        .finish()
        .expect("at the limit, escaped or not, is written");
    assert!(bytes.len() > 2 * 6 * limits.max_text_bytes);
    let got = read_all(&bytes, limits).expect("what is written at the limit reads back");
    assert_eq!(got, [("Msg/Ten".to_owned(), at_limit.clone())]);
    let agency = agency();
    let (r, root) = open(&bytes, limits, &agency).expect("open");
    assert_eq!(
        r.attribute(&root, "id").expect("id").as_deref(),
        Some(&*at_limit)
    );
    for (attr, text, at) in [
        (past.as_str(), "ok", "attribute id of <Ten>"),
        ("ok", past.as_str(), "<Ten>"),
    ] {
        let mut w = XmlWriter::trimmed();
        w.leaf("Ten", &[("id", attr)], text);
        let why = w.finish().expect_err("past the limit");
        assert_eq!(
            why,
            Unwritable::TooLong {
                at: at.into(),
                limit: limits.max_text_bytes
            }
        );
        assert!(why.is_over_limit());
        assert!(!why.to_string().contains("\"\"\""), "{why}");
        let e = crate::EncodeError::from(why).into_adapter_error(&agency);
        assert_eq!(e.kind(), AdapterErrorKind::LimitExceeded);
        let mut raw = XmlWriter::new();
        raw.leaf("Ten", &[("id", attr)], text);
        assert!(raw.finish().is_ok(), "the raw writer has no limits");
    }
    let list = |items: usize| {
        let mut w = XmlWriter::trimmed();
        w.open("Msg", &[("xmlns", NS)]);
        w.open("DanhSach", &[]);
        for _ in 0..items {
            w.empty("GiayTo", &[("ma", "1")]);
        }
        w.close("DanhSach");
        w.close("Msg");
        w.finish()
    };
    assert!(list(limits.max_list_items).is_ok());
    assert_eq!(
        list(limits.max_list_items + 1),
        Err(Unwritable::TooMany {
            at: "the list of <GiayTo>".into(),
            limit: limits.max_list_items
        })
    );
    let mut w = XmlWriter::trimmed();
    w.open("Msg", &[("xmlns", NS)]);
    let text = "a".repeat(limits.max_text_bytes);
    let mut lists = 0;
    while lists * limits.max_list_items * limits.max_text_bytes <= limits.max_input_bytes {
        w.open("DanhSach", &[]);
        for _ in 0..limits.max_list_items {
            w.leaf("Ten", &[], &text);
        }
        w.close("DanhSach");
        lists += 1;
    }
    w.close("Msg");
    assert_eq!(
        w.finish(),
        Err(Unwritable::TooLarge {
            limit: limits.max_input_bytes
        })
    );
}
