//! Remembering accepted delivery ids (and signatures) until they expire, so that a replay is refused.

use std::fmt;
use std::sync::Mutex;

use hoso_core::store::OnceKeys;
use jiff::Timestamp;

/// Remembers the delivery ids already accepted, until they expire.
///
/// An embedding system that runs several receivers, or must survive restarts, implements it over its
/// database (an insert into a table with a unique key on the id and a purge of expired rows).
pub trait ReplayStore: Send + Sync + fmt::Debug {
    /// Records `delivery_id` until `expires_at`; `Ok(false)` when it is already recorded and not expired.
    /// The verifier also records each accepted signature under a key `v1:<hex>` or `v2:<hex>`, which no delivery id
    /// can be.
    /// Must be atomic: of two concurrent calls with the same id, only one gets `Ok(true)`.
    fn remember(
        &self,
        delivery_id: &str,
        expires_at: Timestamp,
        now: Timestamp,
    ) -> Result<bool, String>;
}

/// An in-memory [`ReplayStore`] holding at most `capacity` unexpired ids: the core's
/// [`OnceKeys`] behind a lock.
///
/// When it is full of unexpired ids it refuses new deliveries (the police retry later) rather than forget
/// one early, which would reopen a replay window. A receiver over a `hoso` store uses the store's once-only
/// keys instead (`EventStore::remember_once`, through [`Verifier::authenticate`](super::Verifier::authenticate)),
/// which every process over the store shares.
#[derive(Debug)]
pub struct MemoryReplayStore {
    inner: Mutex<OnceKeys>,
}

impl MemoryReplayStore {
    /// A store of at most `capacity` ids.
    pub fn new(capacity: usize) -> Self {
        MemoryReplayStore {
            inner: Mutex::new(OnceKeys::new(capacity)),
        }
    }

    /// How many ids it holds now (expired ones included until the next call purges them).
    pub fn len(&self) -> usize {
        self.inner.lock().map_or(0, |inner| inner.len())
    }

    /// Whether it holds no id.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Default for MemoryReplayStore {
    /// A store of 100,000 ids.
    fn default() -> Self {
        MemoryReplayStore::new(100_000)
    }
}

impl ReplayStore for MemoryReplayStore {
    fn remember(
        &self,
        delivery_id: &str,
        expires_at: Timestamp,
        now: Timestamp,
    ) -> Result<bool, String> {
        self.inner
            .lock()
            .map_err(|_| "replay store lock poisoned".to_owned())?
            .remember(delivery_id, expires_at, now)
            .map_err(|full| format!("{} unexpired deliveries held, the capacity", full.capacity))
    }
}
