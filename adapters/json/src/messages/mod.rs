//! A JSON format on the shared [`Envelope`], declared as data: its versions ([`FormatVersion`], written by
//! [`format_versions!`](crate::format_versions)), its message types with the payload type of each and the
//! version each came with ([`MessageTypes`], written by [`message_types!`](crate::message_types)), and each
//! payload's mapping onto the port's messages, both ways, in one place ([`PortMapping`]). From that table,
//! [`EnvelopeFormat`] gives the format's [`JsonFormat`]: the probe of version and type with the version
//! gate, the one read of the whole message as the type it names, the encoders, the capabilities and the
//! JSON Schema of each version.

use std::fmt;

use hoso_core::AgencyCode;
use hoso_core::DossierCode;
use hoso_core::adapter::{
    AdapterError, AdapterErrorKind, AgencyMessage, Capabilities, Decoded, Location, Notice,
    NoticeKind, OutboundKind, OutboundMessage, Routes, SubmissionReceipt, WireFormat,
};
use jiff::Timestamp;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::{Envelope, Head, JsonFormat, Text, read, write};

/// A version of a format on the shared envelope, carried as the envelope's `version` number; ordered, oldest
/// first. Written by [`format_versions!`](crate::format_versions).
pub trait FormatVersion: Copy + Ord + fmt::Debug + Send + Sync + 'static {
    /// Every version, oldest first (never empty).
    fn all() -> &'static [Self];
    /// The number the envelope carries.
    fn number(self) -> u64;
}

/// What kind of the port's message a payload type carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PortKind {
    /// A notice from the agency, of this kind.
    Notice(NoticeKind),
    /// A message to the agency, of this kind.
    Outbound(OutboundKind),
    /// The agency's receipt.
    Receipt,
}

/// A port message of any family, borrowed, as the encoders take it.
#[derive(Debug, Clone, Copy)]
pub enum PortMessage<'a> {
    /// A notice from the agency.
    Notice(&'a AgencyMessage),
    /// A message to the agency.
    Outbound(&'a OutboundMessage),
    /// The agency's receipt.
    Receipt(&'a SubmissionReceipt),
}

impl<'a> PortMessage<'a> {
    /// Its kind.
    pub fn kind(self) -> PortKind {
        match self {
            PortMessage::Notice(m) => PortKind::Notice(m.notice.kind()),
            PortMessage::Outbound(m) => PortKind::Outbound(m.kind()),
            PortMessage::Receipt(_) => PortKind::Receipt,
        }
    }

    /// The message and its notice, when it is a notice.
    pub fn notice(self) -> Option<(&'a AgencyMessage, &'a Notice)> {
        match self {
            PortMessage::Notice(m) => Some((m, &m.notice)),
            _ => None,
        }
    }

    /// The message to the agency, when it is one.
    pub fn outbound(self) -> Option<&'a OutboundMessage> {
        match self {
            PortMessage::Outbound(m) => Some(m),
            _ => None,
        }
    }

    /// The receipt, when it is one.
    pub fn receipt(self) -> Option<&'a SubmissionReceipt> {
        match self {
            PortMessage::Receipt(r) => Some(r),
            _ => None,
        }
    }

    /// What the envelope says of it: message id, send time and dossier (a receipt's: the key acknowledged and
    /// when it was registered).
    fn head(self) -> Option<(&'a str, Timestamp, &'a DossierCode)> {
        Some(match self {
            PortMessage::Notice(m) => (&m.message_id, m.sent_at, &m.dossier),
            PortMessage::Receipt(r) => (&r.idempotency_key, r.received_at, &r.dossier),
            PortMessage::Outbound(OutboundMessage::Submission(m)) => {
                (&m.message_id, m.sent_at, &m.dossier)
            }
            PortMessage::Outbound(OutboundMessage::SupplementDelivered(m)) => {
                (&m.message_id, m.sent_at, &m.dossier)
            }
            PortMessage::Outbound(OutboundMessage::Withdrawal(m)) => {
                (&m.message_id, m.sent_at, &m.dossier)
            }
            PortMessage::Outbound(_) => return None,
        })
    }
}

