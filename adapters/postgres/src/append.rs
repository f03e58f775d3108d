//! The append transaction: the whole of an [`Append`] in one PostgreSQL transaction, serialised with every
//! other append of the database by a transaction-scoped advisory lock.
//!
//! Why the lock and why it is taken in a statement of its own: see `docs/storage.md`, "Gap safety".

use std::collections::HashSet;

use hoso_core::store::payload::{EVENT_SCHEMA_VERSION, encode_event};
use hoso_core::store::{Append, AppendOutcome, StoreError, StoreErrorKind};
use sqlx::{PgConnection, PgPool, Row};

use crate::error::{from_sqlx, is_unique_violation};
use crate::rows::{count, get, name_of, us};

/// The advisory lock (per database) every append holds from its first statement to its commit.
pub(crate) const APPEND_LOCK: i64 = 0x686f_736f_0000_0001;

/// The channel `pg_notify` wakes with new events; the payload is the last global position written.
pub const EVENTS_CHANNEL: &str = "hoso_events";
/// The channel `pg_notify` wakes with new outbox messages; the payload is the destination kind
/// (`agency`, `portal`, `postal`, `citizen`).
pub const OUTBOX_CHANNEL: &str = "hoso_outbox";

/// An event ready to be written: its id as UUID text, its type and its JSON.
struct Encoded {
    id: String,
    event_type: &'static str,
    payload: String,
}

/// Writes `append` in one transaction and returns what it did.
pub(crate) async fn append(pool: &PgPool, append: Append) -> Result<AppendOutcome, StoreError> {
    append.check()?;
    // Encode before the transaction: what cannot be stored is refused with nothing written.
    let mut seen = HashSet::new();
    let mut encoded = Vec::with_capacity(append.events.len());
    for e in &append.events {
        let payload = encode_event(e)?;
        if seen.insert(e.id) {
            encoded.push(Encoded {
                id: e.id.to_string(),
                event_type: e.kind.event_type().name(),
                payload,
            });
        }
    }
    let mut outbox_keys = HashSet::new();
    let mut outbox = Vec::with_capacity(append.outbox.len());
    for m in &append.outbox {
        let payload = m.payload.to_string();
        if outbox_keys.insert(m.key.as_str()) {
            outbox.push((m, payload));
        }
    }
    let mut custody_seen = HashSet::new();
    let mut custody = Vec::with_capacity(append.custody.len());
    for c in &append.custody {
        let sequence = i64::try_from(c.sequence).map_err(|_| {
            StoreError::new(
                StoreErrorKind::Invalid,
                format!(
                    "custody sequence {} of {} is too large",
                    c.sequence, append.dossier
                ),
            )
        })?;
        if custody_seen.insert(sequence) {
            custody.push((sequence, c.record.as_str()));
        }
    }

    let mut tx = pool
        .begin()
        .await
        .map_err(|e| from_sqlx("starting an append", e))?;
    // The lock in a statement of its own: a READ COMMITTED statement reads the snapshot taken when it
    // starts, so the reads below must start after the lock is held to see the last append's commit.
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(APPEND_LOCK)
        .execute(&mut *tx)
        .await
        .map_err(|e| from_sqlx("taking the append lock", e))?;
    let stream = append.dossier.as_str();
    let ids: Vec<&str> = encoded.iter().map(|e| e.id.as_str()).collect();
    let state = sqlx::query(
        "SELECT s.version, p.last_position, c.version AS cmd_version, c.appended AS cmd_appended, \
                c.last_position AS cmd_last_position, \
                (extract(epoch FROM clock_timestamp()) * 1000000)::bigint AS now_us, \
                ARRAY(SELECT event_id::text FROM events \
                      WHERE stream_id = $1 AND event_id = ANY($2::text[]::uuid[])) AS present \
         FROM (SELECT COALESCE(max(global_position), 0) AS last_position FROM events) p \
         LEFT JOIN streams s ON s.stream_id = $1 \
         LEFT JOIN processed_commands c ON c.command_id = $3",
    )
    .bind(stream)
    .bind(&ids)
    .bind(append.command.as_ref().map(|c| c.as_str()))
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| from_sqlx("reading the stream's version", e))?;
    let key: &dyn std::fmt::Display = &append.dossier;
    if let Some(appended) = get::<Option<i64>>(&state, "cmd_appended")? {
        let last: Option<i64> = get(&state, "cmd_last_position")?;
        return Ok(AppendOutcome {
            version: count("processed_commands", key, get(&state, "cmd_version")?)?,
            appended: count("processed_commands", key, appended)?,
            last_position: last
                .map(|p| count("processed_commands", key, p))
                .transpose()?,
            repeated_command: true,
        });
    }
    let current: Option<i64> = get(&state, "version")?;
    let current = current.map(|v| count("streams", key, v)).transpose()?;
    let last_position = count("events", key, get(&state, "last_position")?)?;
    let now_us: i64 = get(&state, "now_us")?;
    let present: Vec<String> = get(&state, "present")?;
    encoded.retain(|e| !present.contains(&e.id));
    if let Some(no_op) = append.admit(current, encoded.len())? {
        return Ok(no_op);
    }
    let base = current.unwrap_or(0);
    let appended = encoded.len() as u64;
    let outcome = AppendOutcome {
        version: base + appended,
        appended,
        last_position: (appended > 0).then_some(last_position + appended),
        repeated_command: false,
    };
    let written = write_events_and_outbox(
        &mut tx,
        &append,
        &encoded,
        &outbox,
        base,
        last_position,
        now_us,
    )
    .await;
    match written {
        Ok(()) => {}
        Err(e) if is_unique_violation(&e) => {
            // Only a writer that bypassed the append lock can get here; report what the stream holds now.
            drop(tx);
            return Err(race_conflict(pool, &append).await);
        }
        Err(e) => return Err(from_sqlx("writing the events", e)),
    }
    if !custody.is_empty() {
        let (sequences, records): (Vec<i64>, Vec<&str>) = custody.into_iter().unzip();
        sqlx::query(
            "INSERT INTO custody (stream_id, sequence, record) \
             SELECT $1, c.sequence, c.record FROM UNNEST($2::bigint[], $3::text[]) AS c(sequence, record) \
             ON CONFLICT (stream_id, sequence) DO NOTHING",
        )
        .bind(stream)
        .bind(sequences)
        .bind(records)
        .execute(&mut *tx)
        .await
        .map_err(|e| from_sqlx("writing the custody records", e))?;
    }
    if let Some(index) = &append.index {
        write_index(&mut tx, index).await?;
    }
    if let Some(command) = &append.command {
        sqlx::query(
            "INSERT INTO processed_commands (command_id, stream_id, version, appended, last_position) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(command.as_str())
        .bind(stream)
        .bind(crate::rows::big(outcome.version))
        .bind(crate::rows::big(outcome.appended))
        .bind(outcome.last_position.map(crate::rows::big))
        .execute(&mut *tx)
        .await
        .map_err(|e| from_sqlx("recording the command", e))?;
    }
    tx.commit()
        .await
        .map_err(|e| from_sqlx("committing the append", e))?;
    Ok(outcome)
}

