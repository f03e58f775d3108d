//! Sample data for documentation, examples, tests and benchmarks: a realistic dossier and its whole life.
//!
//! Behind the `demo` feature (off by default). Every value is made up but valid (the citizen ID number and phone number belong to nobody).

use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::Date;

use crate::contact::Address;
use crate::dossier::{Applicant, DossierDocument, DossierHeader, FeeKind, FeeLine};
use crate::event::{
    Actor, ActorRole, DeliveryFailure, Event, EventId, EventKind, Place, PlaceKind, Recipient,
};
use crate::procedure::{
    AgencyFamily, Channel, DocumentForm, PinnedProcedure, PostalForm, TimeLimit,
};
use crate::{AgencyCode, DossierCode, Vnd};

/// The header of a sample dossier: driver's licence replacement (1.002820), sent and returned by post,
/// dossier number `sequence` of 2 March 2026 at agency `000.00.01.H56`.
pub fn header(sequence: u32) -> DossierHeader {
    let agency: AgencyCode = "000.00.01.H56"
        .parse()
        .unwrap_or_else(|_| unreachable_demo());
    let code = DossierCode::generate(&agency, Date::constant(2026, 3, 2), sequence.clamp(1, 9999))
        .unwrap_or_else(|_| unreachable_demo());
    DossierHeader {
        code,
        procedure: PinnedProcedure {
            code: "1.002820".parse().unwrap_or_else(|_| unreachable_demo()),
            effective_from: Date::constant(2025, 3, 1),
            province: None,
            family: AgencyFamily::Licensing,
            channel: Channel::Postal,
            time_limit: TimeLimit::working(5),
            fee: Vnd(135_000),
            supplement_request_working_days: None,
        },
        applicant: Applicant::Citizen {
            name: "Nguyễn Văn An".into(),
            id: "079090001234"
                .parse()
                .unwrap_or_else(|_| unreachable_demo()),
            phone: "0912345678".parse().ok(),
            address: Address {
                line: "12 Lê Lợi, phường Bến Thành".into(),
                unit: None,
                postal_code: None,
            },
        },
        postal_form: PostalForm::Both,
        delivery_address: None,
        notifications: None,
        documents: vec![
            DossierDocument {
                name: "Đơn đề nghị đổi giấy phép lái xe".into(),
                form: DocumentForm::Original,
                pages: 1,
                sha256: None,
            },
            DossierDocument {
                name: "Giấy khám sức khỏe".into(),
                form: DocumentForm::Original,
                pages: 2,
                sha256: None,
            },
        ],
        fees: vec![
            FeeLine {
                kind: FeeKind::ProcedureFee,
                amount: Vnd(135_000),
                receipt: None,
            },
            FeeLine {
                kind: FeeKind::PostalCharge,
                amount: Vnd(36_000),
                receipt: None,
            },
        ],
    }
}

// The demo's literals are checked by the module's tests; reaching this is a bug in this file, not bad input.
fn unreachable_demo() -> ! {
    unreachable!("demo data is valid by construction")
}

/// The event that opens the sample dossier number 1, on 2 March 2026 at 08:30 in Vietnam.
pub fn opened_event() -> Event {
    Event::new(
        EventId::from_u128(1),
        at(0),
        Actor::new(ActorRole::PostalWorker, "BC-700000-017"),
        EventKind::Opened {
            header: Arc::new(header(1)),
        },
    )
    .at_place(Place::new(PlaceKind::PostOffice, "700000"))
}

/// 2 March 2026 08:30 in Vietnam plus `minutes`: the time base of the sample data.
pub fn at(minutes: i64) -> Timestamp {
    let start: Timestamp = Timestamp::constant(1_772_415_000, 0); // 2026-03-02T01:30:00Z = 08:30 UTC+7
    start
        .saturating_add(jiff::SignedDuration::from_mins(minutes))
        .unwrap_or(start)
}

/// The whole life of sample dossier `sequence`, both legs, in order: intake and sealing, carriage, handover,
/// acceptance, a supplement request, processing, the result collected by the post, one failed delivery
/// attempt and delivery. Event ids are `sequence * 100 + n`.
pub fn lifecycle(sequence: u32) -> Vec<Event> {
    lifecycle_of(header(sequence), u128::from(sequence) * 100, at(0))
}

