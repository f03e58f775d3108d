//! An agency simulator: a real HTTP server on loopback that speaks an adapter's format through its codec.
//!
//! It files submissions (honouring `Idempotency-Key`: the same key gets the same answer and is filed once),
//! answers with the agency's messages on a configurable [`Script`], and can inject faults and latency.
//!
//! Protocol, the same for every format:
//! - any `POST` carries a message to the agency (decoded with [`AgencySide::decode_outbound`]); the answer is
//!   the agency's receipt ([`AgencySide::encode_receipt`]) with `201` for a new dossier, `200` otherwise;
//! - a `GET` whose path has a segment equal to a reference the simulator issued and ends in a number `n`
//!   answers the `n`-th (0-based) released message about that dossier, or `404` when there is none (yet).
//!
//! What it files and says (the contract an adapter's suite relies on):
//! - **The dossier** the kit's checks file is [`posted_dossier`](crate::posted_dossier): the core's sample
//!   dossier (`hoso_core::demo`, procedure 1.002820, a citizen applicant with an ID and a phone number, fee
//!   135,000 đồng, result by post) re-coded under the adapter's own agency code. Its procedure is not the
//!   adapter's unless the suite says so: an adapter must not refuse a dossier for its procedure code (that is
//!   the agency's decision, which it says with a refusal). The procedure can be the adapter's own: the
//!   suite's `dossier` ([`conformance_tests!`](crate::conformance_tests)) or
//!   [`dossier_follows_the_agency_script_with`](crate::dossier_follows_the_agency_script_with) files the
//!   dossier given, such as [`posted_dossier_under`](crate::posted_dossier_under)`(agency, procedure, n)`.
//! - **The receipt**: reference `SIM-000001`, `SIM-000002`, ... in filing order; the idempotency key sent (or
//!   the message id when none was); `received_at` the filing time by the [`SimClock`].
//! - **The notices**: those of the [`Script`], in order, one minute apart (or at its [`Step::At`] instants);
//!   message ids `{reference}-{n}`; the agency and the reference filled; **left empty**: the officer, an
//!   acceptance's `received_at`, a refusal's code and legal basis, a supplement's due date; a handover's
//!   `handed_at` is the message's time and its items 1. A notice the format cannot write answers `500` with
//!   a message naming the notice; the kit's script check asks [`Script::unservable_by`] first and fails
//!   naming the step instead. Build a script [`Script::within`] the adapter's capabilities
//!   (`typical_script_for`), or take `minimal_script`, the shortest life that ends with the result at the
//!   post.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use hoso_core::adapter::{AgencyMessage, AgencySide, DossierSubmission, OutboundMessage};
use jiff::Timestamp;
use tokio::sync::oneshot;

mod handle;
mod journal;
mod script;

use handle::{handle, receive};

use journal::journal_entry;
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
    /// How many of the next receipts acknowledge another message than the one received.
    misdirected: usize,
    /// How many of the next receipts name another dossier than the one of the message received.
    misdirected_to_another_dossier: usize,
    received: Vec<OutboundMessage>,
}

#[derive(Debug)]
struct Shared {
    codec: Arc<dyn AgencySide>,
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
        codec: Arc<dyn AgencySide>,
        script: Script,
        release: Release,
    ) -> std::io::Result<Self> {
        Self::start_with(codec, ScriptSource::Fixed(script), release, SimClock::Wall).await
    }

    /// Starts a simulator that picks each dossier's script from `scripts` and stamps messages with `clock`.
    /// Must be called inside a tokio runtime.
    pub async fn start_with(
        codec: Arc<dyn AgencySide>,
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
        codec: Arc<dyn AgencySide>,
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
        let router = Router::new()
            .fallback(handle)
            .with_state(Arc::clone(&shared));
        let (addr, tx, server) = serve_on_loopback(router).await?;
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

    /// The ids of every message the agency has released so far, in every dossier, in order: what an
    /// adapter's polls may give back (an id it gives that is not here is one it made up).
    pub fn said(&self) -> Vec<String> {
        let state = self.shared.state();
        state
            .dossiers
            .values()
            .flat_map(|d| d.messages.iter().take(d.released))
            .map(|m| m.message_id.clone())
            .collect()
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

    /// Answers the next message with the receipt of another message (its idempotency key is not the one
    /// sent): what a proxy that mixes up answers, or an agency that does, would give. An adapter must refuse
    /// it rather than take another message's reference for its dossier.
    pub fn misdirect_next_receipt(&self) {
        self.shared.state().misdirected += 1;
    }

    /// Answers the next message with a receipt for another dossier (the next dossier number of the same day)
    /// than the message's, its key unchanged: the one mix-up an adapter whose format's receipts carry no key
    /// can still tell, and must refuse.
    pub fn misdirect_next_receipt_to_another_dossier(&self) {
        self.shared.state().misdirected_to_another_dossier += 1;
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

/// Serves `router` on `127.0.0.1` (a free port) until the returned sender is used or dropped: the address,
/// the shutdown sender and the server's task (which ends once the port is closed).
pub(crate) async fn serve_on_loopback(
    router: Router,
) -> std::io::Result<(SocketAddr, oneshot::Sender<()>, tokio::task::JoinHandle<()>)> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let (tx, rx) = oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, router)
            .with_graceful_shutdown(async {
                let _ = rx.await;
            })
            .await;
    });
    Ok((addr, tx, server))
}

impl Drop for AgencySimulator {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}
