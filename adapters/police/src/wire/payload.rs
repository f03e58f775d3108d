//! What both versions' payload enums share: written once as a macro over the same seven variants.

/// Implements, for a version's `Payload` enum: its message type, reading it for a known type, writing it
/// as the envelope's `payload` field, and the JSON Schema of the whole message per type.
macro_rules! payload_enum {
    ($payload:ident) => {
        impl<'a> $payload<'a> {
            /// The message type of this payload.
            pub fn message_type(&self) -> MessageType {
                match self {
                    $payload::DossierSubmission(_) => MessageType::DossierSubmission,
                    $payload::SupplementSubmission(_) => MessageType::SupplementSubmission,
                    $payload::WithdrawalRequest(_) => MessageType::WithdrawalRequest,
                    $payload::DossierReceipt(_) => MessageType::DossierReceipt,
                    $payload::StatusUpdate(_) => MessageType::StatusUpdate,
                    $payload::ResultReady(_) => MessageType::ResultReady,
                    $payload::ResultHandedToPost(_) => MessageType::ResultHandedToPost,
                    $payload::Acknowledgement(_) => MessageType::Acknowledgement,
                }
            }

            pub(crate) fn deserialize_as<'de: 'a, D: ::serde::Deserializer<'de>>(
                message_type: MessageType,
                deserializer: D,
            ) -> Result<Self, D::Error> {
                Ok(match message_type {
                    MessageType::DossierSubmission => $payload::DossierSubmission(Deserialize::deserialize(deserializer)?),
                    MessageType::SupplementSubmission => {
                        $payload::SupplementSubmission(Deserialize::deserialize(deserializer)?)
                    }
                    MessageType::WithdrawalRequest => $payload::WithdrawalRequest(Deserialize::deserialize(deserializer)?),
                    MessageType::DossierReceipt => $payload::DossierReceipt(Deserialize::deserialize(deserializer)?),
                    MessageType::StatusUpdate => $payload::StatusUpdate(Deserialize::deserialize(deserializer)?),
                    MessageType::ResultReady => $payload::ResultReady(Deserialize::deserialize(deserializer)?),
                    MessageType::ResultHandedToPost => $payload::ResultHandedToPost(Deserialize::deserialize(deserializer)?),
                    MessageType::Acknowledgement => $payload::Acknowledgement(Deserialize::deserialize(deserializer)?),
                })
            }

            pub(crate) fn serialize_payload<S: ::serde::ser::SerializeStruct>(&self, s: &mut S) -> Result<(), S::Error> {
                match self {
                    $payload::DossierSubmission(p) => s.serialize_field("payload", p),
                    $payload::SupplementSubmission(p) => s.serialize_field("payload", p),
                    $payload::WithdrawalRequest(p) => s.serialize_field("payload", p),
                    $payload::DossierReceipt(p) => s.serialize_field("payload", p),
                    $payload::StatusUpdate(p) => s.serialize_field("payload", p),
                    $payload::ResultReady(p) => s.serialize_field("payload", p),
                    $payload::ResultHandedToPost(p) => s.serialize_field("payload", p),
                    $payload::Acknowledgement(p) => s.serialize_field("payload", p),
                }
            }

            /// The JSON Schema of every message of this version, one per message type (for `oneOf`).
            pub(crate) fn message_schemas(
                generator: &mut ::schemars::SchemaGenerator,
                version: u64,
            ) -> Vec<::serde_json::Value> {
                let payloads = [
                    (MessageType::DossierSubmission, generator.subschema_for::<DossierSubmission<'static>>()),
                    (MessageType::SupplementSubmission, generator.subschema_for::<SupplementSubmission<'static>>()),
                    (MessageType::WithdrawalRequest, generator.subschema_for::<WithdrawalRequest<'static>>()),
                    (MessageType::DossierReceipt, generator.subschema_for::<DossierReceipt<'static>>()),
                    (MessageType::StatusUpdate, generator.subschema_for::<StatusUpdate<'static>>()),
                    (MessageType::ResultReady, generator.subschema_for::<ResultReady<'static>>()),
                    (MessageType::ResultHandedToPost, generator.subschema_for::<ResultHandedToPost<'static>>()),
                    (MessageType::Acknowledgement, generator.subschema_for::<Acknowledgement<'static>>()),
                ];
                let message_id = generator.subschema_for::<Text<'static>>();
                payloads
                    .into_iter()
                    .map(|(message_type, payload)| {
                        ::serde_json::json!({
                            "title": message_type.as_str(),
                            "type": "object",
                            "required": ["schemaVersion", "messageType", "messageId", "sentAt", "payload"],
                            "properties": {
                                "schemaVersion": { "const": version },
                                "messageType": { "const": message_type.as_str() },
                                "messageId": message_id,
                                "sentAt": { "type": "string", "format": "date-time" },
                                "payload": payload,
                            },
                        })
                    })
                    .collect()
            }
        }
    };
}
