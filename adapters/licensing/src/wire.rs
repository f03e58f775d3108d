//! The vocabulary of the licensing authority's XML format, as the authority names it: namespaces, versions,
//! the envelope, message and field names per version ([`names`]), and its date formats (in the envelope).
//!
//! The decoder is a hand-written pull parser (see `codec`) on the shared reader of `hoso-xml`, not
//! serde: quick-xml's serde support ignores namespace URIs, and a pull parser lets every limit and every error
//! position be enforced in one place.
//! This module is therefore the format's dictionary rather than a set of serde structs.

use hoso_core::adapter::{NoticeKind, OutboundKind};
use hoso_xml::{DateFormat, DateTimeFormat, Envelope, NoticeRoots};

mod names;

pub(crate) use names::{Names, V1_LICENCE_TITLE, field, inner_attr};

/// The prefix of the format's namespace URIs; the version follows it (`urn:hoso:gplx:v1`).
const NAMESPACE_PREFIX: &str = "urn:hoso:gplx:";

/// The envelope of every message: namespace and `phienBan` name the version, `maThongDiep` and
/// `thoiGianGui` the message id and send time.
pub(crate) static ENVELOPE: Envelope<Version> = Envelope {
    format: "the licensing authority's format",
    namespace_prefix: NAMESPACE_PREFIX,
    versions: &Version::ALL,
    version_attribute: attr::VERSION,
    message_id_attribute: attr::MESSAGE_ID,
    sent_at_attribute: attr::SENT_AT,
    date: DateFormat {
        pattern: "dd/MM/yyyy",
    },
    // Vietnam time (UTC+7).
    date_time: DateTimeFormat {
        pattern: "dd/MM/yyyy HH:mm:ss",
    },
    inner_attributes: |version| version.names().attributes,
};

hoso_xml::format_versions! {
    /// A version of the licensing authority's format.
    pub enum Version with Names {
        /// Version 1: namespace `urn:hoso:gplx:v1`, attribute `phienBan="1"` optional.
        V1 => ("urn:hoso:gplx:v1", "1", optional, &names::V1_NAMES),
        /// Version 2: namespace `urn:hoso:gplx:v2`, attribute `phienBan="2"` required; renames the dossier and
        /// receipt fields, carries the agency code, and adds fields (see the crate's README).
        V2 => ("urn:hoso:gplx:v2", "2", required, &names::V2_NAMES),
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
    (NoticeKind::ResultReady, root::RESULT_READY),
    (NoticeKind::ResultHandedToPost, root::HANDED_TO_POST),
];

/// Root elements: one per message, the same in every version.
pub(crate) mod root {
    /// Nộp hồ sơ: a dossier submitted to the authority.
    pub(crate) const SUBMISSION: &str = "NopHoSo";
    /// Nộp bổ sung: papers delivered after a supplement request.
    pub(crate) const SUPPLEMENT_DELIVERED: &str = "NopBoSung";
    /// Rút hồ sơ: withdrawal at the applicant's request.
    pub(crate) const WITHDRAWAL: &str = "RutHoSo";
    /// Biên nhận: the authority's acknowledgement of a message it received, with its receipt number.
    pub(crate) const RECEIPT: &str = "BienNhan";
    /// Tiếp nhận hồ sơ: acceptance with an appointment date.
    pub(crate) const ACCEPTANCE: &str = "TiepNhanHoSo";
    /// Yêu cầu bổ sung: supplement request.
    pub(crate) const SUPPLEMENT_REQUEST: &str = "YeuCauBoSung";
    /// Từ chối hồ sơ: refusal with a reason.
    pub(crate) const REFUSAL: &str = "TuChoiHoSo";
    /// Cập nhật xử lý: processing update.
    pub(crate) const PROCESSING: &str = "CapNhatXuLy";
    /// Kết quả sẵn sàng: the licence is ready.
    pub(crate) const RESULT_READY: &str = "KetQuaSanSang";
    /// Bàn giao bưu điện: the licence handed to the post.
    pub(crate) const HANDED_TO_POST: &str = "BanGiaoBuuDien";
}

/// Attributes of every root element.
pub(crate) mod attr {
    /// Message id.
    pub(crate) const MESSAGE_ID: &str = "maThongDiep";
    /// Time sent, `dd/MM/yyyy HH:mm:ss` in Vietnam time.
    pub(crate) const SENT_AT: &str = "thoiGianGui";
    /// Version number (`1`, `2`).
    pub(crate) const VERSION: &str = "phienBan";
}
