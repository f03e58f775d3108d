//! Bad input to the land registry codec: each is a typed error saying what and where, never a panic.

use hoso_core::adapter::{AdapterError, AdapterErrorKind, Location};
use hoso_land::{LandCodec, Version};

fn codec() -> LandCodec {
    LandCodec::new("000.00.26.H26".parse().unwrap(), Version::V2)
}

const SUBMISSION_V1: &str = include_str!("../samples/v1/nop-ho-so.xml");
const SUBMISSION_V2: &str = include_str!("../samples/v2/nop-ho-so.xml");
const OBLIGATION_V2: &str = include_str!("../samples/v2/thong-bao-nghia-vu-tai-chinh.xml");
const PROCESSING_V1: &str = include_str!("../samples/v1/cap-nhat-tien-do.xml");

fn error(input: &str) -> AdapterError {
    codec()
        .decode_message(input.as_bytes())
        .expect_err("must fail")
}

fn line_column(err: &AdapterError) -> (u32, u32) {
    match err.location() {
        Some(Location::Line { line, column }) => (*line, *column),
        other => panic!("no line/column: {other:?}"),
    }
}

/// The 1-based line of the first occurrence of `needle` in `text`.
fn line_of(text: &str, needle: &str) -> u32 {
    let at = text.find(needle).unwrap();
    (text[..at].matches('\n').count() + 1) as u32
}

#[test]
fn an_area_with_three_decimals_is_refused_at_its_element_not_rounded() {
    let input = SUBMISSION_V2.replace("<DienTich>152.5</DienTich>", "<DienTich>152.505</DienTich>");
    let err = error(&input);
    assert_eq!(err.kind(), AdapterErrorKind::InvalidPayload);
    assert!(
        err.message().contains("DienTich") && err.message().contains("152.505"),
        "{err}"
    );
    assert!(err.message().contains("rounded"), "{err}");
    assert_eq!(line_column(&err), (line_of(&input, "<DienTich>152.505"), 7));
}

#[test]
fn an_area_with_a_comma_or_an_exponent_is_not_a_decimal() {
    for bad in ["152,5", "1.5e2", "-152.5", "152.5 m2"] {
        let input = SUBMISSION_V1.replace(
            "<DienTich>152.5</DienTich>",
            &format!("<DienTich>{bad}</DienTich>"),
        );
        let err = error(&input);
        assert_eq!(err.kind(), AdapterErrorKind::InvalidPayload, "{bad}");
        assert!(err.message().contains("DienTich"), "{bad}: {err}");
    }
}

#[test]
fn a_total_that_is_not_the_sum_of_the_lines_is_refused_at_the_total() {
    let input = OBLIGATION_V2.replace(
        "<TongSoTien>50925000</TongSoTien>",
        "<TongSoTien>50000000</TongSoTien>",
    );
    let err = error(&input);
    assert!(
        err.message().contains("TongSoTien") && err.message().contains("50925000"),
        "{err}"
    );
    assert_eq!(line_column(&err).0, line_of(&input, "<TongSoTien>"));
}

#[test]
fn money_is_whole_dong_without_sign_separator_or_decimals() {
    for bad in [
        "2425000.50",
        "2.425.000",
        "-2425000",
        "+2425000",
        "99999999999999999999",
    ] {
        let input = OBLIGATION_V2.replace(
            "<SoTien>2425000</SoTien>",
            &format!("<SoTien>{bad}</SoTien>"),
        );
        let err = error(&input);
        assert_eq!(err.kind(), AdapterErrorKind::InvalidPayload, "{bad}");
        assert!(err.message().contains("SoTien"), "{bad}: {err}");
    }
}

#[test]
fn units_of_2025_with_a_district_are_refused() {
    let input = SUBMISSION_V2.replace(
        "<MaTinh>01</MaTinh>\n    <MaXa>",
        "<MaTinh>01</MaTinh>\n    <MaHuyen>019</MaHuyen>\n    <MaXa>",
    );
    let err = error(&input);
    assert!(err.message().contains("no district"), "{err}");
    assert_eq!(line_column(&err).0, line_of(&input, "<DonViHanhChinh"));
}

