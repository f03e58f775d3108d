//! When to try again, and how long to wait first.

use std::time::Duration;

use jiff::Timestamp;

/// How the [`Resilient`](crate::Resilient) layer retries a call that failed with a retryable error.
///
/// Only errors the adapter marks retryable ([`AdapterError::is_retryable`]: timeouts, connection errors,
/// HTTP 429, 500, 502, 503, 504) are tried again; every other error reaches the caller at once. Between two
/// attempts the layer waits an exponential backoff with jitter, or, when the agency answered 429 or 503 with a
/// `Retry-After`, the time it asked for, capped by [`max_retry_after`](Self::max_retry_after). It stops after
/// [`max_attempts`](Self::max_attempts) attempts or when the next one could not start before the
/// [`deadline`](Self::deadline), whichever comes first.
///
/// [`AdapterError::is_retryable`]: hoso_core::adapter::AdapterError::is_retryable
///
/// ```
/// use std::time::Duration;
/// use hoso_http::RetryPolicy;
/// let policy = RetryPolicy::default()
///     .with_max_attempts(4)
///     .with_backoff(Duration::from_millis(100), Duration::from_secs(2))
///     .with_deadline(Duration::from_secs(20));
/// // After the second failure the ceiling is 200 ms; the wait lies between 100 and 200 ms (equal jitter).
/// let wait = policy.backoff(2, 0.5);
/// assert_eq!(wait, Duration::from_millis(150));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Attempts in all, the first included (at least 1).
    pub max_attempts: u32,
    /// The backoff after the first failure (before jitter).
    pub initial_backoff: Duration,
    /// The longest backoff between two attempts (before jitter).
    pub max_backoff: Duration,
    /// The longest `Retry-After` honoured: a longer one is waited for this long only.
    pub max_retry_after: Duration,
    /// The longest one attempt may take before it counts as a timeout.
    pub attempt_timeout: Duration,
    /// The longest the whole call may take, waits included.
    pub deadline: Duration,
}

impl Default for RetryPolicy {
    /// 5 attempts, backoff from 200 ms doubling up to 5 s, `Retry-After` honoured up to 30 s, 30 s per attempt,
    /// 60 s in all.
    fn default() -> Self {
        Self {
            max_attempts: 5,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(30),
            attempt_timeout: Duration::from_secs(30),
            deadline: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// No retry: one attempt, its timeout and the deadline as in the default.
    pub fn no_retry() -> Self {
        Self::default().with_max_attempts(1)
    }

    /// Sets the number of attempts (0 counts as 1).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Sets the first backoff and the longest one.
    pub fn with_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// Sets the longest `Retry-After` honoured.
    pub fn with_max_retry_after(mut self, max: Duration) -> Self {
        self.max_retry_after = max;
        self
    }

    /// Sets the timeout of one attempt.
    pub fn with_attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = timeout;
        self
    }

    /// Sets the deadline of the whole call.
    pub fn with_deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// The wait after `failed` attempts have failed (`failed` ≥ 1), with `unit` in `[0, 1)` drawn at random.
    ///
    /// Exponential backoff with "equal jitter": the ceiling is `initial_backoff × 2^(failed-1)`, capped by
    /// `max_backoff`, and the wait is half the ceiling plus a random part of the other half, so that clients
    /// that failed together do not come back together, yet none comes back at once.
    pub fn backoff(&self, failed: u32, unit: f64) -> Duration {
        let exponent = failed.saturating_sub(1).min(30);
        let ceiling = self
            .initial_backoff
            .saturating_mul(1u32 << exponent)
            .min(self.max_backoff);
        let half = ceiling / 2;
        half + half.mul_f64(unit.clamp(0.0, 1.0))
    }

    /// The wait before the next attempt: the agency's `Retry-After` (capped) when it sent one, else the backoff.
    pub fn wait_before_next(
        &self,
        failed: u32,
        retry_after: Option<Duration>,
        unit: f64,
    ) -> Duration {
        match retry_after {
            Some(asked) => asked.min(self.max_retry_after),
            None => self.backoff(failed, unit),
        }
    }
}

/// Reads a `Retry-After` header value (RFC 9110 §10.2.3): either a number of seconds or an HTTP-date, taken
/// relative to `now`. A date in the past means "now" (zero); anything else unreadable is `None`.
///
/// ```
/// use std::time::Duration;
/// use hoso_http::parse_retry_after;
/// let now: jiff::Timestamp = "2026-03-02T08:00:00Z".parse().unwrap();
/// assert_eq!(parse_retry_after("120", now), Some(Duration::from_secs(120)));
/// assert_eq!(parse_retry_after("Mon, 02 Mar 2026 08:00:30 GMT", now), Some(Duration::from_secs(30)));
/// assert_eq!(parse_retry_after("soon", now), None);
/// ```
pub fn parse_retry_after(value: &str, now: Timestamp) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // A number too large for u64 is still "very long": saturate rather than ignore it.
        let seconds = value.parse::<u64>().unwrap_or(u64::MAX);
        return Some(Duration::from_secs(seconds));
    }
    let at = jiff::fmt::rfc2822::DateTimeParser::new()
        .parse_timestamp(value)
        .ok()?;
    let wait = at.duration_since(now);
    Some(Duration::try_from(wait).unwrap_or(Duration::ZERO))
}

