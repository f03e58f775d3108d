//! Status changes per second reported to the national portal through the outbox, with latency percentiles,
//! against bare reqwest POSTs of the same bodies in the same run.
//!
//! The path measured is the whole of a change's sync: `DvcqgSync` claims the change's outbox message
//! (`MemoryStore`), reads the portal checkpoints, loads and replays the dossier, builds `HoSoDongBoDVC` and the
//! new `QuaTrinhXuLy`, sends both through `HttpTransport` (relay mode: two POSTs), saves the checkpoints and
//! completes the message; the portal simulator (axum) checks and records them. The floor is a bare
//! `reqwest::Client` posting the same two bodies per change, one change after the other, to a fresh simulator.
//! Both are sequential: the consumer reports one dossier after another, so the floor does too.
//!
//! 10,000 changes: 1,429 sample dossiers, each through its seven portal steps, one step of every dossier per
//! round; each round is appended first (not timed), then synced one message per claim (timed per change).

use std::sync::Arc;
use std::time::{Duration, Instant};

use hoso_benches::percentile;
use hoso_benches::summary::Summary;
use hoso_core::procedure::AgencyFamily;
use hoso_core::service::OutboxConsumer;
use hoso_core::service::portal::portal_steps;
use hoso_core::service::{Changes, DossierService};
use hoso_core::store::{CommandId, MemoryStore, OutboxPolicy};
use hoso_core::{AgencyCode, Dossier, Event};
use hoso_dvcqg::{DvcqgCodec, DvcqgSync, Mode, PortalClient, PortalProfile, ProcedureNames, Relay};
use hoso_http::HttpTransport;
use hoso_testkit::{PortalConfig, PortalSimulator};

const CHANGES: usize = 10_000;
const STEPS: usize = 7;

fn codec() -> DvcqgCodec {
    let profile = PortalProfile::new("000.00.01.H56".parse().unwrap()).with_procedure(
        "1.002820".parse().unwrap(),
        ProcedureNames::of_family("Cấp đổi giấy phép lái xe", AgencyFamily::Licensing),
    );
    DvcqgCodec::new("000.00.00.G22".parse::<AgencyCode>().unwrap(), profile)
}

fn relay(config: &PortalConfig) -> Relay {
    Relay {
        create: config.relay_create.clone(),
        update: config.relay_update.clone(),
        progress: config.relay_progress.clone(),
    }
}

/// One change: the dossier's events up to its step, in round order.
struct Change {
    events: Vec<Event>,
    step: usize,
}

fn changes() -> Vec<Change> {
    let dossiers = CHANGES.div_ceil(STEPS);
    let lives: Vec<(Vec<Event>, Vec<u64>)> = (1..=dossiers)
        .map(|seq| {
            let seq = u32::try_from(seq).unwrap();
            let events = hoso_core::demo::lifecycle(seq);
            let steps = portal_steps(&events).iter().map(|s| s.version).collect();
            (events, steps)
        })
        .collect();
    let mut out = Vec::with_capacity(CHANGES);
    for step in 0..STEPS {
        for (events, versions) in &lives {
            if out.len() == CHANGES {
                return out;
            }
            let upto = usize::try_from(versions[step]).unwrap();
            out.push(Change {
                events: events[..upto].to_vec(),
                step,
            });
        }
    }
    out
}

fn report(name: &str, wall: Duration, mut latencies: Vec<Duration>) -> f64 {
    latencies.sort_unstable();
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    let rate = latencies.len() as f64 / wall.as_secs_f64();
    println!(
        "{name}: {} changes in {:.2} s = {rate:.0}/s; latency per change p50 {:.0} µs, p99 {:.0} µs, max {:.0} µs",
        latencies.len(),
        wall.as_secs_f64(),
        us(percentile(&latencies, 0.50)),
        us(percentile(&latencies, 0.99)),
        us(*latencies.last().unwrap()),
    );
    rate
}

