//! The land registry office's format as the office names it: namespaces, versions, message and field names per
//! version, its date formats, and the land-specific data that the port's normalised messages do not carry
//! (parcels with their areas, administrative units, the workflow code, the financial obligation's notice
//! number).
//!
//! The decoder is a hand-written pull parser (see [`crate::codec`]) on the shared reader of `hoso-xml`, not
//! serde: quick-xml's serde support ignores namespace URIs, and a pull parser enforces every limit and locates
//! every error in one place.

use std::fmt;
use std::str::FromStr;

use hoso_core::adapter::{AgencyMessage, DossierSubmission, OutboundMessage, SubmissionReceipt};
use hoso_core::{AdminGeneration, AdminLevel, AdminUnitCode, IdError};
use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};

/// The prefix of the format's namespace URIs; the version follows it (`urn:hoso:dangkydatdai:v1`).
pub const NAMESPACE_PREFIX: &str = "urn:hoso:dangkydatdai:";

/// A version of the land registry office's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Version {
    /// Version 1: namespace `urn:hoso:dangkydatdai:v1`, attribute `phienBan="1"` optional; administrative
    /// units as pre-2025 codes only.
    V1,
    /// Version 2: namespace `urn:hoso:dangkydatdai:v2`, attribute `phienBan="2"` required; renames fields,
    /// carries the agency code, administrative units of either generation, and more fields (see the README).
    V2,
}

impl Version {
    /// Every version, oldest first.
    pub const ALL: [Version; 2] = [Version::V1, Version::V2];

