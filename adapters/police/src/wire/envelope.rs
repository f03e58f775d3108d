//! Reading the envelope without buffering: the payload is parsed straight into the right version's type
//! when `schemaVersion` and `messageType` come before it (as this crate writes them). When they come after,
//! the visitor stops and the codec reads them first with a cheap probe, then parses again with them preset.

use std::cell::Cell;
use std::fmt;

use jiff::Timestamp;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

use super::{Envelope, Message, MessageType, Text, Version, v1, v2};

/// Why the envelope visitor stopped, beside the serde error it returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EnvelopeFailure {
    /// `schemaVersion` holds a number this crate does not speak.
    UnsupportedVersion(u64),
    /// `payload` came before `schemaVersion` or `messageType`: parse again with them preset.
    HeaderAfterPayload,
}

/// Reads one [`Message`]; `preset` gives the version and type when they were probed beforehand.
pub(crate) struct EnvelopeSeed<'c> {
    pub(crate) preset: Option<(Version, MessageType)>,
    pub(crate) failure: &'c Cell<Option<EnvelopeFailure>>,
}

const FIELDS: &[&str] = &[
    "schemaVersion",
    "messageType",
    "messageId",
    "sentAt",
    "payload",
];

enum Field {
    Version,
    MessageType,
    MessageId,
    SentAt,
    Payload,
    Other,
}

impl<'de> de::Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FieldVisitor;
        impl Visitor<'_> for FieldVisitor {
            type Value = Field;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Field, E> {
                Ok(match v {
                    "schemaVersion" => Field::Version,
                    "messageType" => Field::MessageType,
                    "messageId" => Field::MessageId,
                    "sentAt" => Field::SentAt,
                    "payload" => Field::Payload,
                    _ => Field::Other,
                })
            }
        }
        deserializer.deserialize_identifier(FieldVisitor)
    }
}

enum AnyPayload<'a> {
    V1(v1::Payload<'a>),
    V2(v2::Payload<'a>),
}

struct PayloadSeed(Version, MessageType);

impl<'de> DeserializeSeed<'de> for PayloadSeed {
    type Value = AnyPayload<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        match self.0 {
            Version::V1 => v1::Payload::deserialize_as(self.1, deserializer).map(AnyPayload::V1),
            Version::V2 => v2::Payload::deserialize_as(self.1, deserializer).map(AnyPayload::V2),
        }
    }
}

impl<'de> DeserializeSeed<'de> for EnvelopeSeed<'_> {
    type Value = Message<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_struct("Message", FIELDS, self)
    }
}

impl<'de> Visitor<'de> for EnvelopeSeed<'_> {
    type Value = Message<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a police message object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut version, mut message_type) = match self.preset {
            Some((v, t)) => (Some(v), Some(t)),
            None => (None, None),
        };
        let (mut seen_version, mut seen_type) = (false, false);
        let mut message_id: Option<Text<'de>> = None;
        let mut sent_at: Option<Timestamp> = None;
        let mut payload: Option<AnyPayload<'de>> = None;
        while let Some(field) = map.next_key::<Field>()? {
            match field {
                Field::Version => {
                    if std::mem::replace(&mut seen_version, true) {
                        return Err(de::Error::duplicate_field("schemaVersion"));
                    }
                    let number: u64 = map.next_value()?;
                    let Some(v) = Version::from_number(number) else {
                        self.failure
                            .set(Some(EnvelopeFailure::UnsupportedVersion(number)));
                        return Err(de::Error::custom(format_args!(
                            "unsupported schema version {number}"
                        )));
                    };
                    version = Some(v);
                }
                Field::MessageType => {
                    if std::mem::replace(&mut seen_type, true) {
                        return Err(de::Error::duplicate_field("messageType"));
                    }
                    message_type = Some(map.next_value()?);
                }
                Field::MessageId => {
                    if message_id.is_some() {
                        return Err(de::Error::duplicate_field("messageId"));
                    }
                    message_id = Some(map.next_value()?);
                }
                Field::SentAt => {
                    if sent_at.is_some() {
                        return Err(de::Error::duplicate_field("sentAt"));
                    }
                    sent_at = Some(map.next_value::<super::instant::FastTimestamp>()?.0);
                }
                Field::Payload => {
                    if payload.is_some() {
                        return Err(de::Error::duplicate_field("payload"));
                    }
                    let (Some(v), Some(t)) = (version, message_type) else {
                        self.failure.set(Some(EnvelopeFailure::HeaderAfterPayload));
                        return Err(de::Error::custom(
                            "payload before schemaVersion and messageType",
                        ));
                    };
                    payload = Some(map.next_value_seed(PayloadSeed(v, t))?);
                }
                Field::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if !seen_version {
            return Err(de::Error::missing_field("schemaVersion"));
        }
        if !seen_type {
            return Err(de::Error::missing_field("messageType"));
        }
        let message_id = message_id.ok_or_else(|| de::Error::missing_field("messageId"))?;
        let sent_at = sent_at.ok_or_else(|| de::Error::missing_field("sentAt"))?;
        Ok(
            match payload.ok_or_else(|| de::Error::missing_field("payload"))? {
                AnyPayload::V1(payload) => Message::V1(Envelope {
                    message_id,
                    sent_at,
                    payload,
                }),
                AnyPayload::V2(payload) => Message::V2(Envelope {
                    message_id,
                    sent_at,
                    payload,
                }),
            },
        )
    }
}
