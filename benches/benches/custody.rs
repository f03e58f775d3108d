//! Verifying a dossier's chain of custody, beside ed25519-dalek alone verifying the same signatures over the
//! same bytes (the floor: the verifier adds canonicalisation, two SHA-256 hashes, key lookups and the
//! chain and content rules on top).
//!
//! `record_digests` measures the canonical form and SHA-256 alone (what the verifier adds per record);
//! `ed25519_dalek_verify_batch` is ed25519-dalek's batch verification of the same signatures alone, the
//! ceiling of a verifier that batches (the verifier batches a chain's signatures).
//!
//! The chain: an intake slip and then postal transfers between two workers, `N` records, each signed once
//! (by the party taking custody), so both sides verify exactly `N` signatures.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hoso_benches::measure::Samples;
use hoso_benches::summary::Summary;
use hoso_core::custody::*;
use hoso_core::{DossierCode, Vnd};

const N: usize = 64;

struct Worker {
    key_id: KeyId,
    key: SigningKey,
    party: Party,
}

fn worker(seed: u8, name: &str) -> Worker {
    let key_id: KeyId = format!("post-worker-{seed}").parse().expect("valid key id");
    Worker {
        key: SigningKey::from_bytes(&[seed; 32]),
        party: Party {
            role: PartyRole::PostalWorker,
            name: name.into(),
            organisation: Some("Bưu điện Hà Nội".into()),
            key_id: Some(key_id.clone()),
        },
        key_id,
    }
}

fn chain() -> (DossierCode, Vec<CustodyRecord>, KeyRegistry) {
    let dossier: DossierCode = "000.00.01.H26-260115-0042"
        .parse()
        .expect("valid dossier code");
    let workers = [worker(2, "Nguyễn Văn An"), worker(3, "Lê Văn Cường")];
    let applicant = Party {
        role: PartyRole::Applicant,
        name: "Trần Thị Bình".into(),
        organisation: None,
        key_id: None,
    };
    let mut registry = KeyRegistry::new();
    for w in &workers {
        let holder = KeyHolder {
            name: w.party.name.clone(),
            role: w.party.role,
            organisation: w.party.organisation.clone(),
        };
        let from = "2025-07-01T00:00:00Z".parse().expect("timestamp");
        registry
            .insert(KeyEntry::new(
                w.key_id.clone(),
                holder,
                &w.key.verifying_key(),
                from,
            ))
            .expect("registers");
    }
    let items: Vec<Item> = [
        "Đơn đề nghị",
        "Giấy khám sức khỏe",
        "Giấy phép lái xe cũ",
        "Ảnh chân dung",
    ]
    .iter()
    .map(|name| Item {
        name: (*name).into(),
        form: PaperForm::Original,
        count: 1,
        sha256: None,
    })
    .collect();
    let place = Place {
        name: "Bưu điện Hoàn Kiếm".into(),
        postal_code: Some("11000".parse().expect("postal code")),
    };
    let seal = Seal {
        id: "HK-2026-000731".into(),
        condition: SealCondition::Intact,
    };
    let mut builder = ChainBuilder::new(dossier.clone());
    let start: jiff::Timestamp = "2026-01-15T02:00:00Z".parse().expect("timestamp");
    for i in 0..N {
        let taker = &workers[i % 2];
        let giver = if i == 0 {
            applicant.clone()
        } else {
            workers[(i + 1) % 2].party.clone()
        };
        let handover = Handover {
            giver,
            taker: taker.party.clone(),
            items: items.clone(),
            seal: seal.clone(),
            change_reason: None,
        };
        let entry = if i == 0 {
            let contract = ServiceContract {
                tracking_number: "EA123456785VN".parse().expect("tracking number"),
                service: ServiceForm::DossierAndResult,
                receiving_agency: "000.00.01.H26".parse().expect("agency code"),
                postal_charge: Vnd(25_000),
                fee_collected: None,
            };
            CustodyEntry::IntakeSlip { handover, contract }
        } else {
            CustodyEntry::PostalTransfer { handover }
        };
        let at = start + jiff::SignedDuration::from_mins(10 * i as i64);
        builder
            .append(at, place.clone(), entry, &[(&taker.key_id, &taker.key)])
            .expect("appends");
    }
    (dossier, builder.into_records(), registry)
}

fn bench(c: &mut Criterion) {
    let (dossier, records, registry) = chain();
    verify_chain(&dossier, &records, &registry).expect("the bench chain is valid");

    // The floor's inputs, prepared outside the measurement: the exact bytes each signature covers and the
    // decoded public key.
    let floor: Vec<(VerifyingKey, Vec<u8>, ed25519_dalek::Signature)> = records
        .iter()
        .map(|r| {
            let s = &r.signatures[0];
            let key = registry.get(&s.key_id).expect("registered").verifying_key;
            let message = r.signed_bytes().expect("canonical");
            (
                key,
                message,
                ed25519_dalek::Signature::from_bytes(s.signature.as_bytes()),
            )
        })
        .collect();

    let mut group = c.benchmark_group("custody");
    let samples = Samples::for_group(&mut group, 100);
    group
        .measurement_time(Duration::from_secs(4))
        .throughput(Throughput::Elements(N as u64));
    group.bench_function(format!("verify_chain/{N}_records"), |b| {
        samples.iter("chain", b, || {
            verify_chain(
                black_box(&dossier),
                black_box(&records),
                black_box(&registry),
            )
            .expect("valid")
        })
    });
    group.bench_function(format!("ed25519_dalek_verify_strict/{N}_signatures"), |b| {
        samples.iter("strict", b, || {
            for (key, message, signature) in black_box(&floor) {
                key.verify_strict(message, signature).expect("valid");
            }
        })
    });
    group.bench_function(format!("ed25519_dalek_verify_batch/{N}_signatures"), |b| {
        let messages: Vec<&[u8]> = floor.iter().map(|(_, m, _)| m.as_slice()).collect();
        let signatures: Vec<_> = floor.iter().map(|(_, _, s)| *s).collect();
        let keys: Vec<_> = floor.iter().map(|(k, _, _)| *k).collect();
        samples.iter("batch", b, || {
            ed25519_dalek::verify_batch(
                black_box(&messages),
                black_box(&signatures),
                black_box(&keys),
            )
            .expect("valid")
        })
    });
    group.bench_function(format!("record_digests/{N}_records"), |b| {
        samples.iter("digests", b, || {
            for r in black_box(&records) {
                black_box(r.digests().expect("ok"));
            }
        })
    });
    group.finish();
    let rate = |id| samples.per_second(id, N as f64);
    if let Some(chain) = rate("chain") {
        // Issue 12: a whole chain, batch-verified, at least 1.3× ed25519-dalek verifying one by one.
        Summary::new("custody_verify_chain", chain, "signatures/s")
            .floor(rate("strict"))
            .goal_ratio(1.3)
            .print();
        Summary::new("custody_verify_chain_vs_batch", chain, "signatures/s")
            .floor(rate("batch"))
            .print();
    }
    if let Some(digests) = rate("digests") {
        Summary::new("custody_record_digests", digests, "records/s").print();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
