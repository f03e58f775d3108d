//! The strict, bounded pull reader.

use std::borrow::Cow;

use hoso_core::AgencyCode;
use hoso_core::adapter::{AdapterError, AdapterErrorKind, Location};
use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::attributes::{AttrError, Attribute};
use quick_xml::events::{BytesStart, Event};

/// Bounds on what a decoder accepts.
///
/// The reader enforces the first three itself; `max_list_items` is carried for the decoder, which counts the
/// items of its lists (only it knows which elements are list items) and reads the bound with
/// [`XmlReader::limits`].
///
/// ```
/// let limits = hoso_xml::Limits { max_depth: 4, ..hoso_xml::Limits::default() };
/// assert_eq!(limits.max_input_bytes, 256 * 1024);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest input, in bytes.
    pub max_input_bytes: usize,
    /// The deepest nesting of elements (the root is depth 1).
    pub max_depth: usize,
    /// The longest text of one element or attribute, in bytes.
    pub max_text_bytes: usize,
    /// The most items in one list (documents, classes).
    pub max_list_items: usize,
}

impl Default for Limits {
    /// 256 KiB of input, 8 levels, 4 KiB of text, 256 list items: an agency message (licensing, land
    /// registry) is a few KiB and 4 levels deep.
    fn default() -> Self {
        Self {
            max_input_bytes: 256 * 1024,
            max_depth: 8,
            max_text_bytes: 4096,
            max_list_items: 256,
        }
    }
}

/// An element whose start tag has just been read, as [`open`] and [`XmlReader::next_child`] return it.
///
/// Its attributes are read with [`XmlReader::attribute`] and [`XmlReader::attributes`], its content with
/// [`XmlReader::text`] (for a leaf) or [`XmlReader::next_child`] (for an element with children).
pub struct Element<'a> {
    start: BytesStart<'a>,
    /// Where the local name starts in the qualified name.
    local: usize,
    empty: bool,
    /// Byte offset of the start tag's `<`.
    offset: usize,
}

impl<'a> Element<'a> {
    fn new(start: BytesStart<'a>, empty: bool, offset: usize) -> Self {
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

    /// Byte offset of the element's `<` in the input (for [`XmlReader::error_at_offset`]).
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The start tag as quick-xml read it, for what the reader's own methods do not cover.
    pub fn start(&self) -> &BytesStart<'a> {
        &self.start
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
        XmlReader::declared_namespace(&self.start)
    }
}

/// A pull reader over one document, positioned inside the element last entered.
///
/// Built by [`open`], which reads up to the root's start tag. The decoder then fixes the namespace every
/// element must be in ([`XmlReader::expect_namespace`]), walks the children of each element with
/// [`XmlReader::next_child`], reads leaves with [`XmlReader::text`], and finishes with
/// [`XmlReader::expect_end_of_document`]. Every error it returns carries the line and column of the input.
pub struct XmlReader<'a> {
    input: &'a [u8],
    inner: Reader<&'a [u8]>,
    namespace: &'static str,
    /// The root's prefix (`""` for the default namespace).
    prefix: String,
    depth: usize,
    limits: Limits,
    agency: &'a AgencyCode,
    /// Offset of the start of the event last read.
    last_offset: usize,
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

/// Shows the position and settings only, never the input (which holds personal data).
impl std::fmt::Debug for XmlReader<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("XmlReader")
            .field("agency", &self.agency)
            .field("input_bytes", &self.input.len())
            .field("namespace", &self.namespace)
            .field("prefix", &self.prefix)
            .field("depth", &self.depth)
            .field("limits", &self.limits)
            .field("last_offset", &self.last_offset)
            .finish()
    }
}

/// The result of the reader's operations.
///
/// Errors are boxed inside a decoder: an `AdapterError` is large, and every `Result` the hot path returns
/// would otherwise carry its size. Unbox at the decoder's public boundary (`.map_err(|e| *e)`).
pub type XmlResult<T> = Result<T, Box<AdapterError>>;