    /// The namespace URI of this version.
    pub fn namespace(self) -> &'static str {
        match self {
            Version::V1 => "urn:hoso:dangkydatdai:v1",
            Version::V2 => "urn:hoso:dangkydatdai:v2",
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
    /// Nộp hồ sơ: a dossier filed with the office.
    pub const SUBMISSION: &str = "NopHoSo";
    /// Nộp bổ sung: papers delivered after a supplement request.
    pub const SUPPLEMENT_DELIVERED: &str = "NopBoSung";
    /// Rút hồ sơ: withdrawal at the applicant's request.
    pub const WITHDRAWAL: &str = "RutHoSo";
    /// Biên nhận: the office's acknowledgement of a message, with its receipt number (số biên nhận).
    pub const RECEIPT: &str = "BienNhan";
    /// Tiếp nhận hồ sơ: accepted, with the appointment date.
    pub const ACCEPTANCE: &str = "TiepNhanHoSo";
    /// Yêu cầu bổ sung: papers are missing.
    pub const SUPPLEMENT_REQUEST: &str = "YeuCauBoSung";
    /// Từ chối hồ sơ: refused.
    pub const REFUSAL: &str = "TuChoiHoSo";
    /// Cập nhật tiến độ: processing started, extended or stopped.
    pub const PROCESSING: &str = "CapNhatTienDo";
    /// Thông báo nghĩa vụ tài chính: taxes and fees to pay before processing goes on.
    pub const FINANCIAL_OBLIGATION: &str = "ThongBaoNghiaVuTaiChinh";
    /// Xác nhận nộp tiền: the obligation was paid.
    pub const PAYMENT_CONFIRMED: &str = "XacNhanNopTien";
    /// Kết quả sẵn sàng: the certificate is ready.
    pub const RESULT_READY: &str = "KetQuaSanSang";
    /// Bàn giao bưu điện: the certificate handed to the post.
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
    /// v2 `DonViHanhChinh`: the code set, `2025` or `2004`.
    pub const CODE_SET: &str = "heMa";
    /// `LyDo` of a refusal: the office's reason code.
    pub const REASON_CODE: &str = "maLyDo";
}

/// The field names that differ between versions; a name that a version lacks is `None`.
#[derive(Debug)]
pub(crate) struct Names {
    pub agency: Option<&'static str>,
    pub officer: &'static str,
    pub workflow: &'static str,
    pub land_use: &'static str,
    pub parcel_address: &'static str,
    pub appointment: &'static str,
    pub received_at: Option<&'static str>,
    pub processing_status: &'static str,
    pub supplement_due: Option<&'static str>,
    pub legal_basis: Option<&'static str>,
    pub notice_number: Option<&'static str>,
    pub payment_receipt: Option<&'static str>,
    pub certificate_serial: Option<&'static str>,
    pub tracking: &'static str,
    pub seal: Option<&'static str>,
    pub email: Option<&'static str>,
}

const V1_NAMES: Names = Names {
    agency: None,
    officer: "CanBo",
    workflow: "MaQuyTrinh",
    land_use: "MucDichSuDung",
    parcel_address: "DiaChi",
    appointment: "NgayHenTra",
    received_at: None,
    processing_status: "TrangThai",
    supplement_due: None,
    legal_basis: None,
    notice_number: None,
    payment_receipt: None,
    certificate_serial: None,
    tracking: "SoHieuBuuGui",
    seal: None,
    email: None,
};

const V2_NAMES: Names = Names {
    agency: Some("MaCoQuan"),
    officer: "CanBoXuLy",
    workflow: "MaQuyTrinhXuLy",
    land_use: "MaMucDichSuDung",
    parcel_address: "DiaChiThuaDat",
    appointment: "NgayHenTraKetQua",
    received_at: Some("ThoiDiemTiepNhan"),
    processing_status: "MaTrangThai",
    supplement_due: Some("HanBoSung"),
    legal_basis: Some("CanCuPhapLy"),
    notice_number: Some("SoThongBao"),
    payment_receipt: Some("SoChungTu"),
    certificate_serial: Some("SoVaoSo"),
    tracking: "MaBuuGui",
    seal: Some("MaNiemPhong"),
    email: Some("Email"),
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
    /// v1: `true`/`1` when the result goes back by post.
    pub(crate) const RESULT_BY_POST_V1: &str = "TraKetQuaQuaBuuDien";
    /// v2: `BUU_DIEN` or `TRUC_TIEP`.
    pub(crate) const RESULT_FORM_V2: &str = "HinhThucNhanKetQua";
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

/// Values of v2's `HinhThucNhanKetQua`.
pub(crate) mod result_form {
    pub(crate) const BY_POST: &str = "BUU_DIEN";
    pub(crate) const AT_DESK: &str = "TRUC_TIEP";
}

/// Values of v2's `heMa`: the code set of the administrative units.
pub(crate) mod code_set {
    /// Decision 19/2025/QĐ-TTg: provinces and communes, no districts.
    pub(crate) const FROM_2025: &str = "2025";
    /// Decision 124/2004/QĐ-TTg: provinces, districts and communes, in force until 30 June 2025.
    pub(crate) const PRE_2025: &str = "2004";
}

/// The office's date format: `yyyy-MM-dd`.
pub const DATE_FORMAT: &str = "yyyy-MM-dd";
/// The office's date-time format: `yyyy-MM-ddTHH:mm:ss+07:00`, always in Vietnam time.
pub const DATE_TIME_FORMAT: &str = "yyyy-MM-ddTHH:mm:ss+07:00";

fn digits(b: &[u8], at: usize, n: usize) -> Option<i32> {
    let mut v = 0i32;
    for i in at..at + n {
        let d = *b.get(i)?;
        if !d.is_ascii_digit() {
            return None;
        }
        v = v * 10 + i32::from(d - b'0');
    }
    Some(v)
}

/// Reads `yyyy-MM-dd`.
///
/// ```
/// use hoso_land::wire::parse_date;
/// assert_eq!(parse_date("2026-03-05"), Some(jiff::civil::date(2026, 3, 5)));
/// assert_eq!(parse_date("2026-02-30"), None);
/// assert_eq!(parse_date("05/03/2026"), None);
/// ```
pub fn parse_date(text: &str) -> Option<Date> {
    let b = text.as_bytes();
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let year = i16::try_from(digits(b, 0, 4)?).ok()?;
    let month = i8::try_from(digits(b, 5, 2)?).ok()?;
    let day = i8::try_from(digits(b, 8, 2)?).ok()?;
    Date::new(year, month, day).ok()
}

/// Reads `yyyy-MM-ddTHH:mm:ss+07:00` (the offset must be Vietnam's).
///
/// ```
/// use hoso_land::wire::parse_date_time;
/// let t = parse_date_time("2026-03-02T08:15:00+07:00").unwrap();
/// assert_eq!(t.to_string(), "2026-03-02T01:15:00Z");
/// assert_eq!(parse_date_time("2026-03-02T08:15:00Z"), None);
/// ```
pub fn parse_date_time(text: &str) -> Option<Timestamp> {
    let b = text.as_bytes();
    if b.len() != 25
        || b.get(10) != Some(&b'T')
        || b.get(13) != Some(&b':')
        || b.get(16) != Some(&b':')
        || b.get(19..) != Some(b"+07:00".as_slice())
    {
        return None;
    }
    let date = parse_date(text.get(..10)?)?;
    let hour = i8::try_from(digits(b, 11, 2)?).ok()?;
    let minute = i8::try_from(digits(b, 14, 2)?).ok()?;
    let second = i8::try_from(digits(b, 17, 2)?).ok()?;
    let time = Time::new(hour, minute, second, 0).ok()?;
    hoso_core::time::from_vietnam(DateTime::from_parts(date, time)).ok()
}

/// Writes `yyyy-MM-dd`.
pub fn format_date(date: Date, out: &mut String) {
    use std::fmt::Write;
    let _ = write!(
        out,
        "{:04}-{:02}-{:02}",
        date.year(),
        date.month(),
        date.day()
    );
}

/// Writes `yyyy-MM-ddTHH:mm:ss+07:00` (sub-second precision is not part of the format and is dropped).
pub fn format_date_time(at: Timestamp, out: &mut String) {
    use std::fmt::Write;
    let dt = hoso_core::time::to_vietnam(at);
    format_date(dt.date(), out);
    let _ = write!(
        out,
        "T{:02}:{:02}:{:02}+07:00",
        dt.hour(),
        dt.minute(),
        dt.second()
    );
}

/// Why an area is not valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AreaError {
    /// Not a decimal number written with digits and at most one point.
    #[error(
        "area {0:?} is not a decimal number of square metres (digits, optionally a point and decimals)"
    )]
    NotDecimal(String),
    /// More decimals than the format carries: refused rather than rounded.
    #[error("area {0:?} has more than {max} decimals; it is refused rather than rounded", max = AreaM2::DECIMALS)]
    TooPrecise(String),
    /// Larger than any parcel.
    #[error("area {0:?} is out of range")]
    OutOfRange(String),
}

