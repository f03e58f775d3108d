//! What the National Public Service Portal (Cổng Dịch vụ công quốc gia) must hear of, decided where the events
//! are appended: every append whose events change the dossier's portal status (`TrangThaiHoSo`, 1–10) or add
//! a processing step the portal records (`QuaTrinhXuLy`) carries one [`Destination::Portal`] outbox message,
//! in the same transaction as the events. A crash can therefore lose neither the change nor its sync.
//!
//! The message does not carry what the portal is sent: it names the dossier and the stream version whose
//! state is to be reported ([`PortalChange`]). The consumer (`hoso-dvcqg`'s `DvcqgSync`) loads the dossier,
//! builds the portal's message from its state and sends the steps the portal has not acknowledged yet, in
//! order, so that one sync can cover several changes and a later change never overtakes an earlier one.
//!
//! ```
//! use hoso_core::Dossier;
//! use hoso_core::service::portal::{PortalChange, portal_steps, portal_sync};
//!
//! let events = hoso_core::demo::lifecycle(1);
//! let dossier = Dossier::from_events(&events).unwrap();
//! let steps = portal_steps(dossier.history());
//! // The opening (status 1) is the first step; every status change is one more.
//! assert_eq!(steps[0].status, 1);
//! assert_eq!(steps.last().map(|s| s.status), Some(dossier.portal_status()));
//! // Appended at once, the whole life is one message, keyed by dossier and version.
//! let message = portal_sync(&dossier, events.len() as u64).unwrap();
//! let change: PortalChange = serde_json::from_value(message.payload.clone()).unwrap();
//! assert_eq!(message.key, change.key());
//! assert_eq!(change.version, events.len() as u64);
//! // Its last event (the delivery of the result) leaves the portal status as it was: no message.
//! assert!(portal_sync(&dossier, 1).is_none());
//! ```

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::event::{Actor, Event, EventId, EventType, Place};
use crate::store::{Destination, DestinationKind, NewOutboxMessage};
use crate::{Dossier, DossierCode};

/// The destination family portal messages are claimed under.
pub const PORTAL_DESTINATION: DestinationKind = DestinationKind::Portal;

/// Events the portal records as a processing step although the status stays the same: a new appointment
/// date (the portal's `NgayHenTra` changes) and the paid obligation that lets processing go on.
pub const STEPS_WITHOUT_STATUS_CHANGE: &[EventType] =
    &[EventType::Extended, EventType::FinancialObligationPaid];

/// One processing step as the portal records it (`QuaTrinhXuLy`): an event that set the dossier's portal
/// status, or one of [`STEPS_WITHOUT_STATUS_CHANGE`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalStep {
    /// 1-based number of the step in the dossier's life.
    pub number: u32,
    /// The stream version of the event (1: the opening).
    pub version: u64,
    /// The event.
    pub event: EventId,
    /// Its type.
    pub event_type: EventType,
    /// When it happened.
    pub at: Timestamp,
    /// Who did it.
    pub actor: Actor,
    /// Where, if known.
    pub place: Option<Place>,
    /// The portal status after it (1–10).
    pub status: u8,
}

/// The payload of a portal outbox message: report dossier `dossier` as it stands at `version` (or later).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalChange {
    /// The dossier.
    pub dossier: DossierCode,
    /// The stream version whose state is to be reported.
    pub version: u64,
    /// The portal status at that version.
    pub status: u8,
    /// How many processing steps the dossier has at that version.
    pub steps: u32,
}

impl PortalChange {
    /// The outbox key: one per dossier and version, so that a retried append writes the message once.
    pub fn key(&self) -> String {
        format!("portal/{}/{}", self.dossier, self.version)
    }
}

/// The dossier's processing steps, in order, from its events (a replay: the status after each event is the
/// state machine's).
///
/// Events the state machine refuses end the replay there: a history comes from a [`Dossier`], which never
/// holds one.
pub fn portal_steps(history: &[Event]) -> Vec<PortalStep> {
    let mut steps = Vec::new();
    let Some(first) = history.first() else {
        return steps;
    };
    let Ok(mut dossier) = Dossier::open(first.clone()) else {
        return steps;
    };
    let mut status = dossier.portal_status();
    steps.push(step(1, 1, first, status));
    for (i, event) in history.iter().enumerate().skip(1) {
        if dossier.apply(event).is_err() {
            break;
        }
        let after = dossier.portal_status();
        if after != status || STEPS_WITHOUT_STATUS_CHANGE.contains(&event.kind.event_type()) {
            let number = u32::try_from(steps.len() + 1).unwrap_or(u32::MAX);
            steps.push(step(number, i as u64 + 1, event, after));
        }
        status = after;
    }
    steps
}

