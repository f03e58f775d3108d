//! A strict, bounded pull reader over quick-xml's `Reader`, and a small writer.
//!
//! The same reader as the licensing adapter's (`hoso-licensing`, `src/xml.rs`), which keeps it private; the two
//! belong in one shared crate once a third XML agency needs them.
//!
//! Namespaces are checked here rather than with quick-xml's `NsReader`, whose per-element scope bookkeeping
//! costs about 40% of raw reading speed: the root's namespace is read from its declaration, every element must
//! use the root's prefix (the default namespace in this format), and an element that redeclares that prefix to
//! another URI is refused. A document that binds a second prefix to the same URI is refused too, with a clear
//! message: agency messages use one prefix throughout.
//!
//! The reader refuses what an agency message never needs and an attacker would use: DOCTYPE (so no entity
//! declarations, no billion laughs), entities other than the five predefined ones and character references,
//! input larger than a limit, nesting deeper than a limit, text longer than a limit, elements outside the
//! expected namespace, and text where only elements belong. Every error carries a line and column.

use std::borrow::Cow;

use hoso_core::AgencyCode;
use hoso_core::adapter::{AdapterError, AdapterErrorKind, Location};
use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};

/// Bounds on what the decoder accepts.
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
    /// 256 KiB of input, 8 levels, 4 KiB of text, 256 list items: a land registry message is a few
    /// KiB and 4 levels deep.
    fn default() -> Self {
        Self {
            max_input_bytes: 256 * 1024,
            max_depth: 8,
            max_text_bytes: 4096,
            max_list_items: 256,
        }
    }
}

/// An element whose start tag has just been read.
pub(crate) struct Element<'a> {
    pub(crate) start: BytesStart<'a>,
    /// Where the local name starts in the qualified name.
    local: usize,
    pub(crate) empty: bool,
    /// Byte offset of the start tag's `<`.
    pub(crate) offset: usize,
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

    pub(crate) fn local_name(&self) -> &str {
        // Element names are checked to be in the document's namespace when read, so the local name is the name.
        self.start
            .name()
            .into_inner()
            .get(self.local..)
            .unwrap_or_default()
    }
}

pub(crate) struct XmlReader<'a> {
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

/// Errors are boxed inside the decoder: an `AdapterError` is large, and every `Result` the hot path returns
/// would otherwise carry its size.
pub(crate) type XmlResult<T> = Result<T, Box<AdapterError>>;

/// Builds an error at a byte offset of `input`.
pub(crate) fn error_at(
    agency: &AgencyCode,
    input: &[u8],
    offset: usize,
    kind: AdapterErrorKind,
    message: impl Into<String>,
) -> AdapterError {
    AdapterError::new(kind, agency.clone(), message)
        .with_location(Location::of_offset(input, offset))
}

