//! The conformance kit, run on both versions of the office's format, with the golden samples and the
//! committed schemas (`HOSO_BLESS=1` rewrites them after a deliberate change of the format).

use hoso_core::state::{AgencyState, PostalState};
use hoso_judicial::{JudicialCodec, Version, json_schema};
use hoso_testkit::{
    json_version_999, json_version_rewrite, rest_exchange, sample_certificate, typical_script,
};

fn codec(version: Version) -> JudicialCodec {
    JudicialCodec::new("000.00.12.H01".parse().unwrap(), version)
}

/// An application for the office's own procedure, as the post files it (the script check's dossier).
fn application() -> hoso_core::dossier::Dossier {
    let procedure = "2.000488".parse().unwrap();
    hoso_testkit::posted_dossier_under(&"000.00.12.H01".parse().unwrap(), procedure, 2)
}

hoso_testkit::conformance_tests!(v1 {
    codec: codec(Version::V1),
    samples: "samples/v1",
    extension: "json",
    schema: "schema/judicial-v1.schema.json",
    generated_schema: json_schema(Version::V1),
    golden_samples: true,
    wrong_version: json_version_999("/version"),
    to_version: json_version_rewrite("/version"),
    adapter: rest_exchange(codec(Version::V1)),
    script: typical_script(sample_certificate()),
    dossier: application(),
    final_state: (AgencyState::ResultReturned, PostalState::ResultCollected),
});

hoso_testkit::conformance_tests!(v2 {
    codec: codec(Version::V2),
    samples: "samples/v2",
    extension: "json",
    schema: "schema/judicial-v2.schema.json",
    generated_schema: json_schema(Version::V2),
    golden_samples: true,
    wrong_version: json_version_999("/version"),
    to_version: json_version_rewrite("/version"),
    adapter: rest_exchange(codec(Version::V2)),
    script: typical_script(sample_certificate()),
    dossier: application(),
    final_state: (AgencyState::ResultReturned, PostalState::ResultCollected),
});
