//! The service layer over the in-memory store: idempotent commands, decisions retried on conflict, illegal
//! events refused with nothing written, and the agency dispatcher's at-least-once filing.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use hoso_core::adapter::{
    AdapterError, AdapterErrorKind, AdapterRegistry, AgencyAdapter, AgencyMessage, AgencyRef,
    Capabilities, DossierSubmission, OutboundMessage, SubmissionReceipt, WireFormat,
};
use hoso_core::event::{EventId, EventKind};
use hoso_core::service::OutboxConsumer;
use hoso_core::service::{AgencyDispatcher, Changes, DossierService, ServiceError};
use hoso_core::store::{
    CommandId, DestinationKind, EventStore, MemoryStore, OutboxPolicy, OutboxStatus, StoreErrorKind,
};
use hoso_core::{AgencyCode, Dossier, DossierCode, demo};
use jiff::{SignedDuration, Timestamp};

fn agency() -> AgencyCode {
    "000.00.01.H56".parse().expect("agency code")
}

fn t(secs: i64) -> Timestamp {
    Timestamp::from_second(1_772_413_200 + secs).expect("instant")
}

fn setup() -> (Arc<MemoryStore>, DossierService) {
    let store = Arc::new(MemoryStore::new());
    let service = DossierService::new(store.clone() as Arc<dyn EventStore>);
    (store, service)
}

fn code_of(events: &[hoso_core::Event]) -> DossierCode {
    Dossier::open(events[0].clone())
        .expect("opens")
        .code()
        .clone()
}

#[tokio::test]
async fn an_illegal_event_is_refused_and_nothing_is_written() {
    let (store, service) = setup();
    let events = demo::lifecycle(1);
    let code = code_of(&events);
    service
        .open(
            CommandId::new("open"),
            events[0].clone(),
            Changes::default(),
        )
        .await
        .expect("open");
    // Delivery before the dossier even reached the agency.
    let delivered = events.last().expect("last").clone();
    let err = service
        .update(&code, None, |_| {
            Ok(Changes::events(vec![delivered.clone()]))
        })
        .await
        .expect_err("illegal");
    assert!(matches!(err, ServiceError::Transition { .. }), "{err}");
    assert_eq!(store.stream_version(&code).await.expect("v"), Some(1));
}

