//! Pure decode and encode of the land registry office's XML, both versions, and the mapping between its
//! messages ([`LandMessage`]) and the port's normalised ones. No I/O: this is the fuzz and bench target.
//!
//! Decoding reads everything the office sends, land details included ([`LandCodec::decode_message`]); the
//! [`AgencyCodec`] methods then keep what the port carries. A submission built from a core dossier has no land
//! details (the core does not model parcels); [`LandCodec::encode_submission`] writes them when the caller has
//! them.

mod decode;
mod encode;

use hoso_core::AgencyCode;
use hoso_core::adapter::{
    AdapterError, AdapterErrorKind, AgencyCodec, AgencyMessage, Capabilities, NoticeKind,
    OutboundKind, OutboundMessage, SubmissionReceipt, WireFormat,
};

use crate::wire::{LandMessage, LandSubmission, Version, attr};
use decode::Decoder;
use encode::Encoder;
use hoso_xml::{self as xml, Limits};

/// The codec of the land registry office's format: decodes v1 and v2, encodes the version it was built for.
///
/// ```
/// use hoso_core::adapter::{AgencyCodec, Notice};
/// use hoso_land::{LandCodec, Version};
///
/// let codec = LandCodec::new("000.00.26.H26".parse().unwrap(), Version::V2);
/// let xml = include_bytes!("../samples/v1/thong-bao-nghia-vu-tai-chinh.xml");
/// let message = codec.decode(xml).unwrap();
/// let Notice::FinancialObligation { total, .. } = &message.notice else { panic!() };
/// assert_eq!(total.0, 50_925_000);
/// // Re-encoded in v2, it reads back the same.
/// let again = codec.decode(&codec.encode_notice(&message).unwrap()).unwrap();
/// assert_eq!(again, message);
/// ```
#[derive(Debug, Clone)]
pub struct LandCodec {
    agency: AgencyCode,
    version: Version,
    limits: Limits,
}

impl LandCodec {
    /// A codec for the office `agency` that encodes in `version`, with the default [`Limits`].
    pub fn new(agency: AgencyCode, version: Version) -> Self {
        Self {
            agency,
            version,
            limits: Limits::default(),
        }
    }

    /// Replaces the decoding limits.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The version this codec encodes.
    pub fn version(&self) -> Version {
        self.version
    }

    /// The decoding limits.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Decodes a message of either direction, in any supported version, with everything it carries.
    ///
    /// ```
    /// use hoso_land::{LandCodec, LandMessage, Version};
    ///
    /// let codec = LandCodec::new("000.00.26.H26".parse().unwrap(), Version::V1);
    /// let LandMessage::Submission(s) = codec
    ///     .decode_message(include_bytes!("../samples/v2/nop-ho-so.xml"))
    ///     .unwrap() else { panic!() };
    /// assert_eq!(s.land.parcels[1].area.to_string(), "1048.25");
    /// assert_eq!(s.land.parcels[1].land_use.as_str(), "CLN");
    /// ```
    pub fn decode_message(&self, bytes: &[u8]) -> Result<LandMessage, AdapterError> {
        self.decode_boxed(bytes).map_err(|e| *e)
    }

    fn decode_boxed(&self, bytes: &[u8]) -> xml::XmlResult<LandMessage> {
        let (reader, root) = xml::open(bytes, self.limits, &self.agency)?;
        let namespace = root.declared_namespace().unwrap_or_default();
        let [number, message_id, sent_at] =
            reader.attributes(&root, [attr::VERSION, attr::MESSAGE_ID, attr::SENT_AT])?;
        let version = decode::version_of(&reader, &root, &namespace, number.as_deref())?;
        let mut d = Decoder {
            r: reader,
            version,
            names: version.names(),
            agency: &self.agency,
        };
        d.r.expect_namespace(version.namespace());
        let message = d.message(&root, message_id, sent_at)?;
        d.r.expect_end_of_document()?;
        Ok(message)
    }

