//! Counting failed lookups per client and per dossier code, over a window that starts at a key's first
//! failure, in the store ([`EventStore::count_within`]): every server process over one store counts the
//! same failures, and a restart forgets none. Only failures count, and a failure is the same whether the
//! code exists or not, so the throttle itself gives no signal about which codes exist.

use std::net::IpAddr;
use std::sync::Arc;

use hoso_core::store::{CountLimit, Counted, EventStore, StoreError};

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

/// Why a lookup is not admitted.
#[derive(Debug)]
pub(crate) enum Refused {
    /// Too many failures from this client or for this code.
    Throttled(Throttled),
    /// The store could not count: the lookup fails closed.
    Unavailable(StoreError),
}

/// The lookup's throttle, shared by every request (and, through the store, by every process over it).
#[derive(Debug, Clone)]
pub(crate) struct Throttle {
    store: Arc<dyn EventStore>,
    clock: Arc<dyn Clock>,
    policy: LookupPolicy,
}

/// The store's key of a client's count: its address (an IPv6 client's /64).
fn client_count(client: ClientKey) -> String {
    format!("lookup:client:{}", client.0)
}

/// The store's key of a dossier code's count.
fn code_count(code: &str) -> String {
    format!("lookup:code:{code}")
}

impl Throttle {
    pub(crate) fn new(
        store: Arc<dyn EventStore>,
        clock: Arc<dyn Clock>,
        policy: LookupPolicy,
    ) -> Self {
        Throttle {
            store,
            clock,
            policy,
        }
    }

    /// Admits a lookup of `code` by `client`, counting it as a failure at once for both (all or none, in
    /// one call to the store), so that lookups sent together, to any process, cannot all pass before the
    /// first of them has failed; [`refund`](Self::refund) gives it back when it did not fail.
    pub(crate) async fn admit(&self, client: ClientKey, code: &str) -> Result<(), Refused> {
        let now = self.clock.now();
        let (client, code) = (client_count(client), code_count(code));
        let counts = [
            CountLimit::new(&client, self.policy.max_failures_per_client),
            CountLimit::new(&code, self.policy.max_failures_per_code),
        ];
        match self
            .store
            .count_within(&counts, now + self.policy.window, now)
            .await
        {
            Ok(Counted::Admitted) => Ok(()),
            Ok(Counted::Over { until }) => Err(Refused::Throttled(Throttled {
                retry_after_secs: secs(until.duration_since(now)),
            })),
            Err(e) => Err(Refused::Unavailable(e)),
        }
    }

    /// Gives back an admitted lookup that matched (or that the store could not answer). A give-back the
    /// store cannot take is logged and lost: the client is then counted one failure too many, which the
    /// window's end mends.
    pub(crate) async fn refund(&self, client: ClientKey, code: &str) {
        let now = self.clock.now();
        let (client, code) = (client_count(client), code_count(code));
        if let Err(e) = self.store.uncount(&[&client, &code], now).await {
            tracing::warn!(error = %e, "lookup: a matched lookup's count could not be given back");
        }
    }
}

