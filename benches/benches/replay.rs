//! Replaying 1 million events into 100,000 dossiers looked up by dossier code, beside a bare `match` over the
//! same events (the floor). Two orders: interleaved by time (a live day's stream) and grouped by dossier (an
//! event store replaying its streams); owned events are moved into the histories, borrowed ones cloned.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hoso_benches::measure::Samples;
use hoso_benches::summary::Summary;
use hoso_benches::{Dossiers, dossiers_with_capacity, fold};
use hoso_core::event::EventKind;
use hoso_core::{Dossier, DossierCode, Event};

const DOSSIERS: usize = 100_000;
const PER_DOSSIER: usize = 10;

/// Folds owned events (as read from storage) into dossiers looked up by code.
fn replay(stream: Vec<(DossierCode, Event)>) -> Dossiers {
    let mut map = dossiers_with_capacity(DOSSIERS);
    for (code, event) in stream {
        fold(&mut map, code, event);
    }
    map
}

/// Folds borrowed events, cloning each into its dossier's history.
fn replay_borrowed(stream: &[(DossierCode, Event)]) -> Dossiers {
    let mut map = dossiers_with_capacity(DOSSIERS);
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

fn bench(c: &mut Criterion) {
    let interleaved = hoso_benches::interleaved_stream(DOSSIERS, PER_DOSSIER);
    // The same events grouped by dossier, each dossier's in time order: how an event store replays streams.
    let mut grouped = interleaved.clone();
    grouped.sort_by(|a, b| a.0.cmp(&b.0));
    let mut g = c.benchmark_group("replay_1m_events_100k_dossiers");
    let samples = Samples::for_group(&mut g, 10);
    g.measurement_time(std::time::Duration::from_secs(8));
    g.throughput(Throughput::Elements(interleaved.len() as u64));
    for (name, stream) in [
        ("interleaved_by_time", &interleaved),
        ("grouped_by_dossier", &grouped),
    ] {
        let id = format!("fold_owned_by_code/{name}");
        g.bench_function(&id, |b| {
            samples.iter_batched(&id, b, || stream.clone(), replay)
        });
        let id = format!("fold_borrowed_by_code/{name}");
        g.bench_function(&id, |b| {
            samples.iter_batched(&id, b, || (), |()| replay_borrowed(black_box(stream)))
        });
    }
    g.bench_function("bare_match_floor", |b| {
        samples.iter("bare_match_floor", b, || {
            bare_match(black_box(&interleaved))
        })
    });
    g.finish();
    // Issue 21's goals: 20 M events/s grouped by dossier, 10 M interleaved by time.
    let events = interleaved.len() as f64;
    let floor = samples.per_second("bare_match_floor", events);
    for (order, name, goal) in [
        ("grouped_by_dossier", "grouped", Some(20e6)),
        ("interleaved_by_time", "interleaved", Some(10e6)),
    ] {
        for (fold, suffix, goal) in [("owned", "", goal), ("borrowed", "_borrowed", None)] {
            let Some(rate) = samples.per_second(&format!("fold_{fold}_by_code/{order}"), events)
            else {
                continue;
            };
            Summary::new(&format!("replay_{name}{suffix}"), rate, "events/s")
                .floor(floor)
                .goal_value(goal)
                .print();
        }
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