    /// Encodes any message of the format in this codec's version.
    pub fn encode_message(&self, message: &LandMessage) -> Result<Vec<u8>, AdapterError> {
        Encoder::new(self.version, &self.agency)
            .message(message)
            .map_err(|e| self.unsupported(e))
    }

    /// Encodes a dossier submission with its land details (parcels, administrative units, workflow).
    pub fn encode_submission(&self, submission: &LandSubmission) -> Result<Vec<u8>, AdapterError> {
        Encoder::new(self.version, &self.agency)
            .submission(submission)
            .map_err(|e| self.unsupported(e))
    }

    fn unsupported(&self, message: String) -> AdapterError {
        AdapterError::new(AdapterErrorKind::Unsupported, self.agency.clone(), message)
    }

    fn wrong_message(&self, expected: &str, got: &LandMessage) -> AdapterError {
        let got = match got {
            LandMessage::Notice { .. } => "a notice from the office",
            LandMessage::Receipt(_) => "a receipt",
            _ => "a message to the office",
        };
        AdapterError::new(
            AdapterErrorKind::InvalidPayload,
            self.agency.clone(),
            format!("expected {expected}, got {got}"),
        )
        .with_location(hoso_core::adapter::Location::Line { line: 1, column: 1 })
    }
}

/// The port's view of a decoded message: a submission keeps its core part, the land details stay in
/// [`LandMessage`].
impl AgencyCodec for LandCodec {
    fn agency(&self) -> &AgencyCode {
        &self.agency
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities::new(WireFormat::Xml)
            .with_versions(Version::ALL.map(|v| v.number()))
            .with_namespace_check(true)
            .with_max_input_bytes(self.limits.max_input_bytes)
            .with_outbound([
                OutboundKind::Submission,
                OutboundKind::SupplementDelivered,
                OutboundKind::Withdrawal,
            ])
            .with_notices([
                NoticeKind::Accepted,
                NoticeKind::SupplementRequested,
                NoticeKind::Refused,
                NoticeKind::Processing,
                NoticeKind::FinancialObligation,
                NoticeKind::ObligationPaid,
                NoticeKind::ResultReady,
                NoticeKind::ResultHandedToPost,
            ])
    }

    fn decode(&self, bytes: &[u8]) -> Result<AgencyMessage, AdapterError> {
        match self.decode_message(bytes)? {
            LandMessage::Notice { message, .. } => Ok(message),
            other => Err(self.wrong_message("a notice from the office", &other)),
        }
    }

    fn encode(&self, message: &OutboundMessage) -> Result<Vec<u8>, AdapterError> {
        Encoder::new(self.version, &self.agency)
            .outbound(message)
            .map_err(|e| self.unsupported(e))
    }

    fn decode_outbound(&self, bytes: &[u8]) -> Result<OutboundMessage, AdapterError> {
        match self.decode_message(bytes)? {
            LandMessage::Submission(s) => Ok(OutboundMessage::Submission(s.submission)),
            LandMessage::Outbound(o) => Ok(o),
            other => Err(self.wrong_message("a message to the office", &other)),
        }
    }

    fn encode_notice(&self, message: &AgencyMessage) -> Result<Vec<u8>, AdapterError> {
        Encoder::new(self.version, &self.agency)
            .notice(message, None)
            .map_err(|e| self.unsupported(e))
    }

    fn decode_receipt(&self, bytes: &[u8]) -> Result<SubmissionReceipt, AdapterError> {
        match self.decode_message(bytes)? {
            LandMessage::Receipt(r) => Ok(r),
            other => Err(self.wrong_message("a receipt", &other)),
        }
    }

    fn encode_receipt(&self, receipt: &SubmissionReceipt) -> Result<Vec<u8>, AdapterError> {
        Encoder::new(self.version, &self.agency)
            .receipt(receipt)
            .map_err(|e| self.unsupported(e))
    }
}
