//! The codec: the office's JSON format mapped onto the port's messages, both ways; no I/O.

mod decode;
mod encode;

use hoso_core::AgencyCode;
use hoso_core::adapter::{
    AdapterError, AgencyMessage, Capabilities, Decoded, NoticeKind, OutboundKind, OutboundMessage,
    Routes, SubmissionReceipt, WireFormat,
};
use hoso_json::{JsonCodec, JsonFormat};

use crate::wire::Version;

/// The judicial records office's format, which [`JudicialCodec`] speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JudicialFormat;

/// The office's codec: decodes both versions, encodes the one it was built with
/// (`JudicialCodec::new(agency, version)`, `with_limits`).
///
/// ```
/// use hoso_core::adapter::{AgencyCodec, Notice};
/// use hoso_judicial::{JudicialCodec, Version};
/// let codec = JudicialCodec::new("000.00.12.H01".parse()?, Version::V2);
/// let sample = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/v1/accepted.json"));
/// let message = codec.decode(sample)?;
/// assert!(matches!(message.notice, Notice::Accepted { .. }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type JudicialCodec = JsonCodec<JudicialFormat>;

impl JsonFormat for JudicialFormat {
    type Version = Version;

    fn capabilities() -> Capabilities {
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
            .with_outbound(v1.into_iter().chain([OutboundKind::Withdrawal]))
            .with_notices(notices)
            .with_idempotent_submission(true)
            .with_kinds_in("1", v1, notices)
    }

    fn routes(version: Version) -> Routes {
        crate::adapter::routes(version)
    }

    fn decode(agency: &AgencyCode, bytes: &[u8]) -> Result<Decoded, AdapterError> {
        decode::any(agency, bytes)
    }

    fn encode_outbound(
        agency: &AgencyCode,
        version: Version,
        message: &OutboundMessage,
    ) -> Result<Vec<u8>, AdapterError> {
        encode::outbound(agency, version, message)
    }

    fn encode_notice(
        agency: &AgencyCode,
        version: Version,
        message: &AgencyMessage,
    ) -> Result<Vec<u8>, AdapterError> {
        encode::notice(agency, version, message)
    }

    fn encode_receipt(
        agency: &AgencyCode,
        version: Version,
        receipt: &SubmissionReceipt,
    ) -> Result<Vec<u8>, AdapterError> {
        encode::receipt(agency, version, receipt)
    }
}
