//! Bad input to the licensing codec: each is a typed error saying what and where, never a panic.

use hoso_core::adapter::{AdapterErrorKind, AgencyCodec, AgencySide, Location, Notice};
use hoso_licensing::{LicensingCodec, Version};

fn codec() -> LicensingCodec {
    LicensingCodec::new("000.00.15.H22".parse().unwrap(), Version::V2)
}

const ACCEPTANCE_V1: &str = include_str!("../samples/v1/tiep-nhan-ho-so.xml");
const SUBMISSION_V1: &str = include_str!("../samples/v1/nop-ho-so.xml");

fn error(input: &str) -> hoso_core::adapter::AdapterError {
    codec().decode_any(input.as_bytes()).expect_err("must fail")
}

fn line_column(err: &hoso_core::adapter::AdapterError) -> (u32, u32) {
    match err.location() {
        Some(Location::Line { line, column }) => (*line, *column),
        other => panic!("no line/column: {other:?}"),
    }
}

#[test]
fn a_doctype_is_refused_where_it_stands() {
    let input = ACCEPTANCE_V1.replacen(
        "\n<TiepNhanHoSo",
        "\n<!DOCTYPE x [<!ENTITY a \"b\">]>\n<TiepNhanHoSo",
        1,
    );
    let err = error(&input);
    assert_eq!(err.kind(), AdapterErrorKind::InvalidPayload);
    assert!(err.message().contains("DOCTYPE"), "{err}");
    assert_eq!(line_column(&err).0, 2);
}

#[test]
fn an_unknown_namespace_version_is_unsupported_version() {
    let err = error(&ACCEPTANCE_V1.replace("urn:hoso:gplx:v1", "urn:hoso:gplx:v3"));
    assert_eq!(err.kind(), AdapterErrorKind::UnsupportedVersion);
    assert!(err.message().contains("v3"), "{err}");
}

#[test]
fn a_version_attribute_that_contradicts_the_namespace_is_invalid() {
    let err = error(&ACCEPTANCE_V1.replace("phienBan=\"1\"", "phienBan=\"2\""));
    assert_eq!(err.kind(), AdapterErrorKind::InvalidPayload);
    let err = error(&ACCEPTANCE_V1.replace("phienBan=\"1\"", "phienBan=\"7\""));
    assert_eq!(err.kind(), AdapterErrorKind::UnsupportedVersion);
}

#[test]
fn a_missing_element_is_named() {
    let input: String = ACCEPTANCE_V1
        .lines()
        .filter(|l| !l.contains("NgayHenTra"))
        .collect::<Vec<_>>()
        .join("\n");
    let err = error(&input);
    assert_eq!(err.kind(), AdapterErrorKind::InvalidPayload);
    assert!(err.message().contains("NgayHenTra"), "{err}");
    assert_eq!(line_column(&err), (2, 1));
}

#[test]
fn a_bad_date_is_located_at_its_element() {
    let err = error(&ACCEPTANCE_V1.replace("23/01/2026", "2026-01-23"));
    assert!(err.message().contains("dd/MM/yyyy"), "{err}");
    assert_eq!(line_column(&err), (5, 3));
}

#[test]
fn an_unknown_element_is_refused() {
    let err = error(&ACCEPTANCE_V1.replace("<CanBo>", "<GhiChu>x</GhiChu>\n  <CanBo>"));
    assert!(err.message().contains("GhiChu"), "{err}");
}

#[test]
fn a_bad_citizen_id_is_refused_without_quoting_it() {
    let err = error(&SUBMISSION_V1.replace("001090012345", "00109001234X"));
    assert_eq!(err.kind(), AdapterErrorKind::InvalidPayload);
    assert!(err.message().contains("SoDinhDanh"), "{err}");
    assert!(
        !err.to_string().contains("00109001234"),
        "personal data in the error: {err}"
    );
}

#[test]
fn a_duplicated_field_is_refused() {
    let err =
        error(&ACCEPTANCE_V1.replace("<CanBo>", "<NgayHenTra>24/01/2026</NgayHenTra>\n  <CanBo>"));
    assert!(err.message().contains("twice"), "{err}");
}

#[test]
fn text_longer_than_the_limit_is_limit_exceeded() {
    let long = "a".repeat(5000);
    let err = error(&ACCEPTANCE_V1.replace("Tran Thi Binh", &long));
    assert_eq!(err.kind(), AdapterErrorKind::LimitExceeded);
}

#[test]
fn a_message_of_the_other_direction_is_refused_by_the_directed_decoders_at_its_root() {
    let err = codec()
        .decode(SUBMISSION_V1.as_bytes())
        .expect_err("a submission is not a notice");
    assert_eq!(err.kind(), AdapterErrorKind::InvalidPayload);
    assert!(err.message().contains("a message to the agency"), "{err}");
    assert_eq!(line_column(&err), (2, 1));
    let err = codec()
        .decode_outbound(ACCEPTANCE_V1.as_bytes())
        .expect_err("a notice is not a submission");
    assert_eq!(err.kind(), AdapterErrorKind::InvalidPayload);
    assert_eq!(line_column(&err), (2, 1));
    let err = codec()
        .decode_receipt(ACCEPTANCE_V1.as_bytes())
        .expect_err("a notice is not a receipt");
    assert!(err.message().contains("expected a receipt"), "{err}");
    assert_eq!(line_column(&err), (2, 1));
}

