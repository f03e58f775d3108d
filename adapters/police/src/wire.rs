//! The police API's JSON format, named as the police name it (camelCase, nested objects).
//!
//! Every message is an envelope (`schemaVersion`, `messageType`, `messageId`, `sentAt`) around a `payload`
//! whose shape depends on the version and the message type: [`v1`] and [`v2`] hold the payloads, this
//! module the parts both versions share. The format is documented, with a sample of every message, in the
//! crate's README.
//!
//! The wire types borrow their text from the input where they can ([`Text`]); identifiers are the core's
//! validated types, checked while parsing, so a bad value is refused with its JSON path.

#[macro_use]
mod payload;
mod bounded;
mod envelope;
mod instant;
mod text;
pub mod v1;
pub mod v2;

use std::borrow::Cow;
use std::fmt;

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::de::{Deserialize, Deserializer};
use serde::{Serialize, Serializer};

pub use bounded::{Bounded, MAX_DOCUMENTS};
pub(crate) use envelope::{EnvelopeFailure, EnvelopeSeed};
pub use text::{MAX_TEXT_CHARS, Text};

use hoso_core::adapter::MessageFamily;
use hoso_core::{PostalCode, ProcedureCode, Vnd};

/// The most classes a result document may list.
pub const MAX_CLASSES: usize = 16;

/// The most fee lines one dossier may carry.
pub const MAX_FEES: usize = 20;

/// A version of the format this crate reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Version {
    /// The first version.
    V1,
    /// The second version: renames some fields and adds others (see the README).
    V2,
}

impl Version {
    /// Every version, oldest first.
    pub const ALL: [Version; 2] = [Version::V1, Version::V2];

    /// The number written in `schemaVersion`.
    pub fn number(self) -> u64 {
        match self {
            Version::V1 => 1,
            Version::V2 => 2,
        }
    }

    /// The version written as `number`, if this crate speaks it.
    pub fn from_number(number: u64) -> Option<Self> {
        match number {
            1 => Some(Version::V1),
            2 => Some(Version::V2),
            _ => None,
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "v{}", self.number())
    }
}

/// What a message is: the envelope's `messageType`.
///
/// A closed set: an unknown message type is an error, since its payload cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum MessageType {
    /// Post → police: a dossier carried to the police by the post (or filed for postal return).
    DossierSubmission,
    /// Post → police: the papers the police asked for.
    SupplementSubmission,
    /// Post → police: the applicant withdraws the dossier.
    WithdrawalRequest,
    /// Police → post: the one-stop desk accepted the dossier and set an appointment.
    DossierReceipt,
    /// Police → post: the dossier's status changed.
    StatusUpdate,
    /// Police → post: the result (passport, ID card, ...) is ready.
    ResultReady,
    /// Police → post: the result was handed to a postal worker for delivery.
    ResultHandedToPost,
    /// Police → post: the synchronous answer to a message the post sent, with the police's reference.
    Acknowledgement,
}

impl MessageType {
    /// Every message type, in declaration order.
    pub const ALL: [MessageType; 8] = [
        MessageType::DossierSubmission,
        MessageType::SupplementSubmission,
        MessageType::WithdrawalRequest,
        MessageType::DossierReceipt,
        MessageType::StatusUpdate,
        MessageType::ResultReady,
        MessageType::ResultHandedToPost,
        MessageType::Acknowledgement,
    ];

    /// The name written in `messageType`.
    pub fn as_str(self) -> &'static str {
        match self {
            MessageType::DossierSubmission => "dossierSubmission",
            MessageType::SupplementSubmission => "supplementSubmission",
            MessageType::WithdrawalRequest => "withdrawalRequest",
            MessageType::DossierReceipt => "dossierReceipt",
            MessageType::StatusUpdate => "statusUpdate",
            MessageType::ResultReady => "resultReady",
            MessageType::ResultHandedToPost => "resultHandedToPost",
            MessageType::Acknowledgement => "acknowledgement",
        }
    }

    /// The port's family of the message: a notice, a message to the police, or their acknowledgement.
    pub fn family(self) -> MessageFamily {
        match self {
            MessageType::DossierSubmission
            | MessageType::SupplementSubmission
            | MessageType::WithdrawalRequest => MessageFamily::Outbound,
            MessageType::DossierReceipt
            | MessageType::StatusUpdate
            | MessageType::ResultReady
            | MessageType::ResultHandedToPost => MessageFamily::Notice,
            MessageType::Acknowledgement => MessageFamily::Receipt,
        }
    }

    /// Whether the police send this message (as opposed to receiving it).
    pub fn is_inbound(self) -> bool {
        matches!(
            self,
            MessageType::DossierReceipt
                | MessageType::StatusUpdate
                | MessageType::ResultReady
                | MessageType::ResultHandedToPost
                | MessageType::Acknowledgement
        )
    }
}

