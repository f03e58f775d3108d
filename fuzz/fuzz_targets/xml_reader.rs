//! The strict XML reader alone, driven the way a decoder drives it: the first byte picks the namespace the
//! document must be in, the next eight say which elements are read as leaves (text) and which are entered;
//! the rest is the document. Every error carries a line and column.
#![no_main]

use std::sync::LazyLock;

use hoso_core::AgencyCode;
use hoso_core::adapter::WireFormat;
use hoso_xml::{Limits, XmlReader, XmlResult};
use libfuzzer_sys::fuzz_target;

static AGENCY: LazyLock<AgencyCode> = LazyLock::new(|| hoso_fuzz::agency(hoso_fuzz::LICENSING));

const NAMESPACES: [&str; 4] = [
    "urn:hoso:gplx:v1",
    "urn:hoso:gplx:v2",
    "urn:hoso:dangkydatdai:v2",
    "",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let (leaves, document) = rest.split_at(rest.len().min(8));
    let mut mask = [0u8; 8];
    mask[..leaves.len()].copy_from_slice(leaves);
    let leaves = u64::from_le_bytes(mask);
    if let Err(e) = read(
        document,
        NAMESPACES[usize::from(pick) % NAMESPACES.len()],
        leaves,
    ) {
        hoso_fuzz::check_error(WireFormat::Xml, &e);
    }
});

fn read(document: &[u8], namespace: &'static str, leaves: u64) -> XmlResult<()> {
    let (mut reader, root) = hoso_xml::open(document, Limits::default(), &AGENCY)?;
    let _ = root.declared_namespace();
    let _ = reader.attribute(&root, "phienBan")?;
    reader.expect_namespace(namespace);
    let mut seen = 0u32;
    walk(&mut reader, leaves, &mut seen)?;
    reader.expect_end_of_document()
}

/// Reads the children of the element last entered: leaves as text, the others by entering them.
fn walk(reader: &mut XmlReader<'_>, leaves: u64, seen: &mut u32) -> XmlResult<()> {
    while let Some(child) = reader.next_child()? {
        let _ = reader.known_attributes(&child, ["ma", "loai"]);
        let leaf = leaves.rotate_right(*seen) & 1 == 1;
        *seen = seen.wrapping_add(1);
        if leaf {
            let text = reader.text(&child)?;
            assert!(text.len() <= reader.limits().max_text_bytes);
        } else if !child.is_self_closing() {
            walk(reader, leaves, seen)?;
        }
    }
    Ok(())
}
