//! The writer of indented XML.

use hoso_core::AgencyCode;
use hoso_core::adapter::{AdapterError, AdapterErrorKind};

use crate::chars::is_xml_char;

/// A writer of indented XML (two spaces a level) into a `String`, starting with the XML declaration.
///
/// Names are written as given (the encoder's own constants); text and attribute values are escaped. A value
/// that would not read back as written is remembered and refused by [`XmlWriter::finish`]: one holding a
/// character XML 1.0 cannot carry and, in a writer made by [`XmlWriter::trimmed`] (the one every message
/// encoder uses), one that is blank or has whitespace around it, since the decoders read every text and
/// attribute trimmed and refuse a blank one. An element with no text is written by [`XmlWriter::empty`].
///
/// ```
/// let mut w = hoso_xml::XmlWriter::new();
/// w.open("Msg", &[("xmlns", "urn:example:v1")]);
/// w.leaf("Ten", &[], "A & B");
/// w.empty("Rong", &[("ma", "1")]);
/// w.close("Msg");
/// let xml = String::from_utf8(w.finish()?)?;
/// assert_eq!(
///     xml,
///     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Msg xmlns=\"urn:example:v1\">\n  <Ten>A &amp; B</Ten>\n  <Rong ma=\"1\"/>\n</Msg>\n"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct XmlWriter {
    out: String,
    depth: usize,
    /// The first value given that would not read back as written.
    unwritable: Option<Unwritable>,
    /// Whether blank values and values with whitespace around them are refused.
    trimmed: bool,
}

/// A value given to the [`XmlWriter`] that would not read back as written, and where (the element, or the
/// attribute and its element: the encoder's own names, never the value, which may be personal data).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Unwritable {
    /// A character XML 1.0 cannot carry (a control character other than tab and line breaks, or
    /// U+FFFE/U+FFFF).
    Character {
        /// `<Name>` or `attribute name of <Name>`.
        at: String,
    },
    /// A blank value, or one with whitespace around it: the decoders read values trimmed and refuse blank
    /// ones, so it would come back changed or not at all.
    Untrimmed {
        /// `<Name>` or `attribute name of <Name>`.
        at: String,
    },
}

impl std::fmt::Display for Unwritable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unwritable::Character { at } => write!(
                f,
                "the value of {at} holds a control character that XML 1.0 cannot carry"
            ),
            Unwritable::Untrimmed { at } => write!(
                f,
                "the value of {at} is blank or has whitespace around it, which the decoders trim"
            ),
        }
    }
}

impl std::error::Error for Unwritable {}

/// Why `value` would not read back as written, if it would not (`trimmed`: read back trimmed, blank refused).
fn unwritable(value: &str, trimmed: bool, at: impl FnOnce() -> String) -> Option<Unwritable> {
    if !value.chars().all(is_xml_char) {
        Some(Unwritable::Character { at: at() })
    } else if trimmed && (value.is_empty() || value.trim().len() != value.len()) {
        Some(Unwritable::Untrimmed { at: at() })
    } else {
        None
    }
}

/// Shows the size and depth only, never the text written (which holds personal data).
impl std::fmt::Debug for XmlWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("XmlWriter")
            .field("bytes", &self.out.len())
            .field("depth", &self.depth)
            .field("unwritable", &self.unwritable.is_some())
            .finish()
    }
}

impl Default for XmlWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl XmlWriter {
    /// A writer holding the XML declaration.
    pub fn new() -> Self {
        let mut out = String::with_capacity(1024);
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        Self {
            out,
            depth: 0,
            unwritable: None,
            trimmed: false,
        }
    }

    /// A writer for the decoders, which read every text and attribute value trimmed and refuse a blank one:
    /// such a value, which would come back changed or not at all, is refused by [`XmlWriter::finish`] as
    /// [`Unwritable::Untrimmed`]. [`crate::MessageEncoder`] writes with one.
    ///
    /// ```
    /// use hoso_xml::{Unwritable, XmlWriter};
    /// let mut w = XmlWriter::trimmed();
    /// w.leaf("MaHoSo", &[], " 0042");
    /// assert_eq!(w.finish(), Err(Unwritable::Untrimmed { at: "<MaHoSo>".into() }));
    /// let mut w = XmlWriter::trimmed();
    /// w.open("Msg", &[("id", "")]);
    /// assert_eq!(w.finish(), Err(Unwritable::Untrimmed { at: "attribute id of <Msg>".into() }));
    /// ```
    pub fn trimmed() -> Self {
        Self {
            trimmed: true,
            ..Self::new()
        }
    }

    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }

    /// Opens `<name attr="v"...>`.
    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.indent();
        self.start_tag(name, attrs);
        self.out.push_str(">\n");
        self.depth += 1;
    }

    fn refuse(&mut self, value: &str, at: impl FnOnce() -> String) {
        if self.unwritable.is_none() {
            self.unwritable = unwritable(value, self.trimmed, at);
        }
    }

    fn start_tag(&mut self, name: &str, attrs: &[(&str, &str)]) {
        for (key, value) in attrs {
            self.refuse(value, || format!("attribute {key} of <{name}>"));
        }
        self.out.push('<');
        self.out.push_str(name);
        for (key, value) in attrs {
            self.out.push(' ');
            self.out.push_str(key);
            self.out.push_str("=\"");
            push_escaped(&mut self.out, value, Context::Attribute);
            self.out.push('"');
        }
    }

    /// Closes `</name>`.
    pub fn close(&mut self, name: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.indent();
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// Writes `<name attrs>text</name>` (for a writer made by [`XmlWriter::trimmed`], `text` must be its own
    /// trimmed form and not blank, or [`XmlWriter::finish`] refuses the document).
    pub fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.refuse(text, || format!("<{name}>"));
        self.indent();
        self.start_tag(name, attrs);
        self.out.push('>');
        push_escaped(&mut self.out, text, Context::Text);
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// Writes `<name attrs/>`, an element with no text (a list with no items, or values in attributes only).
    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.indent();
        self.start_tag(name, attrs);
        self.out.push_str("/>\n");
    }

    /// The document, or why a value given would not read back as written.
    ///
    /// # Errors
    /// [`Unwritable`], for the first text or attribute value that held a character XML 1.0 cannot carry, or
    /// was blank or had whitespace around it.
    pub fn finish(self) -> Result<Vec<u8>, Unwritable> {
        match self.unwritable {
            Some(why) => Err(why),
            None => Ok(self.out.into_bytes()),
        }
    }
}

