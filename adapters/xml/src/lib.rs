//! A strict, bounded pull reader over quick-xml's `Reader`, and a small writer, for the XML agency adapters
//! of `hoso` (`hoso-licensing`, `hoso-land`, and any XML agency that comes next).
//!
//! An adapter's decoder is a hand-written pull parser on [`XmlReader`]: [`open`] reads up to the root, the
//! decoder reads the root's attributes, picks the format version from its namespace, fixes that namespace
//! with [`XmlReader::expect_namespace`], then walks the children with [`XmlReader::next_child`] and reads the
//! leaves with [`XmlReader::text`] and [`XmlReader::attribute`]. Its encoder writes with [`XmlWriter`].
//!
//! The reader refuses what an agency message never needs and an attacker would use:
//! - a DOCTYPE (so no entity declarations, no billion laughs), and entities other than the five predefined
//!   ones and character references;
//! - input larger than [`Limits::max_input_bytes`], nesting deeper than [`Limits::max_depth`], text or an
//!   attribute value longer than [`Limits::max_text_bytes`] (the decoder bounds its lists with
//!   [`Limits::max_list_items`]);
//! - input that is not UTF-8, or declares another encoding;
//! - elements outside the document's namespace, and text where only elements belong.
//!
//! - character references to characters XML 1.0 forbids (`&#0;`, `&#x1;`, `&#xFFFE;`, surrogates such as
//!   `&#xD800;`), in text and attribute values.
//!
//! Every error is a [`hoso_core::adapter::AdapterError`] carrying the line and column of the input (1-based,
//! columns in characters).
//!
//! Above the reader, [`Envelope`] is what every agency message shares: an adapter describes its format once
//! (namespace prefix, versions, the root's version, message id and send-time attributes, its date formats)
//! and [`Envelope::open`] checks the envelope and returns a [`MessageReader`] whose methods read the fields
//! the same way in every adapter: set once, trimmed, blank refused, personal data never quoted, lists bounded,
//! each error at its element. The adapter keeps only its element names and its mapping onto the port's
//! messages. Encoders write the root with [`Envelope::open_root`] and fail with an [`EncodeError`].
//!
//! Namespaces are checked here rather than with quick-xml's `NsReader`, whose per-element scope bookkeeping
//! costs about 40% of raw reading speed: the root's namespace is read from its declaration, every element must
//! use the root's prefix (the default namespace in the agencies' formats), and an element that redeclares that
//! prefix to another URI is refused. A document that binds a second prefix to the same URI is refused too:
//! agency messages use one prefix throughout.
//!
//! ```
//! use hoso_core::adapter::{AdapterErrorKind, Location};
//! use hoso_xml::{Limits, XmlResult};
//!
//! /// Reads `<Msg xmlns="urn:example:v1"><Name>...</Name>...</Msg>` into the list of names.
//! fn names(input: &[u8], agency: &hoso_core::AgencyCode) -> XmlResult<Vec<String>> {
//!     let (mut r, root) = hoso_xml::open(input, Limits::default(), agency)?;
//!     if root.declared_namespace().as_deref() != Some("urn:example:v1") {
//!         return Err(r.error_at_element(&root, AdapterErrorKind::InvalidPayload, "unknown namespace"));
//!     }
//!     r.expect_namespace("urn:example:v1");
//!     let mut names = Vec::new();
//!     if !root.is_self_closing() {
//!         while let Some(el) = r.next_child()? {
//!             if el.local_name() != "Name" || names.len() == r.limits().max_list_items {
//!                 return Err(r.error_at_element(&el, AdapterErrorKind::InvalidPayload, "unexpected"));
//!             }
//!             names.push(r.text(&el)?.into_owned());
//!         }
//!     }
//!     r.expect_end_of_document()?;
//!     Ok(names)
//! }
//!
//! let agency: hoso_core::AgencyCode = "000.00.15.H22".parse()?;
//! let good = r#"<Msg xmlns="urn:example:v1"><Name>Nguyễn Văn A</Name><Name>B &amp; C</Name></Msg>"#;
//! assert_eq!(names(good.as_bytes(), &agency).map_err(|e| *e)?, ["Nguyễn Văn A", "B & C"]);
//!
//! let bad = "<Msg xmlns=\"urn:example:v1\">\n  <Name>&ext;</Name>\n</Msg>";
//! let e = names(bad.as_bytes(), &agency).unwrap_err();
//! assert_eq!(e.kind(), AdapterErrorKind::InvalidPayload);
//! assert_eq!(e.location(), Some(&Location::Line { line: 2, column: 9 }));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod applicant;
mod chars;
mod codec;
mod dates;
mod encoder;
mod envelope;
mod handover;
mod head;
mod limits;
mod message;
mod notice;
mod reader;
mod versions;
mod writer;

pub use applicant::ApplicantNames;
pub use codec::{XmlCodec, XmlFormat};
pub use dates::{DateFormat, DateTimeFormat};
pub use encoder::{MessageEncoder, NoticeRoots, ResultFormNames};
pub use envelope::{Envelope, FormatVersion, Head};
pub use handover::{HandoverFields, HandoverNames};
pub use head::HeadNames;
pub use limits::Limits;
pub use message::MessageReader;
pub use notice::{NoticeFields, NoticeNames, ProcessingNames};
pub use reader::{AttributeTable, Element, XmlReader, XmlResult, error_at, open};
pub use writer::{EncodeError, Unwritable, XmlWriter};

#[cfg(test)]
mod tests;
