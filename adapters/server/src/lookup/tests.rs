//! The lookup's answers and its timing floor, on the paused clock (no sockets: the memory store and the
//! throttle only, so virtual time advances only through the floor's sleep).

use std::sync::Arc;
use std::time::Duration;

use hoso_core::Catalogue;
use hoso_core::service::{Changes, DossierService};
use hoso_core::store::{CommandId, MemoryStore};
use tokio::time::Instant;

use super::throttle::{ClientKey, Throttle};
use super::{LookupDesk, Outcome};
use crate::clock::ManualClock;
use crate::config::LookupPolicy;

const FLOOR: Duration = Duration::from_millis(250);

async fn desk_with_one_dossier() -> (LookupDesk, String) {
    let store = Arc::new(MemoryStore::new());
    let service = DossierService::new(store.clone());
    let events = hoso_core::demo::lifecycle(1);
    service
        .open(
            CommandId::new("open"),
            events[0].clone(),
            Changes::events(events[1..6].to_vec()),
        )
        .await
        .unwrap();
    let clock = Arc::new(ManualClock::new("2026-03-02T02:00:00Z".parse().unwrap()));
    let policy = LookupPolicy::default().with_max_failures(1000, 1000);
    let desk = LookupDesk::new(
        service,
        Arc::new(Catalogue::shipped().unwrap()),
        Throttle::new(store, clock, policy),
        FLOOR,
    );
    (desk, hoso_core::demo::header(1).code.to_string())
}

fn me() -> ClientKey {
    ClientKey::of("192.0.2.10".parse().unwrap())
}

#[tokio::test(start_paused = true)]
async fn every_answer_that_reads_the_store_takes_exactly_the_floor() {
    let (desk, code) = desk_with_one_dossier().await;
    let unknown = code.replace("-0001", "-0002");
    for (ma, so, found) in [
        (code.as_str(), "1234", true),
        (code.as_str(), "9999", false),
        (unknown.as_str(), "1234", false),
    ] {
        let started = Instant::now();
        let outcome = desk.answer(me(), ma, so).await;
        assert_eq!(started.elapsed(), FLOOR, "{ma} {so}");
        assert_eq!(matches!(outcome, Outcome::Found(_)), found, "{ma} {so}");
    }
}

#[tokio::test(start_paused = true)]
async fn malformed_and_throttled_lookups_do_not_read_the_store_or_wait() {
    let (desk, code) = desk_with_one_dossier().await;
    let started = Instant::now();
    assert!(matches!(
        desk.answer(me(), "not-a-code", "1234").await,
        Outcome::Malformed(super::Field::Ma)
    ));
    assert!(matches!(
        desk.answer(me(), &code, "12a4").await,
        Outcome::Malformed(super::Field::So)
    ));
    assert_eq!(started.elapsed(), Duration::ZERO);
}

#[tokio::test(start_paused = true)]
async fn the_code_is_read_whatever_its_case_and_surrounding_spaces() {
    let (desk, code) = desk_with_one_dossier().await;
    let sloppy = format!("  {}  ", code.to_lowercase());
    assert!(matches!(
        desk.answer(me(), &sloppy, " 5678 ").await,
        Outcome::Found(_)
    ));
}
