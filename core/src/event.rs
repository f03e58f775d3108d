//! Events: the facts a dossier is the fold of.
//!
//! Every event has an id (for idempotency: a duplicate id is a no-op), a time, an actor and a place. Events
//! belong to the agency leg or the postal leg; [`EventType`] names them without their data, for the
//! transition table in [`crate::machine`].

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::dossier::DossierHeader;
use crate::{TrackingNumber, Vnd};

/// An event's id, unique per dossier; 128 bits written like a UUID (`8-4-4-4-12` lowercase hex).
///
/// Adapters derive ids from the agency's own message ids with [`EventId::derive`], so the same message
/// delivered twice yields the same id and is applied once.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EventId(u128);

/// A malformed event id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("event id {value:?} is not 32 hex digits in 8-4-4-4-12 form")]
pub struct EventIdError {
    /// The offending text (at most 64 characters of it).
    pub value: String,
}

impl EventId {
    /// An id from its 128-bit value.
    pub const fn from_u128(value: u128) -> Self {
        EventId(value)
    }

    /// The 128-bit value.
    pub const fn as_u128(self) -> u128 {
        self.0
    }

    /// A deterministic id for a message of an outside system: the first 128 bits of
    /// SHA-256(`source` ‖ 0x00 ‖ `key`). The same source and key always give the same id.
    ///
    /// ```
    /// use hoso_core::event::EventId;
    /// let a = EventId::derive("gplx", "MSG-2026-000123");
    /// assert_eq!(a, EventId::derive("gplx", "MSG-2026-000123"));
    /// assert_ne!(a, EventId::derive("land", "MSG-2026-000123"));
    /// ```
    pub fn derive(source: &str, key: &str) -> Self {
        let mut h = Sha256::new();
        h.update(source.as_bytes());
        h.update([0u8]);
        h.update(key.as_bytes());
        let digest = h.finalize();
        let mut first = [0u8; 16];
        first.copy_from_slice(&digest[..16]);
        EventId(u128::from_be_bytes(first))
    }
}

impl fmt::Display for EventId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.0;
        write!(
            f,
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            (v >> 96) as u32,
            (v >> 80) as u16,
            (v >> 64) as u16,
            (v >> 48) as u16,
            v & 0xffff_ffff_ffff
        )
    }
}

impl fmt::Debug for EventId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EventId({self})")
    }
}

impl FromStr for EventId {
    type Err = EventIdError;
    fn from_str(s: &str) -> Result<Self, EventIdError> {
        let err = || EventIdError {
            value: s.chars().take(64).collect(),
        };
        let groups: Vec<&str> = s.split('-').collect();
        let widths = [8, 4, 4, 4, 12];
        if groups.len() != widths.len() || groups.iter().zip(widths).any(|(g, w)| g.len() != w) {
            return Err(err());
        }
        let mut value: u128 = 0;
        for c in groups.concat().chars() {
            let d = c
                .to_digit(16)
                .filter(|_| !c.is_ascii_uppercase())
                .ok_or_else(err)?;
            value = (value << 4) | u128::from(d);
        }
        Ok(EventId(value))
    }
}

impl TryFrom<String> for EventId {
    type Error = EventIdError;
    fn try_from(s: String) -> Result<Self, EventIdError> {
        s.parse()
    }
}

impl From<EventId> for String {
    fn from(id: EventId) -> String {
        id.to_string()
    }
}

impl JsonSchema for EventId {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "EventId".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
        })
    }
}

/// Who did something.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActorRole {
    /// The applicant, or a person acting for them.
    Citizen,
    /// A postal worker (counter clerk, collector, carrier).
    PostalWorker,
    /// An officer of the agency's one-stop desk (bộ phận một cửa).
    OneStopOfficer,
    /// The agency's IT system, through its adapter.
    AgencySystem,
    /// The postal operator's IT system.
    PostalSystem,
}

/// An actor: a role and an identifier (staff number, system name). Never a citizen ID number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Actor {
    /// The role.
    pub role: ActorRole,
    /// Staff number, account or system name.
    pub id: Arc<str>,
}

impl Actor {
    /// An actor from a role and an identifier.
    pub fn new(role: ActorRole, id: impl Into<Arc<str>>) -> Self {
        Actor {
            role,
            id: id.into(),
        }
    }
}

/// What kind of place an event happened at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlaceKind {
    /// A post office or postal service point (identified by its postal code or office code).
    PostOffice,
    /// The applicant's or recipient's address.
    Address,
    /// An agency's one-stop desk (identified by the agency code).
    OneStopDesk,
    /// A mail sorting or transit centre.
    SortingCentre,
    /// An information system (no physical place).
    System,
}

