//! Checks of a codec ([`AgencySide`], both sides of the format) against its samples: decoding, round trips, legal events, bad input,
//! JSON and XML strictness.
//!
//! Every check panics with a message naming the sample and what went wrong, so that it can be called from a
//! `#[test]` (the [`conformance_tests!`](crate::conformance_tests) macro does that).

use std::path::{Path, PathBuf};

use hoso_core::adapter::{AgencySide, Decoded};

use crate::lifecycle::dossier_ready_for;

mod bad_input;
mod personal;
mod strict_json;
mod strict_xml;
mod versions;

pub use bad_input::{
    assert_json_error, assert_rejected, deep_nesting_is_an_error, edited_sample_error,
    entity_expansion_is_an_error, non_utf8_is_an_error, oversized_input_is_an_error,
    truncated_input_is_an_error, with_xml_namespace, wrong_namespace_is_an_error,
};
pub use personal::personal_data_stays_out_of_errors;
pub use strict_json::{
    array_for_object_is_an_error, duplicate_keys_are_an_error, string_for_number_is_an_error,
    unknown_fields_as_declared,
};
pub use strict_xml::{
    duplicated_attributes_are_an_error, duplicated_elements_are_refused,
    unknown_attributes_are_an_error, unknown_elements_are_an_error,
};
pub use versions::{
    ToVersion, json_version_999, json_version_rewrite, message_kinds_stay_in_their_versions,
    wrong_version_is_an_error, xml_namespace_version_999, xml_version_rewrite,
};

/// One sample file of an adapter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sample {
    /// Where it was read from.
    pub path: PathBuf,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// Reads every file of `dir` whose name ends in `.{extension}`, sorted by name.
///
/// # Panics
/// If the directory cannot be read or holds no such file: a conformance run without samples proves nothing.
pub fn load_samples(dir: impl AsRef<Path>, extension: &str) -> Vec<Sample> {
    let dir = dir.as_ref();
    let entries = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read samples in {}: {e}", dir.display()));
    let mut samples: Vec<Sample> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == extension))
        .map(|path| {
            let bytes = std::fs::read(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            Sample { path, bytes }
        })
        .collect();
    samples.sort_by(|a, b| a.path.cmp(&b.path));
    assert!(
        !samples.is_empty(),
        "no *.{extension} samples in {}",
        dir.display()
    );
    samples
}

fn decoded(codec: &dyn AgencySide, sample: &Sample) -> Decoded {
    codec
        .decode_any(&sample.bytes)
        .unwrap_or_else(|e| panic!("{}: does not decode: {e}", sample.path.display()))
}

/// Check: every sample decodes.
pub fn every_sample_decodes(codec: &dyn AgencySide, samples: &[Sample]) {
    for sample in samples {
        decoded(codec, sample);
    }
}

/// Check: every notice and outbound message the codec declares in every version has at least one sample. (A
/// kind only some versions carry needs a sample in the suites of those versions:
/// [`message_kinds_stay_in_their_versions`] checks that.)
pub fn every_declared_message_has_a_sample(codec: &dyn AgencySide, samples: &[Sample]) {
    let caps = codec.capabilities();
    let decoded: Vec<Decoded> = samples.iter().map(|s| self::decoded(codec, s)).collect();
    for kind in caps
        .notices
        .iter()
        .filter(|k| caps.versions.iter().all(|v| caps.receives_in(v, **k)))
    {
        assert!(
            decoded
                .iter()
                .any(|d| matches!(d, Decoded::Notice(m) if m.notice.kind() == *kind)),
            "no sample of the declared notice {kind:?}"
        );
    }
    for kind in caps
        .outbound
        .iter()
        .filter(|k| caps.versions.iter().all(|v| caps.sends_in(v, **k)))
    {
        assert!(
            decoded
                .iter()
                .any(|d| matches!(d, Decoded::Outbound(m) if m.kind() == *kind)),
            "no sample of the declared outbound message {kind:?}"
        );
    }
}

