//! Documents derived from an XML sample, one change each, for the checks that must refuse them: an unknown
//! element, an element given twice, an unknown attribute, an attribute given twice, a required element
//! removed.
//!
//! The sample is scanned once with quick-xml for the byte spans of its elements; each mutation is a splice of
//! the sample's own text, so that everything else (namespaces, whitespace, character references) stays as the
//! agency wrote it. Every derived document says what was changed and where (the element's path and line).

use quick_xml::events::Event;
use quick_xml::reader::Reader;

use crate::codec_checks::Sample;

/// A document derived from a sample, and what was changed.
pub(crate) struct Mutation {
    pub(crate) what: String,
    pub(crate) bytes: Vec<u8>,
}

/// The name of the element the kit adds: no agency format has it.
pub(crate) const UNKNOWN_ELEMENT: &str = "KitUnknownElement";
/// The name of the attribute the kit adds.
pub(crate) const UNKNOWN_ATTRIBUTE: &str = "kitUnknownAttribute";

/// One element of a sample: where it starts, where its start tag ends, where it ends, and what it holds.
struct Span {
    path: String,
    line: usize,
    depth: usize,
    start: usize,
    /// The offset just past the start tag's `>` (for an empty element, its `/>`).
    content: usize,
    end: usize,
    empty: bool,
    has_children: bool,
    /// The element's first attribute of its own (not a namespace declaration, not prefixed), as
    /// `name="value"`, the value as written.
    first_attribute: Option<String>,
}

/// The elements of `bytes`, in document order; empty when the sample is not well-formed XML (the decode
/// checks report that).
fn spans(bytes: &[u8]) -> Vec<Span> {
    let mut reader = Reader::from_reader(bytes);
    let mut done: Vec<Span> = Vec::new();
    let mut open: Vec<Span> = Vec::new();
    let line_at = |offset: usize| bytes[..offset].iter().filter(|b| **b == b'\n').count() + 1;
    loop {
        let before = reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(_) => return Vec::new(),
        };
        let after = reader.buffer_position() as usize;
        let (e, empty) = match event {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(_) => {
                if let Some(mut span) = open.pop() {
                    span.end = after;
                    done.push(span);
                }
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        {
            {
                let name = e.local_name().into_inner().to_owned();
                if let Some(parent) = open.last_mut() {
                    parent.has_children = true;
                }
                let path = match open.last() {
                    Some(parent) => format!("{}/{name}", parent.path),
                    None => format!("/{name}"),
                };
                let first_attribute = e.attributes().with_checks(false).flatten().find_map(|a| {
                    let key = a.key.into_inner().to_owned();
                    let value = a.value.to_string();
                    (key != "xmlns" && !key.contains(':') && !value.contains('"'))
                        .then(|| format!("{key}=\"{value}\""))
                });
                let span = Span {
                    first_attribute,
                    path,
                    line: line_at(before),
                    depth: open.len(),
                    start: before,
                    content: after,
                    end: after,
                    empty,
                    has_children: false,
                };
                if empty {
                    done.push(span);
                } else {
                    open.push(span);
                }
            }
        }
    }
    done.sort_by_key(|s| s.start);
    done
}

fn splice(bytes: &[u8], at: usize, remove: usize, insert: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + insert.len());
    out.extend_from_slice(&bytes[..at]);
    out.extend_from_slice(insert);
    out.extend_from_slice(&bytes[at + remove..]);
    out
}

/// An unknown element as the first child of every element that has children (the root included).
pub(crate) fn unknown_elements(sample: &Sample) -> Vec<Mutation> {
    let unknown = format!("<{UNKNOWN_ELEMENT}>1</{UNKNOWN_ELEMENT}>");
    spans(&sample.bytes)
        .iter()
        .filter(|s| s.has_children || s.depth == 0)
        .filter(|s| !s.empty)
        .map(|s| Mutation {
            what: format!(
                "an unknown element {UNKNOWN_ELEMENT} in {} (line {})",
                s.path, s.line
            ),
            bytes: splice(&sample.bytes, s.content, 0, unknown.as_bytes()),
        })
        .collect()
}

/// Every element without children but the root, written twice in a row.
pub(crate) fn duplicated_elements(sample: &Sample) -> Vec<Mutation> {
    spans(&sample.bytes)
        .iter()
        .filter(|s| s.depth > 0 && !s.has_children)
        .map(|s| Mutation {
            what: format!("element {} (line {}) given twice", s.path, s.line),
            bytes: splice(&sample.bytes, s.end, 0, &sample.bytes[s.start..s.end]),
        })
        .collect()
}

/// An unknown attribute on every element, the root included, one element at a time.
pub(crate) fn unknown_attributes(sample: &Sample) -> Vec<Mutation> {
    spans(&sample.bytes)
        .iter()
        .map(|s| {
            let close = if s.empty { 2 } else { 1 };
            Mutation {
                what: format!(
                    "an unknown attribute {UNKNOWN_ATTRIBUTE} on {} (line {})",
                    s.path, s.line
                ),
                bytes: splice(
                    &sample.bytes,
                    s.content - close,
                    0,
                    format!(" {UNKNOWN_ATTRIBUTE}=\"1\"").as_bytes(),
                ),
            }
        })
        .collect()
}

