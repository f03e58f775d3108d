//! Counts within a window: what a throttle needs (failed lookups per client and per dossier code), kept by
//! the store so that every process over it counts the same failures, and a restart forgets none.

use jiff::Timestamp;

use super::StoreError;
use super::expiring::Expiring;
use super::once::check_key;

/// One count to raise by [`EventStore::count_within`](super::EventStore::count_within): its key and how
/// many its window may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CountLimit<'a> {
    /// What is counted (`lookup:client:203.0.113.7`, say): 1 to
    /// [`MAX_ONCE_KEY_BYTES`](super::MAX_ONCE_KEY_BYTES) bytes without control characters.
    pub key: &'a str,
    /// The most the window may count: a count at it refuses another.
    pub limit: u32,
}

impl<'a> CountLimit<'a> {
    /// `key`, counted up to `limit` within a window.
    pub fn new(key: &'a str, limit: u32) -> Self {
        CountLimit { key, limit }
    }
}

/// What [`EventStore::count_within`](super::EventStore::count_within) did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    /// Every count was below its limit, and each was raised by one.
    Admitted,
    /// A count was at its limit: none was raised. `until` is when the last window at its limit ends.
    Over {
        /// When the counts that refused end (their windows' ends; the latest of them).
        until: Timestamp,
    },
}

/// Checks the keys of a [`count_within`](super::EventStore::count_within) call and puts them in the order
/// every engine takes them (by key, so that two racing calls lock rows in one order), one entry per key (a
/// key named twice keeps its lower limit). Every engine calls it first, so that they all refuse the same
/// keys; an error does not echo the key.
///
/// ```
/// use hoso_core::store::{CountLimit, window_count_keys};
/// let keys = window_count_keys(&[CountLimit::new("b", 5), CountLimit::new("a", 10), CountLimit::new("b", 3)])?;
/// assert_eq!(keys, [CountLimit::new("a", 10), CountLimit::new("b", 3)]);
/// assert!(window_count_keys(&[CountLimit::new("", 1)]).is_err());
/// # Ok::<(), hoso_core::store::StoreError>(())
/// ```
pub fn window_count_keys<'a>(counts: &[CountLimit<'a>]) -> Result<Vec<CountLimit<'a>>, StoreError> {
    let mut keys = Vec::with_capacity(counts.len());
    for c in counts {
        check_key(c.key, "a window count's key")?;
        keys.push(*c);
    }
    keys.sort_by(|a, b| a.key.cmp(b.key).then(a.limit.cmp(&b.limit)));
    keys.dedup_by(|later, first| later.key == first.key);
    Ok(keys)
}

/// Checks the keys of an [`uncount`](super::EventStore::uncount) call and puts them in the order every
/// engine takes them, each once (a key named twice is given back one, as a key is counted once per call).
///
/// ```
/// use hoso_core::store::uncount_keys;
/// assert_eq!(uncount_keys(&["b", "a", "b"])?, ["a", "b"]);
/// assert!(uncount_keys(&["a\nb"]).is_err());
/// # Ok::<(), hoso_core::store::StoreError>(())
/// ```
pub fn uncount_keys<'a>(keys: &[&'a str]) -> Result<Vec<&'a str>, StoreError> {
    for key in keys {
        check_key(key, "a window count's key")?;
    }
    let mut keys = keys.to_vec();
    keys.sort_unstable();
    keys.dedup();
    Ok(keys)
}

/// Counts within windows, in memory: the [`MemoryStore`](super::MemoryStore)'s. A key's window starts
/// when it is first counted (or first counted after its window ended) and lasts until the `until` of that
/// call; expired windows are purged by the next call, earliest first.
///
/// ```
/// use hoso_core::store::{CountLimit, Counted, WindowCounts};
/// use jiff::{SignedDuration, Timestamp};
/// let mut counts = WindowCounts::default();
/// let now = Timestamp::from_second(1_768_532_400).unwrap();
/// let until = now + SignedDuration::from_mins(15);
/// let me = [CountLimit::new("client:203.0.113.7", 2)];
/// assert_eq!(counts.count(&me, until, now)?, Counted::Admitted);
/// assert_eq!(counts.count(&me, until, now)?, Counted::Admitted);
/// assert_eq!(counts.count(&me, until, now)?, Counted::Over { until });
/// // One given back: there is room for one more.
/// counts.uncount(&["client:203.0.113.7"], now)?;
/// assert_eq!(counts.count(&me, until, now)?, Counted::Admitted);
/// # Ok::<(), hoso_core::store::StoreError>(())
/// ```
#[derive(Debug, Default)]
pub struct WindowCounts {
    counts: Expiring<u32>,
}

