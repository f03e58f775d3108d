//! A server on an ephemeral loopback port over a memory store holding one sample dossier, with a manual
//! clock, and a reqwest client to talk to it.
#![allow(dead_code, unreachable_pub)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use hoso_core::service::{Changes, DossierService};
use std::sync::atomic::{AtomicUsize, Ordering};

use hoso_core::DossierCode;
use hoso_core::store::{
    CommandId, EventStore, MemoryStore, RecordedEvent, StoreError, StoreErrorKind,
};
use hoso_core::{Catalogue, Dossier};
use hoso_server::{LookupPolicy, ManualClock, Server, ServerConfig, ServerError};
use tokio::sync::Notify;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The sample dossier's code (driver's licence replacement, 2 March 2026).
pub fn sample_code() -> String {
    hoso_core::demo::header(1).code.to_string()
}

/// Its applicant's ID number ends in these; the phone number in `PHONE_DIGITS`.
pub const ID_DIGITS: &str = "1234";
pub const PHONE_DIGITS: &str = "5678";

/// Opens the sample dossier with its first `events` events (at least 1).
pub async fn seed(store: Arc<dyn EventStore>, events: usize) -> Dossier {
    let service = DossierService::new(store);
    let all = hoso_core::demo::lifecycle(1);
    service
        .open(
            CommandId::new("open-sample"),
            all[0].clone(),
            Changes::events(all[1..events].to_vec()),
        )
        .await
        .unwrap();
    Dossier::from_events(&all[..events]).unwrap()
}

pub struct TestServer {
    pub addr: SocketAddr,
    pub clock: Arc<ManualClock>,
    pub client: reqwest::Client,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<Result<(), ServerError>>>,
}

