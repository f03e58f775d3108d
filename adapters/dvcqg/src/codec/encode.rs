//! The mapping: a dossier's header and events as `HoSoDongBoDVC`, its steps as `QuaTrinhXuLy`. Every code
//! comes from the tables of `wire::names`.

use hoso_core::adapter::IssuedDocument;
use hoso_core::dossier::FeeLine;
use hoso_core::event::{Event, EventKind};
use hoso_core::service::portal::portal_steps;
use hoso_core::store::AgencyFiling;
use hoso_core::{Applicant, Dossier};
use jiff::Timestamp;
use jiff::civil::Date;

use super::{PortalProfile, ProcedureNames};
use crate::wire::names::{self, CHANNELS, FEES, TITLES};
use crate::wire::{
    DinhDanh, GiayToKetQua, HoSoBoSung, HoSoDongBoDVC, IdNumber, LePhi, MAX_FILE_NAME_CHARS,
    MAX_HANDLER_CHARS, MAX_SUMMARY_CHARS, QuaTrinhXuLy, Redacted, TaiLieuNop, portal_date,
    portal_time,
};

fn cut(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// The time of the last event of the dossier matching `pick`.
fn last_time(dossier: &Dossier, pick: impl Fn(&EventKind) -> bool) -> Option<Timestamp> {
    dossier
        .history()
        .iter()
        .rev()
        .find(|e| pick(&e.kind))
        .map(|e| e.at)
}

pub(super) fn dossier(
    profile: &PortalProfile,
    procedure: &ProcedureNames,
    dossier: &Dossier,
    filing: Option<&AgencyFiling>,
    results: &[IssuedDocument],
) -> HoSoDongBoDVC {
    let header = dossier.header();
    let opened_at = dossier
        .history()
        .first()
        .map_or(Timestamp::UNIX_EPOCH, |e| e.at);
    let filed_at = dossier.filed_at().unwrap_or(opened_at);
    let (owner_kind, owner_number, identities, phone) = match &header.applicant {
        Applicant::Citizen { id, phone, .. } => (
            names::OWNER_CITIZEN,
            IdNumber::new(id.reveal()),
            vec![DinhDanh {
                loai_dinh_danh: names::IDENTITY_CCCD.to_owned(),
                so_dinh_danh: IdNumber::new(id.reveal()),
            }],
            phone.as_ref(),
        ),
        Applicant::Organisation {
            tax_code, phone, ..
        } => (
            names::OWNER_ENTERPRISE,
            IdNumber::new(tax_code.clone()),
            Vec::new(),
            phone.as_ref(),
        ),
    };
    let channel = CHANNELS
        .iter()
        .find(|(c, _)| *c == header.procedure.channel)
        .map_or("3", |(_, code)| *code);
    let reason = dossier.history().iter().rev().find_map(|e| match &e.kind {
        EventKind::Refused { reason } | EventKind::Stopped { reason } => Some(reason.clone()),
        EventKind::Withdrawn { reason } => reason.clone(),
        _ => None,
    });
    let returned_at = last_time(dossier, |k| {
        matches!(
            k,
            EventKind::ResultCollected { .. } | EventKind::ResultReturnedAtDesk
        )
    });
    let returned_how = returned_at.map(|_| match dossier.return_tracking() {
        Some(item) => format!("Chuyển trả kết quả qua bưu chính, số hiệu bưu gửi {item}"),
        None => "Trả kết quả tại bộ phận một cửa".to_owned(),
    });
    HoSoDongBoDVC {
        ma_ho_so: dossier.code().to_string(),
        ma_tthc: header.procedure.code.to_string(),
        ten_tthc: procedure.name.clone(),
        ma_linh_vuc: procedure.field_code.clone(),
        ten_linh_vuc: procedure.field_name.clone(),
        kenh_thuc_hien: channel.to_owned(),
        so_bien_nhan: filing.map(|f| f.reference.as_str().to_owned()),
        chu_ho_so: header.applicant.name().to_owned(),
        so_giay_to_chu_ho_so: owner_number,
        loai_doi_tuong: owner_kind.to_owned(),
        so_dien_thoai: phone.map(|p| Redacted(p.reveal().to_owned())),
        trich_yeu_ho_so: Some(cut(
            &format!("{} ({})", procedure.name, header.applicant.name()),
            MAX_SUMMARY_CHARS,
        )),
        dinh_danh_chs: identities,
        ngay_nop_ho_so: portal_time(filed_at),
        // Before acceptance the portal is given the filing time (**unverified**: the notes do not say what a
        // dossier not yet accepted carries).
        ngay_tiep_nhan: portal_time(
            last_time(dossier, |k| matches!(k, EventKind::Accepted { .. })).unwrap_or(filed_at),
        ),
        ngay_hen_tra: dossier.appointment().map(portal_date),
        trang_thai_ho_so: profile.statuses().code(dossier.portal_status()),
        ngay_tra: returned_at.map(portal_time),
        thong_tin_tra: returned_how,
        hinh_thuc: if header.postal_form.returns_result() {
            names::RESULT_BY_POST
        } else {
            names::RESULT_AT_DESK
        }
        .to_owned(),
        ngay_ket_thuc_xu_ly: last_time(dossier, |k| matches!(k, EventKind::ProcessingFinished))
            .map(portal_time),
        ngay_tu_choi: last_time(dossier, |k| matches!(k, EventKind::Refused { .. }))
            .map(portal_time),
        don_vi_xu_ly: filing.map_or_else(
            || dossier.code().agency().to_owned(),
            |f| f.agency.to_string(),
        ),
        ghi_chu: reason,
        noi_nop_ho_so: names::FILED_AT.to_owned(),
        ho_so_co_thanh_phan_so_hoa: if header.documents.iter().any(|d| d.sha256.is_some()) {
            "1"
        } else {
            "0"
        }
        .to_owned(),
        tai_khoan_duoc_xac_thuc_voi_vneid: names::NOT_VNEID_VERIFIED.to_owned(),
        duoc_thanh_toan_truc_tuyen: names::NOT_PAID_ONLINE.to_owned(),
        tai_lieu_nop: header
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| TaiLieuNop {
                tep_dinh_kem_id: (i + 1).to_string(),
                ten_tep_dinh_kem: cut(&d.name, MAX_FILE_NAME_CHARS),
                is_deleted: "0".to_owned(),
                ma_thanh_phan_ho_so: String::new(),
                duong_dan_tai_tep_tin: String::new(),
                duoc_so_hoa: if d.sha256.is_some() { "1" } else { "0" }.to_owned(),
                duoc_tai_su_dung: "0".to_owned(),
                duoc_lay_tu_kho_dmqg: "0".to_owned(),
            })
            .collect(),
        danh_sach_le_phi: header.fees.iter().map(fee).collect(),
        danh_sach_ho_so_bo_sung: supplements(dossier.history()),
        danh_sach_giay_to_ket_qua: results
            .iter()
            .enumerate()
            .map(|(i, r)| GiayToKetQua {
                ten_giay_to: r.title.clone(),
                ma_thanh_phan_ho_so: String::new(),
                giay_to_id: (i + 1).to_string(),
                duong_dan_tep_tin_ket_qua: String::new(),
                ma_giay_to_ket_qua: IdNumber::new(r.number.clone()),
            })
            .collect(),
    }
}

