//! The office's envelope, versions and message types, and the JSON Schema generated from them.

mod names;

pub(crate) use names::*;

use std::borrow::Cow;

use hoso_core::DossierCode;
use jiff::Timestamp;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};

/// A version of the format, carried as the envelope's `version` number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Version {
    /// Version 1: applications, supplements, receipts and the office's six notices.
    V1,
    /// Version 2: version 1 and the withdrawal of an application (`withdrawal`).
    V2,
}

impl Version {
    /// Every version, oldest first.
    pub const ALL: [Version; 2] = [Version::V1, Version::V2];

    /// The number the envelope carries.
    pub fn number(self) -> u64 {
        match self {
            Version::V1 => 1,
            Version::V2 => 2,
        }
    }

    pub(crate) fn from_number(number: u64) -> Option<Version> {
        Version::ALL.into_iter().find(|v| v.number() == number)
    }

    /// Whether this version has messages of type `t` (`withdrawal` came with version 2).
    pub(crate) fn carries(self, t: MessageType) -> bool {
        t != MessageType::Withdrawal || self >= Version::V2
    }
}

/// The envelope's `messageType`: what the payload is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) enum MessageType {
    Application,
    Supplement,
    Withdrawal,
    Receipt,
    Accepted,
    SupplementRequested,
    Refused,
    Processing,
    ResultReady,
    ResultPosted,
}

impl MessageType {
    pub(crate) const ALL: [MessageType; 10] = [
        MessageType::Application,
        MessageType::Supplement,
        MessageType::Withdrawal,
        MessageType::Receipt,
        MessageType::Accepted,
        MessageType::SupplementRequested,
        MessageType::Refused,
        MessageType::Processing,
        MessageType::ResultReady,
        MessageType::ResultPosted,
    ];
}

/// What the decoder reads first, to choose the payload's type: the version and the message type.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Probe {
    pub(crate) version: u64,
    pub(crate) message_type: MessageType,
}

/// Every message: the envelope around its payload.
#[derive(Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct Envelope<P> {
    /// The format's version.
    pub(crate) version: u64,
    /// What the payload is.
    pub(crate) message_type: MessageType,
    /// The sender's id of the message; a receipt carries the id of the message it acknowledges.
    pub(crate) message_id: Text,
    /// When it was sent (a receipt: when the office registered the message), RFC 3339.
    #[schemars(schema_with = "hoso_core::time::timestamp_schema")]
    pub(crate) sent_at: Timestamp,
    /// Mã hồ sơ: the dossier the message is about.
    pub(crate) dossier_code: DossierCode,
    /// The message itself.
    pub(crate) payload: P,
}

/// Text that is not blank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub(crate) struct Text(pub(crate) String);

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

/// The envelope of a `P` as version `version` and type `t` write it.
fn message_schema<P: JsonSchema>(g: &mut SchemaGenerator, version: u64, t: MessageType) -> Schema {
    let mut schema = Envelope::<P>::json_schema(g);
    if let Some(properties) = schema.get_mut("properties").and_then(|p| p.as_object_mut()) {
        properties.insert("version".into(), serde_json::json!({ "const": version }));
        properties.insert("messageType".into(), serde_json::json!({ "const": t }));
    }
    schema
}

/// The JSON Schema (draft 2020-12) of every message of `version`, as committed in the crate's `schema/`.
///
/// ```
/// use hoso_judicial::{Version, json_schema};
/// // Version 2 adds the withdrawal to version 1's nine messages.
/// assert_eq!(json_schema(Version::V1)["oneOf"].as_array().map(Vec::len), Some(9));
/// assert_eq!(json_schema(Version::V2)["oneOf"].as_array().map(Vec::len), Some(10));
/// ```
pub fn json_schema(version: Version) -> serde_json::Value {
    let mut g = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    let n = version.number();
    let messages: Vec<Schema> = MessageType::ALL
        .into_iter()
        .filter(|t| version.carries(*t))
        .map(|t| match t {
            MessageType::Application => message_schema::<Application>(&mut g, n, t),
            MessageType::Supplement => message_schema::<Supplement>(&mut g, n, t),
            MessageType::Withdrawal => message_schema::<Withdrawal>(&mut g, n, t),
            MessageType::Receipt => message_schema::<Receipt>(&mut g, n, t),
            MessageType::Accepted => message_schema::<Accepted>(&mut g, n, t),
            MessageType::SupplementRequested => message_schema::<SupplementRequested>(&mut g, n, t),
            MessageType::Refused => message_schema::<Refused>(&mut g, n, t),
            MessageType::Processing => message_schema::<Processing>(&mut g, n, t),
            MessageType::ResultReady => message_schema::<ResultReady>(&mut g, n, t),
            MessageType::ResultPosted => message_schema::<ResultPosted>(&mut g, n, t),
        })
        .collect();
    serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": format!("urn:hoso:lltp:v{n}"),
        "title": format!("Judicial records office message, version {n}"),
        "oneOf": messages,
        "$defs": g.take_definitions(true),
    })
}
