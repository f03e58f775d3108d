//! The heap held by one dossier of 12 events (goal: under 4 KiB), measured with a counting allocator, and
//! the time to build it.

use std::alloc::System;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use hoso_core::{Dossier, Event, demo};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Net heap bytes held by a dossier of 12 events once its input events are gone (header included).
fn heap_of_twelve_event_dossier() -> usize {
    let region = Region::new(GLOBAL);
    let dossier = {
        let events = demo::lifecycle(5);
        Dossier::from_events(&events[..12]).expect("replays")
    };
    let stats = region.change();
    black_box(&dossier);
    stats
        .bytes_allocated
        .saturating_sub(stats.bytes_deallocated)
}

fn bench(c: &mut Criterion) {
    eprintln!(
        "heap of a 12-event dossier: {} bytes (goal < 4096); size_of Event {} bytes, Dossier {} bytes",
        heap_of_twelve_event_dossier(),
        std::mem::size_of::<Event>(),
        std::mem::size_of::<Dossier>()
    );
    let events = demo::lifecycle(5);
    c.bench_function("dossier_of_12_events_from_events", |b| {
        b.iter(|| Dossier::from_events(black_box(&events[..12])).expect("replays"))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
