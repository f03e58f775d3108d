//! Field-level errors the kit cannot know: each is typed, located by its JSON path, and quotes no personal
//! data.

use hoso_core::adapter::{AdapterError, AdapterErrorKind, AgencyCodec, AgencySide, Location};
use hoso_judicial::{JudicialCodec, Version};

fn codec(version: Version) -> JudicialCodec {
    JudicialCodec::new("000.00.12.H01".parse().unwrap(), version)
}

/// The v2 sample `name` with `from` replaced by `to`, decoded.
fn decode_changed(name: &str, from: &str, to: &str) -> AdapterError {
    let path = format!("{}/samples/v2/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{name} has no {from}");
    codec(Version::V2)
        .decode_any(text.replace(from, to).as_bytes())
        .unwrap_err()
}

fn assert_error(e: &AdapterError, kind: AdapterErrorKind, path: &str, says: &str) {
    assert_eq!(e.kind(), kind, "{e}");
    assert_eq!(e.location(), Some(&Location::JsonPath(path.into())), "{e}");
    assert!(e.message().contains(says), "{e}");
}

#[test]
fn blank_required_text_is_refused_where_it_is() {
    let e = decode_changed(
        "withdrawal",
        "Người yêu cầu không còn cần Phiếu lý lịch tư pháp",
        "  ",
    );
    assert_error(
        &e,
        AdapterErrorKind::InvalidPayload,
        "$.payload.reason",
        "blank text",
    );
}

/// A NUL character (`\u0000`) in a string is refused where it is, the text around it never quoted: no store
/// or XML document holds one.
#[test]
fn a_nul_character_is_refused_where_it_is() {
    let e = decode_changed(
        "application",
        "Trần Thị Bích Ngọc",
        r"Trần Thị Bích Ngọc\u0000",
    );
    assert_error(
        &e,
        AdapterErrorKind::InvalidPayload,
        "$.payload.applicant.fullName",
        "NUL",
    );
    assert!(!format!("{e} {e:?}").contains("Ngọc"), "{e:?}");
}

#[test]
fn an_extension_needs_its_new_date_and_no_other_step_has_one() {
    let e = decode_changed(
        "processing-extended",
        r#",
    "newAppointmentDate": "2025-02-26""#,
        "",
    );
    let at = "$.payload.newAppointmentDate";
    assert_error(
        &e,
        AdapterErrorKind::InvalidPayload,
        at,
        "an extension sets a new date",
    );
    let e = decode_changed(
        "processing-extended",
        r#""step": "extended""#,
        r#""step": "started""#,
    );
    assert_error(
        &e,
        AdapterErrorKind::InvalidPayload,
        at,
        "only the step `extended`",
    );
}

#[test]
fn a_bad_citizen_id_is_located_and_not_quoted() {
    let e = decode_changed("application", "001190012345", "001190012x45");
    assert_error(
        &e,
        AdapterErrorKind::InvalidPayload,
        "$.payload.applicant.citizenId",
        "",
    );
    assert!(!format!("{e} {e:?}").contains("001190012"), "{e}");
}

#[test]
fn an_unknown_message_type_and_a_receipt_for_a_notice_are_invalid() {
    let e = decode_changed("accepted", r#""accepted""#, r#""approved""#);
    assert_error(
        &e,
        AdapterErrorKind::InvalidPayload,
        "$.messageType",
        "unknown variant",
    );
    let receipt = std::fs::read(format!(
        "{}/samples/v1/receipt.json",
        env!("CARGO_MANIFEST_DIR")
    ));
    let e = codec(Version::V1).decode(&receipt.unwrap()).unwrap_err();
    assert_error(
        &e,
        AdapterErrorKind::InvalidPayload,
        "$",
        "expected a notice",
    );
}

#[test]
fn version_1_neither_reads_nor_writes_a_withdrawal() {
    let e = decode_changed("withdrawal", r#""version": 2"#, r#""version": 1"#);
    assert_error(
        &e,
        AdapterErrorKind::UnsupportedVersion,
        "$.version",
        "no Withdrawal",
    );
    let path = format!("{}/samples/v2/withdrawal.json", env!("CARGO_MANIFEST_DIR"));
    let withdrawal = codec(Version::V2)
        .decode_outbound(&std::fs::read(path).unwrap())
        .unwrap();
    let e = codec(Version::V1).encode(&withdrawal).unwrap_err();
    assert_eq!(e.kind(), AdapterErrorKind::Unsupported, "{e}");
}
