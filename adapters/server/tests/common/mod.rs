//! A server on an ephemeral loopback port over a memory store holding one sample dossier, with a manual
//! clock, and a reqwest client to talk to it.
#![allow(dead_code, unreachable_pub)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use hoso_core::service::{Changes, DossierService};
use hoso_core::store::{CommandId, EventStore, MemoryStore};
use hoso_core::{Catalogue, Dossier};
use hoso_server::{LookupPolicy, ManualClock, Server, ServerConfig, ServerError};
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