/// Builds an error of `agency` at a byte offset of `input`, located by line and column (1-based, columns in
/// characters).
///
/// ```
/// use hoso_core::adapter::{AdapterErrorKind, Location};
/// let agency: hoso_core::AgencyCode = "000.00.15.H22".parse()?;
/// let e = hoso_xml::error_at(&agency, b"<a>\n  <b>", 6, AdapterErrorKind::InvalidPayload, "bad b");
/// assert_eq!(e.location(), Some(&Location::Line { line: 2, column: 3 }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn error_at(
    agency: &AgencyCode,
    input: &[u8],
    offset: usize,
    kind: AdapterErrorKind,
    message: impl Into<String>,
) -> AdapterError {
    AdapterError::new(kind, agency.clone(), message)
        .with_location(Location::of_offset(input, offset))
}

/// Checks size and encoding, then reads up to the root element's start tag and returns the reader positioned
/// inside the root, and the root.
///
/// The root's namespace is not checked here: the decoder reads it ([`Element::declared_namespace`] or the
/// attribute named by [`XmlReader::root_namespace_attribute`]), picks the format version it names, and fixes
/// it with [`XmlReader::expect_namespace`]. Before the root, only an XML declaration (declaring UTF-8, if
/// any encoding), comments, processing instructions and blank text are accepted; a DOCTYPE is refused.
///
/// # Errors
/// `LimitExceeded` if the input is larger than [`Limits::max_input_bytes`]; `InvalidPayload` for malformed
/// XML, bytes that are not UTF-8, another declared encoding, a DOCTYPE, or no root element.
pub fn open<'a>(
    input: &'a [u8],
    limits: Limits,
    agency: &'a AgencyCode,
) -> XmlResult<(XmlReader<'a>, Element<'a>)> {
    if input.len() > limits.max_input_bytes {
        return Err(Box::new(
            AdapterError::new(
                AdapterErrorKind::LimitExceeded,
                agency.clone(),
                format!(
                    "input of {} bytes exceeds the limit of {} bytes",
                    input.len(),
                    limits.max_input_bytes
                ),
            )
            .with_location(Location::Line { line: 1, column: 1 }),
        ));
    }
    // quick-xml checks that every piece it hands out is UTF-8 (its events hold `str`), so bytes that are not
    // UTF-8 surface as an error at their position without a separate pass over the input.
    let mut inner = Reader::from_reader(input);
    let config = inner.config_mut();
    config.check_end_names = true;
    config.check_comments = true;
    let mut reader = XmlReader {
        input,
        inner,
        namespace: "",
        prefix: String::new(),
        depth: 0,
        limits,
        agency,
        last_offset: 0,
    };
    loop {
        let event = reader.read()?;
        match event {
            Event::Decl(decl) => {
                if let Some(Ok(encoding)) = decl.encoding()
                    && !encoding.eq_ignore_ascii_case("utf-8")
                {
                    return Err(reader.error(
                        AdapterErrorKind::InvalidPayload,
                        format!("declared encoding {encoding:?}: only UTF-8 is accepted"),
                    ));
                }
            }
            Event::Comment(_) | Event::PI(_) => {}
            Event::Text(t) if is_blank(&t) => {}
            Event::Start(start) => {
                reader.depth = 1;
                reader.note_root_prefix(&start);
                let offset = reader.last_offset;
                return Ok((reader, Element::new(start, false, offset)));
            }
            Event::Empty(start) => {
                reader.note_root_prefix(&start);
                let offset = reader.last_offset;
                return Ok((reader, Element::new(start, true, offset)));
            }
            Event::Eof => {
                return Err(reader.error(AdapterErrorKind::InvalidPayload, "no root element"));
            }
            other => return Err(reader.unexpected(&other)),
        }
    }
}

