//! Schema validation of samples: XSD through `xmllint`, JSON Schema through the `jsonschema` crate.

use std::path::Path;
use std::process::Command;

use crate::codec_checks::{Sample, with_xml_namespace};

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

/// Check (JSON): every sample validates against the JSON Schema at `schema`.
pub fn samples_validate_against_json_schema(schema: &Path, samples: &[Sample]) {
    let text = std::fs::read_to_string(schema)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", schema.display()));
    let schema_json: serde_json::Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not JSON: {e}", schema.display()));
    let validator = jsonschema::validator_for(&schema_json)
        .unwrap_or_else(|e| panic!("{} is not a valid JSON Schema: {e}", schema.display()));
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
    }
}
