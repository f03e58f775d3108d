//! Retry, timeout, idempotency keys and tracing around any agency adapter, written once.

use std::borrow::Cow;
use std::sync::Arc;

use hoso_core::adapter::{
    AdapterError, AgencyAdapter, AgencyMessage, AgencyRef, Capabilities, OutboundMessage,
    SubmissionReceipt,
};
use hoso_core::{AgencyCode, DossierCode};
use tokio::time::Instant;
use tracing::Instrument;

use crate::context::{self, AttemptContext};
use crate::idempotency::{KeyPolicy, idempotency_key};
use crate::retry::{Jitter, RetryPolicy};

/// An adapter wrapped in retries with backoff, a timeout per attempt, a deadline per call, derived
/// idempotency keys (passed beside the message, which reaches the adapter unchanged) and `tracing` spans; itself an [`AgencyAdapter`], so it goes wherever an adapter goes
/// (an [`AdapterRegistry`](hoso_core::adapter::AdapterRegistry), another layer).
///
/// A call that fails with a retryable error is tried again under the [`RetryPolicy`]; any other error reaches
/// the caller at once, unchanged. When the layer gives up on a retryable error, the caller gets the last error's
/// kind, agency code and retryability, with a message saying how many attempts were made over how long: the
/// dossier is not lost, the caller may send it again later and, with the same idempotency key, it is filed once.
///
/// The layer reads one clock, tokio's ([`tokio::time`]): the waits between attempts, each attempt's timeout and
/// the call's deadline all run on it. In production that is the machine's monotonic clock; in a test on a runtime
/// whose clock is paused (`#[tokio::test(start_paused = true)]`) the whole schedule of retries runs in
/// simulated time, and the deadline is checked against the clock the layer used, not against the wall.
///
/// ```
/// use std::sync::Arc;
/// use std::time::Duration;
/// use hoso_http::{HttpTransport, Resilient, RetryPolicy};
/// use hoso_licensing::{LicensingAdapter, LicensingCodec, Version};
/// # let agency: hoso_core::AgencyCode = "000.00.15.H22".parse().unwrap();
/// let transport = Arc::new(HttpTransport::builder(agency.clone(), "https://gplx.example.gov.vn").build()?);
/// let licensing = LicensingAdapter::new(LicensingCodec::new(agency, Version::V2), transport);
/// let adapter = Resilient::builder(licensing)
///     .policy(RetryPolicy::default().with_max_attempts(6).with_deadline(Duration::from_secs(90)))
///     .build();
/// assert_eq!(adapter.policy().max_attempts, 6);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Resilient {
    inner: Arc<dyn AgencyAdapter>,
    policy: RetryPolicy,
    keys: KeyPolicy,
    jitter: Jitter,
}

/// Builds a [`Resilient`] layer.
#[derive(Debug)]
#[must_use]
pub struct ResilientBuilder {
    inner: Arc<dyn AgencyAdapter>,
    policy: RetryPolicy,
    keys: KeyPolicy,
    seed: Option<u64>,
}

impl ResilientBuilder {
    /// Sets the retry policy (default [`RetryPolicy::default`]).
    pub fn policy(mut self, policy: RetryPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// Sets which idempotency key messages are sent with (default [`KeyPolicy::DossierAndContent`]).
    pub fn keys(mut self, keys: KeyPolicy) -> Self {
        self.keys = keys;
        self
    }

    /// Seeds the jitter, for reproducible waits (default: seeded from the clock).
    pub fn jitter_seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }

    /// Builds the layer.
    pub fn build(self) -> Resilient {
        let seed = self.seed.unwrap_or_else(|| {
            let now = jiff::Timestamp::now();
            (now.as_nanosecond() as u64) ^ (Arc::as_ptr(&self.inner).cast::<u8>() as u64)
        });
        Resilient {
            inner: self.inner,
            policy: self.policy,
            keys: self.keys,
            jitter: Jitter::seeded(seed),
        }
    }
}

impl Resilient {
    /// A builder wrapping `adapter`.
    pub fn builder(adapter: impl AgencyAdapter + 'static) -> ResilientBuilder {
        Self::builder_for(Arc::new(adapter))
    }

    /// A builder wrapping an adapter already shared (e.g. taken from a registry).
    pub fn builder_for(adapter: Arc<dyn AgencyAdapter>) -> ResilientBuilder {
        ResilientBuilder {
            inner: adapter,
            policy: RetryPolicy::default(),
            keys: KeyPolicy::default(),
            seed: None,
        }
    }

    /// `adapter` with the default policy and keys.
    pub fn new(adapter: impl AgencyAdapter + 'static) -> Self {
        Self::builder(adapter).build()
    }

    /// The retry policy.
    pub fn policy(&self) -> &RetryPolicy {
        &self.policy
    }

