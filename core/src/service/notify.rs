//! Telling citizens: the rule that writes [`Destination::Citizen`] outbox messages with the events that call
//! for them, and the dispatcher that sends them through a [`Notifier`].
//!
//! Which events notify (each once: the outbox key `citizen/{dossier}/{event id}` is written once however
//! often the event is recorded, and it is the notification's idempotency key):
//!
//! | event | notice | what it says |
//! |---|---|---|
//! | `HandedToAgency` | [`Notice::HandedToAgency`] | filed with the agency, and the due date of the result |
//! | `SupplementRequested` | [`Notice::SupplementRequested`] | the papers the agency asks for |
//! | `ResultCollected` | [`Notice::ResultSent`] | the result is on its way, with the tracking number |
//! | `OutForDelivery` | [`Notice::OutForDelivery`] | a delivery round has started: attempt *n* |
//!
//! Only for a dossier whose header records the applicant's [`NotifyPreference`]: without one, no message
//! is written, and the dispatcher checks the preference again when it sends.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use jiff::Timestamp;

use crate::calendar::WorkCalendar;
use crate::deadline::dossier::{DeadlineOptions, dossier_deadlines};
use crate::event::{Event, EventKind};
use crate::notify::{
    CitizenNotice, Contact, Delivery, Notice, Notification, Notifier, NotifyChannel,
    NotifyPreference, template,
};
use crate::store::{Destination, DestinationKind, NewOutboxMessage, StoreError, StoreErrorKind};
use crate::{Applicant, Dossier, DossierHeader};

use super::dispatch::{Failure, OutboxConsumer, Retries};
use super::{DispatchReport, DossierService, ServiceError};

/// The destination family citizens' messages are claimed under.
pub const CITIZEN_DESTINATION: DestinationKind = DestinationKind::Citizen;

/// The citizen outbox messages `events` (just applied to `dossier`, which already holds them) call for;
/// none when the applicant gave no [`NotifyPreference`].
///
/// ```
/// use hoso_core::notify::{CitizenNotice, Notice, NotifyChannel, NotifyPreference, Language};
/// use hoso_core::service::citizen_notices;
/// use hoso_core::{Dossier, demo};
/// let mut header = demo::header(1);
/// let events = demo::lifecycle_of(header.clone(), 100, demo::at(0));
/// // The sample applicant gave no preference: nothing to send.
/// let dossier = Dossier::from_events(&events).unwrap();
/// assert!(citizen_notices(&dossier, &events).unwrap().is_empty());
/// header.notifications = Some(NotifyPreference { channel: NotifyChannel::Sms, language: Language::Vi });
/// let events = demo::lifecycle_of(header, 100, demo::at(0));
/// let dossier = Dossier::from_events(&events).unwrap();
/// let notices: Vec<CitizenNotice> = citizen_notices(&dossier, &events)
///     .unwrap()
///     .iter()
///     .map(|m| serde_json::from_value(m.payload.clone()).unwrap())
///     .collect();
/// assert!(matches!(notices[0].notice, Notice::HandedToAgency { due: Some(_) }));
/// ```
pub fn citizen_notices(
    dossier: &Dossier,
    events: &[Event],
) -> Result<Vec<NewOutboxMessage>, StoreError> {
    if dossier.header().notifications.is_none() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for event in events {
        let Some(notice) = notice_for(dossier, event) else {
            continue;
        };
        let notice = CitizenNotice {
            dossier: dossier.code().clone(),
            event: event.id,
            at: event.at,
            notice,
        };
        let key = notice.key();
        let payload = serde_json::to_value(&notice).map_err(|e| {
            StoreError::new(
                StoreErrorKind::Invalid,
                format!("citizen notice {key} as JSON: {e}"),
            )
        })?;
        out.push(NewOutboxMessage::new(key, Destination::Citizen, payload));
    }
    Ok(out)
}

/// The notice an event calls for, from the dossier as it stood just after it.
fn notice_for(dossier: &Dossier, event: &Event) -> Option<Notice> {
    let history = dossier.history();
    let position = history.iter().position(|e| e.id == event.id)?;
    Some(match &event.kind {
        EventKind::HandedToAgency => {
            // The due date as the handover set it (a later supplement or extension moves it; so would the
            // rest of a batch appended with the handover).
            let due = Dossier::from_events(&history[..=position])
                .ok()
                .and_then(|at_handover| {
                    let cal = WorkCalendar::vietnam();
                    dossier_deadlines(&at_handover, &cal, &DeadlineOptions::default()).ok()
                })
                .and_then(|d| d.processing.map(|p| p.due));
            Notice::HandedToAgency { due }
        }
        EventKind::SupplementRequested { missing } => Notice::SupplementRequested {
            missing: missing.clone(),
        },
        EventKind::ResultCollected { tracking, .. } => Notice::ResultSent {
            tracking: Some(tracking.clone()),
        },
        EventKind::OutForDelivery => {
            let failed = history[..position]
                .iter()
                .filter(|e| matches!(e.kind, EventKind::DeliveryAttempted { .. }))
                .count();
            Notice::OutForDelivery {
                attempt: u8::try_from(failed + 1).unwrap_or(u8::MAX),
                tracking: dossier.return_tracking().cloned(),
            }
        }
        _ => return None,
    })
}

