//! The states of a dossier's two legs, with their bilingual labels and the national portal's status codes.
//!
//! The agency leg follows the dossier through the one-stop desk and the processing unit; the postal leg
//! follows the paper (dossier there, result back). Both run side by side on one [`crate::Dossier`].

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A state label in Vietnamese and English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Label {
    /// The Vietnamese label, as used by one-stop systems.
    pub vi: &'static str,
    /// The English label.
    pub en: &'static str,
}

/// The agency leg: where the dossier stands with the agency.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum AgencyState {
    /// Newly registered, not yet accepted (portal code 1).
    Registered,
    /// Accepted with a receipt and an appointment date (portal code 2).
    Accepted,
    /// Not accepted: refused with a reason (portal code 3).
    Refused,
    /// Being processed (portal code 4).
    Processing,
    /// Waiting for papers the agency asked for (portal code 5).
    SupplementRequested,
    /// Waiting for the applicant to pay financial obligations, typically land tax and fees (portal code 6).
    AwaitingFinancialObligation,
    /// Withdrawn at the applicant's request (portal code 7).
    Withdrawn,
    /// Processing stopped by the agency (portal code 8).
    Stopped,
    /// Processing finished; the result is ready (portal code 9).
    Done,
    /// The result has left the agency: handed to the post or to the applicant at the desk (portal code 10).
    ResultReturned,
}

impl AgencyState {
    /// Every agency state, in the order of the portal codes' meaning.
    pub const ALL: [AgencyState; 10] = [
        AgencyState::Registered,
        AgencyState::Accepted,
        AgencyState::Refused,
        AgencyState::Processing,
        AgencyState::SupplementRequested,
        AgencyState::AwaitingFinancialObligation,
        AgencyState::Withdrawn,
        AgencyState::Stopped,
        AgencyState::Done,
        AgencyState::ResultReturned,
    ];

    /// The national public service portal's status code (`TrangThaiHoSo`, 1–10).
    pub fn portal_code(self) -> u8 {
        match self {
            AgencyState::Registered => 1,
            AgencyState::Accepted => 2,
            AgencyState::Refused => 3,
            AgencyState::Processing => 4,
            AgencyState::SupplementRequested => 5,
            AgencyState::AwaitingFinancialObligation => 6,
            AgencyState::Withdrawn => 7,
            AgencyState::Stopped => 8,
            AgencyState::Done => 9,
            AgencyState::ResultReturned => 10,
        }
    }

    /// The state with a given portal code, if any.
    pub fn from_portal_code(code: u8) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.portal_code() == code)
    }

    /// The bilingual label.
    pub fn label(self) -> Label {
        let (vi, en) = match self {
            AgencyState::Registered => ("Mới đăng ký", "Newly registered"),
            AgencyState::Accepted => ("Được tiếp nhận", "Accepted"),
            AgencyState::Refused => ("Không được tiếp nhận", "Not accepted"),
            AgencyState::Processing => ("Đang xử lý", "Processing"),
            AgencyState::SupplementRequested => ("Yêu cầu bổ sung giấy tờ", "Supplement requested"),
            AgencyState::AwaitingFinancialObligation => (
                "Yêu cầu thực hiện nghĩa vụ tài chính",
                "Awaiting financial obligation",
            ),
            AgencyState::Withdrawn => ("Công dân yêu cầu rút hồ sơ", "Withdrawn by the applicant"),
            AgencyState::Stopped => ("Dừng xử lý", "Processing stopped"),
            AgencyState::Done => ("Đã xử lý xong", "Processing finished"),
            AgencyState::ResultReturned => ("Đã trả kết quả", "Result returned"),
        };
        Label { vi, en }
    }

    /// Whether nothing more can happen on the agency leg.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            AgencyState::Refused
                | AgencyState::Withdrawn
                | AgencyState::Stopped
                | AgencyState::ResultReturned
        )
    }
}

