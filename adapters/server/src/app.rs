//! The application: its shared state, the routes, and what every request goes through (limits, timeout,
//! the request log).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use axum::Router;
use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderName, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use hoso_core::Catalogue;
use hoso_core::calendar::WorkCalendar;
use hoso_core::service::DossierService;
use hoso_core::store::EventStore;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

use crate::clock::Clock;
use crate::config::{Limits, ServerConfig};
use crate::directory::{self, Directory};
use crate::gateway::{self, Agencies, TokenDigest};
use crate::lookup::throttle::{ClientKey, Throttle};
use crate::lookup::{self, LookupDesk};
use crate::{health, procedure};

/// What every handler shares.
#[derive(Debug, Clone)]
pub(crate) struct App {
    pub(crate) store: Arc<dyn EventStore>,
    pub(crate) service: DossierService,
    pub(crate) agencies: Agencies,
    pub(crate) catalogue: Arc<Catalogue>,
    pub(crate) directory: Arc<Directory>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) lookup: LookupDesk,
    pub(crate) client_ip_header: Option<HeaderName>,
    /// The operators' bearer tokens (digests) for the operator endpoints.
    pub(crate) operators: Arc<[TokenDigest]>,
    /// The working-day calendar complaints' deadlines are counted on.
    pub(crate) calendar: Arc<WorkCalendar>,
    /// Set once shutdown has begun: readiness then fails, so that a load balancer stops sending.
    pub(crate) draining: Arc<AtomicBool>,
}

impl App {
    pub(crate) fn new(config: &ServerConfig, draining: Arc<AtomicBool>) -> Self {
        let service = DossierService::new(config.store.clone());
        let throttle = Throttle::new(config.store.clone(), config.clock.clone(), config.lookup);
        App {
            store: config.store.clone(),
            service: service.clone(),
            agencies: Arc::new(
                config
                    .gateway
                    .iter()
                    .map(|g| (g.agency.clone(), g.clone()))
                    .collect(),
            ),
            catalogue: config.catalogue.clone(),
            directory: config.directory.clone(),
            clock: config.clock.clone(),
            lookup: LookupDesk::new(
                service,
                config.catalogue.clone(),
                throttle,
                config.lookup.floor,
            ),
            client_ip_header: config.client_ip_header.clone(),
            operators: config.operators.clone().into(),
            calendar: Arc::new(WorkCalendar::vietnam()),
            draining,
        }
    }
}

/// The routes, with the limits every request is held to.
pub(crate) fn router(app: App, limits: &Limits) -> Router {
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/tra-cuu", get(lookup::tra_cuu))
        .route("/thu-tuc/{code}", get(procedure::procedure_page))
        .route("/diem-phuc-vu", get(directory::diem_phuc_vu))
        .route("/openapi.json", get(crate::openapi::serve))
        .route("/tra-cuu/khieu-nai", post(crate::complaints::file))
        .route("/tra-cuu/danh-gia", post(crate::feedback::rate))
        .route("/api/v1/agencies/{agency}/messages", post(gateway::push))
        .route(
            "/api/v1/complaints/overdue",
            get(crate::complaints::overdue),
        )
        .fallback(not_found)
        .with_state(app)
        .layer(RequestBodyLimitLayer::new(limits.max_body_bytes))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            limits.request_timeout,
        ))
        .layer(middleware::from_fn(log_request))
}

async fn not_found() -> StatusCode {
    StatusCode::NOT_FOUND
}

/// One line per request: method, path, status, duration. Never the query string (a lookup's carries the
/// digits it was asked with), never the client's address, never a body.
async fn log_request(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    tracing::info!(
        target: "hoso_server::request",
        %method,
        path = %path,
        status = response.status().as_u16(),
        micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX),
        "request"
    );
    response
}

/// The connection's peer, put in each request's extensions by the listener.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PeerAddr(pub(crate) SocketAddr);

/// The client a request comes from, for the throttle: the peer address, or the trusted proxy's header.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Client(ClientKey);

impl Client {
    pub(crate) fn key(self) -> ClientKey {
        self.0
    }
}

impl FromRequestParts<App> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        let forwarded = app
            .client_ip_header
            .as_ref()
            .and_then(|h| parts.headers.get(h))
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<IpAddr>().ok());
        let peer = parts.extensions.get::<PeerAddr>().map(|p| p.0.ip());
        // A router served by something other than this crate's listener has no peer: such requests share
        // one client.
        let ip = forwarded
            .or(peer)
            .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        Ok(Client(ClientKey::of(ip)))
    }
}
