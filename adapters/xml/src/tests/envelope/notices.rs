//! The notices every format reads and writes alike: the handover to the post, acceptance, supplement request
//! and refusal.

use super::*;

#[test]
fn the_handover_is_written_with_the_seal_only_where_the_version_has_one() {
    let notice = hoso_core::adapter::Notice::ResultHandedToPost {
        tracking: "EB123456785VN".parse().unwrap(),
        items: 2,
        handed_at: "2026-01-05T01:00:00Z".parse().unwrap(),
        postal_worker: None,
        seal: Some("NP-1".into()),
    };
    let mut names = HANDOVER;
    for (seal, expected) in [(Some("MaNiemPhong"), true), (None, false)] {
        names.seal = seal;
        let mut w = XmlWriter::new();
        ENVELOPE.write_handover(&mut w, &names, &notice);
        let xml = String::from_utf8(w.finish().unwrap()).unwrap();
        assert!(xml.contains("<MaBuuGui>EB123456785VN</MaBuuGui>"), "{xml}");
        assert!(
            xml.contains("<SoLuong>2</SoLuong>")
                && xml.contains("<ThoiDiem>05/01/2026 08:00:00</ThoiDiem>"),
            "{xml}"
        );
        assert!(!xml.contains("NhanVien"), "{xml}");
        assert_eq!(
            xml.contains("<MaNiemPhong>NP-1</MaNiemPhong>"),
            expected,
            "{xml}"
        );
    }
}

const HANDOVER: crate::HandoverNames = crate::HandoverNames {
    tracking: "MaBuuGui",
    items: "SoLuong",
    handed_at: "ThoiDiem",
    postal_worker: "NhanVien",
    seal: Some("MaNiemPhong"),
};

fn read_handover(body: &str) -> XmlResult<hoso_core::adapter::Notice> {
    let agency = agency();
    let input = good(body);
    let (mut m, root, _head) = ENVELOPE.open(input.as_bytes(), Limits::default(), &agency)?;
    let mut fields = crate::HandoverFields::default();
    while let Some(el) = m.next_child()? {
        m.handover_field(&el, &HANDOVER, &mut fields)?;
    }
    let notice = fields.into_notice(&m, &root, &HANDOVER)?;
    m.finish()?;
    Ok(notice)
}

#[test]
fn the_handover_is_read_as_it_is_written_and_each_required_field_is_named_when_missing() {
    let notice = hoso_core::adapter::Notice::ResultHandedToPost {
        tracking: "EB123456785VN".parse().unwrap(),
        items: 2,
        handed_at: "2026-01-05T01:00:00Z".parse().unwrap(),
        postal_worker: Some("BC-1".into()),
        seal: Some("NP-1".into()),
    };
    let mut w = XmlWriter::new();
    ENVELOPE.write_handover(&mut w, &HANDOVER, &notice);
    let written = String::from_utf8(w.finish().unwrap()).unwrap();
    // The fields alone, without the writer's XML declaration.
    let body = &written[written.find("<MaBuuGui").unwrap()..];
    assert_eq!(read_handover(body).unwrap(), notice);
    let e =
        read_handover("<SoLuong>2</SoLuong><ThoiDiem>05/01/2026 08:00:00</ThoiDiem>").unwrap_err();
    assert!(e.message().contains("MaBuuGui"), "{e}");
    let e =
        read_handover("<MaBuuGui>EB123456785VN</MaBuuGui><ThoiDiem>05/01/2026 08:00:00</ThoiDiem>")
            .unwrap_err();
    assert!(e.message().contains("SoLuong"), "{e}");
    let e = read_handover("<MaBuuGui>EB123456785VN</MaBuuGui><MaBuuGui>EB123456785VN</MaBuuGui>")
        .unwrap_err();
    assert!(e.message().contains("appears twice"), "{e}");
    let e = read_handover("<Khac>x</Khac>").unwrap_err();
    assert!(e.message().contains("unexpected element Khac"), "{e}");
    assert!(HANDOVER.has("MaNiemPhong") && !HANDOVER.has("Khac"));
}

const NOTICE: crate::NoticeNames = crate::NoticeNames {
    appointment: "NgayHen",
    received_at: Some("ThoiDiemTiepNhan"),
    reason: "LyDo",
    reason_code: Some("ma"),
    legal_basis: None,
    missing_documents: "DanhSach",
    missing_item: "GiayTo",
    supplement_due: Some("HanBoSung"),
    processing: crate::ProcessingNames {
        status: "MaTrangThai",
        started: "DANG_XU_LY",
        extended: "HEN_LAI",
        stopped: "DUNG_XU_LY",
        new_appointment: "NgayHenTraMoi",
        note: "NoiDung",
    },
    handover: HANDOVER,
};

#[test]
fn the_common_notices_require_their_fields_and_name_the_missing_one_at_the_root() {
    use crate::NoticeFields;
    use hoso_core::adapter::Notice;
    let agency = agency();
    let input = good("<A/>");
    let (m, root, _head) = ENVELOPE
        .open(input.as_bytes(), Limits::default(), &agency)
        .unwrap();
    let e = NoticeFields::default()
        .accepted(&m, &root, &NOTICE)
        .unwrap_err();
    assert!(e.message().contains("NgayHen"), "{e}");
    assert_eq!(at(&e), (2, 1));
    let reason_only = || NoticeFields {
        reason: Some("Thiếu giấy tờ".into()),
        ..NoticeFields::default()
    };
    let e = reason_only()
        .supplement_requested(&m, &root, &NOTICE)
        .unwrap_err();
    assert!(e.message().contains("DanhSach"), "{e}");
    let asked = NoticeFields {
        missing: Some(vec![]),
        ..reason_only()
    }
    .supplement_requested(&m, &root, &NOTICE)
    .unwrap();
    assert!(matches!(asked, Notice::SupplementRequested { missing, .. } if missing.is_empty()));
    let e = NoticeFields::default()
        .refused(&m, &root, &NOTICE)
        .unwrap_err();
    assert!(e.message().contains("LyDo"), "{e}");
    assert!(matches!(
        reason_only().refused(&m, &root, &NOTICE).unwrap(),
        Notice::Refused {
            reason_code: None,
            ..
        }
    ));
}

