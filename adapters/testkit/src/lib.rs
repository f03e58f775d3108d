//! # hoso-testkit
//!
//! The conformance kit every `hoso` agency adapter runs. A contributed adapter passes the kit or it is not done.
//!
//! - **Checks** are plain public functions that take any codec with its agency side ([`AgencyCodec`] and [`AgencySide`]; or a way to build an
//!   [`AgencyAdapter`]) and its samples, and panic with a precise message when the contract is broken:
//!   decoding, round trips, legal events, bad input, schema validation ([`codec_checks`], [`schema`]), golden
//!   files (the samples as the encoder writes them, a committed schema as the code generates it: [`golden`]), and
//!   the exchange itself against a simulator ([`adapter_checks`]).
//! - **[`conformance_tests!`]** turns them into one `#[test]` each. Which checks apply follows the
//!   adapter's declared [`Capabilities`]: the XML-only checks run for XML formats, the namespace check for
//!   namespaced formats, the strictness checks (unknown fields, duplicate keys, wrong types) for JSON formats; a check that does not apply asserts that the capabilities exclude it.
//! - **[`AgencySimulator`]** is a real HTTP server on loopback that speaks an adapter's format through its
//!   codec, files submissions once per `Idempotency-Key`, answers polls on a configurable [`Script`] and
//!   injects faults.
//! - **[`PortalSimulator`]** plays the National Public Service Portal's sync API (sessions that expire,
//!   duplicate detection, the 10-entry limit, injected faults) for the portal adapter, with checks of what
//!   the portal ends up holding ([`portal_holds_in_order`]).
//!
//! ```text
//! // adapters/<agency>/tests/conformance.rs
//! hoso_testkit::conformance_tests!(v1 {
//!     codec: MyCodec::new(...),
//!     samples: "samples/v1",                   // relative to the adapter's crate
//!     extension: "xml",
//!     schema: "schema/my-v1.xsd",
//!     golden_samples: true,                    // the samples are what the encoder writes
//!     wrong_version: hoso_testkit::xml_namespace_version_999,
//!     adapter: hoso_testkit::rest_exchange(MyCodec::new(...)),
//!     script: hoso_testkit::typical_script(result_document()),
//!     final_state: (AgencyState::ResultReturned, PostalState::ResultCollected),
//! });
//! ```
//!
//! The guide `docs/writing-an-adapter.md` walks through it with the licensing adapter.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod adapter_checks;
pub mod carrier_checks;
pub mod carrier_http;
pub mod carrier_sim;
pub mod codec_checks;
pub mod golden;
mod json_mutations;
pub mod lifecycle;
pub mod portal;
pub mod schema;
pub mod simulator;
pub mod store_checks;
pub mod transport;
mod xml_mutations;

pub use adapter_checks::{
    MakeAdapter, agency_failures_are_normalised, dossier_follows_the_agency_script,
    dossier_follows_the_agency_script_with, minimal_script, posted_dossier, posted_dossier_under,
    receipt_for_another_message_is_refused, rest_exchange, sample_certificate,
    submission_is_filed_once_per_idempotency_key, typical_script, typical_script_for,
};
pub use codec_checks::{
    Sample, ToVersion, another_agencys_message_is_not_written_as_ours,
    array_for_object_is_an_error, assert_json_error, assert_rejected, deep_nesting_is_an_error,
    duplicate_keys_are_an_error, duplicated_attributes_are_an_error,
    duplicated_elements_are_refused, edited_sample_error, entity_expansion_is_an_error,
    events_are_legal_transitions, every_declared_message_has_a_sample, every_sample_decodes,
    json_version_999, json_version_rewrite, load_samples, message_kinds_stay_in_their_versions,
    non_utf8_is_an_error, oversized_input_is_an_error, personal_data_stays_out_of_errors,
    round_trip_is_identity, string_for_number_is_an_error, truncated_input_is_an_error,
    unknown_attributes_are_an_error, unknown_elements_are_an_error, unknown_fields_as_declared,
    with_xml_namespace, wrong_namespace_is_an_error, wrong_version_is_an_error,
    xml_namespace_version_999, xml_version_rewrite,
};
pub use golden::{
    blessing, committed_json_schema_is_generated, golden_file, samples_are_what_the_encoder_writes,
};
pub use hoso_core::adapter::{
    AgencyAdapter, AgencyCodec, AgencySide, AgencyTransport, Capabilities, Decoded, UnknownFields,
    WireFormat,
};
pub use lifecycle::dossier_ready_for;
pub use portal::{
    PortalConfig, PortalCounts, PortalDossier, PortalFault, PortalSimulator, portal_holds_in_order,
};
pub use schema::{
    documents_validate_against_json_schema, samples_validate_against_json_schema,
    samples_validate_against_xsd, schema_refuses_other_versions,
};
pub use simulator::{AgencySimulator, Release, Script, ScriptSource, SimClock, Step};
pub use transport::LoopbackTransport;

