//! Schema validation of samples: XSD through `xmllint`, JSON Schema through the `jsonschema` crate.

use std::path::{Path, PathBuf};
use std::process::Command;

use hoso_core::adapter::{AgencySide, UnknownFields, WireFormat};

use crate::codec_checks::{Sample, with_xml_namespace};
use crate::json_mutations::{self, Mutation};
use crate::xml_mutations;

/// Check (XML): every sample validates against `xsd` with `xmllint --noout --schema`, and the schema refuses
/// what it must refuse of the documents derived from each sample (so that the check cannot pass vacuously):
///
/// - the sample moved to another namespace;
/// - an unknown element as the first child of any element with children (an agency's format is closed);
/// - each child of the root removed: the schema must refuse at least one of them (a root with no required
///   child is one the schema does not describe).
///
/// All documents go to one `xmllint` run.
///
/// # Panics
/// If `xmllint` is not installed (it comes with `libxml2-utils`; `.ci/test` installs it): a schema check that
/// cannot run must fail, not pass. Naming the sample and the derived document, when the schema accepts one
/// it must refuse; and when a sample does not validate.
pub fn samples_validate_against_xsd(xsd: &Path, samples: &[Sample]) {
    assert!(xsd.is_file(), "schema {} does not exist", xsd.display());
    let dir = scratch_dir();
    // (file, what it is, must it validate, the group whose members may not all validate)
    let mut documents: Vec<(PathBuf, String, Option<bool>, Option<String>)> = Vec::new();
    let mut written = 0usize;
    let mut write = |what: String, bytes: &[u8]| {
        written += 1;
        let path = dir.join(format!("{written}.xml"));
        std::fs::write(&path, bytes)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        (path, what)
    };
    for sample in samples {
        let name = sample.path.display().to_string();
        documents.push((sample.path.clone(), name.clone(), Some(true), None));
        let moved = with_xml_namespace(&sample.bytes, "urn:example:not-this-agency");
        let (path, what) = write(format!("{name} in another namespace"), &moved);
        documents.push((path, what, Some(false), None));
        for m in xml_mutations::unknown_elements(sample) {
            let (path, what) = write(format!("{name} with {}", m.what), &m.bytes);
            documents.push((path, what, Some(false), None));
        }
        for m in xml_mutations::root_children_removed(sample) {
            let (path, what) = write(format!("{name} with {}", m.what), &m.bytes);
            documents.push((path, what, None, Some(name.clone())));
        }
    }
    let paths: Vec<&Path> = documents.iter().map(|(p, ..)| p.as_path()).collect();
    let verdicts = xmllint(xsd, &paths);
    let _ = std::fs::remove_dir_all(&dir);
    let mut groups: std::collections::BTreeMap<&str, bool> = std::collections::BTreeMap::new();
    for ((path, what, expected, group), (valid, detail)) in documents.iter().zip(&verdicts) {
        match expected {
            Some(true) => assert!(
                valid,
                "{} does not validate against {}:\n{detail}",
                path.display(),
                xsd.display()
            ),
            Some(false) => assert!(!valid, "{} accepts {what}", xsd.display()),
            None => {}
        }
        if let Some(group) = group {
            *groups.entry(group.as_str()).or_insert(false) |= !valid;
        }
    }
    for (sample, refused_one) in groups {
        assert!(
            refused_one,
            "{} accepts {sample} with any one child of its root removed: the schema must say which elements \
             are required",
            xsd.display()
        );
    }
}

/// A directory of its own for one call's documents: suites of several versions run the schema checks in
/// parallel threads.
fn scratch_dir() -> PathBuf {
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("hoso-testkit-{}-{call}", std::process::id()));
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    dir
}

