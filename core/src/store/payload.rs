//! How events are kept as bytes: JSON with a schema version, and the upcasting steps that read older
//! payloads. Every engine stores and reads events through these two functions, so all engines read the same
//! history the same way.
//!
//! Version 1 is the event's JSON as [`Event`]'s serde form writes it today (the form of
//! `core/tests/fixtures/store/events-v1.json`). When that form changes, the change gets a new version and
//! an upcasting step from the one before, written as a function on the JSON value, so that every payload ever
//! stored still reads; the committed fixture of version 1 keeps that promise tested. A new event type is
//! additive (no stored payload changes form) and stays in version 1, with its payload added to the fixture.

use crate::event::{Event, EventId};

use super::{StoreError, StoreErrorKind};

/// The schema version of the events this code writes.
pub const EVENT_SCHEMA_VERSION: u32 = 1;

/// The largest payload (one event, one outbox message, one custody record) a store accepts, in bytes.
pub const MAX_PAYLOAD_BYTES: usize = 4 << 20;

/// One upcasting step: turns a payload of `from` into one of `from + 1`.
struct Upcaster {
    from: u32,
    step: fn(serde_json::Value) -> Result<serde_json::Value, String>,
}

/// The steps from each older version to the next, in order. Empty while version 1 is the only one.
const UPCASTERS: &[Upcaster] = &[];

/// An event as the store keeps it: its JSON text and the schema version of that text.
///
/// ```
/// use hoso_core::store::payload::{EVENT_SCHEMA_VERSION, decode_event, encode_event};
/// let event = hoso_core::demo::opened_event();
/// let json = encode_event(&event).unwrap();
/// let back = decode_event(EVENT_SCHEMA_VERSION, &json, event.id).unwrap();
/// assert_eq!(back, event);
/// ```
pub fn encode_event(event: &Event) -> Result<String, StoreError> {
    let json = serde_json::to_string(event).map_err(|e| {
        StoreError::new(
            StoreErrorKind::Invalid,
            format!("event {} cannot be written as JSON: {e}", event.id),
        )
    })?;
    check_size("event", &json)?;
    Ok(json)
}

/// Refuses a payload larger than [`MAX_PAYLOAD_BYTES`].
pub fn check_size(what: &str, payload: &str) -> Result<(), StoreError> {
    if payload.len() > MAX_PAYLOAD_BYTES {
        return Err(StoreError::new(
            StoreErrorKind::TooLarge,
            format!(
                "{what} of {} bytes exceeds the store's limit of {MAX_PAYLOAD_BYTES} bytes",
                payload.len()
            ),
        ));
    }
    Ok(())
}

/// Reads a stored event of `schema_version`, upcasting older versions, and checks that it carries the id the
/// store indexed it under.
pub fn decode_event(schema_version: u32, json: &str, id: EventId) -> Result<Event, StoreError> {
    let event: Event = if schema_version == EVENT_SCHEMA_VERSION {
        serde_json::from_str(json).map_err(|e| corrupt(id, schema_version, &json_error(&e)))?
    } else if schema_version == 0 || schema_version > EVENT_SCHEMA_VERSION {
        return Err(StoreError::new(
            StoreErrorKind::NewerSchema {
                found: schema_version,
                known: EVENT_SCHEMA_VERSION,
            },
            format!(
                "event {id} has schema version {schema_version}; this code reads versions 1 to {EVENT_SCHEMA_VERSION}"
            ),
        ));
    } else {
        let mut value: serde_json::Value =
            serde_json::from_str(json).map_err(|e| corrupt(id, schema_version, &json_error(&e)))?;
        for version in schema_version..EVENT_SCHEMA_VERSION {
            let upcaster = UPCASTERS
                .iter()
                .find(|u| u.from == version)
                .ok_or_else(|| {
                    corrupt(
                        id,
                        schema_version,
                        &format!("no upcasting step from version {version}"),
                    )
                })?;
            value = (upcaster.step)(value).map_err(|e| corrupt(id, version, &e))?;
        }
        serde_json::from_value(value).map_err(|e| corrupt(id, schema_version, &json_error(&e)))?
    };
    if event.id != id {
        return Err(StoreError::corrupt(format!(
            "the event stored under id {id} carries id {}",
            event.id
        )));
    }
    Ok(event)
}

/// What is wrong with stored JSON, without the value: serde_json's messages can quote the offending text,
/// which may be personal data, so only the category and the position are kept.
pub fn json_error(e: &serde_json::Error) -> String {
    let what = match e.classify() {
        serde_json::error::Category::Io => "an I/O error",
        serde_json::error::Category::Syntax => "malformed JSON",
        serde_json::error::Category::Data => "a value of the wrong shape",
        serde_json::error::Category::Eof => "JSON cut short",
    };
    format!("{what} at line {}, column {}", e.line(), e.column())
}

fn corrupt(id: EventId, version: u32, why: &str) -> StoreError {
    StoreError::corrupt(format!(
        "event {id} (schema version {version}) cannot be read: {why}"
    ))
}
