//! A simulator of the National Public Service Portal's sync API (DVCQG), on loopback: the direct mode
//! (sessions with a `dstcode` header, `DongBoHoSoMC`, `CapNhatTienDoHoSoMC`) and the relay mode (create,
//! update and progress URLs, no session), as the provincial systems use them.
//!
//! It reads the protocol on its own, from raw JSON, not through the adapter's types: a second reading of
//! the same notes, so that a mistake of the adapter's is not repeated by its test. What it enforces:
//!
//! - a login with the configured `dstcode`, username and password answers a session; a session expires
//!   after answering [`PortalConfig::session_calls`] calls, or at once with [`PortalSimulator::expire_sessions`], and a
//!   call with an expired session answers `{"error_code": "-2", "message": "Phiên làm việc đã hết hạn"}`;
//! - a create of a dossier it holds answers `{"error_code": "-3", "message": "Hồ sơ đã tồn tại"}`; an update
//!   of one it does not hold answers error_code `"2"`;
//! - progress entries of a dossier not synced yet answer `"2"`; more than 10 in one call answer `"4"`;
//! - every value of a dossier or entry must be a string (`TrangThaiHoSo` and `TrangThai` 1–10), or the call
//!   answers `"1"`;
//! - injected faults ([`PortalFault`]): an HTTP status, no answer at all, a malformed body;
//! - a progress entry identical to one it holds (same dossier, time, content and status) is acknowledged
//!   and not recorded again, as a resend after a lost answer must be harmless; it is counted
//!   ([`PortalCounts::repeated_steps`]).
//!
//! [`PortalSimulator::start_journaled`] keeps what the portal accepted on disk, so that a job killed and
//! restarted talks to a portal that remembers it.

mod handle;

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;
use tokio::sync::{oneshot, watch};

/// How the simulated portal is reached and what it accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortalConfig {
    /// The `dstcode` header every direct-mode request must carry.
    pub dstcode: String,
    /// The account.
    pub username: String,
    /// Its password.
    pub password: String,
    /// The login path.
    pub login: String,
    /// The path of every service call.
    pub integration: String,
    /// The relay's create path.
    pub relay_create: String,
    /// The relay's update path.
    pub relay_update: String,
    /// The relay's progress path.
    pub relay_progress: String,
    /// A session answers this many calls, then expires (`None`: never by count).
    pub session_calls: Option<usize>,
    /// The `error_code` of a success: `"0"` or `"00"`.
    pub success_code: String,
}

impl Default for PortalConfig {
    fn default() -> Self {
        PortalConfig {
            dstcode: "G22".into(),
            username: "hoso".into(),
            password: "mat-khau".into(),
            login: "/dvcqg/xac-thuc".into(),
            integration: "/dvcqg/tich-hop".into(),
            relay_create: "/ketnoi/ThemMoi".into(),
            relay_update: "/ketnoi/CapNhat".into(),
            relay_progress: "/ketnoi/DongBoTienTrinh".into(),
            session_calls: None,
            success_code: "0".into(),
        }
    }
}

/// A fault to answer a request with, instead of its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PortalFault {
    /// This HTTP status, with a short text body.
    Status(u16),
    /// No answer: the request is held until the simulator stops (the client's timeout fires).
    Hang,
    /// HTTP 200 with this body (not JSON, or JSON that is not a reply).
    Malformed(Vec<u8>),
}

/// What the portal holds of one dossier.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PortalDossier {
    /// The last `HoSoDongBoDVC` received.
    pub record: serde_json::Value,
    /// Creates accepted (1, or 0 for a dossier only updated).
    pub creates: usize,
    /// Updates accepted.
    pub updates: usize,
    /// `TrangThaiHoSo` of every accepted sync, in order.
    pub statuses: Vec<String>,
    /// Every progress entry accepted, in order.
    pub progress: Vec<serde_json::Value>,
}

impl PortalDossier {
    /// `TrangThai` of every progress entry, in order.
    pub fn progress_statuses(&self) -> Vec<String> {
        self.progress
            .iter()
            .map(|e| e["TrangThai"].as_str().unwrap_or("").to_owned())
            .collect()
    }
}

/// Counts of what the simulator answered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PortalCounts {
    /// Requests received (faults included).
    pub requests: usize,
    /// Sessions issued.
    pub logins: usize,
    /// Dossiers created.
    pub creates: usize,
    /// Dossier updates accepted.
    pub updates: usize,
    /// Creates refused as "already exists".
    pub duplicates: usize,
    /// Calls refused for an expired or unknown session.
    pub expired: usize,
    /// Progress calls accepted.
    pub progress_calls: usize,
    /// Progress entries accepted.
    pub progress_entries: usize,
    /// Progress entries received again (acknowledged, not recorded twice).
    pub repeated_steps: usize,
    /// Calls refused for another reason (bad value, over the limit, unknown dossier, bad credentials).
    pub refused: usize,
    /// Faults answered.
    pub faults: usize,
}

