//! The writer of indented XML.

/// A writer of indented XML (two spaces a level) into a `String`, starting with the XML declaration.
///
/// Names are written as given (the encoder's own constants); text and attribute values are escaped. A value
/// holding a character XML 1.0 cannot carry is remembered and refused by [`XmlWriter::finish`].
///
/// ```
/// let mut w = hoso_xml::XmlWriter::new();
/// w.open("Msg", &[("xmlns", "urn:example:v1")]);
/// w.leaf("Ten", &[], "A & B");
/// w.leaf("Rong", &[("ma", "1")], "");
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
    /// A character XML 1.0 cannot carry was given (a control character other than tab and line breaks).
    unwritable: bool,
}

/// Whether XML 1.0 can carry `c` in text or attribute values.
fn xml_char(c: char) -> bool {
    !matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// A value given to the [`XmlWriter`] held a character XML 1.0 cannot carry (a control character other than
/// tab and line breaks, or U+FFFE/U+FFFF).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnwritableCharacter;

impl std::fmt::Display for UnwritableCharacter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a value holds a control character that XML 1.0 cannot carry")
    }
}

impl std::error::Error for UnwritableCharacter {}

/// Shows the size and depth only, never the text written (which holds personal data).
impl std::fmt::Debug for XmlWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("XmlWriter")
            .field("bytes", &self.out.len())
            .field("depth", &self.depth)
            .field("unwritable", &self.unwritable)
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
            unwritable: false,
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

    fn start_tag(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.unwritable |= attrs.iter().any(|(_, v)| !v.chars().all(xml_char));
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
    pub fn close(&mut self, name: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.indent();
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// Writes `<name attrs>text</name>`.
    pub fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.unwritable |= !text.chars().all(xml_char);
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

    /// The document, or an error if a value held a character XML 1.0 cannot carry.
    ///
    /// # Errors
    /// [`UnwritableCharacter`] if any text or attribute value held such a character.
    pub fn finish(self) -> Result<Vec<u8>, UnwritableCharacter> {
        if self.unwritable {
            return Err(UnwritableCharacter);
        }
        Ok(self.out.into_bytes())
    }
}
