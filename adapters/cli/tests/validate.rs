//! `hoso validate` run as a user runs it: the shipped samples, every kind of bad input, the reports and the
//! exit codes.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn hoso() -> Command {
    Command::cargo_bin("hoso").unwrap()
}

fn sample(path: &str) -> Vec<u8> {
    std::fs::read(root().join(path)).unwrap()
}

/// A directory with one valid message and one of each kind of bad file.
fn mixed_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let valid = sample("adapters/licensing/samples/v2/nop-ho-so.xml");
    std::fs::write(d.join("a-valid.xml"), &valid).unwrap();
    std::fs::write(d.join("b-truncated.xml"), &valid[..300]).unwrap();
    let text = String::from_utf8(valid.clone()).unwrap();
    std::fs::write(
        d.join("c-namespace.xml"),
        text.replace("urn:hoso:gplx:v2", "urn:example:other:v2"),
    )
    .unwrap();
    std::fs::write(d.join("d-garbage.bin"), [0x00, 0x9f, 0xff, 0x13, 0x37]).unwrap();
    std::fs::write(d.join("e-empty.json"), "").unwrap();
    dir
}

#[test]
fn every_shipped_sample_is_valid() {
    let r = root();
    hoso()
        .arg("validate")
        .args(
            ["licensing", "land", "police", "judicial", "dvcqg"]
                .map(|a| r.join("adapters").join(a).join("samples")),
        )
        .arg(r.join("docs/schemas/evidence.sample.json"))
        .arg(r.join("docs/schemas/anchors.sample.json"))
        .arg(r.join("core/data"))
        .assert()
        .success()
        .stdout(predicate::str::contains(" valid, 0 invalid, 0 unreadable"));
}

#[test]
fn a_directory_mixing_valid_and_invalid_files_reports_each_with_a_caret_and_exits_1() {
    let dir = mixed_dir();
    let out = hoso()
        .current_dir(dir.path())
        .args(["validate", "."])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    insta::assert_snapshot!("mixed_directory", String::from_utf8(out).unwrap());
}

#[test]
fn the_json_report_lists_every_document_with_its_status_and_location() {
    let dir = mixed_dir();
    let out = hoso()
        .current_dir(dir.path())
        .args(["validate", "--format", "json", "."])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let report: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(
        report["summary"],
        serde_json::json!({"valid": 1, "invalid": 4, "unreadable": 0})
    );
    let results = report["results"].as_array().unwrap();
    let status: Vec<_> = results
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        status,
        ["valid", "invalid", "invalid", "invalid", "invalid"]
    );
    assert_eq!(results[0]["format"], "licensing-xml");
    assert_eq!(results[0]["version"], "v2");
    let truncated = &results[1]["problem"];
    assert_eq!(truncated["stage"], "codec");
    assert!(truncated["location"]["line"].as_u64().unwrap() > 1);
    assert_eq!(results[2]["problem"]["stage"], "format");
    assert!(
        results[2]["problem"]["message"]
            .as_str()
            .unwrap()
            .contains("urn:example:other:v2")
    );
    assert_eq!(results[4]["problem"]["message"], "empty input");
}

#[test]
fn binary_garbage_is_refused_with_its_first_byte() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("garbage");
    std::fs::write(&path, b"\x7fELF\x02\x01\x01\x00\x00").unwrap();
    hoso()
        .arg("validate")
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "neither XML nor a JSON object (first byte 0x7f",
        ));
}

#[test]
fn a_huge_sparse_file_is_refused_from_its_size_in_flat_memory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.json");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(64 * 1024 * 1024 * 1024).unwrap();
    drop(file);
    // Under a 256 MiB address-space limit: reading the 64 GiB file into memory would abort the command.
    let script = format!(
        "ulimit -v 262144 && exec \"$0\" validate '{}'",
        path.display()
    );
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(assert_cmd::cargo::cargo_bin("hoso"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("68719476736 bytes, more than the 16777216 bytes read whole"),
        "{stdout}"
    );
}

