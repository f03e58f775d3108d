//! The committed JSON Schemas are the ones the wire types generate, every generated message validates
//! against them, the schemas refuse what they must (the kit's mutations), and the samples are what the
//! codec writes. `HOSO_BLESS=1` rewrites schemas and samples after a deliberate change (`hoso_testkit::golden_file`).

mod common;

use std::path::{Path, PathBuf};

use common::{after, codec, life};
use hoso_core::adapter::UnknownFields;
use hoso_dvcqg::{HoSoDongBoDVC, QuaTrinhXuLy};
use hoso_testkit::{Sample, documents_validate_against_json_schema};

fn dir(sub: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(sub)
}

/// `path` holds exactly `text`, or (blessing) is rewritten to.
fn golden(path: &Path, text: &str) {
    hoso_testkit::golden_file(path, text.as_bytes());
}

fn pretty<T: serde::Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap();
    text.push('\n');
    text
}

fn dossier_schema_path() -> PathBuf {
    dir("schema/HoSoDongBoDVC.schema.json")
}

fn progress_schema_path() -> PathBuf {
    dir("schema/QuaTrinhXuLy.schema.json")
}

#[test]
fn the_committed_schemas_are_the_generated_ones() {
    golden(
        &dossier_schema_path(),
        &pretty(&schemars::schema_for!(HoSoDongBoDVC)),
    );
    golden(
        &progress_schema_path(),
        &pretty(&schemars::schema_for!(QuaTrinhXuLy)),
    );
}

/// The samples: the dossier when accepted and when returned, and one processing step.
fn samples() -> [(&'static str, String); 3] {
    let full = life(1).len();
    [
        (
            "HoSoDongBoDVC-tiep-nhan.json",
            pretty(&codec().dossier_message(&after(1, 5), None, &[]).unwrap()),
        ),
        (
            "HoSoDongBoDVC-tra-ket-qua.json",
            pretty(&codec().dossier_message(&after(1, full), None, &[]).unwrap()),
        ),
        (
            "QuaTrinhXuLy-bo-sung.json",
            pretty(&codec().progress_messages(&after(1, full))[3]),
        ),
    ]
}

#[test]
fn the_samples_are_what_the_codec_writes() {
    for (name, text) in samples() {
        golden(&dir("samples").join(name), &text);
    }
}

fn validator(path: &Path) -> jsonschema::Validator {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

#[test]
fn every_generated_message_validates_against_the_schema() {
    let dossiers = validator(&dossier_schema_path());
    let steps = validator(&progress_schema_path());
    for seq in 1..=3 {
        for n in 1..=life(seq).len() {
            let d = after(seq, n);
            let m = serde_json::to_value(codec().dossier_message(&d, None, &[]).unwrap()).unwrap();
            let errors: Vec<String> = dossiers
                .iter_errors(&m)
                .map(|e| format!("{e} at {}", e.instance_path()))
                .collect();
            assert!(
                errors.is_empty(),
                "dossier {seq} after {n} events: {errors:?}"
            );
            for s in codec().progress_messages(&d) {
                assert!(
                    steps.is_valid(&serde_json::to_value(&s).unwrap()),
                    "step {s:?}"
                );
            }
        }
    }
}

#[test]
fn the_schemas_refuse_wrong_types_missing_and_unknown_members() {
    let read = |name: &str| {
        let path = dir("samples").join(name);
        Sample {
            bytes: std::fs::read(&path).unwrap(),
            path,
        }
    };
    documents_validate_against_json_schema(
        &dossier_schema_path(),
        &[
            read("HoSoDongBoDVC-tiep-nhan.json"),
            read("HoSoDongBoDVC-tra-ket-qua.json"),
        ],
        UnknownFields::Refused,
    );
    documents_validate_against_json_schema(
        &progress_schema_path(),
        &[read("QuaTrinhXuLy-bo-sung.json")],
        UnknownFields::Refused,
    );
}

#[test]
fn the_samples_decode_to_the_messages() {
    let full = life(1).len();
    let text = std::fs::read_to_string(dir("samples/HoSoDongBoDVC-tra-ket-qua.json")).unwrap();
    let read: HoSoDongBoDVC = serde_json::from_str(&text).unwrap();
    assert_eq!(
        read,
        codec().dossier_message(&after(1, full), None, &[]).unwrap()
    );
}
