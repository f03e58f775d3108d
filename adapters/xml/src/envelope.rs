//! The envelope every XML agency message shares: the root's namespace, which names the format version, the
//! version attribute that must agree with it, the message id and the send time; and the error for a message
//! of the wrong kind.
//!
//! An adapter describes its format once, as a `static` [`Envelope`], and reads each message with
//! [`Envelope::open`], which checks all of the above and hands back a [`MessageReader`] for the fields.

use std::fmt;

use hoso_core::AgencyCode;
use hoso_core::adapter::{
    AdapterError, AdapterErrorKind, AgencyMessage, Capabilities, Decoded, Location, MessageFamily,
    OutboundMessage, SubmissionReceipt, WireFormat,
};
use jiff::Timestamp;
use jiff::civil::Date;

use crate::{
    AttributeTable, DateFormat, DateTimeFormat, Element, Limits, MessageReader, XmlResult,
    XmlWriter,
};

/// A version of an agency's XML format: its namespace URI and the number its version attribute carries.
pub trait FormatVersion: Copy + PartialEq + fmt::Display + Send + Sync + 'static {
    /// The namespace URI of this version (`urn:hoso:gplx:v1`).
    fn namespace(self) -> &'static str;
    /// The value of the version attribute for this version (`1`).
    fn number(self) -> &'static str;
    /// Whether a message of this version must carry the version attribute (in the agencies' formats, from
    /// version 2 on; version 1 predates the attribute).
    fn requires_number(self) -> bool;
}

/// What an agency's XML format puts around every message, described once per format.
///
/// ```
/// use hoso_xml::{DateFormat, DateTimeFormat, Envelope, FormatVersion, Limits};
///
/// #[derive(Debug, Clone, Copy, PartialEq, Eq)]
/// struct V1;
/// impl std::fmt::Display for V1 {
///     fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str("v1") }
/// }
/// impl FormatVersion for V1 {
///     fn namespace(self) -> &'static str { "urn:example:v1" }
///     fn number(self) -> &'static str { "1" }
///     fn requires_number(self) -> bool { false }
/// }
///
/// static ENVELOPE: Envelope<V1> = Envelope {
///     format: "the example office's format",
///     namespace_prefix: "urn:example:",
///     versions: &[V1],
///     version_attribute: "phienBan",
///     message_id_attribute: "maThongDiep",
///     sent_at_attribute: "thoiGianGui",
///     date: DateFormat { pattern: "yyyy-MM-dd" },
///     date_time: DateTimeFormat { pattern: "yyyy-MM-ddTHH:mm:ss+07:00" },
///     inner_attributes: |_| &[],
/// };
///
/// let agency: hoso_core::AgencyCode = "000.00.15.H22".parse()?;
/// let input = br#"<Ping xmlns="urn:example:v1" maThongDiep="m-1" thoiGianGui="2026-01-05T08:00:00+07:00">
///   <Ngay>2026-01-05</Ngay>
/// </Ping>"#;
/// let (mut m, root, head) = ENVELOPE.open(input, Limits::default(), &agency)?;
/// assert_eq!((root.local_name(), head.message_id.as_str()), ("Ping", "m-1"));
/// let mut day = None;
/// while let Some(el) = m.next_child()? {
///     match el.local_name() {
///         "Ngay" => {
///             let v = m.date(&el)?;
///             m.set(&mut day, v, &el)?;
///         }
///         _ => return Err(m.unknown(&el).into()),
///     }
/// }
/// m.finish()?;
/// assert_eq!(day, Some(jiff::civil::date(2026, 1, 5)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Envelope<V: 'static> {
    /// The format as errors name it (`the licensing authority's format`).
    pub format: &'static str,
    /// The prefix of the format's namespace URIs, which the version follows (`urn:hoso:gplx:`).
    pub namespace_prefix: &'static str,
    /// Every version the adapter reads, oldest first.
    pub versions: &'static [V],
    /// The root attribute holding the version number (`phienBan`).
    pub version_attribute: &'static str,
    /// The root attribute holding the message id (`maThongDiep`).
    pub message_id_attribute: &'static str,
    /// The root attribute holding the send time (`thoiGianGui`), in [`Envelope::date_time`].
    pub sent_at_attribute: &'static str,
    /// The format's dates.
    pub date: DateFormat,
    /// The format's instants.
    pub date_time: DateTimeFormat,
    /// The attributes the elements below the root may carry in each version (an element not listed carries
    /// none): [`Envelope::open`] closes the reader's attributes with it, so that an attribute the format does
    /// not have is an error wherever it appears ([`XmlReader::close_attributes`](crate::XmlReader::close_attributes)).
    pub inner_attributes: fn(V) -> AttributeTable,
}