/// Where an event happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Place {
    /// The kind of place.
    pub kind: PlaceKind,
    /// Its code: a post office code, an agency code, an administrative unit code, a system name.
    pub id: Arc<str>,
}

impl Place {
    /// A place from a kind and a code.
    pub fn new(kind: PlaceKind, id: impl Into<Arc<str>>) -> Self {
        Place {
            kind,
            id: id.into(),
        }
    }
}

/// Why a delivery attempt failed (the UPU "attempted delivery" event carries such a reason).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DeliveryFailure {
    /// Nobody at the address.
    RecipientAbsent,
    /// The address could not be found.
    AddressNotFound,
    /// The recipient refused the item.
    Refused,
    /// The person could not prove identity or authorisation.
    IdentityNotProven,
    /// Any other reason.
    Other,
}

/// Who received a delivered result: the applicant or an authorised person (Decision 45/2016/QĐ-TTg
/// Art 10(2)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Recipient {
    /// The applicant, on showing an ID document.
    Applicant,
    /// A person authorised in writing, on showing the authorisation and an ID document.
    AuthorisedPerson,
}

/// What happened, with its data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "type")]
#[non_exhaustive]
pub enum EventKind {
    /// The dossier was opened: at a post office counter, at a pickup, or by the agency for a
    /// result-only postal service. Always the first event.
    Opened {
        /// What the dossier is: code, procedure, applicant, documents, fees.
        header: Arc<DossierHeader>,
    },
    // ----- agency leg -----
    /// The one-stop desk accepted the dossier (Giấy tiếp nhận hồ sơ và hẹn trả kết quả: form 01 of Circular
    /// 01/2018/TT-VPCP and of Circular 03/2025/TT-VPCP; numbers by regime in `regime::Form`).
    Accepted {
        /// The appointment date for the result.
        #[schemars(schema_with = "crate::time::date_schema")]
        appointment: Date,
    },
    /// The desk refused the dossier (Phiếu từ chối tiếp nhận giải quyết hồ sơ: form 03 of Circular
    /// 01/2018/TT-VPCP and of Circular 03/2025/TT-VPCP).
    Refused {
        /// Why.
        reason: String,
    },
    /// Processing started (or resumed after a payment or a supplement).
    ProcessingStarted,
    /// The agency asked for more papers (Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ: form 02 of Circular
    /// 01/2018/TT-VPCP and of Circular 03/2025/TT-VPCP).
    SupplementRequested {
        /// What is missing.
        missing: Vec<String>,
    },
    /// The requested papers arrived; the processing clock restarts from zero (Decree 61/2018/NĐ-CP Art 19;
    /// from 1 July 2025 Decree 118/2025/NĐ-CP, see `regime::Provision::ClockRestart`).
    SupplementReceived,
    /// The applicant must pay financial obligations (land tax, fees) before processing goes on.
    FinancialObligationNotified {
        /// The amount due, in whole đồng.
        amount: Vnd,
        /// The payment deadline, if the notice gives one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schemars(schema_with = "crate::time::option_date_schema")]
        due: Option<Date>,
    },
    /// The financial obligation was paid.
    FinancialObligationPaid {
        /// The amount paid, in whole đồng.
        amount: Vnd,
    },
    /// The agency apologised and set a new date: form 04, Phiếu xin lỗi và hẹn lại ngày trả kết quả
    /// (Circular 01/2018/TT-VPCP) or Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (Circular
    /// 03/2025/TT-VPCP); allowed once (Decree 61/2018/NĐ-CP Art 19; Decree 118/2025/NĐ-CP).
    Extended {
        /// The new appointment date.
        #[schemars(schema_with = "crate::time::date_schema")]
        new_appointment: Date,
        /// Why the dossier is late.
        reason: String,
    },
    /// The agency stopped processing (for dossiers received from 1 July 2025, Thông báo dừng giải quyết hồ
    /// sơ: form 05 of Circular 03/2025/TT-VPCP).
    Stopped {
        /// Why.
        reason: String,
    },
    /// The applicant withdrew the dossier.
    Withdrawn {
        /// Why, if given.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// Processing finished; the result is ready.
    ProcessingFinished,
    /// The result was handed to the applicant at the desk (no postal return).
    ResultReturnedAtDesk,
    // ----- postal leg -----
    /// The applicant asked the post to collect the dossier at an address.
    PickupRequested,
    /// The post took the dossier, checked it against the document list and sealed it in front of the
    /// applicant; both signed the sending slip (Phiếu gửi hồ sơ, Decision 45/2016/QĐ-TTg Art 6).
    CollectedAndSealed {
        /// The tracking number of the outbound item.
        tracking: TrackingNumber,
        /// The seal's id.
        seal: String,
    },
    /// The sealed dossier left for the agency.
    DispatchedToAgency,
    /// The post handed the dossier to the one-stop desk; both signed the handover record (Biên bản giao nhận
    /// hồ sơ, Decision 45/2016/QĐ-TTg Art 7(3)). This is the legal filing time (Art 7(4)).
    HandedToAgency,
    /// The post took the result from the agency, counted and sealed in front of it (Decision 45/2016/QĐ-TTg
    /// Art 9). The agency leg moves to result returned at the same time.
    ResultCollected {
        /// The tracking number of the return item.
        tracking: TrackingNumber,
        /// The seal's id.
        seal: String,
    },
    /// The result left for the recipient's delivery office.
    DispatchedToRecipient,
    /// A postal worker went out to deliver the result.
    OutForDelivery,
    /// A delivery attempt failed and an invitation was left (Circular 17/2017/TT-BTTTT Art 5).
    DeliveryAttempted {
        /// Why it failed.
        reason: DeliveryFailure,
    },
    /// The result is held at a post office (điểm phục vụ bưu chính) for the recipient to collect, and the
    /// recipient was told to come and collect it. For a result given at a post office the carriage time
    /// ends here (Circular 17/2017/TT-BTTTT Art 7(2)(c)), not at the handing over.
    CollectionNotified,
    /// The result was delivered against an ID document (Circular 17/2017/TT-BTTTT Art 5(2)(d)) and signature
    /// (Decision 45/2016/QĐ-TTg Art 10(3)).
    Delivered {
        /// Who received it.
        recipient: Recipient,
    },
    /// After the invitations failed, the result went back to the agency (Circular 17/2017/TT-BTTTT Art 5).
    ReturnedToAgency,
    /// The item was lost or damaged in the post's custody (Decision 45/2016/QĐ-TTg Art 14).
    LostOrDamaged {
        /// True if lost, false if damaged.
        lost: bool,
        /// What happened.
        note: String,
    },
}

/// The type of an event, without its data: the key of the transition table.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)] // each mirrors the EventKind variant of the same name
pub enum EventType {
    Opened,
    Accepted,
    Refused,
    ProcessingStarted,
    SupplementRequested,
    SupplementReceived,
    FinancialObligationNotified,
    FinancialObligationPaid,
    Extended,
    Stopped,
    Withdrawn,
    ProcessingFinished,
    ResultReturnedAtDesk,
    PickupRequested,
    CollectedAndSealed,
    DispatchedToAgency,
    HandedToAgency,
    ResultCollected,
    DispatchedToRecipient,
    OutForDelivery,
    DeliveryAttempted,
    CollectionNotified,
    Delivered,
    ReturnedToAgency,
    LostOrDamaged,
}

impl EventType {
    /// Every event type, agency leg first.
    pub const ALL: [EventType; 25] = [
        EventType::Opened,
        EventType::Accepted,
        EventType::Refused,
        EventType::ProcessingStarted,
        EventType::SupplementRequested,
        EventType::SupplementReceived,
        EventType::FinancialObligationNotified,
        EventType::FinancialObligationPaid,
        EventType::Extended,
        EventType::Stopped,
        EventType::Withdrawn,
        EventType::ProcessingFinished,
        EventType::ResultReturnedAtDesk,
        EventType::PickupRequested,
        EventType::CollectedAndSealed,
        EventType::DispatchedToAgency,
        EventType::HandedToAgency,
        EventType::ResultCollected,
        EventType::DispatchedToRecipient,
        EventType::OutForDelivery,
        EventType::DeliveryAttempted,
        EventType::CollectionNotified,
        EventType::Delivered,
        EventType::ReturnedToAgency,
        EventType::LostOrDamaged,
    ];

