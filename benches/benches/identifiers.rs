//! Identifiers: parsing (validation) cost, and the cost of using a dossier code as a hash-map key.

use std::hash::BuildHasher;
use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hoso_benches::measure::Samples;
use hoso_benches::summary::Summary;
use hoso_core::{AgencyCode, CitizenId, DossierCode, TrackingNumber};
use jiff::civil::date;

const N: usize = 1024;

fn dossier_codes() -> Vec<String> {
    let agency: AgencyCode = "000.00.01.H22".parse().unwrap();
    (0..N)
        .map(|i| {
            let d = date(2026, 1, 1)
                .checked_add(jiff::Span::new().days((i % 365) as i64))
                .unwrap();
            DossierCode::generate(&agency, d, 1 + (i as u32 * 37) % 9999)
                .unwrap()
                .to_string()
        })
        .collect()
}

fn parsing(c: &mut Criterion) {
    let tracking: Vec<String> = (0..N as u32)
        .map(|i| {
            TrackingNumber::new("EA", i * 97_531, "VN")
                .unwrap()
                .to_string()
        })
        .collect();
    let citizens: Vec<String> = (0..N)
        .map(|i| format!("079{}{:08}", i % 10, i * 7))
        .collect();
    let dossiers = dossier_codes();
    let mut g = c.benchmark_group("identifiers_parse");
    let samples = Samples::for_group(&mut g, 100);
    g.measurement_time(Duration::from_secs(3));
    g.throughput(Throughput::Elements(N as u64));
    g.bench_function("tracking_number_x1024", |b| {
        samples.iter("tracking_number", b, || {
            for s in &tracking {
                black_box(black_box(s.as_str()).parse::<TrackingNumber>().unwrap());
            }
        })
    });
    g.bench_function("citizen_id_x1024", |b| {
        samples.iter("citizen_id", b, || {
            for s in &citizens {
                black_box(black_box(s.as_str()).parse::<CitizenId>().unwrap());
            }
        })
    });
    g.bench_function("dossier_code_x1024", |b| {
        samples.iter("dossier_code", b, || {
            for s in &dossiers {
                black_box(black_box(s.as_str()).parse::<DossierCode>().unwrap());
            }
        })
    });
    g.finish();
    print_rates(
        &samples,
        "identifiers_parse",
        &["tracking_number", "citizen_id", "dossier_code"],
    );
}

fn dossier_code_as_key(c: &mut Criterion) {
    let codes: Vec<DossierCode> = dossier_codes().iter().map(|s| s.parse().unwrap()).collect();
    let hasher = foldhash::fast::FixedState::with_seed(7);
    let mut g = c.benchmark_group("dossier_code_key");
    let samples = Samples::for_group(&mut g, 100);
    g.measurement_time(Duration::from_secs(3));
    g.throughput(Throughput::Elements(N as u64));
    g.bench_function("hash_x1024", |b| {
        samples.iter("hash", b, || {
            for code in &codes {
                black_box(hasher.hash_one(black_box(code)));
            }
        })
    });
    g.bench_function("clone_x1024", |b| {
        samples.iter("clone", b, || {
            for code in &codes {
                black_box(black_box(code).clone());
            }
        })
    });
    g.bench_function("accessors_x1024", |b| {
        samples.iter("accessors", b, || {
            for code in &codes {
                let code = black_box(code);
                black_box((code.agency(), code.date(), code.sequence()));
            }
        })
    });
    g.finish();
    print_rates(
        &samples,
        "dossier_code_key",
        &["hash", "clone", "accessors"],
    );
}

/// One `summary:` line per benchmark: identifiers per second (no goal was set for these).
fn print_rates(samples: &Samples, group: &str, ids: &[&str]) {
    for id in ids {
        if let Some(rate) = samples.per_second(id, N as f64) {
            Summary::new(&format!("{group}_{id}"), rate, "calls/s").print();
        }
    }
}

criterion_group!(benches, parsing, dossier_code_as_key);
criterion_main!(benches);
