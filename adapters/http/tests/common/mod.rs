//! A licensing authority on loopback for the fault tests: a wiremock server whose responder files dossiers
//! by `Idempotency-Key` (counting filings) and answers with scripted faults first.

#![allow(dead_code, unreachable_pub)]

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hoso_core::adapter::{
    AgencyRef, AgencySide, DossierSubmission, Method, OutboundMessage, SubmissionReceipt,
    TransportRequest,
};
use hoso_core::{AgencyCode, Dossier, DossierCode, demo};
use hoso_http::{HttpTransport, MemoryAuditSink, Resilient, RetryPolicy};
use hoso_licensing::{LicensingAdapter, LicensingCodec, Version};
use jiff::Timestamp;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

pub const SUBMIT_PATH: &str = "/gplx/ho-so";

pub fn agency() -> AgencyCode {
    "000.00.15.H22".parse().unwrap()
}

/// A `GET` of `path`, with no body, key or dossier.
pub fn get(path: &str) -> TransportRequest {
    TransportRequest::new(Method::Get, path)
}

pub fn codec() -> LicensingCodec {
    LicensingCodec::new(agency(), Version::V2)
}

/// Dossier number `sequence` of the day, handed to the licensing authority's desk and ready to be filed.
pub fn dossier(sequence: u32) -> Dossier {
    let start = demo::at(0);
    let mut header = demo::header(sequence);
    header.code =
        DossierCode::generate(&agency(), hoso_core::time::vietnam_date(start), sequence).unwrap();
    let mut events = demo::lifecycle_of(header, u128::from(sequence) * 100, start);
    events.truncate(4);
    Dossier::from_events(&events).unwrap()
}

/// The submission of dossier `sequence`, as the post sends it.
pub fn submission(sequence: u32) -> OutboundMessage {
    OutboundMessage::Submission(DossierSubmission::from_dossier(
        &dossier(sequence),
        whole_seconds(demo::at(60)),
    ))
}

pub fn whole_seconds(t: Timestamp) -> Timestamp {
    Timestamp::from_second(t.as_second()).unwrap()
}

/// What the agency does with the next request.
#[derive(Debug, Clone)]
pub enum Fault {
    /// Answers this status (and `Retry-After` if given) without filing anything.
    Status(u16, Option<String>),
    /// Files the dossier, then answers only after this long.
    SlowAfterFiling(Duration),
    /// Files the dossier, then answers 200 with a body that is not a receipt.
    MalformedAfterFiling,
}

#[derive(Debug, Default)]
struct AgencyState {
    faults: VecDeque<Fault>,
    /// Idempotency key -> the receipt sent for it.
    by_key: HashMap<String, Vec<u8>>,
    /// Dossier code -> the times it was filed (must never exceed 1).
    filed: HashMap<String, u32>,
    requests: u32,
}

/// The agency's side: files by idempotency key.
#[derive(Debug, Clone, Default)]
pub struct Agency {
    state: Arc<Mutex<AgencyState>>,
}

impl Agency {
    pub fn then(&self, fault: Fault) -> &Self {
        self.state.lock().unwrap().faults.push_back(fault);
        self
    }

    pub fn then_status(&self, status: u16, times: usize) -> &Self {
        for _ in 0..times {
            self.then(Fault::Status(status, None));
        }
        self
    }

    /// Distinct dossiers filed.
    pub fn filings(&self) -> usize {
        self.state.lock().unwrap().filed.len()
    }

    /// The most times any one dossier was filed (1 when nothing was filed twice).
    pub fn most_filings_of_one_dossier(&self) -> u32 {
        self.state
            .lock()
            .unwrap()
            .filed
            .values()
            .copied()
            .max()
            .unwrap_or(0)
    }

    /// Requests answered, faults included.
    pub fn requests(&self) -> u32 {
        self.state.lock().unwrap().requests
    }