impl WindowCounts {
    /// Raises each of `counts` by one, all or none, as
    /// [`EventStore::count_within`](super::EventStore::count_within) says.
    pub fn count(
        &mut self,
        counts: &[CountLimit<'_>],
        until: Timestamp,
        now: Timestamp,
    ) -> Result<Counted, StoreError> {
        let keys = window_count_keys(counts)?;
        self.counts.purge(now);
        let mut over: Option<Timestamp> = None;
        for c in &keys {
            let (count, ends) = self.counts.get(c.key).copied().unwrap_or((0, until));
            if count >= c.limit {
                over = Some(over.map_or(ends, |o| o.max(ends)));
            }
        }
        if let Some(until) = over {
            return Ok(Counted::Over { until });
        }
        for c in &keys {
            match self.counts.value_mut(c.key) {
                Some(count) => *count = count.saturating_add(1),
                // A window that would have ended already counts nothing that could refuse a later call.
                None if until <= now => {}
                None => self.counts.insert(c.key, 1, until),
            }
        }
        Ok(Counted::Admitted)
    }

    /// Takes one back from each of `keys`' live windows (a key without one, or at zero, is left alone), as
    /// [`EventStore::uncount`](super::EventStore::uncount) says.
    pub fn uncount(&mut self, keys: &[&str], now: Timestamp) -> Result<(), StoreError> {
        let keys = uncount_keys(keys)?;
        self.counts.purge(now);
        for key in keys {
            if let Some(count) = self.counts.value_mut(key) {
                *count = count.saturating_sub(1);
            }
        }
        Ok(())
    }

    /// How many windows it holds (ended ones included until the next call purges them).
    pub fn len(&self) -> usize {
        self.counts.len()
    }

    /// Whether it holds no window.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::StoreErrorKind;

    /// `assert_eq!` of a count's result against `Ok(counted)` (a `StoreError` has no `PartialEq`).
    macro_rules! assert_counted {
        ($got:expr, Ok($want:expr)) => {
            assert_eq!($got.ok(), Some($want))
        };
    }

    fn at(s: i64) -> Timestamp {
        Timestamp::from_second(1_768_532_400 + s).unwrap()
    }

    #[test]
    fn a_window_counts_up_to_its_limit_and_starts_again_when_it_ends() {
        let mut w = WindowCounts::default();
        let c = [CountLimit::new("k", 2)];
        assert_counted!(w.count(&c, at(60), at(0)), Ok(Counted::Admitted));
        // The window is the first call's: a later `until` does not stretch it.
        assert_counted!(w.count(&c, at(90), at(30)), Ok(Counted::Admitted));
        assert_counted!(
            w.count(&c, at(100), at(40)),
            Ok(Counted::Over { until: at(60) })
        );
        assert_counted!(w.count(&c, at(120), at(60)), Ok(Counted::Admitted));
        assert_eq!(w.len(), 1);
    }

    #[test]
    fn counts_are_raised_all_or_none_and_the_latest_end_is_given() {
        let mut w = WindowCounts::default();
        assert_counted!(
            w.count(&[CountLimit::new("code", 1)], at(50), at(0)),
            Ok(Counted::Admitted)
        );
        assert_counted!(
            w.count(&[CountLimit::new("client", 1)], at(80), at(10)),
            Ok(Counted::Admitted)
        );
        let both = [CountLimit::new("client", 1), CountLimit::new("code", 1)];
        assert_counted!(
            w.count(&both, at(99), at(20)),
            Ok(Counted::Over { until: at(80) })
        );
        // A refusal over one key raised none: another client still has its allowance.
        let other = [CountLimit::new("client-2", 1), CountLimit::new("code", 2)];
        assert_counted!(w.count(&other, at(99), at(20)), Ok(Counted::Admitted));
        assert_counted!(
            w.count(&[CountLimit::new("client-2", 1)], at(99), at(20)),
            Ok(Counted::Over { until: at(99) })
        );
    }

    #[test]
    fn uncounting_gives_back_one_and_never_goes_below_zero() {
        let mut w = WindowCounts::default();
        let c = [CountLimit::new("k", 1)];
        assert_counted!(w.count(&c, at(60), at(0)), Ok(Counted::Admitted));
        w.uncount(&["k", "never-counted"], at(1)).unwrap();
        w.uncount(&["k"], at(1)).unwrap();
        assert_counted!(w.count(&c, at(60), at(2)), Ok(Counted::Admitted));
        assert_counted!(
            w.count(&c, at(60), at(3)),
            Ok(Counted::Over { until: at(60) })
        );
        // A key named twice in one call is given back one, as it is counted once per call.
        let two = [CountLimit::new("j", 2)];
        assert_counted!(w.count(&two, at(60), at(4)), Ok(Counted::Admitted));
        assert_counted!(w.count(&two, at(60), at(4)), Ok(Counted::Admitted));
        w.uncount(&["j", "j"], at(5)).unwrap();
        assert_counted!(w.count(&two, at(60), at(6)), Ok(Counted::Admitted));
        assert_counted!(
            w.count(&two, at(60), at(6)),
            Ok(Counted::Over { until: at(60) })
        );
    }

    #[test]
    fn a_zero_limit_refuses_and_a_window_already_ended_counts_nothing() {
        let mut w = WindowCounts::default();
        assert_counted!(
            w.count(&[CountLimit::new("k", 0)], at(60), at(0)),
            Ok(Counted::Over { until: at(60) })
        );
        assert_counted!(
            w.count(&[CountLimit::new("k", 1)], at(0), at(0)),
            Ok(Counted::Admitted)
        );
        assert!(w.is_empty());
    }

    #[test]
    fn bad_keys_are_refused_without_echoing_them() {
        let mut w = WindowCounts::default();
        for bad in ["", "line\nbreak"] {
            let e = w
                .count(
                    &[CountLimit::new("fine", 1), CountLimit::new(bad, 1)],
                    at(60),
                    at(0),
                )
                .unwrap_err();
            assert_eq!(e.kind(), StoreErrorKind::Invalid);
            assert!(e.message().contains("window count"), "{e}");
            if !bad.is_empty() {
                assert!(!e.message().contains(bad), "{e}");
            }
        }
        // Nothing was counted by the refused calls.
        assert!(w.is_empty());
        assert!(w.uncount(&[""], at(0)).is_err());
    }
}
