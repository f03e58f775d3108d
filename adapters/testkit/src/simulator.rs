//! An agency simulator: a real HTTP server on loopback that speaks an adapter's format through its codec.
//!
//! It files submissions (honouring `Idempotency-Key`: the same key gets the same answer and is filed once),
//! answers with the agency's messages on a configurable [`Script`], and can inject faults and latency.
//!
//! Protocol, the same for every format:
//! - any `POST` carries a message to the agency (decoded with [`AgencyCodec::decode_outbound`]); the answer is
//!   the agency's receipt ([`AgencyCodec::encode_receipt`]) with `201` for a new dossier, `200` otherwise;
//! - a `GET` whose path has a segment equal to a reference the simulator issued and ends in a number `n`
//!   answers the `n`-th (0-based) released message about that dossier, or `404` when there is none (yet).

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use hoso_core::adapter::{
    AgencyCodec, AgencyMessage, AgencyRef, DossierSubmission, Notice, OutboundMessage,
    SubmissionReceipt,
};
use jiff::{SignedDuration, Timestamp};
use tokio::sync::oneshot;

mod journal;
mod script;

use journal::{journal_entry, journal_line};
pub use script::{Script, Step};

/// When the simulator lets the agency's messages be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Release {
    /// Everything the script says, as soon as it can be said.
    #[default]
    AtOnce,
    /// One more message each time a poll reaches the end of what was released: a slow agency.
    OnePerPoll,
}

/// Which clock the simulated agency's messages are stamped with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SimClock {
    /// The machine's clock: a dossier is filed when it arrives, and messages follow a minute apart.
    #[default]
    Wall,
    /// Simulated time: a dossier is filed at its submission's `sent_at`, messages follow a minute apart or
    /// at the instants of the script's [`Step::At`] steps, and nothing is said before a supplement's
    /// `sent_at`. For replaying days or weeks of an agency's work in a second.
    Simulated,
}

/// How the simulator picks the script of a dossier.
#[derive(Clone)]
pub enum ScriptSource {
    /// The same script for every dossier.
    Fixed(Script),
    /// A script chosen from each submission (by procedure, by dossier code, ...).
    PerDossier(Arc<dyn Fn(&DossierSubmission) -> Script + Send + Sync>),
}

impl std::fmt::Debug for ScriptSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScriptSource::Fixed(script) => f.debug_tuple("Fixed").field(script).finish(),
            ScriptSource::PerDossier(_) => f.write_str("PerDossier(..)"),
        }
    }
}

/// A fault to answer the next request with.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Fault {
    status: u16,
    retry_after: Option<u64>,
}

#[derive(Debug)]
struct SimDossier {
    submission: DossierSubmission,
    messages: Vec<AgencyMessage>,
    released: usize,
    cursor: usize,
    supplements: usize,
    withdrawn: bool,
    filed_at: Timestamp,
    script: Script,
    /// When the next message may be sent.
    clock: Timestamp,
}

#[derive(Debug, Default)]
struct SimState {
    dossiers: BTreeMap<String, SimDossier>,
    by_dossier: HashMap<String, String>,
    by_key: HashMap<String, (Vec<u8>, u16, Vec<u8>)>,
    filings: usize,
    requests: usize,
    faults: VecDeque<Fault>,
    received: Vec<OutboundMessage>,
}

