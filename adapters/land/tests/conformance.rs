//! The conformance kit, run on both versions of the land registry office's format.

use std::sync::Arc;

use hoso_core::Vnd;
use hoso_core::adapter::{IssuedDocument, Notice, ObligationLine};
use hoso_core::state::{AgencyState, PostalState};
use hoso_land::{LandCodec, Version};
use hoso_testkit::Script;

const AGENCY: &str = "000.00.26.H26";

fn codec(version: Version) -> LandCodec {
    LandCodec::new(AGENCY.parse().unwrap(), version)
}

fn certificate() -> IssuedDocument {
    IssuedDocument {
        title: "Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất".into(),
        number: "DT 123456".into(),
        serial: None,
        categories: Vec::new(),
        issued_on: jiff::civil::date(2026, 2, 19),
        valid_until: None,
    }
}

/// What a land registry office typically does: accepts, processes, asks for the land levy and registration
/// fee, waits for the payment, then issues the certificate and hands it to the post.
fn land_script() -> Script {
    let today = hoso_core::time::vietnam_date(jiff::Timestamp::now());
    let lines = vec![
        ObligationLine {
            code: Some("TSDD".into()),
            name: "Tiền sử dụng đất".into(),
            amount: Vnd(48_500_000),
        },
        ObligationLine {
            code: Some("LPTB".into()),
            name: "Lệ phí trước bạ".into(),
            amount: Vnd(2_425_000),
        },
    ];
    Script::new()
        .accept(today.saturating_add(jiff::SignedDuration::from_hours(24 * 21)))
        .start_processing()
        .say(Notice::FinancialObligation {
            lines,
            total: Vnd(50_925_000),
            due: Some(today.saturating_add(jiff::SignedDuration::from_hours(24 * 30))),
        })
        .say(Notice::ObligationPaid {
            amount: Vnd(50_925_000),
            receipt: None,
        })
        .finish(certificate(), "EA123456785VN".parse().unwrap())
}

hoso_testkit::conformance_tests!(v1 {
    codec: codec(Version::V1),
    samples: "samples/v1",
    extension: "xml",
    schema: "schema/dangkydatdai-v1.xsd",
    wrong_version: hoso_testkit::xml_namespace_version_999,
    to_version: hoso_testkit::xml_version_rewrite(Some("phienBan")),
    adapter: hoso_testkit::rest_exchange(codec(Version::V1)),
    script: land_script(),
    final_state: (AgencyState::ResultReturned, PostalState::ResultCollected),
});

hoso_testkit::conformance_tests!(v2 {
    codec: codec(Version::V2),
    samples: "samples/v2",
    extension: "xml",
    schema: "schema/dangkydatdai-v2.xsd",
    wrong_version: hoso_testkit::xml_namespace_version_999,
    to_version: hoso_testkit::xml_version_rewrite(Some("phienBan")),
    adapter: hoso_testkit::rest_exchange(codec(Version::V2)),
    script: land_script(),
    final_state: (AgencyState::ResultReturned, PostalState::ResultCollected),
});

/// The licensing authority's typical script (with a supplement and a late notice) works here too.
mod typical {
    use super::*;
    #[test]
    fn the_kits_typical_script_ends_with_the_result_at_the_post() {
        hoso_testkit::block_on(hoso_testkit::dossier_follows_the_agency_script(
            &hoso_testkit::rest_exchange(codec(Version::V2)),
            Arc::new(codec(Version::V2)),
            hoso_testkit::typical_script(certificate()),
            (AgencyState::ResultReturned, PostalState::ResultCollected),
        ));
    }
}
