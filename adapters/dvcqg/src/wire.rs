//! The portal's JSON format, named as the portal names it: `HoSoDongBoDVC` (the dossier, sent by
//! `DongBoHoSoMC`), `QuaTrinhXuLy` (a processing step, sent by `CapNhatTienDoHoSoMC`) and the replies.
//!
//! Every value is a string, except where the notes on the provincial systems say otherwise
//! (`HoSoBoSungId`, `SoLuong`, `LoaiGiayTo` are numbers; `TrangThaiBoSung` is a boolean). Dates and times are
//! `yyyyMMddHHmmss` in Vietnam time ([`portal_time`]).

pub mod names;

use std::fmt;

use jiff::Timestamp;
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The form of every date and time the portal reads: `yyyyMMddHHmmss`, Vietnam time (UTC+7).
pub const TIME_PATTERN: &str = "%Y%m%d%H%M%S";

/// An instant as the portal writes it: `yyyyMMddHHmmss` in Vietnam time.
///
/// ```
/// let t: jiff::Timestamp = "2026-03-02T01:30:05Z".parse().unwrap();
/// assert_eq!(hoso_dvcqg::portal_time(t), "20260302083005");
/// ```
pub fn portal_time(at: Timestamp) -> String {
    hoso_core::time::to_vietnam(at)
        .strftime(TIME_PATTERN)
        .to_string()
}

/// A date as the portal writes it: the date at the end of the office day, 17:00:00 (the notes give only
/// date-times; the time of day of a date such as `NgayHenTra` is **unverified**).
///
/// ```
/// assert_eq!(hoso_dvcqg::portal_date(jiff::civil::date(2026, 3, 9)), "20260309170000");
/// ```
pub fn portal_date(date: Date) -> String {
    date.at(17, 0, 0, 0).strftime(TIME_PATTERN).to_string()
}

/// An identity document number (CCCD, CMND) as the portal carries it: in full on the wire, redacted in
/// `Debug` and everywhere else.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct IdNumber(String);

impl IdNumber {
    /// The number, for the wire.
    pub fn new(number: impl Into<String>) -> Self {
        IdNumber(number.into())
    }

    /// The whole number: only for the wire.
    pub fn reveal(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tail: String = self
            .0
            .chars()
            .rev()
            .take(2)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        write!(f, "IdNumber(***{tail})")
    }
}