/// Where the applicant of `header` asked to be told, and in which language; `None`: nowhere (no
/// preference, or SMS chosen without a phone number on the dossier).
pub fn contact_of(header: &DossierHeader) -> Option<(Contact, crate::notify::Language)> {
    let NotifyPreference { channel, language } = header.notifications.as_ref()?;
    let contact = match channel {
        NotifyChannel::Email { address } => Contact::Email(address.clone()),
        NotifyChannel::Sms => {
            let (Applicant::Citizen { phone, .. } | Applicant::Organisation { phone, .. }) =
                &header.applicant;
            Contact::Sms(phone.clone()?)
        }
    };
    Some((contact, *language))
}

/// What one round of the [`NotifyDispatcher`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NotifyReport {
    /// The outbox messages: completed (`sent` counts the skipped and repeated ones too), retried,
    /// dead-lettered.
    pub outbox: DispatchReport,
    /// Completed without sending: the applicant has no preference (any more), or no number for SMS.
    pub skipped: usize,
    /// Completed because the notifier already held the key ([`Delivery::AlreadySent`]).
    pub repeated: usize,
}

/// Sends the outbox's citizen messages through a [`Notifier`]: loads the dossier, resolves the contact from
/// its header ([`contact_of`]), renders the bilingual text ([`template::render`]) and sends it under the
/// message's key.
///
/// A message is completed once the notifier accepted it. A dispatcher that stalls past its lease, or
/// crashes, after the notifier accepted a message but before completing it, leaves it claimable: the
/// notification is handed over again under the same key (at least once). The notifier is where the key
/// makes the second one harmless (`hoso-notify`'s file notifier skips a key it holds; its SMTP notifier
/// sends the key as the `Message-ID`, which mail clients and servers deduplicate by).
#[derive(Debug, Clone)]
pub struct NotifyDispatcher {
    service: DossierService,
    notifier: Arc<dyn Notifier>,
    retries: Retries,
}

impl OutboxConsumer for NotifyDispatcher {
    fn retries_mut(&mut self) -> &mut Retries {
        &mut self.retries
    }
}

impl NotifyDispatcher {
    /// A dispatcher over `service`'s store, sending through `notifier`.
    pub fn new(service: DossierService, notifier: Arc<dyn Notifier>) -> Self {
        NotifyDispatcher {
            service,
            notifier,
            retries: Retries::default(),
        }
    }

    /// Claims the citizen messages due at `now` and sends each once.
    pub async fn dispatch_once(&self, now: Timestamp) -> Result<NotifyReport, ServiceError> {
        let skipped = AtomicUsize::new(0);
        let repeated = AtomicUsize::new(0);
        let outbox = self
            .retries
            .round(self.service.store(), CITIZEN_DESTINATION)
            .run(now, |c| {
                let (skipped, repeated) = (&skipped, &repeated);
                Box::pin(async move {
                    let notice: CitizenNotice = serde_json::from_value(c.message.payload.clone())
                        .map_err(|e| {
                        Failure::Permanent(format!(
                            "the payload is not a citizen notice: {}",
                            crate::store::payload::json_error(&e)
                        ))
                    })?;
                    match self.send(&c.message.key, &notice).await? {
                        None => skipped.fetch_add(1, Ordering::Relaxed),
                        Some(Delivery::AlreadySent) => repeated.fetch_add(1, Ordering::Relaxed),
                        Some(_) => 0,
                    };
                    Ok(())
                })
            })
            .await?;
        Ok(NotifyReport {
            outbox,
            skipped: skipped.into_inner(),
            repeated: repeated.into_inner(),
        })
    }

    async fn send(&self, key: &str, notice: &CitizenNotice) -> Result<Option<Delivery>, Failure> {
        let code = &notice.dossier;
        let loaded = self
            .service
            .load(code)
            .await
            .map_err(Failure::Service)?
            .ok_or_else(|| Failure::Permanent(format!("no dossier {code}")))?;
        let Some((to, language)) = contact_of(loaded.dossier.header()) else {
            tracing::info!(%key, "no notification preference: not sent");
            return Ok(None);
        };
        let channel = to.channel();
        let notification = Notification {
            key: key.to_owned(),
            dossier: code.clone(),
            to,
            language,
            text: template::render(notice, language),
        };
        let delivery = self
            .notifier
            .send(&notification)
            .await
            .map_err(|e| Failure::of(e.is_retryable(), &e))?;
        tracing::info!(%key, channel, ?delivery, "citizen notified");
        Ok(Some(delivery))
    }
}
