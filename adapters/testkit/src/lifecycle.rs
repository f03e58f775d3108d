//! Dossiers in the state an agency message presupposes, to check that its events are legal transitions.

use hoso_core::adapter::{AgencyMessage, Notice, ProcessingUpdate};
use hoso_core::demo;
use hoso_core::dossier::Dossier;
use hoso_core::event::{Actor, ActorRole, Event, EventId, EventKind};

/// How many events of the sample life ([`demo::lifecycle_of`]) bring a dossier to the state in which `notice`
/// can arrive: 4 = handed to the agency, 5 = accepted, 6 = processing, 9 = processing finished. A payment
/// confirmation also needs the obligation notice, which [`history_before`] adds after the prefix.
fn prefix_for(notice: &Notice) -> usize {
    match notice {
        Notice::Accepted { .. } | Notice::Refused { .. } => 4,
        Notice::SupplementRequested { .. } => 5,
        Notice::Processing {
            update: ProcessingUpdate::Started,
            ..
        } => 5,
        Notice::Processing { .. } => 6,
        Notice::ResultReady { .. } => 6,
        Notice::FinancialObligation { .. } | Notice::ObligationPaid { .. } => 6,
        Notice::ResultHandedToPost { .. } => 9,
        other => panic!(
            "the kit does not know which state {:?} presupposes",
            other.kind()
        ),
    }
}

/// The events that bring dossier `message.dossier` (sent and returned by post) to the state in which
/// `message` can arrive, ending a week before the message's first event.
pub fn history_before(message: &AgencyMessage) -> Vec<Event> {
    let first_at = message.events().first().map_or(message.sent_at, |e| e.at);
    let start = first_at
        .checked_sub(jiff::SignedDuration::from_hours(24 * 7))
        .unwrap_or(first_at);
    let mut header = demo::header(1);
    header.code = message.dossier.clone();
    let mut events = demo::lifecycle_of(header, 0, start);
    events.truncate(prefix_for(&message.notice));
    if let Notice::ObligationPaid { amount, .. } = &message.notice {
        // The dossier waits for this payment: the agency notified the obligation an hour after processing began.
        let at = events.last().map_or(start, |e| e.at) + jiff::SignedDuration::from_hours(1);
        events.push(Event::new(
            EventId::from_u128(1_000),
            at,
            Actor::new(ActorRole::AgencySystem, message.agency.to_string()),
            EventKind::FinancialObligationNotified {
                amount: *amount,
                due: None,
            },
        ));
    }
    events
}

/// A dossier in the state in which `message` can arrive.
///
/// # Panics
/// If the kit's own history is refused by the state machine (a bug in the kit or the core).
pub fn dossier_ready_for(message: &AgencyMessage) -> Dossier {
    let events = history_before(message);
    Dossier::from_events(&events)
        .unwrap_or_else(|e| panic!("the kit's dossier history is refused: {e}"))
}
