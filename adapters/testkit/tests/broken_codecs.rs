//! The kit tests itself: a small JSON codec, correct, and the same codec with one defect at a time; each
//! defect must make the kit check that covers it fail, with a message that names the defect.
//!
//! The format: `{"version": 1, "receipt": {"dossier": ..., "reference": ..., "messageId": ...,
//! "receivedAt": ...}}`, a receipt and nothing else.

use std::fmt;
use std::marker::PhantomData;
use std::path::PathBuf;
use std::sync::Arc;

use hoso_core::AgencyCode;
use hoso_core::adapter::{
    AdapterError, AdapterErrorKind, AgencyAdapter, AgencyCodec, AgencyMessage, AgencyRef,
    AgencySide, AgencyTransport, Capabilities, OutboundKind, OutboundMessage, RestCodec,
    RestExchange, Routes, SubmissionReceipt, WireFormat,
};
use hoso_testkit::Sample;
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};

mod common;
use common::{assert_fails_naming, failure};

/// The one defect a codec has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Defect {
    None,
    /// Plain serde derive for the receipt's body: a struct also reads from an array of its fields.
    ArrayForObject,
    /// No `deny_unknown_fields` on the receipt's body.
    UnknownFieldAccepted,
    /// A version it does not know is read as version 1.
    UnknownVersionReadAsKnown,
    /// The receipt's `messageId` (the key it acknowledges) is dropped when decoding.
    ReceiptKeyDropped,
    /// Read through `serde_json::Value` first, where a key given twice keeps its last value.
    DuplicateKeyLastWins,
    /// A version written as a string of digits is read as the number.
    StringForNumberAccepted,
    /// Not a defect: the format's receipts carry no key (an empty `messageId`), and the codec declares it.
    KeylessReceipts,
    /// Declares keyless receipts, but writes and reads the key.
    KeylessDeclaredKeyWritten,
}

#[derive(Debug)]
struct ReceiptCodec {
    agency: AgencyCode,
    defect: Defect,
}

fn codec(defect: Defect) -> ReceiptCodec {
    ReceiptCodec {
        agency: "000.00.15.H22".parse().unwrap(),
        defect,
    }
}

/// Reads `T` from a JSON object only, not from an array (what serde's derive allows for a struct).
struct ObjectOnly<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for ObjectOnly<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Object<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for Object<T> {
            type Value = T;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map))
            }
        }
        deserializer
            .deserialize_map(Object(PhantomData))
            .map(ObjectOnly)
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Envelope<B> {
    version: u32,
    receipt: B,
}

/// [`Envelope`] with a version that may also be written as a string of digits.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct LenientEnvelope<B> {
    #[serde(deserialize_with = "number_or_digits")]
    version: u32,
    receipt: B,
}