fn step(number: u32, version: u64, event: &Event, status: u8) -> PortalStep {
    PortalStep {
        number,
        version,
        event: event.id,
        event_type: event.kind.event_type(),
        at: event.at,
        actor: event.actor.clone(),
        place: event.place.clone(),
        status,
    }
}

/// The portal outbox message of an append that brought `dossier` to its current version with its last
/// `appended` events, if one of them is a processing step; `None` otherwise (a postal event that leaves the
/// portal status as it was, an append of custody records only).
pub fn portal_sync(dossier: &Dossier, appended: u64) -> Option<NewOutboxMessage> {
    let version = dossier.history().len() as u64;
    if appended == 0 {
        return None;
    }
    let steps = portal_steps(dossier.history());
    let first_new = version.saturating_sub(appended);
    if !steps.iter().any(|s| s.version > first_new) {
        return None;
    }
    let change = PortalChange {
        dossier: dossier.code().clone(),
        version,
        status: dossier.portal_status(),
        steps: u32::try_from(steps.len()).unwrap_or(u32::MAX),
    };
    // A struct of strings and numbers always serialises.
    let payload = serde_json::to_value(&change).ok()?;
    Some(NewOutboxMessage::new(
        change.key(),
        Destination::Portal,
        payload,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo;
    use crate::event::EventKind;

    fn dossier(events: &[Event]) -> Dossier {
        Dossier::from_events(events).unwrap()
    }

    #[test]
    fn opening_is_the_first_step_and_syncs() {
        let events = demo::lifecycle(1);
        let d = dossier(&events[..1]);
        let message = portal_sync(&d, 1).unwrap();
        assert_eq!(message.destination, Destination::Portal);
        assert_eq!(message.key, format!("portal/{}/1", d.code()));
        let change: PortalChange = serde_json::from_value(message.payload).unwrap();
        assert_eq!((change.status, change.steps), (1, 1));
    }

    #[test]
    fn every_status_change_is_a_step_in_order() {
        let events = demo::lifecycle(1);
        let mut d = dossier(&events[..1]);
        let mut statuses = vec![d.portal_status()];
        for e in &events[1..] {
            d.apply(e).unwrap();
            if statuses.last() != Some(&d.portal_status()) {
                statuses.push(d.portal_status());
            }
        }
        let steps = portal_steps(d.history());
        let stepped: Vec<u8> = steps
            .iter()
            .filter(|s| !STEPS_WITHOUT_STATUS_CHANGE.contains(&s.event_type))
            .map(|s| s.status)
            .collect();
        assert_eq!(stepped, statuses);
        assert!(steps.windows(2).all(|w| w[0].version < w[1].version));
        assert!(
            steps
                .iter()
                .enumerate()
                .all(|(i, s)| s.number as usize == i + 1)
        );
    }

    #[test]
    fn an_append_without_a_step_sends_nothing() {
        let events = demo::lifecycle(1);
        let mut d = dossier(&events[..1]);
        let mut silent = 0;
        for (i, e) in events.iter().enumerate().skip(1) {
            d.apply(e).unwrap();
            let steps = portal_steps(d.history());
            let is_step = steps.last().is_some_and(|s| s.version == i as u64 + 1);
            assert_eq!(
                portal_sync(&d, 1).is_some(),
                is_step,
                "event {i}: {:?}",
                e.kind
            );
            silent += usize::from(!is_step);
        }
        // The postal leg's events (collection, carriage, delivery) leave the portal status alone.
        assert!(silent > 0);
        assert!(portal_sync(&d, 0).is_none());
    }

    #[test]
    fn an_extension_is_a_step_without_a_status_change() {
        let events = demo::lifecycle(1);
        let Some(pos) = events
            .iter()
            .position(|e| matches!(e.kind, EventKind::ProcessingStarted))
        else {
            panic!("the sample has no processing start");
        };
        let mut d = dossier(&events[..=pos]);
        let extended = demo::event(
            9_999,
            10_000,
            EventKind::Extended {
                new_appointment: jiff::civil::date(2026, 4, 1),
                reason: "cần xác minh".into(),
            },
        );
        let before = d.portal_status();
        d.apply(&extended).unwrap();
        assert_eq!(d.portal_status(), before);
        let message = portal_sync(&d, 1).unwrap();
        let change: PortalChange = serde_json::from_value(message.payload).unwrap();
        assert_eq!(change.version, pos as u64 + 2);
    }
}
