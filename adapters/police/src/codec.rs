//! Pure decoding and encoding of the police format, and its mapping to the core; no I/O.
//!
//! Decoding checks the body size first, then parses in one pass straight into the wire types (text borrowed
//! from the input, identifiers validated on the way). Only when that fails does it parse a second time,
//! tracking the JSON path, to say exactly where: a valid message pays nothing for error reporting.

mod classify;
mod inbound;
mod outbound;

use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;

use hoso_core::AgencyCode;
use hoso_core::adapter::{
    AdapterError, AdapterErrorKind, AgencyCodec, AgencyMessage, AgencySide, Capabilities, Decoded,
    Location, MessageFamily, NoticeKind, OutboundKind, OutboundMessage, SubmissionReceipt,
    UnknownFields, WireFormat,
};
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

/// What kind of problem a payload has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The input ends in the middle of a JSON value.
    Truncated,
    /// Not JSON: a syntax error, bytes that are not UTF-8, trailing characters, or nesting past serde_json's
    /// recursion limit (128; unreachable with this format's fixed-depth types, kept as a syntax error).
    Syntax,
    /// A value of the wrong JSON type.
    WrongType,
    /// An enumerated value outside its closed set (status codes are an open set and never give this).
    UnknownVariant,
    /// A required field is absent.
    MissingField,
    /// A field appears twice in one object.
    DuplicateField,
    /// A text longer than the format allows.
    TextTooLong,
    /// An array longer than the format allows.
    TooManyItems,
    /// A value of the right type that breaks a rule (an identifier, a date, a number's range).
    InvalidValue,
}

impl DecodeErrorKind {
    /// Whether this is a breach of a decoding limit rather than a malformed message.
    pub fn is_limit(self) -> bool {
        matches!(self, Self::TextTooLong | Self::TooManyItems)
    }

    fn as_str(self) -> &'static str {
        match self {
            Self::Truncated => "truncated JSON",
            Self::Syntax => "malformed JSON",
            Self::WrongType => "wrong type",
            Self::UnknownVariant => "unknown value",
            Self::MissingField => "missing field",
            Self::DuplicateField => "duplicate field",
            Self::TextTooLong => "text too long",
            Self::TooManyItems => "too many items",
            Self::InvalidValue => "invalid value",
        }
    }
}

impl fmt::Display for DecodeErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A payload that cannot be decoded: what is wrong and where.
///
/// Messages never quote personal data: an error under `applicant` names the field, not its value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The body is larger than [`Limits::max_body_bytes`]; it was not parsed.
    #[error("the body is {size} bytes, over the limit of {limit}")]
    BodyTooLarge {
        /// The body's size in bytes.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// `schemaVersion` names a version this crate does not speak.
    #[error("unsupported schema version {version} (this adapter reads versions 1 and 2)")]
    UnsupportedVersion {
        /// The version number found.
        version: u64,
    },
    /// The payload is not a valid message.
    #[error("{kind} at {path} (line {line}, column {column}): {message}")]
    Invalid {
        /// What kind of problem.
        kind: DecodeErrorKind,
        /// The JSON path of the offending value, e.g. `$.payload.documents[3].pageCount` (`$` is the root).
        path: String,
        /// 1-based line of the input where parsing stopped.
        line: usize,
        /// 1-based column of the input where parsing stopped.
        column: usize,
        /// The parser's words (personal data withheld, at most 300 characters).
        message: String,
    },
}

impl DecodeError {
    /// The kind of an [`DecodeError::Invalid`] error.
    pub fn kind(&self) -> Option<DecodeErrorKind> {
        match self {
            DecodeError::Invalid { kind, .. } => Some(*kind),
            _ => None,
        }
    }

