#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

mod append;
mod error;
mod notify;
mod outbox;
mod rows;
mod schema;

use hoso_core::adapter::AgencyRef;
use hoso_core::store::{
    Append, AppendOutcome, Claimed, CommandId, CustodyEntry, DestinationKind, DossierIndex,
    DossierQuery, EventPage, EventStore, Lease, OutboxCounts, OutboxMessage, OutboxPolicy,
    RecordedEvent, StoreError, StoreErrorKind, check_once_key,
};
use hoso_core::store::{CountLimit, Counted, uncount_keys, window_count_keys};
use hoso_core::{AgencyCode, DossierCode, TrackingNumber};
use jiff::Timestamp;
use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

pub use append::{EVENTS_CHANNEL, OUTBOX_CHANNEL};
pub use error::kind_of_sqlstate;
pub use notify::{StoreListener, Wake};
pub use schema::SCHEMA_VERSION;

use error::from_sqlx;
use rows::{big, count, event_columns, get, index_columns, index_row, name_of, recorded_event};

/// An [`EventStore`] in a PostgreSQL database, for several processes or machines sharing one store.
///
/// Every append is one transaction holding the database's append lock (a transaction-scoped advisory lock),
/// so that global positions commit in order and the expected-version check cannot race. Readers never take
/// it. The schema lives in the connection's `search_path` (normally `public`) and is created and migrated
/// when the store opens.
#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// Opens the store at `url` (`postgres://user:password@host:port/database`) with a pool of up to 10
    /// connections, creating or migrating its schema.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let options: PgConnectOptions = url.parse().map_err(|e: sqlx::Error| {
            StoreError::new(
                StoreErrorKind::Invalid,
                format!("the PostgreSQL URL cannot be read: {}", redacted(&e)),
            )
        })?;
        Self::connect_with(options).await
    }

    /// Opens the store with these connection options (`PgConnectOptions::new()` reads `PGHOST`, `PGPORT`,
    /// `PGUSER`, `PGPASSWORD`, `PGDATABASE`), with a pool of up to 10 connections.
    pub async fn connect_with(options: PgConnectOptions) -> Result<Self, StoreError> {
        let pool = PgPoolOptions::new()
            .max_connections(10)
            .connect_with(options)
            .await
            .map_err(|e| from_sqlx("connecting to PostgreSQL", e))?;
        Self::from_pool(pool).await
    }

    /// Opens the store on a pool made by the caller (its size, timeouts and connection options are kept),
    /// creating or migrating its schema.
    pub async fn from_pool(pool: PgPool) -> Result<Self, StoreError> {
        let mut conn = pool
            .acquire()
            .await
            .map_err(|e| from_sqlx("connecting to PostgreSQL", e))?;
        schema::migrate(&mut conn).await?;
        drop(conn);
        Ok(PgStore { pool })
    }

    /// The pool the store uses.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// A listener woken when appends commit events or outbox messages, from this process or any other.
    pub async fn listen(&self) -> Result<StoreListener, StoreError> {
        StoreListener::new(&self.pool).await
    }
}

/// A URL error's text without the URL (it may carry a password).
fn redacted(e: &sqlx::Error) -> String {
    match e {
        sqlx::Error::Configuration(inner) => {
            let text = inner.to_string();
            if text.contains('@') {
                "malformed URL".to_owned()
            } else {
                text
            }
        }
        _ => "malformed URL".to_owned(),
    }
}

/// A table whose rows expire (`until_us`): every call that writes one first purges a bounded batch of ended
/// rows (more than the one or two a call adds), in a statement of its own that skips rows another process
/// is purging, so that a call stays short, takes no lock beyond its own keys, and the table holds about the
/// live rows.
#[derive(Debug, Clone, Copy)]
enum Expiring {
    /// `once_keys` (schema 2).
    OnceKeys,
    /// `window_counts` (schema 3).
    WindowCounts,
}

impl Expiring {
    async fn purge(self, pool: &PgPool, now: Timestamp) -> Result<(), StoreError> {
        let (sql, what) = match self {
            Expiring::OnceKeys => (
                "DELETE FROM once_keys WHERE key IN \
                 (SELECT key FROM once_keys WHERE until_us <= $1 ORDER BY until_us LIMIT 64 \
                  FOR UPDATE SKIP LOCKED)",
                "purging expired once-only keys",
            ),
            Expiring::WindowCounts => (
                "DELETE FROM window_counts WHERE key IN \
                 (SELECT key FROM window_counts WHERE until_us <= $1 ORDER BY until_us LIMIT 64 \
                  FOR UPDATE SKIP LOCKED)",
                "purging ended window counts",
            ),
        };
        sqlx::query(sql)
            .bind(rows::us(now))
            .execute(pool)
            .await
            .map_err(|e| from_sqlx(what, e))?;
        Ok(())
    }
}