/// The same 14-event life as [`lifecycle`] for any header, with event ids `first_id + 1 ..` and the first
/// event at `start`.
pub fn lifecycle_of(header: DossierHeader, first_id: u128, start: Timestamp) -> Vec<Event> {
    let clerk = Actor::new(ActorRole::PostalWorker, "BC-700000-017");
    let desk = Actor::new(ActorRole::OneStopOfficer, "MC-H56-04");
    let agency = Actor::new(ActorRole::AgencySystem, "gplx-h56");
    let carrier = Actor::new(ActorRole::PostalWorker, "BC-700000-031");
    let post = Place::new(PlaceKind::PostOffice, "700000");
    let one_stop = Place::new(PlaceKind::OneStopDesk, "000.00.01.H56");
    let sequence = header.code.sequence();
    let day = 24 * 60;
    // The appointment is 8 days after the opening (10 March for the sample start of 2 March), so a life
    // started on any date is legal.
    let opened_on = crate::time::vietnam_date(start);
    let appointment = opened_on
        .checked_add(jiff::Span::new().days(8))
        .unwrap_or(opened_on);
    let steps: Vec<(i64, Actor, Option<Place>, EventKind)> = vec![
        (
            0,
            clerk.clone(),
            Some(post.clone()),
            EventKind::Opened {
                header: Arc::new(header),
            },
        ),
        (
            5,
            clerk.clone(),
            Some(post.clone()),
            EventKind::CollectedAndSealed {
                tracking: "EA123456785VN"
                    .parse()
                    .unwrap_or_else(|_| unreachable_demo()),
                seal: format!("NP-{sequence:06}"),
            },
        ),
        (
            120,
            clerk.clone(),
            Some(post.clone()),
            EventKind::DispatchedToAgency,
        ),
        (
            day,
            clerk.clone(),
            Some(one_stop.clone()),
            EventKind::HandedToAgency,
        ),
        (
            day + 30,
            desk.clone(),
            Some(one_stop.clone()),
            EventKind::Accepted { appointment },
        ),
        (day + 60, agency.clone(), None, EventKind::ProcessingStarted),
        (
            2 * day,
            agency.clone(),
            None,
            EventKind::SupplementRequested {
                missing: vec!["Bản sao căn cước".into()],
            },
        ),
        (
            3 * day,
            desk.clone(),
            Some(one_stop.clone()),
            EventKind::SupplementReceived,
        ),
        (4 * day, agency.clone(), None, EventKind::ProcessingFinished),
        (
            4 * day + 60,
            clerk.clone(),
            Some(one_stop.clone()),
            EventKind::ResultCollected {
                tracking: "EA123456799VN"
                    .parse()
                    .unwrap_or_else(|_| unreachable_demo()),
                seal: format!("NP-R-{sequence:06}"),
            },
        ),
        (
            4 * day + 180,
            carrier.clone(),
            None,
            EventKind::OutForDelivery,
        ),
        (
            4 * day + 240,
            carrier.clone(),
            None,
            EventKind::DeliveryAttempted {
                reason: DeliveryFailure::RecipientAbsent,
            },
        ),
        (
            6 * day + 180,
            carrier.clone(),
            None,
            EventKind::OutForDelivery,
        ),
        (
            6 * day + 200,
            carrier,
            None,
            EventKind::Delivered {
                recipient: Recipient::Applicant,
            },
        ),
    ];
    steps
        .into_iter()
        .enumerate()
        .map(|(n, (minutes, actor, place, kind))| Event {
            id: EventId::from_u128(first_id + n as u128 + 1),
            at: start
                .saturating_add(jiff::SignedDuration::from_mins(minutes))
                .unwrap_or(start),
            actor,
            place,
            kind,
        })
        .collect()
}

