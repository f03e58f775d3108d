//! The one writer: how a write transaction is committed, and the purge of rows that expire.

use hoso_core::store::StoreError;
use jiff::Timestamp;
use sqlx::Connection;

use crate::error::from_sqlx;
use crate::{Durability, SqliteStore, rows};

impl SqliteStore {
    /// Runs `f` in a write transaction (`BEGIN IMMEDIATE`) on the one writer, committed as `commit` says.
    pub(crate) async fn write<T, F>(
        &self,
        commit: Commit,
        what: &'static str,
        f: F,
    ) -> Result<T, StoreError>
    where
        F: for<'c> FnOnce(
                &'c mut sqlx::SqliteConnection,
            ) -> std::pin::Pin<
                Box<dyn std::future::Future<Output = Result<T, StoreError>> + Send + 'c>,
            > + Send,
        T: Send,
    {
        let mut conn = self
            .writer
            .acquire()
            .await
            .map_err(|e| from_sqlx(what, e))?;
        let unsynced = commit == Commit::Unsynced && self.durability == Durability::Full;
        if unsynced {
            sqlx::query("PRAGMA synchronous = NORMAL")
                .execute(&mut *conn)
                .await
                .map_err(|e| from_sqlx(what, e))?;
        }
        let out = async {
            let mut tx = conn
                .begin_with("BEGIN IMMEDIATE")
                .await
                .map_err(|e| from_sqlx(what, e))?;
            let out = f(&mut tx).await?;
            tx.commit().await.map_err(|e| from_sqlx(what, e))?;
            Ok(out)
        }
        .await;
        // The writer's records are committed with FULL again; a connection that cannot be set back is
        // closed rather than returned to the pool (the pool opens a new one with the store's settings).
        if unsynced
            && let Err(e) = sqlx::query("PRAGMA synchronous = FULL")
                .execute(&mut *conn)
                .await
        {
            conn.close_on_drop();
            tracing::warn!(error = %e, "the writer could not be set back to synchronous=FULL: closed");
        }
        out
    }
}

/// How a write transaction is committed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Commit {
    /// As the store's [`Durability`] says: records, outbox, checkpoints, once-only keys.
    Synced,
    /// With `synchronous=NORMAL` whatever the store's durability, so without waiting for the disk: for
    /// what is no record, the window counts of a throttle. Such a commit survives a crash of the process;
    /// a power cut may lose the last ones (a throttle then counts a few failures less), never a record: in
    /// WAL mode the next `FULL` commit, an append's, syncs the log with every commit before it. A lookup
    /// makes one or two of these writes, and 1,000 concurrent lookups would otherwise queue behind 1,000
    /// to 2,000 syncs of the one writer.
    Unsynced,
}

/// A table whose rows expire (`until_us`): every call that writes one first purges a bounded batch of ended
/// rows (more than the one or two a call adds), so that a call stays short and the table holds about the
/// live rows.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Expiring {
    /// `once_keys` (schema 2).
    OnceKeys,
    /// `window_counts` (schema 3).
    WindowCounts,
}

impl Expiring {
    pub(crate) async fn purge(
        self,
        conn: &mut sqlx::SqliteConnection,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let (sql, what) = match self {
            Expiring::OnceKeys => (
                "DELETE FROM once_keys WHERE key IN
                 (SELECT key FROM once_keys WHERE until_us <= ?1 ORDER BY until_us LIMIT 64)",
                "purging expired once-only keys",
            ),
            Expiring::WindowCounts => (
                "DELETE FROM window_counts WHERE key IN
                 (SELECT key FROM window_counts WHERE until_us <= ?1 ORDER BY until_us LIMIT 64)",
                "purging ended window counts",
            ),
        };
        sqlx::query(sql)
            .bind(rows::us(now))
            .execute(conn)
            .await
            .map_err(|e| from_sqlx(what, e))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use hoso_core::store::{CountLimit, Counted, EventStore};

    use super::*;
    use crate::SqliteOptions;

    /// SQLite's `PRAGMA synchronous` of the writer: 1 NORMAL, 2 FULL.
    async fn writer_synchronous(store: &SqliteStore) -> i64 {
        sqlx::query_scalar("PRAGMA synchronous")
            .fetch_one(&store.writer)
            .await
            .expect("pragma")
    }

    #[tokio::test]
    async fn after_an_unsynced_count_the_writer_commits_records_with_full_again() {
        let dir = std::env::temp_dir().join(format!("hoso-sqlite-unit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let now = Timestamp::from_second(1_768_532_400).expect("instant");
        let until = now + jiff::SignedDuration::from_mins(5);
        let limits = [CountLimit::new("k", 1)];
        for (name, durability, expected) in [
            ("full.db", Durability::Full, 2),
            ("normal.db", Durability::Normal, 1),
        ] {
            let options = SqliteOptions {
                durability,
                ..SqliteOptions::default()
            };
            let store = SqliteStore::open_with(dir.join(name), options)
                .await
                .expect("open");
            assert_eq!(writer_synchronous(&store).await, expected, "{name}");
            let counted = store
                .count_within(&limits, until, now)
                .await
                .expect("count");
            assert_eq!(counted, Counted::Admitted);
            assert_eq!(writer_synchronous(&store).await, expected, "{name}");
            store.uncount(&["k"], now).await.expect("uncount");
            assert_eq!(writer_synchronous(&store).await, expected, "{name}");
            // A refused count (its transaction rolled back) leaves it as it was too.
            store
                .count_within(&limits, until, now)
                .await
                .expect("count");
            let over = store
                .count_within(&limits, until, now)
                .await
                .expect("count");
            assert_eq!(over, Counted::Over { until });
            assert_eq!(writer_synchronous(&store).await, expected, "{name}");
            store.close().await;
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
