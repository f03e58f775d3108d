//! Citizens' notifications through the service: written with the events that call for them, sent once per
//! event, never to an applicant who gave no preference, retried and dead-lettered by the outbox policy, and
//! handed over again under the same key when a lease runs out mid-send.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use hoso_core::notify::{
    CitizenNotice, Contact, Delivery, Language, Notice, Notification, Notifier, NotifyChannel,
    NotifyError, NotifyErrorKind, NotifyPreference,
};
use hoso_core::service::{
    Changes, DossierService, NotifyDispatcher, OutboxConsumer, RetryBackoff, citizen_notices,
};
use hoso_core::store::{
    CommandId, Destination, EventStore, MemoryStore, OutboxMessage, OutboxPolicy, OutboxStatus,
    StoreErrorKind,
};
use hoso_core::{Dossier, DossierCode, DossierHeader, Event, demo};
use jiff::{SignedDuration, Timestamp};
use tokio::sync::Notify;

/// Records what it is handed; fails as scripted first.
#[derive(Debug, Default)]
struct Recorder {
    sent: Mutex<Vec<Notification>>,
    script: Mutex<VecDeque<NotifyError>>,
    /// When set, the first send signals `entered` and waits for `release`.
    gate: Option<(Arc<Notify>, Arc<Notify>)>,
    gated: Mutex<bool>,
}

impl Recorder {
    fn keys(&self) -> Vec<String> {
        self.sent
            .lock()
            .unwrap()
            .iter()
            .map(|n| n.key.clone())
            .collect()
    }
}

#[async_trait::async_trait]
impl Notifier for Recorder {
    fn name(&self) -> &str {
        "recorder"
    }
    async fn send(&self, n: &Notification) -> Result<Delivery, NotifyError> {
        if let Some(e) = self.script.lock().unwrap().pop_front() {
            return Err(e);
        }
        self.sent.lock().unwrap().push(n.clone());
        let first = !std::mem::replace(&mut *self.gated.lock().unwrap(), true);
        if let (Some((entered, release)), true) = (&self.gate, first) {
            entered.notify_one();
            release.notified().await;
        }
        Ok(Delivery::Sent)
    }
}

fn t(secs: i64) -> Timestamp {
    demo::at(0)
        .checked_add(SignedDuration::from_secs(secs))
        .unwrap()
}

fn header(preference: Option<NotifyPreference>) -> DossierHeader {
    DossierHeader {
        notifications: preference,
        ..demo::header(1)
    }
}

fn email(language: Language) -> Option<NotifyPreference> {
    Some(NotifyPreference {
        channel: NotifyChannel::Email {
            address: "nguyen.an@example.vn".parse().unwrap(),
        },
        language,
    })
}

async fn opened_with(
    preference: Option<NotifyPreference>,
) -> (Arc<MemoryStore>, DossierService, Vec<Event>) {
    let store = Arc::new(MemoryStore::new());
    let service = DossierService::new(store.clone() as Arc<dyn EventStore>);
    let events = demo::lifecycle_of(header(preference), 100, demo::at(0));
    service
        .open(
            CommandId::new("open"),
            events[0].clone(),
            Changes::default(),
        )
        .await
        .unwrap();
    (store, service, events)
}

/// Records `events` one append each, as they would arrive.
async fn record(service: &DossierService, code: &DossierCode, events: &[Event]) {
    for e in events {
        service
            .update(code, None, |_| Ok(Changes::events(vec![e.clone()])))
            .await
            .unwrap();
    }
}

async fn outbox(store: &MemoryStore) -> Vec<OutboxMessage> {
    let mut all = Vec::new();
    for id in 1.. {
        match store.outbox_message(id).await.unwrap() {
            Some(m) => all.push(m),
            None => return all,
        }
    }
    all
}

async fn citizen_messages(store: &MemoryStore) -> Vec<OutboxMessage> {
    outbox(store)
        .await
        .into_iter()
        .filter(|m| m.destination == Destination::Citizen)
        .collect()
}

fn no_retries() -> OutboxPolicy {
    OutboxPolicy {
        max_attempts: 3,
        ..OutboxPolicy::default()
    }
}