/// A plausible [`EventKind`] of each type, for tests and benchmarks that drive the state machine with any
/// event type. Appointment dates are far in the future so that they are never in the past.
pub fn sample_kind(event: crate::event::EventType) -> EventKind {
    use crate::complaint;
    use crate::event::EventType as T;
    let far = Date::constant(2099, 12, 31);
    match event {
        T::Opened => EventKind::Opened {
            header: Arc::new(header(1)),
        },
        T::Accepted => EventKind::Accepted { appointment: far },
        T::Refused => EventKind::Refused {
            reason: "hồ sơ không thuộc thẩm quyền".into(),
        },
        T::ProcessingStarted => EventKind::ProcessingStarted,
        T::SupplementRequested => EventKind::SupplementRequested {
            missing: vec!["Giấy khám sức khỏe".into()],
        },
        T::SupplementReceived => EventKind::SupplementReceived,
        T::FinancialObligationNotified => EventKind::FinancialObligationNotified {
            amount: Vnd(1_200_000),
            due: None,
        },
        T::FinancialObligationPaid => EventKind::FinancialObligationPaid {
            amount: Vnd(1_200_000),
        },
        T::Extended => EventKind::Extended {
            new_appointment: far,
            reason: "chờ xác minh".into(),
        },
        T::Stopped => EventKind::Stopped {
            reason: "dừng xử lý theo yêu cầu".into(),
        },
        T::Withdrawn => EventKind::Withdrawn { reason: None },
        T::ProcessingFinished => EventKind::ProcessingFinished,
        T::ResultReturnedAtDesk => EventKind::ResultReturnedAtDesk,
        T::PickupRequested => EventKind::PickupRequested,
        T::CollectedAndSealed => EventKind::CollectedAndSealed {
            tracking: "EA123456785VN"
                .parse()
                .unwrap_or_else(|_| unreachable_demo()),
            seal: "NP-000001".into(),
        },
        T::DispatchedToAgency => EventKind::DispatchedToAgency,
        T::HandedToAgency => EventKind::HandedToAgency,
        T::ResultCollected => EventKind::ResultCollected {
            tracking: "EA123456799VN"
                .parse()
                .unwrap_or_else(|_| unreachable_demo()),
            seal: "NP-R-000001".into(),
        },
        T::DispatchedToRecipient => EventKind::DispatchedToRecipient,
        T::OutForDelivery => EventKind::OutForDelivery,
        T::DeliveryAttempted => EventKind::DeliveryAttempted {
            reason: DeliveryFailure::RecipientAbsent,
        },
        T::CollectionNotified => EventKind::CollectionNotified,
        T::Delivered => EventKind::Delivered {
            recipient: Recipient::Applicant,
        },
        T::ReturnedToAgency => EventKind::ReturnedToAgency,
        T::LostOrDamaged => EventKind::LostOrDamaged {
            lost: false,
            note: "bao bì rách".into(),
        },
        T::ComplaintFiled => EventKind::ComplaintFiled {
            filing: complaint::ComplaintFiling {
                number: complaint::ComplaintNumber(1),
                subject: complaint::ComplaintSubject::LateCarriage,
                statement: demo_text("Kết quả đến chậm hơn thời gian toàn trình"),
                inter_province: false,
                filing_deadline: far,
                resolution_due: far,
            },
        },
        T::ComplaintInvestigating => EventKind::ComplaintInvestigating {
            complaint: complaint::ComplaintNumber(1),
        },
        T::ComplaintResolved => EventKind::ComplaintResolved {
            complaint: complaint::ComplaintNumber(1),
            outcome: complaint::ComplaintOutcome::Upheld {
                reason: demo_text("Chuyển phát chậm 2 ngày làm việc"),
                compensation: Some(complaint::Compensation {
                    reissue_costs: Vnd::ZERO,
                    damages: Vnd(32_000),
                }),
            },
        },
        T::FeedbackGiven => EventKind::FeedbackGiven {
            feedback: complaint::Feedback {
                rating: complaint::Rating::new(5).unwrap_or_else(|_| unreachable_demo()),
                comment: None,
            },
        },
    }
}

fn demo_text(text: &str) -> crate::complaint::FreeText {
    crate::complaint::FreeText::new(text).unwrap_or_else(|_| unreachable_demo())
}

/// The opening event of sample dossier `sequence` with another postal form.
pub fn opened_with_form(sequence: u32, form: PostalForm) -> Event {
    let mut h = header(sequence);
    h.postal_form = form;
    if !form.sends_dossier() {
        h.procedure.channel = Channel::InPerson;
    }
    Event::new(
        EventId::from_u128(u128::from(sequence) * 100 + 1),
        at(0),
        Actor::new(ActorRole::PostalWorker, "BC-700000-017"),
        EventKind::Opened {
            header: Arc::new(h),
        },
    )
}

