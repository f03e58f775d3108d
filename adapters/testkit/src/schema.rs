//! Schema validation of samples: XSD through `xmllint`, JSON Schema through the `jsonschema` crate.

use std::path::Path;
use std::process::Command;

use hoso_core::adapter::{AgencySide, UnknownFields};

use crate::codec_checks::{Sample, with_xml_namespace};
use crate::json_mutations::{self, Mutation};

/// Check (XML): every sample validates against `xsd` with `xmllint --noout --schema`, and the schema rejects a
/// sample moved to another namespace (so that the check cannot pass vacuously).
///
/// # Panics
/// If `xmllint` is not installed (it comes with `libxml2-utils`; `.ci/test` installs it): a schema check that
/// cannot run must fail, not pass.
pub fn samples_validate_against_xsd(xsd: &Path, samples: &[Sample]) {
    assert!(xsd.is_file(), "schema {} does not exist", xsd.display());
    for sample in samples {
        let output = Command::new("xmllint")
            .arg("--noout")
            .arg("--schema")
            .arg(xsd)
            .arg(&sample.path)
            .output()
            .unwrap_or_else(|e| {
                panic!("cannot run xmllint ({e}): install libxml2-utils (apt-get install libxml2-utils)")
            });
        assert!(
            output.status.success(),
            "{} does not validate against {}:\n{}",
            sample.path.display(),
            xsd.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    if let Some(sample) = samples.first() {
        let moved = with_xml_namespace(&sample.bytes, "urn:example:not-this-agency");
        // One directory per call: suites of several versions run this check in parallel threads.
        static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("hoso-testkit-{}-{call}", std::process::id()));
        std::fs::create_dir_all(&dir)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        let path = dir.join("moved.xml");
        std::fs::write(&path, moved)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        let status = Command::new("xmllint")
            .arg("--noout")
            .arg("--schema")
            .arg(xsd)
            .arg(&path)
            .output()
            .unwrap_or_else(|e| panic!("cannot run xmllint ({e})"))
            .status;
        let _ = std::fs::remove_dir_all(&dir);
        assert!(
            !status.success(),
            "{} accepts a document in another namespace",
            xsd.display()
        );
    }
}

/// Check (JSON): every sample validates against the JSON Schema at `schema`, and the schema refuses what it
/// must refuse of the documents derived from each sample (so that the check cannot pass vacuously; a schema of
/// `{}` fails it):
///
/// - every value but `null` as a value of another type (an object as an array, a number as a string, ...): a
///   schema gives the type of every member a sample carries;
/// - in every object, each member removed: the schema must refuse at least one of them (an object with no
///   required member is one the schema does not describe);
/// - an unknown member in every object, when the codec declares [`UnknownFields::Refused`] (a closed format);
///   when it declares [`UnknownFields::Ignored`] the schema must accept it, as the codec does.
///
/// # Panics
/// Naming the sample and the derived document, when the schema accepts one it must refuse (or refuses an
/// unknown member of an open format); and when a sample does not validate.
pub fn samples_validate_against_json_schema(
    codec: &dyn AgencySide,
    schema: &Path,
    samples: &[Sample],
) {
    let text = std::fs::read_to_string(schema)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", schema.display()));
    let schema_json: serde_json::Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not JSON: {e}", schema.display()));
    let validator = jsonschema::validator_for(&schema_json)
        .unwrap_or_else(|e| panic!("{} is not a valid JSON Schema: {e}", schema.display()));
    let closed = codec.capabilities().unknown_fields == UnknownFields::Refused;
    for sample in samples {
        let value: serde_json::Value = serde_json::from_slice(&sample.bytes)
            .unwrap_or_else(|e| panic!("{} is not JSON: {e}", sample.path.display()));
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{} does not validate against {}:\n{}",
            sample.path.display(),
            schema.display(),
            errors.join("\n")
        );
        let accepts = |m: &Mutation| {
            let derived: serde_json::Value = serde_json::from_slice(&m.bytes)
                .unwrap_or_else(|e| panic!("a derived document is not JSON: {e}"));
            validator.is_valid(&derived)
        };
        let tree = json_mutations::parse(sample);
        for m in json_mutations::wrong_types(&tree) {
            assert!(
                !accepts(&m),
                "{} accepts {} with {}: the schema must give the type of every member",
                schema.display(),
                sample.path.display(),
                m.what
            );
        }
        for (object, removed) in json_mutations::removals(&tree) {
            assert!(
                !removed.iter().all(&accepts),
                "{} accepts {} with any one member of the object at {object} removed: the schema must say \
                 which members are required",
                schema.display(),
                sample.path.display(),
            );
        }
        for m in json_mutations::unknown_members(&tree) {
            assert_eq!(
                accepts(&m),
                !closed,
                "{} {} {} with {}, but the codec declares unknown fields {}",
                schema.display(),
                if closed { "accepts" } else { "refuses" },
                sample.path.display(),
                m.what,
                if closed { "refused" } else { "ignored" }
            );
        }
    }
}
