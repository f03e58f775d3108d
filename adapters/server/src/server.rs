//! The listener: hyper's HTTP/1 connections with the limits axum's own `serve` does not expose (the size
//! and number of headers, the time to send them), a cap on connections, and graceful shutdown.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{Notify, Semaphore, watch};
use tokio::task::JoinSet;
use tower::ServiceExt;

use crate::app::{App, PeerAddr, router};
use crate::clock::Clock;
use crate::config::{Limits, ServerConfig};
use crate::notify::{self, NotifyLoop, NotifyProgress};
use hoso_core::service::DossierService;

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServerError {
    /// The listen address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// A limit is out of range.
    #[error("limit {name}: {reason}")]
    Limit {
        /// Which limit.
        name: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
}

/// The post office's service over a store: the citizens' pages and the health checks.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use std::sync::Arc;
/// use hoso_core::{Catalogue, store::MemoryStore};
/// use hoso_server::{Server, ServerConfig};
///
/// let config = ServerConfig::new(Arc::new(MemoryStore::new()), "127.0.0.1:8080".parse()?, Catalogue::shipped()?);
/// let bound = Server::new(config).bind().await?;
/// println!("listening on {}", bound.local_addr());
/// let (_stop, stopped) = tokio::sync::oneshot::channel::<()>();
/// bound.run(async { let _ = stopped.await; }).await?;
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Server {
    config: ServerConfig,
    draining: Arc<AtomicBool>,
}

impl Server {
    /// A server for `config`.
    pub fn new(config: ServerConfig) -> Self {
        Server {
            config,
            draining: Arc::new(AtomicBool::new(false)),
        }
    }

    /// The routes with their limits, to be served by this crate's listener ([`bind`](Self::bind)) or nested
    /// in another. Served elsewhere, the header limits and the connection cap are that server's to set, and
    /// every request counts as one client for the lookup's throttle unless
    /// [`ServerConfig::client_ip_header`] names the header the proxy in front sets.
    pub fn router(&self) -> Router {
        router(
            App::new(&self.config, self.draining.clone()),
            &self.config.limits,
        )
    }

    /// Binds the listen address; the server serves once [`BoundServer::run`] is awaited.
    pub async fn bind(self) -> Result<BoundServer, ServerError> {
        check(&self.config.limits)?;
        let addr = self.config.listen;
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|source| ServerError::Bind { addr, source })?;
        let local_addr = listener
            .local_addr()
            .map_err(|source| ServerError::Bind { addr, source })?;
        let notifications = self.config.notifications.clone().map(|n| Notifications {
            service: DossierService::new(self.config.store.clone()),
            clock: self.config.clock.clone(),
            progress: watch::Sender::new(NotifyProgress::default()),
            config: n,
        });
        Ok(BoundServer {
            router: self.router(),
            listener,
            local_addr,
            limits: self.config.limits,
            draining: self.draining,
            notifications,
        })
    }
}

fn check(limits: &Limits) -> Result<(), ServerError> {
    let bad = |name, reason| Err(ServerError::Limit { name, reason });
    if limits.max_connections == 0 {
        return bad("max_connections", "must be at least 1");
    }
    if limits.max_headers == 0 {
        return bad("max_headers", "must be at least 1");
    }
    if limits.max_header_bytes < 1024 {
        return bad("max_header_bytes", "must be at least 1024");
    }
    if limits.header_read_timeout.is_zero() || limits.request_timeout.is_zero() {
        return bad("timeouts", "must be longer than zero");
    }
    Ok(())
}

/// A server bound to its address, ready to [`run`](Self::run).
#[derive(Debug)]
pub struct BoundServer {
    router: Router,
    listener: TcpListener,
    local_addr: SocketAddr,
    limits: Limits,
    draining: Arc<AtomicBool>,
    notifications: Option<Notifications>,
}

/// The notification loop a bound server starts when it runs.
#[derive(Debug)]
struct Notifications {
    config: NotifyLoop,
    service: DossierService,
    clock: Arc<dyn Clock>,
    progress: watch::Sender<NotifyProgress>,
}

/// Serves one connection until it ends, holding its place (`permit`) meanwhile; closes it gracefully
/// (hyper's `graceful_shutdown`: the request in flight is answered, then the connection closes) on
/// shutdown (`shutdown` turns true) and when it is the one asked to give way to a client waiting for a
/// place (`give_way`, one connection per call): at once if no request of it is in flight, or after the
/// answer to the request in flight, which then says `Connection: close`.
async fn serve_connection(
    http: Arc<http1::Builder>,
    router: Router,
    stream: tokio::net::TcpStream,
    peer: SocketAddr,
    mut shutdown: watch::Receiver<bool>,
    give_way: Arc<Notify>,
    permit: tokio::sync::OwnedSemaphorePermit,
) {
    let _permit = permit;
    // Requests being answered, and whether the next answer is the connection's last.
    let in_flight = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let last = Arc::new(AtomicBool::new(false));
    let (counted, marked) = (in_flight.clone(), last.clone());
    let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
        request.extensions_mut().insert(PeerAddr(peer));
        let answer = router.clone().oneshot(request.map(Body::new));
        let (counted, last) = (counted.clone(), marked.clone());
        counted.fetch_add(1, Ordering::SeqCst);
        async move {
            let mut response = answer.await;
            counted.fetch_sub(1, Ordering::SeqCst);
            if last.load(Ordering::SeqCst) {
                // Giving way: this answer is the connection's last (hyper closes it once written).
                if let Ok(r) = response.as_mut() {
                    r.headers_mut().insert(
                        axum::http::header::CONNECTION,
                        axum::http::HeaderValue::from_static("close"),
                    );
                }
            }
            response
        }
    });
    let connection = http.serve_connection(TokioIo::new(stream), service);
    tokio::pin!(connection);
    let mut closing = false;
    loop {
        // Waiters are woken in the order they registered: the longest-open connection gives way first.
        let asked = give_way.notified();
        tokio::select! {
            ended = connection.as_mut() => {
                if let Err(e) = ended {
                    tracing::debug!(error = %e, "connection closed with an error");
                }
                return;
            }
            changed = shutdown.changed(), if !closing => {
                if changed.is_err() || *shutdown.borrow_and_update() {
                    closing = true;
                    connection.as_mut().graceful_shutdown();
                }
            }
            () = asked, if !closing => {
                closing = true;
                if in_flight.load(Ordering::SeqCst) > 0 {
                    last.store(true, Ordering::SeqCst);
                }
                connection.as_mut().graceful_shutdown();
            }
        }
    }
}