/// One message type's payload and its meaning in the port's terms, both ways: what the encoder writes for a
/// port message of [`KIND`](Self::KIND), and what the decoder makes of the payload with the envelope's
/// [`Head`]. Written once per message type, beside each other, so that the two directions stay in step.
pub trait PortMapping: Serialize + DeserializeOwned + JsonSchema {
    /// The kind of port message it carries.
    const KIND: PortKind;

    /// The payload for `message` (always of [`KIND`](Self::KIND)), or `None` when the format cannot carry
    /// this one (encoded as `Unsupported`, never dropped).
    fn from_port(message: PortMessage<'_>) -> Option<Self>;

    /// The port's message.
    ///
    /// # Errors
    /// `InvalidPayload` for a rule the wire types cannot carry ([`Head::invalid`], at its path).
    fn into_port(self, head: Head) -> Result<Decoded, AdapterError>;
}

/// The message types of a format on the shared envelope (the envelope's `messageType`): for each, its payload
/// type and the version that brought it. Written by [`message_types!`](crate::message_types), which also
/// writes the dispatch of each method to the payload type.
pub trait MessageTypes:
    Copy + fmt::Debug + PartialEq + Serialize + DeserializeOwned + JsonSchema + Send + Sync + 'static
{
    /// The format's versions.
    type Version: FormatVersion;

    /// Every message type, in the order of the schema's `oneOf`.
    fn all() -> &'static [Self];

    /// The first version that carries it.
    fn since(self) -> Self::Version;

    /// The kind of port message its payload carries.
    fn kind(self) -> PortKind;

    /// The whole of `bytes` read as a message of this type, into the port's message ([`read_as`]).
    ///
    /// # Errors
    /// As [`read_as`].
    fn read(self, agency: &AgencyCode, bytes: &[u8]) -> Result<Decoded, AdapterError>;

    /// `message` written as this type in `version` ([`write_as`]), or `None` when the payload type cannot
    /// carry it.
    fn write(
        self,
        agency: &AgencyCode,
        version: Self::Version,
        message: PortMessage<'_>,
    ) -> Option<Result<Vec<u8>, AdapterError>>;

    /// The JSON Schema of its envelope, before the version and type are set ([`Envelope::json_schema`]).
    fn schema(self, generator: &mut SchemaGenerator) -> Schema;
}

/// A JSON format on the shared envelope: its message table and routes; [`JsonFormat`] follows, so that its
/// codec is `JsonCodec<TheFormat>`.
pub trait EnvelopeFormat: Copy + fmt::Debug + Send + Sync + 'static {
    /// The format's message types.
    type MessageType: MessageTypes;

    /// What the format carries: by default [`capabilities`] of the message table.
    fn capabilities() -> Capabilities {
        capabilities::<Self::MessageType>()
    }

    /// Where the agency's API takes each message of `version`.
    fn routes(version: Version<Self>) -> Routes;
}

/// The version type of the format `F`.
pub type Version<F> = <<F as EnvelopeFormat>::MessageType as MessageTypes>::Version;

impl<F: EnvelopeFormat> JsonFormat for F {
    type Version = Version<F>;

    fn capabilities() -> Capabilities {
        <F as EnvelopeFormat>::capabilities()
    }

    fn routes(version: Version<F>) -> Routes {
        <F as EnvelopeFormat>::routes(version)
    }

    fn decode(agency: &AgencyCode, bytes: &[u8]) -> Result<Decoded, AdapterError> {
        decode::<F::MessageType>(agency, bytes)
    }

    fn encode_outbound(
        agency: &AgencyCode,
        version: Version<F>,
        message: &OutboundMessage,
    ) -> Result<Vec<u8>, AdapterError> {
        encode::<F::MessageType>(agency, version, PortMessage::Outbound(message))
    }

    fn encode_notice(
        agency: &AgencyCode,
        version: Version<F>,
        message: &AgencyMessage,
    ) -> Result<Vec<u8>, AdapterError> {
        encode::<F::MessageType>(agency, version, PortMessage::Notice(message))
    }

