//! The codec: the office's JSON format mapped onto the port's messages, both ways; no I/O.

mod decode;
mod encode;

use hoso_core::AgencyCode;
use hoso_core::adapter::{
    AdapterError, AdapterErrorKind, AgencyCodec, AgencyMessage, AgencySide, Capabilities, Decoded,
    MessageFamily, NoticeKind, OutboundKind, OutboundMessage, SubmissionReceipt, WireFormat,
};

use crate::wire::Version;

/// Limits applied before parsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// The largest body accepted, in bytes (default 256 KiB: an application with its list of papers is a
    /// few kilobytes).
    pub max_body_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body_bytes: 256 * 1024,
        }
    }
}

impl Limits {
    /// These limits with another maximum body size.
    pub fn with_max_body_bytes(mut self, max_body_bytes: usize) -> Self {
        self.max_body_bytes = max_body_bytes;
        self
    }
}

/// The judicial records office's codec: decodes both versions, encodes the one it was built with.
///
/// ```
/// use hoso_core::adapter::{AgencyCodec, Notice};
/// use hoso_judicial::{JudicialCodec, Version};
/// let codec = JudicialCodec::new("000.00.12.H22".parse()?, Version::V2);
/// let sample = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/v1/accepted.json"));
/// let message = codec.decode(sample)?;
/// assert!(matches!(message.notice, Notice::Accepted { .. }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct JudicialCodec {
    agency: AgencyCode,
    version: Version,
    limits: Limits,
}

impl JudicialCodec {
    /// A codec for the office `agency`, encoding `version`, with the default limits.
    pub fn new(agency: AgencyCode, version: Version) -> Self {
        JudicialCodec {
            agency,
            version,
            limits: Limits::default(),
        }
    }

    /// The same codec with other limits.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The version it encodes.
    pub fn version(&self) -> Version {
        self.version
    }

    /// Its limits.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    fn error(&self, kind: AdapterErrorKind, message: impl Into<String>) -> AdapterError {
        AdapterError::new(kind, self.agency.clone(), message)
    }

    /// `decoded` when it is of the `wanted` family, else the wrong-message error, located at the root.
    fn keep<T>(
        &self,
        decoded: Decoded,
        wanted: MessageFamily,
        project: fn(Decoded) -> Result<T, MessageFamily>,
    ) -> Result<T, AdapterError> {
        project(decoded).map_err(|found| {
            self.error(
                AdapterErrorKind::InvalidPayload,
                format!("expected {wanted}, found {found}"),
            )
            .with_location(hoso_core::adapter::Location::JsonPath(
                "$.messageType".into(),
            ))
        })
    }
}

impl AgencyCodec for JudicialCodec {
    fn agency(&self) -> &AgencyCode {
        &self.agency
    }

    fn capabilities(&self) -> Capabilities {
        let notices = [
            NoticeKind::Accepted,
            NoticeKind::SupplementRequested,
            NoticeKind::Refused,
            NoticeKind::Processing,
            NoticeKind::ResultReady,
            NoticeKind::ResultHandedToPost,
        ];
        let v1 = [OutboundKind::Submission, OutboundKind::SupplementDelivered];
        Capabilities::new(WireFormat::Json)
            .with_versions(Version::ALL.map(|v| v.number().to_string()))
            .with_max_input_bytes(self.limits.max_body_bytes)
            .with_outbound(v1.into_iter().chain([OutboundKind::Withdrawal]))
            .with_notices(notices)
            .with_idempotent_submission(true)
            .with_kinds_in("1", v1, notices)
    }

    fn decode(&self, bytes: &[u8]) -> Result<AgencyMessage, AdapterError> {
        self.keep(
            self.decode_any(bytes)?,
            MessageFamily::Notice,
            Decoded::into_notice,
        )
    }

    fn encode(&self, message: &OutboundMessage) -> Result<Vec<u8>, AdapterError> {
        encode::outbound(self, message)
    }

    fn decode_receipt(&self, bytes: &[u8]) -> Result<SubmissionReceipt, AdapterError> {
        self.keep(
            self.decode_any(bytes)?,
            MessageFamily::Receipt,
            Decoded::into_receipt,
        )
    }
}

impl AgencySide for JudicialCodec {
    fn decode_outbound(&self, bytes: &[u8]) -> Result<OutboundMessage, AdapterError> {
        self.keep(
            self.decode_any(bytes)?,
            MessageFamily::Outbound,
            Decoded::into_outbound,
        )
    }

    fn encode_notice(&self, message: &AgencyMessage) -> Result<Vec<u8>, AdapterError> {
        encode::notice(self, message)
    }

    fn encode_receipt(&self, receipt: &SubmissionReceipt) -> Result<Vec<u8>, AdapterError> {
        encode::receipt(self, receipt)
    }

    /// Reads the version and `messageType` first, then the message once, as the type it says it is.
    fn decode_any(&self, bytes: &[u8]) -> Result<Decoded, AdapterError> {
        decode::any(self, bytes)
    }
}
