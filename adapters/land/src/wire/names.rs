//! The field names of the land registry office's format: those that differ between versions, those shared by
//! every version, and the values of its coded fields.

use hoso_xml::{
    ApplicantNames, AttributeTable, HandoverNames, HeadNames, NoticeNames, ProcessingNames,
    ResultFormNames,
};

use super::attr;

/// The field names that differ between versions; a name that a version lacks is `None`.
#[derive(Debug)]
pub(crate) struct Names {
    pub(crate) head: HeadNames,
    pub(crate) officer: &'static str,
    pub(crate) workflow: &'static str,
    pub(crate) land_use: &'static str,
    pub(crate) parcel_address: &'static str,
    pub(crate) notice_number: Option<&'static str>,
    pub(crate) payment_receipt: Option<&'static str>,
    pub(crate) certificate_serial: Option<&'static str>,
    pub(crate) result_form: ResultFormNames,
    pub(crate) notice: NoticeNames,
    pub(crate) applicant: ApplicantNames,
    /// The attributes of the elements below the root, as the version's XSD declares them.
    pub(crate) attributes: AttributeTable,
}

pub(super) const V1_NAMES: Names = Names {
    head: HeadNames {
        dossier: field::DOSSIER,
        agency: None,
        reference: field::REFERENCE,
    },
    officer: "CanBo",
    workflow: "MaQuyTrinh",
    land_use: "MucDichSuDung",
    parcel_address: "DiaChi",
    notice_number: None,
    payment_receipt: None,
    certificate_serial: None,
    result_form: ResultFormNames {
        name: "TraKetQuaQuaBuuDien",
        values: &[("true", true), ("false", false), ("1", true), ("0", false)],
    },
    notice: NoticeNames {
        appointment: "NgayHenTra",
        received_at: None,
        reason: field::REASON,
        reason_code: Some(super::attr::REASON_CODE),
        legal_basis: None,
        missing_documents: field::MISSING_DOCUMENTS,
        missing_item: field::TITLE,
        supplement_due: None,
        processing: ProcessingNames {
            status: "TrangThai",
            started: status::STARTED,
            extended: status::EXTENDED,
            stopped: status::STOPPED,
            new_appointment: field::NEW_APPOINTMENT,
            note: field::NOTE,
        },
        handover: HandoverNames {
            tracking: "SoHieuBuuGui",
            items: field::ITEM_COUNT,
            handed_at: field::HANDED_AT,
            postal_worker: field::POSTAL_WORKER,
            seal: None,
        },
    },
    applicant: ApplicantNames {
        name: field::NAME,
        citizen_id: field::CITIZEN_ID,
        phone: field::PHONE,
        address: field::ADDRESS,
        email: None,
    },
    attributes: &[(field::REASON, &[attr::REASON_CODE])],
};

pub(super) const V2_NAMES: Names = Names {
    head: HeadNames {
        dossier: field::DOSSIER,
        agency: Some("MaCoQuan"),
        reference: field::REFERENCE,
    },
    officer: "CanBoXuLy",
    workflow: "MaQuyTrinhXuLy",
    land_use: "MaMucDichSuDung",
    parcel_address: "DiaChiThuaDat",
    notice_number: Some("SoThongBao"),
    payment_receipt: Some("SoChungTu"),
    certificate_serial: Some("SoVaoSo"),
    result_form: ResultFormNames {
        name: "HinhThucNhanKetQua",
        values: &[("BUU_DIEN", true), ("TRUC_TIEP", false)],
    },
    notice: NoticeNames {
        appointment: "NgayHenTraKetQua",
        received_at: Some("ThoiDiemTiepNhan"),
        reason: field::REASON,
        reason_code: Some(super::attr::REASON_CODE),
        legal_basis: Some("CanCuPhapLy"),
        missing_documents: field::MISSING_DOCUMENTS,
        missing_item: field::TITLE,
        supplement_due: Some("HanBoSung"),
        processing: ProcessingNames {
            status: "MaTrangThai",
            started: status::STARTED,
            extended: status::EXTENDED,
            stopped: status::STOPPED,
            new_appointment: field::NEW_APPOINTMENT,
            note: field::NOTE,
        },
        handover: HandoverNames {
            tracking: "MaBuuGui",
            items: field::ITEM_COUNT,
            handed_at: field::HANDED_AT,
            postal_worker: field::POSTAL_WORKER,
            seal: Some("MaNiemPhong"),
        },
    },
    applicant: ApplicantNames {
        name: field::NAME,
        citizen_id: field::CITIZEN_ID,
        phone: field::PHONE,
        address: field::ADDRESS,
        email: Some("Email"),
    },
    attributes: &[
        (field::ADMIN_UNITS, &[attr::CODE_SET]),
        (field::REASON, &[attr::REASON_CODE]),
    ],
};