    /// The wrapped adapter.
    pub fn inner(&self) -> &Arc<dyn AgencyAdapter> {
        &self.inner
    }

    /// Runs `call` under the policy: attempt, classify, wait, attempt again.
    async fn run<'a, T, F>(
        &'a self,
        dossier: Option<DossierCode>,
        call: impl Fn() -> F,
    ) -> Result<T, AdapterError>
    where
        F: Future<Output = Result<T, AdapterError>> + Send + 'a,
    {
        let started = Instant::now();
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let remaining = self.policy.deadline.saturating_sub(started.elapsed());
            let allowed = self.policy.attempt_timeout.min(remaining);
            let ctx = AttemptContext::new(attempt, dossier.clone());
            let outcome =
                tokio::time::timeout(allowed, context::scope(Arc::clone(&ctx), call())).await;
            let error = match outcome {
                Ok(Ok(value)) => {
                    if attempt > 1 {
                        tracing::info!(attempt, "succeeded after retrying");
                    }
                    return Ok(value);
                }
                Ok(Err(error)) => error,
                Err(_) => AdapterError::new(
                    hoso_core::adapter::AdapterErrorKind::Timeout,
                    self.inner.agency().clone(),
                    format!(
                        "attempt {attempt} got no answer within {} ms",
                        allowed.as_millis()
                    ),
                ),
            };
            if !error.is_retryable() {
                tracing::warn!(attempt, kind = %error.kind(), "not retryable: {}", error.message());
                return Err(if attempt == 1 {
                    error
                } else {
                    relabel(error, format!("on attempt {attempt}"))
                });
            }
            if attempt >= self.policy.max_attempts {
                return Err(self.give_up(error, attempt, started, "no attempt left"));
            }
            let wait =
                self.policy
                    .wait_before_next(attempt, ctx.retry_after(), self.jitter.next_unit());
            if started.elapsed() + wait >= self.policy.deadline {
                return Err(self.give_up(
                    error,
                    attempt,
                    started,
                    "the next attempt would start after the deadline",
                ));
            }
            tracing::warn!(
                attempt,
                kind = %error.kind(),
                wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                "retryable failure: {}",
                error.message()
            );
            tokio::time::sleep(wait).await;
        }
    }

    fn give_up(
        &self,
        error: AdapterError,
        attempts: u32,
        started: Instant,
        why: &str,
    ) -> AdapterError {
        let elapsed = started.elapsed();
        tracing::error!(attempts, kind = %error.kind(), "giving up: {why}");
        relabel(
            error,
            format!(
                "gave up after {attempts} attempt{} in {} ms ({why})",
                if attempts == 1 { "" } else { "s" },
                elapsed.as_millis()
            ),
        )
    }
}

/// The same error, its message prefixed with `context`; kind, agency code, location and retryability kept,
/// the original as its source.
fn relabel(error: AdapterError, context: String) -> AdapterError {
    let mut out = AdapterError::new(
        error.kind(),
        error.agency().clone(),
        format!("{context}: {}", error.message()),
    )
    .with_retryable(error.is_retryable());
    if let Some(code) = error.agency_code() {
        out = out.with_agency_code(code);
    }
    if let Some(location) = error.location() {
        out = out.with_location(location.clone());
    }
    out.with_source(error)
}

#[async_trait::async_trait]
impl AgencyAdapter for Resilient {
    fn agency(&self) -> &AgencyCode {
        self.inner.agency()
    }

    fn capabilities(&self) -> Capabilities {
        self.inner.capabilities()
    }

    /// Sends `message` under the key of the layer's [`KeyPolicy`], unchanged: every attempt carries the same
    /// message and the same key.
    async fn send(&self, message: &OutboundMessage) -> Result<SubmissionReceipt, AdapterError> {
        let key = match self.keys {
            KeyPolicy::DossierAndContent => Cow::Owned(idempotency_key(message)?),
            _ => Cow::Borrowed(message.message_id()),
        };
        self.send_with_key(message, &key).await
    }

    async fn send_with_key(
        &self,
        message: &OutboundMessage,
        idempotency_key: &str,
    ) -> Result<SubmissionReceipt, AdapterError> {
        let span = tracing::info_span!(
            "agency_send",
            agency = %self.inner.agency(),
            dossier = %message.dossier(),
            kind = ?message.kind(),
            idempotency_key,
        );
        self.run(Some(message.dossier().clone()), || {
            self.inner.send_with_key(message, idempotency_key)
        })
        .instrument(span)
        .await
    }

    async fn poll(&self, reference: &AgencyRef) -> Result<Vec<AgencyMessage>, AdapterError> {
        let span = tracing::info_span!(
            "agency_poll",
            agency = %self.inner.agency(),
            reference = %reference,
        );
        self.run(None, || self.inner.poll(reference))
            .instrument(span)
            .await
    }
}

#[cfg(test)]
mod tests;
