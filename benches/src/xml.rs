//! The harness of the XML decoder benchmarks (`licensing`, `land`): a batch of an adapter's samples, the
//! floor (quick-xml merely reading the same bytes' events with their attributes), and the comparison of a
//! decoder with that floor in the same run, ending with its `summary:` lines.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput};
use quick_xml::Reader;
use quick_xml::events::Event;

use crate::measure::{alternate, callgrind};
use crate::summary::Summary;

/// Every sample of both versions of the adapter crate `adapter` (`licensing`, `land`), in file-name order,
/// repeated 100 times: what a poller and a submission endpoint see over a busy hour.
pub fn sample_batch(adapter: &str) -> Vec<Vec<u8>> {
    let root = format!(
        "{}/../adapters/{adapter}/samples",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut samples = Vec::new();
    for version in ["v1", "v2"] {
        let dir = format!("{root}/{version}");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .expect("samples directory")
            .map(|e| e.expect("sample entry").path())
            .collect();
        files.sort();
        for f in files {
            samples.push(std::fs::read(f).expect("sample"));
        }
    }
    let per_round = samples.len();
    samples
        .iter()
        .cycle()
        .take(per_round * 100)
        .cloned()
        .collect()
}

/// The floor: every event read, every attribute's key and value looked at, nothing converted.
pub fn raw_read(bytes: &[u8]) -> usize {
    let mut reader = Reader::from_reader(bytes);
    let mut seen = 0;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                seen += e.name().into_inner().len();
                for attr in e.attributes().flatten() {
                    seen += attr.key.into_inner().len() + attr.value.len();
                }
            }
            Ok(Event::Text(t)) => seen += t.len(),
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => seen += 1,
        }
    }
    seen
}

/// The same floor with namespace resolution (what any namespace-checking reader must at least do).
pub fn raw_read_namespaced(bytes: &[u8]) -> usize {
    let mut reader = quick_xml::NsReader::from_reader(bytes);
    let mut seen = 0;
    loop {
        match reader.read_resolved_event() {
            Ok((_, Event::Start(e))) | Ok((_, Event::Empty(e))) => {
                seen += e.name().into_inner().len();
                for attr in e.attributes().flatten() {
                    seen += attr.key.into_inner().len() + attr.value.len();
                }
            }
            Ok((_, Event::Text(t))) => seen += t.len(),
            Ok((_, Event::Eof)) | Err(_) => break,
            Ok(_) => seen += 1,
        }
    }
    seen
}

/// Benchmarks `decode` (which must succeed on every message) and `decode_and_map` (decoding and mapping a
/// notice onto core events) on `messages`, beside the floor, as the criterion groups `{name}_bytes` and
/// `{name}_messages`. First the decoder and both floors are timed in alternating rounds (31, medians), which
/// gives the `summary:` lines printed at the end: `{name}_decode` against raw quick-xml (the ratio's goal is
/// `goal`) and `{name}_decode_vs_namespaced` against quick-xml with namespace resolution.
///
/// With `HOSO_CALLGRIND` set to `raw`, `raw_namespaced` or `decode` it runs one pass of that workload over the
/// batch instead, for `benches/callgrind` ([`crate::measure::callgrind`]).
pub fn compare_with_floor(
    c: &mut Criterion,
    name: &str,
    goal: f64,
    messages: &[Vec<u8>],
    decode: impl Fn(&[u8]),
    decode_and_map: impl Fn(&[u8]),
) {
    let bytes: u64 = messages.iter().map(|m| m.len() as u64).sum();
    // Same work outside the timing, so that a broken decoder cannot look fast.
    for m in messages {
        decode(m);
    }
    let raw_batch = || {
        let mut total = 0;
        for m in messages {
            total += raw_read(black_box(m));
        }
        black_box(total);
    };
    let raw_namespaced_batch = || {
        let mut total = 0;
        for m in messages {
            total += raw_read_namespaced(black_box(m));
        }
        black_box(total);
    };
    let decode_batch = || {
        for m in messages {
            decode(black_box(m));
        }
    };
    if callgrind::run_requested(&[
        ("raw", &raw_batch),
        ("raw_namespaced", &raw_namespaced_batch),
        ("decode", &decode_batch),
    ]) {
        return;
    }
    eprintln!(
        "{name} batch: {} messages, {} bytes ({} bytes/message on average)",
        messages.len(),
        bytes,
        bytes / messages.len() as u64
    );

    // On a shared machine the load changes between benchmarks; alternating the workloads round by round
    // and comparing medians gives a ratio that load shifts affect far less.
    let [raw, namespaced, decoded] =
        alternate(31, [&raw_batch, &raw_namespaced_batch, &decode_batch]).map(|d| d.as_secs_f64());
    let mib = bytes as f64 / (1024.0 * 1024.0);
    let n = messages.len() as f64;
    eprintln!(
        "{name} alternating medians: raw {:.0} MiB/s {:.0} msg/s; decode {:.0} MiB/s {:.0} msg/s; ratio {:.2}",
        mib / raw,
        n / raw,
        mib / decoded,
        n / decoded,
        raw / decoded
    );

    for (unit, throughput) in [
        ("bytes", Throughput::Bytes(bytes)),
        ("messages", Throughput::Elements(messages.len() as u64)),
    ] {
        let mut g = c.benchmark_group(format!("{name}_{unit}"));
        g.measurement_time(Duration::from_secs(3));
        g.warm_up_time(Duration::from_secs(1));
        g.throughput(throughput);
        g.bench_function("quick_xml_raw_events_with_attributes", |b| {
            b.iter(raw_batch)
        });
        g.bench_function("quick_xml_raw_events_with_attributes_and_namespaces", |b| {
            b.iter(raw_namespaced_batch)
        });
        g.bench_function("decode_into_core_types", |b| b.iter(decode_batch));
        g.bench_function("decode_and_map_to_core_events", |b| {
            b.iter(|| {
                for m in messages {
                    decode_and_map(black_box(m));
                }
            })
        });
        g.finish();
    }
    Summary::new(&format!("{name}_decode"), mib / decoded, "MiB/s")
        .floor(mib / raw)
        .goal_ratio(goal)
        .print();
    Summary::new(
        &format!("{name}_decode_vs_namespaced"),
        mib / decoded,
        "MiB/s",
    )
    .floor(mib / namespaced)
    .print();
}
