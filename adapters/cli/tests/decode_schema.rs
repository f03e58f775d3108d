//! `hoso decode` and `hoso schema` run as a user runs them.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn hoso() -> Command {
    Command::cargo_bin("hoso").unwrap()
}

#[test]
fn decode_prints_the_normalised_message_as_json() {
    let out = hoso()
        .arg("decode")
        .arg(root().join("adapters/licensing/samples/v1/tiep-nhan-ho-so.xml"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(value["format"], "licensing-xml");
    assert_eq!(value["version"], "v1");
    assert_eq!(value["kind"], "notice");
    assert!(value["message"]["notice"].is_object(), "{value:#}");
}

#[test]
fn decode_of_an_invalid_message_exits_1_with_a_caret() {
    let xml = std::fs::read(root().join("adapters/land/samples/v2/nop-ho-so.xml")).unwrap();
    hoso()
        .args(["decode", "-"])
        .write_stdin(xml[..400].to_vec())
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("land-xml codec"))
        .stderr(predicate::str::contains("^ here"));
}

#[test]
fn decode_of_a_directory_or_a_missing_file_exits_2() {
    hoso()
        .arg("decode")
        .arg(root().join("adapters"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a directory"));
    hoso()
        .args(["decode", "/nonexistent/message.xml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read"));
}

#[test]
fn schema_list_names_every_shipped_schema() {
    let out = hoso()
        .args(["schema", "--list"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    for s in hoso_cli::schemas::SCHEMAS {
        assert!(out.contains(s.name), "{} missing from\n{out}", s.name);
    }
    insta::assert_snapshot!("schema_list", out);
}

#[test]
fn schema_prints_the_committed_file() {
    // Every schema: the adapters' compiled-in files and the ones generated from the core's types.
    for s in hoso_cli::schemas::SCHEMAS {
        let committed = std::fs::read_to_string(root().join(s.path)).unwrap();
        hoso()
            .args(["schema", s.name])
            .assert()
            .success()
            .stdout(committed);
    }
}

#[test]
fn an_unknown_schema_exits_2() {
    hoso()
        .args(["schema", "police-v9"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no schema called \"police-v9\""));
}
