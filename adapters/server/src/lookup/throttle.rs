//! Counting failed lookups per client and per dossier code, over a window that starts at a key's first
//! failure. Only failures count, and a failure is the same whether the code exists or not, so the throttle
//! itself gives no signal about which codes exist.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

use jiff::{SignedDuration, Timestamp};

use crate::clock::Clock;
use crate::config::LookupPolicy;

/// Who is looking up: the client's address, IPv6 reduced to its /64 (one subscriber's usual allocation, so
/// that walking through one's own addresses does not reset the count).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct ClientKey(IpAddr);

impl ClientKey {
    pub(crate) fn of(ip: IpAddr) -> Self {
        match ip {
            IpAddr::V4(_) => ClientKey(ip),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => ClientKey(IpAddr::V4(v4)),
                None => {
                    let s = v6.segments();
                    ClientKey(IpAddr::V6(std::net::Ipv6Addr::new(
                        s[0], s[1], s[2], s[3], 0, 0, 0, 0,
                    )))
                }
            },
        }
    }
}

/// Why a lookup is not tried: too many failures, and when to come back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Throttled {
    /// Seconds until the window that throttles ends (at least 1).
    pub(crate) retry_after_secs: u64,
}

#[derive(Debug, Clone, Copy)]
struct Window {
    started: Timestamp,
    failures: u32,
}

#[derive(Debug)]
struct Counter<K> {
    max: u32,
    windows: HashMap<K, Window>,
}

impl<K: std::hash::Hash + Eq + Clone> Counter<K> {
    fn new(max: u32) -> Self {
        Counter {
            max,
            windows: HashMap::new(),
        }
    }

    /// The live window of `key` at `now`, dropping an ended one.
    fn live(&mut self, key: &K, now: Timestamp, window: SignedDuration) -> Option<Window> {
        let w = *self.windows.get(key)?;
        if now.duration_since(w.started) >= window {
            self.windows.remove(key);
            return None;
        }
        Some(w)
    }

    fn check(&mut self, key: &K, now: Timestamp, policy: &LookupPolicy) -> Result<(), Throttled> {
        match self.live(key, now, policy.window) {
            Some(w) if w.failures >= self.max => Err(throttled(w, now, policy.window)),
            Some(_) => Ok(()),
            None if self.windows.len() >= policy.max_tracked => {
                self.windows
                    .retain(|_, w| now.duration_since(w.started) < policy.window);
                if self.windows.len() >= policy.max_tracked {
                    tracing::warn!(
                        tracked = self.windows.len(),
                        "lookup throttle table full of live windows: new clients are throttled"
                    );
                    return Err(Throttled {
                        retry_after_secs: secs(policy.window),
                    });
                }
                Ok(())
            }
            None => Ok(()),
        }
    }

    fn fail(&mut self, key: &K, now: Timestamp, policy: &LookupPolicy) {
        match self.live(key, now, policy.window) {
            Some(w) => {
                self.windows.insert(
                    key.clone(),
                    Window {
                        failures: w.failures.saturating_add(1),
                        ..w
                    },
                );
            }
            None => {
                if self.windows.len() < policy.max_tracked {
                    self.windows.insert(
                        key.clone(),
                        Window {
                            started: now,
                            failures: 1,
                        },
                    );
                }
            }
        }
    }
}

impl<K: std::hash::Hash + Eq + Clone> Counter<K> {
    fn refund(&mut self, key: &K, now: Timestamp, policy: &LookupPolicy) {
        if let Some(w) = self.live(key, now, policy.window) {
            self.windows.insert(
                key.clone(),
                Window {
                    failures: w.failures.saturating_sub(1),
                    ..w
                },
            );
        }
    }
}

fn secs(d: SignedDuration) -> u64 {
    u64::try_from(d.as_secs()).unwrap_or(0).max(1)
}

fn throttled(w: Window, now: Timestamp, window: SignedDuration) -> Throttled {
    let left = window - now.duration_since(w.started);
    Throttled {
        retry_after_secs: secs(left),
    }
}

/// The lookup's throttle, shared by every request.
#[derive(Debug, Clone)]
pub(crate) struct Throttle {
    clock: Arc<dyn Clock>,
    policy: LookupPolicy,
    state: Arc<Mutex<(Counter<ClientKey>, Counter<String>)>>,
}

impl Throttle {
    pub(crate) fn new(clock: Arc<dyn Clock>, policy: LookupPolicy) -> Self {
        Throttle {
            clock,
            state: Arc::new(Mutex::new((
                Counter::new(policy.max_failures_per_client),
                Counter::new(policy.max_failures_per_code),
            ))),
            policy,
        }
    }

