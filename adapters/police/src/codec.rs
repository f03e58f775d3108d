//! Pure decoding and encoding of the police format, and its mapping to the core; no I/O.
//!
//! Decoding checks the body size first and refuses a NUL character in a string (`hoso_core::json::refuse_nul`),
//! then parses in one pass straight into the wire types (text borrowed
//! from the input, identifiers validated on the way). Only when that fails does it parse a second time,
//! tracking the JSON path, to say exactly where: a valid message pays nothing for error reporting.

mod classify;
mod error;
mod inbound;
mod outbound;

use error::invalid;
pub use error::{DecodeError, DecodeErrorKind};

use std::cell::Cell;
use std::marker::PhantomData;

use hoso_core::AgencyCode;
use hoso_core::adapter::{
    AdapterError, AdapterErrorKind, AgencyCodec, AgencyMessage, AgencySide, Capabilities, Decoded,
    MessageFamily, NoticeKind, OutboundKind, OutboundMessage, SubmissionReceipt, UnknownFields,
    WireFormat,
};
use hoso_json::ObjectsOnly;
use serde::de::DeserializeSeed;

use crate::wire::{EnvelopeFailure, EnvelopeSeed, Message, MessageType, Version};

/// Limits applied before and while parsing.
///
/// Text and array lengths are part of the format (see [`crate::wire::MAX_TEXT_CHARS`] and
/// [`crate::wire::MAX_DOCUMENTS`]) and published in its JSON Schema; the body size is the receiver's choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// The largest body accepted, in bytes (default 1 MiB).
    pub max_body_bytes: usize,
}

impl Limits {
    /// The default limits.
    pub const DEFAULT: Limits = Limits {
        max_body_bytes: 1024 * 1024,
    };

    /// These limits with another maximum body size.
    pub fn with_max_body_bytes(mut self, max_body_bytes: usize) -> Self {
        self.max_body_bytes = max_body_bytes;
        self
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

/// Decodes one message with the default [`Limits`].
///
/// ```
/// use hoso_police::codec::decode;
/// use hoso_police::wire::{MessageType, Version};
/// let body = br#"{"schemaVersion": 2, "messageType": "statusUpdate", "messageId": "m-1",
///   "sentAt": "2026-01-16T02:00:00Z", "payload": {"dossierCode": "000.00.01.H22-260115-0042",
///   "policeReference": "HC-2026-000123", "status": {"code": "processing"},
///   "occurredAt": "2026-01-16T01:59:00Z"}}"#;
/// let message = decode(body).unwrap();
/// assert_eq!((message.version(), message.message_type()), (Version::V2, MessageType::StatusUpdate));
/// ```
pub fn decode(bytes: &[u8]) -> Result<Message<'_>, DecodeError> {
    decode_with(bytes, &Limits::DEFAULT)
}

/// Decodes one message.
pub fn decode_with<'a>(bytes: &'a [u8], limits: &Limits) -> Result<Message<'a>, DecodeError> {
    if bytes.len() > limits.max_body_bytes {
        return Err(DecodeError::BodyTooLarge {
            size: bytes.len(),
            limit: limits.max_body_bytes,
        });
    }
    // No store or XML document holds a NUL: refused before serde reads the body (one scan of its bytes).
    hoso_core::json::refuse_nul(bytes).map_err(|nul| DecodeError::Invalid {
        kind: DecodeErrorKind::InvalidValue,
        message: hoso_core::json::NUL_REFUSED.to_owned(),
        path: nul.path,
        line: nul.line,
        column: nul.column,
    })?;
    // A body that is UTF-8 throughout (nearly every one) is checked once, whole, and read as text: serde_json
    // then checks no string again. Any other is read as bytes, so that a fault in a string the message names
    // is reported at its JSON path, and one left in a member it skips is found by the check after.
    match std::str::from_utf8(bytes) {
        Ok(text) => parse_or_locate(bytes, |preset| {
            parse(serde_json::Deserializer::from_str(text), preset)
        }),
        Err(fault) => {
            parse_or_locate(bytes, |preset| {
                parse(serde_json::Deserializer::from_slice(bytes), preset)
            })?;
            Err(not_utf8(bytes, fault))
        }
    }
}