/// Diện tích: an area in square metres, held exactly as a whole number of hundredths of a square metre.
///
/// The office writes areas as decimals with a point (`152.5`, `1048.25`). They are parsed from the text without
/// floating point; more than [`AreaM2::DECIMALS`] decimals is an error, never a rounding.
///
/// ```
/// use hoso_land::AreaM2;
/// let a: AreaM2 = "1048.25".parse()?;
/// assert_eq!(a.hundredths(), 104_825);
/// assert_eq!(a.to_string(), "1048.25");
/// assert_eq!("152.50".parse::<AreaM2>()?.to_string(), "152.5");
/// assert!("0.125".parse::<AreaM2>().is_err()); // not rounded
/// # Ok::<(), hoso_land::AreaError>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AreaM2(u64);

impl AreaM2 {
    /// The most decimals an area carries (hundredths of a square metre).
    pub const DECIMALS: usize = 2;
    /// The most integer digits accepted (a trillion square metres is far beyond any parcel).
    pub const MAX_INTEGER_DIGITS: usize = 12;

    /// An area of `hundredths` hundredths of a square metre.
    pub const fn from_hundredths(hundredths: u64) -> Self {
        AreaM2(hundredths)
    }

    /// The area in hundredths of a square metre.
    pub const fn hundredths(self) -> u64 {
        self.0
    }
}

impl FromStr for AreaM2 {
    type Err = AreaError;

    fn from_str(s: &str) -> Result<Self, AreaError> {
        let (int, frac) = match s.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (s, None),
        };
        let all_digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        if !all_digits(int) || frac.is_some_and(|f| !all_digits(f)) {
            return Err(AreaError::NotDecimal(s.to_owned()));
        }
        let frac = frac.unwrap_or("");
        if frac.len() > Self::DECIMALS {
            return Err(AreaError::TooPrecise(s.to_owned()));
        }
        if int.trim_start_matches('0').len() > Self::MAX_INTEGER_DIGITS {
            return Err(AreaError::OutOfRange(s.to_owned()));
        }
        let mut hundredths: u64 = 0;
        for b in int.bytes().chain(frac.bytes()) {
            hundredths = hundredths * 10 + u64::from(b - b'0');
        }
        for _ in frac.len()..Self::DECIMALS {
            hundredths *= 10;
        }
        Ok(AreaM2(hundredths))
    }
}

