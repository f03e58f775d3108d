//! Replaying 1 million events into 100,000 dossiers looked up by dossier code, beside a bare `match` over the
//! same events (the floor), and the heap size of a 12-event dossier.

use std::alloc::System;
use std::collections::HashMap;
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hoso_core::event::EventKind;
use hoso_core::{Dossier, DossierCode, Event, demo};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

const DOSSIERS: usize = 100_000;
const PER_DOSSIER: usize = 10;

type Store = HashMap<DossierCode, Dossier, foldhash::fast::RandomState>;

fn replay(stream: &[(DossierCode, Event)]) -> Store {
    let mut map = Store::with_capacity_and_hasher(DOSSIERS, foldhash::fast::RandomState::default());
    for (code, event) in stream {
        if let EventKind::Opened { .. } = event.kind {
            map.insert(code.clone(), Dossier::open(event.clone()).expect("opens"));
        } else if let Some(d) = map.get_mut(code) {
            d.apply(event).expect("legal");
        }
    }
    map
}

/// The floor: one `match` per event, no lookup, no state, no history.
fn bare_match(stream: &[(DossierCode, Event)]) -> u64 {
    let mut acc = 0u64;
    for (_, event) in stream {
        acc = acc.wrapping_add(match &event.kind {
            EventKind::Opened { .. } => 1,
            EventKind::Accepted { appointment } => appointment.day() as u64,
            EventKind::HandedToAgency => 3,
            EventKind::SupplementRequested { missing } => missing.len() as u64,
            EventKind::CollectedAndSealed { seal, .. } => seal.len() as u64,
            _ => 7,
        });
    }
    acc
}

/// Net heap bytes held by a dossier of 12 events once its input events are gone (header included).
fn heap_of_twelve_event_dossier() -> usize {
    let region = Region::new(GLOBAL);
    let dossier = {
        let events = demo::lifecycle(5);
        Dossier::from_events(&events[..12]).expect("replays")
    };
    let stats = region.change();
    let bytes = stats
        .bytes_allocated
        .saturating_sub(stats.bytes_deallocated);
    black_box(&dossier);
    bytes
}

fn bench(c: &mut Criterion) {
    eprintln!(
        "heap of a 12-event dossier: {} bytes (goal < 4096)",
        heap_of_twelve_event_dossier()
    );
    let stream = hoso_benches::interleaved_stream(DOSSIERS, PER_DOSSIER);
    let mut g = c.benchmark_group("replay_1m_events_100k_dossiers");
    g.sample_size(10)
        .measurement_time(std::time::Duration::from_secs(8));
    g.throughput(Throughput::Elements(stream.len() as u64));
    g.bench_function("fold_into_dossiers_by_code", |b| {
        b.iter_with_large_drop(|| replay(black_box(&stream)))
    });
    g.bench_function("bare_match_floor", |b| {
        b.iter(|| bare_match(black_box(&stream)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