fn fee(line: &FeeLine) -> LePhi {
    let (name, code, how, kind) = FEES
        .iter()
        .find(|f| f.0 == line.kind)
        .map_or(("Phí", "KHAC", "2", "1"), |f| (f.1, f.2, f.3, f.4));
    LePhi {
        ten_phi_le_phi: name.to_owned(),
        ma_phi_le_phi: line.receipt.clone().unwrap_or_else(|| code.to_owned()),
        hinh_thuc_thu: how.to_owned(),
        gia: line.amount.0.to_string(),
        loai_phi_le_phi: kind.to_owned(),
    }
}

/// The appointment date in force after each event: the acceptance's, then an extension's.
fn appointment_after(appointment: Option<Date>, event: &Event) -> Option<Date> {
    match &event.kind {
        EventKind::Accepted { appointment } => Some(*appointment),
        EventKind::Extended {
            new_appointment, ..
        } => Some(*new_appointment),
        _ => appointment,
    }
}

/// `DanhSachHoSoBoSung`: each supplement request with its answer. The dates are written `yyyyMMddHHmmss`
/// like every other date of the message, although the provincial class types them `DateTime` (which would
/// serialise as ISO 8601): **unverified** which form the portal accepts.
fn supplements(history: &[Event]) -> Vec<HoSoBoSung> {
    let mut out: Vec<HoSoBoSung> = Vec::new();
    let mut appointment = None;
    for event in history {
        match &event.kind {
            EventKind::SupplementRequested { missing } => out.push(HoSoBoSung {
                ho_so_bo_sung_id: u32::try_from(out.len() + 1).unwrap_or(u32::MAX),
                nguoi_yeu_cau_bo_sung: cut(&event.actor.id, MAX_HANDLER_CHARS),
                noi_dung_bo_sung: missing.join("; "),
                ngay_bo_sung: portal_time(event.at),
                nguoi_tiep_nhan_bo_sung: None,
                ngay_tiep_nhan_bo_sung: None,
                trang_thai_bo_sung: false,
                ngay_hen_tra_truoc: appointment.map(portal_date),
                ngay_hen_tra_moi: None,
            }),
            EventKind::SupplementReceived => {
                if let Some(open) = out.last_mut().filter(|s| !s.trang_thai_bo_sung) {
                    open.nguoi_tiep_nhan_bo_sung = Some(cut(&event.actor.id, MAX_HANDLER_CHARS));
                    open.ngay_tiep_nhan_bo_sung = Some(portal_time(event.at));
                    open.trang_thai_bo_sung = true;
                }
            }
            EventKind::Extended {
                new_appointment, ..
            } => {
                if let Some(last) = out.last_mut() {
                    last.ngay_hen_tra_moi = Some(portal_date(*new_appointment));
                }
            }
            _ => {}
        }
        appointment = appointment_after(appointment, event);
    }
    out
}