/// Parses `bytes` with `parse`, once more with the header read first when the payload came before it, and
/// locates a failure.
fn parse_or_locate<'a>(
    bytes: &'a [u8],
    parse: impl Fn(Option<Preset>) -> Result<Message<'a>, (serde_json::Error, Option<EnvelopeFailure>)>,
) -> Result<Message<'a>, DecodeError> {
    match parse(None) {
        Ok(message) => Ok(message),
        Err((_, Some(EnvelopeFailure::UnsupportedVersion(version)))) => {
            Err(DecodeError::UnsupportedVersion { version })
        }
        Err((_, Some(EnvelopeFailure::HeaderAfterPayload))) => {
            let preset = probe(bytes)?;
            parse(Some(preset)).map_err(|(error, _)| locate(bytes, Some(preset), &error))
        }
        Err((error, None)) => Err(locate(bytes, None, &error)),
    }
}

/// JSON is UTF-8 (RFC 8259 §8.1). serde_json checks the strings it reads (a fault there is reported at its
/// JSON path), not those of the members it skips: a member a version does not know, which the format lets a
/// sender add. So a body that is not UTF-8 and yet decoded has its fault in a skipped member, located by
/// line and column only.
fn not_utf8(bytes: &[u8], fault: std::str::Utf8Error) -> DecodeError {
    let (line, column) = match hoso_core::adapter::Location::of_offset(bytes, fault.valid_up_to()) {
        hoso_core::adapter::Location::Line { line, column } => (line as usize, column as usize),
        _ => (1, 1),
    };
    DecodeError::Invalid {
        kind: DecodeErrorKind::Syntax,
        message: "bytes that are not UTF-8 in a member the message's version does not name"
            .to_owned(),
        path: "$".to_owned(),
        line,
        column,
    }
}

/// Encodes one message as compact JSON, `schemaVersion` and `messageType` first.
///
/// The wire types have no maps with non-string keys and no floats, so serialisation does not fail on them;
/// should it fail all the same, the error says so rather than an empty body being sent.
pub fn encode(message: &Message<'_>) -> Result<Vec<u8>, serde_json::Error> {
    serde_json::to_vec(message)
}

type Preset = (Version, MessageType);

fn parse<'a, R: serde_json::de::Read<'a>>(
    mut de: serde_json::Deserializer<R>,
    preset: Option<Preset>,
) -> Result<Message<'a>, (serde_json::Error, Option<EnvelopeFailure>)> {
    let failure = Cell::new(None);
    let result = EnvelopeSeed {
        preset,
        failure: &failure,
    }
    .deserialize(ObjectsOnly::new(&mut de))
    .and_then(|message| de.end().map(|()| message));
    result.map_err(|error| (error, failure.get()))
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Probe {
    schema_version: Option<u64>,
    message_type: Option<MessageType>,
}

/// Reads only `schemaVersion` and `messageType`, wherever they are.
fn probe(bytes: &[u8]) -> Result<Preset, DecodeError> {
    let mut track = serde_path_to_error::Track::new();
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let tracked = serde_path_to_error::Deserializer::new(&mut de, &mut track);
    let probe: Probe = match classify::classified(PhantomData, ObjectsOnly::new(tracked)) {
        Ok(probe) => probe,
        Err((error, kind)) => return Err(invalid(&track.path().to_string(), &error, kind)),
    };
    let missing = |field: &str| DecodeError::Invalid {
        kind: DecodeErrorKind::MissingField,
        path: "$".to_owned(),
        line: 1,
        column: 1,
        message: format!("missing field `{field}`"),
    };
    let number = probe
        .schema_version
        .ok_or_else(|| missing("schemaVersion"))?;
    let version =
        Version::from_number(number).ok_or(DecodeError::UnsupportedVersion { version: number })?;
    let message_type = probe.message_type.ok_or_else(|| missing("messageType"))?;
    Ok((version, message_type))
}

/// Parses again, tracking the path, to say where `error` is.
fn locate(bytes: &[u8], preset: Option<Preset>, error: &serde_json::Error) -> DecodeError {
    let failure = Cell::new(None);
    let mut track = serde_path_to_error::Track::new();
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let tracked = serde_path_to_error::Deserializer::new(&mut de, &mut track);
    let seed = EnvelopeSeed {
        preset,
        failure: &failure,
    };
    match classify::classified(seed, ObjectsOnly::new(tracked)) {
        Err((tracked_error, kind)) => invalid(&track.path().to_string(), &tracked_error, kind),
        // Trailing characters after a complete message: found by `end`, at the root.
        Ok(_) => invalid(".", error, None),
    }
}