/// Checks size and encoding, then reads the root element: its namespace URI (unchecked) and the start tag.
pub(crate) fn open<'a>(
    input: &'a [u8],
    limits: Limits,
    agency: &'a AgencyCode,
) -> XmlResult<(XmlReader<'a>, Element<'a>, String)> {
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
                let ns = reader.namespace_of_root(&start);
                let offset = reader.last_offset;
                return Ok((reader, Element::new(start, false, offset), ns));
            }
            Event::Empty(start) => {
                let ns = reader.namespace_of_root(&start);
                let offset = reader.last_offset;
                return Ok((reader, Element::new(start, true, offset), ns));
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
    pub(crate) fn limits(&self) -> Limits {
        self.limits
    }

    /// Fixes the namespace every element must be in.
    pub(crate) fn expect_namespace(&mut self, namespace: &'static str) {
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

    /// The namespace URI of the root element (empty if none is declared) and remembers its prefix.
    fn namespace_of_root(&mut self, start: &BytesStart<'a>) -> String {
        let name = start.name().into_inner();
        self.prefix = name.split_once(':').map_or("", |(p, _)| p).to_owned();
        Self::declared_namespace(start).unwrap_or_default()
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
    pub(crate) fn error(
        &self,
        kind: AdapterErrorKind,
        message: impl Into<String>,
    ) -> Box<AdapterError> {
        Box::new(error_at(
            self.agency,
            self.input,
            self.last_offset,
            kind,
            message,
        ))
    }

    /// An error at a byte offset of the input.
    pub(crate) fn error_at_offset(
        &self,
        offset: usize,
        kind: AdapterErrorKind,
        message: impl Into<String>,
    ) -> Box<AdapterError> {
        Box::new(error_at(self.agency, self.input, offset, kind, message))
    }

    /// An error at a given element.
    pub(crate) fn error_at_element(
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
    pub(crate) fn next_child(&mut self) -> XmlResult<Option<Element<'a>>> {
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

    /// Skips everything up to the end of the element last entered (used for the root's end and the trailer).
    pub(crate) fn expect_end_of_document(&mut self) -> XmlResult<()> {
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
    pub(crate) fn text(&mut self, element: &Element<'a>) -> XmlResult<Cow<'a, str>> {
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

    /// The value of an unqualified attribute of `element`, entities resolved.
    pub(crate) fn attribute<'e>(
        &self,
        element: &'e Element<'a>,
        name: &str,
    ) -> XmlResult<Option<Cow<'e, str>>> {
        for attr in element.start.attributes() {
            let attr = attr.map_err(|e| {
                self.error_at_element(
                    element,
                    AdapterErrorKind::InvalidPayload,
                    format!("malformed attribute: {e}"),
                )
            })?;
            if attr.key.into_inner() != name {
                continue;
            }
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
            return Ok(Some(value));
        }
        Ok(None)
    }

    /// The values of several unqualified attributes of `element`, in one pass.
    pub(crate) fn attributes<'e, const N: usize>(
        &self,
        element: &'e Element<'a>,
        names: [&str; N],
    ) -> XmlResult<[Option<Cow<'e, str>>; N]> {
        let mut values: [Option<Cow<'e, str>>; N] = std::array::from_fn(|_| None);
        for attr in element.start.attributes() {
            let attr = attr.map_err(|e| {
                self.error_at_element(
                    element,
                    AdapterErrorKind::InvalidPayload,
                    format!("malformed attribute: {e}"),
                )
            })?;
            let key = attr.key.into_inner();
            let Some(i) = names.iter().position(|n| *n == key) else {
                continue;
            };
            let value = attr
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|e| {
                    self.error_at_element(
                        element,
                        AdapterErrorKind::InvalidPayload,
                        format!("attribute {key} of {}: {e}", element.local_name()),
                    )
                })?;
            if value.len() > self.limits.max_text_bytes {
                return Err(self.error_at_element(
                    element,
                    AdapterErrorKind::LimitExceeded,
                    format!(
                        "attribute {key} exceeds the limit of {} bytes",
                        self.limits.max_text_bytes
                    ),
                ));
            }
            if let Some(slot) = values.get_mut(i) {
                *slot = Some(value);
            }
        }
        Ok(values)
    }
}

/// A writer of indented XML into a `String`.
pub(crate) struct XmlWriter {
    pub(crate) out: String,
    depth: usize,
}

impl XmlWriter {
    pub(crate) fn new() -> Self {
        let mut out = String::with_capacity(1024);
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        Self { out, depth: 0 }
    }

    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }

    /// Opens `<name attr="v"...>`.
    pub(crate) fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.indent();
        self.start_tag(name, attrs);
        self.out.push_str(">\n");
        self.depth += 1;
    }

    fn start_tag(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.out.push('<');
        self.out.push_str(name);
        for (key, value) in attrs {
            self.out.push(' ');
            self.out.push_str(key);
            self.out.push_str("=\"");
            self.out.push_str(&quick_xml::escape::escape(*value));
            self.out.push('"');
        }
    }

    /// Closes `</name>`.
    pub(crate) fn close(&mut self, name: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.indent();
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// Writes `<name attrs>text</name>`.
    pub(crate) fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.indent();
        self.start_tag(name, attrs);
        if text.is_empty() {
            self.out.push_str("/>\n");
            return;
        }
        self.out.push('>');
        self.out.push_str(&quick_xml::escape::escape(text));
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    pub(crate) fn finish(self) -> Vec<u8> {
        self.out.into_bytes()
    }
}