/// `HoSoDongBoDVC`: a dossier as the portal records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)] // each field is documented in the README's field table, under its wire name
pub struct HoSoDongBoDVC {
    #[serde(rename = "MaHoSo")]
    pub ma_ho_so: String,
    #[serde(rename = "MaTTHC")]
    pub ma_tthc: String,
    #[serde(rename = "TenTTHC")]
    pub ten_tthc: String,
    #[serde(rename = "MaLinhVuc")]
    pub ma_linh_vuc: String,
    #[serde(rename = "TenLinhVuc")]
    pub ten_linh_vuc: String,
    #[serde(rename = "KenhThucHien")]
    pub kenh_thuc_hien: String,
    #[serde(
        rename = "SoBienNhan",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub so_bien_nhan: Option<String>,
    #[serde(rename = "ChuHoSo")]
    pub chu_ho_so: String,
    #[serde(rename = "SoGiayToChuHoSo")]
    pub so_giay_to_chu_ho_so: IdNumber,
    #[serde(rename = "LoaiDoiTuong")]
    pub loai_doi_tuong: String,
    #[serde(
        rename = "SoDienThoai",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub so_dien_thoai: Option<Redacted>,
    #[serde(
        rename = "TrichYeuHoSo",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub trich_yeu_ho_so: Option<String>,
    #[serde(rename = "DinhDanhCHS")]
    pub dinh_danh_chs: Vec<DinhDanh>,
    #[serde(rename = "NgayNopHoSo")]
    pub ngay_nop_ho_so: String,
    #[serde(rename = "NgayTiepNhan")]
    pub ngay_tiep_nhan: String,
    #[serde(
        rename = "NgayHenTra",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub ngay_hen_tra: Option<String>,
    #[serde(rename = "TrangThaiHoSo")]
    pub trang_thai_ho_so: String,
    #[serde(rename = "NgayTra", default, skip_serializing_if = "Option::is_none")]
    pub ngay_tra: Option<String>,
    #[serde(
        rename = "ThongTinTra",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub thong_tin_tra: Option<String>,
    #[serde(rename = "HinhThuc")]
    pub hinh_thuc: String,
    #[serde(
        rename = "NgayKetThucXuLy",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub ngay_ket_thuc_xu_ly: Option<String>,
    #[serde(
        rename = "NgayTuChoi",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub ngay_tu_choi: Option<String>,
    #[serde(rename = "DonViXuLy")]
    pub don_vi_xu_ly: String,
    #[serde(rename = "GhiChu", default, skip_serializing_if = "Option::is_none")]
    pub ghi_chu: Option<String>,
    #[serde(rename = "NoiNopHoSo")]
    pub noi_nop_ho_so: String,
    #[serde(rename = "HoSoCoThanhPhanSoHoa")]
    pub ho_so_co_thanh_phan_so_hoa: String,
    #[serde(rename = "TaiKhoanDuocXacThucVoiVNeID")]
    pub tai_khoan_duoc_xac_thuc_voi_vneid: String,
    #[serde(rename = "DuocThanhToanTrucTuyen")]
    pub duoc_thanh_toan_truc_tuyen: String,
    #[serde(rename = "TaiLieuNop")]
    pub tai_lieu_nop: Vec<TaiLieuNop>,
    #[serde(rename = "DanhSachLePhi")]
    pub danh_sach_le_phi: Vec<LePhi>,
    #[serde(rename = "DanhSachHoSoBoSung")]
    pub danh_sach_ho_so_bo_sung: Vec<HoSoBoSung>,
    #[serde(rename = "DanhSachGiayToKetQua")]
    pub danh_sach_giay_to_ket_qua: Vec<GiayToKetQua>,
}

/// A phone number on the wire: whole in JSON, redacted in `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct Redacted(pub String);

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Redacted(***)")
    }
}

/// `DinhDanhCHS[]`: the owner's identity document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DinhDanh {
    /// `LoaiDinhDanh`: "1" a 12-digit CCCD, "2" a 9-digit CMND.
    #[serde(rename = "LoaiDinhDanh")]
    pub loai_dinh_danh: String,
    /// `SoDinhDanh`: the number.
    #[serde(rename = "SoDinhDanh")]
    pub so_dinh_danh: IdNumber,
}

/// `TaiLieuNop[]`: a paper of the dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)] // documented in the README under the wire names
pub struct TaiLieuNop {
    #[serde(rename = "TepDinhKemId")]
    pub tep_dinh_kem_id: String,
    #[serde(rename = "TenTepDinhKem")]
    pub ten_tep_dinh_kem: String,
    #[serde(rename = "IsDeleted")]
    pub is_deleted: String,
    #[serde(rename = "MaThanhPhanHoSo")]
    pub ma_thanh_phan_ho_so: String,
    #[serde(rename = "DuongDanTaiTepTin")]
    pub duong_dan_tai_tep_tin: String,
    #[serde(rename = "DuocSoHoa")]
    pub duoc_so_hoa: String,
    #[serde(rename = "DuocTaiSuDung")]
    pub duoc_tai_su_dung: String,
    #[serde(rename = "DuocLayTuKhoDMQG")]
    pub duoc_lay_tu_kho_dmqg: String,
}

