//! The portal's codes, as tables: what each of `hoso`'s values is called on the wire. The mapping reads these
//! tables and nothing else, so a province whose relay reads a code otherwise changes a table, not the code
//! (see [`StatusCodes`]).

use hoso_core::Channel;
use hoso_core::dossier::FeeKind;
use hoso_core::event::{ActorRole, EventType};

/// `KenhThucHien`: the channel a dossier was received on (1 in person, 2 online, 3 postal, BCCI).
pub const CHANNELS: [(Channel, &str); 3] = [
    (Channel::InPerson, "1"),
    (Channel::Online, "2"),
    (Channel::Postal, "3"),
];

/// `HinhThuc`: how the result is given: "0" at the desk, "1" by post.
pub const RESULT_AT_DESK: &str = "0";
/// `HinhThuc` of a result returned by post.
pub const RESULT_BY_POST: &str = "1";

/// `LoaiDoiTuong` of a citizen.
pub const OWNER_CITIZEN: &str = "1";
/// `LoaiDoiTuong` of an enterprise or other organisation.
pub const OWNER_ENTERPRISE: &str = "2";

/// `LoaiDinhDanh` of a 12-digit citizen identity number (CCCD).
pub const IDENTITY_CCCD: &str = "1";

/// `NoiNopHoSo`: the value both public implementations send ("2"; its meaning is **unverified**).
pub const FILED_AT: &str = "2";

/// `TaiKhoanDuocXacThucVoiVNeID`: "0", the dossier was not filed from a VNeID-verified account.
pub const NOT_VNEID_VERIFIED: &str = "0";

/// `DuocThanhToanTrucTuyen`: "1" paid online, "3" otherwise (fees are paid at the post office).
pub const NOT_PAID_ONLINE: &str = "3";

/// `DanhSachLePhi[]`: for each kind of fee line, its name (`TenPhiLePhi`), code (`MaPhiLePhi`), how it is
/// collected (`HinhThucThu`) and its kind (`LoaiPhiLePhi`). The codes are **unverified** (no list was found):
/// "1" for a fee of the procedure, "2" for the postal charge; collected "2", by the post.
pub const FEES: [(FeeKind, &str, &str, &str, &str); 2] = [
    (
        FeeKind::ProcedureFee,
        "Lệ phí giải quyết thủ tục",
        "LEPHI",
        "2",
        "1",
    ),
    (
        FeeKind::PostalCharge,
        "Cước dịch vụ bưu chính công ích",
        "CUOCBC",
        "2",
        "2",
    ),
];

/// `ChucDanh`: the title of whoever did a step.
pub const TITLES: [(ActorRole, &str); 5] = [
    (ActorRole::Citizen, "Công dân"),
    (ActorRole::PostalWorker, "Nhân viên bưu điện"),
    (ActorRole::OneStopOfficer, "Cán bộ bộ phận một cửa"),
    (ActorRole::AgencySystem, "Hệ thống của cơ quan giải quyết"),
    (
        ActorRole::PostalSystem,
        "Hệ thống của doanh nghiệp bưu chính",
    ),
];

/// `NoiDungXuLy`: what a step was, by the event that made it.
pub const STEP_TEXTS: [(EventType, &str); 15] = [
    (
        EventType::Opened,
        "Tiếp nhận hồ sơ qua dịch vụ bưu chính công ích",
    ),
    (EventType::Accepted, "Tiếp nhận hồ sơ, hẹn ngày trả kết quả"),
    (EventType::Refused, "Từ chối tiếp nhận hồ sơ"),
    (EventType::ProcessingStarted, "Giải quyết hồ sơ"),
    (
        EventType::SupplementRequested,
        "Yêu cầu bổ sung, hoàn thiện hồ sơ",
    ),
    (EventType::SupplementReceived, "Nhận hồ sơ bổ sung"),
    (
        EventType::FinancialObligationNotified,
        "Thông báo nghĩa vụ tài chính",
    ),
    (
        EventType::FinancialObligationPaid,
        "Đã thực hiện nghĩa vụ tài chính",
    ),
    (EventType::Extended, "Xin lỗi và hẹn lại ngày trả kết quả"),
    (EventType::Stopped, "Dừng giải quyết hồ sơ"),
    (EventType::Withdrawn, "Công dân rút hồ sơ"),
    (
        EventType::ProcessingFinished,
        "Đã giải quyết xong, chờ trả kết quả",
    ),
    (
        EventType::ResultReturnedAtDesk,
        "Trả kết quả tại bộ phận một cửa",
    ),
    (
        EventType::ResultCollected,
        "Bưu điện nhận kết quả để chuyển trả",
    ),
    (
        EventType::HandedToAgency,
        "Bưu điện bàn giao hồ sơ cho bộ phận một cửa",
    ),
];

/// A step of any other event (a status change the tables above do not name): the status's own label.
pub fn step_text(event: EventType) -> Option<&'static str> {
    STEP_TEXTS
        .iter()
        .find(|(e, _)| *e == event)
        .map(|(_, text)| *text)
}

/// How `hoso`'s portal status (1–10, `Dossier::portal_status`) is written in `TrangThaiHoSo` and
/// `TrangThai`. The default writes each status as itself; some provinces' relays read fewer codes (the
/// notes record Thanh Hóa sending 5, 6 and 8 as 9), which [`StatusCodes::with`] expresses.
///
/// ```
/// use hoso_dvcqg::StatusCodes;
/// let thanh_hoa = StatusCodes::default().with(5, 9).with(6, 9).with(8, 9);
/// assert_eq!(thanh_hoa.code(5), "9");
/// assert_eq!(thanh_hoa.code(4), "4");
/// assert_eq!(StatusCodes::default().code(10), "10");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusCodes {
    codes: [u8; 10],
}

impl Default for StatusCodes {
    fn default() -> Self {
        StatusCodes {
            codes: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
        }
    }
}

impl StatusCodes {
    /// The same table, with status `status` written as `code` (both 1–10; anything else leaves the table
    /// as it was).
    pub fn with(mut self, status: u8, code: u8) -> Self {
        if (1..=10).contains(&status) && (1..=10).contains(&code) {
            self.codes[usize::from(status - 1)] = code;
        }
        self
    }

    /// The code written for `status` (a status outside 1–10, which the core never gives, is written as is).
    pub fn code(&self, status: u8) -> String {
        match status {
            1..=10 => self.codes[usize::from(status - 1)].to_string(),
            other => other.to_string(),
        }
    }
}
