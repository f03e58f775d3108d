//! The codec: the office's JSON format on the shared envelope, and the exchange's routes; no I/O.

mod mapping;

use hoso_core::adapter::{Capabilities, Routes};
use hoso_json::{EnvelopeFormat, JsonCodec};

use crate::wire::{MessageType, Version};

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

impl EnvelopeFormat for JudicialFormat {
    type MessageType = MessageType;

    fn capabilities() -> Capabilities {
        hoso_json::capabilities::<MessageType>().with_idempotent_submission(true)
    }

    fn routes(version: Version) -> Routes {
        crate::adapter::routes(version)
    }
}
