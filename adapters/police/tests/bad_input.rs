//! Bad input is a typed error with its JSON path, never a panic: truncation, wrong types, unknown values,
//! oversized text, arrays and bodies, deep nesting, duplicate keys, unsupported versions.

use hoso_police::codec::{DecodeError, DecodeErrorKind, Limits, decode, decode_with};
use hoso_police::wire::{MAX_DOCUMENTS, MAX_TEXT_CHARS, Message, StatusCode, v1, v2};

const SUBMISSION_V1: &str = include_str!("../samples/v1/dossierSubmission.json");
const SUBMISSION_V2: &str = include_str!("../samples/v2/dossierSubmission.json");
const STATUS_V1: &str = include_str!("../samples/v1/statusUpdate.json");
const STATUS_V2: &str = include_str!("../samples/v2/statusUpdate.json");

fn edit(sample: &str, change: impl FnOnce(&mut serde_json::Value)) -> Vec<u8> {
    let mut value: serde_json::Value = serde_json::from_str(sample).unwrap();
    change(&mut value);
    serde_json::to_vec(&value).unwrap()
}

fn invalid(bytes: &[u8]) -> (DecodeErrorKind, String, String) {
    match decode(bytes) {
        Err(DecodeError::Invalid {
            kind,
            path,
            message,
            ..
        }) => (kind, path, message),
        other => panic!("expected an Invalid error, got {other:?}"),
    }
}

#[test]
fn bad_values_are_typed_errors_naming_their_json_path() {
    use DecodeErrorKind::*;
    let cases: Vec<(&str, Vec<u8>, DecodeErrorKind, &str)> = vec![
        (
            "wrong type: page count as a string",
            edit(SUBMISSION_V1, |v| {
                v["payload"]["documents"][1]["pageCount"] = "one".into()
            }),
            WrongType,
            "$.payload.documents[1].pageCount",
        ),
        (
            "number out of range: negative page count",
            edit(SUBMISSION_V1, |v| {
                v["payload"]["documents"][0]["pageCount"] = (-1).into()
            }),
            InvalidValue,
            "$.payload.documents[0].pageCount",
        ),
        (
            "unknown value in a closed set: return method",
            edit(SUBMISSION_V2, |v| {
                v["payload"]["returnMethod"] = "drone".into()
            }),
            UnknownVariant,
            "$.payload.returnMethod",
        ),
        (
            "unknown message type",
            edit(STATUS_V1, |v| v["messageType"] = "statusChanged".into()),
            UnknownVariant,
            "$.messageType",
        ),
        (
            "missing required field",
            edit(STATUS_V2, |v| {
                v["payload"].as_object_mut().unwrap().remove("occurredAt");
            }),
            MissingField,
            "$.payload",
        ),
        (
            "v1 field name in a v2 message",
            edit(SUBMISSION_V2, |v| {
                let applicant = v["payload"]["applicant"].as_object_mut().unwrap();
                let pin = applicant.remove("personalIdentificationNumber").unwrap();
                applicant.insert("personalIdNumber".into(), pin);
            }),
            MissingField,
            "$.payload.applicant",
        ),
        (
            "invalid timestamp",
            edit(STATUS_V1, |v| {
                v["payload"]["changedAt"] = "16/01/2026 10:10".into()
            }),
            InvalidValue,
            "$.payload.changedAt",
        ),
        (
            "invalid calendar date",
            edit(SUBMISSION_V1, |v| {
                v["payload"]["procedure"]["effectiveFrom"] = "2025-02-30".into()
            }),
            InvalidValue,
            "$.payload.procedure.effectiveFrom",
        ),
        (
            "text over the limit",
            edit(STATUS_V1, |v| {
                v["payload"]["reason"] = "x".repeat(MAX_TEXT_CHARS + 1).into()
            }),
            TextTooLong,
            "$.payload.reason",
        ),
        (
            "array over the limit",
            edit(SUBMISSION_V2, |v| {
                let doc = v["payload"]["documents"][1].clone();
                v["payload"]["documents"] = vec![doc; MAX_DOCUMENTS + 1].into();
            }),
            TooManyItems,
            "$.payload.documents",
        ),
        (
            // Found by the `schema_agreement` fuzz target: the schema's pattern refuses it, so must the codec.
            "a document digest with a character that is not hexadecimal",
            edit(SUBMISSION_V2, |v| {
                v["payload"]["documents"][0]["sha256"] =
                    "9f86d081884c7d659a2feah0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into()
            }),
            InvalidValue,
            "$.payload.documents[0].sha256",
        ),
        (
            // Found by the `schema_agreement` fuzz target: the schema's pattern `^0[0-9]{9}$` refuses a
            // phone number with a separator, so must the codec.
            "a phone number with a dash",
            edit(SUBMISSION_V1, |v| {
                v["payload"]["applicant"]["phone"] = "09123-45678".into()
            }),
            InvalidValue,
            "$.payload.applicant.phone",
        ),
        (
            "a phone number in international form",
            edit(SUBMISSION_V2, |v| {
                v["payload"]["applicant"]["phone"] = "+84912345678".into()
            }),
            InvalidValue,
            "$.payload.applicant.phone",
        ),
        (
            "wrong type at the root",
            b"[1, 2, 3]".to_vec(),
            WrongType,
            "$",
        ),
    ];
    for (name, bytes, kind, path) in cases {
        let (got_kind, got_path, message) = invalid(&bytes);
        assert_eq!(
            (got_kind, got_path.as_str()),
            (kind, path),
            "{name}: {message}"
        );
    }
}