/// Check: the schema at `schema` (XSD or JSON Schema, as for
/// [`samples_match_schema`](crate::samples_match_schema)) refuses every sample in another version: rewritten
/// by `to_unknown_version` (the suite's `wrong_version`) and, when `to_version` is given, moved into each
/// other version the codec declares. A schema that does not pin its version (a JSON Schema whose version
/// member is any number, an XSD whose target namespace is not the version's) describes every version at
/// once, and a tool that checks a message against it cannot tell a version-2 message from a version-1 one.
///
/// # Panics
/// Naming the schema, the sample and the version, when the schema accepts a sample in another version.
pub fn schema_refuses_other_versions(
    codec: &dyn AgencySide,
    schema: &Path,
    samples: &[Sample],
    to_unknown_version: &dyn Fn(&[u8]) -> Vec<u8>,
    to_version: Option<&crate::ToVersion>,
) {
    let versions = codec.capabilities().versions;
    let mut moved: Vec<(String, Vec<u8>)> = Vec::new();
    for sample in samples {
        let name = sample.path.display();
        moved.push((
            format!("{name} in an unknown version"),
            to_unknown_version(&sample.bytes),
        ));
        let Some(to) = to_version else { continue };
        for version in &versions {
            let bytes = to(&sample.bytes, version);
            if bytes != sample.bytes {
                moved.push((format!("{name} moved to version {version}"), bytes));
            }
        }
    }
    let accepted: Vec<&str> = match codec.capabilities().format {
        WireFormat::Xml => {
            assert!(
                schema.is_file(),
                "schema {} does not exist",
                schema.display()
            );
            let dir = scratch_dir();
            let paths: Vec<PathBuf> = moved
                .iter()
                .enumerate()
                .map(|(i, (_, bytes))| {
                    let path = dir.join(format!("{}.xml", i + 1));
                    std::fs::write(&path, bytes)
                        .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
                    path
                })
                .collect();
            let verdicts = xmllint(
                schema,
                &paths.iter().map(PathBuf::as_path).collect::<Vec<_>>(),
            );
            let _ = std::fs::remove_dir_all(&dir);
            moved
                .iter()
                .zip(verdicts)
                .filter(|(_, (valid, _))| *valid)
                .map(|((what, _), _)| what.as_str())
                .collect()
        }
        WireFormat::Json => {
            let validator = json_validator(schema);
            moved
                .iter()
                .filter(|(_, bytes)| {
                    serde_json::from_slice::<serde_json::Value>(bytes)
                        .is_ok_and(|value| validator.is_valid(&value))
                })
                .map(|(what, _)| what.as_str())
                .collect()
        }
        other => panic!("the kit has no schema check for {other:?}"),
    };
    assert!(
        accepted.is_empty(),
        "{} accepts {}: a schema describes one version, and must refuse a message labelled with another",
        schema.display(),
        accepted.join(", ")
    );
}

/// `xmllint --noout --schema xsd` over `paths` in one run: for each path, whether it validates and what
/// xmllint said of it.
fn xmllint(xsd: &Path, paths: &[&Path]) -> Vec<(bool, String)> {
    let output = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(xsd)
        .args(paths)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run xmllint ({e}): install libxml2-utils (apt-get install libxml2-utils)"
            )
        });
    let stderr = String::from_utf8_lossy(&output.stderr);
    paths
        .iter()
        .map(|path| {
            let shown = path.display().to_string();
            let validates = stderr.lines().any(|l| l == format!("{shown} validates"));
            let fails = stderr
                .lines()
                .any(|l| l == format!("{shown} fails to validate"));
            assert!(
                validates != fails,
                "xmllint said neither that {shown} validates nor that it fails:\n{stderr}"
            );
            let detail: Vec<&str> = stderr.lines().filter(|l| l.starts_with(&shown)).collect();
            (validates, detail.join("\n"))
        })
        .collect()
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
/// And the codec must refuse every one of those documents that the schema refuses: a codec at least as
/// strict as its schema is what lets a tool check a message with the codec alone (`hoso validate` does).
///
/// # Panics
/// Naming the sample and the derived document, when the schema accepts one it must refuse (or refuses an
/// unknown member of an open format); and when a sample does not validate.
pub fn samples_validate_against_json_schema(
    codec: &dyn AgencySide,
    schema: &Path,
    samples: &[Sample],
) {
    let unknown_fields = codec.capabilities().unknown_fields;
    validate_against_json_schema(schema, samples, unknown_fields, Some(codec));
}

/// Check (JSON): the same as [`samples_validate_against_json_schema`], for documents that are not an agency
/// codec's samples (the portal's messages, a carrier's orders): `unknown_fields` says whether the format is
/// closed ([`UnknownFields::Refused`]: the schema must refuse an unknown member) or open.
///
/// # Panics
/// As [`samples_validate_against_json_schema`].
pub fn documents_validate_against_json_schema(
    schema: &Path,
    samples: &[Sample],
    unknown_fields: UnknownFields,
) {
    validate_against_json_schema(schema, samples, unknown_fields, None);
}

fn validate_against_json_schema(
    schema: &Path,
    samples: &[Sample],
    unknown_fields: UnknownFields,
    codec: Option<&dyn AgencySide>,
) {
    let validator = json_validator(schema);
    let closed = unknown_fields == UnknownFields::Refused;
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
            let valid = validator.is_valid(&derived);
            if let Some(codec) = codec.filter(|_| !valid) {
                assert!(
                    codec.decode_any(&m.bytes).is_err(),
                    "the codec accepts {} with {}, which {} refuses: the codec must be at least as \
                     strict as its schema",
                    sample.path.display(),
                    m.what,
                    schema.display()
                );
            }
            valid
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
                // Every one is decided (not `all`, which stops at the first refused), so that the codec
                // is held to each.
                removed
                    .iter()
                    .map(&accepts)
                    .collect::<Vec<_>>()
                    .contains(&false),
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

/// The validator of the JSON Schema at `schema`.
///
/// # Panics
/// If the file cannot be read, or is not a JSON Schema.
fn json_validator(schema: &Path) -> jsonschema::Validator {
    let text = std::fs::read_to_string(schema)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", schema.display()));
    let schema_json: serde_json::Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not JSON: {e}", schema.display()));
    jsonschema::validator_for(&schema_json)
        .unwrap_or_else(|e| panic!("{} is not a valid JSON Schema: {e}", schema.display()))
}
