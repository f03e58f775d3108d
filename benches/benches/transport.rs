//! Submissions per second through the HTTP transport to the agency simulator on loopback, with latency
//! percentiles.
//!
//! The path measured is the whole client side of a filing: `Resilient` (idempotency key from the message's
//! canonical JSON and SHA-256, retry bookkeeping, spans) → the licensing adapter (XML encode, receipt decode) →
//! `HttpTransport` (reqwest over keep-alive HTTP/1.1, audit records with SHA-256 of both bodies) → the
//! testkit's simulator (axum; decodes the XML, files under the idempotency key, encodes the receipt). Client and
//! server share the same two cores. The kit's bare `LoopbackTransport` (one reqwest call, no layer, no audit)
//! is measured beside it as the baseline.
//!
//! First fixed runs print throughput and p50/p90/p99/max latency: 20,000 submissions from 64 concurrent tasks
//! (throughput), and 2,000 one at a time (latency without queueing); then criterion measures batches of 1,000
//! from 64 tasks.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hoso_benches::percentile;
use hoso_benches::summary::Summary;
use hoso_core::adapter::{AgencyAdapter, AgencyTransport, DossierSubmission, OutboundMessage};
use hoso_core::{AgencyCode, DossierCode};
use hoso_http::{AuditRecord, AuditSink, HttpTransport, Resilient};
use hoso_licensing::{LicensingAdapter, LicensingCodec, Version};
use hoso_testkit::{AgencySimulator, LoopbackTransport, Release, Script, posted_dossier};

const CONCURRENCY: usize = 64;
const RUN: u64 = 20_000;
const BATCH: u64 = 1_000;

fn agency() -> AgencyCode {
    "000.00.15.H22".parse().unwrap()
}

/// Counts audit records; hashing is done by the transport either way.
#[derive(Debug, Default)]
struct CountingSink(AtomicU64);

impl AuditSink for CountingSink {
    fn record(&self, _: &AuditRecord) -> Result<(), hoso_http::AuditError> {
        self.0.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

/// Makes submission number `n`: the template with a dossier code of its own (9,999 per day, then the next day).
struct Submissions {
    template: DossierSubmission,
    next: AtomicU64,
}

impl Submissions {
    fn new() -> Self {
        let dossier = posted_dossier(&agency(), 1);
        let sent_at = jiff::Timestamp::from_second(jiff::Timestamp::now().as_second()).unwrap();
        Self {
            template: DossierSubmission::from_dossier(&dossier, sent_at),
            next: AtomicU64::new(0),
        }
    }

    fn next(&self) -> OutboundMessage {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        let day = jiff::civil::date(2020, 1, 1)
            .checked_add(jiff::Span::new().days(i64::try_from(n / 9999).unwrap()))
            .unwrap();
        let code =
            DossierCode::generate(&agency(), day, u32::try_from(n % 9999).unwrap() + 1).unwrap();
        let mut s = self.template.clone();
        s.message_id = format!("NOP-{code}");
        s.dossier = code;
        OutboundMessage::Submission(s)
    }
}

/// Sends `count` submissions from `in_flight` tasks; returns the wall time and each submission's latency.
async fn run(
    adapter: Arc<dyn AgencyAdapter>,
    submissions: Arc<Submissions>,
    count: u64,
    in_flight: usize,
) -> (Duration, Vec<Duration>) {
    let left = Arc::new(AtomicU64::new(count));
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(in_flight);
    for _ in 0..in_flight {
        let (adapter, submissions, left) = (adapter.clone(), submissions.clone(), left.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            while left
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
                .is_ok()
            {
                let message = submissions.next();
                let t = Instant::now();
                adapter.send(&message).await.expect("submission filed");
                latencies.push(t.elapsed());
            }
            latencies
        }));
    }
    let mut latencies = Vec::with_capacity(usize::try_from(count).unwrap());
    for task in tasks {
        latencies.extend(task.await.unwrap());
    }
    (started.elapsed(), latencies)
}

