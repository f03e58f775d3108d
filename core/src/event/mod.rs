//! Events: the facts a dossier is the fold of.
//!
//! Every event has an id (for idempotency: a duplicate id is a no-op), a time, an actor and a place. Events
//! belong to the agency leg or the postal leg, or, for complaints and feedback about the post's service
//! ([`crate::complaint`]), to neither; [`EventType`] names them without their data, for the transition table
//! in [`crate::machine`].

use std::fmt;
use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

mod id;

pub use id::{EventId, EventIdError};

use crate::complaint::{ComplaintFiling, ComplaintNumber, ComplaintOutcome, Feedback};
use crate::dossier::DossierHeader;
use crate::{TrackingNumber, Vnd};

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
    // ----- after the service: neither leg -----
    /// A complaint about the post's service of the dossier was received (khiếu nại, Circular 17/2017/TT-BTTTT
    /// Art 8), with its deadlines as set on receipt.
    ComplaintFiled {
        /// The complaint.
        filing: ComplaintFiling,
    },
    /// The post started investigating a complaint.
    ComplaintInvestigating {
        /// Which complaint.
        complaint: ComplaintNumber,
    },
    /// A complaint was resolved: upheld, with any compensation (Decision 45/2016/QĐ-TTg Art 14), or rejected.
    ComplaintResolved {
        /// Which complaint.
        complaint: ComplaintNumber,
        /// The outcome and its reason.
        outcome: ComplaintOutcome,
    },
    /// The recipient rated the service once the result was delivered.
    FeedbackGiven {
        /// The rating and comment.
        feedback: Feedback,
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
    ComplaintFiled,
    ComplaintInvestigating,
    ComplaintResolved,
    FeedbackGiven,
}

impl EventType {
    /// Every event type: agency leg, postal leg, then complaints and feedback.
    pub const ALL: [EventType; 29] = [
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
        EventType::ComplaintFiled,
        EventType::ComplaintInvestigating,
        EventType::ComplaintResolved,
        EventType::FeedbackGiven,
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
            EventType::ComplaintFiled => "complaint_filed",
            EventType::ComplaintInvestigating => "complaint_investigating",
            EventType::ComplaintResolved => "complaint_resolved",
            EventType::FeedbackGiven => "feedback_given",
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
            EventKind::ComplaintFiled { .. } => EventType::ComplaintFiled,
            EventKind::ComplaintInvestigating { .. } => EventType::ComplaintInvestigating,
            EventKind::ComplaintResolved { .. } => EventType::ComplaintResolved,
            EventKind::FeedbackGiven { .. } => EventType::FeedbackGiven,
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