#[test]
fn an_ndjson_batch_on_standard_input_is_checked_line_by_line() {
    let mut batch = String::new();
    for name in ["statusUpdate", "resultReady", "dossierSubmission"] {
        let path = format!("adapters/police/samples/v2/{name}.json");
        let value: serde_json::Value = serde_json::from_slice(&sample(&path)).unwrap();
        batch.push_str(&value.to_string());
        batch.push('\n');
    }
    batch.push_str("{\"schemaVersion\": 2, \"messageType\": \"statusUpdate\", \"payload\": {}}\n");
    hoso()
        .args(["validate", "-"])
        .write_stdin(batch)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("-:4: police-json codec"))
        .stdout(predicate::str::contains("--> -:4:"))
        .stdout(predicate::str::contains("3 valid, 1 invalid, 0 unreadable"));
}

#[test]
fn a_missing_path_and_a_dangling_link_are_unreadable_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("dangling.xml");
    std::os::unix::fs::symlink(dir.path().join("nowhere"), &link).unwrap();
    let valid = root().join("adapters/land/samples/v1/nop-ho-so.xml");
    hoso()
        .arg("validate")
        .arg(&valid)
        .arg(&link)
        .arg(dir.path().join("missing.json"))
        .assert()
        .code(2)
        .stdout(predicate::str::contains("dangling.xml: cannot read"))
        .stdout(predicate::str::contains("missing.json: cannot read"))
        .stdout(predicate::str::contains("1 valid, 0 invalid, 2 unreadable"));
}

#[test]
fn a_schema_violation_is_reported_at_its_json_path() {
    let text = String::from_utf8(sample("docs/schemas/anchors.sample.json")).unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    value["anchors"][0]["unexpected"] = "field".into();
    hoso()
        .args(["validate", "--format", "json", "-"])
        .write_stdin(serde_json::to_string_pretty(&value).unwrap())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("\"status\":\"invalid\""));
}

#[test]
fn judicial_messages_are_told_from_police_ones_and_held_to_their_version() {
    let r = root();
    hoso()
        .args(["validate", "-v"])
        .arg(r.join("adapters/judicial/samples/v2/withdrawal.json"))
        .arg(r.join("adapters/judicial/samples/v1/accepted.json"))
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "withdrawal.json: valid (judicial-json v2, outbound)",
        ))
        .stdout(predicate::str::contains(
            "accepted.json: valid (judicial-json v1, notice)",
        ));
    // A withdrawal exists in version 2 only; a closed envelope refuses an unknown member.
    let withdrawal =
        String::from_utf8(sample("adapters/judicial/samples/v2/withdrawal.json")).unwrap();
    let mut v1: serde_json::Value = serde_json::from_str(&withdrawal).unwrap();
    v1["version"] = 1.into();
    let mut unknown: serde_json::Value = serde_json::from_str(&withdrawal).unwrap();
    unknown["unexpected"] = "member".into();
    for bad in [v1, unknown] {
        hoso()
            .args(["validate", "-"])
            .write_stdin(serde_json::to_string_pretty(&bad).unwrap())
            .assert()
            .code(1)
            .stdout(predicate::str::contains("judicial-json"));
    }
}

#[test]
fn labels_are_vietnamese_with_lang_vi() {
    hoso()
        .args(["--lang", "vi", "validate", "-v"])
        .arg(root().join("adapters/police/samples/v1/statusUpdate.json"))
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "statusUpdate.json: hợp lệ (police-json v1, notice)",
        ))
        .stdout(predicate::str::contains(
            "1 hợp lệ, 0 không hợp lệ, 0 không đọc được",
        ));
}

#[test]
fn piped_output_has_no_progress_bar() {
    hoso()
        .arg("validate")
        .arg(root().join("adapters/land/samples"))
        .assert()
        .success()
        .stderr(predicate::str::is_empty());
}

#[test]
fn the_agencies_schemas_run_with_always_schema_give_the_same_report() {
    // The police's and the judicial office's schemas are implied by their codecs and not run by default
    // (`SchemaRun`): over their samples and the hostile police corpus, running them changes no verdict.
    let r = root();
    let dirs = [
        "adapters/police/samples",
        "adapters/judicial/samples",
        "fuzz/hostile/police",
    ];
    let report = |extra: &[&str]| {
        let out = hoso()
            .args(["validate", "--format", "json"])
            .args(extra)
            .args(dirs.map(|d| r.join(d)))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "the hostile corpus is invalid");
        String::from_utf8(out.stdout).unwrap()
    };
    let implied = report(&[]);
    assert!(implied.contains("\"status\":\"valid\""), "{implied}");
    assert!(implied.contains("\"status\":\"invalid\""), "{implied}");
    assert_eq!(implied, report(&["--always-schema"]));
}
