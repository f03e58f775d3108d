#![doc = include_str!("../README.md")]
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod append;
mod error;
mod options;
mod outbox;
mod rows;
mod schema;
mod write;

use std::path::{Path, PathBuf};
use std::time::Duration;

use hoso_core::adapter::AgencyRef;
use hoso_core::store::{
    Append, AppendOutcome, Claimed, CommandId, CustodyEntry, DestinationKind, DossierIndex,
    DossierQuery, EventPage, EventStore, Lease, OutboxCounts, OutboxMessage, OutboxPolicy,
    RecordedEvent, StoreError, StoreErrorKind, check_once_key,
};
use hoso_core::store::{CountLimit, Counted, uncount_keys, window_count_keys};
use hoso_core::{AgencyCode, DossierCode, TrackingNumber};
use jiff::Timestamp;
use sqlx::Connection;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

pub use options::{Durability, SqliteOptions};
pub use schema::SCHEMA_VERSION;

use crate::error::from_sqlx;
use crate::rows::{get, name_of, recorded_event};
use crate::write::{Commit, Expiring};

/// The page size of new stores, in bytes.
const PAGE_SIZE: u32 = 4096;

/// The embedded [`EventStore`]: one SQLite file in WAL mode, one writer connection (every write in
/// `BEGIN IMMEDIATE`), several readers.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    writer: SqlitePool,
    readers: SqlitePool,
    path: PathBuf,
    durability: Durability,
}

impl SqliteStore {
    /// Opens the store in `path` with the default options, creating and migrating it as needed.
    pub async fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        Self::open_with(path, SqliteOptions::default()).await
    }

    /// Opens a store from a URL: `sqlite:PATH` or `sqlite://PATH`.
    pub async fn open_url(url: &str) -> Result<Self, StoreError> {
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .ok_or_else(|| {
                StoreError::new(
                    StoreErrorKind::Invalid,
                    format!("{url:?} is not a sqlite: URL"),
                )
            })?;
        Self::open(path).await
    }

    /// Opens the store in `path` with `options`, creating and migrating it as needed.
    ///
    /// A file that is not an SQLite database, or a database that is not a `hoso` store, is
    /// [`NotAStore`](StoreErrorKind::NotAStore); a store written by a newer version of this crate is
    /// [`NewerSchema`](StoreErrorKind::NewerSchema). Neither is modified.
    pub async fn open_with(
        path: impl AsRef<Path>,
        options: SqliteOptions,
    ) -> Result<Self, StoreError> {
        let path = path.as_ref().to_owned();
        let base = SqliteConnectOptions::new()
            .filename(&path)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(match options.durability {
                Durability::Full => SqliteSynchronous::Full,
                Durability::Normal => SqliteSynchronous::Normal,
            })
            .busy_timeout(options.busy_timeout)
            .foreign_keys(true)
            .page_size(PAGE_SIZE);
        let base = match options.max_size {
            Some(bytes) => base.pragma(
                "max_page_count",
                (bytes / u64::from(PAGE_SIZE)).max(1).to_string(),
            ),
            None => base,
        };
        // Check and migrate on a connection of its own before any pool touches the file.
        let mut first = sqlx::SqliteConnection::connect_with(&base.clone().create_if_missing(true))
            .await
            .map_err(|e| from_sqlx(&format!("opening {}", path.display()), e))?;
        let migrated = schema::migrate(&mut first, rows::us(Timestamp::now())).await;
        let _ = first.close().await;
        let found = migrated?;
        if found < SCHEMA_VERSION {
            tracing::info!(path = %path.display(), from = found, to = SCHEMA_VERSION, "store schema migrated");
        }
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(60))
            .connect_with(base.clone())
            .await
            .map_err(|e| from_sqlx("opening the writer", e))?;
        let readers = SqlitePoolOptions::new()
            .max_connections(options.readers.max(1))
            .connect_with(base.read_only(true))
            .await
            .map_err(|e| from_sqlx("opening the readers", e))?;
        Ok(SqliteStore {
            writer,
            readers,
            path,
            durability: options.durability,
        })
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Copies the whole store, consistently, into a new file at `target` while it stays open for reads and
    /// writes (SQLite's `VACUUM INTO`). The copy is a store that [`open`](Self::open) reads.
    pub async fn backup_to(&self, target: impl AsRef<Path>) -> Result<(), StoreError> {
        let target = target.as_ref().to_string_lossy().into_owned();
        sqlx::query("VACUUM INTO ?1")
            .bind(target)
            .execute(&self.readers)
            .await
            .map_err(|e| from_sqlx("backing up the store", e))?;
        Ok(())
    }

    /// Closes the pools, waiting for calls in flight.
    pub async fn close(&self) {
        self.writer.close().await;
        self.readers.close().await;
    }
}

