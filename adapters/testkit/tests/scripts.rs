//! The kit's scripts: the shortest one to a result, on a shipped adapter, and scripts kept within what an
//! adapter declares.

use std::sync::Arc;

use hoso_core::adapter::{AgencyCodec, Capabilities, IssuedDocument, NoticeKind, WireFormat};
use hoso_core::state::{AgencyState, PostalState};
use hoso_licensing::{LicensingCodec, Version};
use hoso_testkit::Script;

mod common;
use common::{assert_fails_naming, failure};
use hoso_testkit::sample_certificate as certificate;

fn codec() -> LicensingCodec {
    LicensingCodec::new("000.00.15.H22".parse().unwrap(), Version::V1)
}

/// A driving licence, the one document version 1 of the licensing format names.
fn licence() -> IssuedDocument {
    IssuedDocument {
        title: "Giấy phép lái xe".into(),
        categories: vec!["B".into()],
        ..certificate()
    }
}

#[test]
fn the_minimal_script_ends_with_the_result_at_the_post() {
    let script = hoso_testkit::minimal_script(licence());
    assert_eq!(script.unservable_by(&codec()), None);
    hoso_testkit::block_on(hoso_testkit::dossier_follows_the_agency_script(
        &hoso_testkit::rest_exchange(codec()),
        Arc::new(codec()),
        script,
        (AgencyState::ResultReturned, PostalState::ResultCollected),
    ));
}

#[test]
fn the_typical_script_within_everything_licensing_declares_is_the_typical_script() {
    let caps = codec().capabilities();
    assert_eq!(
        hoso_testkit::typical_script_for(&caps, licence()),
        hoso_testkit::typical_script(licence())
    );
}

#[test]
fn without_processing_updates_the_result_is_left_out_with_them() {
    let finished = Script::new()
        .accept(jiff::civil::date(2026, 3, 10))
        .start_processing()
        .finish(certificate(), "EA123456785VN".parse().unwrap());
    let results = [
        NoticeKind::Accepted,
        NoticeKind::ResultReady,
        NoticeKind::ResultHandedToPost,
    ];
    let without = Capabilities::new(WireFormat::Json).with_notices(results);
    // The core finishes only a dossier whose processing started: the script ends at the acceptance.
    assert_eq!(finished.within(&without).steps().len(), 1);
    let with = without.with_notices(results.into_iter().chain([NoticeKind::Processing]));
    assert_eq!(finished.within(&with), finished);
}

#[test]
fn a_result_licensing_version_1_cannot_name_fails_naming_the_step() {
    // Version 1 names no document but the licence.
    assert_fails_naming(
        Err(hoso_testkit::minimal_script(certificate())
            .unservable_by(&codec())
            .unwrap_or_default()),
        &[
            "script step 3 sends a ResultReady notice, which the codec cannot carry",
            "version 1 has no field for a document title",
        ],
    );
}

#[test]
fn a_result_the_codecs_version_cannot_hold_fails_naming_the_step_before_anything_is_filed() {
    use hoso_police::{PoliceCodec, wire::Version};
    // Version 1 of the police's format has no validity date for a document.
    let police = || PoliceCodec::new("CA.H01".parse().unwrap(), Version::V1);
    let licence = IssuedDocument {
        valid_until: Some(jiff::civil::date(2036, 3, 6)),
        ..certificate()
    };
    let outcome = failure(|| {
        hoso_testkit::block_on(hoso_testkit::dossier_follows_the_agency_script(
            &hoso_testkit::rest_exchange(police()),
            Arc::new(police()),
            hoso_testkit::minimal_script(licence),
            (AgencyState::ResultReturned, PostalState::ResultCollected),
        ))
    });
    assert_fails_naming(
        outcome,
        &[
            "the script cannot be served",
            "script step 3 sends a ResultReady notice, which the codec cannot carry",
        ],
    );
}