fn is_blank(text: &str) -> bool {
    text.bytes()
        .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

impl<'a> XmlReader<'a> {
    /// The agency the errors are attributed to.
    pub fn agency(&self) -> &'a AgencyCode {
        self.agency
    }

    /// The limits the reader was opened with.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Fixes the namespace every element after the root must be in: each must use the root's prefix, and one
    /// that declares that prefix itself must bind it to `namespace`.
    pub fn expect_namespace(&mut self, namespace: &'static str) {
        self.namespace = namespace;
    }

    /// The namespace URI the element's own prefix is bound to by its own declarations, if it declares it.
    fn declared_namespace(start: &BytesStart<'_>) -> Option<String> {
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

    /// Remembers the root element's prefix: every later element must use it.
    fn note_root_prefix(&mut self, start: &BytesStart<'a>) {
        let name = start.name().into_inner();
        self.prefix = name.split_once(':').map_or("", |(p, _)| p).to_owned();
    }

    /// The attribute that declares the root's namespace: `xmlns` or `xmlns:{prefix}`.
    ///
    /// A decoder passes it to [`XmlReader::attributes`] with the root's other attributes, reading the
    /// namespace in the same pass (where [`Element::declared_namespace`] makes a pass of its own).
    pub fn root_namespace_attribute(&self) -> Cow<'static, str> {
        if self.prefix.is_empty() {
            Cow::Borrowed("xmlns")
        } else {
            Cow::Owned(format!("xmlns:{}", self.prefix))
        }
    }

    /// Checks that a child element is in the document's namespace.
    fn check_namespace(&self, element: &Element<'_>) -> XmlResult<()> {
        let start = &element.start;
        let name = start.name().into_inner();
        let same_prefix = if element.local == 0 {
            self.prefix.is_empty()
        } else {
            name.get(..element.local - 1) == Some(self.prefix.as_str())
        };
        if !same_prefix {
            return Err(self.error(
                AdapterErrorKind::InvalidPayload,
                format!(
                    "element {name} is not in the document's namespace {:?} (prefix {:?} expected)",
                    self.namespace, self.prefix
                ),
            ));
        }
        if let Some(ns) = Self::declared_namespace(start)
            && ns != self.namespace
        {
            return Err(self.error(
                AdapterErrorKind::InvalidPayload,
                format!(
                    "element {name} is in namespace {ns:?}, expected {:?}",
                    self.namespace
                ),
            ));
        }
        Ok(())
    }

    /// An error at the event last read.
    pub fn error(&self, kind: AdapterErrorKind, message: impl Into<String>) -> Box<AdapterError> {
        Box::new(error_at(
            self.agency,
            self.input,
            self.last_offset,
            kind,
            message,
        ))
    }

    /// An error at the start tag of `element`.
    pub fn error_at_element(
        &self,
        element: &Element<'_>,
        kind: AdapterErrorKind,
        message: impl Into<String>,
    ) -> Box<AdapterError> {
        Box::new(error_at(
            self.agency,
            self.input,
            element.offset,
            kind,
            message,
        ))
    }

    /// An error at a byte offset of the input (for a value whose element is no longer at hand, e.g. after
    /// reading on; see [`Element::offset`]).
    pub fn error_at_offset(
        &self,
        offset: usize,
        kind: AdapterErrorKind,
        message: impl Into<String>,
    ) -> Box<AdapterError> {
        Box::new(error_at(self.agency, self.input, offset, kind, message))
    }

    fn unexpected(&self, event: &Event<'_>) -> Box<AdapterError> {
        let what = match event {
            Event::DocType(_) => "a DOCTYPE declaration (DTDs and entity declarations are refused)",
            Event::CData(_) => "CDATA",
            Event::Text(_) => "text",
            Event::End(_) => "an end tag",
            Event::Eof => "the end of the input (truncated message?)",
            Event::GeneralRef(_) => "an entity reference",
            Event::Decl(_) => "an XML declaration",
            Event::PI(_) => "a processing instruction",
            Event::Comment(_) => "a comment",
            Event::Start(_) | Event::Empty(_) => "an element",
        };
        self.error(
            AdapterErrorKind::InvalidPayload,
            format!("unexpected {what}"),
        )
    }

    fn read(&mut self) -> XmlResult<Event<'a>> {
        self.last_offset = usize::try_from(self.inner.buffer_position()).unwrap_or(usize::MAX);
        match self.inner.read_event() {
            Ok(event) => Ok(event),
            Err(e) => {
                // quick-xml reports an encoding error at the start of the piece it was decoding; find the byte.
                if let quick_xml::Error::Encoding(_) = e
                    && let Err(utf8) = std::str::from_utf8(self.input)
                {
                    return Err(Box::new(
                        error_at(
                            self.agency,
                            self.input,
                            utf8.valid_up_to(),
                            AdapterErrorKind::InvalidPayload,
                            "input is not valid UTF-8",
                        )
                        .with_source(e),
                    ));
                }
                let at = usize::try_from(self.inner.error_position()).unwrap_or(self.last_offset);
                Err(Box::new(
                    error_at(
                        self.agency,
                        self.input,
                        at,
                        AdapterErrorKind::InvalidPayload,
                        format!("malformed XML: {e}"),
                    )
                    .with_source(e),
                ))
            }
        }
    }

    /// The next child element of the element last entered, or `None` at that element's end tag.
    ///
    /// Blank text and comments are skipped; any other content is an error.
    ///
    /// # Errors
    /// `LimitExceeded` past [`Limits::max_depth`]; `InvalidPayload` for malformed XML, text, CDATA or
    /// entities between elements, the end of the input, or an element outside the document's namespace.
    pub fn next_child(&mut self) -> XmlResult<Option<Element<'a>>> {
        loop {
            let event = self.read()?;
            let (start, empty) = match event {
                Event::Start(start) => (start, false),
                Event::Empty(start) => (start, true),
                Event::End(_) => {
                    self.depth = self.depth.saturating_sub(1);
                    return Ok(None);
                }
                Event::Text(ref t) if is_blank(t) => continue,
                Event::Comment(_) => continue,
                other => return Err(self.unexpected(&other)),
            };
            if !empty {
                self.depth += 1;
                if self.depth > self.limits.max_depth {
                    return Err(self.error(
                        AdapterErrorKind::LimitExceeded,
                        format!(
                            "elements nested deeper than {} levels",
                            self.limits.max_depth
                        ),
                    ));
                }
            }
            let element = Element::new(start, empty, self.last_offset);
            self.check_namespace(&element)?;
            return Ok(Some(element));
        }
    }

    /// Reads what follows the root's end tag: only comments, processing instructions and blank text may.
    ///
    /// # Errors
    /// `InvalidPayload` for anything else (a second root, text).
    pub fn expect_end_of_document(&mut self) -> XmlResult<()> {
        loop {
            match self.read()? {
                Event::Eof => return Ok(()),
                Event::Comment(_) | Event::PI(_) => {}
                Event::Text(ref t) if is_blank(t) => {}
                other => return Err(self.unexpected(&other)),
            }
        }
    }

    /// The text content of `element` (whose start tag was just read), entities resolved; reads its end tag.
    ///
    /// Text, CDATA, character references and the five predefined entities are joined; comments are skipped.
    ///
    /// # Errors
    /// `LimitExceeded` past [`Limits::max_text_bytes`] (at the element); `InvalidPayload` for an undeclared
    /// entity, an invalid character reference, or a child element.
    pub fn text(&mut self, element: &Element<'a>) -> XmlResult<Cow<'a, str>> {
        if element.empty {
            return Ok(Cow::Borrowed(""));
        }
        let mut text: Option<Cow<'a, str>> = None;
        loop {
            let piece: Cow<'a, str> = match self.read()? {
                Event::Text(t) => t.xml10_content(),
                Event::CData(c) => c.into_inner(),
                Event::GeneralRef(r) => {
                    let resolved = match r.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        Ok(None) => {
                            let name = r.xml10_content();
                            match resolve_predefined_entity(&name) {
                                Some(s) => s.to_owned(),
                                None => {
                                    return Err(self.error(
                                        AdapterErrorKind::InvalidPayload,
                                        format!("undeclared entity &{name};"),
                                    ));
                                }
                            }
                        }
                        Err(e) => {
                            return Err(Box::new(
                                (*self.error(
                                    AdapterErrorKind::InvalidPayload,
                                    "invalid character reference",
                                ))
                                .with_source(e),
                            ));
                        }
                    };
                    Cow::Owned(resolved)
                }
                Event::End(_) => {
                    self.depth = self.depth.saturating_sub(1);
                    return Ok(text.unwrap_or(Cow::Borrowed("")));
                }
                Event::Comment(_) => continue,
                other => return Err(self.unexpected(&other)),
            };
            text = Some(match text {
                None => piece,
                Some(mut acc) => {
                    acc.to_mut().push_str(&piece);
                    acc
                }
            });
            if text
                .as_ref()
                .is_some_and(|t| t.len() > self.limits.max_text_bytes)
            {
                return Err(self.error_at_element(
                    element,
                    AdapterErrorKind::LimitExceeded,
                    format!(
                        "text of {} exceeds the limit of {} bytes",
                        element.local_name(),
                        self.limits.max_text_bytes
                    ),
                ));
            }
        }
    }

    /// The value of an unqualified attribute of `element`, entities resolved and whitespace normalised.
    ///
    /// # Errors
    /// `InvalidPayload` for malformed attributes; `LimitExceeded` past [`Limits::max_text_bytes`].
    pub fn attribute<'e>(
        &self,
        element: &'e Element<'a>,
        name: &str,
    ) -> XmlResult<Option<Cow<'e, str>>> {
        for attr in element.start.attributes() {
            let attr = self.well_formed(element, attr)?;
            if attr.key.into_inner() != name {
                continue;
            }
            return self.value(element, &attr, name).map(Some);
        }
        Ok(None)
    }

    /// The values of several unqualified attributes of `element`, in one pass, in the order of `names`.
    ///
    /// # Errors
    /// As [`XmlReader::attribute`].
    pub fn attributes<'e, const N: usize>(
        &self,
        element: &'e Element<'a>,
        names: [&str; N],
    ) -> XmlResult<[Option<Cow<'e, str>>; N]> {
        let mut values: [Option<Cow<'e, str>>; N] = std::array::from_fn(|_| None);
        for attr in element.start.attributes() {
            let attr = self.well_formed(element, attr)?;
            let key = attr.key.into_inner();
            let Some(i) = names.iter().position(|n| *n == key) else {
                continue;
            };
            let value = self.value(element, &attr, key)?;
            if let Some(slot) = values.get_mut(i) {
                *slot = Some(value);
            }
        }
        Ok(values)
    }

    /// An attribute as quick-xml parsed it, or an error at `element` if it is malformed.
    fn well_formed<'e>(
        &self,
        element: &Element<'a>,
        attr: Result<Attribute<'e>, AttrError>,
    ) -> XmlResult<Attribute<'e>> {
        attr.map_err(|e| {
            self.error_at_element(
                element,
                AdapterErrorKind::InvalidPayload,
                format!("malformed attribute: {e}"),
            )
        })
    }

    /// The normalised value of the attribute `name` of `element`, within the text limit.
    fn value<'e>(
        &self,
        element: &Element<'a>,
        attr: &Attribute<'e>,
        name: &str,
    ) -> XmlResult<Cow<'e, str>> {
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| {
                self.error_at_element(
                    element,
                    AdapterErrorKind::InvalidPayload,
                    format!("attribute {name} of {}: {e}", element.local_name()),
                )
            })?;
        if value.len() > self.limits.max_text_bytes {
            return Err(self.error_at_element(
                element,
                AdapterErrorKind::LimitExceeded,
                format!(
                    "attribute {name} exceeds the limit of {} bytes",
                    self.limits.max_text_bytes
                ),
            ));
        }
        Ok(value)
    }

    /// Like [`XmlReader::attribute`], but missing is an `InvalidPayload` error.
    pub fn required_attribute<'e>(
        &self,
        element: &'e Element<'a>,
        name: &str,
    ) -> XmlResult<Cow<'e, str>> {
        self.attribute(element, name)?.ok_or_else(|| {
            self.error_at_element(
                element,
                AdapterErrorKind::InvalidPayload,
                format!("element {} lacks attribute {name}", element.local_name()),
            )
        })
    }
}