/// The police codec: the [`AgencyCodec`] of this format.
///
/// Decodes both versions; encodes in the version it was built with.
///
/// ```
/// use hoso_core::adapter::{AgencyCodec, Notice};
/// use hoso_police::{PoliceCodec, Version};
/// let codec = PoliceCodec::new("CA.H01".parse()?, Version::V2);
/// let message = codec.decode(include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/v1/dossierReceipt.json")))?;
/// assert!(matches!(message.notice, Notice::Accepted { .. }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct PoliceCodec {
    agency: AgencyCode,
    version: Version,
    limits: Limits,
}

impl PoliceCodec {
    /// A codec for the police agency `agency`, encoding `version`, with the default limits.
    pub fn new(agency: AgencyCode, version: Version) -> Self {
        PoliceCodec {
            agency,
            version,
            limits: Limits::DEFAULT,
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

    /// The wire message, with errors in the port's terms.
    fn wire<'a>(&self, bytes: &'a [u8]) -> Result<Message<'a>, AdapterError> {
        decode_with(bytes, &self.limits).map_err(|e| e.into_adapter_error(&self.agency))
    }

    /// `message` as JSON, with a serialisation failure in the port's terms. A text holding a NUL character
    /// is refused (`InvalidPayload`), as the decoder refuses it: what this writes, it reads.
    fn json(&self, message: &Message<'_>) -> Result<Vec<u8>, AdapterError> {
        let bytes = encode(message).map_err(|e| {
            AdapterError::new(
                AdapterErrorKind::InvalidPayload,
                self.agency.clone(),
                format!(
                    "cannot write the {} message as JSON: {e}",
                    message.message_type().as_str()
                ),
            )
            .with_source(e)
        })?;
        hoso_core::json::refuse_nul(&bytes).map_err(|nul| {
            AdapterError::new(
                AdapterErrorKind::InvalidPayload,
                self.agency.clone(),
                format!(
                    "cannot write the {} message: {}, at {}",
                    message.message_type().as_str(),
                    hoso_core::json::NUL_REFUSED,
                    nul.path
                ),
            )
        })?;
        Ok(bytes)
    }
}

impl AgencyCodec for PoliceCodec {
    fn agency(&self) -> &AgencyCode {
        &self.agency
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities::new(WireFormat::Json)
            .with_versions(["1", "2"])
            .with_max_input_bytes(self.limits.max_body_bytes)
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
                NoticeKind::ResultReady,
                NoticeKind::ResultHandedToPost,
            ])
            .with_idempotent_submission(true)
            // Fields may be added within a version (README, "Bad input"): the kit checks they are skipped.
            .with_unknown_fields(UnknownFields::Ignored)
    }

    fn decode(&self, bytes: &[u8]) -> Result<AgencyMessage, AdapterError> {
        inbound::notice(&self.agency, &self.wire(bytes)?)
    }

    fn encode(&self, message: &OutboundMessage) -> Result<Vec<u8>, AdapterError> {
        self.json(&outbound::outbound(&self.agency, message, self.version)?)
    }

    fn decode_receipt(&self, bytes: &[u8]) -> Result<SubmissionReceipt, AdapterError> {
        inbound::receipt(&self.agency, &self.wire(bytes)?)
    }
}

impl AgencySide for PoliceCodec {
    fn decode_outbound(&self, bytes: &[u8]) -> Result<OutboundMessage, AdapterError> {
        inbound::outbound(&self.agency, &self.wire(bytes)?)
    }

    fn encode_notice(&self, message: &AgencyMessage) -> Result<Vec<u8>, AdapterError> {
        self.json(&outbound::notice(&self.agency, message, self.version)?)
    }

    fn encode_receipt(&self, receipt: &SubmissionReceipt) -> Result<Vec<u8>, AdapterError> {
        let message_id = format!("ACK-{}", receipt.idempotency_key);
        self.json(&outbound::receipt(
            &self.agency,
            receipt,
            &message_id,
            self.version,
        )?)
    }

    /// Reads the message once and maps it by its `messageType`.
    fn decode_any(&self, bytes: &[u8]) -> Result<Decoded, AdapterError> {
        let wire = self.wire(bytes)?;
        match wire.message_type().family() {
            MessageFamily::Notice => inbound::notice(&self.agency, &wire).map(Decoded::Notice),
            MessageFamily::Outbound => {
                inbound::outbound(&self.agency, &wire).map(Decoded::Outbound)
            }
            MessageFamily::Receipt => inbound::receipt(&self.agency, &wire).map(Decoded::Receipt),
        }
    }
}