/// Field names shared by every version.
pub(crate) mod field {
    pub(crate) const DOSSIER: &str = "MaHoSoMotCua";
    pub(crate) const REFERENCE: &str = "SoBienNhan";
    pub(crate) const PROCEDURE: &str = "MaTTHC";
    pub(crate) const PROVINCE: &str = "MaTinh";
    pub(crate) const DISTRICT: &str = "MaHuyen";
    pub(crate) const COMMUNE: &str = "MaXa";
    /// v2: the administrative units, with the code set as attribute.
    pub(crate) const ADMIN_UNITS: &str = "DonViHanhChinh";
    pub(crate) const APPLICANT: &str = "NguoiNopHoSo";
    pub(crate) const NAME: &str = "HoTen";
    pub(crate) const CITIZEN_ID: &str = "SoGiayTo";
    pub(crate) const PHONE: &str = "SoDienThoai";
    pub(crate) const ADDRESS: &str = "DiaChi";
    pub(crate) const PARCELS: &str = "DanhSachThuaDat";
    pub(crate) const PARCEL: &str = "ThuaDat";
    pub(crate) const PARCEL_NUMBER: &str = "SoThuTuThua";
    pub(crate) const MAP_SHEET: &str = "SoHieuBanDo";
    pub(crate) const AREA: &str = "DienTich";
    pub(crate) const DOCUMENTS: &str = "DanhSachGiayTo";
    pub(crate) const DOCUMENT: &str = "GiayTo";
    pub(crate) const TITLE: &str = "TenGiayTo";
    pub(crate) const ORIGINALS: &str = "SoBanChinh";
    pub(crate) const COPIES: &str = "SoBanSao";
    pub(crate) const PAGES: &str = "SoTrang";
    pub(crate) const FEE: &str = "LePhi";
    pub(crate) const RECEIVED_AT: &str = "ThoiDiemNhan";
    pub(crate) const REASON: &str = "LyDo";
    pub(crate) const MISSING_DOCUMENTS: &str = "DanhSachGiayToCanBoSung";
    pub(crate) const NEW_APPOINTMENT: &str = "NgayHenTraMoi";
    pub(crate) const NOTE: &str = "NoiDung";
    pub(crate) const CHARGES: &str = "DanhSachKhoanNop";
    pub(crate) const CHARGE: &str = "KhoanNop";
    pub(crate) const CHARGE_CODE: &str = "MaKhoanNop";
    pub(crate) const CHARGE_NAME: &str = "TenKhoanNop";
    pub(crate) const AMOUNT: &str = "SoTien";
    pub(crate) const TOTAL: &str = "TongSoTien";
    pub(crate) const PAYMENT_DUE: &str = "HanNop";
    pub(crate) const AMOUNT_PAID: &str = "SoTienDaNop";
    pub(crate) const CERTIFICATE: &str = "GiayChungNhan";
    pub(crate) const CERTIFICATE_NUMBER: &str = "SoPhatHanh";
    pub(crate) const ISSUED_ON: &str = "NgayCap";
    pub(crate) const ITEM_COUNT: &str = "SoLuongGiayTo";
    pub(crate) const HANDED_AT: &str = "ThoiDiemBanGiao";
    pub(crate) const POSTAL_WORKER: &str = "NhanVienBuuDien";
}

/// Values of the processing status (`TrangThai` in v1, `MaTrangThai` in v2).
pub(crate) mod status {
    pub(crate) const STARTED: &str = "DANG_XU_LY";
    pub(crate) const EXTENDED: &str = "HEN_LAI";
    pub(crate) const STOPPED: &str = "DUNG_XU_LY";
}

/// Values of v2's `heMa`: the code set of the administrative units.
pub(crate) mod code_set {
    /// Decision 19/2025/QĐ-TTg: provinces and communes, no districts.
    pub(crate) const FROM_2025: &str = "2025";
    /// Decision 124/2004/QĐ-TTg: provinces, districts and communes, in force until 30 June 2025.
    pub(crate) const PRE_2025: &str = "2004";
}
