//! The outbox dispatcher for agencies: claims the messages bound for agencies, sends each through the agency's
//! adapter, records the agency's reference with the dossier, and completes, retries or dead-letters the
//! message.
//!
//! Restart-safe by construction: a message is completed only after the agency acknowledged it and its
//! reference is stored; a crash before that leaves the message claimable again once its lease expires, and
//! the resend carries the same message id, which the agency's idempotency key turns into the same receipt.

use jiff::{SignedDuration, Timestamp};

use crate::adapter::{AdapterRegistry, OutboundMessage};
use crate::store::{
    AgencyFiling, Claimed, Destination, DestinationKind, NewOutboxMessage, OutboxPolicy, StoreError,
};

use super::{Changes, DossierService, ServiceError};

/// The destination family agency messages are claimed under.
pub const SUBMISSION_DESTINATION: DestinationKind = DestinationKind::Agency;

/// When a failed message is tried again: `base × 2^(attempts − 1)`, at most `max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryBackoff {
    /// The wait after the first failure.
    pub base: SignedDuration,
    /// The longest wait.
    pub max: SignedDuration,
}

impl Default for RetryBackoff {
    /// 5 s, doubling, at most 15 minutes.
    fn default() -> Self {
        RetryBackoff {
            base: SignedDuration::from_secs(5),
            max: SignedDuration::from_mins(15),
        }
    }
}

impl RetryBackoff {
    /// The wait after `attempts` failed attempts.
    ///
    /// ```
    /// use hoso_core::service::RetryBackoff;
    /// use jiff::SignedDuration;
    /// let b = RetryBackoff::default();
    /// assert_eq!(b.after(1), SignedDuration::from_secs(5));
    /// assert_eq!(b.after(3), SignedDuration::from_secs(20));
    /// assert_eq!(b.after(40), SignedDuration::from_mins(15));
    /// ```
    pub fn after(&self, attempts: u32) -> SignedDuration {
        let factor = 1i32 << attempts.saturating_sub(1).min(20);
        self.base
            .checked_mul(factor)
            .map_or(self.max, |d| d.min(self.max))
    }
}

/// What one dispatch round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DispatchReport {
    /// Messages the agencies acknowledged.
    pub sent: usize,
    /// Messages that failed and will be tried again.
    pub retried: usize,
    /// Messages given up on (dead letters).
    pub dead: usize,
}

/// How an outbox consumer claims its messages and waits between attempts: what every dispatcher is built
/// with, through [`OutboxConsumer`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Retries {
    /// How messages are claimed and when they become dead letters.
    pub policy: OutboxPolicy,
    /// The wait between attempts.
    pub backoff: RetryBackoff,
}

impl Retries {
    /// The settler of messages claimed from `store` under these settings.
    pub fn settler<'a>(
        &'a self,
        store: &'a std::sync::Arc<dyn crate::store::EventStore>,
    ) -> Settler<'a> {
        Settler {
            store,
            policy: &self.policy,
            backoff: &self.backoff,
        }
    }

    pub(super) fn round<'a>(
        &'a self,
        store: &'a std::sync::Arc<dyn crate::store::EventStore>,
        kind: DestinationKind,
    ) -> Round<'a> {
        Round {
            store,
            kind,
            policy: &self.policy,
            backoff: &self.backoff,
        }
    }
}

/// The settings every outbox consumer (agencies, the postal carrier, the national portal, citizens) is
/// configured with, in one place.
///
/// ```
/// use hoso_core::service::{OutboxConsumer, Retries, RetryBackoff};
/// use hoso_core::store::OutboxPolicy;
/// # #[derive(Default)] struct Mine { retries: Retries }
/// # impl OutboxConsumer for Mine { fn retries_mut(&mut self) -> &mut Retries { &mut self.retries } }
/// let policy = OutboxPolicy { max_attempts: 3, ..OutboxPolicy::default() };
/// let mut mine = Mine::default().with_policy(policy).with_backoff(RetryBackoff::default());
/// assert_eq!(mine.retries_mut().policy.max_attempts, 3);
/// ```
pub trait OutboxConsumer: Sized {
    /// The consumer's settings.
    fn retries_mut(&mut self) -> &mut Retries;

