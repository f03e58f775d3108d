//! The mapping from a dossier to the portal's messages, table by table.

mod common;

use std::sync::Arc;

use common::{after, codec, life};
use hoso_core::adapter::AdapterErrorKind;
use hoso_core::event::{Actor, ActorRole, Event, EventId, EventKind};
use hoso_core::{Applicant, Channel, Dossier, PostalForm};
use hoso_dvcqg::{DvcqgCodec, PortalProfile, StatusCodes, portal_time};

fn is_portal_time(s: &str) -> bool {
    s.len() == 14 && s.chars().all(|c| c.is_ascii_digit())
}

/// A dossier opened with `header`.
fn opened(header: hoso_core::DossierHeader) -> Dossier {
    Dossier::open(Event::new(
        EventId::from_u128(1),
        hoso_core::demo::at(0),
        Actor::new(ActorRole::PostalWorker, "BC-1"),
        EventKind::Opened {
            header: Arc::new(header),
        },
    ))
    .unwrap()
}

#[test]
fn the_status_is_the_dossiers_portal_status_at_every_point_of_its_life() {
    for n in 1..=life(1).len() {
        let d = after(1, n);
        let m = codec().dossier_message(&d, None, &[]).unwrap();
        assert_eq!(
            m.trang_thai_ho_so,
            d.portal_status().to_string(),
            "after {n} events"
        );
    }
}

#[test]
fn a_provinces_status_table_rewrites_the_codes() {
    let thanh_hoa = StatusCodes::default().with(5, 9).with(6, 9).with(8, 9);
    let codec = DvcqgCodec::new(
        common::portal_code(),
        common::profile().with_statuses(thanh_hoa),
    );
    // After the supplement request (7 events) the dossier is at status 5.
    let d = after(1, 7);
    assert_eq!(d.portal_status(), 5);
    assert_eq!(
        codec
            .dossier_message(&d, None, &[])
            .unwrap()
            .trang_thai_ho_so,
        "9"
    );
    let steps: Vec<String> = codec
        .progress_messages(&d)
        .into_iter()
        .map(|s| s.trang_thai)
        .collect();
    assert_eq!(steps, ["1", "2", "4", "9"]);
}

#[test]
fn channel_and_result_form_follow_the_tables() {
    for (form, channel, hinh_thuc) in [
        (PostalForm::Both, "3", "1"),
        (PostalForm::SendDossier, "3", "0"),
        (PostalForm::ReceiveResult, "1", "1"),
    ] {
        let d = Dossier::open(hoso_core::demo::opened_with_form(1, form)).unwrap();
        let m = codec().dossier_message(&d, None, &[]).unwrap();
        assert_eq!(
            (m.kenh_thuc_hien.as_str(), m.hinh_thuc.as_str()),
            (channel, hinh_thuc),
            "{form:?}"
        );
    }
    for (c, code) in hoso_dvcqg::names::CHANNELS {
        assert_eq!(code, c.portal_code().to_string());
    }
    assert!(
        hoso_dvcqg::names::CHANNELS
            .iter()
            .any(|(c, _)| *c == Channel::Postal)
    );
}

#[test]
fn every_date_is_yyyymmddhhmmss_in_vietnam_time() {
    let events = life(1);
    let d = after(1, events.len());
    let m = codec().dossier_message(&d, None, &[]).unwrap();
    assert_eq!(m.ngay_nop_ho_so, portal_time(d.filed_at().unwrap()));
    let dates = [
        Some(&m.ngay_nop_ho_so),
        Some(&m.ngay_tiep_nhan),
        m.ngay_hen_tra.as_ref(),
        m.ngay_tra.as_ref(),
        m.ngay_ket_thuc_xu_ly.as_ref(),
    ];
    for date in dates {
        let date = date.expect("a returned dossier has every date");
        assert!(is_portal_time(date), "{date}");
    }
    for s in codec().progress_messages(&d) {
        assert!(is_portal_time(&s.thoi_diem_xu_ly) && is_portal_time(&s.ngay_bat_dau));
    }
    // 08:30 in Vietnam on 2 March 2026 is 01:30 UTC.
    assert_eq!(
        portal_time("2026-03-02T01:30:00Z".parse().unwrap()),
        "20260302083000"
    );
}

#[test]
fn the_id_number_goes_only_where_the_portal_requires_it_and_never_into_debug() {
    let d = after(1, life(1).len());
    let Applicant::Citizen { id, .. } = &d.header().applicant else {
        panic!("the sample applicant is a citizen");
    };
    let number = id.reveal().to_owned();
    let m = codec().dossier_message(&d, None, &[]).unwrap();
    let json = serde_json::to_string(&m).unwrap();
    assert_eq!(
        json.matches(&number).count(),
        2,
        "SoGiayToChuHoSo and DinhDanhCHS only"
    );
    assert_eq!(m.so_giay_to_chu_ho_so.reveal(), number);
    assert_eq!(m.dinh_danh_chs[0].so_dinh_danh.reveal(), number);
    assert_eq!(m.dinh_danh_chs[0].loai_dinh_danh, "1");
    assert!(!format!("{m:?}").contains(&number));
    let phone = "0912345678";
    assert!(json.contains(phone) && !format!("{m:?}").contains(phone));
    let steps = serde_json::to_string(&codec().progress_messages(&d)).unwrap();
    assert!(!steps.contains(&number));
}

