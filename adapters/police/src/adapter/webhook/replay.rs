//! Remembering accepted delivery ids (and signatures) until they expire, so that a replay is refused.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::sync::Mutex;

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

/// An in-memory [`ReplayStore`] holding at most `capacity` unexpired ids.
///
/// When it is full of unexpired ids it refuses new deliveries (the police retry later) rather than forget
/// one early, which would reopen a replay window.
#[derive(Debug)]
pub struct MemoryReplayStore {
    capacity: usize,
    inner: Mutex<MemoryInner>,
}

#[derive(Debug, Default)]
struct MemoryInner {
    expiry: HashMap<String, Timestamp>,
    /// The same entries ordered by expiry: purging one is O(log n), and every expired one is purged.
    order: BTreeSet<(Timestamp, String)>,
}

impl MemoryReplayStore {
    /// A store of at most `capacity` ids.
    pub fn new(capacity: usize) -> Self {
        MemoryReplayStore {
            capacity,
            inner: Mutex::new(MemoryInner::default()),
        }
    }

    /// How many ids it holds now (expired ones included until the next call purges them).
    pub fn len(&self) -> usize {
        self.inner.lock().map_or(0, |inner| inner.expiry.len())
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
        let mut inner = self
            .inner
            .lock()
            .map_err(|_| "replay store lock poisoned".to_owned())?;
        let MemoryInner { expiry, order } = &mut *inner;
        // Purge every expired entry, earliest first: O(log n) each.
        while order.first().is_some_and(|(at, _)| *at <= now) {
            if let Some((_, id)) = order.pop_first() {
                expiry.remove(&id);
            }
        }
        if expiry.contains_key(delivery_id) {
            return Ok(false);
        }
        if expiry.len() >= self.capacity {
            return Err(format!(
                "{} unexpired deliveries held, the capacity",
                self.capacity
            ));
        }
        expiry.insert(delivery_id.to_owned(), expires_at);
        order.insert((expires_at, delivery_id.to_owned()));
        Ok(true)
    }
}