/// Where a value is written: the two places XML reads whitespace differently.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    Text,
    Attribute,
}

/// Appends `value` to `out` so that a conforming parser reads back exactly `value`.
///
/// Besides the five markup characters, a carriage return is written as `&#13;` everywhere: a parser turns a
/// literal one (alone or before a line feed) into a line feed (XML 1.0 §2.11, end-of-line handling). In an
/// attribute value, tab and line feed are written as `&#9;` and `&#10;` too: a parser turns each literal
/// whitespace character of an attribute value into a space, but keeps one written as a character reference
/// (XML 1.0 §3.3.3, attribute-value normalization).
fn push_escaped(out: &mut String, value: &str, context: Context) {
    let mut written = 0;
    for (at, c) in value.char_indices() {
        if let Some(reference) = reference_for(c, context) {
            out.push_str(&value[written..at]);
            out.push_str(reference);
            written = at + c.len_utf8();
        }
    }
    out.push_str(&value[written..]);
}

/// The reference `c` is written as in `context`, if it is not written as itself.
fn reference_for(c: char, context: Context) -> Option<&'static str> {
    Some(match c {
        '<' => "&lt;",
        '>' => "&gt;",
        '&' => "&amp;",
        '"' => "&quot;",
        '\'' => "&apos;",
        '\r' => "&#13;",
        '\n' if context == Context::Attribute => "&#10;",
        '\t' if context == Context::Attribute => "&#9;",
        _ => return None,
    })
}

/// Why a message cannot be written in an agency's format.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EncodeError {
    /// The message, or one of its fields, has no form in the chosen version of the format (an
    /// [`AdapterErrorKind::Unsupported`] error): written, it would be lost.
    Unsupported(String),
    /// A value of the message would not read back as written: it holds a character XML 1.0 cannot carry,
    /// or it is blank or has whitespace around it (an [`AdapterErrorKind::InvalidPayload`] error: the
    /// message is not valid for the format, whatever its version).
    Unwritable(Unwritable),
}

impl EncodeError {
    /// The kind of adapter error this is.
    pub fn kind(&self) -> AdapterErrorKind {
        match self {
            EncodeError::Unsupported(_) => AdapterErrorKind::Unsupported,
            EncodeError::Unwritable(_) => AdapterErrorKind::InvalidPayload,
        }
    }

    /// The adapter error of `agency` for this failure.
    ///
    /// ```
    /// use hoso_core::adapter::AdapterErrorKind;
    /// use hoso_xml::{EncodeError, XmlWriter};
    ///
    /// let agency: hoso_core::AgencyCode = "000.00.15.H22".parse()?;
    /// let mut w = XmlWriter::new();
    /// w.leaf("Ten", &[], "bell \u{7}");
    /// let e = EncodeError::from(w.finish().unwrap_err()).into_adapter_error(&agency);
    /// assert_eq!(e.kind(), AdapterErrorKind::InvalidPayload);
    /// let e = EncodeError::Unsupported("version 1 has no e-mail".into()).into_adapter_error(&agency);
    /// assert_eq!(e.kind(), AdapterErrorKind::Unsupported);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn into_adapter_error(self, agency: &AgencyCode) -> AdapterError {
        AdapterError::new(self.kind(), agency.clone(), self.to_string())
    }
}

impl std::fmt::Display for EncodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EncodeError::Unsupported(why) => f.write_str(why),
            EncodeError::Unwritable(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for EncodeError {}

impl From<Unwritable> for EncodeError {
    fn from(e: Unwritable) -> Self {
        EncodeError::Unwritable(e)
    }
}

impl From<String> for EncodeError {
    /// A reason the message has no form in the format: [`EncodeError::Unsupported`].
    fn from(why: String) -> Self {
        EncodeError::Unsupported(why)
    }
}

impl From<&str> for EncodeError {
    /// A reason the message has no form in the format: [`EncodeError::Unsupported`].
    fn from(why: &str) -> Self {
        EncodeError::Unsupported(why.to_owned())
    }
}