#[async_trait::async_trait]
impl EventStore for SqliteStore {
    async fn append(&self, append: Append) -> Result<AppendOutcome, StoreError> {
        append.check()?;
        self.write(Commit::Synced, "appending", |tx| {
            Box::pin(append::append_in(tx, append))
        })
        .await
    }

    async fn read_stream(
        &self,
        dossier: &DossierCode,
        after_version: u64,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        sqlx::query(
            "SELECT position, stream_id, version, event_id, schema_version, payload, recorded_at_us
             FROM events WHERE stream_id = ?1 AND version > ?2 ORDER BY version",
        )
        .bind(dossier.as_str())
        .bind(i64::try_from(after_version).unwrap_or(i64::MAX))
        .fetch_all(&self.readers)
        .await
        .map_err(|e| from_sqlx("reading a stream", e))?
        .iter()
        .map(recorded_event)
        .collect()
    }

    async fn read_all(&self, after: u64, limit: usize) -> Result<EventPage, StoreError> {
        let events = sqlx::query(
            "SELECT position, stream_id, version, event_id, schema_version, payload, recorded_at_us
             FROM events WHERE position > ?1 ORDER BY position LIMIT ?2",
        )
        .bind(i64::try_from(after).unwrap_or(i64::MAX))
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(&self.readers)
        .await
        .map_err(|e| from_sqlx("reading the global order", e))?
        .iter()
        .map(recorded_event)
        .collect::<Result<Vec<_>, _>>()?;
        let next = events.last().map_or(after, |e| e.position);
        Ok(EventPage { events, next })
    }

    async fn stream_version(&self, dossier: &DossierCode) -> Result<Option<u64>, StoreError> {
        let v: Option<i64> = sqlx::query_scalar("SELECT version FROM streams WHERE stream_id = ?1")
            .bind(dossier.as_str())
            .fetch_optional(&self.readers)
            .await
            .map_err(|e| from_sqlx("reading a stream's version", e))?;
        v.map(|v| {
            u64::try_from(v)
                .map_err(|_| StoreError::corrupt(format!("stream {dossier} at version {v}")))
        })
        .transpose()
    }

    async fn command_outcome(
        &self,
        command: &CommandId,
    ) -> Result<Option<AppendOutcome>, StoreError> {
        let row = sqlx::query(
            "SELECT version, appended, last_position FROM commands WHERE command_id = ?1",
        )
        .bind(command.as_str())
        .fetch_optional(&self.readers)
        .await
        .map_err(|e| from_sqlx("reading a command record", e))?;
        let Some(row) = row else { return Ok(None) };
        let key = command.as_str();
        let last: Option<i64> = get(&row, "last_position")?;
        Ok(Some(AppendOutcome {
            version: rows::count("commands", &key, &row, "version")?,
            appended: rows::count("commands", &key, &row, "appended")?,
            last_position: last.and_then(|p| u64::try_from(p).ok()),
            repeated_command: false,
        }))
    }

