//! The writer of indented XML.

use hoso_core::AgencyCode;
use hoso_core::adapter::{AdapterError, AdapterErrorKind};

use crate::Limits;
use crate::chars::first_forbidden;

/// A writer of indented XML (two spaces a level) into a `String`, starting with the XML declaration.
///
/// Names are written as given (the encoder's own constants); text and attribute values are escaped. A value
/// that would not read back as written is remembered and refused by [`XmlWriter::finish`]: one holding a
/// character XML 1.0 cannot carry and, in a writer made by [`XmlWriter::trimmed`] (the one every message
/// encoder uses), one that is blank or has whitespace around it, since the decoders read every text and
/// attribute trimmed and refuse a blank one, and whatever is past the decoders' default [`Limits`] (a text,
/// a list, the document), which they refuse. An element with no text is written by [`XmlWriter::empty`].
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
    /// The first value given that would not read back as written.
    unwritable: Option<Unwritable>,
    /// Whether blank values and values with whitespace around them are refused.
    trimmed: bool,
    /// The bounds of what the decoders read, for a writer made by [`XmlWriter::trimmed`].
    limits: Option<Limits>,
    /// The number of child elements of each open element, the root's first: as many as the depth.
    children: Vec<usize>,
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
    /// A value longer than the decoders read ([`Limits::max_text_bytes`], counted as the decoder counts it,
    /// in bytes of the text itself, not of its escaped form).
    TooLong {
        /// `<Name>` or `attribute name of <Name>`.
        at: String,
        /// The limit, in bytes.
        limit: usize,
    },
    /// An element with more child elements than the decoders read in a list ([`Limits::max_list_items`]).
    TooMany {
        /// `<Name>`.
        at: String,
        /// The limit.
        limit: usize,
    },
    /// A document larger than the decoders read ([`Limits::max_input_bytes`]).
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
}

impl Unwritable {
    /// Whether this is a value past a limit of the decoders (an [`AdapterErrorKind::LimitExceeded`] error),
    /// rather than one the format cannot carry at all.
    pub fn is_over_limit(&self) -> bool {
        matches!(
            self,
            Unwritable::TooLong { .. } | Unwritable::TooMany { .. } | Unwritable::TooLarge { .. }
        )
    }
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
            Unwritable::TooLong { at, limit } => write!(
                f,
                "the value of {at} is longer than the {limit} bytes the decoders read"
            ),
            Unwritable::TooMany { at, limit } => write!(
                f,
                "{at} has more than the {limit} items the decoders read in a list"
            ),
            Unwritable::TooLarge { limit } => write!(
                f,
                "the message is larger than the {limit} bytes the decoders read"
            ),
        }
    }
}

impl std::error::Error for Unwritable {}

/// Why `value` would not read back as written, if it would not (`trimmed`: read back trimmed, blank refused;
/// `limits`: refused past them).
fn unwritable(
    value: &str,
    trimmed: bool,
    limits: Option<&Limits>,
    at: impl FnOnce() -> String,
) -> Option<Unwritable> {
    if first_forbidden(value).is_some() {
        Some(Unwritable::Character { at: at() })
    } else if trimmed && (value.is_empty() || value.trim().len() != value.len()) {
        Some(Unwritable::Untrimmed { at: at() })
    } else {
        limits
            .map(|l| l.max_text_bytes)
            .filter(|limit| value.len() > *limit)
            .map(|limit| Unwritable::TooLong { at: at(), limit })
    }
}

/// Shows the size, depth and limits only, never the text written (which holds personal data).
impl std::fmt::Debug for XmlWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("XmlWriter")
            .field("bytes", &self.out.len())
            .field("depth", &self.children.len())
            .field("unwritable", &self.unwritable.is_some())
            .field("limits", &self.limits)
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
            unwritable: None,
            trimmed: false,
            limits: None,
            children: Vec::new(),
        }
    }

    /// A writer for the decoders, which read every text and attribute value trimmed and refuse a blank one:
    /// such a value, which would come back changed or not at all, is refused by [`XmlWriter::finish`] as
    /// [`Unwritable::Untrimmed`]. What is past the decoders' default [`Limits`] is refused too, as the
    /// decoders would refuse it: a text or attribute value longer than `max_text_bytes`
    /// ([`Unwritable::TooLong`]), an element with more than `max_list_items` children
    /// ([`Unwritable::TooMany`]: the formats' lists are elements that hold their items only, and no other
    /// element has that many), a document larger than `max_input_bytes` ([`Unwritable::TooLarge`]).
    /// [`crate::MessageEncoder`] writes with one.
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
            limits: Some(Limits::default()),
            ..Self::new()
        }
    }

    /// Counts one more child element of the open element, refused past the list limit.
    fn child(&mut self, name: &str) {
        let Some(count) = self.children.last_mut() else {
            return;
        };
        *count += 1;
        if let Some(limit) = self.limits.map(|l| l.max_list_items)
            && *count > limit
            && self.unwritable.is_none()
        {
            // The parent's name is not kept; the item's says which list.
            self.unwritable = Some(Unwritable::TooMany {
                at: format!("the list of <{name}>"),
                limit,
            });
        }
    }

    fn indent(&mut self) {
        for _ in 0..self.children.len() {
            self.out.push_str("  ");
        }
    }

    /// Opens `<name attr="v"...>`.
    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.child(name);
        self.indent();
        self.start_tag(name, attrs);
        self.out.push_str(">\n");
        self.children.push(0);
    }

    fn refuse(&mut self, value: &str, at: impl FnOnce() -> String) {
        if self.unwritable.is_none() {
            self.unwritable = unwritable(value, self.trimmed, self.limits.as_ref(), at);
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
        self.children.pop();
        self.indent();
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// Writes `<name attrs>text</name>` (for a writer made by [`XmlWriter::trimmed`], `text` must be its own
    /// trimmed form and not blank, or [`XmlWriter::finish`] refuses the document).
    pub fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.child(name);
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
        self.child(name);
        self.indent();
        self.start_tag(name, attrs);
        self.out.push_str("/>\n");
    }

    /// The document, or why a value given would not read back as written.
    ///
    /// # Errors
    /// [`Unwritable`], for the first text or attribute value that held a character XML 1.0 cannot carry, or
    /// (in a writer made by [`XmlWriter::trimmed`]) was blank, had whitespace around it or was past a limit,
    /// the first list past its limit, or the document past its own.
    pub fn finish(self) -> Result<Vec<u8>, Unwritable> {
        if let Some(why) = self.unwritable {
            return Err(why);
        }
        if let Some(limit) = self.limits.map(|l| l.max_input_bytes)
            && self.out.len() > limit
        {
            return Err(Unwritable::TooLarge { limit });
        }
        Ok(self.out.into_bytes())
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
    /// message is not valid for the format, whatever its version), or it is past a limit of the decoders
    /// (an [`AdapterErrorKind::LimitExceeded`] error, the kind the decoder would give).
    Unwritable(Unwritable),
}

impl EncodeError {
    /// The kind of adapter error this is.
    pub fn kind(&self) -> AdapterErrorKind {
        match self {
            EncodeError::Unsupported(_) => AdapterErrorKind::Unsupported,
            EncodeError::Unwritable(e) if e.is_over_limit() => AdapterErrorKind::LimitExceeded,
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