    /// Admits a lookup of `code` by `client`, counting it as a failure at once (under one lock), so that
    /// lookups sent together cannot all pass before the first of them has failed;
    /// [`refund`](Self::refund) gives it back when it did not fail.
    pub(crate) fn admit(&self, client: ClientKey, code: &str) -> Result<(), Throttled> {
        let now = self.clock.now();
        let code = code.to_owned();
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let (clients, codes) = &mut *state;
        clients.check(&client, now, &self.policy)?;
        codes.check(&code, now, &self.policy)?;
        clients.fail(&client, now, &self.policy);
        codes.fail(&code, now, &self.policy);
        Ok(())
    }

    /// Gives back an admitted lookup that matched (or that the store could not answer).
    pub(crate) fn refund(&self, client: ClientKey, code: &str) {
        let now = self.clock.now();
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let (clients, codes) = &mut *state;
        clients.refund(&client, now, &self.policy);
        codes.refund(&code.to_owned(), now, &self.policy);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;

    fn setup(per_client: u32, per_code: u32) -> (Arc<ManualClock>, Throttle) {
        let clock = Arc::new(ManualClock::new("2026-03-02T02:00:00Z".parse().unwrap()));
        let policy = LookupPolicy::default().with_max_failures(per_client, per_code);
        (clock.clone(), Throttle::new(clock, policy))
    }

    fn ip(s: &str) -> ClientKey {
        ClientKey::of(s.parse().unwrap())
    }

    #[test]
    fn a_client_is_throttled_after_its_allowed_failures_until_the_window_ends() {
        let (clock, t) = setup(3, 100);
        let me = ip("203.0.113.7");
        for n in 0..3 {
            assert_eq!(t.admit(me, &format!("code-{n}")), Ok(()));
        }
        let refused = t.admit(me, "code-9").unwrap_err();
        assert_eq!(refused.retry_after_secs, 15 * 60);
        // Another client is not affected.
        assert_eq!(t.admit(ip("203.0.113.8"), "code-9"), Ok(()));
        clock.advance(SignedDuration::from_mins(10));
        assert_eq!(t.admit(me, "code-9").unwrap_err().retry_after_secs, 5 * 60);
        clock.advance(SignedDuration::from_mins(5));
        assert_eq!(t.admit(me, "code-9"), Ok(()));
    }

    #[test]
    fn a_code_is_throttled_after_its_allowed_failures_from_any_clients() {
        let (_, t) = setup(100, 2);
        let code = "000.00.01.H22-260115-0042";
        assert_eq!(t.admit(ip("198.51.100.1"), code), Ok(()));
        assert_eq!(t.admit(ip("198.51.100.2"), code), Ok(()));
        assert!(t.admit(ip("198.51.100.3"), code).is_err());
        assert_eq!(
            t.admit(ip("198.51.100.3"), "000.00.01.H22-260115-0043"),
            Ok(())
        );
    }

    #[test]
    fn lookups_are_counted_when_admitted_and_given_back_when_they_match() {
        let (_, t) = setup(2, 100);
        let me = ip("203.0.113.7");
        // Two lookups in flight at once use up the allowance before either has answered.
        assert_eq!(t.admit(me, "a"), Ok(()));
        assert_eq!(t.admit(me, "b"), Ok(()));
        assert!(t.admit(me, "c").is_err());
        // One of them matched: its count is given back.
        t.refund(me, "a");
        assert_eq!(t.admit(me, "c"), Ok(()));
        assert!(t.admit(me, "d").is_err());
    }

    #[test]
    fn ipv6_clients_are_counted_by_their_64_bit_prefix() {
        let (_, t) = setup(1, 100);
        assert_eq!(t.admit(ip("2001:db8:1:2::1"), "a"), Ok(()));
        assert!(t.admit(ip("2001:db8:1:2:ffff::9"), "b").is_err());
        assert_eq!(t.admit(ip("2001:db8:1:3::1"), "b"), Ok(()));
        assert_eq!(ip("::ffff:192.0.2.1"), ip("192.0.2.1"));
    }

    #[test]
    fn a_full_table_of_live_windows_throttles_new_clients_and_frees_ended_ones() {
        let clock = Arc::new(ManualClock::new("2026-03-02T02:00:00Z".parse().unwrap()));
        let policy = LookupPolicy::default().with_max_tracked(2);
        let t = Throttle::new(clock.clone(), policy);
        assert_eq!(t.admit(ip("192.0.2.1"), "a"), Ok(()));
        assert_eq!(t.admit(ip("192.0.2.2"), "b"), Ok(()));
        assert!(t.admit(ip("192.0.2.3"), "c").is_err());
        clock.advance(SignedDuration::from_mins(16));
        assert_eq!(t.admit(ip("192.0.2.3"), "c"), Ok(()));
    }
}