    /// Sets how messages are claimed and when they become dead letters.
    fn with_policy(mut self, policy: OutboxPolicy) -> Self {
        self.retries_mut().policy = policy;
        self
    }

    /// Sets the wait between attempts.
    fn with_backoff(mut self, backoff: RetryBackoff) -> Self {
        self.retries_mut().backoff = backoff;
        self
    }
}

/// Sends the outbox's agency messages through the registered adapters.
#[derive(Debug, Clone)]
pub struct AgencyDispatcher {
    service: DossierService,
    adapters: AdapterRegistry,
    retries: Retries,
}

impl OutboxConsumer for AgencyDispatcher {
    fn retries_mut(&mut self) -> &mut Retries {
        &mut self.retries
    }
}

impl AgencyDispatcher {
    /// A dispatcher over `service`'s store, sending through `adapters` (wrap them in the transport's
    /// resilience layer before registering them).
    pub fn new(service: DossierService, adapters: AdapterRegistry) -> Self {
        AgencyDispatcher {
            service,
            adapters,
            retries: Retries::default(),
        }
    }

    /// The outbox message that files `message` with `agency`: keyed by the agency and the message id, which
    /// is also the idempotency key the agency deduplicates by.
    pub fn message_for(
        agency: &crate::AgencyCode,
        message: &OutboundMessage,
    ) -> Result<NewOutboxMessage, ServiceError> {
        let payload = serde_json::to_value(message).map_err(|e| {
            StoreError::new(
                crate::store::StoreErrorKind::Invalid,
                format!(
                    "outbound message {} cannot be written as JSON: {}",
                    message.message_id(),
                    crate::store::payload::json_error(&e)
                ),
            )
        })?;
        Ok(NewOutboxMessage::new(
            format!("{agency}/{}", message.message_id()),
            Destination::Agency(agency.clone()),
            payload,
        ))
    }

    /// Claims the agency messages due at `now` and sends each once; returns what happened.
    pub async fn dispatch_once(&self, now: Timestamp) -> Result<DispatchReport, ServiceError> {
        self.retries
            .round(self.service.store(), SUBMISSION_DESTINATION)
            .run(now, |c| Box::pin(async move { self.send(&c).await }))
            .await
    }

    async fn send(&self, c: &Claimed) -> Result<(), Failure> {
        let Destination::Agency(agency) = &c.message.destination else {
            return Err(Failure::Permanent(format!(
                "not an agency message: {}",
                c.message.destination
            )));
        };
        let message: OutboundMessage =
            serde_json::from_value(c.message.payload.clone()).map_err(|e| {
                Failure::Permanent(format!(
                    "the payload is not an outbound message: {}",
                    crate::store::payload::json_error(&e)
                ))
            })?;
        let adapter = self
            .adapters
            .get(agency)
            .ok_or_else(|| Failure::Transient(format!("no adapter registered for {agency}")))?;
        let receipt = adapter
            .send(&message)
            .await
            .map_err(|e| Failure::of(e.is_retryable(), &e))?;
        let filing = AgencyFiling {
            agency: agency.clone(),
            reference: receipt.reference,
        };
        self.service
            .update(&c.message.dossier, None, |loaded| {
                Ok(if loaded.filing.as_ref() == Some(&filing) {
                    Changes::default()
                } else {
                    Changes::default().with_filing(filing.clone())
                })
            })
            .await
            .map_err(Failure::Service)?;
        Ok(())
    }
}

/// Why sending one claimed message failed.
pub(super) enum Failure {
    /// Another attempt later can help.
    Transient(String),
    /// No retry can mend it: a dead letter.
    Permanent(String),
    /// The service failed; the round stops.
    Service(ServiceError),
}

