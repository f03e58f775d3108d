//! Conversions between the core's types and PostgreSQL's columns: instants as BIGINT microseconds (UTC),
//! counts and positions as BIGINT, enums as their serde names, event ids as UUID, dates as DATE (read as
//! ISO text). A value that does not convert back is `Corrupt`, never a panic.

use hoso_core::adapter::AgencyRef;
use hoso_core::event::EventId;
use hoso_core::store::payload::decode_event;
use hoso_core::store::{
    AgencyFiling, DossierIndex, OutboxMessage, OutboxStatus, RecordedEvent, StoreError,
};
use hoso_core::{DossierCode, TrackingNumber};
use jiff::Timestamp;
use serde_json::Value;
use sqlx::Row;
use sqlx::postgres::PgRow;

use crate::error::{corrupt, from_sqlx};

/// The columns [`recorded_event`] reads, in a `SELECT` over `events` (a literal, for `concat!`: queries are
/// static text).
macro_rules! event_columns {
    () => {
        "global_position, stream_id, stream_version, event_id::text AS event_id, schema_version, payload, \
         recorded_at_us"
    };
}
pub(crate) use event_columns;

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

/// A count, position or version from the port (u64) as a BIGINT; values past `i64::MAX` (which no store
/// reaches) are clamped, so that "after this position" still means "after everything".
pub(crate) fn big(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// An enum's serde name (`processing`, `in_transit`).
pub(crate) fn name_of<T: serde::Serialize>(v: &T) -> Result<String, StoreError> {
    match serde_json::to_value(v) {
        Ok(Value::String(s)) => Ok(s),
        _ => Err(StoreError::new(
            hoso_core::store::StoreErrorKind::Invalid,
            "a state that has no plain serde name",
        )),
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

/// A column of `row`.
pub(crate) fn get<'r, T>(row: &'r PgRow, col: &str) -> Result<T, StoreError>
where
    T: sqlx::Decode<'r, sqlx::Postgres> + sqlx::Type<sqlx::Postgres>,
{
    row.try_get(col)
        .map_err(|e| from_sqlx(&format!("reading column {col}"), e))
}

/// A BIGINT that counts something, back to u64.
pub(crate) fn count(table: &str, key: &dyn std::fmt::Display, v: i64) -> Result<u64, StoreError> {
    u64::try_from(v).map_err(|_| corrupt(table, key, format!("negative count {v}")))
}

/// A stream id back to a dossier code.
pub(crate) fn dossier_code(table: &str, s: &str) -> Result<DossierCode, StoreError> {
    s.parse()
        .map_err(|_| corrupt(table, &"?", "a stream id that is not a dossier code"))
}

/// An `events` row, read with `event_columns!`.
pub(crate) fn recorded_event(row: &PgRow) -> Result<RecordedEvent, StoreError> {
    let position: i64 = get(row, "global_position")?;
    let key: &dyn std::fmt::Display = &position;
    let stream: String = get(row, "stream_id")?;
    let id: String = get(row, "event_id")?;
    let id: EventId = id
        .parse()
        .map_err(|_| corrupt("events", key, "an event id that is not a UUID"))?;
    let schema: i32 = get(row, "schema_version")?;
    let schema = u32::try_from(schema)
        .map_err(|_| corrupt("events", key, format!("schema version {schema}")))?;
    let payload: &str = get(row, "payload")?;
    Ok(RecordedEvent {
        position: count("events", key, position)?,
        dossier: dossier_code("events", &stream)?,
        version: count("events", key, get(row, "stream_version")?)?,
        recorded_at: instant("events", key, get(row, "recorded_at_us")?)?,
        event: decode_event(schema, payload, id)?,
    })
}

/// The columns [`index_row`] reads, in a `SELECT` over `dossier_index`.
macro_rules! index_columns {
    () => {
        "stream_id, version, agency_state, postal_state, tracking, agency, agency_ref, \
         to_char(due, 'YYYY-MM-DD') AS due, last_event_at_us"
    };
}
pub(crate) use index_columns;

/// A `dossier_index` row, read with `index_columns!`.
pub(crate) fn index_row(row: &PgRow) -> Result<DossierIndex, StoreError> {
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
            reference: AgencyRef(r),
        }),
        (None, None) => None,
        _ => {
            return Err(corrupt(
                "dossier_index",
                key,
                "an agency without a reference",
            ));
        }
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
        version: count("dossier_index", key, get(row, "version")?)?,
        agency_state: from_name("dossier_index", key, get(row, "agency_state")?)?,
        postal_state: from_name("dossier_index", key, get(row, "postal_state")?)?,
        tracking,
        filing,
        due,
        last_event_at: last.map(|v| instant("dossier_index", key, v)).transpose()?,
    })
}

/// The columns [`outbox_row`] reads, in a `SELECT` over `outbox` (or a `RETURNING`).
macro_rules! outbox_columns {
    () => {
        "id, stream_id, key, destination, payload, status, attempts, next_attempt_at_us, last_error, \
         created_at_us"
    };
}
pub(crate) use outbox_columns;

/// An `outbox` row, read with `outbox_columns!`.
pub(crate) fn outbox_row(row: &PgRow) -> Result<OutboxMessage, StoreError> {
    let id: i64 = get(row, "id")?;
    let key: &dyn std::fmt::Display = &id;
    let stream: String = get(row, "stream_id")?;
    let destination: String = get(row, "destination")?;
    let payload: String = get(row, "payload")?;
    let status: String = get(row, "status")?;
    let attempts: i64 = get(row, "attempts")?;
    let next: Option<i64> = get(row, "next_attempt_at_us")?;
    Ok(OutboxMessage {
        id: count("outbox", key, id)?,
        dossier: dossier_code("outbox", &stream)?,
        key: get(row, "key")?,
        destination: destination
            .parse()
            .map_err(|_| corrupt("outbox", key, "an unknown destination"))?,
        payload: serde_json::from_str(&payload).map_err(|e| {
            corrupt(
                "outbox",
                key,
                format!("payload: {}", hoso_core::store::payload::json_error(&e)),
            )
        })?,
        status: OutboxStatus::parse(&status)
            .ok_or_else(|| corrupt("outbox", key, "an unknown status"))?,
        attempts: u32::try_from(attempts)
            .map_err(|_| corrupt("outbox", key, format!("attempts {attempts}")))?,
        next_attempt_at: next.map(|v| instant("outbox", key, v)).transpose()?,
        last_error: get(row, "last_error")?,
        created_at: instant("outbox", key, get(row, "created_at_us")?)?,
    })
}