#[tokio::test]
async fn opening_an_existing_dossier_with_a_new_command_is_a_conflict() {
    let (_, service) = setup();
    let events = demo::lifecycle(1);
    service
        .open(CommandId::new("a"), events[0].clone(), Changes::default())
        .await
        .expect("open");
    let mut other = events[0].clone();
    other.id = EventId::from_u128(424_242);
    let err = service
        .open(CommandId::new("b"), other, Changes::default())
        .await
        .expect_err("exists");
    let ServiceError::Store(e) = err else {
        panic!("expected a store conflict, got {err}")
    };
    assert!(matches!(e.kind(), StoreErrorKind::Conflict { .. }), "{e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn racing_decisions_are_decided_again_and_all_land() {
    let (store, service) = setup();
    let events = Arc::new(demo::lifecycle(1));
    let code = code_of(&events);
    service
        .open(
            CommandId::new("open"),
            events[0].clone(),
            Changes::default(),
        )
        .await
        .expect("open");
    // Six writers each record "the next event of the life" as they find the dossier: each decision depends on
    // the version loaded, so a writer that loses a race must reload and decide again. Each decision is an
    // event of its own (an id of the writer and the version it saw): a stale writer re-sending the very
    // event another wrote would be a retried append, absorbed as a no-op, not a race.
    let mut tasks = Vec::new();
    for w in 0..6u128 {
        let service = service.clone();
        let events = Arc::clone(&events);
        let code = code.clone();
        tasks.push(tokio::spawn(async move {
            service
                .update(
                    &code,
                    Some(CommandId::new(format!("writer-{w}"))),
                    |loaded| {
                        let next = usize::try_from(loaded.version).expect("small");
                        let mut decided = events[next].clone();
                        decided.id =
                            EventId::from_u128(1_000 * (w + 1) + u128::from(loaded.version));
                        Ok(Changes::events(vec![decided]))
                    },
                )
                .await
                .expect("update lands")
        }));
    }
    for task in tasks {
        task.await.expect("task");
    }
    let loaded = service.load(&code).await.expect("load").expect("exists");
    assert_eq!(loaded.version, 7);
    let kinds = |evs: &[hoso_core::Event]| evs.iter().map(|e| e.kind.clone()).collect::<Vec<_>>();
    assert_eq!(kinds(loaded.dossier.history()), kinds(&events[..7]));
    let mut ids: Vec<_> = loaded.dossier.history()[1..].iter().map(|e| e.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 6, "six decisions of six writers");
    assert_eq!(store.read_all(0, 100).await.expect("all").events.len(), 7);
}

/// An agency that files each idempotency key once and can be told to fail.
#[derive(Debug, Default)]
struct FakeAgency {
    filed: Mutex<HashMap<String, usize>>,
    failures: Mutex<Vec<AdapterErrorKind>>,
}

#[async_trait::async_trait]
impl AgencyAdapter for FakeAgency {
    fn agency(&self) -> &AgencyCode {
        static CODE: std::sync::OnceLock<AgencyCode> = std::sync::OnceLock::new();
        CODE.get_or_init(agency)
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities::new(WireFormat::Json).with_idempotent_submission(true)
    }

    async fn send_with_key(
        &self,
        message: &OutboundMessage,
        key: &str,
    ) -> Result<SubmissionReceipt, AdapterError> {
        if let Some(kind) = self.failures.lock().expect("lock").pop() {
            return Err(AdapterError::new(kind, agency(), "scripted failure"));
        }
        *self
            .filed
            .lock()
            .expect("lock")
            .entry(key.to_owned())
            .or_default() += 1;
        Ok(SubmissionReceipt {
            agency: agency(),
            dossier: message.dossier().clone(),
            reference: AgencyRef(format!("BN-{key}")),
            idempotency_key: key.to_owned(),
            received_at: t(0),
        })
    }

    async fn poll(&self, _: &AgencyRef) -> Result<Vec<AgencyMessage>, AdapterError> {
        Ok(Vec::new())
    }
}

async fn dossier_with_submission(service: &DossierService) -> (DossierCode, String) {
    let events = demo::lifecycle(1);
    let code = code_of(&events);
    let dossier = Dossier::from_events(&events[..5]).expect("fold");
    let submission = OutboundMessage::Submission(DossierSubmission::from_dossier(&dossier, t(0)));
    let id = submission.message_id().to_owned();
    let message = AgencyDispatcher::message_for(&agency(), &submission).expect("message");
    service
        .open(
            CommandId::new("open"),
            events[0].clone(),
            Changes::events(events[1..5].to_vec()).with_outbox([message]),
        )
        .await
        .expect("open with submission");
    (code, id)
}

fn dispatcher(service: &DossierService, agency: &Arc<FakeAgency>) -> AgencyDispatcher {
    let mut registry = AdapterRegistry::new();
    registry.register(agency.clone() as Arc<dyn AgencyAdapter>);
    AgencyDispatcher::new(service.clone(), registry).with_policy(OutboxPolicy {
        lease: SignedDuration::from_secs(60),
        max_attempts: 3,
        batch: 10,
    })
}

#[tokio::test]
async fn the_dispatcher_files_the_submission_and_records_the_reference() {
    let (store, service) = setup();
    let (code, id) = dossier_with_submission(&service).await;
    let fake = Arc::new(FakeAgency::default());
    let report = dispatcher(&service, &fake)
        .dispatch_once(t(1))
        .await
        .expect("dispatch");
    assert_eq!(report.sent, 1);
    assert_eq!(fake.filed.lock().expect("lock").get(&id), Some(&1));
    let loaded = service.load(&code).await.expect("load").expect("exists");
    let filing = loaded.filing.expect("filing recorded");
    assert_eq!(filing.reference.as_str(), format!("BN-{id}"));
    assert_eq!(
        store
            .find_by_agency_ref(&agency(), &filing.reference)
            .await
            .expect("lookup"),
        Some(code)
    );
    assert_eq!(store.outbox_counts().await.expect("counts").done, 1);
    let again = dispatcher(&service, &fake)
        .dispatch_once(t(2))
        .await
        .expect("dispatch");
    assert_eq!(again.sent, 0, "a done message is not sent again");
}

#[tokio::test]
async fn a_crash_between_sending_and_completing_resends_and_the_agency_files_once() {
    let (store, service) = setup();
    let (_, id) = dossier_with_submission(&service).await;
    let fake = Arc::new(FakeAgency::default());
    // A dispatcher claims and sends, then dies before completing: its lease is never released.
    let claimed = store
        .claim(DestinationKind::Agency, t(1), &OutboxPolicy::default())
        .await
        .expect("claim");
    let message: OutboundMessage =
        serde_json::from_value(claimed[0].message.payload.clone()).expect("payload");
    fake.send(&message).await.expect("first send");
    // The restarted dispatcher finds it again once the lease ran out, sends it again with the same id.
    let early = dispatcher(&service, &fake)
        .dispatch_once(t(30))
        .await
        .expect("dispatch");
    assert_eq!(early.sent, 0, "still leased");
    let report = dispatcher(&service, &fake)
        .dispatch_once(t(62))
        .await
        .expect("dispatch");
    assert_eq!(report.sent, 1);
    assert_eq!(
        fake.filed.lock().expect("lock").get(&id),
        Some(&2),
        "sent twice"
    );
    assert_eq!(
        fake.filed.lock().expect("lock").len(),
        1,
        "under one message id, which the agency files once"
    );
}

#[tokio::test]
async fn transient_failures_are_retried_later_and_permanent_ones_dead_lettered() {
    let (store, service) = setup();
    let (_, id) = dossier_with_submission(&service).await;
    let fake = Arc::new(FakeAgency::default());
    fake.failures
        .lock()
        .expect("lock")
        .push(AdapterErrorKind::Unavailable);
    let d = dispatcher(&service, &fake);
    let first = d.dispatch_once(t(1)).await.expect("dispatch");
    assert_eq!(first.retried, 1);
    let message_id = store.outbox_message(1).await.expect("m").expect("exists");
    assert_eq!(message_id.status, OutboxStatus::Pending);
    assert!(
        message_id
            .last_error
            .as_deref()
            .is_some_and(|e| e.contains("scripted failure"))
    );
    let too_soon = d.dispatch_once(t(3)).await.expect("dispatch");
    assert_eq!(too_soon.sent, 0, "the backoff holds it for 5 s");
    let later = d.dispatch_once(t(7)).await.expect("dispatch");
    assert_eq!(later.sent, 1);
    assert_eq!(fake.filed.lock().expect("lock").get(&id), Some(&1));

    let (store2, service2) = setup();
    dossier_with_submission(&service2).await;
    fake.failures
        .lock()
        .expect("lock")
        .push(AdapterErrorKind::Rejected);
    let report = dispatcher(&service2, &fake)
        .dispatch_once(t(1))
        .await
        .expect("dispatch");
    assert_eq!(report.dead, 1);
    let dead = store2.dead_letters(10).await.expect("dead");
    assert_eq!(dead.len(), 1);
    assert!(
        dead[0]
            .last_error
            .as_deref()
            .is_some_and(|e| e.contains("rejected"))
    );
}

#[tokio::test]
async fn execute_records_a_state_machine_command_once() {
    let (_, service) = setup();
    let events = demo::lifecycle(1);
    let code = code_of(&events);
    service
        .open(
            CommandId::new("open"),
            events[0].clone(),
            Changes::default(),
        )
        .await
        .expect("open");
    let e = &events[1];
    let command = hoso_core::machine::Command {
        id: e.id,
        at: e.at,
        actor: e.actor.clone(),
        place: e.place.clone(),
        action: e.kind.clone(),
    };
    let first = service
        .execute(&code, command.clone(), |_, _| Changes::default())
        .await
        .expect("execute");
    assert_eq!(first.appended, 1);
    let again = service
        .execute(&code, command, |_, _| Changes::default())
        .await
        .expect("execute again");
    assert_eq!(again.appended, 0);
    assert_eq!(again.version, 2);
    assert!(matches!(
        events[1].kind,
        EventKind::CollectedAndSealed { .. } | EventKind::PickupRequested
    ));
}