#[async_trait::async_trait]
impl EventStore for PgStore {
    async fn append(&self, append: Append) -> Result<AppendOutcome, StoreError> {
        append::append(&self.pool, append).await
    }

    async fn read_stream(
        &self,
        dossier: &DossierCode,
        after_version: u64,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        sqlx::query(concat!(
            "SELECT ",
            event_columns!(),
            " FROM events WHERE stream_id = $1 AND stream_version > $2 ORDER BY stream_version"
        ))
        .bind(dossier.as_str())
        .bind(big(after_version))
        .fetch_all(&self.pool)
        .await
        .map_err(|e| from_sqlx("reading a stream", e))?
        .iter()
        .map(recorded_event)
        .collect()
    }

    async fn read_all(&self, after: u64, limit: usize) -> Result<EventPage, StoreError> {
        let events = sqlx::query(concat!(
            "SELECT ",
            event_columns!(),
            " FROM events WHERE global_position > $1 ORDER BY global_position LIMIT $2"
        ))
        .bind(big(after))
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await
        .map_err(|e| from_sqlx("reading the global order", e))?
        .iter()
        .map(recorded_event)
        .collect::<Result<Vec<_>, _>>()?;
        let next = events.last().map_or(after, |e| e.position);
        Ok(EventPage { events, next })
    }

    async fn stream_version(&self, dossier: &DossierCode) -> Result<Option<u64>, StoreError> {
        let v: Option<i64> = sqlx::query_scalar("SELECT version FROM streams WHERE stream_id = $1")
            .bind(dossier.as_str())
            .fetch_optional(&self.pool)
            .await
            .map_err(|e| from_sqlx("reading a stream's version", e))?;
        v.map(|v| count("streams", dossier, v)).transpose()
    }

