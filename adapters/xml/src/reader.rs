//! The strict, bounded pull reader.

use std::borrow::Cow;

use hoso_core::AgencyCode;
use hoso_core::adapter::{AdapterError, AdapterErrorKind, Location};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::Limits;

mod attributes;
mod declaration;
mod element;
mod text;

pub use attributes::AttributeTable;
pub use element::Element;

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
    /// The attributes elements below the root may carry, once closed ([`XmlReader::close_attributes`]).
    closed_attributes: Option<AttributeTable>,
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
/// it with [`XmlReader::expect_namespace`]. Before the root, only an XML declaration (first, well formed,
/// version 1.x, declaring UTF-8 if any encoding), comments, processing instructions and blank text are
/// accepted; a DOCTYPE is refused.
///
/// # Errors
/// `LimitExceeded` if the input is larger than [`Limits::max_input_bytes`]; `InvalidPayload` for malformed
/// XML, bytes that are not UTF-8, an XML declaration that is not first or not XML 1.0's (another version,
/// another declared encoding, a part misspelt, repeated or out of order), a DOCTYPE, or no root element.
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
        closed_attributes: None,
    };
    loop {
        let event = reader.read()?;
        match event {
            Event::Decl(decl) => {
                // XML 1.0 §2.8: the declaration, if any, is the very first thing in the document (a byte
                // order mark aside, §4.3.3).
                let before = input.get(..reader.last_offset).unwrap_or(input);
                if !before.is_empty() && before != b"\xEF\xBB\xBF" {
                    return Err(reader.error(
                        AdapterErrorKind::InvalidPayload,
                        "an XML declaration must come first in the document",
                    ));
                }
                declaration::check(&decl)
                    .map_err(|message| reader.error(AdapterErrorKind::InvalidPayload, message))?;
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
        if let Some(ns) = element::declared_namespace(start)
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
    /// entities between elements, the end of the input, an element outside the document's namespace, or
    /// (once [`closed`](XmlReader::close_attributes)) an attribute its element may not carry.
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
            self.check_attributes(&element)?;
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
}