/// The floor: the same two bodies per change, posted with a bare reqwest client.
async fn floor(changes: &[Change]) -> f64 {
    let codec = codec();
    let bodies: Vec<(&'static str, Vec<u8>, Vec<u8>)> = changes
        .iter()
        .map(|c| {
            let d = Dossier::from_events(&c.events).unwrap();
            let message = codec.dossier_message(&d, None, &[]).unwrap();
            let step = codec.progress_messages(&d).pop().unwrap();
            let kind = if c.step == 0 { "create" } else { "update" };
            (
                kind,
                serde_json::to_vec(&[message]).unwrap(),
                serde_json::to_vec(&[step]).unwrap(),
            )
        })
        .collect();
    let sim = PortalSimulator::start(PortalConfig::default())
        .await
        .unwrap();
    let r = relay(sim.config());
    let base = sim.base_url();
    let client = reqwest::Client::builder().build().unwrap();
    let mut latencies = Vec::with_capacity(bodies.len());
    let started = Instant::now();
    for (kind, dossier, step) in bodies {
        let t = Instant::now();
        let path = if kind == "create" {
            &r.create
        } else {
            &r.update
        };
        for (path, body) in [(path, dossier), (&r.progress, step)] {
            let reply = client
                .post(format!("{base}{path}"))
                .header("content-type", hoso_dvcqg::CONTENT_TYPE)
                .body(body)
                .send()
                .await
                .unwrap();
            assert!(reply.status().is_success());
            let _ = reply.bytes().await.unwrap();
        }
        latencies.push(t.elapsed());
    }
    let wall = started.elapsed();
    assert_eq!(sim.counts().progress_entries, changes.len());
    report("bare reqwest POSTs (floor)", wall, latencies)
}

/// The outbox consumer over the production transport.
async fn through_the_outbox(changes: &[Change]) -> f64 {
    let sim = PortalSimulator::start(PortalConfig::default())
        .await
        .unwrap();
    let transport = HttpTransport::builder("000.00.00.G22".parse().unwrap(), sim.base_url())
        .build()
        .unwrap();
    let client = PortalClient::new(
        codec(),
        Mode::Relay(relay(sim.config())),
        Arc::new(transport),
    );
    let service = DossierService::new(Arc::new(MemoryStore::new()));
    let sync = DvcqgSync::new(service.clone(), client).with_policy(OutboxPolicy {
        batch: 1,
        ..OutboxPolicy::default()
    });
    let mut latencies = Vec::with_capacity(changes.len());
    let mut wall = Duration::ZERO;
    for round in changes.chunk_by(|a, b| a.step == b.step) {
        for c in round {
            let d = Dossier::open(c.events[0].clone()).unwrap();
            let code = d.code().clone();
            if c.step == 0 {
                let rest = Changes::events(c.events[1..].to_vec());
                service
                    .open(
                        CommandId::new(format!("open-{code}")),
                        c.events[0].clone(),
                        rest,
                    )
                    .await
                    .unwrap();
            } else {
                let all = Changes::events(c.events.clone());
                service
                    .update(&code, None, |_| Ok(all.clone()))
                    .await
                    .unwrap();
            }
        }
        let started = Instant::now();
        loop {
            let t = Instant::now();
            let r = sync.sync_once(jiff::Timestamp::now()).await.unwrap();
            if r.outbox.sent == 0 {
                assert_eq!((r.outbox.retried, r.outbox.dead), (0, 0));
                break;
            }
            latencies.push(t.elapsed());
        }
        wall += started.elapsed();
    }
    assert_eq!(sim.counts().progress_entries, changes.len());
    report("DvcqgSync through the outbox", wall, latencies)
}

fn main() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let changes = changes();
    runtime.block_on(async {
        let floor = floor(&changes).await;
        let ours = through_the_outbox(&changes).await;
        println!(
            "ratio: {:.2}x of the floor (goal: at least 0.8x)",
            ours / floor
        );
        // Issue 15: at least 0.8× bare reqwest POSTs of the same bodies.
        Summary::new("portal_outbox", ours, "changes/s")
            .floor(floor)
            .goal_ratio(0.8)
            .print();
    });
}
