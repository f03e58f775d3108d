//! Conversions between the core's types and SQLite's columns: instants as integer microseconds (UTC), enums
//! as their serde names, dates as ISO text. A value that does not convert back is `Corrupt`.

use hoso_core::event::EventId;
use hoso_core::store::{
    AgencyFiling, DossierIndex, OutboxMessage, OutboxStatus, RecordedEvent, StoreError,
    payload::decode_event,
};
use hoso_core::{DossierCode, TrackingNumber};
use jiff::Timestamp;
use serde_json::Value;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use crate::error::{corrupt, from_sqlx};

/// An instant as microseconds since the epoch (UTC).
pub(crate) fn us(ts: Timestamp) -> i64 {
    ts.as_microsecond()
}

/// Microseconds since the epoch back to an instant.
pub(crate) fn instant(
    table: &str,
    key: &dyn std::fmt::Display,
    v: i64,
) -> Result<Timestamp, StoreError> {
    Timestamp::from_microsecond(v).map_err(|e| corrupt(table, key, format!("instant {v}: {e}")))
}

/// An enum's serde name (`processing`, `in_transit`).
pub(crate) fn name_of<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(Value::String(s)) => s,
        // The core's state enums serialise as plain names; anything else is a programming error caught by tests.
        other => format!("{other:?}"),
    }
}

/// An enum from its serde name.
pub(crate) fn from_name<T: serde::de::DeserializeOwned>(
    table: &str,
    key: &dyn std::fmt::Display,
    s: String,
) -> Result<T, StoreError> {
    serde_json::from_value(Value::String(s))
        .map_err(|_| corrupt(table, key, "an unknown state name"))
}

pub(crate) fn get<'r, T>(row: &'r SqliteRow, col: &str) -> Result<T, StoreError>
where
    T: sqlx::Decode<'r, sqlx::Sqlite> + sqlx::Type<sqlx::Sqlite>,
{
    row.try_get(col)
        .map_err(|e| from_sqlx(&format!("reading column {col}"), e))
}

fn u64_of(table: &str, key: &dyn std::fmt::Display, v: i64) -> Result<u64, StoreError> {
    u64::try_from(v).map_err(|_| corrupt(table, key, format!("negative count {v}")))
}

pub(crate) fn count(
    table: &str,
    key: &dyn std::fmt::Display,
    row: &SqliteRow,
    col: &str,
) -> Result<u64, StoreError> {
    u64_of(table, key, get::<i64>(row, col)?)
}

pub(crate) fn dossier_code(table: &str, s: &str) -> Result<DossierCode, StoreError> {
    s.parse()
        .map_err(|_| corrupt(table, "?", "a stream id that is not a dossier code"))
}

/// An `events` row (position, stream_id, version, event_id, schema_version, payload, recorded_at_us).
pub(crate) fn recorded_event(row: &SqliteRow) -> Result<RecordedEvent, StoreError> {
    let position = get::<i64>(row, "position")?;
    let key: &dyn std::fmt::Display = &position;
    let stream: String = get(row, "stream_id")?;
    let id: String = get(row, "event_id")?;
    let id: EventId = id
        .parse()
        .map_err(|_| corrupt("events", key, "an event id that is not a UUID"))?;
    let schema: i64 = get(row, "schema_version")?;
    let schema = u32::try_from(schema).map_err(|_| corrupt("events", key, "schema version"))?;
    let payload: &str = get(row, "payload")?;
    Ok(RecordedEvent {
        position: u64_of("events", key, position)?,
        dossier: dossier_code("events", &stream)?,
        version: count("events", key, row, "version")?,
        recorded_at: instant("events", key, get(row, "recorded_at_us")?)?,
        event: decode_event(schema, payload, id)?,
    })
}

/// A `dossier_index` row.
pub(crate) fn index_row(row: &SqliteRow) -> Result<DossierIndex, StoreError> {
    let stream: String = get(row, "stream_id")?;
    let key: &dyn std::fmt::Display = &stream;
    let tracking: String = get(row, "tracking")?;
    let tracking: Vec<TrackingNumber> = serde_json::from_str(&tracking)
        .map_err(|_| corrupt("dossier_index", key, "tracking numbers"))?;
    let agency: Option<String> = get(row, "agency")?;
    let reference: Option<String> = get(row, "agency_ref")?;
    let filing = match (agency, reference) {
        (Some(a), Some(r)) => Some(AgencyFiling {
            agency: a
                .parse()
                .map_err(|_| corrupt("dossier_index", key, "agency code"))?,
            reference: hoso_core::adapter::AgencyRef(r),
        }),
        _ => None,
    };
    let due: Option<String> = get(row, "due")?;
    let due = due
        .map(|d| {
            d.parse()
                .map_err(|_| corrupt("dossier_index", key, "due date"))
        })
        .transpose()?;
    let last: Option<i64> = get(row, "last_event_at_us")?;
    Ok(DossierIndex {
        dossier: dossier_code("dossier_index", &stream)?,
        version: count("dossier_index", key, row, "version")?,
        agency_state: from_name("dossier_index", key, get(row, "agency_state")?)?,
        postal_state: from_name("dossier_index", key, get(row, "postal_state")?)?,
        tracking,
        filing,
        due,
        last_event_at: last.map(|v| instant("dossier_index", key, v)).transpose()?,
    })
}

/// An `outbox` row.
pub(crate) fn outbox_row(row: &SqliteRow) -> Result<OutboxMessage, StoreError> {
    let id = get::<i64>(row, "id")?;
    let key: &dyn std::fmt::Display = &id;
    let stream: String = get(row, "stream_id")?;
    let destination: String = get(row, "destination")?;
    let payload: String = get(row, "payload")?;
    let status: String = get(row, "status")?;
    let attempts: i64 = get(row, "attempts")?;
    let next: Option<i64> = get(row, "next_attempt_at_us")?;
    Ok(OutboxMessage {
        id: u64_of("outbox", key, id)?,
        dossier: dossier_code("outbox", &stream)?,
        key: get(row, "key")?,
        destination: destination
            .parse()
            .map_err(|_| corrupt("outbox", key, "destination"))?,
        payload: serde_json::from_str(&payload)
            .map_err(|_| corrupt("outbox", key, "payload is not JSON"))?,
        status: OutboxStatus::parse(&status).ok_or_else(|| corrupt("outbox", key, "status"))?,
        attempts: u32::try_from(attempts).map_err(|_| corrupt("outbox", key, "attempts"))?,
        next_attempt_at: next.map(|v| instant("outbox", key, v)).transpose()?,
        last_error: get(row, "last_error")?,
        created_at: instant("outbox", key, get(row, "created_at_us")?)?,
    })
}
