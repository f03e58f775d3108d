//! The conformance kit, run on both versions of the office's format.

use std::sync::Arc;

use hoso_core::adapter::{AgencyAdapter, AgencyTransport, IssuedDocument};
use hoso_core::state::{AgencyState, PostalState};
use hoso_judicial::{JudicialAdapter, JudicialCodec, Version};

fn codec(version: Version) -> JudicialCodec {
    JudicialCodec::new("000.00.12.H01".parse().unwrap(), version)
}

fn v1_adapter(transport: Arc<dyn AgencyTransport>) -> Arc<dyn AgencyAdapter> {
    Arc::new(JudicialAdapter::new(codec(Version::V1), transport))
}

fn v2_adapter(transport: Arc<dyn AgencyTransport>) -> Arc<dyn AgencyAdapter> {
    Arc::new(JudicialAdapter::new(codec(Version::V2), transport))
}

/// Rewrites `"version": n` into 999, a version nobody speaks.
fn version_999(bytes: &[u8]) -> Vec<u8> {
    let mut value: serde_json::Value = serde_json::from_slice(bytes).unwrap();
    value["version"] = 999.into();
    serde_json::to_vec(&value).unwrap()
}

fn certificate() -> IssuedDocument {
    IssuedDocument {
        title: "Phiếu lý lịch tư pháp số 1".into(),
        number: "4217/2025/LLTP-HN".into(),
        serial: None,
        categories: Vec::new(),
        issued_on: jiff::civil::date(2025, 2, 25),
        valid_until: None,
    }
}

hoso_testkit::conformance_tests!(v1 {
    codec: codec(Version::V1),
    samples: concat!(env!("CARGO_MANIFEST_DIR"), "/samples/v1"),
    extension: "json",
    schema: concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schema/judicial-v1.schema.json"
    ),
    wrong_version: version_999,
    to_version: hoso_testkit::json_version_rewrite("/version"),
    adapter: v1_adapter,
    script: hoso_testkit::typical_script(certificate()),
    final_state: (AgencyState::ResultReturned, PostalState::ResultCollected),
});

hoso_testkit::conformance_tests!(v2 {
    codec: codec(Version::V2),
    samples: concat!(env!("CARGO_MANIFEST_DIR"), "/samples/v2"),
    extension: "json",
    schema: concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schema/judicial-v2.schema.json"
    ),
    wrong_version: version_999,
    to_version: hoso_testkit::json_version_rewrite("/version"),
    adapter: v2_adapter,
    script: hoso_testkit::typical_script(certificate()),
    final_state: (AgencyState::ResultReturned, PostalState::ResultCollected),
});
