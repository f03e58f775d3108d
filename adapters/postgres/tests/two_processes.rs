//! Two OS processes appending to one database at once: of each pair of racing appends exactly one wins and
//! the other gets `Conflict`; no event is lost or duplicated; global positions are dense and unique.
//!
//! The test binary runs itself twice as the writers (`HOSO_PG_WRITER` set), then checks what they report
//! against what the database holds. It has its own `main` (no test harness) so that a writer is just a
//! process with a role, not a test.

mod common;

use std::collections::{BTreeMap, HashSet};
use std::process::Stdio;

use hoso_core::demo;
use hoso_core::event::{EventId, EventKind};
use hoso_core::store::{Append, EventStore, ExpectedVersion, StoreErrorKind};
use hoso_postgres::PgStore;
use hoso_testkit::store_checks::sample_stream;

/// Rounds of the race on the shared dossier.
const ROUNDS: u64 = 40;
/// Dossiers each writer also opens for itself, concurrently, while racing.
const OWN_DOSSIERS: u32 = 60;

fn main() {
    match std::env::var("HOSO_PG_WRITER") {
        Ok(role) => hoso_testkit::block_on_threaded(writer(role)),
        Err(_) => {
            if !common::server_is_up() {
                return;
            }
            hoso_testkit::block_on_threaded(two_processes_append_to_one_database());
            println!("two_processes_append_to_one_database ... ok");
        }
    }
}

/// The id of writer `role`'s event for `round` of the race.
fn race_event_id(role: &str, round: u64) -> EventId {
    EventId::derive("two-processes", &format!("{role}/{round}"))
}

/// A writer: for each round r, waits until the shared stream has reached version r, then appends its own
/// event expecting exactly r, and reports `round r won` or `round r conflict actual`; meanwhile opens its own
/// dossiers. Prints one line per round on stdout.
async fn writer(role: String) {
    let database = std::env::var("HOSO_PG_DATABASE").expect("HOSO_PG_DATABASE");
    let options = common::server().expect("a server").database(&database);
    let store = PgStore::from_pool(common::pool(options).await)
        .await
        .expect("open the store");
    let offset: u32 = if role == "a" { 1_000 } else { 2_000 };
    let own = {
        let store = store.clone();
        tokio::spawn(async move {
            for n in 0..OWN_DOSSIERS {
                let (code, events) = sample_stream(offset + n);
                store
                    .append(Append::new(
                        code,
                        ExpectedVersion::NoStream,
                        events[..3].to_vec(),
                    ))
                    .await
                    .expect("open an own dossier");
            }
        })
    };
    let (shared, _) = sample_stream(1);
    for round in 1..=ROUNDS {
        while store
            .stream_version(&shared)
            .await
            .expect("version")
            .unwrap_or(0)
            < round
        {
            tokio::task::yield_now().await;
        }
        let mut event = demo::event(0, round as i64, EventKind::PickupRequested);
        event.id = race_event_id(&role, round);
        match store
            .append(Append::new(
                shared.clone(),
                ExpectedVersion::Exact(round),
                vec![event],
            ))
            .await
        {
            Ok(o) => {
                assert_eq!(o.version, round + 1);
                println!("round {round} won");
            }
            Err(e) => match e.kind() {
                StoreErrorKind::Conflict {
                    expected: ExpectedVersion::Exact(r),
                    actual: Some(actual),
                } if r == round => println!("round {round} conflict {actual}"),
                _ => panic!("round {round}: {e}"),
            },
        }
    }
    own.await.expect("own dossiers");
}

async fn two_processes_append_to_one_database() {
    let options = common::fresh_database().await;
    let database = options.get_database().expect("a database name").to_owned();
    let store = PgStore::from_pool(common::pool(options).await)
        .await
        .expect("open the store");
    let (shared, events) = sample_stream(1);
    store
        .append(Append::new(
            shared.clone(),
            ExpectedVersion::NoStream,
            events[..1].to_vec(),
        ))
        .await
        .expect("open the shared dossier");

    let exe = std::env::current_exe().expect("the test binary");
    let children: Vec<_> = ["a", "b"]
        .iter()
        .map(|role| {
            let child = std::process::Command::new(&exe)
                .env("HOSO_PG_WRITER", role)
                .env("HOSO_PG_DATABASE", &database)
                .stdout(Stdio::piped())
                .spawn()
                .expect("start a writer process");
            (*role, child)
        })
        .collect();
    // round → (winners, losers' reported versions)
    let mut rounds: BTreeMap<u64, (Vec<&str>, Vec<u64>)> = BTreeMap::new();
    for (role, child) in children {
        let out = child.wait_with_output().expect("writer output");
        assert!(out.status.success(), "writer {role} failed: {}", out.status);
        let text = String::from_utf8(out.stdout).expect("utf-8");
        for line in text.lines() {
            let words: Vec<&str> = line.split(' ').collect();
            let round: u64 = words[1].parse().expect("round");
            let entry = rounds.entry(round).or_default();
            match words[2] {
                "won" => entry.0.push(role),
                "conflict" => entry.1.push(words[3].parse().expect("actual version")),
                other => panic!("unexpected report {other}"),
            }
        }
    }
    assert_eq!(rounds.len() as u64, ROUNDS, "every round reported");
    let mut winners = Vec::new();
    for (round, (won, lost)) in &rounds {
        assert_eq!(
            won.len(),
            1,
            "round {round}: exactly one process wins ({won:?})"
        );
        assert_eq!(lost.len(), 1, "round {round}: the other gets a conflict");
        assert!(
            lost[0] > *round,
            "round {round}: the loser sees the winner's version, not {}",
            lost[0]
        );
        winners.push(race_event_id(won[0], *round));
    }
    // The shared stream holds the opening event and exactly the winners' events, in round order.
    let stream = store.read_stream(&shared, 0).await.expect("read shared");
    assert_eq!(stream.len() as u64, ROUNDS + 1);
    let ids: Vec<EventId> = stream[1..].iter().map(|r| r.event.id).collect();
    assert_eq!(
        ids, winners,
        "no winner's event lost, no loser's event written"
    );
    // Every event of both processes is in the global order once, at dense positions 1..=n.
    let mut all = Vec::new();
    let mut after = 0;
    loop {
        let page = store.read_all(after, 500).await.expect("read all");
        if page.events.is_empty() {
            break;
        }
        after = page.next;
        all.extend(page.events);
    }
    let expected = 1 + ROUNDS as usize + 2 * 3 * OWN_DOSSIERS as usize;
    assert_eq!(all.len(), expected, "no event lost or duplicated");
    let positions: Vec<u64> = all.iter().map(|r| r.position).collect();
    assert_eq!(
        positions,
        (1..=expected as u64).collect::<Vec<_>>(),
        "positions dense and in order"
    );
    let unique: HashSet<(String, EventId)> = all
        .iter()
        .map(|r| (r.dossier.to_string(), r.event.id))
        .collect();
    assert_eq!(unique.len(), expected);
}