/// What the root of every message carries besides its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    /// The message id, as the agency wrote it; never blank.
    pub message_id: String,
    /// When the message was sent.
    pub sent_at: Timestamp,
}

impl<V: FormatVersion> Envelope<V> {
    /// Reads up to the root of `input` and checks the envelope: the root's namespace names a version of the
    /// format, the version attribute agrees with it (and is there when the version requires it), the message
    /// id is there and not blank, the send time is there and in [`Envelope::date_time`], and the root has
    /// content. Returns the reader positioned inside the root, the root, and the head.
    ///
    /// # Errors
    /// Those of [`crate::open`]; at the root, `InvalidPayload` for a namespace outside the format, a version
    /// attribute naming another supported version, a missing or blank message id, a missing or malformed
    /// send time, or an empty root; `UnsupportedVersion` for a namespace or version attribute naming a
    /// version the adapter does not read.
    pub fn open<'a>(
        &'static self,
        input: &'a [u8],
        limits: Limits,
        agency: &'a AgencyCode,
    ) -> XmlResult<(MessageReader<'a, V>, Element<'a>, Head)> {
        let (mut reader, root) = crate::open(input, limits, agency)?;
        // The namespace declaration is read in the same pass as the root's own attributes.
        let xmlns = reader.root_namespace_attribute();
        let [namespace, number, message_id, sent_at] = reader.known_attributes(
            &root,
            [
                &xmlns,
                self.version_attribute,
                self.message_id_attribute,
                self.sent_at_attribute,
            ],
        )?;
        let invalid =
            |m: String| reader.error_at_element(&root, AdapterErrorKind::InvalidPayload, m);
        let version = self.version_of(
            &reader,
            &root,
            namespace.as_deref().unwrap_or_default(),
            number.as_deref(),
        )?;
        let lacks = |name: &str| {
            invalid(format!(
                "element {} lacks attribute {name}",
                root.local_name()
            ))
        };
        let message_id = message_id.ok_or_else(|| lacks(self.message_id_attribute))?;
        if message_id.trim().is_empty() {
            return Err(invalid(format!(
                "attribute {} is empty",
                self.message_id_attribute
            )));
        }
        let message_id = message_id.into_owned();
        let sent_at = sent_at.ok_or_else(|| lacks(self.sent_at_attribute))?;
        let sent_at = self.date_time.parse(&sent_at).ok_or_else(|| {
            invalid(format!(
                "attribute {} is not a date-time {}",
                self.sent_at_attribute, self.date_time.pattern
            ))
        })?;
        if root.is_self_closing() {
            return Err(invalid(format!("message {} is empty", root.local_name())));
        }
        reader.expect_namespace(version.namespace());
        reader.close_attributes((self.inner_attributes)(version));
        let head = Head {
            message_id,
            sent_at,
        };
        Ok((MessageReader::new(reader, version, self), root, head))
    }

    /// The version named by the root's namespace, checked against the version attribute.
    fn version_of(
        &self,
        r: &crate::XmlReader<'_>,
        root: &Element<'_>,
        namespace: &str,
        number: Option<&str>,
    ) -> XmlResult<V> {
        let at_root = |kind, message: String| r.error_at_element(root, kind, message);
        let supported = || {
            self.versions
                .iter()
                .map(|v| v.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let Some(suffix) = namespace.strip_prefix(self.namespace_prefix) else {
            return Err(at_root(
                AdapterErrorKind::InvalidPayload,
                format!(
                    "root element {} is in namespace {namespace:?}, not {} ({}...)",
                    root.local_name(),
                    self.format,
                    self.namespace_prefix
                ),
            ));
        };
        let version = self
            .versions
            .iter()
            .copied()
            .find(|v| v.namespace() == namespace)
            .ok_or_else(|| {
                at_root(
                    AdapterErrorKind::UnsupportedVersion,
                    format!(
                        "format version {suffix:?} is not supported (supported: {})",
                        supported()
                    ),
                )
            })?;
        match number {
            Some(number) if number != version.number() => {
                let kind = if self.versions.iter().any(|v| v.number() == number) {
                    AdapterErrorKind::InvalidPayload
                } else {
                    AdapterErrorKind::UnsupportedVersion
                };
                Err(at_root(
                    kind,
                    format!(
                        "{}={number:?} contradicts the namespace of version {version}",
                        self.version_attribute
                    ),
                ))
            }
            None if version.requires_number() => Err(at_root(
                AdapterErrorKind::InvalidPayload,
                format!(
                    "version {version} requires the attribute {}",
                    self.version_attribute
                ),
            )),
            _ => Ok(version),
        }
    }

    /// What every adapter of this format declares the same way: XML, the versions it reads, the namespace
    /// check, and the largest input `limits` allow. The adapter adds the messages it carries.
    pub fn capabilities(&self, limits: Limits) -> Capabilities {
        Capabilities::new(WireFormat::Xml)
            .with_versions(self.versions.iter().map(|v| v.number()))
            .with_namespace_check(true)
            .with_max_input_bytes(limits.max_input_bytes)
    }

    /// Opens the root element of a message in `version`: its namespace, version attribute, message id and
    /// send time, in that order.
    pub fn open_root(
        &self,
        w: &mut XmlWriter,
        version: V,
        name: &str,
        message_id: &str,
        sent_at: Timestamp,
    ) {
        let sent = self.date_time_text(sent_at);
        w.open(
            name,
            &[
                ("xmlns", version.namespace()),
                (self.version_attribute, version.number()),
                (self.message_id_attribute, message_id),
                (self.sent_at_attribute, &sent),
            ],
        );
    }

    /// `date` in the format's date format.
    pub fn date_text(&self, date: Date) -> String {
        let mut s = String::with_capacity(10);
        self.date.write(date, &mut s);
        s
    }

    /// `at` in the format's date-time format.
    pub fn date_time_text(&self, at: Timestamp) -> String {
        let mut s = String::with_capacity(25);
        self.date_time.write(at, &mut s);
        s
    }

    /// The notice in `decoded`, or the wrong-message error when `input` held another family.
    pub fn keep_notice(
        &self,
        agency: &AgencyCode,
        input: &[u8],
        decoded: Decoded,
    ) -> Result<AgencyMessage, AdapterError> {
        self.keep(
            agency,
            input,
            decoded,
            MessageFamily::Notice,
            Decoded::into_notice,
        )
    }

    /// The message to the agency in `decoded`, or the wrong-message error when `input` held another family.
    pub fn keep_outbound(
        &self,
        agency: &AgencyCode,
        input: &[u8],
        decoded: Decoded,
    ) -> Result<OutboundMessage, AdapterError> {
        self.keep(
            agency,
            input,
            decoded,
            MessageFamily::Outbound,
            Decoded::into_outbound,
        )
    }

    /// The receipt in `decoded`, or the wrong-message error when `input` held another family.
    pub fn keep_receipt(
        &self,
        agency: &AgencyCode,
        input: &[u8],
        decoded: Decoded,
    ) -> Result<SubmissionReceipt, AdapterError> {
        self.keep(
            agency,
            input,
            decoded,
            MessageFamily::Receipt,
            Decoded::into_receipt,
        )
    }

    fn keep<T>(
        &self,
        agency: &AgencyCode,
        input: &[u8],
        decoded: Decoded,
        expected: MessageFamily,
        take: fn(Decoded) -> Result<T, MessageFamily>,
    ) -> Result<T, AdapterError> {
        take(decoded).map_err(|got| self.wrong_message(agency, input, expected, got))
    }

    /// The error for a well-formed message of another family than the caller asked for (a receipt where a
    /// notice was expected), located at the root element of `input`.
    pub fn wrong_message(
        &self,
        agency: &AgencyCode,
        input: &[u8],
        expected: MessageFamily,
        got: MessageFamily,
    ) -> AdapterError {
        let unbounded = Limits {
            max_input_bytes: usize::MAX,
            ..Limits::default()
        };
        // The message was decoded, so its root is there; the fallback is the start of the input.
        let location = crate::open(input, unbounded, agency)
            .map_or(Location::Line { line: 1, column: 1 }, |(_, root)| {
                Location::of_offset(input, root.offset())
            });
        AdapterError::new(
            AdapterErrorKind::InvalidPayload,
            agency.clone(),
            format!("expected {expected}, got {got}"),
        )
        .with_location(location)
    }
}
