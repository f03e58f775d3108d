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
        assert_eq!(
            w.finish().unwrap_err().to_string(),
            "a value holds a control character that XML 1.0 cannot carry"
        );
    }
    let mut w = XmlWriter::new();
    w.leaf("Name", &[], "line\nbreak\r\ttab");
    w.finish().unwrap();
}