fn number_or_digits<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Lenient {
        Number(u32),
        Digits(String),
    }
    match Lenient::deserialize(deserializer)? {
        Lenient::Number(n) => Ok(n),
        Lenient::Digits(digits) => digits.parse().map_err(de::Error::custom),
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Closed {
    dossier: String,
    reference: String,
    message_id: String,
    received_at: String,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Open {
    dossier: String,
    reference: String,
    message_id: String,
    received_at: String,
}

impl From<Open> for Closed {
    fn from(o: Open) -> Self {
        Closed {
            dossier: o.dossier,
            reference: o.reference,
            message_id: o.message_id,
            received_at: o.received_at,
        }
    }
}

impl ReceiptCodec {
    fn error(&self, message: impl Into<String>) -> AdapterError {
        AdapterError::new(
            AdapterErrorKind::InvalidPayload,
            self.agency.clone(),
            message,
        )
    }

    /// A family of messages the format does not have.
    fn none(&self, what: &str) -> AdapterError {
        AdapterError::new(
            AdapterErrorKind::Unsupported,
            self.agency.clone(),
            format!("this format has no {what}"),
        )
    }

    fn read<T: for<'de> Deserialize<'de>>(&self, bytes: &[u8]) -> Result<T, AdapterError> {
        serde_json::from_slice(bytes).map_err(|e| self.error(e.to_string()))
    }

    fn envelope(&self, bytes: &[u8]) -> Result<(u32, Closed), AdapterError> {
        Ok(match self.defect {
            Defect::DuplicateKeyLastWins => {
                let value: serde_json::Value = self.read(bytes)?;
                let ObjectOnly(e) = ObjectOnly::<Envelope<ObjectOnly<Closed>>>::deserialize(value)
                    .map_err(|e| self.error(e.to_string()))?;
                (e.version, e.receipt.0)
            }
            Defect::StringForNumberAccepted => {
                let ObjectOnly(e) =
                    self.read::<ObjectOnly<LenientEnvelope<ObjectOnly<Closed>>>>(bytes)?;
                (e.version, e.receipt.0)
            }
            Defect::None
            | Defect::UnknownVersionReadAsKnown
            | Defect::ReceiptKeyDropped
            | Defect::KeylessReceipts
            | Defect::KeylessDeclaredKeyWritten => {
                let ObjectOnly(e) = self.read::<ObjectOnly<Envelope<ObjectOnly<Closed>>>>(bytes)?;
                (e.version, e.receipt.0)
            }
            Defect::ArrayForObject => {
                let ObjectOnly(e) = self.read::<ObjectOnly<Envelope<Closed>>>(bytes)?;
                (e.version, e.receipt)
            }
            Defect::UnknownFieldAccepted => {
                let ObjectOnly(e) = self.read::<ObjectOnly<Envelope<ObjectOnly<Open>>>>(bytes)?;
                (e.version, e.receipt.0.into())
            }
        })
    }
}

impl AgencyCodec for ReceiptCodec {
    fn agency(&self) -> &AgencyCode {
        &self.agency
    }

    fn capabilities(&self) -> Capabilities {
        let caps = Capabilities::new(WireFormat::Json)
            .with_versions(["1"])
            .with_outbound([OutboundKind::Submission]);
        match self.defect {
            Defect::KeylessReceipts | Defect::KeylessDeclaredKeyWritten => {
                caps.with_keyless_receipts()
            }
            _ => caps,
        }
    }

    fn decode(&self, _: &[u8]) -> Result<AgencyMessage, AdapterError> {
        Err(self.none("notices"))
    }

    /// Messages to the agency are the port's own JSON, for the exchange checks.
    fn encode(&self, m: &OutboundMessage) -> Result<Vec<u8>, AdapterError> {
        serde_json::to_vec(m).map_err(|e| self.error(e.to_string()))
    }

    fn decode_receipt(&self, bytes: &[u8]) -> Result<SubmissionReceipt, AdapterError> {
        let (version, body) = self.envelope(bytes)?;
        if version != 1 && self.defect != Defect::UnknownVersionReadAsKnown {
            return Err(AdapterError::new(
                AdapterErrorKind::UnsupportedVersion,
                self.agency.clone(),
                format!("version {version}"),
            ));
        }
        Ok(SubmissionReceipt {
            agency: self.agency.clone(),
            dossier: body
                .dossier
                .parse()
                .map_err(|e| self.error(format!("dossier: {e}")))?,
            reference: AgencyRef(body.reference),
            idempotency_key: if self.defect == Defect::ReceiptKeyDropped {
                String::new()
            } else {
                body.message_id
            },
            received_at: body
                .received_at
                .parse()
                .map_err(|e| self.error(format!("receivedAt: {e}")))?,
        })
    }
}

impl RestCodec for ReceiptCodec {
    fn routes(&self) -> Routes {
        Routes::new("/kit/ho-so", "thong-diep", "application/json")
    }
}

impl AgencySide for ReceiptCodec {
    fn decode_outbound(&self, bytes: &[u8]) -> Result<OutboundMessage, AdapterError> {
        self.read(bytes)
    }

    fn encode_notice(&self, _: &AgencyMessage) -> Result<Vec<u8>, AdapterError> {
        Err(self.none("notices"))
    }

    fn encode_receipt(&self, r: &SubmissionReceipt) -> Result<Vec<u8>, AdapterError> {
        Ok(serde_json::json!({
            "version": 1,
            "receipt": {
                "dossier": r.dossier.to_string(),
                "reference": r.reference.0,
                "messageId": if self.defect == Defect::KeylessReceipts {
                    ""
                } else {
                    &r.idempotency_key
                },
                "receivedAt": r.received_at.to_string(),
            }
        })
        .to_string()
        .into_bytes())
    }
}

fn samples() -> Vec<Sample> {
    let bytes = br#"{
  "version": 1,
  "receipt": {
    "dossier": "000.00.15.H22-260302-0001",
    "reference": "REF-1",
    "messageId": "M-1",
    "receivedAt": "2026-03-02T02:00:00Z"
  }
}"#;
    vec![Sample {
        path: PathBuf::from("receipt.json"),
        bytes: bytes.to_vec(),
    }]
}

/// The schema of the format, closed, everything required.
fn schema() -> serde_json::Value {
    let text = serde_json::json!({"type": "string"});
    serde_json::json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["version", "receipt"],
        "properties": {
            "version": {"const": 1},
            "receipt": {
                "type": "object",
                "additionalProperties": false,
                "required": ["dossier", "reference", "messageId", "receivedAt"],
                "properties": {
                    "dossier": text, "reference": text, "messageId": text, "receivedAt": text,
                },
            },
        },
    })
}