#[test]
fn the_common_notices_are_written_with_only_the_fields_the_version_has() {
    use hoso_core::adapter::Notice;
    let write = |names: &crate::NoticeNames, notice: &Notice| {
        let mut w = XmlWriter::new();
        let written = ENVELOPE.write_common_notice(&mut w, names, notice).unwrap();
        (written, String::from_utf8(w.finish().unwrap()).unwrap())
    };
    let refusal = Notice::Refused {
        reason: "Không đủ điều kiện".into(),
        reason_code: Some("R01".into()),
        legal_basis: Some("Điều 5".into()),
    };
    let (written, xml) = write(&NOTICE, &refusal);
    assert!(written);
    assert!(
        xml.contains(r#"<LyDo ma="R01">Không đủ điều kiện</LyDo>"#),
        "{xml}"
    );
    assert!(
        !xml.contains("Điều 5"),
        "no legal basis in this version: {xml}"
    );
    let without_code = crate::NoticeNames {
        reason_code: None,
        ..NOTICE
    };
    assert!(
        write(&without_code, &refusal)
            .1
            .contains("<LyDo>Không đủ điều kiện</LyDo>")
    );
    let request = Notice::SupplementRequested {
        reason: "Thiếu".into(),
        missing: vec!["Ảnh 3x4".into(), "Tờ khai".into()],
        due: Some(jiff::civil::date(2026, 1, 9)),
    };
    let (_, xml) = write(&NOTICE, &request);
    assert!(
        xml.contains("<GiayTo>Ảnh 3x4</GiayTo>") && xml.contains("<GiayTo>Tờ khai</GiayTo>"),
        "{xml}"
    );
    assert!(xml.contains("<HanBoSung>2026-01-09</HanBoSung>"), "{xml}");
    let empty = Notice::SupplementRequested {
        reason: "Thiếu".into(),
        missing: vec![],
        due: None,
    };
    assert!(write(&NOTICE, &empty).1.contains("<DanhSach/>"));
    let other = Notice::ResultReady {
        document: hoso_core::adapter::IssuedDocument {
            title: "Giấy phép".into(),
            number: "1".into(),
            serial: None,
            categories: vec![],
            issued_on: jiff::civil::date(2026, 1, 9),
            valid_until: None,
        },
    };
    let (written, xml) = write(&NOTICE, &other);
    assert!(!written);
    assert!(
        !xml.contains('<') || xml.trim_end().ends_with("?>"),
        "nothing but the declaration: {xml}"
    );
}

fn read_processing(body: &str) -> XmlResult<hoso_core::adapter::Notice> {
    let agency = agency();
    let input = good(body);
    let (mut m, root, _head) = ENVELOPE.open(input.as_bytes(), Limits::default(), &agency)?;
    let mut fields = crate::NoticeFields::default();
    while let Some(el) = m.next_child()? {
        m.processing_field(&el, &NOTICE.processing, &mut fields)?;
    }
    let notice = fields.processing(&m, &root, &NOTICE)?;
    m.finish()?;
    Ok(notice)
}

#[test]
fn a_processing_update_reads_as_written_and_its_new_appointment_goes_with_the_extension_only() {
    use hoso_core::adapter::{Notice, ProcessingUpdate};
    let extended = Notice::Processing {
        update: ProcessingUpdate::Extended {
            new_appointment: jiff::civil::date(2026, 2, 2),
        },
        note: Some("Xin lỗi".into()),
    };
    let mut w = XmlWriter::new();
    assert!(
        ENVELOPE
            .write_common_notice(&mut w, &NOTICE, &extended)
            .unwrap()
    );
    let written = String::from_utf8(w.finish().unwrap()).unwrap();
    let body = &written[written.find("<MaTrangThai").unwrap()..];
    assert!(
        body.contains("<MaTrangThai>HEN_LAI</MaTrangThai>"),
        "{body}"
    );
    assert_eq!(read_processing(body).unwrap(), extended);
    let e = read_processing("<MaTrangThai>HEN_LAI</MaTrangThai>").unwrap_err();
    assert!(
        e.message().contains("status HEN_LAI needs NgayHenTraMoi"),
        "{e}"
    );
    assert_eq!(at(&e), (3, 1), "at the status element");
    let e = read_processing(
        "<MaTrangThai>DANG_XU_LY</MaTrangThai><NgayHenTraMoi>2026-02-02</NgayHenTraMoi>",
    )
    .unwrap_err();
    assert!(
        e.message().contains("given only with status HEN_LAI"),
        "{e}"
    );
    let e = read_processing("<NoiDung>x</NoiDung>").unwrap_err();
    assert!(e.message().contains("MaTrangThai"), "{e}");
    let e = read_processing("<MaTrangThai>KHAC</MaTrangThai>").unwrap_err();
    assert!(e.message().contains("is not one of"), "{e}");
    assert!(matches!(
        read_processing("<MaTrangThai>DUNG_XU_LY</MaTrangThai>").unwrap(),
        Notice::Processing {
            update: ProcessingUpdate::Stopped,
            note: None
        }
    ));
}
