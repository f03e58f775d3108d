//! The server's clock: the lookup's throttle windows and "the version in force today" read it, so that tests
//! and simulations set the time instead of waiting for it.

use std::fmt;
use std::sync::Mutex;

use jiff::{SignedDuration, Timestamp};

/// Where the server reads the time.
pub trait Clock: Send + Sync + fmt::Debug {
    /// The current instant.
    fn now(&self) -> Timestamp;
}

/// The system's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

/// A clock that moves only when told to: for tests and simulations.
///
/// ```
/// use hoso_server::{Clock, ManualClock};
/// use jiff::SignedDuration;
/// let clock = ManualClock::new("2026-03-02T02:00:00Z".parse().unwrap());
/// clock.advance(SignedDuration::from_mins(15));
/// assert_eq!(clock.now().to_string(), "2026-03-02T02:15:00Z");
/// ```
#[derive(Debug)]
pub struct ManualClock(Mutex<Timestamp>);

impl ManualClock {
    /// A clock standing at `at`.
    pub fn new(at: Timestamp) -> Self {
        ManualClock(Mutex::new(at))
    }

    /// Moves the clock forward (or back, with a negative duration); saturates at the ends of time.
    pub fn advance(&self, by: SignedDuration) {
        let mut now = self.0.lock().unwrap_or_else(|p| p.into_inner());
        *now = now.saturating_add(by).unwrap_or(*now);
    }

    /// Sets the clock.
    pub fn set(&self, at: Timestamp) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = at;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        *self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}