/// Runs a future to completion on a fresh single-threaded tokio runtime (for the generated tests, so that an
/// adapter crate needs no async test framework of its own).
///
/// # Panics
/// If the runtime cannot be built.
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("cannot build a tokio runtime: {e}"))
        .block_on(future)
}

/// Runs a future to completion on a fresh multi-threaded tokio runtime with 2 workers (for the store suite,
/// whose concurrency checks need writers that really run at once).
///
/// # Panics
/// If the runtime cannot be built.
pub fn block_on_threaded<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("cannot build a tokio runtime: {e}"))
        .block_on(future)
}

/// Check: every sample validates against the adapter's schema: an XSD through `xmllint` for XML formats, a
/// JSON Schema through the `jsonschema` crate for JSON formats.
pub fn samples_match_schema(codec: &dyn AgencySide, schema: &std::path::Path, samples: &[Sample]) {
    match codec.capabilities().format {
        WireFormat::Xml => samples_validate_against_xsd(schema, samples),
        WireFormat::Json => samples_validate_against_json_schema(codec, schema, samples),
        other => panic!("the kit has no schema check for {other:?}"),
    }
}

/// Runs `check`, a check for one wire `format`, on the samples `load` reads when the codec's format is
/// `format`; otherwise asserts that it is not (for the generated tests, so that a check that does not apply
/// says so).
#[doc(hidden)]
pub fn format_only(
    format: WireFormat,
    codec: &dyn AgencySide,
    load: &dyn Fn() -> Vec<Sample>,
    check: fn(&dyn AgencySide, &[Sample]),
) {
    if codec.capabilities().format == format {
        check(codec, &load());
    } else {
        assert_ne!(codec.capabilities().format, format);
    }
}

