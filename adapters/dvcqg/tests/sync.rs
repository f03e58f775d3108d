//! The outbox consumer against the portal simulator: every status change reaches the portal once in
//! effect, in order per dossier, through every fault of the issue's list. Time is passed in, never read
//! from the machine: a round "an hour later" is due whatever the machine's speed.

mod common;

use std::sync::Arc;

use common::{TIMEOUT, Which, codec, life, mode, transport};
use hoso_core::service::OutboxConsumer;
use hoso_core::service::{Changes, DispatchReport, DossierService, RetryBackoff};
use hoso_core::store::{CommandId, EventStore, MemoryStore, OutboxPolicy};
use hoso_core::{Dossier, DossierCode, Event, EventKind};
use hoso_dvcqg::{DvcqgCodec, DvcqgSync, PortalClient, PortalProfile, version_checkpoint};
use hoso_testkit::{PortalConfig, PortalFault, PortalSimulator, portal_holds_in_order};
use jiff::{SignedDuration, Timestamp};

const LIFE: [&str; 7] = ["1", "2", "4", "5", "4", "9", "10"];

struct Rig {
    sim: PortalSimulator,
    service: DossierService,
    sync: DvcqgSync,
    now: Timestamp,
}

async fn rig(config: PortalConfig, which: Which, codec: DvcqgCodec) -> Rig {
    let sim = PortalSimulator::start(config).await.unwrap();
    let service = DossierService::new(Arc::new(MemoryStore::new()));
    let client = PortalClient::new(codec, mode(sim.config(), which), transport(&sim, TIMEOUT));
    let sync = DvcqgSync::new(service.clone(), client)
        .with_policy(OutboxPolicy {
            max_attempts: 20,
            ..OutboxPolicy::default()
        })
        .with_backoff(RetryBackoff {
            base: SignedDuration::from_secs(5),
            max: SignedDuration::from_mins(10),
        });
    let now: Timestamp = "2026-03-10T00:00:00Z".parse().unwrap();
    Rig {
        sim,
        service,
        sync,
        now,
    }
}

impl Rig {
    fn store(&self) -> &Arc<dyn EventStore> {
        self.service.store()
    }

    async fn append(&self, events: &[Event]) -> DossierCode {
        let code = Dossier::open(events[0].clone()).unwrap().code().clone();
        if self.service.load(&code).await.unwrap().is_none() {
            let cmd = CommandId::new(format!("open-{code}"));
            self.service
                .open(cmd, events[0].clone(), Changes::default())
                .await
                .unwrap();
        }
        for e in &events[1..] {
            let change = Changes::events(vec![e.clone()]);
            self.service
                .update(&code, None, |_| Ok(change.clone()))
                .await
                .unwrap();
        }
        code
    }

    /// Sync rounds an hour apart (longer than the longest backoff, so every pending portal message is due)
    /// until a round claims nothing; returns the number of rounds that claimed something. The outbox also
    /// holds the postal orders, which no one sends here.
    async fn drain(&mut self) -> usize {
        for round in 0..60 {
            let report = self.sync.sync_once(self.now).await.unwrap();
            self.now = self.now.checked_add(SignedDuration::from_hours(1)).unwrap();
            assert_eq!(report.outbox.dead, 0, "a portal change was dead-lettered");
            if report.outbox == DispatchReport::default() {
                return round;
            }
        }
        panic!("the outbox did not drain in 60 rounds");
    }
}

#[tokio::test]
async fn every_status_change_reaches_the_portal_in_order_in_both_modes() {
    for which in [Which::Direct, Which::Relay] {
        let mut rig = rig(PortalConfig::default(), which, codec()).await;
        let events = life(1);
        let code = rig.append(&events[..1]).await;
        for n in 2..=events.len() {
            rig.append(&events[..n]).await;
            rig.drain().await;
        }
        portal_holds_in_order(&rig.sim, code.as_str(), &LIFE);
        let held = rig.sim.dossier(code.as_str()).unwrap();
        assert_eq!(held.creates, 1, "{which:?}");
        // One dossier sync per change that mattered (the postal leg's events send nothing), each the
        // state of its change.
        assert_eq!(held.statuses, LIFE, "{which:?}");
        assert_eq!(held.statuses.last().map(String::as_str), Some("10"));
    }
}

#[tokio::test]
async fn a_whole_life_appended_at_once_is_one_sync() {
    let mut rig = rig(PortalConfig::default(), Which::Direct, codec()).await;
    let codes = [rig.append(&life(1)).await, rig.append(&life(2)).await];
    assert_eq!(rig.drain().await, 1);
    for code in &codes {
        portal_holds_in_order(&rig.sim, code.as_str(), &LIFE);
    }
    let counts = rig.sim.counts();
    assert_eq!(
        (counts.creates, counts.updates, counts.progress_calls),
        (2, 0, 2)
    );
}

#[tokio::test]
async fn more_than_ten_steps_go_in_calls_of_ten() {
    let mut rig = rig(PortalConfig::default(), Which::Relay, codec()).await;
    // Processing (6 events: statuses 1, 2, 4), then four financial obligations notified and paid: each a
    // step to 6 and a step back.
    let mut events = life(1)[..6].to_vec();
    for i in 0..4i64 {
        let id = 5_000 + i as u128 * 2;
        events.push(hoso_core::demo::event(
            id,
            3_000 + i * 100,
            EventKind::FinancialObligationNotified {
                amount: hoso_core::Vnd(500_000),
                due: None,
            },
        ));
        events.push(hoso_core::demo::event(
            id + 1,
            3_050 + i * 100,
            EventKind::FinancialObligationPaid {
                amount: hoso_core::Vnd(500_000),
            },
        ));
    }
    let code = rig.append(&events).await;
    rig.drain().await;
    let held = rig.sim.dossier(code.as_str()).unwrap();
    assert!(held.progress.len() > 10, "{}", held.progress.len());
    assert_eq!(
        rig.sim.counts().progress_calls,
        held.progress.len().div_ceil(10)
    );
    let expected: Vec<&str> = ["1", "2", "4"]
        .into_iter()
        .chain(["6", "4"].repeat(4))
        .collect();
    portal_holds_in_order(&rig.sim, code.as_str(), &expected);
}