    async fn read_custody(&self, dossier: &DossierCode) -> Result<Vec<CustodyEntry>, StoreError> {
        sqlx::query("SELECT sequence, record FROM custody WHERE stream_id = ?1 ORDER BY sequence")
            .bind(dossier.as_str())
            .fetch_all(&self.readers)
            .await
            .map_err(|e| from_sqlx("reading custody records", e))?
            .iter()
            .map(|row| {
                Ok(CustodyEntry {
                    sequence: rows::count("custody", &dossier, row, "sequence")?,
                    record: get(row, "record")?,
                })
            })
            .collect()
    }

    async fn index(&self, dossier: &DossierCode) -> Result<Option<DossierIndex>, StoreError> {
        sqlx::query("SELECT * FROM dossier_index WHERE stream_id = ?1")
            .bind(dossier.as_str())
            .fetch_optional(&self.readers)
            .await
            .map_err(|e| from_sqlx("reading an index row", e))?
            .as_ref()
            .map(rows::index_row)
            .transpose()
    }

    async fn find_by_tracking(
        &self,
        tracking: &TrackingNumber,
    ) -> Result<Option<DossierCode>, StoreError> {
        let s: Option<String> =
            sqlx::query_scalar("SELECT stream_id FROM tracking WHERE tracking = ?1")
                .bind(tracking.to_string())
                .fetch_optional(&self.readers)
                .await
                .map_err(|e| from_sqlx("looking up a tracking number", e))?;
        s.map(|s| rows::dossier_code("tracking", &s)).transpose()
    }

    async fn find_by_agency_ref(
        &self,
        agency: &AgencyCode,
        reference: &AgencyRef,
    ) -> Result<Option<DossierCode>, StoreError> {
        let s: Option<String> = sqlx::query_scalar(
            "SELECT stream_id FROM dossier_index WHERE agency = ?1 AND agency_ref = ?2 ORDER BY stream_id LIMIT 1",
        )
        .bind(agency.to_string())
        .bind(reference.as_str())
        .fetch_optional(&self.readers)
        .await
        .map_err(|e| from_sqlx("looking up an agency reference", e))?;
        s.map(|s| rows::dossier_code("dossier_index", &s))
            .transpose()
    }

    async fn query(&self, query: &DossierQuery) -> Result<Vec<DossierIndex>, StoreError> {
        sqlx::query(
            "SELECT * FROM dossier_index
             WHERE (?1 IS NULL OR agency_state = ?1)
               AND (?2 IS NULL OR (is_final = 0 AND due IS NOT NULL AND due < ?2))
               AND (?3 IS NULL OR stream_id > ?3)
             ORDER BY stream_id LIMIT ?4",
        )
        .bind(query.agency_state.as_ref().map(name_of))
        .bind(query.overdue_on.map(|d| d.to_string()))
        .bind(query.after.as_ref().map(|c| c.as_str().to_owned()))
        .bind(i64::try_from(query.limit).unwrap_or(i64::MAX))
        .fetch_all(&self.readers)
        .await
        .map_err(|e| from_sqlx("querying the index", e))?
        .iter()
        .map(rows::index_row)
        .collect()
    }

    async fn claim(
        &self,
        kind: DestinationKind,
        now: Timestamp,
        policy: &OutboxPolicy,
    ) -> Result<Vec<Claimed>, StoreError> {
        let policy = *policy;
        self.write(Commit::Synced, "claiming outbox messages", move |tx| {
            Box::pin(outbox::claim(tx, kind, now, policy))
        })
        .await
    }

    async fn complete(&self, lease: &Lease, _now: Timestamp) -> Result<(), StoreError> {
        let lease = *lease;
        self.write(Commit::Synced, "completing an outbox message", move |tx| {
            Box::pin(outbox::finish(tx, lease, outbox::Finish::Done))
        })
        .await
    }

