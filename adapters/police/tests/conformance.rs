//! The conformance kit, run on both versions of the police format.

use hoso_core::adapter::IssuedDocument;
use hoso_core::state::{AgencyState, PostalState};
use hoso_police::PoliceCodec;
use hoso_police::wire::Version;

const AGENCY: &str = "CA.H01";

fn codec(version: Version) -> PoliceCodec {
    PoliceCodec::new(AGENCY.parse().unwrap(), version)
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
    samples: "samples/v1",
    extension: "json",
    schema: "schema/police-v1.schema.json",
    generated_schema: hoso_police::wire::json_schema(Version::V1),
    wrong_version: hoso_testkit::json_version_999("/schemaVersion"),
    to_version: hoso_testkit::json_version_rewrite("/schemaVersion"),
    adapter: hoso_testkit::rest_exchange(codec(Version::V1)),
    script: hoso_testkit::typical_script(passport()),
    final_state: (AgencyState::ResultReturned, PostalState::ResultCollected),
});

hoso_testkit::conformance_tests!(v2 {
    codec: codec(Version::V2),
    samples: "samples/v2",
    extension: "json",
    schema: "schema/police-v2.schema.json",
    generated_schema: hoso_police::wire::json_schema(Version::V2),
    wrong_version: hoso_testkit::json_version_999("/schemaVersion"),
    to_version: hoso_testkit::json_version_rewrite("/schemaVersion"),
    adapter: hoso_testkit::rest_exchange(codec(Version::V2)),
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
