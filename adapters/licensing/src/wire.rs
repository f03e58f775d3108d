//! The vocabulary of the licensing authority's XML format, as the authority names it: namespaces, versions,
//! message and field names per version, and its date format.
//!
//! The decoder is a hand-written pull parser (see [`crate::codec`]) on the shared reader of `hoso-xml`, not
//! serde: quick-xml's serde support ignores namespace URIs, and a pull parser lets every limit and every error
//! position be enforced in one place.
//! This module is therefore the format's dictionary rather than a set of serde structs.

use std::fmt;

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};

/// The prefix of the format's namespace URIs; the version follows it (`urn:hoso:gplx:v1`).
pub const NAMESPACE_PREFIX: &str = "urn:hoso:gplx:";

/// A version of the licensing authority's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Version {
    /// Version 1: namespace `urn:hoso:gplx:v1`, attribute `phienBan="1"` optional.
    V1,
    /// Version 2: namespace `urn:hoso:gplx:v2`, attribute `phienBan="2"` required; renames the dossier and
    /// receipt fields, carries the agency code, and adds fields (see the crate's README).
    V2,
}

impl Version {
    /// Every version, oldest first.
    pub const ALL: [Version; 2] = [Version::V1, Version::V2];

    /// The namespace URI of this version.
    pub fn namespace(self) -> &'static str {
        match self {
            Version::V1 => "urn:hoso:gplx:v1",
            Version::V2 => "urn:hoso:gplx:v2",
        }
    }

    /// The value of the `phienBan` attribute for this version.
    pub fn number(self) -> &'static str {
        match self {
            Version::V1 => "1",
            Version::V2 => "2",
        }
    }

    /// The version whose `phienBan` number is `number`.
    pub fn from_number(number: &str) -> Option<Version> {
        Version::ALL.into_iter().find(|v| v.number() == number)
    }

    /// The field names of this version.
    pub(crate) fn names(self) -> &'static Names {
        match self {
            Version::V1 => &V1_NAMES,
            Version::V2 => &V2_NAMES,
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "v{}", self.number())
    }
}

/// Root elements: one per message, the same in every version.
pub mod root {
    /// Nộp hồ sơ: a dossier submitted to the authority.
    pub const SUBMISSION: &str = "NopHoSo";
    /// Nộp bổ sung: papers delivered after a supplement request.
    pub const SUPPLEMENT_DELIVERED: &str = "NopBoSung";
    /// Rút hồ sơ: withdrawal at the applicant's request.
    pub const WITHDRAWAL: &str = "RutHoSo";
    /// Biên nhận: the authority's acknowledgement of a message it received, with its receipt number.
    pub const RECEIPT: &str = "BienNhan";
    /// Tiếp nhận hồ sơ: acceptance with an appointment date.
    pub const ACCEPTANCE: &str = "TiepNhanHoSo";
    /// Yêu cầu bổ sung: supplement request.
    pub const SUPPLEMENT_REQUEST: &str = "YeuCauBoSung";
    /// Từ chối hồ sơ: refusal with a reason.
    pub const REFUSAL: &str = "TuChoiHoSo";
    /// Cập nhật xử lý: processing update.
    pub const PROCESSING: &str = "CapNhatXuLy";
    /// Kết quả sẵn sàng: the licence is ready.
    pub const RESULT_READY: &str = "KetQuaSanSang";
    /// Bàn giao bưu điện: the licence handed to the post.
    pub const HANDED_TO_POST: &str = "BanGiaoBuuDien";
}

/// Attributes of every root element.
pub mod attr {
    /// Message id.
    pub const MESSAGE_ID: &str = "maThongDiep";
    /// Time sent, in [`DATE_TIME_FORMAT`](super::DATE_TIME_FORMAT).
    pub const SENT_AT: &str = "thoiGianGui";
    /// Version number (`1`, `2`).
    pub const VERSION: &str = "phienBan";
}

/// The field names that differ between versions. A name that a version lacks is `None`.
#[derive(Debug)]
pub(crate) struct Names {
    pub dossier: &'static str,
    pub reference: &'static str,
    pub agency: Option<&'static str>,
    pub officer: &'static str,
    pub appointment: &'static str,
    pub received_at: Option<&'static str>,
    pub supplement_due: Option<&'static str>,
    pub refusal_legal_basis: Option<&'static str>,
    pub processing_status: &'static str,
    pub tracking: &'static str,
    pub seal: Option<&'static str>,
    pub email: Option<&'static str>,
}

const V1_NAMES: Names = Names {
    dossier: "MaHoSo",
    reference: "SoBienNhan",
    agency: None,
    officer: "CanBo",
    appointment: "NgayHenTra",
    received_at: None,
    supplement_due: None,
    refusal_legal_basis: None,
    processing_status: "TrangThai",
    tracking: "SoHieuBuuGui",
    seal: None,
    email: None,
};