#[test]
fn a_whitespace_only_message_id_is_refused_at_the_root() {
    for blank in ["", "   ", "\t\n ", "&#x20;"] {
        let input = ACCEPTANCE_V1.replace(
            "maThongDiep=\"TN-731\"",
            &format!("maThongDiep=\"{blank}\""),
        );
        let err = error(&input);
        assert_eq!(err.kind(), AdapterErrorKind::InvalidPayload, "{blank:?}");
        assert!(err.message().contains("maThongDiep"), "{blank:?}: {err}");
        assert_eq!(line_column(&err), (2, 1), "{blank:?}");
    }
}

#[test]
fn a_character_reference_to_a_character_xml_forbids_is_refused_at_the_reference() {
    for reference in ["&#0;", "&#x1;", "&#xFFFE;", "&#xD800;"] {
        let err = error(&ACCEPTANCE_V1.replace("Tran Thi Binh", &format!("Tran{reference}")));
        assert_eq!(err.kind(), AdapterErrorKind::InvalidPayload, "{reference}");
        assert!(
            err.message().contains("character reference"),
            "{reference}: {err}"
        );
        assert_eq!(line_column(&err), (6, 14), "{reference}: {err}");
    }
}

#[test]
fn encoding_in_v1_what_v1_cannot_carry_is_unsupported_not_silently_lost() {
    let v2 = codec();
    let v1 = LicensingCodec::new("000.00.15.H22".parse().unwrap(), Version::V1);
    let refusal = v2
        .decode(include_bytes!("../samples/v2/tu-choi-ho-so.xml"))
        .unwrap();
    let err = v1
        .encode_notice(&refusal)
        .expect_err("v1 has no reason code");
    assert_eq!(err.kind(), AdapterErrorKind::Unsupported);
}

#[test]
fn a_v1_licence_class_that_is_empty_is_unsupported_not_silently_dropped() {
    // Found by the fuzz target `message_round_trip`: v1's classes are one space-separated attribute, so
    // the classes ["B", "", "A1"] were written as "B  A1" and read back as ["B", "A1"].
    let v1 = LicensingCodec::new("000.00.15.H22".parse().unwrap(), Version::V1);
    let mut result = v1
        .decode(include_bytes!("../samples/v1/ket-qua-san-sang.xml"))
        .unwrap();
    let Notice::ResultReady { document } = &mut result.notice else {
        panic!("the sample is a result: {result:?}");
    };
    assert!(!document.categories.is_empty());
    for bad in ["", "B 1"] {
        let mut with_bad = result.clone();
        if let Notice::ResultReady { document } = &mut with_bad.notice {
            document.categories.insert(1, bad.to_owned());
        }
        let err = v1
            .encode_notice(&with_bad)
            .expect_err("the class would be lost");
        assert_eq!(err.kind(), AdapterErrorKind::Unsupported, "{bad:?}: {err}");
        assert!(err.message().contains("licence class"), "{err}");
    }
    assert_eq!(
        v1.decode(&v1.encode_notice(&result).unwrap()).unwrap(),
        result
    );
    // v2 writes a class per element: an empty one is carried, or refused, never dropped.
    let v2 = LicensingCodec::new("000.00.15.H22".parse().unwrap(), Version::V2);
    let mut with_empty = result.clone();
    if let Notice::ResultReady { document } = &mut with_empty.notice {
        document.categories.insert(1, String::new());
    }
    if let Ok(bytes) = v2.encode_notice(&with_empty) {
        assert_eq!(v2.decode(&bytes).unwrap(), with_empty);
    }
}

#[test]
fn a_v1_message_cannot_name_another_agency_than_the_codecs() {
    // v1 has no agency field: a notice of another agency written in v1 would read back as the codec's own.
    let v1 = LicensingCodec::new("000.00.15.H22".parse().unwrap(), Version::V1);
    let mut notice = v1.decode(ACCEPTANCE_V1.as_bytes()).unwrap();
    assert_eq!(
        v1.decode(&v1.encode_notice(&notice).unwrap()).unwrap(),
        notice
    );
    notice.agency = "000.00.16.H22".parse().unwrap();
    let err = v1
        .encode_notice(&notice)
        .expect_err("the other agency would be lost");
    assert_eq!(err.kind(), AdapterErrorKind::Unsupported);
    assert!(err.message().contains("000.00.16.H22"), "{err}");
    let v2 = LicensingCodec::new("000.00.15.H22".parse().unwrap(), Version::V2);
    assert_eq!(
        v2.decode(&v2.encode_notice(&notice).unwrap()).unwrap(),
        notice
    );
}

#[test]
fn escaped_text_and_character_references_are_read() {
    let input = ACCEPTANCE_V1.replace("Tran Thi Binh", "Tr&#7847;n &amp; B&#xEC;nh");
    let message = codec().decode(input.as_bytes()).unwrap();
    assert_eq!(message.officer.as_deref(), Some("Trần & Bình"));
}

