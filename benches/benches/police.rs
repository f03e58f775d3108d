//! Decoding a realistic batch of police notices (JSON, schema version 2) into core types, beside bare
//! serde_json decoding of the same bytes into plain structs with `String` fields, in the same run.
//!
//! The batch: 1,000 notices as the police send them (compact JSON, `schemaVersion` first): 40% status updates,
//! 20% each dossier receipts, results ready and results handed to the post, with distinct dossiers and ids.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hoso_benches::measure::{alternate, callgrind};
use hoso_benches::summary::Summary;
use hoso_core::adapter::AgencyCodec;
use hoso_police::codec::decode;
use hoso_police::{PoliceCodec, Version};
use serde::Deserialize;

const BATCH: usize = 1_000;

fn batch() -> Vec<Vec<u8>> {
    hoso_benches::police::batch(BATCH)
}

/// The bare baseline: the same JSON into plain structs, every text a `String`, nothing validated.
#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct BareMessage {
    schema_version: u64,
    message_type: String,
    message_id: String,
    sent_at: String,
    payload: BarePayload,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct BarePayload {
    dossier_code: String,
    police_reference: Option<String>,
    received_at: Option<String>,
    appointment: Option<BareAppointment>,
    handled_by: Option<String>,
    status: Option<BareStatus>,
    occurred_at: Option<String>,
    missing_documents: Option<Vec<String>>,
    supplement_due_date: Option<String>,
    legal_basis: Option<String>,
    payment: Option<BarePayment>,
    new_appointment: Option<BareAppointment>,
    document: Option<BareDocument>,
    collect_by: Option<String>,
    tracking_number: Option<String>,
    seal_number: Option<String>,
    item_count: Option<u32>,
    handed_at: Option<String>,
    post_office: Option<String>,
    postal_worker: Option<String>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct BareAppointment {
    date: String,
    place: Option<String>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct BareStatus {
    code: String,
    reason_code: Option<String>,
    reason_text: Option<String>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct BarePayment {
    amount: u64,
    due_date: Option<String>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct BareDocument {
    #[serde(rename = "type")]
    document_type: String,
    number: String,
    classes: Option<Vec<String>>,
    issued_on: String,
    valid_until: Option<String>,
}

fn police(c: &mut Criterion) {
    let batch = batch();
    let bytes: usize = batch.iter().map(Vec::len).sum();
    let codec = PoliceCodec::new("CA.H01".parse().expect("agency code"), Version::V2);
    // Both sides must read every message, or the comparison means nothing.
    for body in &batch {
        codec.decode(body).expect("the codec decodes the batch");
        serde_json::from_slice::<BareMessage>(body).expect("the bare structs decode the batch");
    }
    let bare_pass = || {
        for body in &batch {
            black_box(serde_json::from_slice::<BareMessage>(black_box(body)).ok());
        }
    };
    let codec_pass = || {
        for body in &batch {
            black_box(codec.decode(black_box(body)).ok());
        }
    };
    let wire_pass = || {
        for body in &batch {
            black_box(decode(black_box(body)).ok());
        }
    };
    if callgrind::run_requested(&[
        ("bare", &bare_pass),
        ("decode", &codec_pass),
        ("wire", &wire_pass),
    ]) {
        return;
    }

    let mut group = c.benchmark_group("police_decode_batch");
    group
        .measurement_time(Duration::from_secs(4))
        .sample_size(30)
        .throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("bare_serde_json_strings", |b| b.iter(bare_pass));
    group.bench_function("codec_to_core_agency_message", |b| b.iter(codec_pass));
    group.bench_function("codec_to_wire_types_only", |b| b.iter(wire_pass));
    group.bench_function("codec_to_core_events", |b| {
        b.iter(|| {
            for body in &batch {
                black_box(codec.decode(black_box(body)).map(|m| m.events()).ok());
            }
        })
    });
    group.finish();
    println!(
        "police batch: {BATCH} messages, {bytes} bytes ({} bytes per message)",
        bytes / BATCH
    );

    // The sides timed in alternation, pass after pass, so that a busy machine slows them alike: the ratio
    // is steadier than that of two criterion runs taken seconds apart.
    const ROUNDS: usize = 300;
    let [bare, core, wire] = alternate(ROUNDS, [&bare_pass, &codec_pass, &wire_pass]);
    let rate = |d: Duration| bytes as f64 / d.as_secs_f64() / (1024.0 * 1024.0);
    let per_second = |d: Duration| BATCH as f64 / d.as_secs_f64();
    println!(
        "alternating medians of {ROUNDS} passes each: bare serde_json {:.1} MiB/s ({:.0} msg/s); codec to core {:.1} MiB/s ({:.0} msg/s); wire types only {:.1} MiB/s",
        rate(bare),
        per_second(bare),
        rate(core),
        per_second(core),
        rate(wire),
    );
    // Issue 21: at least 0.95× bare serde_json into `String` structs (0.9× in issue 7).
    Summary::new("police_decode", rate(core), "MiB/s")
        .floor(rate(bare))
        .goal_ratio(0.95)
        .print();
    Summary::new("police_wire_types", rate(wire), "MiB/s")
        .floor(rate(bare))
        .print();
}

criterion_group!(benches, police);
criterion_main!(benches);