/// Generates the conformance suite of one codec and adapter as a module of `#[test]`s, one per check.
///
/// Parameters: the module name, then `codec` (an expression building the codec), `samples` (a directory),
/// `extension` (of the sample files), `schema` (XSD or JSON Schema file; both paths relative to the adapter's
/// crate, such as `"samples/v1"`, unless absolute), optionally `generated_schema` (an
/// expression giving the `serde_json::Value` of the JSON Schema the wire types generate: the committed
/// `schema` file must then be exactly that, [`committed_json_schema_is_generated`]), optionally
/// `golden_samples: true` (every sample is byte for byte what the encoder writes,
/// [`samples_are_what_the_encoder_writes`]; both rewrite their files under `HOSO_BLESS=1`), `wrong_version` (a
/// `fn(&[u8]) -> Vec<u8>` rewriting a sample into a version the codec does not speak), optionally
/// `to_version` (a `Fn(&[u8], &str) -> Vec<u8>` rewriting a sample into a named version, such as
/// [`xml_version_rewrite`] or [`json_version_rewrite`] build; required when the codec declares
/// [`Capabilities::kinds_by_version`]), `adapter` (a
/// `Fn(Arc<dyn AgencyTransport>) -> Arc<dyn AgencyAdapter>`; [`rest_exchange`] builds the core's
/// `RestExchange` over a codec), `script` (what the simulated agency does), optionally `dossier` (the
/// `Dossier` the script check files, such as [`posted_dossier_under`] the adapter's own procedure;
/// [`posted_dossier`] otherwise) and `final_state` (the `(AgencyState, PostalState)` the script ends in).
/// See the crate docs for an example.
#[macro_export]
macro_rules! conformance_tests {
    ($suite:ident {
        codec: $codec:expr,
        samples: $samples:expr,
        extension: $ext:expr,
        schema: $schema:expr,
        $(generated_schema: $generated:expr,)?
        $(golden_samples: $golden:literal,)?
        wrong_version: $rewrite:expr,
        $(to_version: $to_version:expr,)?
        adapter: $make:expr,
        script: $script:expr,
        $(dossier: $dossier:expr,)?
        final_state: $final:expr $(,)?
    }) => {
        mod $suite {
            #[allow(unused_imports)]
            use super::*;

            fn __kit_codec() -> ::std::sync::Arc<dyn $crate::AgencySide> {
                ::std::sync::Arc::new($codec)
            }

            /// A path of the suite, relative to the adapter's crate unless absolute.
            fn __kit_path(path: &str) -> ::std::path::PathBuf {
                ::std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
            }

            fn __kit_samples() -> ::std::vec::Vec<$crate::Sample> {
                $crate::load_samples(__kit_path($samples), $ext)
            }

            fn __kit_is_xml() -> bool {
                __kit_codec().capabilities().format == $crate::WireFormat::Xml
            }

            #[test]
            fn every_sample_decodes() {
                $crate::every_sample_decodes(&*__kit_codec(), &__kit_samples());
            }

            #[test]
            fn every_declared_message_has_a_sample() {
                $crate::every_declared_message_has_a_sample(&*__kit_codec(), &__kit_samples());
            }

            #[test]
            fn round_trip_is_identity() {
                $crate::round_trip_is_identity(&*__kit_codec(), &__kit_samples());
            }

            #[test]
            fn another_agencys_message_is_not_written_as_ours() {
                $crate::another_agencys_message_is_not_written_as_ours(
                    &*__kit_codec(),
                    &__kit_samples(),
                );
            }

            #[test]
            fn events_are_legal_transitions() {
                $crate::events_are_legal_transitions(&*__kit_codec(), &__kit_samples());
            }

            #[test]
            fn samples_match_the_schema() {
                $crate::samples_match_schema(
                    &*__kit_codec(),
                    &__kit_path($schema),
                    &__kit_samples(),
                );
            }

            #[test]
            fn schema_refuses_other_versions() {
                #[allow(unused_mut)]
                let mut to: ::std::option::Option<::std::boxed::Box<$crate::ToVersion>> = None;
                $(to = Some(::std::boxed::Box::new($to_version));)?
                $crate::schema_refuses_other_versions(
                    &*__kit_codec(),
                    &__kit_path($schema),
                    &__kit_samples(),
                    &$rewrite,
                    to.as_deref(),
                );
            }

            $(
                #[test]
                fn committed_schema_is_the_generated_one() {
                    $crate::committed_json_schema_is_generated(
                        &__kit_path($schema),
                        &$generated,
                    );
                }
            )?

            $(
                #[test]
                fn samples_are_what_the_encoder_writes() {
                    const _: () = assert!($golden, "leave `golden_samples` out instead");
                    $crate::samples_are_what_the_encoder_writes(&*__kit_codec(), &__kit_samples());
                }
            )?

            #[test]
            fn truncated_input_is_an_error() {
                $crate::truncated_input_is_an_error(&*__kit_codec(), &__kit_samples());
            }

            #[test]
            fn oversized_input_is_an_error() {
                $crate::oversized_input_is_an_error(&*__kit_codec(), &__kit_samples());
            }

            #[test]
            fn deep_nesting_is_an_error() {
                $crate::deep_nesting_is_an_error(&*__kit_codec(), &__kit_samples());
            }

            #[test]
            fn non_utf8_is_an_error() {
                $crate::non_utf8_is_an_error(&*__kit_codec(), &__kit_samples());
            }

            #[test]
            fn entity_expansion_is_an_error() {
                if __kit_is_xml() {
                    $crate::entity_expansion_is_an_error(&*__kit_codec(), &__kit_samples());
                } else {
                    // JSON has no entities; the capabilities must say the format is not XML.
                    assert_ne!(__kit_codec().capabilities().format, $crate::WireFormat::Xml);
                }
            }

            #[test]
            fn wrong_namespace_is_an_error() {
                if __kit_codec().capabilities().namespaced {
                    $crate::wrong_namespace_is_an_error(&*__kit_codec(), &__kit_samples());
                } else {
                    assert!(!__kit_is_xml(), "an XML format must check its namespace");
                }
            }

            #[test]
            fn wrong_version_is_an_error() {
                $crate::wrong_version_is_an_error(&*__kit_codec(), &__kit_samples(), &$rewrite);
            }

            #[test]
            fn message_kinds_stay_in_their_versions() {
                #[allow(unused_mut)]
                let mut to: ::std::option::Option<::std::boxed::Box<$crate::ToVersion>> = None;
                $(to = Some(::std::boxed::Box::new($to_version));)?
                $crate::message_kinds_stay_in_their_versions(
                    &*__kit_codec(),
                    &__kit_samples(),
                    to.as_deref(),
                );
            }

            #[test]
            fn unknown_fields_as_declared() {
                $crate::format_only(
                    $crate::WireFormat::Json,
                    &*__kit_codec(),
                    &__kit_samples,
                    $crate::unknown_fields_as_declared,
                );
            }

            #[test]
            fn duplicate_keys_are_an_error() {
                $crate::format_only(
                    $crate::WireFormat::Json,
                    &*__kit_codec(),
                    &__kit_samples,
                    $crate::duplicate_keys_are_an_error,
                );
            }

            #[test]
            fn array_for_object_is_an_error() {
                $crate::format_only(
                    $crate::WireFormat::Json,
                    &*__kit_codec(),
                    &__kit_samples,
                    $crate::array_for_object_is_an_error,
                );
            }

            #[test]
            fn string_for_number_is_an_error() {
                $crate::format_only(
                    $crate::WireFormat::Json,
                    &*__kit_codec(),
                    &__kit_samples,
                    $crate::string_for_number_is_an_error,
                );
            }

            #[test]
            fn unknown_elements_are_an_error() {
                $crate::format_only(
                    $crate::WireFormat::Xml,
                    &*__kit_codec(),
                    &__kit_samples,
                    $crate::unknown_elements_are_an_error,
                );
            }

            #[test]
            fn duplicated_elements_are_refused() {
                $crate::format_only(
                    $crate::WireFormat::Xml,
                    &*__kit_codec(),
                    &__kit_samples,
                    $crate::duplicated_elements_are_refused,
                );
            }

            #[test]
            fn duplicated_attributes_are_an_error() {
                $crate::format_only(
                    $crate::WireFormat::Xml,
                    &*__kit_codec(),
                    &__kit_samples,
                    $crate::duplicated_attributes_are_an_error,
                );
            }

            #[test]
            fn unknown_attributes_are_an_error() {
                $crate::format_only(
                    $crate::WireFormat::Xml,
                    &*__kit_codec(),
                    &__kit_samples,
                    $crate::unknown_attributes_are_an_error,
                );
            }

            #[test]
            fn personal_data_stays_out_of_errors() {
                $crate::personal_data_stays_out_of_errors(&*__kit_codec(), &__kit_samples());
            }

            #[test]
            fn submission_is_filed_once_per_idempotency_key() {
                assert!(
                    __kit_codec()
                        .capabilities()
                        .sends($crate::__private::OutboundKind::Submission),
                    "an adapter must file dossiers"
                );
                $crate::block_on($crate::submission_is_filed_once_per_idempotency_key(
                    &$make,
                    __kit_codec(),
                ));
            }

            #[test]
            fn receipt_for_another_message_is_refused() {
                $crate::block_on($crate::receipt_for_another_message_is_refused(
                    &$make,
                    __kit_codec(),
                ));
            }

            #[test]
            fn dossier_follows_the_agency_script() {
                let dossier: ::std::option::Option<$crate::__private::Dossier> =
                    None $(.or(Some($dossier)))?;
                match dossier {
                    Some(dossier) => $crate::block_on($crate::dossier_follows_the_agency_script_with(
                        &$make,
                        __kit_codec(),
                        dossier,
                        $script,
                        $final,
                    )),
                    None => $crate::block_on($crate::dossier_follows_the_agency_script(
                        &$make,
                        __kit_codec(),
                        $script,
                        $final,
                    )),
                }
            }

            #[test]
            fn agency_failures_are_normalised() {
                $crate::block_on($crate::agency_failures_are_normalised(
                    &$make,
                    __kit_codec(),
                ));
            }
        }
    };
}

#[doc(hidden)]
pub mod __private {
    pub use hoso_core::adapter::OutboundKind;
    pub use hoso_core::dossier::Dossier;
}