    /// Files the submission in `body` under `key` (once per key) and returns the receipt.
    pub fn file(&self, key: Option<&str>, body: &[u8]) -> Result<Vec<u8>, (u16, String)> {
        let mut state = self.state.lock().unwrap();
        if let Some(receipt) = key.and_then(|k| state.by_key.get(k)) {
            return Ok(receipt.clone());
        }
        let codec = codec();
        let message = codec
            .decode_outbound(body)
            .map_err(|e| (400, e.to_string()))?;
        let code = message.dossier().to_string();
        let times = state.filed.entry(code.clone()).or_default();
        *times += 1;
        let receipt = codec
            .encode_receipt(&SubmissionReceipt {
                agency: agency(),
                dossier: message.dossier().clone(),
                reference: AgencyRef(format!("BN-{}", code.replace('.', ""))),
                idempotency_key: key.unwrap_or(message.message_id()).to_owned(),
                received_at: whole_seconds(Timestamp::now()),
            })
            .map_err(|e| (500, e.to_string()))?;
        if let Some(key) = key {
            state.by_key.insert(key.to_owned(), receipt.clone());
        }
        Ok(receipt)
    }

    /// Starts a wiremock server for this agency.
    pub async fn serve(&self) -> MockServer {
        let server = MockServer::start().await;
        self.mount(&server).await;
        server
    }

    pub async fn mount(&self, server: &MockServer) {
        Mock::given(method("POST"))
            .and(path(SUBMIT_PATH))
            .respond_with(self.clone())
            .mount(server)
            .await;
    }
}

impl Respond for Agency {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let fault = {
            let mut state = self.state.lock().unwrap();
            state.requests += 1;
            state.faults.pop_front()
        };
        let key = request
            .headers
            .get("idempotency-key")
            .and_then(|v| v.to_str().ok());
        let filed = |template: ResponseTemplate| match self.file(key, &request.body) {
            Ok(receipt) => template.set_body_bytes(receipt),
            Err((status, message)) => ResponseTemplate::new(status).set_body_string(message),
        };
        match fault {
            Some(Fault::Status(status, retry_after)) => {
                let mut t = ResponseTemplate::new(status).set_body_string("injected fault");
                if let Some(v) = retry_after {
                    t = t.insert_header("Retry-After", v.as_str());
                }
                t
            }
            Some(Fault::SlowAfterFiling(delay)) => {
                filed(ResponseTemplate::new(201)).set_delay(delay)
            }
            Some(Fault::MalformedAfterFiling) => {
                let _ = self.file(key, &request.body);
                ResponseTemplate::new(200).set_body_string("<BienNhan><SoBienNhan>")
            }
            None => filed(ResponseTemplate::new(201)),
        }
    }
}

/// The transport's timeout in tests that are not about timeouts: far longer than any answer on loopback takes,
/// even on a loaded machine, so that only a hang reaches it.
pub const TIMEOUT: Duration = Duration::from_secs(5);

/// The transport's timeout in tests about an agency that answers too late: the late answer never comes in time
/// (it is held for a minute), and an answer that is not held comes well within it, however loaded the machine.
pub const SHORT_TIMEOUT: Duration = Duration::from_secs(2);

/// Fast retries for tests: backoff and `Retry-After` in milliseconds, so that a test with a few retries takes
/// a fraction of a second; the attempt timeout above the transport's (the transport's timeout is the one
/// tested) and a deadline no test on loopback reaches unless it is about the deadline.
pub fn fast_policy() -> RetryPolicy {
    RetryPolicy::default()
        .with_max_attempts(5)
        .with_backoff(Duration::from_millis(2), Duration::from_millis(20))
        .with_max_retry_after(Duration::from_millis(150))
        .with_attempt_timeout(Duration::from_secs(10))
        .with_deadline(Duration::from_secs(30))
}

/// The licensing adapter over the HTTP transport to `base_url`, in the retry layer.
pub fn client(
    base_url: &str,
    timeout: Duration,
    policy: RetryPolicy,
) -> (Resilient, Arc<MemoryAuditSink>) {
    let audit = Arc::new(MemoryAuditSink::default());
    let transport = HttpTransport::builder(agency(), base_url)
        .timeout(timeout)
        .connect_timeout(TIMEOUT)
        .audit(audit.clone())
        .build()
        .unwrap();
    let adapter = LicensingAdapter::new(codec(), Arc::new(transport));
    let layer = Resilient::builder(adapter)
        .policy(policy)
        .jitter_seed(7)
        .build();
    (layer, audit)
}

/// Waits until `condition` holds, checking every millisecond; panics after a minute (a hang, not a slow machine).
pub async fn until(what: &str, condition: impl Fn() -> bool) {
    let give_up = std::time::Instant::now() + Duration::from_secs(60);
    while !condition() {
        assert!(
            std::time::Instant::now() < give_up,
            "still waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}
