//! The element whose start tag was just read.

use quick_xml::events::BytesStart;

/// An element whose start tag has just been read, as [`open`](crate::open) and
/// [`XmlReader::next_child`](crate::XmlReader::next_child) return it.
///
/// Its attributes are read with [`XmlReader::attribute`](crate::XmlReader::attribute) and
/// [`XmlReader::attributes`](crate::XmlReader::attributes), its content with
/// [`XmlReader::text`](crate::XmlReader::text) (for a leaf) or `next_child` (for an element with children).
pub struct Element<'a> {
    pub(super) start: BytesStart<'a>,
    /// Where the local name starts in the qualified name.
    pub(super) local: usize,
    pub(super) empty: bool,
    /// Byte offset of the start tag's `<`.
    pub(super) offset: usize,
}

impl<'a> Element<'a> {
    pub(super) fn new(start: BytesStart<'a>, empty: bool, offset: usize) -> Self {
        let local = start
            .name()
            .into_inner()
            .bytes()
            .position(|b| b == b':')
            .map_or(0, |i| i + 1);
        Self {
            start,
            local,
            empty,
            offset,
        }
    }

    /// The element's name without its prefix (the prefix is checked to be the document's when read).
    pub fn local_name(&self) -> &str {
        // Element names are checked to be in the document's namespace when read, so the local name is the name.
        self.start
            .name()
            .into_inner()
            .get(self.local..)
            .unwrap_or_default()
    }

    /// Whether the element was written self-closing (`<a/>`): it has no content and no end tag to read.
    pub fn is_self_closing(&self) -> bool {
        self.empty
    }

    /// Byte offset of the element's `<` in the input (for
    /// [`XmlReader::error_at_offset`](crate::XmlReader::error_at_offset)).
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The namespace URI the element's own prefix is bound to by a declaration on the element itself
    /// (`xmlns="..."` without a prefix, `xmlns:p="..."` for prefix `p`), if it carries one.
    ///
    /// On the root this is the document's namespace. A value that cannot be normalised reads as empty.
    ///
    /// ```
    /// let agency: hoso_core::AgencyCode = "000.00.15.H22".parse()?;
    /// let input = br#"<p:Msg xmlns:p="urn:example:v1"/>"#;
    /// let (_reader, root) = hoso_xml::open(input, hoso_xml::Limits::default(), &agency)?;
    /// assert_eq!(root.declared_namespace().as_deref(), Some("urn:example:v1"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn declared_namespace(&self) -> Option<String> {
        declared_namespace(&self.start)
    }
}

/// Shows the name and position only: attribute values may be personal data.
impl std::fmt::Debug for Element<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Element")
            .field("local_name", &self.local_name())
            .field("self_closing", &self.empty)
            .field("offset", &self.offset)
            .finish()
    }
}

/// The namespace URI the element's own prefix is bound to by its own declarations, if it declares it.
pub(super) fn declared_namespace(start: &BytesStart<'_>) -> Option<String> {
    let name = start.name().into_inner();
    let prefix = name.split_once(':').map_or("", |(p, _)| p);
    // A plain window scan: the attribute text is short, and a substring searcher costs more to set up.
    if !start
        .attributes_raw()
        .as_bytes()
        .windows(5)
        .any(|w| w == b"xmlns")
    {
        return None;
    }
    start.attributes().flatten().find_map(|attr| {
        let key = attr.key.into_inner();
        let binds_own = if prefix.is_empty() {
            key == "xmlns"
        } else {
            key.strip_prefix("xmlns:") == Some(prefix)
        };
        binds_own.then(|| {
            attr.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_default()
        })
    })
}
