//! The land registry office's format as the office names it: namespaces, versions, message and field names per
//! version, its date formats, and the land-specific data that the port's normalised messages do not carry
//! (parcels with their areas, administrative units, the workflow code, the financial obligation's notice
//! number).
//!
//! The decoder is a hand-written pull parser (see `codec`) on the shared reader of `hoso-xml`, not
//! serde: quick-xml's serde support ignores namespace URIs, and a pull parser enforces every limit and locates
//! every error in one place.

use hoso_core::adapter::{NoticeKind, OutboundKind};
use hoso_xml::{DateFormat, DateTimeFormat, Envelope, NoticeRoots};

mod land;
mod message;
mod names;

pub use land::{
    AdminUnits, AdminUnitsError, AreaError, AreaM2, LandUseCode, LandUseCodeError, Parcel,
};
pub use message::{LandDetails, LandMessage, LandSubmission};
pub(crate) use names::{Names, code_set, field};

/// The prefix of the format's namespace URIs; the version follows it (`urn:hoso:dangkydatdai:v1`).
const NAMESPACE_PREFIX: &str = "urn:hoso:dangkydatdai:";

/// The envelope of every message: namespace and `phienBan` name the version, `maThongDiep` and
/// `thoiGianGui` the message id and send time.
pub(crate) static ENVELOPE: Envelope<Version> = Envelope {
    format: "the land registry office's format",
    namespace_prefix: NAMESPACE_PREFIX,
    versions: &Version::ALL,
    version_attribute: attr::VERSION,
    message_id_attribute: attr::MESSAGE_ID,
    sent_at_attribute: attr::SENT_AT,
    date: DateFormat {
        pattern: "yyyy-MM-dd",
    },
    // Vietnam time (UTC+7).
    date_time: DateTimeFormat {
        pattern: "yyyy-MM-ddTHH:mm:ss+07:00",
    },
    inner_attributes: |version| version.names().attributes,
};

hoso_xml::format_versions! {
    /// A version of the land registry office's format.
    pub enum Version with Names {
        /// Version 1: namespace `urn:hoso:dangkydatdai:v1`, attribute `phienBan="1"` optional; administrative
        /// units as pre-2025 codes only.
        V1 => ("urn:hoso:dangkydatdai:v1", "1", optional, &names::V1_NAMES),
        /// Version 2: namespace `urn:hoso:dangkydatdai:v2`, attribute `phienBan="2"` required; renames fields,
        /// carries the agency code, administrative units of either generation, and more fields (see the README).
        V2 => ("urn:hoso:dangkydatdai:v2", "2", required, &names::V2_NAMES),
    }
}

/// The messages to the agency the format carries.
pub(crate) const OUTBOUND: [OutboundKind; 3] = [
    OutboundKind::Submission,
    OutboundKind::SupplementDelivered,
    OutboundKind::Withdrawal,
];

/// The notices from the agency the format carries, with their root elements.
pub(crate) const NOTICES: &NoticeRoots = &[
    (NoticeKind::Accepted, root::ACCEPTANCE),
    (NoticeKind::SupplementRequested, root::SUPPLEMENT_REQUEST),
    (NoticeKind::Refused, root::REFUSAL),
    (NoticeKind::Processing, root::PROCESSING),
    (NoticeKind::FinancialObligation, root::FINANCIAL_OBLIGATION),
    (NoticeKind::ObligationPaid, root::PAYMENT_CONFIRMED),
    (NoticeKind::ResultReady, root::RESULT_READY),
    (NoticeKind::ResultHandedToPost, root::HANDED_TO_POST),
];

/// Root elements: one per message, the same in every version.
pub(crate) mod root {
    /// Nộp hồ sơ: a dossier filed with the office.
    pub(crate) const SUBMISSION: &str = "NopHoSo";
    /// Nộp bổ sung: papers delivered after a supplement request.
    pub(crate) const SUPPLEMENT_DELIVERED: &str = "NopBoSung";
    /// Rút hồ sơ: withdrawal at the applicant's request.
    pub(crate) const WITHDRAWAL: &str = "RutHoSo";
    /// Biên nhận: the office's acknowledgement of a message, with its receipt number (số biên nhận).
    pub(crate) const RECEIPT: &str = "BienNhan";
    /// Tiếp nhận hồ sơ: accepted, with the appointment date.
    pub(crate) const ACCEPTANCE: &str = "TiepNhanHoSo";
    /// Yêu cầu bổ sung: papers are missing.
    pub(crate) const SUPPLEMENT_REQUEST: &str = "YeuCauBoSung";
    /// Từ chối hồ sơ: refused.
    pub(crate) const REFUSAL: &str = "TuChoiHoSo";
    /// Cập nhật tiến độ: processing started, extended or stopped.
    pub(crate) const PROCESSING: &str = "CapNhatTienDo";
    /// Thông báo nghĩa vụ tài chính: taxes and fees to pay before processing goes on.
    pub(crate) const FINANCIAL_OBLIGATION: &str = "ThongBaoNghiaVuTaiChinh";
    /// Xác nhận nộp tiền: the obligation was paid.
    pub(crate) const PAYMENT_CONFIRMED: &str = "XacNhanNopTien";
    /// Kết quả sẵn sàng: the certificate is ready.
    pub(crate) const RESULT_READY: &str = "KetQuaSanSang";
    /// Bàn giao bưu điện: the certificate handed to the post.
    pub(crate) const HANDED_TO_POST: &str = "BanGiaoBuuDien";
}

/// Attributes of every root element.
pub(crate) mod attr {
    /// Message id.
    pub(crate) const MESSAGE_ID: &str = "maThongDiep";
    /// Time sent, `yyyy-MM-ddTHH:mm:ss+07:00`.
    pub(crate) const SENT_AT: &str = "thoiGianGui";
    /// Version number (`1`, `2`).
    pub(crate) const VERSION: &str = "phienBan";
    /// v2 `DonViHanhChinh`: the code set, `2025` or `2004`.
    pub(crate) const CODE_SET: &str = "heMa";
    /// `LyDo` of a refusal: the office's reason code.
    pub(crate) const REASON_CODE: &str = "maLyDo";
}