    fn encode_receipt(
        agency: &AgencyCode,
        version: Version<F>,
        receipt: &SubmissionReceipt,
    ) -> Result<Vec<u8>, AdapterError> {
        encode::<F::MessageType>(agency, version, PortMessage::Receipt(receipt))
    }
}

/// What the decoder reads first: the version and the message type (other members are left for the message).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Probe<T> {
    version: u64,
    message_type: T,
}

fn unsupported_version(agency: &AgencyCode, message: String) -> AdapterError {
    AdapterError::new(
        AdapterErrorKind::UnsupportedVersion,
        agency.clone(),
        message,
    )
    .with_location(Location::JsonPath("$.version".into()))
}

fn unsupported(agency: &AgencyCode, message: String) -> AdapterError {
    AdapterError::new(AdapterErrorKind::Unsupported, agency.clone(), message)
}

/// Decodes a message of any type and version: the version and the type first (an unknown version, or a type
/// the version does not carry, is `UnsupportedVersion` at `$.version`, whatever the rest holds; an unknown
/// type is `InvalidPayload` at `$.messageType`), then the whole message once, as the type it names.
///
/// # Errors
/// As above, and as [`read_as`].
pub fn decode<T: MessageTypes>(agency: &AgencyCode, bytes: &[u8]) -> Result<Decoded, AdapterError> {
    let probe: Probe<T> = read(agency, bytes)?;
    let versions = T::Version::all();
    let Some(version) = versions.iter().find(|v| v.number() == probe.version) else {
        let known: Vec<String> = versions.iter().map(|v| v.number().to_string()).collect();
        let message = format!(
            "version {} (this codec reads {})",
            probe.version,
            known.join(", ")
        );
        return Err(unsupported_version(agency, message));
    };
    gate(agency, *version, probe.message_type, unsupported_version)?;
    probe.message_type.read(agency, bytes)
}

/// The version gate: `Ok` when `version` carries messages of type `t`, otherwise `error` of "version n has no
/// T message".
fn gate<T: MessageTypes>(
    agency: &AgencyCode,
    version: T::Version,
    t: T,
    error: fn(&AgencyCode, String) -> AdapterError,
) -> Result<(), AdapterError> {
    match version >= t.since() {
        true => Ok(()),
        false => Err(error(
            agency,
            format!("version {} has no {t:?} message", version.number()),
        )),
    }
}

/// Reads the whole of `bytes` as an envelope of a `P` ([`read`]: strict, located) and maps it onto the port's
/// message with the envelope's head.
///
/// # Errors
/// `InvalidPayload`, located by JSON path.
pub fn read_as<T: MessageTypes, P: PortMapping>(
    agency: &AgencyCode,
    bytes: &[u8],
) -> Result<Decoded, AdapterError> {
    let e: Envelope<T, P> = read(agency, bytes)?;
    let head = Head::new(
        agency.clone(),
        e.message_id.into(),
        e.sent_at,
        e.dossier_code,
    );
    e.payload.into_port(head)
}

/// Writes `payload` as a message of type `t` in `version`, in its envelope ([`write()`]).
///
/// # Errors
/// `Unsupported` when `version` does not carry `t`.
pub fn write_as<T: MessageTypes, P: Serialize>(
    agency: &AgencyCode,
    version: T::Version,
    t: T,
    message: PortMessage<'_>,
    payload: P,
) -> Result<Vec<u8>, AdapterError> {
    gate(agency, version, t, unsupported)?;
    let Some((message_id, sent_at, dossier)) = message.head() else {
        return Err(unsupported(agency, format!("no envelope for {message:?}")));
    };
    let envelope = Envelope {
        version: version.number(),
        message_type: t,
        message_id: Text::of(message_id),
        sent_at,
        dossier_code: dossier.clone(),
        payload,
    };
    write(agency, &envelope)
}

