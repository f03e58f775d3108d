//! An HTTP front over the [`CarrierSimulator`]: a real server on loopback that speaks a carrier's wire format
//! through a [`CarrierFront`] the carrier's adapter crate supplies, so that the adapter is checked over the
//! wire against the same carrier the in-process checks use.
//!
//! Injected outages are answered before the front sees the request: [`Outage::ServerError`] with `503`,
//! [`Outage::Timeout`] with `504` (a gateway's time-out: an outcome, not a wait).

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use tokio::sync::oneshot;

use crate::carrier_sim::{CarrierSimulator, Outage};

/// One request as a front sees it.
#[derive(Clone)]
pub struct FrontRequest {
    /// `GET` or `POST`.
    pub method: Method,
    /// The path and query.
    pub path_and_query: String,
    /// The bearer token sent, if any.
    pub bearer: Option<String>,
    /// The body.
    pub body: Vec<u8>,
}

impl std::fmt::Debug for FrontRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FrontRequest")
            .field("method", &self.method)
            .field("path_and_query", &self.path_and_query)
            .field("body_bytes", &self.body.len())
            .finish_non_exhaustive()
    }
}

/// A front's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontResponse {
    /// The HTTP status.
    pub status: u16,
    /// The body (JSON, for the carriers seen so far).
    pub body: Vec<u8>,
}

/// A carrier's wire format over the simulator: reads a request, acts on the simulator, answers.
pub trait CarrierFront: Send + Sync + 'static {
    /// Answers one request.
    fn serve(&self, sim: &CarrierSimulator, request: FrontRequest) -> FrontResponse;
}

struct Shared {
    sim: CarrierSimulator,
    front: Arc<dyn CarrierFront>,
}

/// A running HTTP front; stops when dropped or when [`stop`](Self::stop) is awaited.
#[derive(Debug)]
pub struct CarrierHttpSimulator {
    addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<()>>,
}

impl CarrierHttpSimulator {
    /// Serves `sim` through `front` on `127.0.0.1` (a free port). Must be called inside a tokio runtime.
    pub async fn start(
        sim: CarrierSimulator,
        front: Arc<dyn CarrierFront>,
    ) -> std::io::Result<Self> {
        let router = Router::new()
            .fallback(handle)
            .with_state(Arc::new(Shared { sim, front }));
        let (addr, tx, server) = crate::simulator::serve_on_loopback(router).await?;
        Ok(CarrierHttpSimulator {
            addr,
            shutdown: Some(tx),
            server: Some(server),
        })
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops the front and returns once its port refuses connections.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            let _ = server.await;
        }
    }
}

impl Drop for CarrierHttpSimulator {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    match shared.sim.take_outage() {
        Some(Outage::ServerError) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
        Some(Outage::Timeout) => return StatusCode::GATEWAY_TIMEOUT.into_response(),
        None => {}
    }
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_owned);
    let request = FrontRequest {
        method,
        path_and_query: uri
            .path_and_query()
            .map_or_else(|| uri.path().to_owned(), |p| p.as_str().to_owned()),
        bearer,
        body: body.to_vec(),
    };
    let answer = shared.front.serve(&shared.sim, request);
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        answer.body,
    )
        .into_response()
}