/// The envelope around every payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope<'a, P> {
    /// The police's id for this message: the same change sent twice carries the same id (idempotency key).
    pub message_id: Text<'a>,
    /// When the message was sent.
    pub sent_at: jiff::Timestamp,
    /// The message itself.
    pub payload: P,
}

/// One message of the police format, in either version.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Message<'a> {
    /// A version 1 message.
    V1(Envelope<'a, v1::Payload<'a>>),
    /// A version 2 message.
    V2(Envelope<'a, v2::Payload<'a>>),
}

impl<'a> Message<'a> {
    /// The message's version.
    pub fn version(&self) -> Version {
        match self {
            Message::V1(_) => Version::V1,
            Message::V2(_) => Version::V2,
        }
    }

    /// The message's type.
    pub fn message_type(&self) -> MessageType {
        match self {
            Message::V1(e) => e.payload.message_type(),
            Message::V2(e) => e.payload.message_type(),
        }
    }

    /// When the message was sent.
    pub fn sent_at(&self) -> jiff::Timestamp {
        match self {
            Message::V1(e) => e.sent_at,
            Message::V2(e) => e.sent_at,
        }
    }

    /// The police's message id.
    pub fn message_id(&self) -> &str {
        match self {
            Message::V1(e) => e.message_id.as_str(),
            Message::V2(e) => e.message_id.as_str(),
        }
    }
}

impl Serialize for Message<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Message", 5)?;
        s.serialize_field("schemaVersion", &self.version().number())?;
        s.serialize_field("messageType", &self.message_type())?;
        match self {
            Message::V1(e) => {
                s.serialize_field("messageId", &e.message_id)?;
                s.serialize_field("sentAt", &e.sent_at)?;
                e.payload.serialize_payload(&mut s)?;
            }
            Message::V2(e) => {
                s.serialize_field("messageId", &e.message_id)?;
                s.serialize_field("sentAt", &e.sent_at)?;
                e.payload.serialize_payload(&mut s)?;
            }
        }
        s.end()
    }
}

/// The status codes of a [`v1::StatusUpdate`] or [`v2::StatusUpdate`].
///
/// **An open set**: the police add codes without a new schema version, so a code this crate does not know
/// decodes to [`StatusCode::Unknown`] instead of failing the whole message. Converting such an update to core
/// events yields none (it is reported, not applied): see the README, "Unknown status codes".
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StatusCode<'a> {
    /// `rejected`: the desk refused the dossier (Phiếu từ chối; national portal code 3).
    Rejected,
    /// `processing`: processing started or resumed (code 4).
    Processing,
    /// `supplementRequired`: more papers are needed (Phiếu yêu cầu bổ sung; code 5).
    SupplementRequired,
    /// `paymentRequired`: fees or obligations must be paid before processing goes on (code 6).
    PaymentRequired,
    /// `paymentReceived`: the amount due was paid (processing resumes; code 4).
    PaymentReceived,
    /// `delayed`: the result will be late; a new appointment is set (Phiếu xin lỗi và hẹn lại; code 4).
    Delayed,
    /// `withdrawn`: the applicant withdrew the dossier (code 7).
    Withdrawn,
    /// `suspended`: the police stopped processing (code 8).
    Suspended,
    /// `returnedAtCounter`: the result was handed to the applicant at the desk, not by post (code 10).
    ReturnedAtCounter,
    /// A code this crate does not know, kept as sent.
    Unknown(Text<'a>),
}

