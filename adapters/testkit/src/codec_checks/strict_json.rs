//! Strictness checks of a JSON codec, generated from each sample: an unknown member, a key given twice, an
//! array in place of an object, a string in place of a number.

use hoso_core::adapter::{AdapterErrorKind, AgencySide, UnknownFields};

use super::{Sample, assert_rejected, decoded};
use crate::json_mutations::{self, Mutation};

const MALFORMED: &[AdapterErrorKind] = &[AdapterErrorKind::InvalidPayload];

fn all_rejected(
    codec: &dyn AgencySide,
    samples: &[Sample],
    derive: fn(&json_mutations::Json) -> Vec<Mutation>,
) {
    for sample in samples {
        for m in derive(&json_mutations::parse(sample)) {
            let what = format!("{} with {}", sample.path.display(), m.what);
            assert_rejected(codec, &m.bytes, MALFORMED, &what);
        }
    }
}

/// Check (JSON): an unknown member in any object of a sample is handled as the codec declares in
/// [`Capabilities::unknown_fields`](hoso_core::adapter::Capabilities::unknown_fields): an `InvalidPayload`
/// error when [`UnknownFields::Refused`] (the default), the same message as the sample's when
/// [`UnknownFields::Ignored`].
pub fn unknown_fields_as_declared(codec: &dyn AgencySide, samples: &[Sample]) {
    match codec.capabilities().unknown_fields {
        UnknownFields::Refused => all_rejected(codec, samples, json_mutations::unknown_members),
        UnknownFields::Ignored => {
            for sample in samples {
                let expected = decoded(codec, sample);
                for m in json_mutations::unknown_members(&json_mutations::parse(sample)) {
                    let got = codec.decode_any(&m.bytes).unwrap_or_else(|e| {
                        panic!(
                            "{} with {}: refused, but the codec declares unknown fields ignored: {e}",
                            sample.path.display(),
                            m.what
                        )
                    });
                    assert_eq!(
                        got,
                        expected,
                        "{} with {}: an ignored field changed the message",
                        sample.path.display(),
                        m.what
                    );
                }
            }
        }
    }
}

/// Check (JSON): a key given twice in any object of a sample (with the same value both times) is an
/// `InvalidPayload` error.
pub fn duplicate_keys_are_an_error(codec: &dyn AgencySide, samples: &[Sample]) {
    all_rejected(codec, samples, json_mutations::duplicate_keys);
}

/// Check (JSON): any object of a sample replaced by the array of its values is an `InvalidPayload` error
/// (serde's derived `Deserialize` reads a struct from an array of its fields unless told otherwise).
pub fn array_for_object_is_an_error(codec: &dyn AgencySide, samples: &[Sample]) {
    all_rejected(codec, samples, json_mutations::arrays_for_objects);
}

/// Check (JSON): any number of a sample replaced by a string of its digits is an `InvalidPayload` error.
pub fn string_for_number_is_an_error(codec: &dyn AgencySide, samples: &[Sample]) {
    all_rejected(codec, samples, json_mutations::strings_for_numbers);
}
