//! The rows of the events after the service (complaints and the rating), which leave both legs as they are.

use super::{A, ALL_FORMS, DESK_RESULT, P, row};
use crate::event::EventType as E;
use crate::machine::LegRule::{Any, In};
use crate::machine::Transition;
use crate::procedure::PostalForm;
use crate::state::PostalState;

/// Forms whose result goes back by post.
const RETURNED: &[PostalForm] = &[PostalForm::ReceiveResult, PostalForm::Both];
/// Every postal state but the one before the post takes part.
const POST_TOOK_PART: &[PostalState] = &[
    P::PickupRequested,
    P::CollectedAndSealed,
    P::InTransitToAgency,
    P::HandedToAgency,
    P::ResultCollected,
    P::InTransitToRecipient,
    P::OutForDelivery,
    P::DeliveryAttempted,
    P::AwaitingCollection,
    P::Delivered,
    P::ReturnedToAgency,
    P::LostOrDamaged,
];
pub(super) const COMPLAINT_FILED: &[Transition] = &[row(
    E::ComplaintFiled,
    ALL_FORMS,
    Any,
    In(POST_TOOK_PART),
    "a complaint about the post's service, within 6 months of the end of the carriage time (Circular 17/2017/TT-BTTTT Art 8(1)(a))",
)];

pub(super) const COMPLAINT_INVESTIGATING: &[Transition] = &[row(
    E::ComplaintInvestigating,
    ALL_FORMS,
    Any,
    Any,
    "a filed complaint is investigated",
)];

pub(super) const COMPLAINT_RESOLVED: &[Transition] = &[row(
    E::ComplaintResolved,
    ALL_FORMS,
    Any,
    Any,
    "resolved within 5 working days in a province, 7 between provinces (Circular 17/2017/TT-BTTTT Art 8(1)(b)); compensation under Decision 45/2016/QĐ-TTg Art 14",
)];

pub(super) const FEEDBACK_GIVEN: &[Transition] = &[
    row(
        E::FeedbackGiven,
        RETURNED,
        Any,
        In(&[P::Delivered]),
        "the recipient rates the service once the result is delivered",
    ),
    row(
        E::FeedbackGiven,
        DESK_RESULT,
        In(&[A::ResultReturned]),
        Any,
        "the applicant rates the service once the result is handed over at the desk",
    ),
];