/// The events, the stream's new version, the outbox messages and their notifications, in one statement.
async fn write_events_and_outbox(
    conn: &mut PgConnection,
    append: &Append,
    events: &[Encoded],
    outbox: &[(&hoso_core::store::NewOutboxMessage, String)],
    base: u64,
    last_position: u64,
    now_us: i64,
) -> Result<(), sqlx::Error> {
    let ids: Vec<&str> = events.iter().map(|e| e.id.as_str()).collect();
    let types: Vec<&str> = events.iter().map(|e| e.event_type).collect();
    let payloads: Vec<&str> = events.iter().map(|e| e.payload.as_str()).collect();
    let keys: Vec<&str> = outbox.iter().map(|(m, _)| m.key.as_str()).collect();
    let destinations: Vec<String> = outbox
        .iter()
        .map(|(m, _)| m.destination.to_string())
        .collect();
    let kinds: Vec<&str> = outbox
        .iter()
        .map(|(m, _)| m.destination.kind().as_str())
        .collect();
    let bodies: Vec<&str> = outbox.iter().map(|(_, p)| p.as_str()).collect();
    let not_before: Vec<Option<i64>> = outbox.iter().map(|(m, _)| m.not_before.map(us)).collect();
    let row = sqlx::query(
        "WITH ev AS ( \
            INSERT INTO events (global_position, stream_id, stream_version, event_id, event_type, \
                                schema_version, payload, recorded_at_us) \
            SELECT $2::bigint + e.n, $1, $3::bigint + e.n, e.id::uuid, e.event_type, $4, e.payload, $5 \
            FROM UNNEST($6::text[], $7::text[], $8::text[]) WITH ORDINALITY AS e(id, event_type, payload, n) \
            RETURNING 1 \
         ), st AS ( \
            INSERT INTO streams (stream_id, version) \
            SELECT $1, $3::bigint + cardinality($6::text[]) WHERE cardinality($6::text[]) > 0 \
            ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version \
            RETURNING 1 \
         ), ob AS ( \
            INSERT INTO outbox (stream_id, key, destination, destination_kind, payload, status, \
                                next_attempt_at_us, created_at_us) \
            SELECT $1, o.key, o.destination, o.kind, o.payload, 'pending', o.not_before, $5 \
            FROM UNNEST($9::text[], $10::text[], $11::text[], $12::text[], $13::bigint[]) \
                 WITH ORDINALITY AS o(key, destination, kind, payload, not_before, n) \
            ORDER BY o.n \
            ON CONFLICT (key) DO NOTHING \
            RETURNING destination_kind \
         ) \
         SELECT (SELECT count(*) FROM ev) AS events, \
                (SELECT count(pg_notify('hoso_events', ($2::bigint + cardinality($6::text[]))::text)) \
                 FROM (SELECT 1 WHERE cardinality($6::text[]) > 0) AS any_event) AS woke_events, \
                (SELECT count(pg_notify('hoso_outbox', k.kind)) \
                 FROM (SELECT DISTINCT destination_kind AS kind FROM ob) AS k) AS woke_outbox",
    )
    .bind(append.dossier.as_str())
    .bind(crate::rows::big(last_position))
    .bind(crate::rows::big(base))
    .bind(i32::try_from(EVENT_SCHEMA_VERSION).unwrap_or(i32::MAX))
    .bind(now_us)
    .bind(ids)
    .bind(types)
    .bind(payloads)
    .bind(keys)
    .bind(destinations)
    .bind(kinds)
    .bind(bodies)
    .bind(not_before)
    .fetch_one(&mut *conn)
    .await?;
    let written: i64 = row.try_get("events")?;
    if usize::try_from(written).ok() != Some(events.len()) {
        return Err(sqlx::Error::Protocol(format!(
            "{} events to write, {written} written",
            events.len()
        )));
    }
    Ok(())
}