#[derive(Debug, Default)]
struct PortalState {
    dossiers: BTreeMap<String, PortalDossier>,
    sessions: HashMap<String, usize>,
    next_session: usize,
    faults: VecDeque<PortalFault>,
    counts: PortalCounts,
}

#[derive(Debug)]
struct Shared {
    config: PortalConfig,
    state: Mutex<PortalState>,
    stopping: watch::Receiver<bool>,
    journal: Option<Mutex<std::fs::File>>,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, PortalState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// A running portal simulator; stops when dropped, or when [`stop`](Self::stop) is awaited.
#[derive(Debug)]
pub struct PortalSimulator {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<watch::Sender<bool>>,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<()>>,
}

impl PortalSimulator {
    /// Starts a simulator on `127.0.0.1` (a free port). Must be called inside a tokio runtime.
    pub async fn start(config: PortalConfig) -> std::io::Result<Self> {
        Self::serve(config, PortalState::default(), None).await
    }

    /// Starts a simulator whose portal keeps what it accepted in `journal` (one JSON line per accepted
    /// call), and, started on an existing journal, first replays it: it holds every dossier and step it held
    /// before. A line cut short by a kill is a call never answered, which the client sends again.
    pub async fn start_journaled(
        config: PortalConfig,
        journal: &std::path::Path,
    ) -> std::io::Result<Self> {
        let mut state = PortalState::default();
        if let Ok(text) = std::fs::read_to_string(journal) {
            for line in text.lines() {
                handle::replay(&mut state, line);
            }
        }
        state.counts = PortalCounts::default();
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(journal)?;
        Self::serve(config, state, Some(Mutex::new(file))).await
    }

    async fn serve(
        config: PortalConfig,
        state: PortalState,
        journal: Option<Mutex<std::fs::File>>,
    ) -> std::io::Result<Self> {
        let (stop, stopping) = watch::channel(false);
        let shared = Arc::new(Shared {
            config,
            state: Mutex::new(state),
            stopping,
            journal,
        });
        let router = Router::new()
            .fallback(handle::handle)
            .with_state(Arc::clone(&shared));
        let (addr, tx, server) = crate::simulator::serve_on_loopback(router).await?;
        Ok(PortalSimulator {
            addr,
            shared,
            stop: Some(stop),
            shutdown: Some(tx),
            server: Some(server),
        })
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The configuration.
    pub fn config(&self) -> &PortalConfig {
        &self.shared.config
    }

    /// Answers the next `times` requests with `fault`.
    pub fn inject(&self, fault: PortalFault, times: usize) {
        let mut state = self.shared.state();
        state.faults.extend(std::iter::repeat_n(fault, times));
    }

    /// Makes every session issued so far expire.
    pub fn expire_sessions(&self) {
        self.shared.state().sessions.clear();
    }

    /// What the portal holds of dossier `code`.
    pub fn dossier(&self, code: &str) -> Option<PortalDossier> {
        self.shared.state().dossiers.get(code).cloned()
    }

    /// The codes of every dossier the portal holds.
    pub fn dossier_codes(&self) -> Vec<String> {
        self.shared.state().dossiers.keys().cloned().collect()
    }

    /// What the simulator answered so far.
    pub fn counts(&self) -> PortalCounts {
        self.shared.state().counts
    }

    /// Stops the simulator (a held request is let go first) and returns once its port refuses
    /// connections.
    pub async fn stop(mut self) {
        self.signal_stop();
        if let Some(server) = self.server.take() {
            let _ = server.await;
        }
    }

    fn signal_stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(true);
        }
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

impl Drop for PortalSimulator {
    fn drop(&mut self) {
        self.signal_stop();
    }
}

/// Check: the portal holds `code` with the progress statuses `expected`, in that order and each once, and
/// its record's `TrangThaiHoSo` is the last of them.
///
/// # Panics
/// Naming the dossier and what differs.
pub fn portal_holds_in_order(sim: &PortalSimulator, code: &str, expected: &[&str]) {
    let Some(held) = sim.dossier(code) else {
        panic!("the portal does not hold dossier {code}");
    };
    let got = held.progress_statuses();
    assert_eq!(
        got, expected,
        "dossier {code}: progress statuses at the portal"
    );
    let stamps: Vec<(String, String)> = held
        .progress
        .iter()
        .map(|e| {
            (
                e["ThoiDiemXuLy"].as_str().unwrap_or("").to_owned(),
                e["NoiDungXuLy"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    let mut unique = stamps.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        stamps.len(),
        "dossier {code}: a step was recorded twice"
    );
    if let Some(last) = expected.last() {
        assert_eq!(
            held.record["TrangThaiHoSo"].as_str(),
            Some(*last),
            "dossier {code}: TrangThaiHoSo of the last sync"
        );
    }
}