#[tokio::test]
async fn the_portal_being_down_delays_the_sync_and_loses_nothing() {
    let mut rig = rig(PortalConfig::default(), Which::Direct, codec()).await;
    rig.sim.inject(PortalFault::Status(503), 6);
    let code = rig.append(&life(1)).await;
    let rounds = rig.drain().await;
    assert!(rounds > 1, "the faults must have cost rounds");
    portal_holds_in_order(&rig.sim, code.as_str(), &LIFE);
    assert_eq!(rig.sim.counts().faults, 6);
}

#[tokio::test]
async fn timeouts_and_malformed_replies_are_retried() {
    let mut rig = rig(PortalConfig::default(), Which::Relay, codec()).await;
    rig.sim.inject(PortalFault::Hang, 1);
    let code = rig.append(&life(1)).await;
    let first = rig.sync.sync_once(rig.now).await.unwrap();
    assert_eq!((first.outbox.retried, first.outbox.sent), (LIFE.len(), 0));
    rig.sim
        .inject(PortalFault::Malformed(b"<html>502</html>".to_vec()), 1);
    rig.sim
        .inject(PortalFault::Malformed(br#"{"ok":true}"#.to_vec()), 1);
    rig.now = rig.now.checked_add(SignedDuration::from_hours(1)).unwrap();
    rig.drain().await;
    portal_holds_in_order(&rig.sim, code.as_str(), &LIFE);
    rig.sim.stop().await;
}

#[tokio::test]
async fn a_session_that_expires_mid_batch_is_renewed_and_the_batch_goes_on() {
    let config = PortalConfig {
        session_calls: Some(3),
        ..PortalConfig::default()
    };
    let mut rig = rig(config, Which::Direct, codec()).await;
    let mut codes = Vec::new();
    for seq in 1..=5 {
        codes.push(rig.append(&life(seq)).await);
    }
    rig.drain().await;
    for code in &codes {
        portal_holds_in_order(&rig.sim, code.as_str(), &LIFE);
    }
    assert!(rig.sim.counts().logins >= 3, "{:?}", rig.sim.counts());
    assert_eq!(rig.sim.counts().expired, rig.sim.counts().logins - 1);
}

#[tokio::test]
async fn a_later_change_never_overtakes_an_earlier_one() {
    let mut rig = rig(PortalConfig::default(), Which::Direct, codec()).await;
    let events = life(1);
    rig.sim.inject(PortalFault::Status(503), 1);
    let code = rig.append(&events[..1]).await;
    // The opening's sync fails and waits for its backoff ...
    let first = rig.sync.sync_once(rig.now).await.unwrap();
    assert_eq!(first.outbox.retried, 1);
    // ... while later changes arrive and are claimed first (the opening is not due yet).
    rig.append(&events[..6]).await;
    let second = rig.sync.sync_once(rig.now).await.unwrap();
    assert_eq!(second.outbox.sent, 2, "{second:?}");
    portal_holds_in_order(&rig.sim, code.as_str(), &LIFE[..3]);
    // The opening's message, due later, finds itself covered: completed without a call.
    let requests = rig.sim.counts().requests;
    rig.now = rig.now.checked_add(SignedDuration::from_hours(1)).unwrap();
    let third = rig.sync.sync_once(rig.now).await.unwrap();
    assert_eq!((third.outbox.sent, third.dossiers, third.steps), (1, 0, 0));
    assert_eq!(rig.sim.counts().requests, requests);
    portal_holds_in_order(&rig.sim, code.as_str(), &LIFE[..3]);
}

#[tokio::test]
async fn a_create_the_portal_already_holds_is_sent_as_an_update() {
    let mut rig = rig(PortalConfig::default(), Which::Direct, codec()).await;
    let events = life(1);
    let code = rig.append(&events[..5]).await;
    rig.drain().await;
    // As if the process died between the portal's acknowledgement and the checkpoint.
    rig.store()
        .save_checkpoint(&version_checkpoint(&code), 0)
        .await
        .unwrap();
    rig.append(&events[..6]).await;
    rig.drain().await;
    let held = rig.sim.dossier(code.as_str()).unwrap();
    assert_eq!((held.creates, rig.sim.counts().duplicates), (1, 1));
    assert_eq!(rig.sync.client().counts().resent_as_update, 1);
    portal_holds_in_order(&rig.sim, code.as_str(), &LIFE[..3]);
}

#[tokio::test]
async fn an_error_no_retry_mends_is_a_dead_letter_not_a_loop() {
    let codec = DvcqgCodec::new(
        common::portal_code(),
        PortalProfile::new("000.00.01.H56".parse().unwrap()),
    );
    let rig = rig(PortalConfig::default(), Which::Relay, codec).await;
    rig.append(&life(1)[..2]).await;
    let report = rig.sync.sync_once(rig.now).await.unwrap();
    assert_eq!(report.outbox.dead, 1);
    let dead = rig.store().dead_letters(10).await.unwrap();
    assert!(
        dead[0]
            .last_error
            .as_deref()
            .unwrap_or("")
            .contains("1.002820")
    );
    assert_eq!(rig.sim.counts().requests, 0);
}
