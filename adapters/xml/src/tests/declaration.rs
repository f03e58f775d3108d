//! The XML declaration (XML 1.0 §2.8): first in the document, version 1.x, its parts spelt and ordered as
//! the production says. quick-xml hands it over unchecked; found by review of what the reader accepted
//! (`<?xml version="2.0"?>` passed).

use super::{NS, at, read_all, refused};
use crate::Limits;
use hoso_core::adapter::AdapterErrorKind;

fn with_declaration(declaration: &str) -> String {
    format!("{declaration}\n<Msg xmlns=\"{NS}\">\n  <Name>a</Name>\n</Msg>\n")
}

#[test]
fn a_declaration_of_another_version_is_refused_at_the_declaration() {
    for version in ["2.0", "1", "1.x", "0.9"] {
        let e = refused(
            &with_declaration(&format!("<?xml version=\"{version}\"?>")),
            Limits::default(),
        );
        assert_eq!(e.kind(), AdapterErrorKind::InvalidPayload, "{version}");
        assert!(e.message().contains("XML 1.0"), "{version}: {e}");
        assert_eq!(at(&e), (1, 1), "{version}: {e}");
    }
    read_all(
        with_declaration("<?xml version=\"1.1\"?>").as_bytes(),
        Limits::default(),
    )
    .unwrap();
}

#[test]
fn a_declaration_without_a_version_or_with_its_parts_out_of_order_is_refused() {
    for (declaration, says) in [
        ("<?xml?>", "no version"),
        ("<?xml encoding=\"UTF-8\"?>", "version first"),
        (
            "<?xml version=\"1.0\" standalone=\"no\" encoding=\"UTF-8\"?>",
            "then encoding",
        ),
        ("<?xml version=\"1.0\" lang=\"vi\"?>", "unknown part"),
    ] {
        let e = refused(&with_declaration(declaration), Limits::default());
        assert!(e.message().contains(says), "{declaration}: {e}");
        assert_eq!(at(&e), (1, 1), "{declaration}: {e}");
    }
}

#[test]
fn a_declaration_that_does_not_come_first_is_refused_where_it_is() {
    for before in ["<!-- a comment -->\n", "\n", " ", "<?pi x?>"] {
        let input = format!(
            "{before}{}",
            with_declaration("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        );
        let e = refused(&input, Limits::default());
        assert!(e.message().contains("must come first"), "{before:?}: {e}");
    }
    let e = refused(
        "<!-- c -->\n<?xml version=\"1.0\"?>\n<Msg/>",
        Limits::default(),
    );
    assert_eq!(at(&e), (2, 1), "{e}");
}

#[test]
fn a_byte_order_mark_may_come_before_the_declaration() {
    let mut input = b"\xEF\xBB\xBF".to_vec();
    input.extend_from_slice(
        with_declaration("<?xml version=\"1.0\" encoding=\"UTF-8\"?>").as_bytes(),
    );
    read_all(&input, Limits::default()).unwrap();
}