#[test]
fn pre_2025_units_map_to_the_old_generation_and_need_their_district() {
    let input = SUBMISSION_V2.replace("heMa=\"2025\"", "heMa=\"2004\"");
    let err = error(&input);
    assert!(err.message().contains("MaHuyen"), "{err}");
    // An unknown pre-2025 province (03 was not a province code before the reform).
    let err = error(&SUBMISSION_V1.replace("<MaTinh>01</MaTinh>", "<MaTinh>03</MaTinh>"));
    assert_eq!(err.kind(), AdapterErrorKind::InvalidPayload);
    assert!(err.message().contains("pre2025"), "{err}");
}

#[test]
fn a_code_set_other_than_2004_or_2025_is_refused() {
    let err = error(&SUBMISSION_V2.replace("heMa=\"2025\"", "heMa=\"2019\""));
    assert!(
        err.message().contains("heMa") && err.message().contains("2019"),
        "{err}"
    );
}

#[test]
fn a_land_use_code_must_be_three_capitals() {
    let err = error(&SUBMISSION_V2.replace("<MaMucDichSuDung>ODT<", "<MaMucDichSuDung>odt<"));
    assert!(err.message().contains("MaMucDichSuDung"), "{err}");
}

#[test]
fn a_v2_field_in_a_v1_message_is_an_unknown_element() {
    let err = error(&SUBMISSION_V1.replace(
        "<MucDichSuDung>ODT</MucDichSuDung>",
        "<MaMucDichSuDung>ODT</MaMucDichSuDung>",
    ));
    assert!(
        err.message().contains("MaMucDichSuDung") && err.message().contains("v1"),
        "{err}"
    );
}

#[test]
fn a_field_of_another_message_is_refused() {
    let err = error(&OBLIGATION_V2.replace("<HanNop>", "<LePhi>1</LePhi>\n  <HanNop>"));
    assert!(err.message().contains("LePhi"), "{err}");
}

#[test]
fn an_extension_needs_its_new_date_and_only_an_extension_has_one() {
    let err = error(&PROCESSING_V1.replace("DANG_XU_LY", "HEN_LAI"));
    assert!(err.message().contains("NgayHenTraMoi"), "{err}");
    let err = error(&PROCESSING_V1.replace(
        "<NoiDung>",
        "<NgayHenTraMoi>2026-03-01</NgayHenTraMoi>\n  <NoiDung>",
    ));
    assert!(err.message().contains("HEN_LAI"), "{err}");
}

#[test]
fn a_date_time_must_carry_vietnams_offset() {
    let err = error(&SUBMISSION_V2.replace("2026-02-02T08:15:00+07:00", "2026-02-02T01:15:00Z"));
    assert!(err.message().contains("thoiGianGui"), "{err}");
}

#[test]
fn personal_data_stays_out_of_error_messages() {
    let err = error(&SUBMISSION_V2.replace("<SoGiayTo>001085004321<", "<SoGiayTo>00108500432X<"));
    assert!(err.message().contains("SoGiayTo"), "{err}");
    assert!(!err.to_string().contains("00108500432"), "{err}");
    let err = error(&SUBMISSION_V2.replace("<SoDienThoai>0987654321<", "<SoDienThoai>098765432<"));
    assert!(!err.to_string().contains("098765432"), "{err}");
}

#[test]
fn a_billion_laughs_is_refused_before_any_expansion() {
    let input = OBLIGATION_V2.replacen(
        "\n<ThongBaoNghiaVuTaiChinh",
        "\n<!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>\n<ThongBaoNghiaVuTaiChinh",
        1,
    );
    let err = error(&input.replace("Tiền sử dụng đất", "&b;"));
    assert_eq!(err.kind(), AdapterErrorKind::InvalidPayload);
    assert!(err.message().contains("DOCTYPE"), "{err}");
    assert_eq!(line_column(&err).0, 2);
}

#[test]
fn a_wrong_namespace_and_an_unknown_version_are_told_apart() {
    let err = error(&SUBMISSION_V2.replace("urn:hoso:dangkydatdai:v2", "urn:hoso:gplx:v2"));
    assert_eq!(err.kind(), AdapterErrorKind::InvalidPayload);
    assert!(err.message().contains("land registry"), "{err}");
    let err = error(&SUBMISSION_V2.replace("urn:hoso:dangkydatdai:v2", "urn:hoso:dangkydatdai:v3"));
    assert_eq!(err.kind(), AdapterErrorKind::UnsupportedVersion);
    let err = error(&SUBMISSION_V2.replace("phienBan=\"2\"", "phienBan=\"1\""));
    assert_eq!(err.kind(), AdapterErrorKind::InvalidPayload);
}

