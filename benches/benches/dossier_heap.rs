//! The heap held by one dossier of 12 events (goal: under 4 KiB), measured with a counting allocator, and
//! the time to build it.

use std::alloc::System;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use hoso_benches::measure::Samples;
use hoso_benches::summary::Summary;
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
    let heap = heap_of_twelve_event_dossier();
    eprintln!(
        "heap of a 12-event dossier: {heap} bytes (goal < 4096); size_of Event {} bytes, Dossier {} bytes",
        std::mem::size_of::<Event>(),
        std::mem::size_of::<Dossier>()
    );
    let events = demo::lifecycle(5);
    let mut g = c.benchmark_group("dossier");
    let samples = Samples::for_group(&mut g, 100);
    g.bench_function("dossier_of_12_events_from_events", |b| {
        samples.iter("from_events", b, || {
            Dossier::from_events(black_box(&events[..12])).expect("replays")
        })
    });
    g.finish();
    // Issue 2: the heap of a 12-event dossier under 4 KiB. No floor: what the heap holds is the measure.
    Summary::new("dossier_heap_12_events", heap as f64, "bytes")
        .goal_value(4096.0)
        .lower_is_better()
        .print();
    if let Some(rate) = samples.per_second("from_events", 1.0) {
        Summary::new("dossier_from_12_events", rate, "dossiers/s").print();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