/// Runs the JSON schema check of the correct codec with `schema` written to a file of its own.
fn schema_check(name: &str, schema: &serde_json::Value) -> Result<(), String> {
    schema_check_of(codec(Defect::None), name, schema)
}

/// Runs the JSON schema check of `codec` with `schema` written to a file of its own.
fn schema_check_of(
    codec: ReceiptCodec,
    name: &str,
    schema: &serde_json::Value,
) -> Result<(), String> {
    with_schema_file(name, schema, |path| {
        hoso_testkit::samples_validate_against_json_schema(&codec, path, &samples())
    })
}

/// Runs `check` with `schema` written to a file of its own.
fn with_schema_file(
    name: &str,
    schema: &serde_json::Value,
    check: impl FnOnce(&std::path::Path),
) -> Result<(), String> {
    let path = std::env::temp_dir().join(format!(
        "hoso-testkit-broken-{}-{name}.schema.json",
        std::process::id()
    ));
    std::fs::write(&path, schema.to_string()).unwrap();
    let outcome = failure(|| check(&path));
    std::fs::remove_file(&path).unwrap();
    outcome
}

/// Runs the kit's check that the schema refuses other versions, with `schema` written to a file of its own.
fn version_schema_check(name: &str, schema: &serde_json::Value) -> Result<(), String> {
    with_schema_file(name, schema, |path| {
        hoso_testkit::schema_refuses_other_versions(
            &codec(Defect::None),
            path,
            &samples(),
            &to_version_999,
            None,
        )
    })
}

#[test]
fn the_correct_codec_and_schema_pass_every_check_they_are_controls_for() {
    let c = codec(Defect::None);
    let s = samples();
    hoso_testkit::every_sample_decodes(&c, &s);
    hoso_testkit::round_trip_is_identity(&c, &s);
    hoso_testkit::unknown_fields_as_declared(&c, &s);
    hoso_testkit::duplicate_keys_are_an_error(&c, &s);
    hoso_testkit::array_for_object_is_an_error(&c, &s);
    hoso_testkit::string_for_number_is_an_error(&c, &s);
    hoso_testkit::wrong_version_is_an_error(&c, &s, &to_version_999);
    schema_check("correct", &schema()).unwrap();
    version_schema_check("correct-version", &schema()).unwrap();
}

#[test]
fn a_schema_that_takes_any_version_fails_the_version_schema_check() {
    let mut any_version = schema();
    any_version["properties"]["version"] = serde_json::json!({"type": "integer"});
    // Every member still has a type: the sample check passes, and only the version check can fail.
    schema_check("any-version-samples", &any_version).unwrap();
    assert_fails_naming(
        version_schema_check("any-version", &any_version),
        &[
            "accepts receipt.json in an unknown version",
            "must refuse a message labelled with another",
        ],
    );
}

#[test]
fn a_vacuous_schema_fails_the_schema_check() {
    assert_fails_naming(
        schema_check("vacuous", &serde_json::json!({})),
        &[
            "receipt.json",
            "an array in place of an object at /",
            "the schema must give the type of every member",
        ],
    );
}

#[test]
fn a_codec_laxer_than_its_schema_fails_the_schema_check() {
    assert_fails_naming(
        schema_check_of(codec(Defect::ArrayForObject), "laxer", &schema()),
        &[
            "the codec accepts receipt.json with an array in place of an object at /receipt",
            "the codec must be at least as strict as its schema",
        ],
    );
}

#[test]
fn a_schema_that_requires_nothing_of_an_object_fails_the_schema_check() {
    let mut lax = schema();
    lax["properties"]["receipt"]
        .as_object_mut()
        .unwrap()
        .remove("required");
    assert_fails_naming(
        schema_check("lax", &lax),
        &[
            "receipt.json",
            "with any one member of the object at /receipt removed",
            "the schema must say which members are required",
        ],
    );
}

