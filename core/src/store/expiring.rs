//! Entries kept until an instant, purged earliest first: what the in-memory once-only keys and window
//! counts hold.

use std::collections::{BTreeSet, HashMap};

use jiff::Timestamp;

/// Values by key, each until its instant (expired from it on), with the same entries ordered by expiry so
/// that a purge costs O(log n) per expired entry.
#[derive(Debug)]
pub(super) struct Expiring<V> {
    values: HashMap<String, (V, Timestamp)>,
    order: BTreeSet<(Timestamp, String)>,
}

impl<V> Default for Expiring<V> {
    fn default() -> Self {
        Expiring {
            values: HashMap::new(),
            order: BTreeSet::new(),
        }
    }
}

impl<V> Expiring<V> {
    /// Drops every entry expired at `now`.
    pub(super) fn purge(&mut self, now: Timestamp) {
        while self.order.first().is_some_and(|(at, _)| *at <= now) {
            if let Some((_, key)) = self.order.pop_first() {
                self.values.remove(&key);
            }
        }
    }

    /// The live entry of `key` (after a [`purge`](Self::purge) at the same instant).
    pub(super) fn get(&self, key: &str) -> Option<&(V, Timestamp)> {
        self.values.get(key)
    }

    /// The live entry's value, to change it in place (its instant stays).
    pub(super) fn value_mut(&mut self, key: &str) -> Option<&mut V> {
        self.values.get_mut(key).map(|(v, _)| v)
    }

    /// Sets `key` to `value` until `until`, replacing any entry of it.
    pub(super) fn insert(&mut self, key: &str, value: V, until: Timestamp) {
        if let Some((_, was)) = self.values.insert(key.to_owned(), (value, until)) {
            self.order.remove(&(was, key.to_owned()));
        }
        self.order.insert((until, key.to_owned()));
    }

    /// How many entries it holds (expired ones included until the next purge).
    pub(super) fn len(&self) -> usize {
        self.values.len()
    }
}
