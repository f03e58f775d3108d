//! LISTEN/NOTIFY: appends call `pg_notify` in their transaction, so PostgreSQL delivers the notification to
//! every listener when, and only if, the append commits. A notification is a hint to read, never the data:
//! notifications sent while a listener's connection was down are lost, which [`Wake::Reconnected`] reports.

use hoso_core::store::{DestinationKind, StoreError, StoreErrorKind};
use sqlx::PgPool;
use sqlx::postgres::PgListener;

use crate::append::{EVENTS_CHANNEL, OUTBOX_CHANNEL};
use crate::error::from_sqlx;

/// Why a [`StoreListener`] woke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Wake {
    /// An append committed events; the last of them is at this global position.
    Events {
        /// The global position of the last event the append wrote.
        last_position: u64,
    },
    /// An append committed outbox messages for this kind of destination.
    Outbox(DestinationKind),
    /// The listener's connection was lost and made again: notifications may have been missed, so read from
    /// your checkpoint and claim as if woken.
    Reconnected,
}

/// Wakes a consumer when appends commit events or outbox messages (from any process on the database).
///
/// Made by [`PgStore::listen`](crate::PgStore::listen). It holds one connection of its own, apart from the
/// store's pool.
#[derive(Debug)]
pub struct StoreListener {
    listener: PgListener,
}

impl StoreListener {
    pub(crate) async fn new(pool: &PgPool) -> Result<Self, StoreError> {
        let mut listener = PgListener::connect_with(pool)
            .await
            .map_err(|e| from_sqlx("connecting the listener", e))?;
        listener
            .listen_all([EVENTS_CHANNEL, OUTBOX_CHANNEL])
            .await
            .map_err(|e| from_sqlx("listening for new events", e))?;
        Ok(StoreListener { listener })
    }

    /// Waits for the next wake-up. A lost connection is made again on the next call; it is reported once as
    /// [`Wake::Reconnected`].
    pub async fn next(&mut self) -> Result<Wake, StoreError> {
        let Some(n) = self
            .listener
            .try_recv()
            .await
            .map_err(|e| from_sqlx("waiting for notifications", e))?
        else {
            return Ok(Wake::Reconnected);
        };
        parse(n.channel(), n.payload())
    }
}

/// A notification's channel and payload as a [`Wake`].
fn parse(channel: &str, payload: &str) -> Result<Wake, StoreError> {
    let bad = || {
        StoreError::new(
            StoreErrorKind::Corrupt,
            format!(
                "a notification on {channel} with payload {payload:?} did not come from a hoso store"
            ),
        )
    };
    match channel {
        EVENTS_CHANNEL => payload
            .parse()
            .map(|last_position| Wake::Events { last_position })
            .map_err(|_| bad()),
        OUTBOX_CHANNEL => Ok(Wake::Outbox(match payload {
            "agency" => DestinationKind::Agency,
            "portal" => DestinationKind::Portal,
            "postal" => DestinationKind::Postal,
            "citizen" => DestinationKind::Citizen,
            _ => return Err(bad()),
        })),
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notifications_parse_into_wakes() {
        assert_eq!(
            parse("hoso_events", "42").ok(),
            Some(Wake::Events { last_position: 42 })
        );
        assert_eq!(
            parse("hoso_outbox", "postal").ok(),
            Some(Wake::Outbox(DestinationKind::Postal))
        );
        for (channel, payload) in [
            ("hoso_events", "x"),
            ("hoso_outbox", "pigeon"),
            ("other", "1"),
        ] {
            let err = parse(channel, payload).expect_err(payload);
            assert_eq!(err.kind(), StoreErrorKind::Corrupt);
        }
    }
}