#[derive(Debug)]
struct Shared {
    codec: Arc<dyn AgencyCodec>,
    scripts: ScriptSource,
    clock: SimClock,
    release: Release,
    latency: Mutex<Duration>,
    state: Mutex<SimState>,
    journal: Option<Mutex<std::fs::File>>,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, SimState> {
        // A panic while the lock was held can only come from the simulator's own bug; keep serving.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A running agency simulator; stops when dropped, or when [`stop`](Self::stop) is awaited.
#[derive(Debug)]
pub struct AgencySimulator {
    addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<()>>,
}

impl AgencySimulator {
    /// Starts a simulator on `127.0.0.1` (a free port) that speaks `codec`'s format and follows `script` for
    /// every dossier. Must be called inside a tokio runtime.
    pub async fn start(
        codec: Arc<dyn AgencyCodec>,
        script: Script,
        release: Release,
    ) -> std::io::Result<Self> {
        Self::start_with(codec, ScriptSource::Fixed(script), release, SimClock::Wall).await
    }

    /// Starts a simulator that picks each dossier's script from `scripts` and stamps messages with `clock`.
    /// Must be called inside a tokio runtime.
    pub async fn start_with(
        codec: Arc<dyn AgencyCodec>,
        scripts: ScriptSource,
        release: Release,
        clock: SimClock,
    ) -> std::io::Result<Self> {
        let shared = Arc::new(Shared {
            codec,
            scripts,
            clock,
            release,
            latency: Mutex::new(Duration::ZERO),
            state: Mutex::new(SimState::default()),
            journal: None,
        });
        Self::serve(shared).await
    }

    /// Starts a simulator like [`start_with`](Self::start_with) whose agency keeps what it was sent on disk:
    /// every message it accepted is appended to `journal` (one JSON line each), and a simulator started on an
    /// existing journal first replays it, so the agency knows every dossier filed before, under the same
    /// references, and files none of them twice. For jobs that must survive being killed.
    pub async fn start_journaled(
        codec: Arc<dyn AgencyCodec>,
        scripts: ScriptSource,
        release: Release,
        clock: SimClock,
        journal: &std::path::Path,
    ) -> std::io::Result<Self> {
        let mut shared = Shared {
            codec,
            scripts,
            clock,
            release,
            latency: Mutex::new(Duration::ZERO),
            state: Mutex::new(SimState::default()),
            journal: None,
        };
        if let Ok(text) = std::fs::read_to_string(journal) {
            let mut state = SimState::default();
            for line in text.lines() {
                // A line cut short by a kill is the one message the agency never answered: it comes again.
                let Some((key, body)) = journal_entry(line) else {
                    continue;
                };
                let (status, response) = receive(&shared, &mut state, &body, key.as_deref());
                if let Some(key) = key
                    && (200..300).contains(&status)
                {
                    state.by_key.insert(key, (body, status, response));
                }
            }
            shared.state = Mutex::new(state);
        }
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(journal)?;
        shared.journal = Some(Mutex::new(file));
        Self::serve(Arc::new(shared)).await
    }

    async fn serve(shared: Arc<Shared>) -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let router = Router::new()
            .fallback(handle)
            .with_state(Arc::clone(&shared));
        let (tx, rx) = oneshot::channel::<()>();
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, router)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await;
        });
        Ok(Self {
            addr,
            shared,
            shutdown: Some(tx),
            server: Some(server),
        })
    }

    /// Stops the simulator and returns once it no longer listens: its port refuses connections from then on.
    /// (Dropping it stops it too, a moment later.) Requests in progress are answered first, and idle
    /// keep-alive connections are closed.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            // The task only ends when the server has stopped; a panic in it is the simulator's own bug.
            let _ = server.await;
        }
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many distinct dossiers were filed.
    pub fn filings(&self) -> usize {
        self.shared.state().filings
    }

    /// How many HTTP requests were answered (faults included).
    pub fn requests(&self) -> usize {
        self.shared.state().requests
    }

    /// Every distinct message received (idempotent repeats are not counted again).
    pub fn received(&self) -> Vec<OutboundMessage> {
        self.shared.state().received.clone()
    }

    /// Answers the next `times` requests with `status` (and `Retry-After: retry_after` seconds if given).
    pub fn fail_next(&self, status: u16, times: usize, retry_after: Option<u64>) {
        let mut state = self.shared.state();
        for _ in 0..times {
            state.faults.push_back(Fault {
                status,
                retry_after,
            });
        }
    }

    /// Waits `latency` before every answer.
    pub fn set_latency(&self, latency: Duration) {
        *self
            .shared
            .latency
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = latency;
    }
}

impl Drop for AgencySimulator {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

fn answer(status: u16, body: Vec<u8>) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/octet-stream"),
        )],
        body,
    )
        .into_response()
}

fn text(status: u16, message: &str) -> Response {
    answer(status, message.as_bytes().to_vec())
}