impl StatusCode<'_> {
    /// The known codes, as written on the wire.
    pub const KNOWN: [&'static str; 9] = [
        "rejected",
        "processing",
        "supplementRequired",
        "paymentRequired",
        "paymentReceived",
        "delayed",
        "withdrawn",
        "suspended",
        "returnedAtCounter",
    ];

    /// The code as written on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            StatusCode::Rejected => "rejected",
            StatusCode::Processing => "processing",
            StatusCode::SupplementRequired => "supplementRequired",
            StatusCode::PaymentRequired => "paymentRequired",
            StatusCode::PaymentReceived => "paymentReceived",
            StatusCode::Delayed => "delayed",
            StatusCode::Withdrawn => "withdrawn",
            StatusCode::Suspended => "suspended",
            StatusCode::ReturnedAtCounter => "returnedAtCounter",
            StatusCode::Unknown(code) => code.as_str(),
        }
    }

    /// The national public service portal's status code (1–10) the dossier has after this status.
    pub fn portal_status(&self) -> Option<u8> {
        match self {
            StatusCode::Rejected => Some(3),
            StatusCode::Processing | StatusCode::PaymentReceived | StatusCode::Delayed => Some(4),
            StatusCode::SupplementRequired => Some(5),
            StatusCode::PaymentRequired => Some(6),
            StatusCode::Withdrawn => Some(7),
            StatusCode::Suspended => Some(8),
            StatusCode::ReturnedAtCounter => Some(10),
            StatusCode::Unknown(_) => None,
        }
    }

    fn from_text(text: Text<'_>) -> StatusCode<'_> {
        match text.as_str() {
            "rejected" => StatusCode::Rejected,
            "processing" => StatusCode::Processing,
            "supplementRequired" => StatusCode::SupplementRequired,
            "paymentRequired" => StatusCode::PaymentRequired,
            "paymentReceived" => StatusCode::PaymentReceived,
            "delayed" => StatusCode::Delayed,
            "withdrawn" => StatusCode::Withdrawn,
            "suspended" => StatusCode::Suspended,
            "returnedAtCounter" => StatusCode::ReturnedAtCounter,
            _ => StatusCode::Unknown(text),
        }
    }
}

impl Serialize for StatusCode<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for StatusCode<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Text::deserialize(deserializer).map(StatusCode::from_text)
    }
}

impl JsonSchema for StatusCode<'_> {
    fn schema_name() -> Cow<'static, str> {
        "StatusCode".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A status code. Known codes are listed in `examples`; others are tolerated (an open set).",
            "type": "string",
            "maxLength": MAX_TEXT_CHARS,
            "examples": StatusCode::KNOWN,
        })
    }
}

/// The kind of a result document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum ResultDocumentType {
    /// Hộ chiếu phổ thông: an ordinary passport.
    Passport,
    /// Thẻ căn cước: the citizen ID card.
    IdCard,
    /// Xác nhận thông tin về cư trú: a residence confirmation.
    ResidenceConfirmation,
    /// Giấy phép lái xe: a driver's licence (issued by the police since 1 March 2025).
    DrivingLicence,
}

/// How the applicant gets the result back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum ReturnMethod {
    /// At the one-stop desk.
    Counter,
    /// Delivered by the post.
    Post,
}

/// What a fee line is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum FeeKind {
    /// The procedure's fee (lệ phí).
    ProcedureFee,
    /// The postal charge (cước).
    PostalCharge,
}

/// The procedure a dossier is filed under, in the version in force when it was received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Procedure {
    /// Mã TTHC, e.g. `1.001234`.
    pub code: ProcedureCode,
    /// The first day of the procedure version the dossier follows, when the sender knows it.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "hoso_core::time::rfc3339::option_date"
    )]
    #[schemars(schema_with = "hoso_core::time::option_date_schema")]
    pub effective_from: Option<Date>,
}

/// A postal address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Address<'a> {
    /// Street, number, commune, province, as written.
    #[serde(borrow)]
    pub line: Text<'a>,
    /// The administrative unit's code, when known.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub admin_unit_code: Option<Text<'a>>,
    /// Mã bưu chính: the 5-digit postal code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<PostalCode>,
}

/// A fee collected with the dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Fee<'a> {
    /// What it is for.
    pub kind: FeeKind,
    /// Amount in whole đồng.
    pub amount: Vnd,
    /// The receipt number, if one was issued.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub receipt_number: Option<Text<'a>>,
}

/// An appointment for the result (Giấy tiếp nhận hồ sơ và hẹn trả kết quả).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Appointment<'a> {
    /// The date the result is due.
    #[serde(deserialize_with = "hoso_core::time::rfc3339::date")]
    #[schemars(schema_with = "hoso_core::time::date_schema")]
    pub date: Date,
    /// Where, when it is not the desk that received the dossier.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub place: Option<Text<'a>>,
}

/// The JSON Schema (draft 2020-12) of every message of `version`, as committed in the crate's `schema/`.
///
/// ```
/// use hoso_police::wire::{Version, json_schema};
/// let schema = json_schema(Version::V2);
/// assert_eq!(schema["oneOf"].as_array().map(Vec::len), Some(8));
/// ```
pub fn json_schema(version: Version) -> serde_json::Value {
    let mut generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    let messages = match version {
        Version::V1 => v1::Payload::message_schemas(&mut generator, version.number()),
        Version::V2 => v2::Payload::message_schemas(&mut generator, version.number()),
    };
    let definitions = generator.take_definitions(true);
    serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": format!("urn:hoso:police:{version}"),
        "title": format!("Police message, schema version {}", version.number()),
        "oneOf": messages,
        "$defs": definitions,
    })
}