impl fmt::Display for AreaM2 {
    /// The shortest exact decimal: `152.5`, `1048.25`, `80`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (int, frac) = (self.0 / 100, self.0 % 100);
        match frac {
            0 => write!(f, "{int}"),
            _ if frac % 10 == 0 => write!(f, "{int}.{}", frac / 10),
            _ => write!(f, "{int}.{frac:02}"),
        }
    }
}

/// Mục đích sử dụng đất: a land-use purpose code of three capital letters, e.g. `ONT` (rural residential),
/// `ODT` (urban residential), `LUC` (wet rice), `CLN` (perennial crops).
///
/// ```
/// use hoso_land::LandUseCode;
/// assert!("ODT".parse::<LandUseCode>().is_ok());
/// assert!("odt".parse::<LandUseCode>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LandUseCode([u8; 3]);

impl LandUseCode {
    /// The code as text.
    pub fn as_str(&self) -> &str {
        // Only ASCII capitals are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
}

/// A land-use code that is not three capital letters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("land-use code {0:?} is not three capital letters (e.g. ONT, ODT, LUC, CLN)")]
pub struct LandUseCodeError(pub String);

impl FromStr for LandUseCode {
    type Err = LandUseCodeError;

    fn from_str(s: &str) -> Result<Self, LandUseCodeError> {
        match s.as_bytes() {
            &[a, b, c] if [a, b, c].iter().all(u8::is_ascii_uppercase) => {
                Ok(LandUseCode([a, b, c]))
            }
            _ => Err(LandUseCodeError(s.to_owned())),
        }
    }
}

impl fmt::Display for LandUseCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Thửa đất: a land parcel of a dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parcel {
    /// Số thứ tự thửa: the parcel number on its map sheet.
    pub number: String,
    /// Số hiệu tờ bản đồ: the cadastral map sheet number.
    pub map_sheet: String,
    /// Diện tích: the area.
    pub area: AreaM2,
    /// Mục đích sử dụng: the land-use purpose.
    pub land_use: LandUseCode,
    /// The parcel's address, when it differs from the applicant's.
    pub address: Option<String>,
}

/// The administrative units of a dossier's land, in one generation of codes.
///
/// Pre-2025 units have a district; 2025 units have none (Law 72/2025/QH15 Art 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AdminUnits {
    /// Tỉnh: the province.
    pub province: AdminUnitCode,
    /// Huyện: the district, for pre-2025 codes.
    pub district: Option<AdminUnitCode>,
    /// Xã: the commune or ward.
    pub commune: AdminUnitCode,
}

impl AdminUnits {
    /// Units from the office's numeric codes in `generation`; a pre-2025 set needs its district, a 2025 set has
    /// none.
    pub fn new(
        generation: AdminGeneration,
        province: u32,
        district: Option<u32>,
        commune: u32,
    ) -> Result<Self, AdminUnitsError> {
        let district = match (generation, district) {
            (AdminGeneration::Pre2025, None) => return Err(AdminUnitsError::MissingDistrict),
            (AdminGeneration::Pre2025, Some(d)) => {
                Some(AdminUnitCode::new(generation, AdminLevel::District, d)?)
            }
            (_, Some(_)) => return Err(AdminUnitsError::DistrictFrom2025),
            (_, None) => None,
        };
        Ok(AdminUnits {
            province: AdminUnitCode::new(generation, AdminLevel::Province, province)?,
            district,
            commune: AdminUnitCode::new(generation, AdminLevel::Ward, commune)?,
        })
    }

    /// The generation of the codes.
    pub fn generation(&self) -> AdminGeneration {
        self.province.generation()
    }
}

/// Why a set of administrative units is not valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AdminUnitsError {
    /// A pre-2025 set without its district.
    #[error("pre-2025 administrative units need a district (MaHuyen)")]
    MissingDistrict,
    /// A 2025 set with a district.
    #[error("2025 administrative units have no district (Law 72/2025/QH15 Art 2)")]
    DistrictFrom2025,
    /// A code breaks the rules of its level and generation.
    #[error(transparent)]
    Code(#[from] IdError),
}

/// What a land dossier carries beyond the port's [`DossierSubmission`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LandDetails {
    /// Mã quy trình: the office's workflow code.
    pub workflow: Option<String>,
    /// Where the land is.
    pub units: Option<AdminUnits>,
    /// The parcels.
    pub parcels: Vec<Parcel>,
}

/// A dossier submission with its land details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LandSubmission {
    /// What every agency's submission carries.
    pub submission: DossierSubmission,
    /// What only the land registry's carries.
    pub land: LandDetails,
}