#[test]
fn an_open_schema_of_a_closed_format_fails_the_schema_check() {
    let mut open = schema();
    open["properties"]["receipt"]
        .as_object_mut()
        .unwrap()
        .remove("additionalProperties");
    assert_fails_naming(
        schema_check("open", &open),
        &[
            "receipt.json",
            "an unknown member \"hosoKitUnknownMember\" in the object at /receipt",
            "the codec declares unknown fields refused",
        ],
    );
}

#[test]
fn a_decoder_that_reads_an_object_from_an_array_fails_the_array_check() {
    assert_fails_naming(
        failure(|| {
            hoso_testkit::array_for_object_is_an_error(&codec(Defect::ArrayForObject), &samples())
        }),
        &[
            "receipt.json",
            "an array in place of an object at /receipt",
            "decoded instead of failing",
        ],
    );
}

#[test]
fn a_decoder_that_skips_unknown_fields_of_a_closed_format_fails_the_unknown_field_check() {
    assert_fails_naming(
        failure(|| {
            hoso_testkit::unknown_fields_as_declared(
                &codec(Defect::UnknownFieldAccepted),
                &samples(),
            )
        }),
        &[
            "receipt.json",
            "an unknown member \"hosoKitUnknownMember\" in the object at /receipt",
            "decoded instead of failing",
        ],
    );
}

#[test]
fn a_decoder_where_the_last_key_wins_fails_the_duplicate_key_check() {
    let c = codec(Defect::DuplicateKeyLastWins);
    hoso_testkit::array_for_object_is_an_error(&c, &samples());
    assert_fails_naming(
        failure(|| hoso_testkit::duplicate_keys_are_an_error(&c, &samples())),
        &[
            "receipt.json",
            "the key \"version\" twice in the object at /",
            "decoded instead of failing",
        ],
    );
}

#[test]
fn a_decoder_that_reads_a_number_from_a_string_fails_the_string_for_number_check() {
    let c = codec(Defect::StringForNumberAccepted);
    hoso_testkit::duplicate_keys_are_an_error(&c, &samples());
    assert_fails_naming(
        failure(|| hoso_testkit::string_for_number_is_an_error(&c, &samples())),
        &[
            "receipt.json",
            "a string in place of a number at /version",
            "decoded instead of failing",
        ],
    );
}

/// The test format's version rewrite, as a suite's `wrong_version` gives it.
fn to_version_999(bytes: &[u8]) -> Vec<u8> {
    String::from_utf8_lossy(bytes)
        .replacen("\"version\": 1", "\"version\": 999", 1)
        .into_bytes()
}

#[test]
fn a_decoder_that_reads_an_unknown_version_as_a_known_one_fails_the_version_check() {
    assert_fails_naming(
        failure(|| {
            hoso_testkit::wrong_version_is_an_error(
                &codec(Defect::UnknownVersionReadAsKnown),
                &samples(),
                &to_version_999,
            )
        }),
        &[
            "receipt.json in an unknown version",
            "decoded instead of failing",
        ],
    );
}

/// The kit's exchange check, on the exchange every REST adapter is built on, with `defect` in the codec.
fn exchange_check(defect: Defect) -> Result<(), String> {
    failure(|| {
        let make = move |transport: Arc<dyn AgencyTransport>| -> Arc<dyn AgencyAdapter> {
            Arc::new(RestExchange::new(codec(defect), transport))
        };
        hoso_testkit::block_on(hoso_testkit::receipt_for_another_message_is_refused(
            &make,
            Arc::new(codec(defect)),
        ));
    })
}

#[test]
fn the_exchange_refuses_a_receipt_for_another_message() {
    exchange_check(Defect::None).unwrap();
}

#[test]
fn a_codec_that_drops_the_receipts_key_fails_the_receipt_check() {
    assert_fails_naming(
        exchange_check(Defect::ReceiptKeyDropped),
        &[
            "accepted a receipt for another message",
            "do not drop it when decoding",
        ],
    );
}

#[test]
fn a_codec_declaring_keyless_receipts_that_writes_none_passes_the_receipt_check() {
    exchange_check(Defect::KeylessReceipts).unwrap();
}

#[test]
fn a_codec_declaring_keyless_receipts_that_writes_a_key_fails_naming_the_declaration() {
    assert_fails_naming(
        exchange_check(Defect::KeylessDeclaredKeyWritten),
        &[
            "declares keyless receipts (Capabilities::with_keyless_receipts)",
            "carries the idempotency key",
            "a wrong declaration",
        ],
    );
}
