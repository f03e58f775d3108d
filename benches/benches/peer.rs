//! Decoding beside the peer a user would pick instead: the Python service of `benches/peers/` (lxml and strict
//! pydantic models for the XML formats, pydantic's `model_validate_json` for the police's JSON, with the same
//! checks), on the same messages, in the same run (`hoso_benches::peer`).
//!
//! The batches are the benches' own: `licensing` and `land` every sample of both versions a hundred times over,
//! `police` the police bench's 1,000 notices. Each round times one pass of the Rust decoder and then one pass of
//! the peer (which times itself, so that the pipe does not count); the figures are the medians of 7 rounds.
//! The peer's rate is the floor; the goals are issue 21's. Police is also measured against the peer's
//! `model_validate_json` alone (without the duplicate-member and NUL checks that pydantic does not make).

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hoso_benches::peer::{Codecs, Format, Peer};
use hoso_benches::summary::Summary;

const ROUNDS: usize = 7;

fn batch(format: Format) -> Vec<Vec<u8>> {
    match format {
        Format::Police => hoso_benches::police::batch(1_000),
        _ => hoso_benches::xml::sample_batch(format.name()),
    }
}

/// Issue 21's goals: the ratio of the Rust decoder's rate to the peer's.
fn goal(format: Format) -> f64 {
    match format {
        Format::Licensing | Format::Land => 13.0,
        Format::Police => 6.5,
    }
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort_unstable();
    times[times.len() / 2]
}

fn peer(c: &mut Criterion) {
    let codecs = Codecs::default();
    let batches: Vec<(Format, Vec<Vec<u8>>)> = Format::ALL.map(|f| (f, batch(f))).into();
    let mut framed = Vec::new();
    for (format, messages) in &batches {
        for m in messages {
            // Both sides must read every message, or the comparison means nothing.
            codecs
                .decode(*format, m)
                .unwrap_or_else(|e| panic!("{format:?} does not decode its batch: {e}"));
            framed.push((*format, m.clone()));
        }
    }
    let mut service = Peer::serve(&framed).unwrap_or_else(|e| panic!("the Python peer: {e}"));

    let mut group = c.benchmark_group("peer_rust_decode");
    group
        .measurement_time(Duration::from_secs(2))
        .warm_up_time(Duration::from_millis(500))
        .sample_size(10);
    for (format, messages) in &batches {
        let bytes: u64 = messages.iter().map(|m| m.len() as u64).sum();
        group.throughput(Throughput::Bytes(bytes));
        group.bench_function(format.name(), |b| {
            b.iter(|| {
                for m in messages {
                    black_box(codecs.decode(*format, black_box(m)).ok());
                }
            })
        });
    }
    group.finish();

    for (format, messages) in &batches {
        let bytes: usize = messages.iter().map(Vec::len).sum();
        let mib = bytes as f64 / (1024.0 * 1024.0);
        let paths: &[&str] = match format {
            Format::Police => &["full", "pydantic"],
            _ => &["full"],
        };
        let (mut ours, mut theirs) = (Vec::new(), vec![Vec::new(); paths.len()]);
        for _ in 0..ROUNDS {
            let started = Instant::now();
            for m in messages {
                black_box(codecs.decode(*format, black_box(m)).ok());
            }
            ours.push(started.elapsed());
            for (path, times) in paths.iter().zip(&mut theirs) {
                let t = service
                    .time(*format, path)
                    .unwrap_or_else(|e| panic!("the Python peer: {e}"));
                times.push(t);
            }
        }
        let ours = median(ours).as_secs_f64();
        let n = messages.len() as f64;
        for (path, times) in paths.iter().zip(theirs) {
            let theirs = median(times).as_secs_f64();
            eprintln!(
                "{} ({path}): rust {:.1} MiB/s ({:.0} msg/s), peer {:.2} MiB/s ({:.0} msg/s), {:.1}x",
                format.name(),
                mib / ours,
                n / ours,
                mib / theirs,
                n / theirs,
                theirs / ours
            );
            let (name, goal) = match *path {
                "full" => (format!("peer_{}", format.name()), Some(goal(*format))),
                _ => (format!("peer_{}_{path}_only", format.name()), None),
            };
            Summary::new(&name, mib / ours, "MiB/s")
                .floor(mib / theirs)
                .goal_ratio(goal)
                .print();
        }
    }
}

criterion_group!(benches, peer);
criterion_main!(benches);
