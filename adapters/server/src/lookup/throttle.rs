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

    /// Whether `client` may look up `code` now.
    pub(crate) fn check(&self, client: ClientKey, code: &str) -> Result<(), Throttled> {
        let now = self.clock.now();
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let (clients, codes) = &mut *state;
        clients.check(&client, now, &self.policy)?;
        codes.check(&code.to_owned(), now, &self.policy)
    }

    /// Counts a failed lookup of `code` by `client`.
    pub(crate) fn fail(&self, client: ClientKey, code: &str) {
        let now = self.clock.now();
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let (clients, codes) = &mut *state;
        clients.fail(&client, now, &self.policy);
        codes.fail(&code.to_owned(), now, &self.policy);
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
            assert_eq!(t.check(me, &format!("code-{n}")), Ok(()));
            t.fail(me, &format!("code-{n}"));
        }
        let refused = t.check(me, "code-9").unwrap_err();
        assert_eq!(refused.retry_after_secs, 15 * 60);
        // Another client is not affected.
        assert_eq!(t.check(ip("203.0.113.8"), "code-9"), Ok(()));
        clock.advance(SignedDuration::from_mins(10));
        assert_eq!(t.check(me, "code-9").unwrap_err().retry_after_secs, 5 * 60);
        clock.advance(SignedDuration::from_mins(5));
        assert_eq!(t.check(me, "code-9"), Ok(()));
    }

    #[test]
    fn a_code_is_throttled_after_its_allowed_failures_from_any_clients() {
        let (_, t) = setup(100, 2);
        t.fail(ip("198.51.100.1"), "000.00.01.H22-260115-0042");
        t.fail(ip("198.51.100.2"), "000.00.01.H22-260115-0042");
        assert!(
            t.check(ip("198.51.100.3"), "000.00.01.H22-260115-0042")
                .is_err()
        );
        assert_eq!(
            t.check(ip("198.51.100.3"), "000.00.01.H22-260115-0043"),
            Ok(())
        );
    }

    #[test]
    fn ipv6_clients_are_counted_by_their_64_bit_prefix() {
        let (_, t) = setup(1, 100);
        t.fail(ip("2001:db8:1:2::1"), "a");
        assert!(t.check(ip("2001:db8:1:2:ffff::9"), "b").is_err());
        assert_eq!(t.check(ip("2001:db8:1:3::1"), "b"), Ok(()));
        assert_eq!(ip("::ffff:192.0.2.1"), ip("192.0.2.1"));
    }

    #[test]
    fn a_full_table_of_live_windows_throttles_new_clients_and_frees_ended_ones() {
        let clock = Arc::new(ManualClock::new("2026-03-02T02:00:00Z".parse().unwrap()));
        let policy = LookupPolicy::default().with_max_tracked(2);
        let t = Throttle::new(clock.clone(), policy);
        t.fail(ip("192.0.2.1"), "a");
        t.fail(ip("192.0.2.2"), "a");
        assert!(t.check(ip("192.0.2.3"), "b").is_err());
        clock.advance(SignedDuration::from_mins(16));
        assert_eq!(t.check(ip("192.0.2.3"), "b"), Ok(()));
    }
}
