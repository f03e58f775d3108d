//! Reading attributes: in one pass, required ones named when missing, and a closed set refusing others.

use super::{NS, agency, at};
use crate::{Element, Limits, open};
use hoso_core::adapter::AdapterErrorKind;

#[test]
fn attributes_are_read_in_one_pass_and_a_missing_required_one_is_named() {
    let agency = agency();
    let input = format!("<Msg xmlns=\"{NS}\">\n  <Name b=\"2 &lt; 3\" a=\"1\"/></Msg>");
    let (mut r, _) = open(input.as_bytes(), Limits::default(), &agency).unwrap();
    r.expect_namespace(NS);
    let el: Element<'_> = r.next_child().unwrap().unwrap();
    let [a, b, c] = r.attributes(&el, ["a", "b", "c"]).unwrap();
    assert_eq!(
        (a.as_deref(), b.as_deref(), c.as_deref()),
        (Some("1"), Some("2 < 3"), None)
    );
    assert_eq!(r.required_attribute(&el, "b").unwrap(), "2 < 3");
    let e = r.required_attribute(&el, "c").unwrap_err();
    assert_eq!(e.message(), "element Name lacks attribute c");
    assert_eq!(at(&e), (2, 3));
    assert_eq!(el.offset(), input.find("<Name").unwrap());
    assert!(el.is_self_closing());
}

#[test]
fn known_attributes_refuse_an_unknown_one_but_not_namespaces_or_prefixed_ones() {
    let agency = agency();
    let input = format!(
        "<Msg xmlns=\"{NS}\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n  \
         <Name xsi:type=\"t\" a=\"1\"/><Name a=\"1\" z=\"2\"/></Msg>"
    );
    let (mut r, root) = open(input.as_bytes(), Limits::default(), &agency).unwrap();
    r.expect_namespace(NS);
    assert!(r.known_attributes(&root, ["xmlns"]).is_ok());
    let el: Element<'_> = r.next_child().unwrap().unwrap();
    let [a] = r.known_attributes(&el, ["a"]).unwrap();
    assert_eq!(a.as_deref(), Some("1"));
    let el: Element<'_> = r.next_child().unwrap().unwrap();
    // The lenient form reads past it; the closed one names it, at the element.
    assert!(r.attributes(&el, ["a"]).is_ok());
    let e = r.known_attributes(&el, ["a"]).unwrap_err();
    assert_eq!(e.kind(), AdapterErrorKind::InvalidPayload);
    assert_eq!(e.message(), "unknown attribute z on element Name");
    assert_eq!(at(&e), (2, 29));
}