/// `DanhSachLePhi[]`: a fee line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)] // documented in the README under the wire names
pub struct LePhi {
    #[serde(rename = "TenPhiLePhi")]
    pub ten_phi_le_phi: String,
    #[serde(rename = "MaPhiLePhi")]
    pub ma_phi_le_phi: String,
    #[serde(rename = "HinhThucThu")]
    pub hinh_thuc_thu: String,
    #[serde(rename = "Gia")]
    pub gia: String,
    #[serde(rename = "LoaiPhiLePhi")]
    pub loai_phi_le_phi: String,
}

/// `DanhSachHoSoBoSung[]`: one supplement request and its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)] // documented in the README under the wire names
pub struct HoSoBoSung {
    #[serde(rename = "HoSoBoSungId")]
    pub ho_so_bo_sung_id: u32,
    #[serde(rename = "NguoiYeuCauBoSung")]
    pub nguoi_yeu_cau_bo_sung: String,
    #[serde(rename = "NoiDungBoSung")]
    pub noi_dung_bo_sung: String,
    #[serde(rename = "NgayBoSung")]
    pub ngay_bo_sung: String,
    #[serde(
        rename = "NguoiTiepNhanBoSung",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub nguoi_tiep_nhan_bo_sung: Option<String>,
    #[serde(
        rename = "NgayTiepNhanBoSung",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub ngay_tiep_nhan_bo_sung: Option<String>,
    #[serde(rename = "TrangThaiBoSung")]
    pub trang_thai_bo_sung: bool,
    #[serde(
        rename = "NgayHenTraTruoc",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub ngay_hen_tra_truoc: Option<String>,
    #[serde(
        rename = "NgayHenTraMoi",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub ngay_hen_tra_moi: Option<String>,
}

/// `DanhSachGiayToKetQua[]`: a result document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)] // documented in the README under the wire names
pub struct GiayToKetQua {
    #[serde(rename = "TenGiayTo")]
    pub ten_giay_to: String,
    #[serde(rename = "MaThanhPhanHoSo")]
    pub ma_thanh_phan_ho_so: String,
    #[serde(rename = "GiayToId")]
    pub giay_to_id: String,
    #[serde(rename = "DuongDanTepTinKetQua")]
    pub duong_dan_tep_tin_ket_qua: String,
    #[serde(rename = "MaGiayToKetQua")]
    pub ma_giay_to_ket_qua: IdNumber,
}

/// `QuaTrinhXuLy`: one processing step, sent by `CapNhatTienDoHoSoMC`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)] // documented in the README under the wire names
pub struct QuaTrinhXuLy {
    #[serde(rename = "MaHoSo")]
    pub ma_ho_so: String,
    #[serde(rename = "NguoiXuLy")]
    pub nguoi_xu_ly: String,
    #[serde(rename = "ChucDanh")]
    pub chuc_danh: String,
    #[serde(rename = "ThoiDiemXuLy")]
    pub thoi_diem_xu_ly: String,
    #[serde(rename = "PhongBanXuLy")]
    pub phong_ban_xu_ly: String,
    #[serde(rename = "NoiDungXuLy")]
    pub noi_dung_xu_ly: String,
    #[serde(rename = "TrangThai")]
    pub trang_thai: String,
    #[serde(rename = "NgayBatDau")]
    pub ngay_bat_dau: String,
    #[serde(
        rename = "NgayKetThucTheoQuyDinh",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub ngay_ket_thuc_theo_quy_dinh: Option<String>,
}

/// The most progress entries one `CapNhatTienDoHoSoMC` call carries (the provincial relays send chunks
/// of 10).
pub const MAX_PROGRESS_PER_CALL: usize = 10;

/// The most characters of `NguoiXuLy`.
pub const MAX_HANDLER_CHARS: usize = 50;

/// The most characters of `TrichYeuHoSo` (Thanh Hóa's cut).
pub const MAX_SUMMARY_CHARS: usize = 1000;

/// The most characters of `TenTepDinhKem`.
pub const MAX_FILE_NAME_CHARS: usize = 4000;
