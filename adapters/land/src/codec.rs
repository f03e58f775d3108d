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
    AdapterError, AgencyCodec, AgencyMessage, AgencySide, Capabilities, Decoded, OutboundMessage,
    SubmissionReceipt,
};
use hoso_xml::{EncodeError, Limits};

use crate::wire::{ENVELOPE, LandMessage, LandSubmission, NOTICES, OUTBOUND, Version};
use encode::Encoder;

/// The codec of the land registry office's format: decodes v1 and v2, encodes the version it was built for.
///
/// ```
/// use hoso_core::adapter::{AgencyCodec, AgencySide, Notice};
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
        decode::decode(bytes, self.limits, &self.agency).map_err(|e| *e)
    }

    /// Encodes any message of the format in this codec's version.
    pub fn encode_message(&self, message: &LandMessage) -> Result<Vec<u8>, AdapterError> {
        self.encoded(Encoder::new(self.version, &self.agency).message(message))
    }

    /// Encodes a dossier submission with its land details (parcels, administrative units, workflow).
    pub fn encode_submission(&self, submission: &LandSubmission) -> Result<Vec<u8>, AdapterError> {
        self.encoded(Encoder::new(self.version, &self.agency).submission(submission))
    }

    fn encoded(&self, result: Result<Vec<u8>, EncodeError>) -> Result<Vec<u8>, AdapterError> {
        result.map_err(|e| e.into_adapter_error(&self.agency))
    }
}

impl AgencyCodec for LandCodec {
    fn agency(&self) -> &AgencyCode {
        &self.agency
    }

    fn capabilities(&self) -> Capabilities {
        ENVELOPE
            .capabilities(self.limits)
            .with_outbound(OUTBOUND)
            .with_notices(NOTICES)
    }

    fn decode(&self, bytes: &[u8]) -> Result<AgencyMessage, AdapterError> {
        ENVELOPE.keep_notice(&self.agency, bytes, self.decode_any(bytes)?)
    }

    fn encode(&self, message: &OutboundMessage) -> Result<Vec<u8>, AdapterError> {
        self.encoded(Encoder::new(self.version, &self.agency).outbound(message))
    }

    fn decode_receipt(&self, bytes: &[u8]) -> Result<SubmissionReceipt, AdapterError> {
        ENVELOPE.keep_receipt(&self.agency, bytes, self.decode_any(bytes)?)
    }
}

impl AgencySide for LandCodec {
    fn decode_outbound(&self, bytes: &[u8]) -> Result<OutboundMessage, AdapterError> {
        ENVELOPE.keep_outbound(&self.agency, bytes, self.decode_any(bytes)?)
    }

    fn encode_notice(&self, message: &AgencyMessage) -> Result<Vec<u8>, AdapterError> {
        self.encoded(Encoder::new(self.version, &self.agency).notice(message, None))
    }

    fn encode_receipt(&self, receipt: &SubmissionReceipt) -> Result<Vec<u8>, AdapterError> {
        self.encoded(Encoder::new(self.version, &self.agency).receipt(receipt))
    }

    /// The port's view of [`LandCodec::decode_message`]: a submission keeps its core part, the land details
    /// stay in [`LandMessage`].
    fn decode_any(&self, bytes: &[u8]) -> Result<Decoded, AdapterError> {
        self.decode_message(bytes).map(LandMessage::into_port)
    }
}
