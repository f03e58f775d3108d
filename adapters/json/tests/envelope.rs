//! The shared envelope's decoder, encoders, gate and capabilities, on the example format.

use hoso_core::adapter::{
    AdapterErrorKind, AgencyCodec, AgencySide, Decoded, Location, NoticeKind, OutboundKind,
};
use hoso_json::example::{ExampleCodec, Version};

fn codec(version: Version) -> ExampleCodec {
    ExampleCodec::new("000.00.12.H01".parse().unwrap(), version)
}

fn message(version: u64, message_type: &str, payload: &str) -> Vec<u8> {
    format!(
        r#"{{"version": {version}, "messageType": "{message_type}", "messageId": "M-1",
        "sentAt": "2026-03-02T02:00:00Z", "dossierCode": "000.00.12.H01-260302-0001",
        "payload": {payload}}}"#
    )
    .into_bytes()
}

#[test]
fn every_type_reads_and_writes_back_in_a_version_that_carries_it() {
    for (t, payload) in [
        (
            "accepted",
            r#"{"officer": "Lê Văn Hùng", "appointmentDate": "2026-03-16"}"#,
        ),
        ("receipt", r#"{"reference": "REF-1"}"#),
        ("withdrawal", r#"{"reason": "Không còn cần"}"#),
    ] {
        let decoded = codec(Version::V2)
            .decode_any(&message(2, t, payload))
            .unwrap();
        let written = codec(Version::V2).encode_any(&decoded).unwrap();
        assert_eq!(
            codec(Version::V1).decode_any(&written).unwrap(),
            decoded,
            "{t}"
        );
    }
    let receipt = message(1, "receipt", r#"{"reference": "REF-1"}"#);
    let Decoded::Receipt(r) = codec(Version::V1).decode_any(&receipt).unwrap() else {
        panic!("not a receipt")
    };
    assert_eq!(
        (r.idempotency_key.as_str(), r.reference.as_str()),
        ("M-1", "REF-1")
    );
}

#[test]
fn the_version_is_gated_before_the_payload_both_ways() {
    let e = codec(Version::V2)
        .decode_any(&message(3, "accepted", "[]"))
        .unwrap_err();
    assert_eq!(e.kind(), AdapterErrorKind::UnsupportedVersion, "{e}");
    assert!(
        e.message().contains("version 3 (this codec reads 1, 2)"),
        "{e}"
    );
    let e = codec(Version::V2)
        .decode_any(&message(1, "withdrawal", "[]"))
        .unwrap_err();
    assert_eq!(e.kind(), AdapterErrorKind::UnsupportedVersion, "{e}");
    assert_eq!(e.location(), Some(&Location::JsonPath("$.version".into())));
    let withdrawal = message(2, "withdrawal", r#"{"reason": "Không còn cần"}"#);
    let outbound = codec(Version::V2).decode_outbound(&withdrawal).unwrap();
    let e = codec(Version::V1).encode(&outbound).unwrap_err();
    assert_eq!(e.kind(), AdapterErrorKind::Unsupported, "{e}");
    assert!(
        e.message().contains("version 1 has no Withdrawal message"),
        "{e}"
    );
}

#[test]
fn unknown_types_blank_text_and_other_agencies_are_refused() {
    let e = codec(Version::V2)
        .decode_any(&message(2, "approved", "{}"))
        .unwrap_err();
    assert_eq!(
        e.location(),
        Some(&Location::JsonPath("$.messageType".into())),
        "{e}"
    );
    let blank = message(2, "withdrawal", r#"{"reason": "  "}"#);
    let e = codec(Version::V2).decode_any(&blank).unwrap_err();
    assert_eq!(
        e.location(),
        Some(&Location::JsonPath("$.payload.reason".into())),
        "{e}"
    );
    assert!(e.message().contains("blank text"), "{e}");
    let accepted = message(1, "accepted", r#"{"appointmentDate": "2026-03-16"}"#);
    let mut notice = codec(Version::V1).decode(&accepted).unwrap();
    notice.agency = "000.00.15.H22".parse().unwrap();
    let e = codec(Version::V1).encode_notice(&notice).unwrap_err();
    assert_eq!(e.kind(), AdapterErrorKind::Unsupported, "{e}");
}

#[test]
fn capabilities_follow_the_message_table() {
    let caps = codec(Version::V1).capabilities();
    assert_eq!(caps.outbound, [OutboundKind::Withdrawal]);
    assert_eq!(caps.notices, [NoticeKind::Accepted]);
    assert!(caps.receives_in("1", NoticeKind::Accepted));
    assert!(
        !caps.sends_in("1", OutboundKind::Withdrawal)
            && caps.sends_in("2", OutboundKind::Withdrawal)
    );
    assert_eq!(
        caps.kinds_by_version.len(),
        1,
        "only version 1 carries fewer kinds"
    );
}
