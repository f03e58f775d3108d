//! Strictness checks of an XML codec, generated from each sample: an unknown element, an element given twice,
//! an unknown attribute, an attribute given twice. An agency's XML format is closed: what the decoder does not know, it
//! refuses, at the element.

use hoso_core::adapter::{AdapterErrorKind, AgencySide};

use super::{Sample, assert_rejected, decoded};
use crate::xml_mutations;

const MALFORMED: &[AdapterErrorKind] = &[AdapterErrorKind::InvalidPayload];

/// Check (XML): an unknown element as the first child of any element of a sample that has children (the
/// root included) is an `InvalidPayload` error, located.
pub fn unknown_elements_are_an_error(codec: &dyn AgencySide, samples: &[Sample]) {
    for sample in samples {
        for m in xml_mutations::unknown_elements(sample) {
            let what = format!("{} with {}", sample.path.display(), m.what);
            assert_rejected(codec, &m.bytes, MALFORMED, &what);
        }
    }
}

/// Check (XML): an element of a sample written twice in a row is refused (`InvalidPayload`, or
/// `LimitExceeded` for a list already at its limit) or, when it is an item of a list, read as one more item.
/// A decoder that reads it as if it were given once (the last or the first value wins) fails: the agency's
/// document says something the message does not.
pub fn duplicated_elements_are_refused(codec: &dyn AgencySide, samples: &[Sample]) {
    for sample in samples {
        let original = decoded(codec, sample);
        for m in xml_mutations::duplicated_elements(sample) {
            let what = format!("{} with {}", sample.path.display(), m.what);
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                codec.decode_any(&m.bytes)
            }))
            .unwrap_or_else(|_| panic!("{what}: the decoder panicked"));
            match outcome {
                Ok(message) => assert_ne!(
                    message, original,
                    "{what}: read as if it were given once; an element that is not a list item must be \
                     refused when repeated (MessageReader::set)"
                ),
                Err(e) => assert!(
                    matches!(
                        e.kind(),
                        AdapterErrorKind::InvalidPayload | AdapterErrorKind::LimitExceeded
                    ),
                    "{what}: error kind {:?}, expected InvalidPayload: {e}",
                    e.kind()
                ),
            }
        }
    }
}

/// Check (XML): an unknown attribute on any element of a sample, the root included, is an `InvalidPayload`
/// error (namespace declarations and prefixed attributes such as `xsi:schemaLocation` are not the format's and
/// stay allowed). A decoder on `hoso-xml` gets this from the envelope's `inner_attributes` table.
pub fn unknown_attributes_are_an_error(codec: &dyn AgencySide, samples: &[Sample]) {
    for sample in samples {
        for m in xml_mutations::unknown_attributes(sample) {
            let what = format!("{} with {}", sample.path.display(), m.what);
            assert_rejected(codec, &m.bytes, MALFORMED, &what);
        }
    }
}

/// Check (XML): the first attribute of any element of a sample written twice in its start tag (with the
/// same value) is an `InvalidPayload` error: XML 1.0 (§3.1, "Unique Att Spec") makes such a document not
/// well-formed, and a decoder that reads the first value and stops looking would take it.
pub fn duplicated_attributes_are_an_error(codec: &dyn AgencySide, samples: &[Sample]) {
    for sample in samples {
        for m in xml_mutations::duplicated_attributes(sample) {
            let what = format!("{} with {}", sample.path.display(), m.what);
            assert_rejected(codec, &m.bytes, MALFORMED, &what);
        }
    }
}
