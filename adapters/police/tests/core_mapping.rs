//! The police format mapped to the port's normalised messages and back.

use hoso_core::adapter::{
    AdapterErrorKind, AgencyCodec, AgencySide, Location, Notice, NoticeKind, OutboundKind,
    ProcessingUpdate,
};
use hoso_police::PoliceCodec;
use hoso_police::wire::{MessageType, Version};

fn codec(version: Version) -> PoliceCodec {
    PoliceCodec::new("CA.H01".parse().unwrap(), version)
}

fn sample(version: Version, message_type: MessageType) -> Vec<u8> {
    let path = format!(
        "{}/samples/v{}/{}.json",
        env!("CARGO_MANIFEST_DIR"),
        version.number(),
        message_type.as_str()
    );
    std::fs::read(&path).unwrap()
}

const NOTICES: [(MessageType, NoticeKind); 4] = [
    (MessageType::DossierReceipt, NoticeKind::Accepted),
    (MessageType::StatusUpdate, NoticeKind::Processing),
    (MessageType::ResultReady, NoticeKind::ResultReady),
    (
        MessageType::ResultHandedToPost,
        NoticeKind::ResultHandedToPost,
    ),
];

#[test]
fn every_notice_sample_decodes_and_survives_encoding_in_either_version() {
    for from in Version::ALL {
        for (message_type, _) in NOTICES {
            let decoded = codec(from).decode(&sample(from, message_type)).unwrap();
            assert_eq!(
                decoded.message_id,
                format!(
                    "POL-{}-{:06}",
                    from.number(),
                    1 + MessageType::ALL
                        .iter()
                        .position(|t| *t == message_type)
                        .unwrap()
                )
            );
            for to in Version::ALL {
                let bytes = codec(to).encode_notice(&decoded).unwrap();
                let again = codec(from).decode(&bytes).unwrap();
                // v1 has no validity date, postal worker or reason code: those are lost going to v1.
                if to == Version::V2 || from == Version::V1 {
                    assert_eq!(again, decoded, "{from} {message_type:?} via {to}");
                } else {
                    assert_eq!(again.notice.kind(), decoded.notice.kind());
                }
            }
        }
    }
}

#[test]
fn notices_carry_what_the_police_said() {
    let v1 = codec(Version::V1);
    let status = v1
        .decode(&sample(Version::V1, MessageType::StatusUpdate))
        .unwrap();
    assert_eq!(status.officer.as_deref(), Some("CB-0457"));
    assert_eq!(
        status.reference.as_ref().map(|r| r.as_str()),
        Some("HC-2026-000123")
    );
    match status.notice {
        Notice::SupplementRequested {
            reason,
            missing,
            due,
        } => {
            assert_eq!(reason, "Ảnh chân dung không đúng quy cách");
            assert_eq!(missing, ["Ảnh chân dung 4x6, nền trắng"]);
            assert_eq!(due, Some(jiff::civil::date(2026, 1, 21)));
        }
        other => panic!("{other:?}"),
    }
    let delayed = v1
        .decode(&sample(Version::V2, MessageType::StatusUpdate))
        .unwrap();
    assert!(matches!(
        delayed.notice,
        Notice::Processing { update: ProcessingUpdate::Extended { new_appointment }, note: Some(_) }
            if new_appointment == jiff::civil::date(2026, 1, 28)
    ));
    let ready = v1
        .decode(&sample(Version::V2, MessageType::ResultReady))
        .unwrap();
    let Notice::ResultReady { document } = ready.notice else {
        panic!("result ready expected")
    };
    assert_eq!(
        (document.title.as_str(), document.number.as_str()),
        ("Hộ chiếu phổ thông", "C1234567")
    );
    assert_eq!(document.valid_until, Some(jiff::civil::date(2036, 1, 22)));
    let handed = v1
        .decode(&sample(Version::V2, MessageType::ResultHandedToPost))
        .unwrap();
    let Notice::ResultHandedToPost {
        tracking,
        seal,
        postal_worker,
        ..
    } = handed.notice
    else {
        panic!()
    };
    assert_eq!(tracking.as_str(), "RR000000014VN");
    assert_eq!(
        (seal.as_deref(), postal_worker.as_deref()),
        (Some("KN-2026-00981"), Some("BĐ-HN-0113"))
    );
}