    async fn retry_at(
        &self,
        lease: &Lease,
        at: Timestamp,
        error: &str,
        policy: &OutboxPolicy,
    ) -> Result<(), StoreError> {
        let lease = *lease;
        let finish = outbox::Finish::Retry {
            at,
            error: error.to_owned(),
            max_attempts: policy.max_attempts,
        };
        self.write(
            Commit::Synced,
            "rescheduling an outbox message",
            move |tx| Box::pin(outbox::finish(tx, lease, finish)),
        )
        .await
    }

    async fn dead_letter(&self, lease: &Lease, error: &str) -> Result<(), StoreError> {
        let lease = *lease;
        let finish = outbox::Finish::Dead {
            error: error.to_owned(),
        };
        self.write(
            Commit::Synced,
            "dead-lettering an outbox message",
            move |tx| Box::pin(outbox::finish(tx, lease, finish)),
        )
        .await
    }

    async fn dead_letters(&self, limit: usize) -> Result<Vec<OutboxMessage>, StoreError> {
        sqlx::query("SELECT * FROM outbox WHERE status = 'dead' ORDER BY id LIMIT ?1")
            .bind(i64::try_from(limit).unwrap_or(i64::MAX))
            .fetch_all(&self.readers)
            .await
            .map_err(|e| from_sqlx("reading dead letters", e))?
            .iter()
            .map(rows::outbox_row)
            .collect()
    }

    async fn revive(&self, message: u64, now: Timestamp) -> Result<(), StoreError> {
        self.write(Commit::Synced, "reviving a dead letter", move |tx| {
            Box::pin(outbox::revive(tx, message, now))
        })
        .await
    }

    async fn outbox_message(&self, message: u64) -> Result<Option<OutboxMessage>, StoreError> {
        sqlx::query("SELECT * FROM outbox WHERE id = ?1")
            .bind(i64::try_from(message).unwrap_or(i64::MAX))
            .fetch_optional(&self.readers)
            .await
            .map_err(|e| from_sqlx("reading an outbox message", e))?
            .as_ref()
            .map(rows::outbox_row)
            .transpose()
    }

    async fn outbox_counts(&self) -> Result<OutboxCounts, StoreError> {
        let rows = sqlx::query("SELECT status, COUNT(*) AS n FROM outbox GROUP BY status")
            .fetch_all(&self.readers)
            .await
            .map_err(|e| from_sqlx("counting the outbox", e))?;
        let mut counts = OutboxCounts::default();
        for row in &rows {
            let status: String = get(row, "status")?;
            let n = rows::count("outbox", &status, row, "n")?;
            match hoso_core::store::OutboxStatus::parse(&status) {
                Some(hoso_core::store::OutboxStatus::Pending) => counts.pending = n,
                Some(hoso_core::store::OutboxStatus::Done) => counts.done = n,
                Some(hoso_core::store::OutboxStatus::Dead) => counts.dead = n,
                None => return Err(error::corrupt("outbox", &status, "an unknown status")),
            }
        }
        Ok(counts)
    }

    async fn checkpoint(&self, consumer: &str) -> Result<u64, StoreError> {
        let row = sqlx::query("SELECT position FROM checkpoints WHERE consumer = ?1")
            .bind(consumer)
            .fetch_optional(&self.readers)
            .await
            .map_err(|e| from_sqlx("reading a checkpoint", e))?;
        row.map_or(Ok(0), |r| {
            rows::count("checkpoints", &consumer, &r, "position")
        })
    }

    async fn save_checkpoint(&self, consumer: &str, position: u64) -> Result<(), StoreError> {
        let consumer = consumer.to_owned();
        self.write(Commit::Synced, "saving a checkpoint", move |tx| {
            Box::pin(async move {
                sqlx::query(
                    "INSERT INTO checkpoints (consumer, position) VALUES (?1, ?2)
                     ON CONFLICT (consumer) DO UPDATE SET position = excluded.position",
                )
                .bind(consumer)
                .bind(i64::try_from(position).unwrap_or(i64::MAX))
                .execute(&mut *tx)
                .await
                .map_err(|e| from_sqlx("saving a checkpoint", e))?;
                Ok(())
            })
        })
        .await
    }