#[test]
fn text_at_the_limit_is_accepted_and_counted_in_characters_not_bytes() {
    // 1000 Vietnamese characters are up to 3000 bytes of UTF-8 and still within the limit.
    let bytes = edit(STATUS_V1, |v| {
        v["payload"]["reason"] = "ệ".repeat(MAX_TEXT_CHARS).into()
    });
    assert!(decode(&bytes).is_ok());
}

#[test]
fn truncated_json_is_a_truncated_error_at_every_cut() {
    let bytes = SUBMISSION_V2.trim_end().as_bytes();
    for cut in 0..bytes.len() {
        match decode(&bytes[..cut]) {
            Err(DecodeError::Invalid { kind, .. }) => {
                assert!(
                    matches!(kind, DecodeErrorKind::Truncated | DecodeErrorKind::Syntax),
                    "cut {cut}: {kind:?}"
                )
            }
            other => panic!("cut at {cut}: {other:?}"),
        }
    }
}

#[test]
fn deep_nesting_is_refused_or_skipped_without_recursion() {
    // Every known field has a fixed depth: nesting in its place is refused at the first bracket.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let in_known_field = STATUS_V1.replacen(r#""CB-0457""#, &deep, 1);
    let (kind, path, _) = invalid(in_known_field.as_bytes());
    assert_eq!(
        (kind, path.as_str()),
        (DecodeErrorKind::WrongType, "$.payload.officer")
    );
    let (kind, path, _) = invalid(deep.as_bytes());
    assert_eq!((kind, path.as_str()), (DecodeErrorKind::WrongType, "$"));
    // An unknown field is skipped by serde_json without recursion (one byte of state per level, bounded
    // by the body size), so even 100,000 levels neither overflow the stack nor fail the message.
    let in_unknown_field = STATUS_V1.replacen(
        r#""officer": "CB-0457","#,
        &format!(r#""extension": {deep},"#),
        1,
    );
    assert!(decode(in_unknown_field.as_bytes()).is_ok());
    let objects = format!("{}1{}", r#"{"a":"#.repeat(100_000), "}".repeat(100_000));
    let (kind, path, _) = invalid(objects.as_bytes());
    assert_eq!((kind, path.as_str()), (DecodeErrorKind::MissingField, "$"));
}

#[test]
fn duplicate_keys_are_refused_in_the_envelope_and_in_payloads() {
    let envelope = STATUS_V1.replacen(
        r#""messageType": "statusUpdate","#,
        r#""messageType": "statusUpdate", "messageType": "statusUpdate","#,
        1,
    );
    let (kind, path, _) = invalid(envelope.as_bytes());
    assert_eq!(
        (kind, path.as_str()),
        (DecodeErrorKind::DuplicateField, "$")
    );

    let payload = STATUS_V1.replacen(
        r#""officer": "CB-0457","#,
        r#""officer": "CB-0457", "officer": "CB-9999","#,
        1,
    );
    let (kind, path, _) = invalid(payload.as_bytes());
    assert_eq!(
        (kind, path.as_str()),
        (DecodeErrorKind::DuplicateField, "$.payload")
    );
}

#[test]
fn a_body_over_the_size_limit_is_refused_before_parsing() {
    let limits = Limits::default().with_max_body_bytes(100);
    let err = decode_with(STATUS_V1.as_bytes(), &limits).unwrap_err();
    assert_eq!(
        err,
        DecodeError::BodyTooLarge {
            size: STATUS_V1.len(),
            limit: 100
        }
    );
    // Even when it is not JSON at all: nothing was read.
    let junk = vec![b'['; 2 * 1024 * 1024];
    assert!(matches!(
        decode(&junk),
        Err(DecodeError::BodyTooLarge { .. })
    ));
}

#[test]
fn an_unknown_schema_version_is_an_unsupported_version_error() {
    for version in [0u64, 3, 99, u64::MAX] {
        let bytes = edit(STATUS_V2, |v| v["schemaVersion"] = version.into());
        assert_eq!(
            decode(&bytes),
            Err(DecodeError::UnsupportedVersion { version })
        );
    }
    // Also when the version comes after the payload.
    let late = r#"{"payload": {}, "messageType": "statusUpdate", "schemaVersion": 7}"#;
    assert_eq!(
        decode(late.as_bytes()),
        Err(DecodeError::UnsupportedVersion { version: 7 })
    );
    // A version of the wrong type is a wrong type, at its path.
    let (kind, path, _) = invalid(&edit(STATUS_V2, |v| v["schemaVersion"] = "2".into()));
    assert_eq!(
        (kind, path.as_str()),
        (DecodeErrorKind::WrongType, "$.schemaVersion")
    );
}

#[test]
fn the_envelope_may_list_its_fields_in_any_order() {
    let value: serde_json::Value = serde_json::from_str(STATUS_V2).unwrap();
    let obj = value.as_object().unwrap();
    // payload first, then the rest in reverse.
    let mut reordered = String::from("{");
    reordered += &format!(r#""payload": {}"#, obj["payload"]);
    for key in ["sentAt", "messageId", "messageType", "schemaVersion"] {
        reordered += &format!(r#", "{key}": {}"#, obj[key]);
    }
    reordered += "}";
    let late = decode(reordered.as_bytes()).unwrap();
    assert_eq!(late, decode(STATUS_V2.as_bytes()).unwrap());
    // And an error in the payload still names its path on that slower route.
    let broken = reordered.replacen(r#""code":"delayed""#, r#""code":42"#, 1);
    let (kind, path, _) = invalid(broken.as_bytes());
    assert_eq!(
        (kind, path.as_str()),
        (DecodeErrorKind::WrongType, "$.payload.status.code")
    );
}

#[test]
fn unknown_fields_are_tolerated_for_additions_within_a_version() {
    let bytes = edit(STATUS_V2, |v| v["payload"]["priority"] = "high".into());
    assert!(decode(&bytes).is_ok());
}

#[test]
fn an_unknown_status_code_is_tolerated_and_kept() {
    let bytes = edit(STATUS_V1, |v| {
        v["payload"]["status"] = "awaitingBiometrics".into()
    });
    let Ok(Message::V1(envelope)) = decode(&bytes) else {
        panic!("v1 expected")
    };
    let v1::Payload::StatusUpdate(update) = envelope.payload else {
        panic!("statusUpdate expected")
    };
    assert_eq!(update.status.as_str(), "awaitingBiometrics");
    assert!(matches!(update.status, StatusCode::Unknown(_)));
    assert_eq!(update.status.portal_status(), None);

    let bytes = edit(STATUS_V2, |v| {
        v["payload"]["status"]["code"] = "processing".into()
    });
    let Ok(Message::V2(envelope)) = decode(&bytes) else {
        panic!("v2 expected")
    };
    let v2::Payload::StatusUpdate(update) = envelope.payload else {
        panic!("statusUpdate expected")
    };
    assert_eq!(update.status.code, StatusCode::Processing);
}

#[test]
fn non_utf8_bytes_are_a_syntax_error() {
    let mut bytes = STATUS_V1.as_bytes().to_vec();
    let at = STATUS_V1.find("CB-0457").unwrap();
    bytes[at] = 0xff;
    let (kind, path, _) = invalid(&bytes);
    assert_eq!(
        (kind, path.as_str()),
        (DecodeErrorKind::Syntax, "$.payload.officer")
    );
}

#[test]
fn trailing_characters_after_the_message_are_refused() {
    let bytes = format!("{} {{}}", STATUS_V1.trim_end());
    let (kind, _, _) = invalid(bytes.as_bytes());
    assert_eq!(kind, DecodeErrorKind::Syntax);
}

/// A NUL character (`\u0000`) in a string is refused at its path, line and column, the text around it never
/// quoted: no store or XML document holds one. An escaped backslash before `u0000` is not one.
#[test]
fn a_nul_character_is_an_invalid_value_at_its_place() {
    let bytes = SUBMISSION_V2.replacen("Nguyễn Văn An", r"Nguyễn Văn An\u0000", 1);
    let at = bytes.find(r"\u0000").unwrap();
    let line = bytes[..at].matches('\n').count() + 1;
    let column = bytes[..at].rsplit('\n').next().unwrap().chars().count() + 1;
    let err = decode(bytes.as_bytes()).unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(text.contains("NUL") && !text.contains("Nguy"), "{text}");
    match err {
        DecodeError::Invalid {
            kind,
            path,
            line: l,
            column: c,
            ..
        } => {
            assert_eq!(kind, DecodeErrorKind::InvalidValue);
            assert_eq!(
                (path.as_str(), l, c),
                ("$.payload.applicant.fullName", line, column)
            );
        }
        other => panic!("expected an Invalid error, got {other:?}"),
    }
    let backslash = SUBMISSION_V2.replacen("Nguyễn Văn An", r"Nguyễn Văn An\\u0000", 1);
    assert!(decode(backslash.as_bytes()).is_ok());
}

#[test]
fn errors_about_the_applicant_never_quote_personal_data() {
    // A personal identification number given as a number, and one with a letter in it.
    for pin in [
        serde_json::json!(1_090_012_345_u64),
        serde_json::json!("00109001234X"),
    ] {
        let bytes = edit(SUBMISSION_V1, |v| {
            v["payload"]["applicant"]["personalIdNumber"] = pin.clone()
        });
        let err = decode(&bytes).unwrap_err();
        let text = format!("{err} {err:?}");
        assert!(
            !text.contains("1090012345") && !text.contains("109001234"),
            "{text}"
        );
        assert_eq!(err.path(), Some("$.payload.applicant.personalIdNumber"));
    }
}

#[test]
fn errors_outside_known_non_personal_fields_never_quote_the_value() {
    // A phone number typed into each field of the delivery address, as a number and as a string.
    for field in ["line", "adminUnitCode", "postalCode"] {
        for phone in [
            serde_json::json!(912_345_678_u64),
            serde_json::json!("0912345678"),
            serde_json::json!(["0912345678"]),
        ] {
            let bytes = edit(SUBMISSION_V2, |v| {
                v["payload"]["deliveryAddress"][field] = phone.clone()
            });
            let Err(err) = decode(&bytes) else {
                continue; // a phone number is valid text for the address line
            };
            let text = format!("{err} {err:?}");
            assert!(!text.contains("912345678"), "{field}: {text}");
            assert_eq!(
                err.path(),
                Some(format!("$.payload.deliveryAddress.{field}").as_str())
            );
        }
    }
    // The address line must refuse a number: the case that quoted the phone number.
    let bytes = edit(SUBMISSION_V2, |v| {
        v["payload"]["deliveryAddress"]["line"] = 912_345_678_u64.into()
    });
    let (kind, _, message) = invalid(&bytes);
    assert_eq!(kind, DecodeErrorKind::WrongType);
    assert_eq!(
        message,
        "wrong type (value withheld: the field may hold personal data)"
    );

    // A known non-personal field keeps serde's words, value included.
    let (kind, _, message) = invalid(&edit(SUBMISSION_V1, |v| {
        v["payload"]["documents"][0]["pageCount"] = (-1).into()
    }));
    assert_eq!(kind, DecodeErrorKind::InvalidValue);
    assert!(message.contains("-1"), "{message}");
}

#[test]
fn debug_output_of_a_decoded_submission_redacts_the_personal_identification_number() {
    let message = decode(SUBMISSION_V1.as_bytes()).unwrap();
    let debug = format!("{message:?}");
    assert!(!debug.contains("001090012345"), "{debug}");
}

mod never_panics {
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = hoso_police::codec::decode(&bytes);
        }

        #[test]
        fn on_a_sample_with_one_byte_changed(at in 0usize..2000, byte in any::<u8>()) {
            let mut bytes = super::SUBMISSION_V2.as_bytes().to_vec();
            let at = at % bytes.len();
            bytes[at] = byte;
            let _ = hoso_police::codec::decode(&bytes);
        }
    }
}

#[test]
fn kinds_come_from_where_the_error_was_raised_and_messages_keep_serdes_words() {
    use DecodeErrorKind::*;
    let long = "x".repeat(MAX_TEXT_CHARS + 1);
    let (kind, path, message) = invalid(&edit(STATUS_V1, |v| {
        v["payload"]["reason"] = long.clone().into()
    }));
    assert_eq!((kind, path.as_str()), (TextTooLong, "$.payload.reason"));
    assert!(
        message.starts_with(&format!("invalid length {}, expected", MAX_TEXT_CHARS + 1)),
        "{message}"
    );
    assert!(
        !message.contains("xxxx"),
        "the value is never quoted: {message}"
    );

    // The length of an array over the limit is counted to its end.
    let (kind, _, message) = invalid(&edit(SUBMISSION_V2, |v| {
        let doc = v["payload"]["documents"][1].clone();
        v["payload"]["documents"] = vec![doc; MAX_DOCUMENTS + 5].into();
    }));
    assert_eq!(kind, TooManyItems);
    assert!(
        message.starts_with(&format!("invalid length {}", MAX_DOCUMENTS + 5)),
        "{message}"
    );

    let (kind, path, message) = invalid(&edit(STATUS_V2, |v| {
        v.as_object_mut().unwrap().remove("sentAt");
    }));
    assert_eq!((kind, path.as_str()), (MissingField, "$"));
    assert_eq!(message, "missing field `sentAt`");
}

/// Every text of a message, one at a time, given a NUL character: the encoder refuses it as an invalid
/// payload, as the decoder would refuse what it wrote, or writes what decodes back (a text the version
/// does not carry).
#[test]
fn a_text_holding_a_nul_character_is_not_written() {
    use hoso_core::adapter::{AdapterErrorKind, AgencyCodec, AgencySide, Decoded};
    fn strings(value: &serde_json::Value, at: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        match value {
            serde_json::Value::String(_) => out.push(at.clone()),
            serde_json::Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    at.push(i.to_string());
                    strings(v, at, out);
                    at.pop();
                }
            }
            serde_json::Value::Object(members) => {
                for (k, v) in members {
                    at.push(k.clone());
                    strings(v, at, out);
                    at.pop();
                }
            }
            _ => {}
        }
    }
    let codec = hoso_police::PoliceCodec::new("CA.H01".parse().unwrap(), hoso_police::Version::V2);
    let Decoded::Outbound(message) = codec.decode_any(SUBMISSION_V2.as_bytes()).unwrap() else {
        panic!("the submission is an outbound message")
    };
    let value = serde_json::to_value(&message).unwrap();
    let mut paths = Vec::new();
    strings(&value, &mut Vec::new(), &mut paths);
    let mut refused = 0;
    for path in paths {
        let mut changed = value.clone();
        let pointer = format!("/{}", path.join("/"));
        let slot = changed.pointer_mut(&pointer).unwrap();
        *slot = format!("{}\u{0}", slot.as_str().unwrap()).into();
        // A code or date with a NUL is no value of its domain type: no message to write.
        let Ok(changed) = serde_json::from_value(changed) else {
            continue;
        };
        match codec.encode(&changed) {
            Ok(bytes) => assert!(codec.decode_outbound(&bytes).is_ok(), "{pointer}"),
            Err(e) => {
                assert_eq!(e.kind(), AdapterErrorKind::InvalidPayload, "{pointer}: {e}");
                assert!(e.message().contains("NUL"), "{pointer}: {e}");
                refused += 1;
            }
        }
    }
    assert!(refused > 3, "only {refused} texts refused");
}

/// Found by the CI smoke run of the `schema_agreement` fuzz target: serde_json checks the UTF-8 of the
/// strings it reads, not of a member it skips, so an unknown member with bytes that are not UTF-8 passed.
#[test]
fn bytes_that_are_not_utf8_are_refused_even_in_a_member_the_version_does_not_know() {
    let mut bytes = STATUS_V2.replacen(
        "\"payload\": {",
        "\"payload\": {\n    \"addedLater\": \"HC-\u{0}\",",
        1,
    );
    bytes = bytes.replace('\u{0}', "\u{1}");
    let mut bytes = bytes.into_bytes();
    let at = bytes.iter().position(|&b| b == 1).unwrap();
    bytes[at] = 0xB3;
    match decode(&bytes) {
        Err(DecodeError::Invalid {
            kind,
            message,
            line,
            column,
            ..
        }) => {
            assert_eq!(kind, DecodeErrorKind::Syntax);
            assert!(message.contains("not UTF-8"), "{message}");
            let expected_line = STATUS_V2[..STATUS_V2.find("\"payload\": {").unwrap()]
                .matches('\n')
                .count()
                + 2;
            assert_eq!((line, column), (expected_line, 23));
        }
        other => panic!("expected an Invalid error, got {other:?}"),
    }
    // The same member with text that is UTF-8 is skipped, as the format allows.
    let fine = STATUS_V2.replacen(
        "\"payload\": {",
        "\"payload\": {\n    \"addedLater\": \"HC-1\",",
        1,
    );
    decode(fine.as_bytes()).expect("an unknown member is skipped");
}
