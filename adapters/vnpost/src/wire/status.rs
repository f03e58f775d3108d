//! VNPost's status codes, mapped onto the steps of the postal leg.
//!
//! **Unverified**: no official list of VNPost's status codes has been found (the integration notes say so for
//! every public implementation read). The codes below are the ones this adapter and its simulator use; a real
//! deployment replaces this table with VNPost's list, and any code it does not list is reported as unknown,
//! never guessed.

use hoso_core::carrier::{PostalStep, StatusEntry, StatusTable};
use hoso_core::event::{DeliveryFailure, Recipient};

const fn attempt(reason: DeliveryFailure) -> Option<PostalStep> {
    Some(PostalStep::DeliveryAttempted { reason })
}

/// VNPost's status codes (unverified, see the module's documentation).
pub const VNPOST_STATUS: StatusTable = StatusTable::new(
    "vnpost",
    &[
        StatusEntry {
            code: "100",
            step: None,
            meaning: "Tiếp nhận đơn hàng (order received)",
        },
        StatusEntry {
            code: "200",
            step: Some(PostalStep::Collected),
            meaning: "Đã nhận gửi, niêm phong (collected and sealed)",
        },
        StatusEntry {
            code: "300",
            step: Some(PostalStep::InTransit),
            meaning: "Đang vận chuyển (in transit)",
        },
        StatusEntry {
            code: "400",
            step: Some(PostalStep::OutForDelivery),
            meaning: "Đang phát (out for delivery)",
        },
        StatusEntry {
            code: "501",
            step: Some(PostalStep::Delivered {
                recipient: Recipient::Applicant,
            }),
            meaning: "Phát thành công (delivered)",
        },
        StatusEntry {
            code: "502",
            step: attempt(DeliveryFailure::RecipientAbsent),
            meaning: "Phát không thành công: vắng nhà (recipient absent)",
        },
        StatusEntry {
            code: "503",
            step: attempt(DeliveryFailure::AddressNotFound),
            meaning: "Phát không thành công: không tìm thấy địa chỉ (address not found)",
        },
        StatusEntry {
            code: "504",
            step: attempt(DeliveryFailure::Refused),
            meaning: "Phát không thành công: người nhận từ chối (refused)",
        },
        StatusEntry {
            code: "505",
            step: Some(PostalStep::AwaitingCollection),
            meaning: "Lưu tại bưu cục, mời nhận (held at the post office)",
        },
        StatusEntry {
            code: "506",
            step: Some(PostalStep::Delivered {
                recipient: Recipient::AuthorisedPerson,
            }),
            meaning: "Phát thành công cho người được ủy quyền (delivered to an authorised person)",
        },
        StatusEntry {
            code: "600",
            step: Some(PostalStep::Returned),
            meaning: "Chuyển hoàn (returned to sender)",
        },
        StatusEntry {
            code: "700",
            step: Some(PostalStep::Lost),
            meaning: "Thất lạc (lost)",
        },
        StatusEntry {
            code: "900",
            step: None,
            meaning: "Hủy đơn hàng (order cancelled)",
        },
    ],
);