/// While a client waits for a place, another connection is asked to give way at this interval, in case
/// the one asked first is serving a long request.
const GIVE_WAY_AGAIN: Duration = Duration::from_millis(100);

/// The pause after a failed `accept` (out of file descriptors, say), so that the loop does not spin.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

impl BoundServer {
    /// The address it listens on (the ephemeral port, when the configuration asked for port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// What the notification loop has done so far, updated after each round; `None` when the server was
    /// configured without one ([`ServerConfig::with_notifications`]). The sender goes when the loop has
    /// stopped, so [`watch::Receiver::changed`] then fails.
    pub fn notify_progress(&self) -> Option<watch::Receiver<NotifyProgress>> {
        self.notifications.as_ref().map(|n| n.progress.subscribe())
    }

    /// Serves until `shutdown` completes, then stops accepting, fails readiness, lets the requests in
    /// flight finish within [`Limits::shutdown_grace`] and closes the connections. With a notification
    /// loop configured, it runs beside the connections from the start and is stopped with them: a round
    /// in flight is given the same grace period to finish.
    pub async fn run(self, shutdown: impl Future<Output = ()> + Send) -> Result<(), ServerError> {
        let BoundServer {
            router,
            listener,
            local_addr,
            limits,
            draining,
            notifications,
        } = self;
        let (stop_notifying, stop) = watch::channel(false);
        let mut notifying = notifications
            .map(|n| tokio::spawn(notify::run(n.config, n.service, n.clock, n.progress, stop)));
        let mut http = http1::Builder::new();
        http.timer(TokioTimer::new())
            .header_read_timeout(limits.header_read_timeout)
            .max_headers(limits.max_headers)
            .max_header_size(limits.max_header_bytes);
        let http = Arc::new(http);
        // Shutdown, for every connection; giving way at capacity, for one connection at a time.
        let (close, _) = watch::channel(false);
        let give_way = Arc::new(Notify::new());
        let permits = Arc::new(Semaphore::new(limits.max_connections));
        let mut connections = JoinSet::new();
        tracing::info!(addr = %local_addr, "serving");
        tokio::pin!(shutdown);
        loop {
            while connections.try_join_next().is_some() {}
            let (stream, peer) = tokio::select! {
                accepted = listener.accept() => match accepted {
                    Ok(a) => a,
                    Err(e) => {
                        tracing::warn!(error = %e, "accept failed");
                        tokio::time::sleep(ACCEPT_BACKOFF).await;
                        continue;
                    }
                },
                () = &mut shutdown => break,
            };
            let permit = match permits.clone().try_acquire_owned() {
                Ok(p) => p,
                Err(_) => {
                    // At capacity with a client waiting: one open connection gives way (an idle
                    // keep-alive connection would otherwise hold its place until the header read timeout),
                    // and one more at each interval until a place is free. Only one: every idle
                    // connection closed at once would race with the requests their client is sending on
                    // them, which would get no answer.
                    let mut again = tokio::time::interval(GIVE_WAY_AGAIN);
                    let permit = loop {
                        tokio::select! {
                            permit = permits.clone().acquire_owned() => break permit.ok(),
                            _ = again.tick() => give_way.notify_one(),
                            () = &mut shutdown => break None,
                        }
                    };
                    // A call made when no connection could take it (all of them closing already) is kept
                    // by `Notify` for the next one to listen: the connection about to be served. Drop it.
                    let _ = tokio::time::timeout(Duration::ZERO, give_way.notified()).await;
                    match permit {
                        Some(p) => p,
                        None => break,
                    }
                }
            };
            connections.spawn(serve_connection(
                http.clone(),
                router.clone(),
                stream,
                peer,
                close.subscribe(),
                give_way.clone(),
                permit,
            ));
        }
        draining.store(true, Ordering::Relaxed);
        drop(listener);
        let _ = stop_notifying.send(true);
        tracing::info!("shutting down: no new connections");
        let grace_ends = tokio::time::Instant::now() + limits.shutdown_grace;
        close.send_replace(true);
        tokio::select! {
            () = async { while connections.join_next().await.is_some() {} } => {
                tracing::info!("every connection closed");
            }
            () = tokio::time::sleep_until(grace_ends) => {
                tracing::warn!(open = connections.len(), "connections still open after the grace period are closed");
                connections.abort_all();
            }
        }
        if let Some(task) = notifying.as_mut() {
            tokio::select! {
                _ = &mut *task => {}
                () = tokio::time::sleep_until(grace_ends) => {
                    // Its messages stay claimable: they are sent again once their lease runs out.
                    tracing::warn!("notifications: the round in flight is stopped after the grace period");
                    task.abort();
                }
            }
        }
        Ok(())
    }
}

/// Binds `config.listen` and serves until `shutdown` completes: what `hoso serve` calls.
pub async fn serve(
    config: ServerConfig,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), ServerError> {
    Server::new(config).bind().await?.run(shutdown).await
}