#[test]
fn an_organisation_is_owner_kind_2_with_its_tax_code_and_no_identity() {
    let mut header = hoso_core::demo::header(1);
    header.applicant = Applicant::Organisation {
        name: "Công ty TNHH Vận tải Bến Thành".into(),
        tax_code: "0301234567".into(),
        representative: "Trần Thị Bình".into(),
        phone: None,
        address: hoso_core::contact::Address {
            line: "1 Nguyễn Huệ".into(),
            unit: None,
            postal_code: None,
        },
    };
    let m = codec().dossier_message(&opened(header), None, &[]).unwrap();
    assert_eq!(m.loai_doi_tuong, "2");
    assert_eq!(m.so_giay_to_chu_ho_so.reveal(), "0301234567");
    assert!(m.dinh_danh_chs.is_empty() && m.so_dien_thoai.is_none());
}

#[test]
fn fee_lines_papers_and_the_supplement_history_are_carried() {
    let d = after(1, life(1).len());
    let m = codec().dossier_message(&d, None, &[]).unwrap();
    let fees: Vec<(&str, &str)> = m
        .danh_sach_le_phi
        .iter()
        .map(|f| (f.gia.as_str(), f.loai_phi_le_phi.as_str()))
        .collect();
    assert_eq!(fees, [("135000", "1"), ("36000", "2")]);
    assert_eq!(m.tai_lieu_nop.len(), 2);
    assert_eq!(m.tai_lieu_nop[1].ten_tep_dinh_kem, "Giấy khám sức khỏe");
    let [s] = &m.danh_sach_ho_so_bo_sung[..] else {
        panic!("one supplement request: {:?}", m.danh_sach_ho_so_bo_sung);
    };
    assert_eq!(s.ho_so_bo_sung_id, 1);
    assert!(s.trang_thai_bo_sung && is_portal_time(&s.ngay_bo_sung));
    assert!(
        s.ngay_tiep_nhan_bo_sung
            .as_deref()
            .is_some_and(is_portal_time)
    );
    assert_eq!(s.ngay_hen_tra_truoc, m.ngay_hen_tra);
    // Before the papers arrive the request is open.
    let open = codec().dossier_message(&after(1, 7), None, &[]).unwrap();
    assert!(!open.danh_sach_ho_so_bo_sung[0].trang_thai_bo_sung);
}

#[test]
fn result_documents_and_the_filing_are_carried_when_known() {
    let d = after(1, life(1).len());
    let filing = hoso_core::store::AgencyFiling {
        agency: "000.00.15.H56".parse().unwrap(),
        reference: hoso_core::adapter::AgencyRef("BN-2026-77".into()),
    };
    let licence = hoso_core::adapter::IssuedDocument {
        title: "Giấy phép lái xe".into(),
        number: "790123456789".into(),
        serial: None,
        categories: vec!["B".into()],
        issued_on: jiff::civil::date(2026, 3, 6),
        valid_until: None,
    };
    let m = codec()
        .dossier_message(&d, Some(&filing), std::slice::from_ref(&licence))
        .unwrap();
    assert_eq!(m.so_bien_nhan.as_deref(), Some("BN-2026-77"));
    assert_eq!(m.don_vi_xu_ly, "000.00.15.H56");
    assert_eq!(
        m.danh_sach_giay_to_ket_qua[0].ten_giay_to,
        "Giấy phép lái xe"
    );
    assert!(!format!("{m:?}").contains("790123456789"));
    // Not filed yet: the receiving agency of the dossier code.
    assert_eq!(
        codec().dossier_message(&d, None, &[]).unwrap().don_vi_xu_ly,
        "000.00.01.H56"
    );
}

#[test]
fn the_steps_are_every_status_change_in_order() {
    let d = after(1, life(1).len());
    let steps = codec().progress_messages(&d);
    let statuses: Vec<&str> = steps.iter().map(|s| s.trang_thai.as_str()).collect();
    assert_eq!(statuses, ["1", "2", "4", "5", "4", "9", "10"]);
    assert!(
        steps
            .iter()
            .all(|s| s.nguoi_xu_ly.chars().count() <= hoso_dvcqg::MAX_HANDLER_CHARS)
    );
    assert!(
        steps
            .iter()
            .all(|s| !s.noi_dung_xu_ly.is_empty() && !s.chuc_danh.is_empty())
    );
    assert!(
        steps
            .windows(2)
            .all(|w| w[0].thoi_diem_xu_ly <= w[1].thoi_diem_xu_ly)
    );
    assert!(
        steps
            .windows(2)
            .all(|w| w[1].ngay_bat_dau == w[0].thoi_diem_xu_ly)
    );
}

#[test]
fn a_procedure_the_profile_does_not_name_is_an_error() {
    let codec = DvcqgCodec::new(
        common::portal_code(),
        PortalProfile::new("000.00.01.H56".parse().unwrap()),
    );
    let e = codec.dossier_message(&after(1, 1), None, &[]).unwrap_err();
    assert_eq!(e.kind(), AdapterErrorKind::Unsupported);
    assert!(!e.is_retryable());
    assert!(e.message().contains("1.002820"), "{}", e.message());
}

#[test]
fn the_summary_is_cut_at_1000_characters() {
    let mut header = hoso_core::demo::header(1);
    if let Applicant::Citizen { name, .. } = &mut header.applicant {
        *name = "Nguyễn ".repeat(300);
    }
    let m = codec().dossier_message(&opened(header), None, &[]).unwrap();
    assert_eq!(
        m.trich_yeu_ho_so.unwrap().chars().count(),
        hoso_dvcqg::MAX_SUMMARY_CHARS
    );
}