fn secs(d: jiff::SignedDuration) -> u64 {
    u64::try_from(d.as_secs()).unwrap_or(0).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;
    use hoso_core::store::MemoryStore;
    use jiff::SignedDuration;

    fn setup(per_client: u32, per_code: u32) -> (Arc<ManualClock>, Throttle) {
        let clock = Arc::new(ManualClock::new("2026-03-02T02:00:00Z".parse().unwrap()));
        let policy = LookupPolicy::default().with_max_failures(per_client, per_code);
        let store = Arc::new(MemoryStore::new());
        (clock.clone(), Throttle::new(store, clock, policy))
    }

    fn ip(s: &str) -> ClientKey {
        ClientKey::of(s.parse().unwrap())
    }

    /// The seconds to wait, when throttled.
    async fn wait(t: &Throttle, client: ClientKey, code: &str) -> Option<u64> {
        match t.admit(client, code).await {
            Ok(()) => None,
            Err(Refused::Throttled(t)) => Some(t.retry_after_secs),
            Err(Refused::Unavailable(e)) => panic!("the memory store failed: {e}"),
        }
    }

    #[tokio::test]
    async fn a_client_is_throttled_after_its_allowed_failures_until_the_window_ends() {
        let (clock, t) = setup(3, 100);
        let me = ip("203.0.113.7");
        for n in 0..3 {
            assert_eq!(wait(&t, me, &format!("code-{n}")).await, None);
        }
        assert_eq!(wait(&t, me, "code-9").await, Some(15 * 60));
        // Another client is not affected.
        assert_eq!(wait(&t, ip("203.0.113.8"), "code-9").await, None);
        clock.advance(SignedDuration::from_mins(10));
        assert_eq!(wait(&t, me, "code-9").await, Some(5 * 60));
        clock.advance(SignedDuration::from_mins(5));
        assert_eq!(wait(&t, me, "code-9").await, None);
    }

    #[tokio::test]
    async fn a_code_is_throttled_after_its_allowed_failures_from_any_clients() {
        let (_, t) = setup(100, 2);
        let code = "000.00.01.H22-260115-0042";
        assert_eq!(wait(&t, ip("198.51.100.1"), code).await, None);
        assert_eq!(wait(&t, ip("198.51.100.2"), code).await, None);
        assert!(wait(&t, ip("198.51.100.3"), code).await.is_some());
        assert_eq!(
            wait(&t, ip("198.51.100.3"), "000.00.01.H22-260115-0043").await,
            None
        );
    }

    #[tokio::test]
    async fn lookups_are_counted_when_admitted_and_given_back_when_they_match() {
        let (_, t) = setup(2, 100);
        let me = ip("203.0.113.7");
        // Two lookups in flight at once use up the allowance before either has answered.
        assert_eq!(wait(&t, me, "a").await, None);
        assert_eq!(wait(&t, me, "b").await, None);
        assert!(wait(&t, me, "c").await.is_some());
        // One of them matched: its count is given back.
        t.refund(me, "a").await;
        assert_eq!(wait(&t, me, "c").await, None);
        assert!(wait(&t, me, "d").await.is_some());
    }

    #[tokio::test]
    async fn a_throttled_code_does_not_count_against_the_client() {
        let (_, t) = setup(2, 1);
        let me = ip("203.0.113.7");
        assert_eq!(wait(&t, ip("198.51.100.1"), "locked").await, None);
        // The code is at its limit: refused, and the client's allowance is untouched.
        assert!(wait(&t, me, "locked").await.is_some());
        assert_eq!(wait(&t, me, "a").await, None);
        assert_eq!(wait(&t, me, "b").await, None);
        assert!(wait(&t, me, "c").await.is_some());
    }

    #[tokio::test]
    async fn ipv6_clients_are_counted_by_their_64_bit_prefix() {
        let (_, t) = setup(1, 100);
        assert_eq!(wait(&t, ip("2001:db8:1:2::1"), "a").await, None);
        assert!(wait(&t, ip("2001:db8:1:2:ffff::9"), "b").await.is_some());
        assert_eq!(wait(&t, ip("2001:db8:1:3::1"), "b").await, None);
        assert_eq!(ip("::ffff:192.0.2.1"), ip("192.0.2.1"));
    }

    #[tokio::test]
    async fn two_throttles_over_one_store_count_the_same_failures() {
        let clock = Arc::new(ManualClock::new("2026-03-02T02:00:00Z".parse().unwrap()));
        let policy = LookupPolicy::default().with_max_failures(2, 100);
        let store: Arc<dyn EventStore> = Arc::new(MemoryStore::new());
        let one = Throttle::new(store.clone(), clock.clone(), policy);
        let two = Throttle::new(store, clock, policy);
        let me = ip("203.0.113.7");
        assert_eq!(wait(&one, me, "a").await, None);
        assert_eq!(wait(&two, me, "b").await, None);
        assert!(wait(&one, me, "c").await.is_some());
        assert!(wait(&two, me, "c").await.is_some());
    }
}