/// The postal leg: where the paper is, in both directions.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PostalState {
    /// The post holds nothing yet.
    NotStarted,
    /// The applicant asked for a pickup at an address.
    PickupRequested,
    /// Taken at the counter or at the address, checked, and sealed in front of the applicant
    /// (Decision 45/2016/QĐ-TTg Art 6).
    CollectedAndSealed,
    /// On its way to the agency.
    InTransitToAgency,
    /// Handed to the agency's one-stop desk against a signed handover record (Decision 45/2016/QĐ-TTg Art 7).
    HandedToAgency,
    /// The result was counted, sealed and taken from the agency (Decision 45/2016/QĐ-TTg Art 9).
    ResultCollected,
    /// The result is on its way to the recipient's delivery office.
    InTransitToRecipient,
    /// A postal worker is out delivering the result.
    OutForDelivery,
    /// A delivery attempt failed; an invitation was left.
    DeliveryAttempted,
    /// Held at a post office; the recipient was told to come and collect it (Circular 17/2017/TT-BTTTT
    /// Art 7(2)(c)).
    AwaitingCollection,
    /// Delivered to the recipient or an authorised person (Decision 45/2016/QĐ-TTg Art 10(2)) against an ID
    /// document (Circular 17/2017/TT-BTTTT Art 5(2)(d)).
    Delivered,
    /// Undeliverable after the invitations: returned to the agency (Circular 17/2017/TT-BTTTT Art 5).
    ReturnedToAgency,
    /// Lost or damaged in the post's custody (Decision 45/2016/QĐ-TTg Art 14).
    LostOrDamaged,
}

impl PostalState {
    /// Every postal state, in the order of the journey.
    pub const ALL: [PostalState; 13] = [
        PostalState::NotStarted,
        PostalState::PickupRequested,
        PostalState::CollectedAndSealed,
        PostalState::InTransitToAgency,
        PostalState::HandedToAgency,
        PostalState::ResultCollected,
        PostalState::InTransitToRecipient,
        PostalState::OutForDelivery,
        PostalState::DeliveryAttempted,
        PostalState::AwaitingCollection,
        PostalState::Delivered,
        PostalState::ReturnedToAgency,
        PostalState::LostOrDamaged,
    ];

    /// The bilingual label.
    pub fn label(self) -> Label {
        let (vi, en) = match self {
            PostalState::NotStarted => ("Chưa tiếp nhận", "Not started"),
            PostalState::PickupRequested => ("Yêu cầu thu gom", "Pickup requested"),
            PostalState::CollectedAndSealed => {
                ("Đã nhận gửi và niêm phong", "Collected and sealed")
            }
            PostalState::InTransitToAgency => {
                ("Đang chuyển đến cơ quan", "In transit to the agency")
            }
            PostalState::HandedToAgency => ("Đã giao cơ quan", "Handed to the agency"),
            PostalState::ResultCollected => ("Đã nhận kết quả", "Result collected"),
            PostalState::InTransitToRecipient => {
                ("Đang chuyển kết quả", "In transit to the recipient")
            }
            PostalState::OutForDelivery => ("Đang phát", "Out for delivery"),
            PostalState::DeliveryAttempted => ("Phát không thành công", "Delivery attempted"),
            PostalState::AwaitingCollection => (
                "Chờ nhận tại điểm phục vụ bưu chính",
                "Awaiting collection at the post office",
            ),
            PostalState::Delivered => ("Đã phát thành công", "Delivered"),
            PostalState::ReturnedToAgency => ("Đã chuyển hoàn cơ quan", "Returned to the agency"),
            PostalState::LostOrDamaged => ("Mất, hư hỏng", "Lost or damaged"),
        };
        Label { vi, en }
    }

    /// Whether the post holds the paper in this state (and so answers for its loss: Decision 45/2016 Art 14).
    pub fn in_postal_custody(self) -> bool {
        matches!(
            self,
            PostalState::CollectedAndSealed
                | PostalState::InTransitToAgency
                | PostalState::ResultCollected
                | PostalState::InTransitToRecipient
                | PostalState::OutForDelivery
                | PostalState::DeliveryAttempted
                | PostalState::AwaitingCollection
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn portal_codes_are_one_to_ten_and_round_trip() {
        let codes: Vec<u8> = AgencyState::ALL.iter().map(|s| s.portal_code()).collect();
        assert_eq!(codes, (1..=10).collect::<Vec<u8>>());
        for s in AgencyState::ALL {
            assert_eq!(AgencyState::from_portal_code(s.portal_code()), Some(s));
        }
        assert_eq!(AgencyState::from_portal_code(0), None);
        assert_eq!(AgencyState::from_portal_code(11), None);
    }

    #[test]
    fn every_state_has_distinct_bilingual_labels() {
        let mut vi: Vec<&str> = AgencyState::ALL.iter().map(|s| s.label().vi).collect();
        vi.extend(PostalState::ALL.iter().map(|s| s.label().vi));
        let mut en: Vec<&str> = AgencyState::ALL.iter().map(|s| s.label().en).collect();
        en.extend(PostalState::ALL.iter().map(|s| s.label().en));
        for labels in [&mut vi, &mut en] {
            let n = labels.len();
            labels.sort_unstable();
            labels.dedup();
            assert_eq!(labels.len(), n, "duplicate label");
            assert!(labels.iter().all(|l| !l.is_empty()));
        }
    }
}