#[test]
fn a_prefixed_namespace_reads_like_the_default_one() {
    let prefixed = ACCEPTANCE_V1
        .replace("</", "\u{1}")
        .replace('<', "<g:")
        .replace("<g:?xml", "<?xml")
        .replace('\u{1}', "</g:")
        .replace("xmlns=", "xmlns:g=");
    let plain = codec().decode(ACCEPTANCE_V1.as_bytes()).unwrap();
    assert_eq!(
        codec().decode(prefixed.as_bytes()).unwrap(),
        plain,
        "{prefixed}"
    );
}

#[test]
fn an_element_moved_to_another_namespace_is_refused() {
    let err = error(&ACCEPTANCE_V1.replace("<CanBo>", "<CanBo xmlns=\"urn:example:other\">"));
    assert_eq!(err.kind(), AdapterErrorKind::InvalidPayload);
    assert!(err.message().contains("urn:example:other"), "{err}");
    let err = error(
        &ACCEPTANCE_V1
            .replace("<CanBo>", "<x:CanBo xmlns:x=\"urn:hoso:gplx:v1\">")
            .replace("</CanBo>", "</x:CanBo>"),
    );
    assert!(err.message().contains("x:CanBo"), "{err}");
}

#[test]
fn bytes_that_are_not_utf8_are_located() {
    let mut input = ACCEPTANCE_V1.as_bytes().to_vec();
    let at = ACCEPTANCE_V1.find("Tran").unwrap();
    input[at] = 0xFF;
    let err = codec().decode_any(&input).expect_err("not UTF-8");
    assert_eq!(err.kind(), AdapterErrorKind::InvalidPayload);
    assert_eq!(line_column(&err).0, 6, "{err}");
}

const RESULT_V1: &str = include_str!("../samples/v1/ket-qua-san-sang.xml");

/// Found by the `licensing_v2` fuzz target (30 minutes, 12 million executions): a v1 licence with more
/// classes in its `hang` list than v2 may carry as elements decoded, and its v2 encoding did not.
#[test]
fn a_v1_licence_with_more_classes_than_the_list_limit_is_refused_at_its_element() {
    let limit = hoso_xml::Limits::default().max_list_items;
    let classes = vec!["B"; limit + 1].join(" ");
    let err = error(&RESULT_V1.replace("hang=\"B A1\"", &format!("hang=\"{classes}\"")));
    assert_eq!(err.kind(), AdapterErrorKind::LimitExceeded, "{err}");
    assert!(
        err.message()
            .contains(&format!("more than {limit} classes")),
        "{err}"
    );
    assert_eq!(line_column(&err), (5, 3));
    let at_limit = vec!["B"; limit].join(" ");
    codec()
        .decode_any(
            RESULT_V1
                .replace("hang=\"B A1\"", &format!("hang=\"{at_limit}\""))
                .as_bytes(),
        )
        .expect("as many classes as the limit");
}

/// `gplx-v1.xsd`: `hang` is a list of at least one token; a blank one is refused as empty.
#[test]
fn a_v1_licence_naming_no_class_is_refused_at_its_element() {
    for (blank, says) in [
        ("", "attribute hang of GiayPhep is empty"),
        (" ", "attribute hang of GiayPhep is empty"),
        ("\t \n", "attribute hang of GiayPhep is empty"),
    ] {
        let err = error(&RESULT_V1.replace("hang=\"B A1\"", &format!("hang=\"{blank}\"")));
        assert_eq!(err.kind(), AdapterErrorKind::InvalidPayload, "{blank:?}");
        assert!(err.message().contains(says), "{blank:?}: {err}");
        assert_eq!(line_column(&err), (5, 3), "{blank:?}");
    }
}

#[test]
fn a_text_past_the_decoders_limit_is_refused_when_encoding_not_written_to_be_refused() {
    // Found by the fuzz target `message_round_trip`: a signer's name of 4,175 bytes (14,114 once its quotes
    // were escaped) was written, then refused by the decoder as past its 4,096 bytes of text.
    let codec = LicensingCodec::new("000.00.15.H22".parse().unwrap(), Version::V2);
    let rejection = codec
        .decode(include_bytes!("../samples/v2/tu-choi-ho-so.xml"))
        .unwrap();
    let limit = hoso_licensing::Limits::default().max_text_bytes;
    let mut at_limit = rejection.clone();
    at_limit.officer = Some("\"".repeat(limit));
    let bytes = codec.encode_notice(&at_limit).expect("at the limit");
    assert_eq!(codec.decode(&bytes).unwrap(), at_limit);
    let mut past = rejection;
    past.officer = Some(format!("Trần Thị Bình {}", "\"".repeat(limit)));
    let err = codec.encode_notice(&past).expect_err("past the limit");
    assert_eq!(err.kind(), AdapterErrorKind::LimitExceeded, "{err}");
    assert!(err.message().contains("<NguoiKy>"), "{err}");
    assert!(!err.message().contains("Bình"), "no value quoted: {err}");
}