    async fn remember_once(
        &self,
        key: &str,
        until: Timestamp,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        check_once_key(key)?;
        let key = key.to_owned();
        self.write(Commit::Synced, "remembering a once-only key", move |tx| {
            Box::pin(async move {
                Expiring::OnceKeys.purge(&mut *tx, now).await?;
                let recorded = sqlx::query(
                    "INSERT INTO once_keys (key, until_us) VALUES (?1, ?2)
                     ON CONFLICT (key) DO UPDATE SET until_us = excluded.until_us
                     WHERE once_keys.until_us <= ?3",
                )
                .bind(key)
                .bind(rows::us(until))
                .bind(rows::us(now))
                .execute(&mut *tx)
                .await
                .map_err(|e| from_sqlx("remembering a once-only key", e))?;
                Ok(recorded.rows_affected() == 1)
            })
        })
        .await
    }

    async fn count_within(
        &self,
        counts: &[CountLimit<'_>],
        until: Timestamp,
        now: Timestamp,
    ) -> Result<Counted, StoreError> {
        let keys: Vec<(String, i64)> = window_count_keys(counts)?
            .into_iter()
            .map(|c| (c.key.to_owned(), i64::from(c.limit)))
            .collect();
        self.write(Commit::Unsynced, "counting within a window", move |tx| {
            Box::pin(async move {
                // Under the write lock (`BEGIN IMMEDIATE`): the counts read are the counts raised.
                Expiring::WindowCounts.purge(&mut *tx, now).await?;
                let mut over: Option<i64> = None;
                for (key, limit) in &keys {
                    let live: Option<(i64, i64)> = sqlx::query_as(
                        "SELECT count, until_us FROM window_counts WHERE key = ?1 AND until_us > ?2",
                    )
                    .bind(key)
                    .bind(rows::us(now))
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(|e| from_sqlx("reading a window count", e))?;
                    let (count, ends) = live.unwrap_or((0, rows::us(until)));
                    if count >= *limit {
                        over = Some(over.map_or(ends, |o| o.max(ends)));
                    }
                }
                if let Some(ends) = over {
                    let until = rows::instant("window_counts", &"a window count", ends)?;
                    return Ok(Counted::Over { until });
                }
                for (key, _) in &keys {
                    // A live window counts one more; an ended or absent one starts again at 1 (unless the
                    // new window would already have ended).
                    sqlx::query(
                        "INSERT INTO window_counts (key, count, until_us)
                         SELECT ?1, 1, ?2 WHERE ?2 > ?3
                         ON CONFLICT (key) DO UPDATE SET
                           count = CASE WHEN window_counts.until_us <= ?3 THEN 1
                                        ELSE window_counts.count + 1 END,
                           until_us = CASE WHEN window_counts.until_us <= ?3 THEN excluded.until_us
                                           ELSE window_counts.until_us END",
                    )
                    .bind(key)
                    .bind(rows::us(until))
                    .bind(rows::us(now))
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| from_sqlx("raising a window count", e))?;
                }
                Ok(Counted::Admitted)
            })
        })
        .await
    }

    async fn uncount(&self, keys: &[&str], now: Timestamp) -> Result<(), StoreError> {
        let keys: Vec<String> = uncount_keys(keys)?.into_iter().map(str::to_owned).collect();
        self.write(Commit::Unsynced, "giving back a window count", move |tx| {
            Box::pin(async move {
                for key in &keys {
                    sqlx::query(
                        "UPDATE window_counts SET count = count - 1
                         WHERE key = ?1 AND until_us > ?2 AND count > 0",
                    )
                    .bind(key)
                    .bind(rows::us(now))
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| from_sqlx("giving back a window count", e))?;
                }
                Ok(())
            })
        })
        .await
    }
}
