//! Decoding the land registry office's XML into core types (parcels with exact areas, administrative units,
//! financial obligation lines included), beside quick-xml merely reading the same bytes' events with their
//! attributes, in the same run.
//!
//! The batch is every sample of both versions (all twelve message kinds, both directions), repeated to 2,400
//! messages: what a poller and a submission endpoint see over a busy hour.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hoso_land::{LandCodec, LandMessage, Version};
use quick_xml::Reader;
use quick_xml::events::Event;

fn batch() -> Vec<Vec<u8>> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../adapters/land/samples");
    let mut samples = Vec::new();
    for version in ["v1", "v2"] {
        let dir = format!("{root}/{version}");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for f in files {
            samples.push(std::fs::read(f).unwrap());
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
fn raw_read(bytes: &[u8]) -> usize {
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
fn raw_read_namespaced(bytes: &[u8]) -> usize {
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

fn decode(c: &mut Criterion) {
    let messages = batch();
    let bytes: u64 = messages.iter().map(|m| m.len() as u64).sum();
    let codec = LandCodec::new("000.00.26.H26".parse().unwrap(), Version::V2);
    // Same work outside the timing, so that a broken decoder cannot look fast.
    for m in &messages {
        codec.decode_message(m).unwrap();
    }
    eprintln!(
        "land batch: {} messages, {} bytes ({} bytes/message on average)",
        messages.len(),
        bytes,
        bytes / messages.len() as u64
    );

    for (unit, throughput) in [
        ("bytes", Throughput::Bytes(bytes)),
        ("messages", Throughput::Elements(messages.len() as u64)),
    ] {
        let mut g = c.benchmark_group(format!("land_{unit}"));
        g.measurement_time(Duration::from_secs(3));
        g.warm_up_time(Duration::from_secs(1));
        g.throughput(throughput);
        g.bench_function("quick_xml_raw_events_with_attributes", |b| {
            b.iter(|| {
                let mut total = 0;
                for m in &messages {
                    total += raw_read(black_box(m));
                }
                black_box(total)
            })
        });
        g.bench_function("quick_xml_raw_events_with_attributes_and_namespaces", |b| {
            b.iter(|| {
                let mut total = 0;
                for m in &messages {
                    total += raw_read_namespaced(black_box(m));
                }
                black_box(total)
            })
        });
        g.bench_function("decode_into_core_types", |b| {
            b.iter(|| {
                for m in &messages {
                    black_box(codec.decode_message(black_box(m)).unwrap());
                }
            })
        });
        g.bench_function("decode_and_map_to_core_events", |b| {
            b.iter(|| {
                for m in &messages {
                    if let LandMessage::Notice { message, .. } =
                        codec.decode_message(black_box(m)).unwrap()
                    {
                        black_box(message.events());
                    }
                }
            })
        });
        g.finish();
    }
}

criterion_group!(benches, decode);
criterion_main!(benches);