impl TestServer {
    /// A server over `store`, configured by `configure` (the clock stands at 2026-03-05 09:00 in Vietnam;
    /// the lookup's floor is zero: its timing is tested on the paused clock).
    pub async fn start_with(
        store: Arc<dyn EventStore>,
        configure: impl FnOnce(ServerConfig) -> ServerConfig,
    ) -> Self {
        let clock = Arc::new(ManualClock::new("2026-03-05T02:00:00Z".parse().unwrap()));
        let config = ServerConfig::new(
            store,
            "127.0.0.1:0".parse().unwrap(),
            Catalogue::shipped().unwrap(),
        )
        .with_clock(clock.clone())
        .with_lookup(LookupPolicy::default().with_floor(Duration::ZERO));
        let bound = Server::new(configure(config)).bind().await.unwrap();
        let addr = bound.local_addr();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(bound.run(async {
            let _ = stopped.await;
        }));
        // Built in one workspace with hoso-http, reqwest comes without a default crypto provider
        // (`rustls-no-provider`): building a client then needs one installed first.
        if rustls::crypto::CryptoProvider::get_default().is_none() {
            let _ = rustls::crypto::ring::default_provider().install_default();
        }
        TestServer {
            addr,
            clock,
            client: reqwest::Client::builder()
                .timeout(Duration::from_secs(30))
                .build()
                .unwrap(),
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// A server over a memory store holding the sample dossier (its first 6 events: handed to the agency).
    pub async fn start() -> Self {
        let store: Arc<dyn EventStore> = Arc::new(MemoryStore::new());
        seed(store.clone(), 6).await;
        Self::start_with(store, |c| c).await
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    pub async fn get_json(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .header("accept", "application/json")
            .send()
            .await
            .unwrap()
    }

    /// The JSON body of `GET path` with `Accept: application/json`.
    pub async fn json(&self, path: &str) -> serde_json::Value {
        self.get_json(path).await.json().await.unwrap()
    }

    /// Begins the shutdown and returns the server's task.
    pub fn begin_shutdown(&mut self) -> JoinHandle<Result<(), ServerError>> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        self.task.take().unwrap()
    }

    pub async fn shutdown(mut self) {
        self.begin_shutdown().await.unwrap().unwrap();
    }
}

/// A memory store the tests steer: readiness reads that fail, reads of a dossier's stream held until told to
/// go on, appends that fail a number of times.
#[derive(Debug, Default)]
pub struct TestStore {
    inner: MemoryStore,
    /// Checkpoint reads (readiness) fail.
    pub failing: bool,
    /// Stream reads wait for `proceed` after notifying `entered`.
    pub hold: bool,
    pub entered: Notify,
    pub proceed: Notify,
    /// How many appends are still to fail (as a store that is down does: nothing written).
    pub failing_appends: AtomicUsize,
}

impl TestStore {
    pub fn new(failing: bool, hold: bool) -> Self {
        TestStore {
            failing,
            hold,
            ..TestStore::default()
        }
    }
}

/// Implements the store: the methods given, and every other one forwarded to the memory store.
macro_rules! store_with {
    ({ $($own:tt)* } $($name:ident($($arg:ident: $ty:ty),*) -> $ret:ty;)*) => {
        #[async_trait::async_trait]
        impl EventStore for TestStore {
            $($own)*
            $(async fn $name(&self, $($arg: $ty),*) -> $ret { self.inner.$name($($arg),*).await })*
        }
    };
}

store_with! {{
    async fn read_stream(
        &self,
        dossier: &DossierCode,
        after: u64,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        if self.hold {
            self.entered.notify_one();
            self.proceed.notified().await;
        }
        self.inner.read_stream(dossier, after).await
    }

    async fn append(&self, append: hoso_core::store::Append) -> Result<hoso_core::store::AppendOutcome, StoreError> {
        let left = self.failing_appends.load(Ordering::SeqCst);
        if left > 0 {
            self.failing_appends.store(left - 1, Ordering::SeqCst);
            return Err(StoreError::new(StoreErrorKind::Unavailable, "the test store is down"));
        }
        self.inner.append(append).await
    }

    async fn checkpoint(&self, consumer: &str) -> Result<u64, StoreError> {
        if self.failing {
            return Err(StoreError::new(StoreErrorKind::Unavailable, "the test store is down"));
        }
        self.inner.checkpoint(consumer).await
    }
}
        read_all(after: u64, limit: usize) -> Result<hoso_core::store::EventPage, StoreError>;
        stream_version(dossier: &DossierCode) -> Result<Option<u64>, StoreError>;
        command_outcome(command: &hoso_core::store::CommandId) -> Result<Option<hoso_core::store::AppendOutcome>, StoreError>;
        read_custody(dossier: &DossierCode) -> Result<Vec<hoso_core::store::CustodyEntry>, StoreError>;
        index(dossier: &DossierCode) -> Result<Option<hoso_core::store::DossierIndex>, StoreError>;
        find_by_tracking(tracking: &hoso_core::TrackingNumber) -> Result<Option<DossierCode>, StoreError>;
        find_by_agency_ref(agency: &hoso_core::AgencyCode, reference: &hoso_core::adapter::AgencyRef) -> Result<Option<DossierCode>, StoreError>;
        query(query: &hoso_core::store::DossierQuery) -> Result<Vec<hoso_core::store::DossierIndex>, StoreError>;
        claim(kind: hoso_core::store::DestinationKind, now: jiff::Timestamp, policy: &hoso_core::store::OutboxPolicy) -> Result<Vec<hoso_core::store::Claimed>, StoreError>;
        complete(lease: &hoso_core::store::Lease, now: jiff::Timestamp) -> Result<(), StoreError>;
        retry_at(lease: &hoso_core::store::Lease, at: jiff::Timestamp, error: &str, policy: &hoso_core::store::OutboxPolicy) -> Result<(), StoreError>;
        dead_letter(lease: &hoso_core::store::Lease, error: &str) -> Result<(), StoreError>;
        dead_letters(limit: usize) -> Result<Vec<hoso_core::store::OutboxMessage>, StoreError>;
        revive(message: u64, now: jiff::Timestamp) -> Result<(), StoreError>;
        outbox_message(message: u64) -> Result<Option<hoso_core::store::OutboxMessage>, StoreError>;
        outbox_counts() -> Result<hoso_core::store::OutboxCounts, StoreError>;
        save_checkpoint(consumer: &str, position: u64) -> Result<(), StoreError>;
        remember_once(key: &str, until: jiff::Timestamp, now: jiff::Timestamp) -> Result<bool, StoreError>;
        count_within(counts: &[hoso_core::store::CountLimit<'_>], until: jiff::Timestamp, now: jiff::Timestamp) -> Result<hoso_core::store::Counted, StoreError>;
        uncount(keys: &[&str], now: jiff::Timestamp) -> Result<(), StoreError>;
}
