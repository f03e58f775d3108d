//! The conformance kit, run on both versions of the police format.

use std::sync::Arc;

use hoso_core::adapter::{AgencyAdapter, AgencyTransport, IssuedDocument};
use hoso_core::state::{AgencyState, PostalState};
use hoso_police::wire::Version;
use hoso_police::{PoliceAdapter, PoliceCodec};

const AGENCY: &str = "CA.H01";

fn codec(version: Version) -> PoliceCodec {
    PoliceCodec::new(AGENCY.parse().unwrap(), version)
}

fn v1_adapter(transport: Arc<dyn AgencyTransport>) -> Arc<dyn AgencyAdapter> {
    Arc::new(PoliceAdapter::new(codec(Version::V1), transport))
}

fn v2_adapter(transport: Arc<dyn AgencyTransport>) -> Arc<dyn AgencyAdapter> {
    Arc::new(PoliceAdapter::new(codec(Version::V2), transport))
}

/// Rewrites `"schemaVersion": n` into `999`, a version nobody speaks.
fn schema_version_999(bytes: &[u8]) -> Vec<u8> {
    let mut value: serde_json::Value = serde_json::from_slice(bytes).unwrap();
    value["schemaVersion"] = 999.into();
    serde_json::to_vec(&value).unwrap()
}

/// A passport as version 1 can carry it (no validity date).
fn passport() -> IssuedDocument {
    IssuedDocument {
        title: "Hộ chiếu phổ thông".into(),
        number: "C7654321".into(),
        serial: None,
        categories: Vec::new(),
        issued_on: jiff::civil::date(2026, 3, 6),
        valid_until: None,
    }
}

hoso_testkit::conformance_tests!(v1 {
    codec: codec(Version::V1),
    samples: concat!(env!("CARGO_MANIFEST_DIR"), "/samples/v1"),
    extension: "json",
    schema: concat!(env!("CARGO_MANIFEST_DIR"), "/schema/police-v1.schema.json"),
    wrong_version: schema_version_999,
    to_version: hoso_testkit::json_version_rewrite("/schemaVersion"),
    adapter: v1_adapter,
    script: hoso_testkit::typical_script(passport()),
    final_state: (AgencyState::ResultReturned, PostalState::ResultCollected),
});

hoso_testkit::conformance_tests!(v2 {
    codec: codec(Version::V2),
    samples: concat!(env!("CARGO_MANIFEST_DIR"), "/samples/v2"),
    extension: "json",
    schema: concat!(env!("CARGO_MANIFEST_DIR"), "/schema/police-v2.schema.json"),
    wrong_version: schema_version_999,
    to_version: hoso_testkit::json_version_rewrite("/schemaVersion"),
    adapter: v2_adapter,
    script: hoso_testkit::typical_script(IssuedDocument {
        title: "Giấy phép lái xe".into(),
        categories: vec!["B".into()],
        valid_until: Some(jiff::civil::date(2036, 3, 6)),
        ..passport()
    }),
    final_state: (AgencyState::ResultReturned, PostalState::ResultCollected),
});

#[test]
fn the_routes_put_the_codecs_version_first_and_skip_what_the_port_cannot_carry() {
    use hoso_core::adapter::{OnUnsupported, OutboundKind, RestCodec};
    for (version, collection) in [(Version::V1, "/v1/dossiers"), (Version::V2, "/v2/dossiers")] {
        let routes = codec(version).routes();
        assert_eq!(routes.collection(), collection);
        assert_eq!(
            routes.segment(OutboundKind::SupplementDelivered),
            Some("supplements")
        );
        assert_eq!(routes.segment(OutboundKind::Withdrawal), Some("withdrawal"));
        assert_eq!(routes.messages, "messages");
        assert_eq!(routes.content_type, hoso_police::CONTENT_TYPE);
        assert_eq!(routes.on_unsupported, OnUnsupported::Skip);
    }
}
