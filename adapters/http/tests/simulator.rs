//! The transport and the retry layer against the conformance kit's agency simulator: the kit's own checks pass
//! through the layer, and a busy day with faults injected files every dossier exactly once. Outcomes only, as
//! in `faults.rs`: generous timeouts, and one step waits for another instead of sleeping.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::{SHORT_TIMEOUT, TIMEOUT, agency, codec, fast_policy, until};
use hoso_core::adapter::{
    AgencyAdapter, AgencyTransport, DossierSubmission, IssuedDocument, OutboundMessage,
};
use hoso_core::state::{AgencyState, PostalState};
use hoso_http::{HttpTransport, MemoryAuditSink, Resilient, RetryPolicy};
use hoso_licensing::LicensingAdapter;
use hoso_testkit::{AgencySimulator, Release, Script, posted_dossier};

fn layered(policy: RetryPolicy) -> impl Fn(Arc<dyn AgencyTransport>) -> Arc<dyn AgencyAdapter> {
    move |transport| {
        Arc::new(
            Resilient::builder(LicensingAdapter::new(codec(), transport))
                .policy(policy.clone())
                .build(),
        )
    }
}

fn licence() -> IssuedDocument {
    IssuedDocument {
        title: "Giấy phép lái xe".into(),
        number: "010123456789".into(),
        serial: Some("AB1234567".into()),
        categories: vec!["B".into()],
        issued_on: jiff::civil::date(2026, 3, 6),
        valid_until: Some(jiff::civil::date(2036, 3, 6)),
    }
}

#[tokio::test]
async fn the_layer_passes_the_kits_idempotency_check() {
    hoso_testkit::submission_is_filed_once_per_idempotency_key(
        &layered(fast_policy()),
        Arc::new(codec()),
    )
    .await;
}

#[tokio::test]
async fn the_layer_passes_the_kits_whole_script_check() {
    hoso_testkit::dossier_follows_the_agency_script(
        &layered(fast_policy()),
        Arc::new(codec()),
        hoso_testkit::typical_script(licence()),
        (AgencyState::ResultReturned, PostalState::ResultCollected),
    )
    .await;
}

#[tokio::test]
async fn without_retries_the_layer_reports_failures_exactly_as_the_adapter_does() {
    hoso_testkit::agency_failures_are_normalised(
        &layered(RetryPolicy::no_retry()),
        Arc::new(codec()),
    )
    .await;
}

async fn simulator() -> AgencySimulator {
    AgencySimulator::start(Arc::new(codec()), Script::new(), Release::AtOnce)
        .await
        .unwrap()
}

fn client_to(
    sim: &AgencySimulator,
    timeout: Duration,
    policy: RetryPolicy,
) -> (Arc<Resilient>, Arc<MemoryAuditSink>) {
    let audit = Arc::new(MemoryAuditSink::default());
    let transport = HttpTransport::builder(agency(), sim.base_url())
        .timeout(timeout)
        .audit(audit.clone())
        .build()
        .unwrap();
    let client = Resilient::builder(LicensingAdapter::new(codec(), Arc::new(transport)))
        .policy(policy)
        .build();
    (Arc::new(client), audit)
}

fn submission(sequence: u32) -> OutboundMessage {
    let dossier = posted_dossier(&agency(), sequence);
    OutboundMessage::Submission(DossierSubmission::from_dossier(
        &dossier,
        common::whole_seconds(jiff::Timestamp::now()),
    ))
}

#[tokio::test]
async fn simulator_unavailable_then_rate_limited_still_files_once() {
    let sim = simulator().await;
    sim.fail_next(503, 2, Some(0));
    sim.fail_next(429, 1, Some(0));
    let (client, _) = client_to(&sim, TIMEOUT, fast_policy());

    client.send(&submission(1)).await.unwrap();

    assert_eq!(sim.requests(), 4);
    assert_eq!(sim.filings(), 1);
}

fn timeouts(audit: &MemoryAuditSink) -> usize {
    audit
        .records()
        .iter()
        .filter(|r| matches!(r, hoso_http::AuditRecord::Failure(f) if f.error_kind == "timeout"))
        .count()
}

#[tokio::test]
async fn a_slow_agency_is_retried_until_it_answers_in_time_and_files_once() {
    let sim = simulator().await;
    // Slower than the timeout by far: no answer comes in time until the agency speeds up.
    sim.set_latency(Duration::from_secs(60));
    let (client, audit) = client_to(&sim, SHORT_TIMEOUT, fast_policy().with_max_attempts(50));
    let message = submission(2);
    let send = {
        let client = Arc::clone(&client);
        let message = message.clone();
        tokio::spawn(async move { client.send(&message).await })
    };
    until("two timed-out attempts", || timeouts(&audit) >= 2).await;
    sim.set_latency(Duration::ZERO);

    let receipt = send.await.unwrap().unwrap();

    assert_eq!(&receipt.dossier, message.dossier());
    assert!(
        timeouts(&audit) >= 2,
        "{} attempts timed out",
        timeouts(&audit)
    );
    assert_eq!(sim.filings(), 1);
}

#[tokio::test]
async fn a_busy_day_with_faults_files_every_dossier_exactly_once() {
    const DOSSIERS: u32 = 200;
    let sim = Arc::new(simulator().await);
    let (client, _) = client_to(&sim, TIMEOUT, fast_policy().with_max_attempts(30));
    // The day's dossiers are filed 16 at a time; with every second one a fault joins the queue, answered to
    // whichever request comes next, first or retry.
    let semaphore = Arc::new(tokio::sync::Semaphore::new(16));
    let mut tasks = Vec::new();
    let mut injected = 0;
    for sequence in 1..=DOSSIERS {
        let client = Arc::clone(&client);
        let permit = Arc::clone(&semaphore).acquire_owned().await.unwrap();
        if sequence % 2 == 0 {
            match injected % 4 {
                0 => sim.fail_next(503, 1, None),
                1 => sim.fail_next(500, 1, None),
                2 => sim.fail_next(429, 1, Some(0)),
                _ => sim.fail_next(502, 1, None),
            }
            injected += 1;
        }
        tasks.push(tokio::spawn(async move {
            let _permit = permit;
            let message = submission(sequence);
            client.send(&message).await.map(|r| (message, r))
        }));
    }
    let mut references = std::collections::HashSet::new();
    for task in tasks {
        let (message, receipt) = task.await.unwrap().expect("no dossier lost");
        assert_eq!(&receipt.dossier, message.dossier());
        references.insert(receipt.reference);
    }

    assert_eq!(
        references.len(),
        DOSSIERS as usize,
        "one reference per dossier"
    );
    assert_eq!(sim.filings(), DOSSIERS as usize, "each filed exactly once");
    assert_eq!(sim.received().len(), DOSSIERS as usize);
    // Every fault was answered to a request, and every such request was retried.
    assert!(
        sim.requests() >= DOSSIERS as usize + injected,
        "{} requests for {DOSSIERS} dossiers and {injected} faults",
        sim.requests()
    );
}