/// The dossier's index row, its tracking numbers and its agency reference.
async fn write_index(
    conn: &mut PgConnection,
    index: &hoso_core::store::DossierIndex,
) -> Result<(), StoreError> {
    let tracking_json = serde_json::to_string(&index.tracking).map_err(|e| {
        StoreError::new(
            StoreErrorKind::Invalid,
            format!("the tracking numbers of {}: {e}", index.dossier),
        )
    })?;
    let mut seen = HashSet::new();
    let tracking: Vec<&str> = index
        .tracking
        .iter()
        .map(|t| t.as_str())
        .filter(|t| seen.insert(*t))
        .collect();
    sqlx::query(
        "WITH ix AS ( \
            INSERT INTO dossier_index (stream_id, version, agency_state, agency_final, postal_state, \
                                       tracking, agency, agency_ref, due, last_event_at_us) \
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text::date, $10) \
            ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version, \
                agency_state = excluded.agency_state, agency_final = excluded.agency_final, \
                postal_state = excluded.postal_state, tracking = excluded.tracking, \
                agency = excluded.agency, agency_ref = excluded.agency_ref, due = excluded.due, \
                last_event_at_us = excluded.last_event_at_us \
         ), tr AS ( \
            INSERT INTO tracking_numbers (tracking, stream_id) SELECT t, $1 FROM UNNEST($11::text[]) AS t \
            ON CONFLICT (tracking) DO UPDATE SET stream_id = excluded.stream_id \
         ), rf AS ( \
            INSERT INTO agency_refs (agency, reference, stream_id) SELECT $7, $8, $1 WHERE $7 IS NOT NULL \
            ON CONFLICT (agency, reference) DO UPDATE SET stream_id = excluded.stream_id \
         ) \
         SELECT 1",
    )
    .bind(index.dossier.as_str())
    .bind(crate::rows::big(index.version))
    .bind(name_of(&index.agency_state)?)
    .bind(index.agency_state.is_final())
    .bind(name_of(&index.postal_state)?)
    .bind(tracking_json)
    .bind(index.filing.as_ref().map(|f| f.agency.to_string()))
    .bind(index.filing.as_ref().map(|f| f.reference.0.as_str()))
    .bind(index.due.map(|d| d.to_string()))
    .bind(index.last_event_at.map(us))
    .bind(tracking)
    .execute(&mut *conn)
    .await
    .map_err(|e| from_sqlx("writing the dossier's index row", e))?;
    Ok(())
}

/// The conflict to report when a write met a row another writer put there: the stream's version as its
/// events now say.
async fn race_conflict(pool: &PgPool, append: &Append) -> StoreError {
    let actual = sqlx::query_scalar::<_, Option<i64>>(
        "SELECT max(stream_version) FROM events WHERE stream_id = $1",
    )
    .bind(append.dossier.as_str())
    .fetch_one(pool)
    .await;
    match actual {
        Ok(v) => StoreError::conflict(append.expected, v.and_then(|v| u64::try_from(v).ok()))
            .with_code("23505"),
        Err(e) => from_sqlx("reading the stream's version after a conflict", e),
    }
}
