//! Pure decode and encode of the land registry office's XML, both versions, and the mapping between its
//! messages ([`LandMessage`]) and the port's normalised ones. No I/O: this is the fuzz and bench target.
//!
//! Decoding reads everything the office sends, land details included (`LandCodec::decode_message`); the
//! port's methods then keep what the port carries. A submission built from a core dossier has no land details
//! (the core does not model parcels); `LandCodec::encode_message` of a [`LandMessage::Submission`] writes them
//! when the caller has them.

mod decode;
mod encode;

use hoso_core::AgencyCode;
use hoso_core::adapter::{AgencyMessage, OutboundKind, OutboundMessage, Routes, SubmissionReceipt};
use hoso_xml::{EncodeError, Envelope, Limits, NoticeRoots, XmlCodec, XmlFormat, XmlResult};

use crate::wire::{ENVELOPE, LandMessage, NOTICES, OUTBOUND, Version};
use encode::Encoder;

/// The codec of the land registry office's format: decodes v1 and v2, encodes the version it was built for.
///
/// ```
/// use hoso_core::adapter::{AgencyCodec, AgencySide, Notice};
/// use hoso_land::{LandCodec, LandMessage, Version};
///
/// let codec = LandCodec::new("000.00.26.H26".parse().unwrap(), Version::V2);
/// let xml = include_bytes!("../samples/v1/thong-bao-nghia-vu-tai-chinh.xml");
/// let message = codec.decode(xml).unwrap();
/// let Notice::FinancialObligation { total, .. } = &message.notice else { panic!() };
/// assert_eq!(total.0, 50_925_000);
/// // Re-encoded in v2, it reads back the same.
/// let again = codec.decode(&codec.encode_notice(&message).unwrap()).unwrap();
/// assert_eq!(again, message);
/// // Everything the office sends, land details included.
/// let LandMessage::Submission(s) = codec
///     .decode_message(include_bytes!("../samples/v2/nop-ho-so.xml"))
///     .unwrap() else { panic!() };
/// assert_eq!(s.land.parcels[1].area.to_string(), "1048.25");
/// assert_eq!(s.land.parcels[1].land_use.as_str(), "CLN");
/// ```
pub type LandCodec = XmlCodec<LandFormat>;

/// The land registry office's XML format, as [`XmlCodec`] reads and writes it: its envelope, messages and
/// routes, and this crate's decoder and encoder.
#[derive(Debug, Clone, Copy)]
pub struct LandFormat;

impl XmlFormat for LandFormat {
    type Version = Version;
    type Message = LandMessage;

    const OUTBOUND: &'static [OutboundKind] = &OUTBOUND;
    const NOTICES: &'static NoticeRoots = NOTICES;
    const ROUTES: Routes = crate::adapter::ROUTES;

    fn envelope() -> &'static Envelope<Version> {
        &ENVELOPE
    }

    fn decode(bytes: &[u8], limits: Limits, agency: &AgencyCode) -> XmlResult<LandMessage> {
        decode::decode(bytes, limits, agency)
    }

    fn encode_message(
        version: Version,
        agency: &AgencyCode,
        message: &LandMessage,
    ) -> Result<Vec<u8>, EncodeError> {
        Encoder::new(version, agency).message(message)
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
        Encoder::new(version, agency).notice(message, None)
    }

    fn encode_receipt(
        version: Version,
        agency: &AgencyCode,
        receipt: &SubmissionReceipt,
    ) -> Result<Vec<u8>, EncodeError> {
        Encoder::new(version, agency).receipt(receipt)
    }
}