    /// The JSON path of an [`DecodeError::Invalid`] error.
    pub fn path(&self) -> Option<&str> {
        match self {
            DecodeError::Invalid { path, .. } => Some(path),
            _ => None,
        }
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
    match parse(bytes, None) {
        Ok(message) => Ok(message),
        Err((_, Some(EnvelopeFailure::UnsupportedVersion(version)))) => {
            Err(DecodeError::UnsupportedVersion { version })
        }
        Err((_, Some(EnvelopeFailure::HeaderAfterPayload))) => {
            let preset = probe(bytes)?;
            parse(bytes, Some(preset)).map_err(|(error, _)| locate(bytes, Some(preset), &error))
        }
        Err((error, None)) => Err(locate(bytes, None, &error)),
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

fn parse(
    bytes: &[u8],
    preset: Option<Preset>,
) -> Result<Message<'_>, (serde_json::Error, Option<EnvelopeFailure>)> {
    let failure = Cell::new(None);
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let result = EnvelopeSeed {
        preset,
        failure: &failure,
    }
    .deserialize(&mut de)
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
    let probe: Probe = match classify::classified(PhantomData, tracked) {
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
    match classify::classified(seed, tracked) {
        Err((tracked_error, kind)) => invalid(&track.path().to_string(), &tracked_error, kind),
        // Trailing characters after a complete message: found by `end`, at the root.
        Ok(_) => invalid(".", error, None),
    }
}

/// The error at `path`; `kind` is the kind recorded where it was raised, if it was (see [`classify`]).
fn invalid(path: &str, error: &serde_json::Error, kind: Option<DecodeErrorKind>) -> DecodeError {
    let path = if path == "." || path.is_empty() {
        "$".to_owned()
    } else {
        format!("$.{path}")
    };
    let full = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    let raw = full.strip_suffix(&suffix).unwrap_or(&full);
    let kind = kind.unwrap_or_else(|| raised_by_the_parser(error));
    let message = if echoes_no_personal_data(&path, kind) {
        truncate(raw, 300)
    } else {
        // serde's words may quote the value ("invalid type: integer `912345678`"): name the problem only.
        format!("{kind} (value withheld: the field may hold personal data)")
    };
    DecodeError::Invalid {
        kind,
        path,
        line: error.line(),
        column: error.column(),
        message,
    }
}

/// Fields known to hold no personal data: codes, versions, dates, counts, amounts. An error at any other field
/// withholds the value serde's message would quote.
const NON_PERSONAL_FIELDS: &[&str] = &[
    "schemaVersion",
    "messageType",
    "messageId",
    "sentAt",
    "dossierCode",
    "policeReference",
    "procedure",
    "code",
    "version",
    "effectiveFrom",
    "status",
    "reasonCode",
    "changedAt",
    "occurredAt",
    "returnMethod",
    "resultDelivery",
    "documents",
    "pageCount",
    "pages",
    "originals",
    "copies",
    "originalCount",
    "copyCount",
    "fees",
    "kind",
    "amount",
    "amountDue",
    "payment",
    "dueDate",
    "paymentDueDate",
    "date",
    "newAppointmentDate",
    "validUntil",
    "collectBy",
    "trackingNumber",
];

/// Whether serde's message for an error of `kind` at `path` may be shown: its kind never quotes a value (field
/// names, lengths, the parser's own words), or `path` ends at a field of [`NON_PERSONAL_FIELDS`] (or an item of
/// one), outside the applicant and the addresses.
fn echoes_no_personal_data(path: &str, kind: DecodeErrorKind) -> bool {
    use DecodeErrorKind::*;
    if matches!(
        kind,
        Truncated | Syntax | MissingField | DuplicateField | TextTooLong | TooManyItems
    ) {
        return true;
    }
    if path == "$" {
        // The root is an object or nothing: its only value errors name a JSON type.
        return true;
    }
    let personal_parent = ["applicant", "address", "deliveryAddress"]
        .iter()
        .any(|field| path.contains(&format!(".{field}")));
    let last = path.rsplit('.').next().unwrap_or(path);
    let field = last.split('[').next().unwrap_or(last);
    !personal_parent && NON_PERSONAL_FIELDS.contains(&field)
}

/// The kind of an error serde_json raised itself: end of input, syntax, or a token of the wrong type (the only
/// data error it raises; every other comes from a visitor and is recorded where it is raised).
fn raised_by_the_parser(error: &serde_json::Error) -> DecodeErrorKind {
    use serde_json::error::Category;
    match error.classify() {
        Category::Eof => DecodeErrorKind::Truncated,
        Category::Io | Category::Syntax => DecodeErrorKind::Syntax,
        Category::Data => DecodeErrorKind::WrongType,
    }
}

fn truncate(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

impl DecodeError {
    /// The normalised kind of the port: limits are [`AdapterErrorKind::LimitExceeded`], versions
    /// [`AdapterErrorKind::UnsupportedVersion`], the rest [`AdapterErrorKind::InvalidPayload`].
    pub fn adapter_kind(&self) -> AdapterErrorKind {
        match self {
            DecodeError::BodyTooLarge { .. } => AdapterErrorKind::LimitExceeded,
            DecodeError::UnsupportedVersion { .. } => AdapterErrorKind::UnsupportedVersion,
            DecodeError::Invalid { kind, .. } if kind.is_limit() => AdapterErrorKind::LimitExceeded,
            DecodeError::Invalid { .. } => AdapterErrorKind::InvalidPayload,
        }
    }

    /// This error as the port's [`AdapterError`], with its JSON path as the location.
    pub fn into_adapter_error(self, agency: &AgencyCode) -> AdapterError {
        let kind = self.adapter_kind();
        let location = self.path().map(|p| Location::JsonPath(p.to_owned()));
        let error = AdapterError::new(kind, agency.clone(), self.to_string());
        let error = match location {
            Some(location) => error.with_location(location),
            None => error,
        };
        error.with_source(self)
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

    /// `message` as JSON, with a serialisation failure in the port's terms.
    fn json(&self, message: &Message<'_>) -> Result<Vec<u8>, AdapterError> {
        encode(message).map_err(|e| {
            AdapterError::new(
                AdapterErrorKind::InvalidPayload,
                self.agency.clone(),
                format!(
                    "cannot write the {} message as JSON: {e}",
                    message.message_type().as_str()
                ),
            )
            .with_source(e)
        })
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
