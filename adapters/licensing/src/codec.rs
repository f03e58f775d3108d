//! Pure decode and encode of the licensing authority's XML, both versions, onto the port's normalised messages.
//! No I/O: this is the fuzz and bench target.
//!
//! The envelope (namespace and version, message id, send time) and the way fields are read are `hoso-xml`'s;
//! this module keeps the authority's element names ([`crate::wire`]) and the mapping.

mod decode;
mod encode;

use hoso_core::AgencyCode;
use hoso_core::adapter::{
    AgencyMessage, Decoded, OutboundKind, OutboundMessage, Routes, SubmissionReceipt,
};
use hoso_xml::{EncodeError, Envelope, Limits, NoticeRoots, XmlCodec, XmlFormat, XmlResult};

use crate::wire::{ENVELOPE, NOTICES, OUTBOUND, Version};
use encode::Encoder;

/// The codec of the licensing authority's format: decodes v1 and v2, encodes the version it was built for.
///
/// ```
/// use hoso_core::adapter::{AgencyCodec, AgencySide, Decoded, Notice};
/// use hoso_licensing::{LicensingCodec, Version};
///
/// let codec = LicensingCodec::new("000.00.15.H22".parse().unwrap(), Version::V2);
/// let xml = include_bytes!("../samples/v1/tiep-nhan-ho-so.xml");
/// let message = codec.decode(xml).unwrap();
/// assert!(matches!(message.notice, Notice::Accepted { .. }));
/// // Re-encoded in v2, it reads back the same.
/// let again = codec.decode(&codec.encode_notice(&message).unwrap()).unwrap();
/// assert_eq!(again, message);
/// // A message of any family, read once.
/// let receipt = codec.decode_any(include_bytes!("../samples/v2/bien-nhan.xml")).unwrap();
/// assert!(matches!(receipt, Decoded::Receipt(_)));
/// ```
pub type LicensingCodec = XmlCodec<LicensingFormat>;

/// The licensing authority's XML format, as [`XmlCodec`] reads and writes it: its envelope, messages and
/// routes, and this crate's decoder and encoder.
#[derive(Debug, Clone, Copy)]
pub struct LicensingFormat;

impl XmlFormat for LicensingFormat {
    type Version = Version;
    type Message = Decoded;

    const OUTBOUND: &'static [OutboundKind] = &OUTBOUND;
    const NOTICES: &'static NoticeRoots = NOTICES;
    const ROUTES: Routes = crate::adapter::ROUTES;

    fn envelope() -> &'static Envelope<Version> {
        &ENVELOPE
    }

    fn decode(bytes: &[u8], limits: Limits, agency: &AgencyCode) -> XmlResult<Decoded> {
        decode::decode(bytes, limits, agency)
    }

    fn encode_message(
        version: Version,
        agency: &AgencyCode,
        message: &Decoded,
    ) -> Result<Vec<u8>, EncodeError> {
        match message {
            Decoded::Notice(m) => Self::encode_notice(version, agency, m),
            Decoded::Outbound(m) => Self::encode_outbound(version, agency, m),
            Decoded::Receipt(r) => Self::encode_receipt(version, agency, r),
        }
    }

    fn encode_outbound(
        version: Version,
        agency: &AgencyCode,
        message: &OutboundMessage,
    ) -> Result<Vec<u8>, EncodeError> {
        Encoder::new(version, agency).outbound(message)
    }

    fn encode_notice(
        version: Version,
        agency: &AgencyCode,
        message: &AgencyMessage,
    ) -> Result<Vec<u8>, EncodeError> {
        Encoder::new(version, agency).notice(message)
    }

    fn encode_receipt(
        version: Version,
        agency: &AgencyCode,
        receipt: &SubmissionReceipt,
    ) -> Result<Vec<u8>, EncodeError> {
        Encoder::new(version, agency).receipt(receipt)
    }
}