/// Whole seconds: agency formats rarely carry fractions, and a round trip must not change the time.
fn now() -> Timestamp {
    Timestamp::from_second(Timestamp::now().as_second()).unwrap_or(Timestamp::UNIX_EPOCH)
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let latency = *shared.latency.lock().unwrap_or_else(|p| p.into_inner());
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let mut state = shared.state();
    state.requests += 1;
    if let Some(fault) = state.faults.pop_front() {
        let mut response = text(fault.status, "injected fault");
        if let Some(secs) = fault.retry_after
            && let Ok(v) = HeaderValue::from_str(&secs.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return response;
    }
    if method == Method::POST {
        let key = headers
            .get("idempotency-key")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        if let Some(key) = &key
            && let Some((request, status, response)) = state.by_key.get(key)
        {
            if request[..] != body[..] {
                return text(422, "Idempotency-Key reused with a different body");
            }
            return answer(*status, response.clone());
        }
        let (status, response) = receive(&shared, &mut state, &body, key.as_deref());
        if (200..300).contains(&status)
            && let Some(journal) = &shared.journal
        {
            use std::io::Write;
            let line = journal_line(key.as_deref(), &body);
            let mut file = journal.lock().unwrap_or_else(|p| p.into_inner());
            if let Err(e) = file.write_all(line.as_bytes()) {
                return text(500, &format!("the agency cannot keep the message: {e}"));
            }
        }
        if let Some(key) = key
            && (200..300).contains(&status)
        {
            state
                .by_key
                .insert(key, (body.to_vec(), status, response.clone()));
        }
        return answer(status, response);
    }
    if method == Method::GET {
        return serve_message(&shared, &mut state, uri.path());
    }
    text(405, "method not allowed")
}

fn receive(
    shared: &Shared,
    state: &mut SimState,
    body: &[u8],
    key: Option<&str>,
) -> (u16, Vec<u8>) {
    let message = match shared.codec.decode_outbound(body) {
        Ok(m) => m,
        Err(e) => return (400, e.to_string().into_bytes()),
    };
    let dossier_code = message.dossier().to_string();
    let (status, reference) = match &message {
        OutboundMessage::Submission(s) => {
            if let Some(reference) = state.by_dossier.get(&dossier_code) {
                // Filed before under another key: the agency knows the dossier and says so.
                return (
                    409,
                    format!("dossier already filed as {reference}").into_bytes(),
                );
            }
            state.filings += 1;
            let reference = format!("SIM-{:06}", state.filings);
            let filed_at = match shared.clock {
                SimClock::Wall => now(),
                SimClock::Simulated => s.sent_at,
            };
            let script = match &shared.scripts {
                ScriptSource::Fixed(script) => script.clone(),
                ScriptSource::PerDossier(choose) => choose(s),
            };
            let mut d = SimDossier {
                submission: s.clone(),
                messages: Vec::new(),
                released: 0,
                cursor: 0,
                supplements: 0,
                withdrawn: false,
                filed_at,
                script,
                clock: filed_at + SignedDuration::from_mins(1),
            };
            advance(shared, &reference, &mut d);
            state
                .by_dossier
                .insert(dossier_code.clone(), reference.clone());
            state.dossiers.insert(reference.clone(), d);
            (201, reference)
        }
        other => {
            let Some(reference) = state.by_dossier.get(&dossier_code).cloned() else {
                return (404, b"unknown dossier".to_vec());
            };
            let Some(d) = state.dossiers.get_mut(&reference) else {
                return (404, b"unknown dossier".to_vec());
            };
            match other {
                OutboundMessage::SupplementDelivered(supplement) => {
                    d.supplements += 1;
                    // The agency cannot answer a supplement before it arrives.
                    if shared.clock == SimClock::Simulated {
                        d.clock = d
                            .clock
                            .max(supplement.sent_at + SignedDuration::from_mins(1));
                    }
                }
                OutboundMessage::Withdrawal(_) => d.withdrawn = true,
                _ => {}
            }
            advance(shared, &reference, d);
            (200, reference)
        }
    };
    let receipt = SubmissionReceipt {
        agency: shared.codec.agency().clone(),
        dossier: message.dossier().clone(),
        reference: AgencyRef(reference),
        idempotency_key: key.unwrap_or(message.message_id()).to_owned(),
        received_at: match shared.clock {
            SimClock::Wall => now(),
            SimClock::Simulated => state
                .by_dossier
                .get(&dossier_code)
                .and_then(|r| state.dossiers.get(r))
                .map_or_else(now, |d| d.filed_at),
        },
    };
    state.received.push(message);
    match shared.codec.encode_receipt(&receipt) {
        Ok(bytes) => (status, bytes),
        Err(e) => (500, e.to_string().into_bytes()),
    }
}

/// Says what the script says until it must wait for a supplement or ends.
fn advance(shared: &Shared, reference: &str, d: &mut SimDossier) {
    if d.withdrawn {
        return;
    }
    let steps = d.script.steps().to_vec();
    while let Some(step) = steps.get(d.cursor) {
        match step {
            Step::AwaitSupplement => {
                let waits_before = steps
                    .iter()
                    .take(d.cursor)
                    .filter(|s| **s == Step::AwaitSupplement)
                    .count();
                if d.supplements <= waits_before {
                    break;
                }
            }
            Step::At(instant) => d.clock = d.clock.max(*instant),
            Step::Say(notice) => {
                let n = d.messages.len();
                let sent_at = d.clock;
                d.clock = sent_at + SignedDuration::from_mins(1);
                let mut notice = notice.clone();
                if let Notice::ResultHandedToPost { handed_at, .. } = &mut notice {
                    *handed_at = sent_at;
                }
                d.messages.push(AgencyMessage {
                    message_id: format!("{reference}-{n}"),
                    agency: shared.codec.agency().clone(),
                    dossier: d.submission.dossier.clone(),
                    reference: Some(AgencyRef(reference.to_owned())),
                    sent_at,
                    officer: None,
                    notice,
                });
            }
        }
        d.cursor += 1;
    }
    if shared.release == Release::AtOnce {
        d.released = d.messages.len();
    }
}

fn serve_message(shared: &Shared, state: &mut SimState, path: &str) -> Response {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let Some(index) = segments.last().and_then(|s| s.parse::<usize>().ok()) else {
        return text(404, "no message index in path");
    };
    let Some(reference) = segments
        .iter()
        .find(|s| state.dossiers.contains_key(**s))
        .map(|s| (*s).to_owned())
    else {
        return text(404, "unknown dossier");
    };
    let Some(d) = state.dossiers.get_mut(&reference) else {
        return text(404, "unknown dossier");
    };
    if index < d.released {
        let Some(message) = d.messages.get(index) else {
            return text(404, "no such message");
        };
        return match shared.codec.encode_notice(message) {
            Ok(bytes) => answer(200, bytes),
            Err(e) => text(500, &e.to_string()),
        };
    }
    if shared.release == Release::OnePerPoll && d.released < d.messages.len() {
        d.released += 1;
    }
    text(404, "no such message yet")
}