/// Prints the run's throughput and latency percentiles; gives the submissions per second.
fn report(name: &str, in_flight: usize, wall: Duration, mut latencies: Vec<Duration>) -> f64 {
    latencies.sort_unstable();
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    let rate = latencies.len() as f64 / wall.as_secs_f64();
    println!(
        "{name}: {} submissions in {:.2} s = {:.0}/s with {in_flight} in flight; latency p50 {:.0} µs, p90 {:.0} µs, p99 {:.0} µs, max {:.0} µs",
        latencies.len(),
        wall.as_secs_f64(),
        rate,
        us(percentile(&latencies, 0.50)),
        us(percentile(&latencies, 0.90)),
        us(percentile(&latencies, 0.99)),
        us(*latencies.last().unwrap()),
    );
    rate
}

fn transport(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let codec = LicensingCodec::new(agency(), Version::V2);
    let sim = runtime
        .block_on(AgencySimulator::start(
            Arc::new(codec.clone()),
            Script::new(),
            Release::AtOnce,
        ))
        .unwrap();
    let audit = Arc::new(CountingSink::default());
    let http = runtime.block_on(async {
        HttpTransport::builder(agency(), sim.base_url())
            .audit(audit.clone())
            .build()
            .unwrap()
    });
    let layered: Arc<dyn AgencyAdapter> = Arc::new(Resilient::new(LicensingAdapter::new(
        codec.clone(),
        Arc::new(http),
    )));
    let bare_transport: Arc<dyn AgencyTransport> = runtime.block_on(async {
        Arc::new(LoopbackTransport::new(agency(), sim.base_url()).expect("loopback client"))
    });
    let bare: Arc<dyn AgencyAdapter> = Arc::new(LicensingAdapter::new(codec, bare_transport));
    let submissions = Arc::new(Submissions::new());

    runtime.block_on(run(
        layered.clone(),
        submissions.clone(),
        2_000,
        CONCURRENCY,
    ));
    // Each concurrency measured on both sides in turn, so that a change of the machine's load falls on
    // both alike.
    let mut rates = Vec::new();
    for (in_flight, count) in [(CONCURRENCY, RUN), (8, RUN), (1, RUN / 10)] {
        let [ours, floor] = [
            ("hoso-http + Resilient", &layered),
            ("baseline: bare reqwest, no layer", &bare),
        ]
        .map(|(name, adapter)| {
            let (wall, latencies) =
                runtime.block_on(run(adapter.clone(), submissions.clone(), count, in_flight));
            report(name, in_flight, wall, latencies)
        });
        rates.push((in_flight, ours, floor));
    }
    println!(
        "filed {} dossiers, {} audit records",
        sim.filings(),
        audit.0.load(Ordering::Relaxed)
    );

    let mut g = c.benchmark_group("transport_submit");
    g.measurement_time(Duration::from_secs(4));
    g.warm_up_time(Duration::from_secs(1));
    g.sample_size(10);
    g.throughput(Throughput::Elements(BATCH));
    for (name, adapter) in [("hoso_http_resilient", &layered), ("bare_reqwest", &bare)] {
        g.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    total += runtime
                        .block_on(run(
                            adapter.clone(),
                            submissions.clone(),
                            BATCH,
                            CONCURRENCY,
                        ))
                        .0;
                }
                total
            });
        });
    }
    g.finish();
    for (in_flight, ours, floor) in rates {
        // Issue 21: at least 0.9× bare reqwest at 64 in flight (and issue 8: 5,000 submissions/s).
        let goal = (in_flight == CONCURRENCY).then_some(0.9);
        Summary::new(
            &format!("transport_{in_flight}_in_flight"),
            ours,
            "submissions/s",
        )
        .floor(floor)
        .goal_ratio(goal)
        .print();
    }
}

criterion_group!(benches, transport);
criterion_main!(benches);
