//! What a server is started with: its store, its address, its catalogue and its limits.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::http::HeaderName;
use hoso_core::Catalogue;
use hoso_core::store::EventStore;

use crate::clock::{Clock, SystemClock};
use crate::directory::Directory;
use crate::gateway::{GatewayAgency, TokenDigest};
use crate::notify::NotifyLoop;

/// Everything [`Server::bind`](crate::Server::bind) needs.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ServerConfig {
    /// The store every page reads and every push writes through.
    pub store: Arc<dyn EventStore>,
    /// Where to listen (port 0: an ephemeral port, read back with
    /// [`BoundServer::local_addr`](crate::BoundServer::local_addr)).
    pub listen: SocketAddr,
    /// The procedure catalogue the procedure pages and the lookup's procedure names come from.
    pub catalogue: Arc<Catalogue>,
    /// The service points `GET /diem-phuc-vu` searches ([`Directory::load`] reads a data file); empty by
    /// default, and the page then says that no directory is loaded.
    pub directory: Arc<Directory>,
    /// Limits on requests and connections.
    pub limits: Limits,
    /// The lookup's throttle and timing floor.
    pub lookup: LookupPolicy,
    /// Where the time comes from.
    pub clock: Arc<dyn Clock>,
    /// A header set by a trusted reverse proxy to the client's address (such as `x-real-ip`). `None` (the
    /// default): the peer address of the connection is the client, and any such header is ignored, since a
    /// client could set it to escape its throttle.
    pub client_ip_header: Option<HeaderName>,
    /// The agencies that may push to the gateway (none by default: every push is refused).
    pub gateway: Vec<GatewayAgency>,
    /// The digests of the operators' bearer tokens, for `GET /api/v1/complaints/overdue` (none by default:
    /// every request is refused).
    pub operators: Vec<TokenDigest>,
    /// The notification loop: while the server runs, the outbox's citizen messages are sent through its
    /// notifier. `None` (the default): no notification is sent, and they wait in the outbox.
    pub notifications: Option<NotifyLoop>,
}

impl ServerConfig {
    /// A configuration with the default limits and policy and the system clock.
    pub fn new(store: Arc<dyn EventStore>, listen: SocketAddr, catalogue: Catalogue) -> Self {
        ServerConfig {
            store,
            listen,
            catalogue: Arc::new(catalogue),
            directory: Arc::new(Directory::empty()),
            limits: Limits::default(),
            lookup: LookupPolicy::default(),
            clock: Arc::new(SystemClock),
            client_ip_header: None,
            gateway: Vec::new(),
            operators: Vec::new(),
            notifications: None,
        }
    }

    /// Sets the service-point directory.
    pub fn with_directory(mut self, directory: Directory) -> Self {
        self.directory = Arc::new(directory);
        self
    }

    /// Sets the limits.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Sets the lookup policy.
    pub fn with_lookup(mut self, lookup: LookupPolicy) -> Self {
        self.lookup = lookup;
        self
    }

    /// Sets the clock.
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Lets the holder of the token of `digest` read the operator endpoints.
    pub fn with_operator(mut self, digest: TokenDigest) -> Self {
        self.operators.push(digest);
        self
    }

    /// Lets `agency` push to the gateway (replacing an earlier entry of the same code).
    pub fn with_agency(mut self, agency: GatewayAgency) -> Self {
        self.gateway.retain(|g| g.agency != agency.agency);
        self.gateway.push(agency);
        self
    }

    /// Sends citizens' notifications while the server runs.
    pub fn with_notifications(mut self, notifications: NotifyLoop) -> Self {
        self.notifications = Some(notifications);
        self
    }

    /// Trusts `header` (set by a reverse proxy) for the client's address.
    pub fn with_client_ip_header(mut self, header: HeaderName) -> Self {
        self.client_ip_header = Some(header);
        self
    }
}

/// Limits on what one client can make the server hold: bodies, headers, slow clients, connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// The largest request body read, in bytes; a larger one is refused with 413 before it is read whole.
    pub max_body_bytes: usize,
    /// The largest request head (request line and headers), in bytes; larger is refused with 431.
    pub max_header_bytes: usize,
    /// The most headers in one request; more is refused with 431.
    pub max_headers: usize,
    /// How long a client may take to send a request's head (a slow-headers client is disconnected).
    pub header_read_timeout: Duration,
    /// How long a request may take, body read and answer included; past it the answer is 408.
    pub request_timeout: Duration,
    /// The most connections served at once; more wait to be accepted.
    pub max_connections: usize,
    /// On shutdown, how long requests in flight are given to finish before their connections are closed.
    pub shutdown_grace: Duration,
}

impl Default for Limits {
    /// 1 MiB bodies (the police webhook's own limit), 16 KiB of at most 64 headers sent within 10 s,
    /// 30 s per request, 1,024 connections, 10 s of grace on shutdown.
    fn default() -> Self {
        Limits {
            max_body_bytes: 1024 * 1024,
            max_header_bytes: 16 * 1024,
            max_headers: 64,
            header_read_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            max_connections: 1024,
            shutdown_grace: Duration::from_secs(10),
        }
    }
}

impl Limits {
    /// Sets the largest body.
    pub fn with_max_body_bytes(mut self, bytes: usize) -> Self {
        self.max_body_bytes = bytes;
        self
    }

    /// Sets the largest request head.
    pub fn with_max_header_bytes(mut self, bytes: usize) -> Self {
        self.max_header_bytes = bytes;
        self
    }

    /// Sets the time a client has to send a request's head.
    pub fn with_header_read_timeout(mut self, timeout: Duration) -> Self {
        self.header_read_timeout = timeout;
        self
    }

    /// Sets the time a request may take.
    pub fn with_request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// Sets the shutdown grace period.
    pub fn with_shutdown_grace(mut self, grace: Duration) -> Self {
        self.shutdown_grace = grace;
        self
    }
}

/// How the citizens' lookup resists guessing: every answer that touches the store takes at least `floor`,
/// and failed lookups are counted per client and per dossier code over a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct LookupPolicy {
    /// No lookup that reads the store is answered sooner than this after it arrived, so that the time an
    /// answer takes says nothing about whether the code exists (as long as the store answers within it).
    pub floor: Duration,
    /// The window failures are counted over; it starts at a key's first failure.
    pub window: jiff::SignedDuration,
    /// Failed lookups one client may make in a window; past them its lookups are throttled.
    pub max_failures_per_client: u32,
    /// Failed lookups of one dossier code, from any client, in a window; past them that code is throttled.
    pub max_failures_per_code: u32,
}

impl Default for LookupPolicy {
    /// 250 ms floor; 10 failures per client and 5 per code in 15 minutes.
    fn default() -> Self {
        LookupPolicy {
            floor: Duration::from_millis(250),
            window: jiff::SignedDuration::from_mins(15),
            max_failures_per_client: 10,
            max_failures_per_code: 5,
        }
    }
}

impl LookupPolicy {
    /// Sets the timing floor.
    pub fn with_floor(mut self, floor: Duration) -> Self {
        self.floor = floor;
        self
    }

    /// Sets the failures allowed per client and per code.
    pub fn with_max_failures(mut self, per_client: u32, per_code: u32) -> Self {
        self.max_failures_per_client = per_client;
        self.max_failures_per_code = per_code;
        self
    }
}
