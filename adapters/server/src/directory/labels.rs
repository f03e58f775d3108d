//! The directory's words in both languages: kinds, services, weekdays, and the notices of a search.

use hoso_core::Province;
use hoso_core::state::Label;
use jiff::civil::Weekday;

use super::search::{MAX_POINTS, Notice};
use super::{PointKind, PointService};
use crate::page::{Lang, text};

pub(super) fn kind_label(kind: PointKind) -> Label {
    match kind {
        PointKind::PostOffice => text("Bưu cục", "Post office"),
        PointKind::CommuneCulturalPost => text(
            "Điểm Bưu điện - Văn hóa xã",
            "Commune post and culture point",
        ),
        PointKind::PostalAgent => text("Đại lý bưu điện", "Postal agent"),
        PointKind::PublicServiceCentre => text(
            "Trung tâm phục vụ hành chính công",
            "Public administrative service centre",
        ),
    }
}

pub(super) fn service_label(service: PointService) -> Label {
    match service {
        PointService::ReceiveDossiers => text(
            "Tiếp nhận hồ sơ thủ tục hành chính",
            "Takes dossiers of administrative procedures",
        ),
        PointService::ReturnResults => text(
            "Trả kết quả giải quyết thủ tục hành chính",
            "Hands out the results of procedures",
        ),
        PointService::CollectFees => {
            text("Thu hộ phí, lệ phí", "Collects fees on the agency's behalf")
        }
        PointService::Guidance => text(
            "Hướng dẫn thủ tục, kê khai hồ sơ",
            "Help with procedures and forms",
        ),
        PointService::PostalItems => text("Gửi, nhận bưu gửi", "Letters and parcels"),
    }
}

pub(super) const WEEK: [(Weekday, Label); 7] = [
    (Weekday::Monday, text("Thứ Hai", "Monday")),
    (Weekday::Tuesday, text("Thứ Ba", "Tuesday")),
    (Weekday::Wednesday, text("Thứ Tư", "Wednesday")),
    (Weekday::Thursday, text("Thứ Năm", "Thursday")),
    (Weekday::Friday, text("Thứ Sáu", "Friday")),
    (Weekday::Saturday, text("Thứ Bảy", "Saturday")),
    (Weekday::Sunday, text("Chủ Nhật", "Sunday")),
];

pub(super) fn province_name(code: &hoso_core::AdminUnitCode) -> String {
    Province::of(code).map_or_else(|| code.to_string(), |p| p.full_name())
}

pub(super) fn notice_text(notice: &Notice, lang: Lang) -> (&'static str, String) {
    match (notice, lang) {
        (Notice::ProvinceMerged { from, into }, Lang::Vi) => (
            "province_merged",
            format!(
                "{} nay thuộc {} (Nghị quyết 202/2025/QH15, từ ngày 01/7/2025).",
                from.name,
                into.full_name()
            ),
        ),
        (Notice::ProvinceMerged { from, into }, Lang::En) => (
            "province_merged",
            format!(
                "{} is now part of {} (Resolution 202/2025/QH15, from 1 July 2025).",
                from.name,
                into.full_name()
            ),
        ),
        (
            Notice::CommuneMerged {
                from,
                into,
                province,
            },
            Lang::Vi,
        ) => (
            "commune_merged",
            format!(
                "{from} nay thuộc {into}, {} (từ ngày 01/7/2025).",
                province_name(province)
            ),
        ),
        (
            Notice::CommuneMerged {
                from,
                into,
                province,
            },
            Lang::En,
        ) => (
            "commune_merged",
            format!(
                "{from} is now part of {into}, {} (from 1 July 2025).",
                province_name(province)
            ),
        ),
        (Notice::UnknownProvince(q), Lang::Vi) => (
            "unknown_province",
            format!("Không có tỉnh, thành phố nào tên “{q}”."),
        ),
        (Notice::UnknownProvince(q), Lang::En) => (
            "unknown_province",
            format!("No province or city is called “{q}”."),
        ),
        (Notice::UnknownCommune(q), Lang::Vi) => (
            "unknown_commune",
            format!("Không tìm thấy điểm phục vụ ở xã, phường “{q}”."),
        ),
        (Notice::UnknownCommune(q), Lang::En) => (
            "unknown_commune",
            format!("No service point is listed in a commune or ward called “{q}”."),
        ),
        (Notice::Truncated { found }, Lang::Vi) => (
            "truncated",
            format!(
                "Tìm thấy {found} điểm; chỉ hiện {MAX_POINTS} điểm đầu. Hãy nhập thêm xã, phường."
            ),
        ),
        (Notice::Truncated { found }, Lang::En) => (
            "truncated",
            format!(
                "{found} points found; only the first {MAX_POINTS} are shown. Give a commune or ward too."
            ),
        ),
    }
}
