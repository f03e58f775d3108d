//! The field names of the licensing authority's format: those that differ between versions, those shared by
//! every version, and the values of its coded fields.

use hoso_xml::{
    ApplicantNames, AttributeTable, HandoverNames, HeadNames, NoticeNames, ProcessingNames,
    ResultFormNames,
};

/// The field names that differ between versions. A name that a version lacks is `None`.
#[derive(Debug)]
pub(crate) struct Names {
    pub(crate) head: HeadNames,
    pub(crate) officer: &'static str,
    pub(crate) result_form: ResultFormNames,
    pub(crate) notice: NoticeNames,
    pub(crate) applicant: ApplicantNames,
    /// The attributes of the elements below the root, as the version's XSD declares them.
    pub(crate) attributes: AttributeTable,
}

pub(super) const V1_NAMES: Names = Names {
    head: HeadNames {
        dossier: "MaHoSo",
        agency: None,
        reference: "SoBienNhan",
    },
    officer: "CanBo",
    result_form: ResultFormNames {
        name: "TraKetQuaQuaBuuDien",
        values: &[("1", true), ("0", false)],
    },
    notice: NoticeNames {
        appointment: "NgayHenTra",
        received_at: None,
        reason: field::REASON,
        reason_code: None,
        legal_basis: None,
        missing_documents: field::MISSING_DOCUMENTS,
        missing_item: field::DOCUMENT,
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
    attributes: &[
        (
            field::DOCUMENT,
            &[inner_attr::ORIGINALS, inner_attr::COPIES],
        ),
        (
            field::LICENCE_V1,
            &[
                inner_attr::LICENCE_NUMBER,
                inner_attr::CLASSES,
                inner_attr::ISSUED_ON,
                inner_attr::VALID_UNTIL,
            ],
        ),
    ],
};

pub(super) const V2_NAMES: Names = Names {
    head: HeadNames {
        dossier: "MaHoSoMotCua",
        agency: Some("MaCoQuan"),
        reference: "SoTiepNhan",
    },
    officer: "NguoiKy",
    result_form: ResultFormNames {
        name: "HinhThucNhanKetQua",
        values: &[("BUU_DIEN", true), ("TRUC_TIEP", false)],
    },
    notice: NoticeNames {
        appointment: "NgayHenTraKetQua",
        received_at: Some("ThoiDiemTiepNhan"),
        reason: field::REASON,
        reason_code: Some(inner_attr::REASON_CODE),
        legal_basis: Some("CanCuPhapLy"),
        missing_documents: field::MISSING_DOCUMENTS,
        missing_item: field::DOCUMENT,
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
        (
            field::DOCUMENT,
            &[inner_attr::ORIGINALS, inner_attr::COPIES, inner_attr::PAGES],
        ),
        (field::REASON, &[inner_attr::REASON_CODE]),
    ],
};

/// Field names shared by every version.
pub(crate) mod field {
    pub(crate) const PROCEDURE: &str = "MaTTHC";
    pub(crate) const APPLICANT: &str = "ChuHoSo";
    pub(crate) const NAME: &str = "HoTen";
    pub(crate) const CITIZEN_ID: &str = "SoDinhDanh";
    pub(crate) const PHONE: &str = "SoDienThoai";
    pub(crate) const ADDRESS: &str = "DiaChi";
    pub(crate) const DOCUMENTS: &str = "DanhSachGiayTo";
    pub(crate) const MISSING_DOCUMENTS: &str = "DanhSachGiayToCanBoSung";
    pub(crate) const DOCUMENT: &str = "GiayTo";
    pub(crate) const FEE: &str = "LePhi";
    pub(crate) const REASON: &str = "LyDo";
    pub(crate) const NOTE: &str = "NoiDung";
    pub(crate) const NEW_APPOINTMENT: &str = "NgayHenTraMoi";
    pub(crate) const ITEM_COUNT: &str = "SoLuongGiayTo";
    pub(crate) const HANDED_AT: &str = "ThoiDiemBanGiao";
    pub(crate) const POSTAL_WORKER: &str = "NhanVienBuuDien";
    /// v1: the licence as one element with attributes.
    pub(crate) const LICENCE_V1: &str = "GiayPhep";
    /// v2: the result as an element with children.
    pub(crate) const RESULT_V2: &str = "KetQua";
    pub(crate) const TITLE: &str = "TenGiayTo";
    pub(crate) const LICENCE_NUMBER: &str = "SoGiayPhep";
    pub(crate) const SERIAL: &str = "SoSeri";
    pub(crate) const CLASS: &str = "HangGiayPhep";
    pub(crate) const ISSUED_ON: &str = "NgayCap";
    pub(crate) const VALID_UNTIL: &str = "NgayHetHan";
}

/// Attribute names inside messages.
pub(crate) mod inner_attr {
    pub(crate) const ORIGINALS: &str = "banChinh";
    pub(crate) const COPIES: &str = "banSao";
    pub(crate) const PAGES: &str = "soTrang";
    pub(crate) const REASON_CODE: &str = "ma";
    pub(crate) const LICENCE_NUMBER: &str = "so";
    pub(crate) const CLASSES: &str = "hang";
    pub(crate) const ISSUED_ON: &str = "ngayCap";
    pub(crate) const VALID_UNTIL: &str = "ngayHetHan";
}

/// Values of the processing status (`TrangThai` in v1, `MaTrangThai` in v2).
pub(crate) mod status {
    pub(crate) const STARTED: &str = "DANG_XU_LY";
    pub(crate) const EXTENDED: &str = "HEN_LAI";
    pub(crate) const STOPPED: &str = "DUNG_XU_LY";
}

/// The title v1 implies for its `GiayPhep` element, which carries no title of its own.
pub(crate) const V1_LICENCE_TITLE: &str = "Giấy phép lái xe";