/// A message of the land registry's format, with everything it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LandMessage {
    /// A dossier submission, with its parcels.
    Submission(LandSubmission),
    /// Another message to the office (supplement, withdrawal).
    Outbound(OutboundMessage),
    /// A message from the office; `notice_number` is the financial obligation notice's number (v2).
    Notice {
        /// The normalised message.
        message: AgencyMessage,
        /// Số thông báo: the number of a financial obligation notice, when given.
        notice_number: Option<String>,
    },
    /// The office's acknowledgement of a message.
    Receipt(SubmissionReceipt),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_are_parsed_exactly_without_rounding() {
        for (text, hundredths) in [
            ("0", 0),
            ("80", 8_000),
            ("152.5", 15_250),
            ("152.50", 15_250),
            ("1048.25", 104_825),
            ("0.01", 1),
            ("007.10", 710),
            ("999999999999.99", 99_999_999_999_999),
        ] {
            assert_eq!(
                text.parse::<AreaM2>().map(AreaM2::hundredths),
                Ok(hundredths),
                "{text}"
            );
        }
    }

    #[test]
    fn areas_with_more_decimals_than_the_format_are_refused_not_rounded() {
        for text in ["0.125", "152.505", "1.000"] {
            assert!(
                matches!(text.parse::<AreaM2>(), Err(AreaError::TooPrecise(_))),
                "{text}"
            );
        }
    }

    #[test]
    fn malformed_areas_are_refused() {
        for text in [
            "", ".5", "5.", "1,5", "-1", "+1", "1e3", " 1", "1.2.3", "NaN", "١٢",
        ] {
            assert!(
                matches!(text.parse::<AreaM2>(), Err(AreaError::NotDecimal(_))),
                "{text:?}"
            );
        }
        assert!(matches!(
            "1000000000000".parse::<AreaM2>(),
            Err(AreaError::OutOfRange(_))
        ));
    }

    #[test]
    fn areas_print_as_the_shortest_exact_decimal() {
        for (hundredths, text) in [
            (0, "0"),
            (8_000, "80"),
            (15_250, "152.5"),
            (104_805, "1048.05"),
        ] {
            let area = AreaM2::from_hundredths(hundredths);
            assert_eq!(area.to_string(), text);
            assert_eq!(text.parse::<AreaM2>(), Ok(area));
        }
    }

    #[test]
    fn pre_2025_units_need_a_district_and_2025_units_have_none() {
        let old = AdminUnits::new(AdminGeneration::Pre2025, 1, Some(19), 637).unwrap();
        assert_eq!(old.generation(), AdminGeneration::Pre2025);
        assert_eq!(old.district.map(|d| d.code()), Some(19));
        let new = AdminUnits::new(AdminGeneration::From2025, 1, None, 637).unwrap();
        assert_eq!(new.commune.level(), AdminLevel::Ward);
        assert_eq!(
            AdminUnits::new(AdminGeneration::Pre2025, 1, None, 637),
            Err(AdminUnitsError::MissingDistrict)
        );
        assert_eq!(
            AdminUnits::new(AdminGeneration::From2025, 1, Some(19), 637),
            Err(AdminUnitsError::DistrictFrom2025)
        );
        // Province 03 did not exist before the 2025 reform.
        assert!(AdminUnits::new(AdminGeneration::Pre2025, 3, Some(19), 637).is_err());
    }

    #[test]
    fn dates_and_times_round_trip_in_the_offices_format() {
        let mut out = String::new();
        format_date(jiff::civil::date(2026, 1, 5), &mut out);
        assert_eq!(out, "2026-01-05");
        let t: Timestamp = "2026-01-15T17:30:00Z".parse().unwrap();
        let mut out = String::new();
        format_date_time(t, &mut out);
        assert_eq!(out, "2026-01-16T00:30:00+07:00");
        assert_eq!(parse_date_time(&out), Some(t));
        for bad in [
            "2026-1-05",
            "2026/01/05",
            "20260105",
            "2026-13-01",
            "2026-01-05 ",
        ] {
            assert_eq!(parse_date(bad), None, "{bad:?}");
        }
        for bad in [
            "2026-01-05T10:00:00",
            "2026-01-05T10:00:00+08:00",
            "2026-01-05 10:00:00+07:00",
            "2026-01-05T24:00:00+07:00",
        ] {
            assert_eq!(parse_date_time(bad), None, "{bad:?}");
        }
    }
}
