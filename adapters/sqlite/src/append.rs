//! The append transaction: everything an [`Append`] asks, under SQLite's single writer lock.

use std::collections::HashSet;

use hoso_core::store::payload::{EVENT_SCHEMA_VERSION, encode_event};
use hoso_core::store::{Append, AppendOutcome, StoreError};
use jiff::Timestamp;
use sqlx::{Row, SqliteConnection};

use crate::error::from_sqlx;
use crate::rows::{name_of, us};

struct Encoded {
    id: String,
    event_type: &'static str,
    payload: String,
}

/// Appends inside the open `BEGIN IMMEDIATE` transaction on `tx`. The caller commits.
///
/// `BEGIN IMMEDIATE` takes SQLite's write lock before the first read, so the expected-version check, the
/// positions handed out (the `events` rowid, one more than the largest) and the commit all happen while no
/// other writer, in this process or another, can interleave: positions become visible in the order they are
/// given, which is the gap-safety argument of `docs/storage.md`.
pub(crate) async fn append_in(
    tx: &mut SqliteConnection,
    append: Append,
) -> Result<AppendOutcome, StoreError> {
    let encoded: Vec<Encoded> = append
        .events
        .iter()
        .map(|e| {
            Ok(Encoded {
                id: e.id.to_string(),
                event_type: e.kind.event_type().name(),
                payload: encode_event(e)?,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    let stream = append.dossier.as_str();
    let db = |what: &'static str| move |e| from_sqlx(what, e);
    if let Some(cmd) = &append.command {
        let first = sqlx::query(
            "SELECT version, appended, last_position FROM commands WHERE command_id = ?1",
        )
        .bind(cmd.as_str())
        .fetch_optional(&mut *tx)
        .await
        .map_err(db("reading the command record"))?;
        if let Some(row) = first {
            let key = cmd.as_str();
            let last: Option<i64> = row.try_get("last_position").map_err(db("command"))?;
            return Ok(AppendOutcome {
                version: crate::rows::count("commands", &key, &row, "version")?,
                appended: crate::rows::count("commands", &key, &row, "appended")?,
                last_position: last.and_then(|p| u64::try_from(p).ok()),
                repeated_command: true,
            });
        }
    }
    let current: Option<i64> =
        sqlx::query_scalar("SELECT version FROM streams WHERE stream_id = ?1")
            .bind(stream)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db("reading the stream's version"))?;
    let current = current
        .map(|v| {
            u64::try_from(v)
                .map_err(|_| StoreError::corrupt(format!("stream {stream} at version {v}")))
        })
        .transpose()?;
    let mut seen = HashSet::new();
    let mut fresh = Vec::with_capacity(encoded.len());
    for e in encoded {
        if !seen.insert(e.id.clone()) {
            continue;
        }
        if current.is_some() {
            let known: Option<i64> =
                sqlx::query_scalar("SELECT 1 FROM events WHERE stream_id = ?1 AND event_id = ?2")
                    .bind(stream)
                    .bind(&e.id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(db("looking up an event id"))?;
            if known.is_some() {
                continue;
            }
        }
        fresh.push(e);
    }
    if let Some(noop) = append.admit(current, fresh.len())? {
        return Ok(noop);
    }
    let now = us(Timestamp::now());
    let mut version = current.unwrap_or(0);
    let mut last_position = None;
    let appended = fresh.len() as u64;
    for e in &fresh {
        version += 1;
        let done = sqlx::query(
            "INSERT INTO events (stream_id, version, event_id, event_type, schema_version, payload, recorded_at_us)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )
        .bind(stream)
        .bind(version as i64)
        .bind(&e.id)
        .bind(e.event_type)
        .bind(i64::from(EVENT_SCHEMA_VERSION))
        .bind(&e.payload)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(db("writing an event"))?;
        last_position = u64::try_from(done.last_insert_rowid()).ok();
    }
    if appended > 0 {
        sqlx::query(
            "INSERT INTO streams (stream_id, version) VALUES (?1, ?2)
             ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version",
        )
        .bind(stream)
        .bind(version as i64)
        .execute(&mut *tx)
        .await
        .map_err(db("writing the stream's version"))?;
    }
    for m in &append.outbox {
        sqlx::query(
            "INSERT INTO outbox (stream_id, key, destination, kind, payload, status, attempts, next_attempt_at_us, created_at_us)
             VALUES (?1, ?2, ?3, ?4, ?5, 'pending', 0, ?6, ?7)
             ON CONFLICT (key) DO NOTHING",
        )
        .bind(stream)
        .bind(&m.key)
        .bind(m.destination.to_string())
        .bind(m.destination.kind().as_str())
        .bind(m.payload.to_string())
        .bind(m.not_before.map(us))
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(db("writing an outbox message"))?;
    }
    for c in &append.custody {
        sqlx::query(
            "INSERT INTO custody (stream_id, sequence, record) VALUES (?1, ?2, ?3)
             ON CONFLICT (stream_id, sequence) DO NOTHING",
        )
        .bind(stream)
        .bind(i64::try_from(c.sequence).unwrap_or(i64::MAX))
        .bind(&c.record)
        .execute(&mut *tx)
        .await
        .map_err(db("writing a custody record"))?;
    }
    if let Some(index) = &append.index {
        let tracking = serde_json::to_string(&index.tracking).unwrap_or_else(|_| "[]".to_owned());
        sqlx::query(
            "INSERT OR REPLACE INTO dossier_index
               (stream_id, version, agency_state, postal_state, is_final, tracking, agency, agency_ref, due, last_event_at_us)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )
        .bind(stream)
        .bind(index.version as i64)
        .bind(name_of(&index.agency_state))
        .bind(name_of(&index.postal_state))
        .bind(index.agency_state.is_final())
        .bind(tracking)
        .bind(index.filing.as_ref().map(|f| f.agency.to_string()))
        .bind(index.filing.as_ref().map(|f| f.reference.as_str().to_owned()))
        .bind(index.due.map(|d| d.to_string()))
        .bind(index.last_event_at.map(us))
        .execute(&mut *tx)
        .await
        .map_err(db("writing the index row"))?;
        for t in &index.tracking {
            sqlx::query(
                "INSERT INTO tracking (tracking, stream_id) VALUES (?1, ?2)
                 ON CONFLICT (tracking) DO UPDATE SET stream_id = excluded.stream_id",
            )
            .bind(t.to_string())
            .bind(stream)
            .execute(&mut *tx)
            .await
            .map_err(db("writing a tracking number"))?;
        }
    }
    let outcome = AppendOutcome {
        version,
        appended,
        last_position,
        repeated_command: false,
    };
    if let Some(cmd) = &append.command {
        sqlx::query(
            "INSERT INTO commands (command_id, stream_id, version, appended, last_position) VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .bind(cmd.as_str())
        .bind(stream)
        .bind(version as i64)
        .bind(appended as i64)
        .bind(last_position.map(|p| p as i64))
        .execute(&mut *tx)
        .await
        .map_err(db("recording the command"))?;
    }
    Ok(outcome)
}
