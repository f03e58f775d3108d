//! What the retry layer tells the transport about the attempt in progress, and what the transport tells it
//! back, without changing the adapter in between.
//!
//! The layer ([`Resilient`](crate::Resilient)) runs each attempt inside a tokio task-local scope holding an
//! [`AttemptContext`]; the transport ([`HttpTransport`](crate::HttpTransport)) reads the attempt number and
//! the dossier from it (for its spans and audit records) and writes back the agency's `Retry-After`, which the
//! adapter's [`AdapterError`](hoso_core::adapter::AdapterError) has no room for. Outside a scope (a transport
//! used without the layer) the transport counts the attempt as the first and keeps the hint to itself.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use hoso_core::DossierCode;

tokio::task_local! {
    static ATTEMPT: Arc<AttemptContext>;
}

/// The attempt in progress, shared between the retry layer and the transport.
#[derive(Debug, Default)]
pub(crate) struct AttemptContext {
    /// 1 for the first attempt.
    pub(crate) attempt: u32,
    /// The dossier the call is about, when the layer knows it (a poll request does not carry it).
    pub(crate) dossier: Option<DossierCode>,
    /// The longest `Retry-After` the agency asked for during this attempt.
    retry_after: Mutex<Option<Duration>>,
}

impl AttemptContext {
    pub(crate) fn new(attempt: u32, dossier: Option<DossierCode>) -> Arc<Self> {
        Arc::new(Self {
            attempt,
            dossier,
            retry_after: Mutex::new(None),
        })
    }

    /// The `Retry-After` the agency asked for during this attempt, if any.
    pub(crate) fn retry_after(&self) -> Option<Duration> {
        *self
            .retry_after
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn note_retry_after(&self, wait: Duration) {
        let mut slot = self
            .retry_after
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        *slot = Some(slot.map_or(wait, |w| w.max(wait)));
    }
}

/// Runs `future` as attempt `context`.
pub(crate) async fn scope<F: Future>(context: Arc<AttemptContext>, future: F) -> F::Output {
    ATTEMPT.scope(context, future).await
}

/// The attempt number (1 outside a scope) and the dossier the layer is working on.
pub(crate) fn current() -> (u32, Option<DossierCode>) {
    ATTEMPT
        .try_with(|c| (c.attempt, c.dossier.clone()))
        .unwrap_or((1, None))
}

/// Tells the layer that the agency asked to wait `wait` before the next attempt.
pub(crate) fn note_retry_after(wait: Duration) {
    // Outside a scope nobody retries: the hint is only in the response and the audit record.
    let _ = ATTEMPT.try_with(|c| c.note_retry_after(wait));
}