/// Encodes `message` in `version` as the first message type of its kind whose payload carries it. A notice
/// or receipt of another agency than `agency` is refused (the envelope carries no agency); a message no type
/// carries, or whose type `version` does not carry, is `Unsupported`.
///
/// # Errors
/// As above, and as [`write()`].
pub fn encode<T: MessageTypes>(
    agency: &AgencyCode,
    version: T::Version,
    message: PortMessage<'_>,
) -> Result<Vec<u8>, AdapterError> {
    match message {
        PortMessage::Notice(m) => AdapterError::unless_own_agency(agency, &m.agency)?,
        PortMessage::Receipt(r) => AdapterError::unless_own_agency(agency, &r.agency)?,
        PortMessage::Outbound(_) => {}
    }
    let kind = message.kind();
    T::all()
        .iter()
        .filter(|t| t.kind() == kind)
        .find_map(|t| t.write(agency, version, message))
        .unwrap_or_else(|| {
            let message = format!("the format has no message for {kind:?}");
            Err(unsupported(agency, message))
        })
}

/// The capabilities of the message table: JSON, every version, the kinds of message and notice the types
/// carry, and for each version that carries fewer, the kinds it does.
///
/// ```
/// # use hoso_core::adapter::OutboundKind;
/// let caps = hoso_json::capabilities::<hoso_json::example::MessageType>();
/// assert_eq!(caps.versions, ["1", "2"]);
/// assert!(caps.sends(OutboundKind::Withdrawal) && !caps.sends_in("1", OutboundKind::Withdrawal));
/// ```
pub fn capabilities<T: MessageTypes>() -> Capabilities {
    let kinds = |version: Option<T::Version>| {
        let carried = T::all()
            .iter()
            .filter(move |t| version.is_none_or(|v| v >= t.since()));
        let outbound: Vec<OutboundKind> = carried
            .clone()
            .filter_map(|t| match t.kind() {
                PortKind::Outbound(k) => Some(k),
                _ => None,
            })
            .collect();
        let notices: Vec<NoticeKind> = carried
            .filter_map(|t| match t.kind() {
                PortKind::Notice(k) => Some(k),
                _ => None,
            })
            .collect();
        (outbound, notices)
    };
    let (outbound, notices) = kinds(None);
    let mut caps = Capabilities::new(WireFormat::Json)
        .with_versions(T::Version::all().iter().map(|v| v.number().to_string()))
        .with_outbound(outbound.clone())
        .with_notices(notices.clone());
    for version in T::Version::all() {
        let (o, n) = kinds(Some(*version));
        if (o.len(), n.len()) != (outbound.len(), notices.len()) {
            caps = caps.with_kinds_in(version.number().to_string(), o, n);
        }
    }
    caps
}

/// The JSON Schema (draft 2020-12) of every message of `version`: a `oneOf` of the envelope of each type the
/// version carries, with its `version` and `messageType` set to constants, and the payloads in `$defs`.
///
/// ```
/// use hoso_json::example::Version;
/// let v1 = hoso_json::json_schema::<hoso_json::example::MessageType>(Version::V1, "urn:example:v1", "Example, v1");
/// assert_eq!(v1["oneOf"].as_array().map(Vec::len), Some(2));
/// assert_eq!(v1["oneOf"][0]["properties"]["messageType"]["const"], "accepted");
/// let v2 = hoso_json::json_schema::<hoso_json::example::MessageType>(Version::V2, "urn:example:v2", "Example, v2");
/// assert_eq!(v2["oneOf"].as_array().map(Vec::len), Some(3));
/// ```
pub fn json_schema<T: MessageTypes>(
    version: T::Version,
    id: &str,
    title: &str,
) -> serde_json::Value {
    let mut g = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    let messages: Vec<Schema> = T::all()
        .iter()
        .filter(|t| version >= t.since())
        .map(|t| {
            let mut schema = t.schema(&mut g);
            if let Some(members) = schema.get_mut("properties").and_then(|p| p.as_object_mut()) {
                let number = serde_json::json!({ "const": version.number() });
                members.insert("version".into(), number);
                members.insert("messageType".into(), serde_json::json!({ "const": t }));
            }
            schema
        })
        .collect();
    serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": id,
        "title": title,
        "oneOf": messages,
        "$defs": g.take_definitions(true),
    })
}

mod macros;