#[tokio::test]
async fn each_event_that_calls_for_it_is_told_once_in_order() {
    let (store, service, events) = opened_with(email(Language::Vi)).await;
    let code = demo::header(1).code;
    record(&service, &code, &events[1..]).await;
    // The same events recorded again (a replayed feed) write nothing more.
    record(&service, &code, &events[1..]).await;
    let messages = citizen_messages(&store).await;
    let notices: Vec<CitizenNotice> = messages
        .iter()
        .map(|m| serde_json::from_value(m.payload.clone()).unwrap())
        .collect();
    let kinds: Vec<&str> = notices
        .iter()
        .map(|n| match &n.notice {
            Notice::HandedToAgency { .. } => "handed",
            Notice::SupplementRequested { .. } => "supplement",
            Notice::ResultSent { .. } => "result",
            Notice::OutForDelivery { .. } => "round",
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, ["handed", "supplement", "result", "round", "round"]);
    // The due date told at the handover: 5 working days from Tuesday 3 March 2026.
    assert_eq!(
        notices[0].notice,
        Notice::HandedToAgency {
            due: Some(jiff::civil::date(2026, 3, 10))
        }
    );
    let attempts: Vec<u8> = notices
        .iter()
        .filter_map(|n| match n.notice {
            Notice::OutForDelivery { attempt, .. } => Some(attempt),
            _ => None,
        })
        .collect();
    assert_eq!(attempts, [1, 2]);
    for (m, n) in messages.iter().zip(&notices) {
        assert_eq!(m.key, n.key());
    }

    let recorder = Arc::new(Recorder::default());
    let dispatcher = NotifyDispatcher::new(service.clone(), recorder.clone());
    let report = dispatcher.dispatch_once(t(10 * 86_400)).await.unwrap();
    assert_eq!((report.outbox.sent, report.skipped), (5, 0));
    assert_eq!(
        recorder.keys(),
        messages.iter().map(|m| m.key.clone()).collect::<Vec<_>>()
    );
    let again = dispatcher.dispatch_once(t(11 * 86_400)).await.unwrap();
    assert_eq!(again.outbox.sent, 0);
    assert_eq!(recorder.keys().len(), 5);
    let sent = recorder.sent.lock().unwrap();
    assert!(matches!(&sent[0].to, Contact::Email(e) if e.reveal() == "nguyen.an@example.vn"));
    assert!(sent[0].text.subject.starts_with("Hồ sơ"));
    assert!(sent[0].text.body.contains("10/03/2026") && sent[0].text.body.contains("2026-03-10"));
}

#[tokio::test]
async fn an_applicant_without_a_preference_is_told_nothing() {
    let (store, service, events) = opened_with(None).await;
    let code = demo::header(1).code;
    record(&service, &code, &events[1..]).await;
    assert!(citizen_messages(&store).await.is_empty());
    // The other consumers still get theirs.
    assert!(!outbox(&store).await.is_empty());
    let recorder = Arc::new(Recorder::default());
    let report = NotifyDispatcher::new(service, recorder.clone())
        .dispatch_once(t(10 * 86_400))
        .await
        .unwrap();
    assert_eq!(report.outbox.sent, 0);
    assert!(recorder.keys().is_empty());
}

#[tokio::test]
async fn sms_without_a_phone_number_is_skipped_not_retried() {
    let mut h = header(Some(NotifyPreference {
        channel: NotifyChannel::Sms,
        language: Language::En,
    }));
    if let hoso_core::Applicant::Citizen { phone, .. } = &mut h.applicant {
        *phone = None;
    }
    let store = Arc::new(MemoryStore::new());
    let service = DossierService::new(store.clone() as Arc<dyn EventStore>);
    let events = demo::lifecycle_of(h, 100, demo::at(0));
    service
        .open(
            CommandId::new("open"),
            events[0].clone(),
            Changes::events(events[1..4].to_vec()),
        )
        .await
        .unwrap();
    let recorder = Arc::new(Recorder::default());
    let report = NotifyDispatcher::new(service, recorder.clone())
        .dispatch_once(t(86_400 * 2))
        .await
        .unwrap();
    assert_eq!((report.outbox.sent, report.skipped), (1, 1));
    assert!(recorder.keys().is_empty());
    assert_eq!(citizen_messages(&store).await[0].status, OutboxStatus::Done);
}

#[tokio::test]
async fn the_payload_holds_no_personal_data() {
    let h = header(email(Language::En));
    let events = demo::lifecycle_of(h.clone(), 100, demo::at(0));
    let dossier = Dossier::from_events(&events).unwrap();
    let hoso_core::Applicant::Citizen {
        name, id, phone, ..
    } = &h.applicant
    else {
        panic!("a citizen");
    };
    for m in citizen_notices(&dossier, &events).unwrap() {
        let text = m.payload.to_string();
        for secret in [
            name.as_str(),
            id.reveal(),
            phone.as_ref().unwrap().reveal(),
            "nguyen.an",
            "example.vn",
        ] {
            assert!(!text.contains(secret), "{} holds {secret}", m.key);
        }
    }
}

async fn one_handover_message(
    preference: Option<NotifyPreference>,
) -> (Arc<MemoryStore>, DossierService) {
    let (store, service, events) = opened_with(preference).await;
    let code = demo::header(1).code;
    record(&service, &code, &events[1..4]).await;
    assert_eq!(citizen_messages(&store).await.len(), 1);
    (store, service)
}

fn unavailable() -> NotifyError {
    NotifyError::new(NotifyErrorKind::Unavailable, "recorder", "421 try later")
}

#[tokio::test]
async fn a_channel_down_is_retried_with_backoff_then_dead_lettered() {
    let (store, service) = one_handover_message(email(Language::Vi)).await;
    let recorder = Arc::new(Recorder::default());
    recorder
        .script
        .lock()
        .unwrap()
        .extend([unavailable(), unavailable(), unavailable()]);
    let backoff = RetryBackoff {
        base: SignedDuration::from_secs(10),
        max: SignedDuration::from_mins(5),
    };
    let dispatcher = NotifyDispatcher::new(service, recorder.clone())
        .with_policy(no_retries())
        .with_backoff(backoff);
    let r1 = dispatcher.dispatch_once(t(0)).await.unwrap();
    assert_eq!(r1.outbox.retried, 1);
    // Not before the backoff.
    assert_eq!(
        dispatcher.dispatch_once(t(9)).await.unwrap().outbox,
        Default::default()
    );
    assert_eq!(
        dispatcher
            .dispatch_once(t(10))
            .await
            .unwrap()
            .outbox
            .retried,
        1
    );
    // The third failure is the last attempt the policy allows.
    let r3 = dispatcher.dispatch_once(t(30)).await.unwrap();
    assert_eq!(r3.outbox.dead, 1);
    let m = &citizen_messages(&store).await[0];
    assert_eq!((m.status, m.attempts), (OutboxStatus::Dead, 3));
    assert!(m.last_error.as_deref().unwrap().contains("421"));
    assert!(recorder.keys().is_empty());
}

#[tokio::test]
async fn a_refusal_is_a_dead_letter_at_once_and_a_retry_that_succeeds_sends_once() {
    let (store, service) = one_handover_message(email(Language::Vi)).await;
    let recorder = Arc::new(Recorder::default());
    recorder.script.lock().unwrap().push_back(NotifyError::new(
        NotifyErrorKind::Rejected,
        "recorder",
        "550 no such mailbox",
    ));
    let dispatcher = NotifyDispatcher::new(service.clone(), recorder.clone());
    assert_eq!(dispatcher.dispatch_once(t(0)).await.unwrap().outbox.dead, 1);
    assert_eq!(citizen_messages(&store).await[0].status, OutboxStatus::Dead);

    let (store, service) = one_handover_message(email(Language::Vi)).await;
    let recorder = Arc::new(Recorder::default());
    recorder.script.lock().unwrap().push_back(unavailable());
    let dispatcher = NotifyDispatcher::new(service, recorder.clone());
    assert_eq!(
        dispatcher.dispatch_once(t(0)).await.unwrap().outbox.retried,
        1
    );
    assert_eq!(
        dispatcher
            .dispatch_once(t(3_600))
            .await
            .unwrap()
            .outbox
            .sent,
        1
    );
    assert_eq!(recorder.keys().len(), 1);
    assert_eq!(citizen_messages(&store).await[0].status, OutboxStatus::Done);
}

#[tokio::test]
async fn a_lease_that_runs_out_mid_send_hands_the_notification_over_again_under_its_key() {
    let (store, service) = one_handover_message(email(Language::En)).await;
    let entered = Arc::new(Notify::new());
    let release = Arc::new(Notify::new());
    let recorder = Arc::new(Recorder {
        gate: Some((entered.clone(), release.clone())),
        ..Recorder::default()
    });
    let policy = OutboxPolicy {
        lease: SignedDuration::from_secs(60),
        ..OutboxPolicy::default()
    };
    let slow = NotifyDispatcher::new(service.clone(), recorder.clone()).with_policy(policy);
    let other = NotifyDispatcher::new(service, recorder.clone()).with_policy(policy);
    let first = tokio::spawn(async move { slow.dispatch_once(t(0)).await });
    // The first dispatcher is inside the notifier; its lease runs out.
    entered.notified().await;
    let second = other.dispatch_once(t(61)).await.unwrap();
    assert_eq!(second.outbox.sent, 1);
    release.notify_one();
    // The stalled dispatcher's completion finds its lease taken: it says so and changes nothing.
    let err = first.await.unwrap().unwrap_err();
    assert!(
        matches!(&err, hoso_core::service::ServiceError::Store(e) if matches!(e.kind(), StoreErrorKind::LeaseLost)),
        "{err}"
    );
    // At least once: the notifier was handed the same notification twice, under the same key.
    let keys = recorder.keys();
    assert_eq!(keys.len(), 2);
    assert_eq!(keys[0], keys[1]);
    let m = &citizen_messages(&store).await[0];
    assert_eq!((m.status, m.attempts), (OutboxStatus::Done, 2));
}
