//! `hoso-server`: the post office's service over the `hoso` store, on axum.
//!
//! Everything it shows is read through the store ([`EventStore`](hoso_core::store::EventStore)) and the
//! service layer; it keeps no state of its own beyond the lookup's throttle counters.
//!
//! | path | what |
//! |---|---|
//! | `GET /healthz` | liveness |
//! | `GET /readyz` | readiness: the store answers a read within 1 s, and the server is not shutting down |
//! | `GET /tra-cuu` | tra cứu hồ sơ: the form; `?ma=CODE&so=DIGITS` the answer (HTML, or JSON with `Accept: application/json`) |
//! | `GET /thu-tuc/{code}` | a procedure's page: the version in force today |
//! | `GET /diem-phuc-vu` | the service-point directory: `?tinh=…&xa=…` by province and commune, 2025 or older names ([`Directory`]) |
//! | `POST /tra-cuu/khieu-nai` | a complaint (khiếu nại), filed with the lookup's credentials and its one answer for every failure |
//! | `POST /tra-cuu/danh-gia` | the rating (đánh giá) of the service once the result is delivered, with the lookup's credentials |
//! | `GET /api/v1/complaints/overdue` | the operators' list of complaints unresolved past their due date (bearer token, [`ServerConfig::with_operator`]) |
//! | `POST /api/v1/agencies/{agency}/messages` | the agencies' gateway: a message in the agency's own format, authenticated by token or signature, recorded once ([`GatewayAgency`]) |
//! | `GET /openapi.json` | the OpenAPI document (committed as `docs/openapi.json`) |
//!
//! `?lang=en` gives English; Vietnamese is the default. Pages work without JavaScript and at a phone's width.
//!
//! Every request is held to [`Limits`]: body size, header size and count, the time to send the headers (a
//! slow client is disconnected), the time a request may take, the number of connections. Each request is
//! logged as one line (method, path, status, duration) under the `hoso_server::request` target: never the
//! query string, the client's address or a body. [`BoundServer::run`] stops on its shutdown future: no new
//! connections, readiness fails, requests in flight are given [`Limits::shutdown_grace`] to finish.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use std::sync::Arc;
//! use hoso_core::{Catalogue, store::MemoryStore};
//! use hoso_server::{Server, ServerConfig};
//!
//! let config = ServerConfig::new(Arc::new(MemoryStore::new()), "127.0.0.1:0".parse()?, Catalogue::shipped()?);
//! let bound = Server::new(config).bind().await?;
//! let addr = bound.local_addr(); // the ephemeral port
//! let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
//! let server = tokio::spawn(bound.run(async { let _ = stopped.await; }));
//! // ... serve requests at http://{addr}/ ...
//! # let _ = addr;
//! let _ = stop.send(());
//! server.await??;
//! # Ok(()) }
//! ```
//!
//! With [`ServerConfig::with_notifications`], a task beside the connections sends the outbox's citizen
//! notifications through a notifier ([`NotifyLoop`]: `hoso-notify`'s file or SMTP notifier) while the server
//! runs, and stops with the graceful shutdown; [`BoundServer::notify_progress`] reports its rounds.
//!
//! The lookup's throttle counts in the store, so that every process over it counts the same failures.

#![deny(missing_docs)]

mod app;
mod citizen;
mod clock;
mod complaints;
mod config;
mod directory;
mod feedback;
mod gateway;
mod health;
mod lookup;
mod notify;
mod openapi;
mod page;
mod procedure;
mod server;

pub use clock::{Clock, ManualClock, SystemClock};
pub use config::{Limits, LookupPolicy, ServerConfig};
pub use directory::{
    Commune, Directory, DirectoryError, HoursError, Location, PointKind, PointService,
    ServicePoint, WeeklyHours,
};
pub use gateway::{AgencyAuth, GatewayAgency, TokenDigest};
pub use notify::{NotifyLoop, NotifyProgress};
pub use server::{BoundServer, Server, ServerError, serve};

/// The OpenAPI document the server serves at `GET /openapi.json`, as JSON text (pretty-printed, with a final
/// newline): what `docs/openapi.json` must hold.
pub fn openapi_json() -> String {
    format!("{:#}\n", openapi::document())
}
