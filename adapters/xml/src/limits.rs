//! The bounds a decoder enforces.

/// Bounds on what a decoder accepts.
///
/// The reader enforces the first three itself; `max_list_items` is carried for the decoder, which counts the
/// items of its lists (only it knows which elements are list items) and reads the bound with
/// [`XmlReader::limits`](crate::XmlReader::limits).
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