    /// The snake_case name used in JSON and diagrams.
    pub fn name(self) -> &'static str {
        match self {
            EventType::Opened => "opened",
            EventType::Accepted => "accepted",
            EventType::Refused => "refused",
            EventType::ProcessingStarted => "processing_started",
            EventType::SupplementRequested => "supplement_requested",
            EventType::SupplementReceived => "supplement_received",
            EventType::FinancialObligationNotified => "financial_obligation_notified",
            EventType::FinancialObligationPaid => "financial_obligation_paid",
            EventType::Extended => "extended",
            EventType::Stopped => "stopped",
            EventType::Withdrawn => "withdrawn",
            EventType::ProcessingFinished => "processing_finished",
            EventType::ResultReturnedAtDesk => "result_returned_at_desk",
            EventType::PickupRequested => "pickup_requested",
            EventType::CollectedAndSealed => "collected_and_sealed",
            EventType::DispatchedToAgency => "dispatched_to_agency",
            EventType::HandedToAgency => "handed_to_agency",
            EventType::ResultCollected => "result_collected",
            EventType::DispatchedToRecipient => "dispatched_to_recipient",
            EventType::OutForDelivery => "out_for_delivery",
            EventType::DeliveryAttempted => "delivery_attempted",
            EventType::CollectionNotified => "collection_notified",
            EventType::Delivered => "delivered",
            EventType::ReturnedToAgency => "returned_to_agency",
            EventType::LostOrDamaged => "lost_or_damaged",
        }
    }
}