pub(super) fn progress(profile: &PortalProfile, dossier: &Dossier) -> Vec<QuaTrinhXuLy> {
    let history = dossier.history();
    let steps = portal_steps(history);
    let mut out = Vec::with_capacity(steps.len());
    let mut appointment = None;
    let mut applied = 0usize;
    let mut started = None;
    for step in &steps {
        while applied < step.version as usize {
            if let Some(e) = history.get(applied) {
                appointment = appointment_after(appointment, e);
            }
            applied += 1;
        }
        let text = names::step_text(step.event_type)
            .or_else(|| hoso_core::AgencyState::from_portal_code(step.status).map(|s| s.label().vi))
            .unwrap_or("Cập nhật trạng thái hồ sơ");
        let title = TITLES
            .iter()
            .find(|(r, _)| *r == step.actor.role)
            .map_or("", |(_, t)| *t);
        out.push(QuaTrinhXuLy {
            ma_ho_so: dossier.code().to_string(),
            nguoi_xu_ly: cut(&step.actor.id, MAX_HANDLER_CHARS),
            chuc_danh: title.to_owned(),
            thoi_diem_xu_ly: portal_time(step.at),
            phong_ban_xu_ly: step
                .place
                .as_ref()
                .map_or_else(|| profile.unit().to_string(), |p| p.id.to_string()),
            noi_dung_xu_ly: text.to_owned(),
            trang_thai: profile.statuses().code(step.status),
            ngay_bat_dau: portal_time(started.unwrap_or(step.at)),
            ngay_ket_thuc_theo_quy_dinh: appointment.map(portal_date),
        });
        started = Some(step.at);
    }
    out
}