/// An event of sample data: id `id`, `minutes` after the sample dossier's opening.
pub fn event(id: u128, minutes: i64, kind: EventKind) -> Event {
    Event::new(
        EventId::from_u128(id),
        at(minutes),
        Actor::new(ActorRole::PostalSystem, "demo"),
        kind,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Dossier;
    use crate::state::{AgencyState, PostalState};

    #[test]
    fn sample_lifecycle_replays_to_delivered() {
        let events = lifecycle(7);
        let d = Dossier::from_events(&events).unwrap();
        assert_eq!(d.agency_state(), AgencyState::ResultReturned);
        assert_eq!(d.postal_state(), PostalState::Delivered);
        assert_eq!(d.history().len(), 14);
    }
}

#[cfg(test)]
mod life_on_any_date {
    use super::*;
    use crate::Dossier;

    #[test]
    fn a_sample_life_started_on_any_date_replays() {
        for start in [
            "2026-03-02T01:30:00Z",
            "2026-11-20T02:00:00Z",
            "2031-06-30T09:00:00Z",
        ] {
            let start: Timestamp = start.parse().unwrap();
            let events = lifecycle_of(header(3), 300, start);
            assert!(Dossier::from_events(&events).is_ok(), "life from {start}");
        }
    }
}

/// What a dossier built by the state machine always satisfies, whatever events were applied or refused; the
/// first one broken, described, or `None`. The property tests and the fuzz target of the state machine check
/// it after every event.
///
/// - The portal status is one of the ten codes (1 to 10).
/// - A posted dossier is dealt with by the agency only once filed (Decision 45/2016/QĐ-TTg Art 7).
/// - A result goes back to the agency only after [`MIN_DELIVERY_ATTEMPTS`](crate::machine::MIN_DELIVERY_ATTEMPTS)
///   failed attempts (Circular 17/2017/TT-BTTTT Art 5).
/// - At most one extension (Decree 61/2018/NĐ-CP Art 19).
/// - Event ids are unique and times never go back.
/// - A result returned by post has left the agency on the postal leg (Decision 45/2016/QĐ-TTg Art 9).
///
/// ```
/// let d = hoso_core::Dossier::from_events(&hoso_core::demo::lifecycle(1)).unwrap();
/// assert_eq!(hoso_core::demo::broken_invariant(&d), None);
/// ```
pub fn broken_invariant(d: &crate::Dossier) -> Option<String> {
    use crate::event::EventType;
    use crate::state::{AgencyState as A, PostalState as P};
    let form = d.header().postal_form;
    if !(1..=10).contains(&d.portal_status()) {
        return Some(format!("portal status {}", d.portal_status()));
    }
    if form.sends_dossier()
        && !matches!(d.agency_state(), A::Registered | A::Withdrawn)
        && d.filed_at().is_none()
    {
        return Some(format!("{:?} without filing", d.agency_state()));
    }
    if d.postal_state() == P::ReturnedToAgency
        && d.delivery_attempts() < crate::machine::MIN_DELIVERY_ATTEMPTS
    {
        return Some(format!(
            "returned to the agency after {} attempts",
            d.delivery_attempts()
        ));
    }
    for (i, c) in d.complaints().iter().enumerate() {
        if usize::from(c.number.0) != i + 1 {
            return Some(format!("complaint {} filed as number {}", c.number, i + 1));
        }
        let resolved = c.state == crate::complaint::ComplaintState::Resolved;
        if resolved != c.outcome.is_some() || (resolved && c.investigating_at.is_none()) {
            return Some(format!("complaint {} resolved without its steps", c.number));
        }
    }
    let history = d.history();
    let extensions = history
        .iter()
        .filter(|e| e.kind.event_type() == EventType::Extended)
        .count();
    if extensions > 1 {
        return Some(format!("{extensions} extensions"));
    }
    let mut ids: Vec<EventId> = history.iter().map(|e| e.id).collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.len() != history.len() {
        return Some("an event id recorded twice".into());
    }
    if !history.windows(2).all(|w| w[0].at <= w[1].at) {
        return Some("an event earlier than the one before it".into());
    }
    if d.agency_state() == A::ResultReturned
        && form.returns_result()
        && matches!(d.postal_state(), P::NotStarted | P::HandedToAgency)
    {
        return Some(format!(
            "result returned by post with the postal leg {:?}",
            d.postal_state()
        ));
    }
    None
}