    async fn command_outcome(
        &self,
        command: &CommandId,
    ) -> Result<Option<AppendOutcome>, StoreError> {
        let row = sqlx::query(
            "SELECT version, appended, last_position FROM processed_commands WHERE command_id = $1",
        )
        .bind(command.as_str())
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| from_sqlx("reading a command's outcome", e))?;
        let Some(row) = row else { return Ok(None) };
        let key: &dyn std::fmt::Display = command;
        let last: Option<i64> = get(&row, "last_position")?;
        Ok(Some(AppendOutcome {
            version: count("processed_commands", key, get(&row, "version")?)?,
            appended: count("processed_commands", key, get(&row, "appended")?)?,
            last_position: last
                .map(|p| count("processed_commands", key, p))
                .transpose()?,
            repeated_command: false,
        }))
    }

    async fn read_custody(&self, dossier: &DossierCode) -> Result<Vec<CustodyEntry>, StoreError> {
        let rows = sqlx::query(
            "SELECT sequence, record FROM custody WHERE stream_id = $1 ORDER BY sequence",
        )
        .bind(dossier.as_str())
        .fetch_all(&self.pool)
        .await
        .map_err(|e| from_sqlx("reading custody records", e))?;
        rows.iter()
            .map(|row| {
                Ok(CustodyEntry {
                    sequence: count("custody", dossier, get(row, "sequence")?)?,
                    record: get(row, "record")?,
                })
            })
            .collect()
    }

    async fn index(&self, dossier: &DossierCode) -> Result<Option<DossierIndex>, StoreError> {
        sqlx::query(concat!(
            "SELECT ",
            index_columns!(),
            " FROM dossier_index WHERE stream_id = $1"
        ))
        .bind(dossier.as_str())
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| from_sqlx("reading an index row", e))?
        .as_ref()
        .map(index_row)
        .transpose()
    }

    async fn find_by_tracking(
        &self,
        tracking: &TrackingNumber,
    ) -> Result<Option<DossierCode>, StoreError> {
        let code: Option<String> =
            sqlx::query_scalar("SELECT stream_id FROM tracking_numbers WHERE tracking = $1")
                .bind(tracking.as_str())
                .fetch_optional(&self.pool)
                .await
                .map_err(|e| from_sqlx("looking up a tracking number", e))?;
        code.map(|c| rows::dossier_code("tracking_numbers", &c))
            .transpose()
    }

    async fn find_by_agency_ref(
        &self,
        agency: &AgencyCode,
        reference: &AgencyRef,
    ) -> Result<Option<DossierCode>, StoreError> {
        let code: Option<String> = sqlx::query_scalar(
            "SELECT stream_id FROM agency_refs WHERE agency = $1 AND reference = $2",
        )
        .bind(agency.as_str())
        .bind(reference.0.as_str())
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| from_sqlx("looking up an agency reference", e))?;
        code.map(|c| rows::dossier_code("agency_refs", &c))
            .transpose()
    }

    async fn query(&self, query: &DossierQuery) -> Result<Vec<DossierIndex>, StoreError> {
        let state = query.agency_state.as_ref().map(name_of).transpose()?;
        sqlx::query(concat!(
            "SELECT ",
            index_columns!(),
            " FROM dossier_index \
             WHERE ($1::text IS NULL OR stream_id > $1) \
               AND ($2::text IS NULL OR agency_state = $2) \
               AND ($3::text IS NULL OR (NOT agency_final AND due < $3::text::date)) \
             ORDER BY stream_id LIMIT $4"
        ))
        .bind(query.after.as_ref().map(|c| c.as_str()))
        .bind(state)
        .bind(query.overdue_on.map(|d| d.to_string()))
        .bind(i64::try_from(query.limit).unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await
        .map_err(|e| from_sqlx("querying the dossier index", e))?
        .iter()
        .map(index_row)
        .collect()
    }

    async fn claim(
        &self,
        kind: DestinationKind,
        now: Timestamp,
        policy: &OutboxPolicy,
    ) -> Result<Vec<Claimed>, StoreError> {
        outbox::claim(&self.pool, kind, now, policy).await
    }

    async fn complete(&self, lease: &Lease, _now: Timestamp) -> Result<(), StoreError> {
        outbox::settle(&self.pool, lease, outbox::Settle::Done).await
    }

    async fn retry_at(
        &self,
        lease: &Lease,
        at: Timestamp,
        error: &str,
        policy: &OutboxPolicy,
    ) -> Result<(), StoreError> {
        let retry = outbox::Settle::Retry {
            at,
            error,
            max_attempts: policy.max_attempts,
        };
        outbox::settle(&self.pool, lease, retry).await
    }

    async fn dead_letter(&self, lease: &Lease, error: &str) -> Result<(), StoreError> {
        outbox::settle(&self.pool, lease, outbox::Settle::Dead { error }).await
    }

    async fn dead_letters(&self, limit: usize) -> Result<Vec<OutboxMessage>, StoreError> {
        outbox::dead_letters(&self.pool, limit).await
    }

    async fn revive(&self, message: u64, now: Timestamp) -> Result<(), StoreError> {
        outbox::revive(&self.pool, message, now).await
    }

    async fn outbox_message(&self, message: u64) -> Result<Option<OutboxMessage>, StoreError> {
        outbox::message(&self.pool, message).await
    }

    async fn outbox_counts(&self) -> Result<OutboxCounts, StoreError> {
        outbox::counts(&self.pool).await
    }

    async fn checkpoint(&self, consumer: &str) -> Result<u64, StoreError> {
        let v: Option<i64> =
            sqlx::query_scalar("SELECT position FROM checkpoints WHERE consumer = $1")
                .bind(consumer)
                .fetch_optional(&self.pool)
                .await
                .map_err(|e| from_sqlx("reading a checkpoint", e))?;
        v.map_or(Ok(0), |v| count("checkpoints", &consumer, v))
    }

    async fn save_checkpoint(&self, consumer: &str, position: u64) -> Result<(), StoreError> {
        let position = i64::try_from(position).map_err(|_| {
            StoreError::new(
                StoreErrorKind::Invalid,
                format!("checkpoint {position} of {consumer} is beyond any position"),
            )
        })?;
        sqlx::query(
            "INSERT INTO checkpoints (consumer, position) VALUES ($1, $2) \
             ON CONFLICT (consumer) DO UPDATE SET position = excluded.position",
        )
        .bind(consumer)
        .bind(position)
        .execute(&self.pool)
        .await
        .map_err(|e| from_sqlx("saving a checkpoint", e))?;
        Ok(())
    }

    async fn remember_once(
        &self,
        key: &str,
        until: Timestamp,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        check_once_key(key)?;
        // A bounded purge, then an upsert that replaces only an expired row: of racing inserts of one key,
        // PostgreSQL lets exactly one insert or update it.
        Expiring::OnceKeys.purge(&self.pool, now).await?;
        let recorded = sqlx::query(
            "INSERT INTO once_keys (key, until_us) VALUES ($1, $2) \
             ON CONFLICT (key) DO UPDATE SET until_us = excluded.until_us \
             WHERE once_keys.until_us <= $3",
        )
        .bind(key)
        .bind(rows::us(until))
        .bind(rows::us(now))
        .execute(&self.pool)
        .await
        .map_err(|e| from_sqlx("remembering a once-only key", e))?;
        Ok(recorded.rows_affected() == 1)
    }

    async fn count_within(
        &self,
        counts: &[CountLimit<'_>],
        until: Timestamp,
        now: Timestamp,
    ) -> Result<Counted, StoreError> {
        let counts = window_count_keys(counts)?;
        let keys: Vec<&str> = counts.iter().map(|c| c.key).collect();
        // The purge first, in a transaction of its own, so that the counting below locks only its own keys,
        // in key order: two racing calls cannot deadlock.
        Expiring::WindowCounts.purge(&self.pool, now).await?;
        let mut tx = self
            .pool
            .begin()
            .await
            .map_err(|e| from_sqlx("counting within a window", e))?;
        if until > now {
            for key in &keys {
                // Makes the key's row (a new window at 0, or an ended one started again) and locks it: a
                // row in conflict is locked by `ON CONFLICT DO UPDATE` even where its `WHERE` leaves it as
                // it is, so racing calls over one key take their turns from here on.
                sqlx::query(
                    "INSERT INTO window_counts (key, count, until_us) VALUES ($1, 0, $2) \
                     ON CONFLICT (key) DO UPDATE SET count = 0, until_us = excluded.until_us \
                     WHERE window_counts.until_us <= $3",
                )
                .bind(key)
                .bind(rows::us(until))
                .bind(rows::us(now))
                .execute(&mut *tx)
                .await
                .map_err(|e| from_sqlx("opening a window count", e))?;
            }
        }
        let live: Vec<(String, i64, i64)> = sqlx::query_as(
            "SELECT key, count, until_us FROM window_counts \
             WHERE key = ANY($1) AND until_us > $2 ORDER BY key FOR UPDATE",
        )
        .bind(&keys)
        .bind(rows::us(now))
        .fetch_all(&mut *tx)
        .await
        .map_err(|e| from_sqlx("reading window counts", e))?;
        let mut over: Option<i64> = None;
        for c in &counts {
            let (count, ends) = live
                .iter()
                .find(|(key, _, _)| key == c.key)
                .map_or((0, rows::us(until)), |(_, count, ends)| (*count, *ends));
            if count >= i64::from(c.limit) {
                over = Some(over.map_or(ends, |o| o.max(ends)));
            }
        }
        if let Some(ends) = over {
            // Nothing raised, and no window opened by this call.
            tx.rollback()
                .await
                .map_err(|e| from_sqlx("counting within a window", e))?;
            let until = rows::instant("window_counts", &"a window count", ends)?;
            return Ok(Counted::Over { until });
        }
        sqlx::query(
            "UPDATE window_counts SET count = count + 1 WHERE key = ANY($1) AND until_us > $2",
        )
        .bind(&keys)
        .bind(rows::us(now))
        .execute(&mut *tx)
        .await
        .map_err(|e| from_sqlx("raising window counts", e))?;
        tx.commit()
            .await
            .map_err(|e| from_sqlx("counting within a window", e))?;
        Ok(Counted::Admitted)
    }

    async fn uncount(&self, keys: &[&str], now: Timestamp) -> Result<(), StoreError> {
        // One key per statement, each its own transaction: holding one row's lock at a time, a give-back
        // never waits in a cycle with a count that holds several.
        for key in uncount_keys(keys)? {
            sqlx::query(
                "UPDATE window_counts SET count = count - 1 \
                 WHERE key = $1 AND until_us > $2 AND count > 0",
            )
            .bind(key)
            .bind(rows::us(now))
            .execute(&self.pool)
            .await
            .map_err(|e| from_sqlx("giving back a window count", e))?;
        }
        Ok(())
    }
}
