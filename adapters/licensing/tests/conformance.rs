//! The conformance kit, run on both versions of the licensing authority's format.

use std::sync::Arc;

use hoso_core::adapter::IssuedDocument;
use hoso_core::state::{AgencyState, PostalState};
use hoso_licensing::{LicensingCodec, Version};

const AGENCY: &str = "000.00.15.H22";

fn codec(version: Version) -> LicensingCodec {
    LicensingCodec::new(AGENCY.parse().unwrap(), version)
}

/// A licence as version 1 can carry it (no serial, the standard title).
fn licence() -> IssuedDocument {
    IssuedDocument {
        title: "Giấy phép lái xe".into(),
        number: "010123456789".into(),
        serial: None,
        categories: vec!["B".into()],
        issued_on: jiff::civil::date(2026, 3, 6),
        valid_until: Some(jiff::civil::date(2036, 3, 6)),
    }
}

hoso_testkit::conformance_tests!(v1 {
    codec: codec(Version::V1),
    samples: "samples/v1",
    extension: "xml",
    schema: "schema/gplx-v1.xsd",
    golden_samples: true,
    wrong_version: hoso_testkit::xml_namespace_version_999,
    to_version: hoso_testkit::xml_version_rewrite(Some("phienBan")),
    adapter: hoso_testkit::rest_exchange(codec(Version::V1)),
    script: hoso_testkit::typical_script(licence()),
    final_state: (AgencyState::ResultReturned, PostalState::ResultCollected),
});

hoso_testkit::conformance_tests!(v2 {
    codec: codec(Version::V2),
    samples: "samples/v2",
    extension: "xml",
    schema: "schema/gplx-v2.xsd",
    golden_samples: true,
    wrong_version: hoso_testkit::xml_namespace_version_999,
    to_version: hoso_testkit::xml_version_rewrite(Some("phienBan")),
    adapter: hoso_testkit::rest_exchange(codec(Version::V2)),
    script: hoso_testkit::typical_script(IssuedDocument {
        serial: Some("AB1234567".into()),
        ..licence()
    }),
    final_state: (AgencyState::ResultReturned, PostalState::ResultCollected),
});

/// A refusal ends the dossier at the agency; the post keeps it until it is returned.
mod refused {
    use super::*;
    #[test]
    fn a_refused_dossier_ends_refused() {
        hoso_testkit::block_on(hoso_testkit::dossier_follows_the_agency_script(
            &hoso_testkit::rest_exchange(codec(Version::V2)),
            Arc::new(codec(Version::V2)),
            hoso_testkit::Script::new().refuse("Giấy phép lái xe cũ không do cơ quan Việt Nam cấp"),
            (AgencyState::Refused, PostalState::HandedToAgency),
        ));
    }
}
