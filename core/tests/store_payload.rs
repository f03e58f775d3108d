//! Stored event payloads: today's JSON (schema version 1), committed as a fixture, must always read.

use hoso_core::event::{Event, EventType};
use hoso_core::store::StoreErrorKind;
use hoso_core::store::payload::{EVENT_SCHEMA_VERSION, decode_event, encode_event};

const FIXTURE: &str = include_str!("fixtures/store/events-v1.json");

fn fixture_events() -> Vec<(hoso_core::event::EventId, String)> {
    let values: Vec<serde_json::Value> =
        serde_json::from_str(FIXTURE).expect("fixture is a JSON array");
    values
        .into_iter()
        .map(|v| {
            let id = v["id"].as_str().expect("id").parse().expect("event id");
            (id, v.to_string())
        })
        .collect()
}

#[test]
fn version_1_payloads_of_every_event_type_still_read() {
    let events: Vec<Event> = fixture_events()
        .iter()
        .map(|(id, json)| decode_event(1, json, *id).unwrap_or_else(|e| panic!("{id}: {e}")))
        .collect();
    for t in EventType::ALL {
        assert!(
            events.iter().any(|e| e.kind.event_type() == t),
            "the fixture holds no {t} event"
        );
    }
    // The fixture's first 14 events are one dossier's life: they still fold.
    let dossier = hoso_core::Dossier::from_events(&events[..14]).expect("the stored life replays");
    assert_eq!(dossier.history().len(), 14);
}

#[test]
fn payloads_round_trip_at_the_current_version() {
    for (id, json) in fixture_events() {
        let event = decode_event(1, &json, id).expect("decode");
        let again = encode_event(&event).expect("encode");
        assert_eq!(
            decode_event(EVENT_SCHEMA_VERSION, &again, id).expect("decode"),
            event
        );
    }
}

#[test]
fn a_newer_or_unknown_schema_version_is_a_typed_error() {
    let (id, json) = fixture_events().remove(0);
    for v in [0, EVENT_SCHEMA_VERSION + 1, 99] {
        let err = decode_event(v, &json, id).expect_err("unknown version");
        assert!(
            matches!(err.kind(), StoreErrorKind::NewerSchema { found, .. } if found == v),
            "{err}"
        );
    }
}

#[test]
fn a_damaged_payload_is_corrupt_and_names_no_value() {
    let (id, json) = fixture_events().remove(0);
    let secret = "079203001234";
    let damaged = [
        json.replace("\"type\":\"opened\"", "\"type\":\"teleported\""),
        json[..json.len() / 2].to_owned(),
        format!("{{\"id\":\"{id}\",\"citizen\":\"{secret}\"}}"),
        "not json".to_owned(),
    ];
    for d in damaged {
        let err = decode_event(1, &d, id).expect_err("damaged");
        assert_eq!(err.kind(), StoreErrorKind::Corrupt, "{err}");
        assert!(!err.to_string().contains(secret), "{err}");
    }
    let other: hoso_core::event::EventId =
        "00000000-0000-0000-0000-000000000001".parse().expect("id");
    let err = decode_event(1, &json, other).expect_err("wrong id");
    assert_eq!(err.kind(), StoreErrorKind::Corrupt);
}