#[test]
fn every_outbound_sample_decodes_on_the_police_side_and_survives_encoding() {
    for from in Version::ALL {
        for message_type in [
            MessageType::DossierSubmission,
            MessageType::SupplementSubmission,
            MessageType::WithdrawalRequest,
        ] {
            let decoded = codec(from)
                .decode_outbound(&sample(from, message_type))
                .unwrap();
            let bytes = codec(from).encode(&decoded).unwrap();
            assert_eq!(
                codec(from).decode_outbound(&bytes).unwrap(),
                decoded,
                "{from} {message_type:?}"
            );
        }
    }
    let submission = codec(Version::V2)
        .decode_outbound(&sample(Version::V2, MessageType::DossierSubmission))
        .unwrap();
    let hoso_core::adapter::OutboundMessage::Submission(s) = submission else {
        panic!("submission expected")
    };
    // Only the procedure fee is the agency's; the postal charge is the post's.
    assert_eq!(s.fee, hoso_core::Vnd(200_000));
    assert!(s.result_by_post);
    assert_eq!(s.documents.len(), 2);
    assert_eq!(
        s.applicant
            .citizen_id
            .map(|c| c.reveal().to_owned())
            .as_deref(),
        Some("001090012345")
    );
}

#[test]
fn an_acknowledgement_is_the_submission_receipt() {
    for version in Version::ALL {
        let receipt = codec(version)
            .decode_receipt(&sample(version, MessageType::Acknowledgement))
            .unwrap();
        assert_eq!(receipt.idempotency_key, "BD-2026-0000781");
        assert_eq!(receipt.reference.as_str(), "HC-2026-000123");
        let bytes = codec(version).encode_receipt(&receipt).unwrap();
        assert_eq!(codec(version).decode_receipt(&bytes).unwrap(), receipt);
    }
}

#[test]
fn a_message_in_the_wrong_direction_is_an_invalid_payload() {
    let err = codec(Version::V2)
        .decode(&sample(Version::V2, MessageType::DossierSubmission))
        .unwrap_err();
    assert_eq!(err.kind(), AdapterErrorKind::InvalidPayload);
    assert_eq!(
        err.location(),
        Some(&Location::JsonPath("$.messageType".into()))
    );
}

fn status_v1(status: &str, extra: &[(&str, serde_json::Value)]) -> Vec<u8> {
    let mut value: serde_json::Value =
        serde_json::from_slice(&sample(Version::V1, MessageType::StatusUpdate)).unwrap();
    let payload = value["payload"].as_object_mut().unwrap();
    payload.insert("status".into(), status.into());
    for key in ["reason", "missingDocuments", "supplementDueDate"] {
        payload.remove(key);
    }
    for (key, v) in extra {
        payload.insert((*key).into(), v.clone());
    }
    serde_json::to_vec(&value).unwrap()
}

#[test]
fn each_status_code_maps_to_its_notice_or_says_why_not() {
    let c = codec(Version::V1);
    let reason = ("reason", serde_json::json!("Ảnh không hợp lệ"));
    let kind = |bytes: Vec<u8>| {
        c.decode(&bytes)
            .map(|m| m.notice.kind())
            .map_err(|e| (e.kind(), e.agency_code().map(str::to_owned)))
    };
    assert_eq!(
        kind(status_v1("processing", &[])),
        Ok(NoticeKind::Processing)
    );
    assert_eq!(
        kind(status_v1("rejected", std::slice::from_ref(&reason))),
        Ok(NoticeKind::Refused)
    );
    assert_eq!(
        kind(status_v1("suspended", std::slice::from_ref(&reason))),
        Ok(NoticeKind::Processing)
    );
    assert_eq!(
        kind(status_v1(
            "delayed",
            &[reason.clone(), ("newAppointmentDate", "2026-02-02".into())]
        )),
        Ok(NoticeKind::Processing)
    );
    assert_eq!(
        kind(status_v1(
            "supplementRequired",
            &[("missingDocuments", serde_json::json!(["CT01"]))]
        )),
        Ok(NoticeKind::SupplementRequested)
    );
    // Known to the police, not to the port: reported with the police's code, not applied.
    for code in [
        "paymentRequired",
        "paymentReceived",
        "withdrawn",
        "returnedAtCounter",
        "awaitingBiometrics",
    ] {
        assert_eq!(
            kind(status_v1(code, &[])),
            Err((AdapterErrorKind::Unsupported, Some(code.to_owned()))),
            "{code}"
        );
    }
}

