//! The notification loop: while the server runs, a task sends the outbox's citizen messages through a
//! [`Notifier`] ([`NotifyDispatcher`], with the outbox's retry policy), one round every
//! [`NotifyLoop::interval`], and stops with the server's graceful shutdown.

use std::sync::Arc;
use std::time::Duration;

use hoso_core::notify::Notifier;
use hoso_core::service::{DossierService, NotifyDispatcher, OutboxConsumer, RetryBackoff};
use hoso_core::store::OutboxPolicy;
use tokio::sync::watch;

use crate::clock::Clock;

/// How the server drives citizens' notifications: what
/// [`ServerConfig::with_notifications`](crate::ServerConfig::with_notifications) is given.
///
/// ```
/// use std::sync::Arc;
/// use std::time::Duration;
/// use hoso_server::NotifyLoop;
/// let dir = tempfile::tempdir()?;
/// let notifier = Arc::new(hoso_notify::FileNotifier::open(dir.path().join("notifications.jsonl"))?);
/// let notifications = NotifyLoop::new(notifier).with_interval(Duration::from_secs(10));
/// assert_eq!(notifications.interval, Duration::from_secs(10));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct NotifyLoop {
    /// Where the notifications go.
    pub notifier: Arc<dyn Notifier>,
    /// The pause between two rounds (a round sends every message due; the pause starts when it ends).
    pub interval: Duration,
    /// The outbox's claim policy (lease, attempts before a dead letter, batch).
    pub policy: OutboxPolicy,
    /// The wait before a failed message is tried again.
    pub backoff: RetryBackoff,
}

impl NotifyLoop {
    /// A loop over `notifier`: a round every 5 seconds, the default outbox policy and backoff.
    pub fn new(notifier: Arc<dyn Notifier>) -> Self {
        NotifyLoop {
            notifier,
            interval: Duration::from_secs(5),
            policy: OutboxPolicy::default(),
            backoff: RetryBackoff::default(),
        }
    }

    /// Sets the pause between rounds.
    pub fn with_interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// Sets the outbox policy.
    pub fn with_policy(mut self, policy: OutboxPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// Sets the backoff.
    pub fn with_backoff(mut self, backoff: RetryBackoff) -> Self {
        self.backoff = backoff;
        self
    }
}

/// What the notification loop has done since the server started: totals over its rounds, read with
/// [`BoundServer::notify_progress`](crate::BoundServer::notify_progress).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct NotifyProgress {
    /// Rounds finished (failed ones included).
    pub rounds: u64,
    /// Rounds that failed as a whole (the store did not answer); their messages wait for the next.
    pub failed_rounds: u64,
    /// Messages completed: sent, skipped (no preference any more) or repeated (the notifier held the key).
    pub completed: u64,
    /// Failed attempts that will be tried again.
    pub retried: u64,
    /// Messages given up on (dead letters).
    pub dead: u64,
    /// Of the completed, those not sent because the applicant has no usable preference.
    pub skipped: u64,
    /// Of the completed, those the notifier already held.
    pub repeated: u64,
}

/// The loop, until `stop` turns true (or its sender goes). A round in flight is finished first: each send
/// is one attempt, bounded by the notifier's own timeouts, and the server's grace period bounds the rest.
pub(crate) async fn run(
    notifications: NotifyLoop,
    service: DossierService,
    clock: Arc<dyn Clock>,
    progress: watch::Sender<NotifyProgress>,
    mut stop: watch::Receiver<bool>,
) {
    let interval = notifications.interval;
    let notifier = notifications.notifier.name().to_owned();
    let dispatcher = NotifyDispatcher::new(service, notifications.notifier)
        .with_policy(notifications.policy)
        .with_backoff(notifications.backoff);
    tracing::info!(%notifier, "notifications: sending");
    loop {
        if *stop.borrow() {
            break;
        }
        let round = dispatcher.dispatch_once(clock.now()).await;
        progress.send_modify(|p| {
            p.rounds += 1;
            match &round {
                Ok(r) => {
                    p.completed += r.outbox.sent as u64;
                    p.retried += r.outbox.retried as u64;
                    p.dead += r.outbox.dead as u64;
                    p.skipped += r.skipped as u64;
                    p.repeated += r.repeated as u64;
                }
                Err(_) => p.failed_rounds += 1,
            }
        });
        match round {
            Ok(r) if r.outbox.sent + r.outbox.retried + r.outbox.dead > 0 => tracing::info!(
                completed = r.outbox.sent,
                retried = r.outbox.retried,
                dead = r.outbox.dead,
                "notifications: round"
            ),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "notifications: the round failed"),
        }
        tokio::select! {
            () = tokio::time::sleep(interval) => {}
            changed = stop.changed() => if changed.is_err() || *stop.borrow() { break },
        }
    }
    tracing::info!("notifications: stopped");
}