const V2_NAMES: Names = Names {
    dossier: "MaHoSoMotCua",
    reference: "SoTiepNhan",
    agency: Some("MaCoQuan"),
    officer: "NguoiKy",
    appointment: "NgayHenTraKetQua",
    received_at: Some("ThoiDiemTiepNhan"),
    supplement_due: Some("HanBoSung"),
    refusal_legal_basis: Some("CanCuPhapLy"),
    processing_status: "MaTrangThai",
    tracking: "MaBuuGui",
    seal: Some("MaNiemPhong"),
    email: Some("Email"),
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
    /// v1: return form `1` by post, `0` at the desk.
    pub(crate) const RESULT_BY_POST_V1: &str = "TraKetQuaQuaBuuDien";
    /// v2: return form `BUU_DIEN` or `TRUC_TIEP`.
    pub(crate) const RESULT_FORM_V2: &str = "HinhThucNhanKetQua";
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

/// Values of v2's `HinhThucNhanKetQua`.
pub(crate) mod result_form {
    pub(crate) const BY_POST: &str = "BUU_DIEN";
    pub(crate) const AT_DESK: &str = "TRUC_TIEP";
}

/// The title v1 implies for its `GiayPhep` element, which carries no title of its own.
pub(crate) const V1_LICENCE_TITLE: &str = "Giấy phép lái xe";

/// The authority's date-time format: `dd/MM/yyyy HH:mm:ss`, Vietnam time (UTC+7).
pub const DATE_TIME_FORMAT: &str = "dd/MM/yyyy HH:mm:ss";
/// The authority's date format: `dd/MM/yyyy`.
pub const DATE_FORMAT: &str = "dd/MM/yyyy";

fn two(b: &[u8], at: usize) -> Option<i8> {
    let (h, l) = (*b.get(at)?, *b.get(at + 1)?);
    (h.is_ascii_digit() && l.is_ascii_digit()).then(|| ((h - b'0') * 10 + (l - b'0')) as i8)
}

/// Reads `dd/MM/yyyy`.
///
/// ```
/// use hoso_licensing::wire::parse_date;
/// assert_eq!(parse_date("05/03/2026"), Some(jiff::civil::date(2026, 3, 5)));
/// assert_eq!(parse_date("31/02/2026"), None);
/// assert_eq!(parse_date("2026-03-05"), None);
/// ```
pub fn parse_date(text: &str) -> Option<Date> {
    let b = text.as_bytes();
    if b.len() != 10 || b.get(2) != Some(&b'/') || b.get(5) != Some(&b'/') {
        return None;
    }
    let (day, month) = (two(b, 0)?, two(b, 3)?);
    let year = i16::from(two(b, 6)?) * 100 + i16::from(two(b, 8)?);
    Date::new(year, month, day).ok()
}

/// Reads `dd/MM/yyyy HH:mm:ss` as Vietnam time.
///
/// ```
/// use hoso_licensing::wire::parse_date_time;
/// let t = parse_date_time("15/01/2026 14:05:00").unwrap();
/// assert_eq!(t.to_string(), "2026-01-15T07:05:00Z");
/// ```
pub fn parse_date_time(text: &str) -> Option<Timestamp> {
    let b = text.as_bytes();
    if b.len() != 19
        || b.get(10) != Some(&b' ')
        || b.get(13) != Some(&b':')
        || b.get(16) != Some(&b':')
    {
        return None;
    }
    let date = parse_date(text.get(..10)?)?;
    let (hour, minute, second) = (two(b, 11)?, two(b, 14)?, two(b, 17)?);
    let time = jiff::civil::Time::new(hour, minute, second, 0).ok()?;
    hoso_core::time::from_vietnam(DateTime::from_parts(date, time)).ok()
}

/// Writes `dd/MM/yyyy`.
pub fn format_date(date: Date, out: &mut String) {
    use std::fmt::Write;
    let _ = write!(
        out,
        "{:02}/{:02}/{:04}",
        date.day(),
        date.month(),
        date.year()
    );
}

/// Writes `dd/MM/yyyy HH:mm:ss` in Vietnam time (sub-second precision is not part of the format and is dropped).
pub fn format_date_time(at: Timestamp, out: &mut String) {
    use std::fmt::Write;
    let dt = hoso_core::time::to_vietnam(at);
    format_date(dt.date(), out);
    let _ = write!(
        out,
        " {:02}:{:02}:{:02}",
        dt.hour(),
        dt.minute(),
        dt.second()
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_in_the_authoritys_format() {
        let mut out = String::new();
        format_date(jiff::civil::date(2026, 1, 5), &mut out);
        assert_eq!(out, "05/01/2026");
        assert_eq!(parse_date(&out), Some(jiff::civil::date(2026, 1, 5)));
    }

    #[test]
    fn date_times_are_vietnam_time() {
        let t: Timestamp = "2026-01-15T17:30:00Z".parse().unwrap();
        let mut out = String::new();
        format_date_time(t, &mut out);
        assert_eq!(out, "16/01/2026 00:30:00");
        assert_eq!(parse_date_time(&out), Some(t));
    }

    #[test]
    fn malformed_dates_are_refused() {
        for bad in [
            "",
            "1/1/2026",
            "01-01-2026",
            "32/01/2026",
            "01/13/2026",
            "0a/01/2026",
            "01/01/2026 ",
        ] {
            assert_eq!(parse_date(bad), None, "{bad:?}");
        }
        for bad in [
            "01/01/2026",
            "01/01/2026 24:00:00",
            "01/01/2026T10:00:00",
            "01/01/2026 10:60:00",
        ] {
            assert_eq!(parse_date_time(bad), None, "{bad:?}");
        }
    }
}
