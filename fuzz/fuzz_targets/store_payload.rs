//! What the stores read back from a row: the event payload (JSON, upcast from its schema version) and the
//! outbox status. The first byte is the schema version, the rest the payload. Any payload is read or refused
//! with a typed error; an event read survives encode then decode. (The row decoding of the SQLite and
//! PostgreSQL stores around these needs a database, and is not fuzzed here.)
#![no_main]

use hoso_core::EventId;
use hoso_core::store::outbox::OutboxStatus;
use hoso_core::store::payload::{decode_event, encode_event};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&version, rest)) = data.split_first() else {
        return;
    };
    let Ok(json) = std::str::from_utf8(rest) else {
        return;
    };
    if let Some(status) = OutboxStatus::parse(json) {
        assert_eq!(status.as_str(), json);
    }
    let id = EventId::from_u128(0x2bd);
    match decode_event(u32::from(version % 4), json, id) {
        Ok(event) => {
            let text = encode_event(&event).unwrap_or_else(|e| panic!("read, not written: {e}"));
            let again = decode_event(
                hoso_core::store::payload::EVENT_SCHEMA_VERSION,
                &text,
                event.id,
            )
            .unwrap_or_else(|e| panic!("written, not read: {e}"));
            assert_eq!(again, event);
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
});
