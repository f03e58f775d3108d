//! The shared envelope of a JSON agency format and what a payload is read into: [`Envelope`] around every
//! message, [`Text`] for text that must not be blank, [`Head`] (what the envelope says of a message, handed to
//! each payload's mapping) and [`Mirror`] (a wire value's counterpart among the port's types, both ways).

use std::borrow::Cow;

use hoso_core::adapter::{
    AdapterError, AdapterErrorKind, AgencyMessage, AgencyRef, Decoded, Location, Notice,
    SubmissionReceipt,
};
use hoso_core::{AgencyCode, DossierCode};
use jiff::Timestamp;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};

/// Every message: the envelope around its payload.
///
/// The shared envelope of the JSON formats built on [`MessageTypes`](crate::MessageTypes): the format's
/// version number, the message type `T` (which names the payload's type), the sender's message id, the send
/// time and the dossier, then the payload `P`; members in camelCase, none unknown. Written as:
///
/// ```json
/// { "version": 2, "messageType": "accepted", "messageId": "M-1", "sentAt": "2026-03-02T02:00:00Z",
///   "dossierCode": "000.00.12.H01-260302-0001", "payload": { "appointmentDate": "2026-03-16" } }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(description = "Every message: the envelope around its payload.")]
pub struct Envelope<T, P> {
    /// The format's version.
    pub version: u64,
    /// What the payload is.
    pub message_type: T,
    /// The sender's id of the message; a receipt carries the id of the message it acknowledges.
    pub message_id: Text,
    /// When it was sent (a receipt: when the office registered the message), RFC 3339.
    #[serde(deserialize_with = "hoso_core::time::rfc3339::timestamp")]
    #[schemars(schema_with = "hoso_core::time::timestamp_schema")]
    pub sent_at: Timestamp,
    /// Mã hồ sơ: the dossier the message is about.
    pub dossier_code: DossierCode,
    /// The message itself.
    pub payload: P,
}

/// Text that is not blank: reading a blank string (or only white space) is an error, `blank text`, at its
/// path; its JSON Schema is a string with a non-space character (`$defs/Text`).
///
/// ```
/// use hoso_json::Text;
/// assert_eq!(serde_json::from_str::<Text>(r#""Lê Văn Hùng""#)?.as_str(), "Lê Văn Hùng");
/// assert!(serde_json::from_str::<Text>(r#"" \t""#).is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Text(String);

impl Text {
    /// The port's text as written: the encoder does not check it (the decoder on the other side does).
    pub fn of(text: &str) -> Text {
        Text(text.to_owned())
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Text {
    type Error = &'static str;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        match text.trim().is_empty() {
            true => Err("blank text"),
            false => Ok(Text(text)),
        }
    }
}

impl From<Text> for String {
    fn from(text: Text) -> String {
        text.0
    }
}

impl JsonSchema for Text {
    fn schema_name() -> Cow<'static, str> {
        "Text".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "pattern": "\\S" })
    }
}

/// A wire value's counterpart among the port's types `P`, both ways: [`Mirror::wire`] for the encoder,
/// [`Mirror::port`] for the decoder. [`Text`] mirrors `String`; an `Option` or a `Vec` of a mirror mirrors
/// the `Option` or `Vec` of its counterpart, so that a format implements it once for each of its own
/// structs (a paper, a certificate) and maps lists and optional members with the same two calls.
///
/// ```
/// use hoso_json::{Mirror, Text};
/// let officer: Option<Text> = Mirror::wire(&Some("Lê Văn Hùng".to_owned()));
/// let papers: Vec<Text> = Mirror::wire(&vec!["Tờ khai".to_owned()]);
/// assert_eq!(officer.port(), Some("Lê Văn Hùng".to_owned()));
/// assert_eq!(papers.port(), vec!["Tờ khai".to_owned()]);
/// ```
pub trait Mirror<P> {
    /// The wire value of `port`.
    fn wire(port: &P) -> Self;
    /// The port's value of this wire value.
    fn port(self) -> P;
}

impl Mirror<String> for Text {
    fn wire(port: &String) -> Self {
        Text::of(port)
    }

    fn port(self) -> String {
        self.0
    }
}

impl<W: Mirror<P>, P> Mirror<Option<P>> for Option<W> {
    fn wire(port: &Option<P>) -> Self {
        port.as_ref().map(W::wire)
    }

    fn port(self) -> Option<P> {
        self.map(W::port)
    }
}

impl<W: Mirror<P>, P> Mirror<Vec<P>> for Vec<W> {
    fn wire(port: &Vec<P>) -> Self {
        port.iter().map(W::wire).collect()
    }

    fn port(self) -> Vec<P> {
        self.into_iter().map(W::port).collect()
    }
}

/// What the envelope says of every message, handed to a payload's
/// [`PortMapping::into_port`](crate::PortMapping::into_port) with the codec's agency.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Head {
    /// The codec's agency.
    pub agency: AgencyCode,
    /// The envelope's `messageId` (a receipt's: the id of the message acknowledged).
    pub message_id: String,
    /// The envelope's `sentAt` (a receipt's: when the agency registered the message).
    pub sent_at: Timestamp,
    /// The envelope's `dossierCode`.
    pub dossier: DossierCode,
}

impl Head {
    /// The head of a message of `agency`.
    pub fn new(
        agency: AgencyCode,
        message_id: String,
        sent_at: Timestamp,
        dossier: DossierCode,
    ) -> Head {
        Head {
            agency,
            message_id,
            sent_at,
            dossier,
        }
    }

    /// The notice with this head, the agency's reference for the dossier and the officer.
    pub fn notice(
        self,
        reference: Option<AgencyRef>,
        officer: Option<impl Into<String>>,
        notice: Notice,
    ) -> Decoded {
        Decoded::Notice(AgencyMessage {
            message_id: self.message_id,
            agency: self.agency,
            dossier: self.dossier,
            reference,
            sent_at: self.sent_at,
            officer: officer.map(Into::into),
            notice,
        })
    }

    /// The receipt with this head: its message id is the idempotency key acknowledged, its send time when the
    /// agency registered the message.
    pub fn receipt(self, reference: AgencyRef) -> Decoded {
        Decoded::Receipt(SubmissionReceipt {
            agency: self.agency,
            dossier: self.dossier,
            reference,
            idempotency_key: self.message_id,
            received_at: self.sent_at,
        })
    }

    /// An `InvalidPayload` error at the JSON path `at`: a rule of the format the wire types cannot carry.
    pub fn invalid(&self, at: &str, message: &str) -> AdapterError {
        AdapterError::new(
            AdapterErrorKind::InvalidPayload,
            self.agency.clone(),
            message,
        )
        .with_location(Location::JsonPath(at.into()))
    }
}
