//! Field-level errors the kit cannot know: each is typed, located by its JSON path, and quotes no personal
//! data.

use hoso_core::adapter::AdapterErrorKind::{InvalidPayload, Unsupported, UnsupportedVersion};
use hoso_core::adapter::{AdapterError, AgencyCodec, AgencySide};
use hoso_judicial::{JudicialCodec, Version};
use hoso_testkit::{assert_json_error as assert_error, edited_sample_error};

fn codec(version: Version) -> JudicialCodec {
    JudicialCodec::new("000.00.12.H01".parse().unwrap(), version)
}

fn sample(relative: &str) -> Vec<u8> {
    std::fs::read(format!("{}/{relative}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The v2 sample `name` with `from` replaced by `to`, decoded.
fn decode_changed(name: &str, from: &str, to: &str) -> AdapterError {
    let path = format!("{}/samples/v2/{name}.json", env!("CARGO_MANIFEST_DIR"));
    edited_sample_error(&codec(Version::V2), path, from, to)
}

#[test]
fn blank_required_text_is_refused_where_it_is() {
    let reason = "Người yêu cầu không còn cần Phiếu lý lịch tư pháp";
    let e = decode_changed("withdrawal", reason, "  ");
    assert_error(&e, InvalidPayload, "$.payload.reason", "blank text");
}

/// A NUL character (`\u0000`) in a string is refused where it is, the text around it never quoted: no store
/// or XML document holds one.
#[test]
fn a_nul_character_is_refused_where_it_is() {
    let name = "Trần Thị Bích Ngọc";
    let e = decode_changed("application", name, &format!(r"{name}\u0000"));
    assert_error(&e, InvalidPayload, "$.payload.applicant.fullName", "NUL");
    assert!(!format!("{e} {e:?}").contains("Ngọc"), "{e:?}");
}

#[test]
fn an_extension_needs_its_new_date_and_no_other_step_has_one() {
    let (name, at) = ("processing-extended", "$.payload.newAppointmentDate");
    let date = r#",
    "newAppointmentDate": "2025-02-26""#;
    let e = decode_changed(name, date, "");
    assert_error(&e, InvalidPayload, at, "an extension sets a new date");
    let e = decode_changed(name, r#""step": "extended""#, r#""step": "started""#);
    assert_error(&e, InvalidPayload, at, "only the step `extended`");
}

#[test]
fn a_bad_citizen_id_is_located_and_not_quoted() {
    let e = decode_changed("application", "001190012345", "001190012x45");
    assert_error(&e, InvalidPayload, "$.payload.applicant.citizenId", "");
    assert!(!format!("{e} {e:?}").contains("001190012"), "{e}");
}

/// Found by the `schema_agreement` fuzz target: the schema's pattern (`^0[0-9]{9}$`) refuses a phone number
/// written with separators or `+84`, so the codec does too, where it is and without quoting it.
#[test]
fn a_phone_number_not_in_national_form_is_refused_as_the_schema_refuses_it() {
    for written in ["0912-345-678", "+84912345678", "0912 345 678"] {
        let e = decode_changed("application", "0912345678", written);
        assert_error(&e, InvalidPayload, "$.payload.applicant.phone", "");
        assert!(!format!("{e} {e:?}").contains("345"), "{e}");
    }
}

#[test]
fn an_unknown_message_type_and_a_receipt_for_a_notice_are_invalid() {
    let e = decode_changed("accepted", r#""accepted""#, r#""approved""#);
    assert_error(&e, InvalidPayload, "$.messageType", "unknown variant");
    let receipt = sample("samples/v1/receipt.json");
    let e = codec(Version::V1).decode(&receipt).unwrap_err();
    assert_error(&e, InvalidPayload, "$", "expected a notice");
}

#[test]
fn version_1_neither_reads_nor_writes_a_withdrawal() {
    let e = decode_changed("withdrawal", r#""version": 2"#, r#""version": 1"#);
    assert_error(&e, UnsupportedVersion, "$.version", "no Withdrawal");
    let withdrawal = sample("samples/v2/withdrawal.json");
    let withdrawal = codec(Version::V2).decode_outbound(&withdrawal).unwrap();
    let e = codec(Version::V1).encode(&withdrawal).unwrap_err();
    assert_eq!(e.kind(), Unsupported, "{e}");
}
