//! Keys accepted once until they expire: what a replay guard needs (a signed webhook's delivery id and
//! signature), kept by the store so that every process over it, and the next one after a restart, refuses
//! what one of them accepted.

use jiff::Timestamp;

use super::expiring::Expiring;
use super::{StoreError, StoreErrorKind};

/// The longest key [`EventStore::remember_once`](super::EventStore::remember_once) takes, in bytes.
pub const MAX_ONCE_KEY_BYTES: usize = 256;

/// Checks a key for [`EventStore::remember_once`](super::EventStore::remember_once): 1 to
/// [`MAX_ONCE_KEY_BYTES`] bytes, without control characters. Every engine calls it first, so that they all
/// refuse the same keys. The error does not echo the key (it may come from a request).
///
/// ```
/// use hoso_core::store::check_once_key;
/// assert!(check_once_key("police:dlv-0001").is_ok());
/// assert!(check_once_key("").is_err());
/// assert!(check_once_key(&"x".repeat(257)).is_err());
/// ```
pub fn check_once_key(key: &str) -> Result<(), StoreError> {
    check_key(key, "a once-only key")
}

/// Checks a key a store keeps beside the dossiers (a once-only key, a window count's): 1 to
/// [`MAX_ONCE_KEY_BYTES`] bytes, without control characters, `what` naming it in the error.
pub(super) fn check_key(key: &str, what: &str) -> Result<(), StoreError> {
    let reason = if key.is_empty() {
        "is empty".to_owned()
    } else if key.len() > MAX_ONCE_KEY_BYTES {
        format!("is longer than {MAX_ONCE_KEY_BYTES} bytes")
    } else if key.chars().any(char::is_control) {
        "holds a control character".to_owned()
    } else {
        return Ok(());
    };
    Err(StoreError::new(
        StoreErrorKind::Invalid,
        format!("{what} {reason}"),
    ))
}

/// Once-only keys in memory, at most `capacity` unexpired ones: the [`MemoryStore`](super::MemoryStore)'s,
/// and the in-memory replay store of a webhook verifier that runs without a store.
///
/// Every expired key is purged by the next call, earliest first (O(log n) each). When it holds `capacity`
/// unexpired keys it refuses a new one ([`OnceKeys::remember`] is `Err`) rather than forget one early, which
/// would reopen a replay window.
///
/// ```
/// use hoso_core::store::OnceKeys;
/// use jiff::{SignedDuration, Timestamp};
/// let mut keys = OnceKeys::new(10);
/// let now = Timestamp::from_second(1_768_532_400).unwrap();
/// let until = now + SignedDuration::from_mins(5);
/// assert_eq!(keys.remember("dlv-0001", until, now), Ok(true));
/// assert_eq!(keys.remember("dlv-0001", until, now), Ok(false));
/// // Once expired, the key is accepted again.
/// assert_eq!(keys.remember("dlv-0001", until + SignedDuration::from_mins(5), until), Ok(true));
/// ```
#[derive(Debug)]
pub struct OnceKeys {
    capacity: usize,
    keys: Expiring<()>,
}

/// [`OnceKeys`] is full of unexpired keys: the new one was not recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{capacity} unexpired keys held, the capacity")]
pub struct OnceKeysFull {
    /// The capacity.
    pub capacity: usize,
}

impl OnceKeys {
    /// At most `capacity` unexpired keys.
    pub fn new(capacity: usize) -> Self {
        OnceKeys {
            capacity,
            keys: Expiring::default(),
        }
    }

    /// How many keys it holds (expired ones included until the next call purges them).
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether it holds no key.
    pub fn is_empty(&self) -> bool {
        self.keys.len() == 0
    }

    /// Records `key` until `until` (a key is expired from its `until` on); `Ok(false)` when it is already
    /// recorded and not expired at `now`.
    pub fn remember(
        &mut self,
        key: &str,
        until: Timestamp,
        now: Timestamp,
    ) -> Result<bool, OnceKeysFull> {
        self.keys.purge(now);
        if self.keys.get(key).is_some() {
            return Ok(false);
        }
        if until <= now {
            // Already expired: nothing to remember, and nothing refuses it later.
            return Ok(true);
        }
        if self.keys.len() >= self.capacity {
            return Err(OnceKeysFull {
                capacity: self.capacity,
            });
        }
        self.keys.insert(key, (), until);
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::SignedDuration;

    fn at(s: i64) -> Timestamp {
        Timestamp::from_second(1_768_532_400 + s).unwrap()
    }

    #[test]
    fn a_key_is_refused_until_it_expires_and_accepted_after() {
        let mut keys = OnceKeys::new(4);
        assert_eq!(keys.remember("a", at(10), at(0)), Ok(true));
        assert_eq!(keys.remember("a", at(20), at(9)), Ok(false));
        assert_eq!(keys.remember("a", at(20), at(10)), Ok(true));
        assert_eq!(keys.len(), 1);
    }

    #[test]
    fn a_full_set_refuses_new_keys_and_frees_room_as_keys_expire() {
        let mut keys = OnceKeys::new(2);
        assert_eq!(keys.remember("a", at(10), at(0)), Ok(true));
        assert_eq!(keys.remember("b", at(20), at(0)), Ok(true));
        assert_eq!(
            keys.remember("c", at(20), at(1)),
            Err(OnceKeysFull { capacity: 2 })
        );
        // Refused, not forgotten: the held keys still count.
        assert_eq!(keys.remember("a", at(30), at(5)), Ok(false));
        assert_eq!(keys.remember("c", at(30), at(10)), Ok(true));
        assert_eq!(keys.len(), 2);
    }

    #[test]
    fn an_already_expired_key_is_accepted_and_not_kept() {
        let mut keys = OnceKeys::new(1);
        assert_eq!(keys.remember("a", at(0), at(0)), Ok(true));
        assert!(keys.is_empty());
        assert_eq!(
            keys.remember("b", at(0) + SignedDuration::from_secs(1), at(0)),
            Ok(true)
        );
    }

    #[test]
    fn keys_are_checked_without_echoing_them() {
        assert_eq!(
            check_once_key("").unwrap_err().kind(),
            StoreErrorKind::Invalid
        );
        for bad in ["dlv\n0001", &"k".repeat(MAX_ONCE_KEY_BYTES + 1)] {
            let e = check_once_key(bad).unwrap_err();
            assert_eq!(e.kind(), StoreErrorKind::Invalid);
            assert!(!e.message().contains(bad), "{e}");
        }
        assert!(check_once_key(&"k".repeat(MAX_ONCE_KEY_BYTES)).is_ok());
    }
}