impl fmt::Display for EventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl EventKind {
    /// The event's type, without its data.
    pub fn event_type(&self) -> EventType {
        match self {
            EventKind::Opened { .. } => EventType::Opened,
            EventKind::Accepted { .. } => EventType::Accepted,
            EventKind::Refused { .. } => EventType::Refused,
            EventKind::ProcessingStarted => EventType::ProcessingStarted,
            EventKind::SupplementRequested { .. } => EventType::SupplementRequested,
            EventKind::SupplementReceived => EventType::SupplementReceived,
            EventKind::FinancialObligationNotified { .. } => EventType::FinancialObligationNotified,
            EventKind::FinancialObligationPaid { .. } => EventType::FinancialObligationPaid,
            EventKind::Extended { .. } => EventType::Extended,
            EventKind::Stopped { .. } => EventType::Stopped,
            EventKind::Withdrawn { .. } => EventType::Withdrawn,
            EventKind::ProcessingFinished => EventType::ProcessingFinished,
            EventKind::ResultReturnedAtDesk => EventType::ResultReturnedAtDesk,
            EventKind::PickupRequested => EventType::PickupRequested,
            EventKind::CollectedAndSealed { .. } => EventType::CollectedAndSealed,
            EventKind::DispatchedToAgency => EventType::DispatchedToAgency,
            EventKind::HandedToAgency => EventType::HandedToAgency,
            EventKind::ResultCollected { .. } => EventType::ResultCollected,
            EventKind::DispatchedToRecipient => EventType::DispatchedToRecipient,
            EventKind::OutForDelivery => EventType::OutForDelivery,
            EventKind::DeliveryAttempted { .. } => EventType::DeliveryAttempted,
            EventKind::CollectionNotified => EventType::CollectionNotified,
            EventKind::Delivered { .. } => EventType::Delivered,
            EventKind::ReturnedToAgency => EventType::ReturnedToAgency,
            EventKind::LostOrDamaged { .. } => EventType::LostOrDamaged,
        }
    }
}

/// One fact about a dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Event {
    /// Unique per dossier; a second event with the same id is ignored.
    pub id: EventId,
    /// When it happened.
    #[schemars(schema_with = "crate::time::timestamp_schema")]
    pub at: Timestamp,
    /// Who did it.
    pub actor: Actor,
    /// Where, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<Place>,
    /// What happened.
    #[serde(flatten)]
    pub kind: EventKind,
}

impl Event {
    /// An event with no place.
    pub fn new(id: EventId, at: Timestamp, actor: Actor, kind: EventKind) -> Self {
        Event {
            id,
            at,
            actor,
            place: None,
            kind,
        }
    }

    /// The same event at a place.
    pub fn at_place(mut self, place: Place) -> Self {
        self.place = Some(place);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_ids_round_trip_through_text() {
        for v in [
            0u128,
            1,
            u128::MAX,
            0x0123_4567_89ab_cdef_0123_4567_89ab_cdef,
        ] {
            let id = EventId::from_u128(v);
            assert_eq!(id.to_string().parse::<EventId>().unwrap(), id);
        }
        assert_eq!(
            EventId::from_u128(1).to_string(),
            "00000000-0000-0000-0000-000000000001"
        );
    }

    #[test]
    fn malformed_event_ids_are_refused() {
        for bad in [
            "",
            "0000",
            "00000000-0000-0000-0000-00000000000g",
            "00000000-0000-0000-0000-0000000000001",
        ] {
            assert!(bad.parse::<EventId>().is_err(), "{bad}");
        }
        assert!(
            "ABCDEF00-0000-0000-0000-000000000000"
                .parse::<EventId>()
                .is_err()
        );
    }
}
