//! Checks of the store under concurrent writers: conflicts are never dropped, every writer lands, and the
//! global order has no gaps a reader could skip.

use std::collections::BTreeSet;
use std::sync::Arc;

use hoso_core::event::EventKind;
use hoso_core::store::{Append, ExpectedVersion, StoreErrorKind};
use hoso_core::{DossierCode, demo};

use super::{Store, sample_stream};

/// Check: of 16 appends racing with the same expected version, exactly one succeeds and every other gets a
/// `Conflict` naming the version the winner left; none is lost and none silently dropped.
pub async fn racing_appends_one_wins_the_rest_conflict(store: Store) {
    let (code, events) = sample_stream(1);
    store
        .append(Append::new(
            code.clone(),
            ExpectedVersion::NoStream,
            events[..1].to_vec(),
        ))
        .await
        .expect("open");
    let racers = 16u128;
    let mut tasks = Vec::new();
    for i in 0..racers {
        let store = Arc::clone(&store);
        let code = code.clone();
        tasks.push(tokio::spawn(async move {
            let e = demo::event(10_000 + i, 1, EventKind::PickupRequested);
            store
                .append(Append::new(code, ExpectedVersion::Exact(1), vec![e]))
                .await
        }));
    }
    let mut won = 0;
    for t in tasks {
        match t.await.expect("task") {
            Ok(o) => {
                won += 1;
                assert_eq!(o.version, 2);
            }
            Err(e) => assert_eq!(
                e.kind(),
                StoreErrorKind::Conflict {
                    expected: ExpectedVersion::Exact(1),
                    actual: Some(2)
                },
                "a losing racer must see the winner's version: {e}"
            ),
        }
    }
    assert_eq!(won, 1, "exactly one racing append wins");
    assert_eq!(store.read_stream(&code, 0).await.expect("read").len(), 2);
}

/// Check: 1,000 writers appending at once, each to its own dossier, all land; the global order holds all
/// their events once each, at strictly increasing positions, each stream in version order.
pub async fn many_concurrent_writers_all_land(store: Store) {
    let writers = 1_000u32;
    let mut tasks = Vec::new();
    for n in 1..=writers {
        let store = Arc::clone(&store);
        tasks.push(tokio::spawn(async move {
            let (code, events) = sample_stream(n);
            // A minute to get through: only a hang, not a loaded machine, runs out of it.
            let give_up = std::time::Instant::now() + std::time::Duration::from_secs(60);
            loop {
                match store
                    .append(Append::new(
                        code.clone(),
                        ExpectedVersion::NoStream,
                        events[..3].to_vec(),
                    ))
                    .await
                {
                    Ok(o) => return o,
                    // A busy engine may ask to come back; a writer retries that, and only that.
                    Err(e) if e.is_retryable() && std::time::Instant::now() < give_up => {
                        tokio::time::sleep(std::time::Duration::from_millis(20)).await
                    }
                    Err(e) => panic!("writer {n}: {e}"),
                }
            }
        }));
    }
    for t in tasks {
        assert_eq!(t.await.expect("task").appended, 3);
    }
    let all = read_everything(&store).await;
    assert_eq!(all.len(), 3 * writers as usize);
    assert!(
        all.windows(2).all(|w| w[0].0 < w[1].0),
        "positions strictly increase"
    );
    let mut per_stream: std::collections::HashMap<DossierCode, u64> = Default::default();
    for (_, code, version) in &all {
        let last = per_stream.entry(code.clone()).or_default();
        assert_eq!(*version, *last + 1, "each stream reads in version order");
        *last = *version;
    }
    assert_eq!(per_stream.len(), writers as usize);
}

async fn read_everything(store: &Store) -> Vec<(u64, DossierCode, u64)> {
    let mut out = Vec::new();
    let mut after = 0;
    loop {
        let page = store.read_all(after, 500).await.expect("read all");
        if page.events.is_empty() {
            return out;
        }
        after = page.next;
        out.extend(
            page.events
                .into_iter()
                .map(|r| (r.position, r.dossier, r.version)),
        );
    }
}

/// Check: a reader tailing the global order while 8 writers append never skips an event: what it read page by
/// page, each page after the last position it saw, is exactly the final global order, with no position left
/// behind.
pub async fn global_order_is_gap_safe_under_concurrent_writers(store: Store) {
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = {
        let store = Arc::clone(&store);
        let done = Arc::clone(&done);
        tokio::spawn(async move {
            let mut seen = Vec::new();
            let mut after = 0;
            loop {
                let finished = done.load(std::sync::atomic::Ordering::SeqCst);
                let page = store.read_all(after, 7).await.expect("tail");
                if page.events.is_empty() {
                    if finished {
                        return seen;
                    }
                    tokio::task::yield_now().await;
                    continue;
                }
                after = page.next;
                seen.extend(page.events.iter().map(|r| r.position));
            }
        })
    };
    let mut writers = Vec::new();
    for w in 0..8u32 {
        let store = Arc::clone(&store);
        writers.push(tokio::spawn(async move {
            let (code, events) = sample_stream(100 + w);
            for (v, e) in events.iter().enumerate() {
                store
                    .append(Append::new(
                        code.clone(),
                        ExpectedVersion::after(v as u64),
                        vec![e.clone()],
                    ))
                    .await
                    .expect("writer append");
            }
        }));
    }
    for w in writers {
        w.await.expect("writer");
    }
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    let seen = reader.await.expect("reader");
    let all: Vec<u64> = read_everything(&store)
        .await
        .into_iter()
        .map(|r| r.0)
        .collect();
    assert_eq!(all.len(), 8 * 14);
    let missed: BTreeSet<_> = all.iter().filter(|p| !seen.contains(p)).collect();
    assert!(
        missed.is_empty(),
        "the tailing reader skipped positions {missed:?}"
    );
    assert_eq!(
        seen, all,
        "the reader saw the global order exactly once, in order"
    );
}