#[test]
fn a_list_longer_than_the_limit_is_refused() {
    let parcel = "    <ThuaDat>\n      <SoThuTuThua>1</SoThuTuThua>\n      <SoHieuBanDo>1</SoHieuBanDo>\n      <DienTich>1</DienTich>\n      <MaMucDichSuDung>ONT</MaMucDichSuDung>\n    </ThuaDat>\n";
    let input = SUBMISSION_V2.replace(
        "<DanhSachThuaDat>\n",
        &format!("<DanhSachThuaDat>\n{}", parcel.repeat(300)),
    );
    let err = error(&input);
    assert_eq!(err.kind(), AdapterErrorKind::LimitExceeded);
    assert!(err.message().contains("parcels"), "{err}");
}

/// A value XML 1.0 cannot carry is bad input (`InvalidPayload`), not a message the format lacks a form for.
#[test]
fn a_control_character_is_refused_when_encoding_not_written_as_invalid_xml() {
    use hoso_core::AgencyCode;
    use hoso_core::adapter::{AgencyCodec, OutboundMessage, Withdrawal};
    let agency: AgencyCode = "000.00.15.H56".parse().unwrap();
    let codec = LandCodec::new(agency, Version::V2);
    let withdrawal = OutboundMessage::Withdrawal(Withdrawal {
        message_id: "RUT-1".into(),
        sent_at: "2026-02-02T02:00:00Z".parse().unwrap(),
        dossier: "000.00.15.H56-260202-0001".parse().unwrap(),
        reference: None,
        reason: "rút hồ sơ\u{1}".into(),
    });
    let err = codec.encode(&withdrawal).unwrap_err();
    assert_eq!(err.kind(), AdapterErrorKind::InvalidPayload, "{err}");
}

#[test]
fn a_whitespace_only_message_id_is_refused_at_the_root() {
    for blank in ["", "   ", "\t\n ", "&#x20;"] {
        let start = PROCESSING_V1.find("maThongDiep=\"").unwrap() + "maThongDiep=\"".len();
        let end = start + PROCESSING_V1[start..].find('"').unwrap();
        let input = format!(
            "{}{blank}{}",
            &PROCESSING_V1[..start],
            &PROCESSING_V1[end..]
        );
        let err = error(&input);
        assert_eq!(err.kind(), AdapterErrorKind::InvalidPayload, "{blank:?}");
        assert!(err.message().contains("maThongDiep"), "{blank:?}: {err}");
        assert_eq!(line_column(&err), (2, 1), "{blank:?}");
    }
}

#[test]
fn a_message_of_the_other_direction_is_refused_at_its_root() {
    use hoso_core::adapter::AgencyCodec;
    let err = codec()
        .decode(SUBMISSION_V1.as_bytes())
        .expect_err("a submission is not a notice");
    assert_eq!(err.kind(), AdapterErrorKind::InvalidPayload);
    assert!(err.message().contains("a message to the agency"), "{err}");
    assert_eq!(line_column(&err), (2, 1));
    let err = codec()
        .decode_receipt(PROCESSING_V1.as_bytes())
        .expect_err("a notice is not a receipt");
    assert!(err.message().contains("expected a receipt"), "{err}");
    assert_eq!(line_column(&err), (2, 1));
}

#[test]
fn a_character_reference_to_a_character_xml_forbids_is_refused_at_the_reference() {
    for reference in ["&#0;", "&#x1;", "&#xFFFE;", "&#xD800;"] {
        let input = SUBMISSION_V1.replacen("</HoTen>", &format!("{reference}</HoTen>"), 1);
        let err = error(&input);
        assert_eq!(err.kind(), AdapterErrorKind::InvalidPayload, "{reference}");
        assert!(
            err.message().contains("character reference"),
            "{reference}: {err}"
        );
        assert_eq!(
            line_column(&err).0,
            line_of(&input, reference),
            "{reference}"
        );
    }
}