/// A small pseudo-random source for jitter (splitmix64); seeded per layer, not cryptographic.
#[derive(Debug)]
pub(crate) struct Jitter(std::sync::atomic::AtomicU64);

impl Jitter {
    pub(crate) fn seeded(seed: u64) -> Self {
        Self(std::sync::atomic::AtomicU64::new(seed))
    }

    /// A number in `[0, 1)`.
    pub(crate) fn next_unit(&self) -> f64 {
        let mut z = self
            .0
            .fetch_add(0x9E37_79B9_7F4A_7C15, std::sync::atomic::Ordering::Relaxed)
            .wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        // 53 random bits make an f64 in [0, 1).
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn backoff_doubles_from_the_initial_wait_up_to_the_cap() {
        let p = RetryPolicy::default().with_backoff(ms(100), ms(1000));
        // (failed attempts, ceiling): the wait lies in [ceiling/2, ceiling].
        for (failed, ceiling) in [
            (1, 100),
            (2, 200),
            (3, 400),
            (4, 800),
            (5, 1000),
            (40, 1000),
        ] {
            assert_eq!(p.backoff(failed, 0.0), ms(ceiling / 2), "failed {failed}");
            assert_eq!(p.backoff(failed, 1.0), ms(ceiling), "failed {failed}");
            let mid = p.backoff(failed, 0.5);
            assert!(
                mid > ms(ceiling / 2) && mid < ms(ceiling),
                "failed {failed}"
            );
        }
    }

    #[test]
    fn retry_after_is_honoured_up_to_its_cap() {
        let p = RetryPolicy::default()
            .with_backoff(ms(10), ms(20))
            .with_max_retry_after(Duration::from_secs(30));
        assert_eq!(
            p.wait_before_next(1, Some(Duration::from_secs(2)), 0.0),
            Duration::from_secs(2)
        );
        assert_eq!(
            p.wait_before_next(1, Some(Duration::from_secs(3600)), 0.0),
            Duration::from_secs(30)
        );
        assert_eq!(p.wait_before_next(1, None, 0.0), ms(5));
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now: Timestamp = "2026-03-02T08:00:00Z".parse().unwrap();
        for (value, expected) in [
            ("0", Some(Duration::ZERO)),
            (" 7 ", Some(Duration::from_secs(7))),
            (
                "99999999999999999999999",
                Some(Duration::from_secs(u64::MAX)),
            ),
            (
                "Mon, 02 Mar 2026 08:01:00 GMT",
                Some(Duration::from_secs(60)),
            ),
            // A date already past means: try now.
            ("Mon, 02 Mar 2026 07:00:00 GMT", Some(Duration::ZERO)),
            ("-5", None),
            ("1.5", None),
            ("", None),
            ("tomorrow", None),
        ] {
            assert_eq!(parse_retry_after(value, now), expected, "{value:?}");
        }
    }

    #[test]
    fn jitter_stays_in_the_unit_interval() {
        let j = Jitter::seeded(42);
        let draws: Vec<f64> = (0..1000).map(|_| j.next_unit()).collect();
        assert!(draws.iter().all(|u| (0.0..1.0).contains(u)));
        let mean = draws.iter().sum::<f64>() / draws.len() as f64;
        assert!((0.4..0.6).contains(&mean), "mean {mean}");
    }

    #[test]
    fn zero_attempts_means_one() {
        assert_eq!(RetryPolicy::default().with_max_attempts(0).max_attempts, 1);
    }
}