impl Failure {
    /// A receiver's error: transient when it says another attempt can help, else permanent.
    pub(super) fn of(retryable: bool, error: impl std::fmt::Display) -> Self {
        if retryable {
            Failure::Transient(error.to_string())
        } else {
            Failure::Permanent(error.to_string())
        }
    }
}

/// The sending of one claimed message.
pub(super) type Sending<'s> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), Failure>> + Send + 's>>;

/// One dispatch round over the outbox messages of one destination family: claim what is due, send each
/// once, then complete, retry later or dead-letter it. Every dispatcher (agencies, the postal carrier) runs
/// the same round with its own sending.
pub(super) struct Round<'a> {
    pub(super) store: &'a std::sync::Arc<dyn crate::store::EventStore>,
    pub(super) kind: DestinationKind,
    pub(super) policy: &'a OutboxPolicy,
    pub(super) backoff: &'a RetryBackoff,
}

impl Round<'_> {
    pub(super) async fn run<'s, F>(
        &self,
        now: Timestamp,
        send: F,
    ) -> Result<DispatchReport, ServiceError>
    where
        F: Fn(Claimed) -> Sending<'s>,
    {
        let claimed = self.store.claim(self.kind, now, self.policy).await?;
        let mut report = DispatchReport::default();
        let settler = Settler {
            store: self.store,
            policy: self.policy,
            backoff: self.backoff,
        };
        for c in claimed {
            let outcome = match send(c.clone()).await {
                Ok(()) => Attempt::Sent,
                Err(Failure::Permanent(why)) => Attempt::Permanent(why),
                Err(Failure::Transient(why)) => Attempt::Transient(why),
                Err(Failure::Service(e)) => return Err(e),
            };
            settler.settle(&c, &outcome, now, &mut report).await?;
        }
        Ok(report)
    }
}

/// How one attempt at a claimed outbox message ended.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Attempt {
    /// The receiver acknowledged it.
    Sent,
    /// Another attempt later can help (the receiver is down, slow, or answered garbage).
    Transient(String),
    /// No retry can mend it: a dead letter, for an operator.
    Permanent(String),
}

/// Settles claimed outbox messages after an attempt: completes, retries with backoff or dead-letters each.
/// The one way every outbox consumer (agencies, the postal carrier, the national portal) settles a message.
#[derive(Debug, Clone, Copy)]
pub struct Settler<'a> {
    /// The store the message was claimed from.
    pub store: &'a std::sync::Arc<dyn crate::store::EventStore>,
    /// The claim policy (attempts before a dead letter).
    pub policy: &'a OutboxPolicy,
    /// The wait between attempts.
    pub backoff: &'a RetryBackoff,
}

impl Settler<'_> {
    /// Settles `claimed` after `attempt` at `now`, counting it in `report`.
    pub async fn settle(
        &self,
        claimed: &Claimed,
        attempt: &Attempt,
        now: Timestamp,
        report: &mut DispatchReport,
    ) -> Result<(), StoreError> {
        let c = claimed;
        match attempt {
            Attempt::Sent => {
                self.store.complete(&c.lease, now).await?;
                report.sent += 1;
            }
            Attempt::Permanent(why) => {
                tracing::warn!(message = c.message.id, %why, "outbox message dead-lettered");
                self.store.dead_letter(&c.lease, why).await?;
                report.dead += 1;
            }
            Attempt::Transient(why) => {
                let at = now
                    .checked_add(self.backoff.after(c.message.attempts))
                    .unwrap_or(now);
                tracing::info!(message = c.message.id, %why, "outbox message to be retried");
                self.store.retry_at(&c.lease, at, why, self.policy).await?;
                if c.message.attempts >= self.policy.max_attempts {
                    report.dead += 1;
                } else {
                    report.retried += 1;
                }
            }
        }
        Ok(())
    }
}