#[test]
fn a_status_missing_the_data_it_needs_is_an_invalid_payload_at_that_field() {
    let c = codec(Version::V1);
    for (status, path) in [
        ("rejected", "$.payload.reason"),
        ("suspended", "$.payload.reason"),
        ("supplementRequired", "$.payload.missingDocuments"),
    ] {
        let err = c.decode(&status_v1(status, &[])).unwrap_err();
        assert_eq!(
            (err.kind(), err.location()),
            (
                AdapterErrorKind::InvalidPayload,
                Some(&Location::JsonPath(path.into()))
            ),
            "{status}"
        );
    }
    let err = c
        .decode(&status_v1("delayed", &[("reason", "late".into())]))
        .unwrap_err();
    assert_eq!(
        err.location(),
        Some(&Location::JsonPath("$.payload.newAppointmentDate".into()))
    );
}

#[test]
fn decoding_errors_take_the_ports_normalised_kinds() {
    let c = codec(Version::V2);
    let body = sample(Version::V2, MessageType::StatusUpdate);
    assert_eq!(
        c.decode(&body[..body.len() / 2]).unwrap_err().kind(),
        AdapterErrorKind::InvalidPayload
    );
    let big =
        codec(Version::V2).with_limits(hoso_police::Limits::default().with_max_body_bytes(64));
    assert_eq!(
        big.decode(&body).unwrap_err().kind(),
        AdapterErrorKind::LimitExceeded
    );
    let v9 = String::from_utf8(body.clone()).unwrap().replacen(
        "\"schemaVersion\": 2",
        "\"schemaVersion\": 9",
        1,
    );
    assert_eq!(
        c.decode(v9.as_bytes()).unwrap_err().kind(),
        AdapterErrorKind::UnsupportedVersion
    );
    let long = String::from_utf8(body)
        .unwrap()
        .replacen("CB-0457", &"x".repeat(2000), 1);
    let err = c.decode(long.as_bytes()).unwrap_err();
    assert_eq!(
        (err.kind(), err.location()),
        (
            AdapterErrorKind::LimitExceeded,
            Some(&Location::JsonPath("$.payload.handledBy".into()))
        )
    );
}

#[test]
fn encoding_a_text_longer_than_the_format_allows_is_limit_exceeded_where_decoding_says_it() {
    // What the decoder refuses as too long, the encoder refuses with the same kind at the same JSON path,
    // rather than write a message no peer would read (the fuzz target `message_round_trip` met it).
    for (version, path) in [
        (Version::V1, "$.payload.officer"),
        (Version::V2, "$.payload.handledBy"),
    ] {
        let c = codec(version);
        let mut notice = c
            .decode(&sample(version, MessageType::StatusUpdate))
            .unwrap();
        notice.officer = Some("x".repeat(2000));
        let err = c.encode_notice(&notice).unwrap_err();
        assert_eq!(
            (err.kind(), err.location()),
            (
                AdapterErrorKind::LimitExceeded,
                Some(&Location::JsonPath(path.into()))
            ),
            "{version:?}"
        );
    }
}

#[test]
fn a_change_delivered_twice_gives_the_same_event_ids_and_is_applied_once() {
    let c = codec(Version::V1);
    let first = c
        .decode(&sample(Version::V1, MessageType::DossierReceipt))
        .unwrap()
        .events();
    let again = c
        .decode(&sample(Version::V1, MessageType::DossierReceipt))
        .unwrap()
        .events();
    assert!(!first.is_empty());
    assert_eq!(first, again);
}

#[test]
fn the_codec_declares_json_both_versions_and_every_message() {
    let caps = codec(Version::V2).capabilities();
    assert_eq!(caps.versions, ["1", "2"]);
    for kind in [
        OutboundKind::Submission,
        OutboundKind::SupplementDelivered,
        OutboundKind::Withdrawal,
    ] {
        assert!(caps.sends(kind));
    }
    for (_, notice) in NOTICES {
        assert!(caps.receives(notice));
    }
}