/// Check: decode → encode → decode gives back the same message, for every sample.
pub fn round_trip_is_identity(codec: &dyn AgencySide, samples: &[Sample]) {
    for sample in samples {
        let first = decoded(codec, sample);
        let bytes = codec.encode_any(&first).unwrap_or_else(|e| {
            panic!(
                "{}: decoded but does not encode: {e}",
                sample.path.display()
            )
        });
        let second = codec.decode_any(&bytes).unwrap_or_else(|e| {
            panic!(
                "{}: re-encoded form does not decode: {e}\n{}",
                sample.path.display(),
                String::from_utf8_lossy(&bytes)
            )
        });
        assert_eq!(
            second,
            first,
            "{}: decode → encode → decode changed the message",
            sample.path.display()
        );
    }
}

/// Check: a notice or receipt naming another agency than the codec's is refused as `Unsupported`, or written
/// with that agency (it then reads back as that agency's, or the codec's decoder refuses it as addressed to
/// another), never written as the codec's own: a format whose messages carry no agency cannot say whose a
/// message is.
pub fn another_agencys_message_is_not_written_as_ours(codec: &dyn AgencySide, samples: &[Sample]) {
    use hoso_core::AgencyCode;
    use hoso_core::adapter::AdapterErrorKind;
    let others: [AgencyCode; 2] = ["000.00.99.H99", "000.00.98.H98"].map(|code| {
        code.parse()
            .unwrap_or_else(|e| panic!("{code} is an agency code: {e}"))
    });
    let Some(other) = others.into_iter().find(|other| other != codec.agency()) else {
        unreachable!("two different codes cannot both be the codec's")
    };
    for sample in samples {
        let message = match decoded(codec, sample) {
            Decoded::Notice(mut m) => {
                m.agency = other.clone();
                Decoded::Notice(m)
            }
            Decoded::Receipt(mut r) => {
                r.agency = other.clone();
                Decoded::Receipt(r)
            }
            Decoded::Outbound(_) => continue,
        };
        match codec.encode_any(&message) {
            Err(e) => assert_eq!(
                e.kind(),
                AdapterErrorKind::Unsupported,
                "{}: a message of agency {other} is refused, but not as Unsupported: {e}",
                sample.path.display()
            ),
            Ok(bytes) => match codec.decode_any(&bytes) {
                // Written with its agency, which the codec of another refuses to read as its own.
                Err(e) if e.message().contains(other.as_str()) => {}
                Err(e) => panic!(
                    "{}: the message of agency {other} encodes, and its decode fails without naming \
                     that agency: {e}",
                    sample.path.display()
                ),
                Ok(again) => assert_eq!(
                    again,
                    message,
                    "{}: a message of agency {other} was written as another's",
                    sample.path.display()
                ),
            },
        }
    }
}

/// Check: the events of every notice sample are legal transitions of a dossier in the state the notice
/// presupposes, and applying them a second time changes nothing.
pub fn events_are_legal_transitions(codec: &dyn AgencySide, samples: &[Sample]) {
    for sample in samples {
        let Decoded::Notice(message) = decoded(codec, sample) else {
            continue;
        };
        let mut dossier = dossier_ready_for(&message);
        let events = message.events();
        assert!(
            !events.is_empty(),
            "{}: notice gives no event",
            sample.path.display()
        );
        for event in &events {
            dossier.apply(event).unwrap_or_else(|e| {
                panic!(
                    "{}: event {:?} is not a legal transition from {:?}/{:?}: {e}",
                    sample.path.display(),
                    event.kind.event_type(),
                    dossier.agency_state(),
                    dossier.postal_state()
                )
            });
        }
        let after = dossier.clone();
        for event in &events {
            dossier.apply(event).unwrap_or_else(|e| {
                panic!(
                    "{}: re-applying an event failed: {e}",
                    sample.path.display()
                )
            });
        }
        assert_eq!(
            dossier,
            after,
            "{}: the same message applied twice changed the dossier",
            sample.path.display()
        );
    }
}