/// The first attribute of every element that has one of its own, written again at the end of its start tag
/// (with the same value), one element at a time: a document XML itself says is not well-formed.
pub(crate) fn duplicated_attributes(sample: &Sample) -> Vec<Mutation> {
    spans(&sample.bytes)
        .iter()
        .filter_map(|s| {
            let attribute = s.first_attribute.as_deref()?;
            let close = if s.empty { 2 } else { 1 };
            let name = attribute.split('=').next().unwrap_or(attribute);
            Some(Mutation {
                what: format!(
                    "attribute {name} given twice on {} (line {})",
                    s.path, s.line
                ),
                bytes: splice(
                    &sample.bytes,
                    s.content - close,
                    0,
                    format!(" {attribute}").as_bytes(),
                ),
            })
        })
        .collect()
}

/// Every child of the root, removed one at a time (for the schema check: a schema must require some of them).
pub(crate) fn root_children_removed(sample: &Sample) -> Vec<Mutation> {
    spans(&sample.bytes)
        .iter()
        .filter(|s| s.depth == 1)
        .map(|s| Mutation {
            what: format!("element {} (line {}) removed", s.path, s.line),
            bytes: splice(&sample.bytes, s.start, s.end - s.start, b""),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(text: &str) -> Sample {
        Sample {
            path: "s.xml".into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    const DOC: &str = "<R xmlns=\"urn:x\" a=\"1\">\n  <A>1</A>\n  <L><I>x</I><E/></L>\n</R>";

    #[test]
    fn an_unknown_element_goes_into_every_element_with_children() {
        let got: Vec<String> = unknown_elements(&sample(DOC))
            .into_iter()
            .map(|m| String::from_utf8(m.bytes).unwrap())
            .collect();
        assert_eq!(got.len(), 2);
        assert!(
            got[0].starts_with(
                "<R xmlns=\"urn:x\" a=\"1\"><KitUnknownElement>1</KitUnknownElement>\n"
            )
        );
        assert!(got[1].contains("<L><KitUnknownElement>1</KitUnknownElement><I>"));
    }

    #[test]
    fn leaves_are_duplicated_in_place_with_their_line() {
        let got = duplicated_elements(&sample(DOC));
        let what: Vec<&str> = got.iter().map(|m| m.what.as_str()).collect();
        assert_eq!(
            what,
            [
                "element /R/A (line 2) given twice",
                "element /R/L/I (line 3) given twice",
                "element /R/L/E (line 3) given twice"
            ]
        );
        assert!(String::from_utf8_lossy(&got[0].bytes).contains("<A>1</A><A>1</A>"));
        assert!(String::from_utf8_lossy(&got[2].bytes).contains("<E/><E/></L>"));
    }

    #[test]
    fn every_element_gets_an_attribute_and_the_root_loses_each_child() {
        let got: Vec<String> = unknown_attributes(&sample(DOC))
            .into_iter()
            .map(|m| String::from_utf8(m.bytes).unwrap())
            .collect();
        assert_eq!(got.len(), 5);
        assert!(got[0].starts_with("<R xmlns=\"urn:x\" a=\"1\" kitUnknownAttribute=\"1\">"));
        assert!(got[1].contains("<A kitUnknownAttribute=\"1\">1</A>"));
        assert!(got[4].contains("<E kitUnknownAttribute=\"1\"/>"));
        let removed = root_children_removed(&sample(DOC));
        assert_eq!(removed.len(), 2);
        assert!(!String::from_utf8_lossy(&removed[0].bytes).contains("<A>"));
        assert!(!String::from_utf8_lossy(&removed[1].bytes).contains("<L>"));
    }

    #[test]
    fn the_first_own_attribute_is_written_twice_and_namespaces_are_left_alone() {
        let doc = "<R xmlns=\"urn:x\" a=\"1\" b=\"2\">\n  <A>1</A>\n  <E p:x=\"1\" c=\"3\"/>\n</R>";
        let got = duplicated_attributes(&sample(doc));
        let what: Vec<&str> = got.iter().map(|m| m.what.as_str()).collect();
        assert_eq!(
            what,
            [
                "attribute a given twice on /R (line 1)",
                "attribute c given twice on /R/E (line 3)"
            ]
        );
        assert!(
            String::from_utf8_lossy(&got[0].bytes)
                .starts_with("<R xmlns=\"urn:x\" a=\"1\" b=\"2\" a=\"1\">")
        );
        assert!(String::from_utf8_lossy(&got[1].bytes).contains("<E p:x=\"1\" c=\"3\" c=\"3\"/>"));
    }

    #[test]
    fn malformed_input_derives_nothing() {
        assert!(unknown_elements(&sample("<R><A></R>")).is_empty());
    }
}
