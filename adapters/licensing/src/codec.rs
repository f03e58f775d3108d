//! Pure decode and encode of the licensing authority's XML, both versions, onto the port's normalised messages.
//! No I/O: this is the fuzz and bench target.
//!
//! The envelope (namespace and version, message id, send time) and the way fields are read are `hoso-xml`'s;
//! this module keeps the authority's element names ([`crate::wire`]) and the mapping.

mod decode;
mod encode;

use hoso_core::AgencyCode;
use hoso_core::adapter::{
    AdapterError, AgencyCodec, AgencyMessage, AgencySide, Capabilities, Decoded, OutboundMessage,
    SubmissionReceipt,
};
use hoso_xml::{EncodeError, Limits};

use crate::wire::{ENVELOPE, NOTICES, OUTBOUND, Version};
use encode::Encoder;

/// The codec of the licensing authority's format: decodes v1 and v2, encodes the version it was built for.
///
/// ```
/// use hoso_core::adapter::{AgencyCodec, AgencySide, Notice};
/// use hoso_licensing::{LicensingCodec, Version};
///
/// let codec = LicensingCodec::new("000.00.15.H22".parse().unwrap(), Version::V2);
/// let xml = include_bytes!("../samples/v1/tiep-nhan-ho-so.xml");
/// let message = codec.decode(xml).unwrap();
/// assert!(matches!(message.notice, Notice::Accepted { .. }));
/// // Re-encoded in v2, it reads back the same.
/// let again = codec.decode(&codec.encode_notice(&message).unwrap()).unwrap();
/// assert_eq!(again, message);
/// ```
#[derive(Debug, Clone)]
pub struct LicensingCodec {
    agency: AgencyCode,
    version: Version,
    limits: Limits,
}

impl LicensingCodec {
    /// A codec for the authority `agency` that encodes in `version`, with the default [`Limits`].
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

    fn encoded(&self, result: Result<Vec<u8>, EncodeError>) -> Result<Vec<u8>, AdapterError> {
        result.map_err(|e| e.into_adapter_error(&self.agency))
    }
}

impl AgencyCodec for LicensingCodec {
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
        self.encoded(Encoder::new(self.version).outbound(message))
    }

    fn decode_receipt(&self, bytes: &[u8]) -> Result<SubmissionReceipt, AdapterError> {
        ENVELOPE.keep_receipt(&self.agency, bytes, self.decode_any(bytes)?)
    }
}

impl AgencySide for LicensingCodec {
    fn decode_outbound(&self, bytes: &[u8]) -> Result<OutboundMessage, AdapterError> {
        ENVELOPE.keep_outbound(&self.agency, bytes, self.decode_any(bytes)?)
    }

    fn encode_notice(&self, message: &AgencyMessage) -> Result<Vec<u8>, AdapterError> {
        self.encoded(Encoder::new(self.version).notice(message))
    }

    fn encode_receipt(&self, receipt: &SubmissionReceipt) -> Result<Vec<u8>, AdapterError> {
        self.encoded(Encoder::new(self.version).receipt(receipt))
    }

    /// Decodes a message of any family, in any supported version, reading it once.
    ///
    /// ```
    /// use hoso_core::adapter::{AgencySide, Decoded};
    /// use hoso_licensing::{LicensingCodec, Version};
    ///
    /// let codec = LicensingCodec::new("000.00.15.H22".parse().unwrap(), Version::V1);
    /// let decoded = codec.decode_any(include_bytes!("../samples/v2/bien-nhan.xml")).unwrap();
    /// assert!(matches!(decoded, Decoded::Receipt(_)));
    /// ```
    ///
    /// # Errors
    /// `InvalidPayload`, `UnsupportedVersion` or `LimitExceeded`, located at the offending line and column.
    fn decode_any(&self, bytes: &[u8]) -> Result<Decoded, AdapterError> {
        decode::decode(bytes, self.limits, &self.agency).map_err(|e| *e)
    }
}
