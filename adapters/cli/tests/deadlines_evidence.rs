//! `hoso due-date`, `hoso verify` and `hoso completions` run as a user runs them.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn hoso() -> Command {
    Command::cargo_bin("hoso").unwrap()
}

const RECEIVED: &str = "2026-08-28T16:10:00+07:00";

#[test]
fn due_dates_of_each_leg_with_rule_citation_and_days_off() {
    let out = hoso()
        .args([
            "due-date",
            "--procedure",
            "1.002820",
            "--received",
            RECEIVED,
        ])
        .args([
            "--channel",
            "postal",
            "--route",
            "inter-province",
            "--posted",
            "2026-08-24",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    insta::assert_snapshot!("due_date_inter_province", String::from_utf8(out).unwrap());
}

#[test]
fn due_dates_in_vietnamese() {
    hoso()
        .args([
            "--lang",
            "vi",
            "due-date",
            "--procedure",
            "1.002820",
            "--received",
            RECEIVED,
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "thủ tục 1.002820: Đổi giấy phép lái xe",
        ))
        .stdout(predicate::str::contains("giải quyết hồ sơ"))
        .stdout(predicate::str::contains("2026-09-02 Quốc khánh"));
}

#[test]
fn due_dates_as_json_name_the_rule_and_the_skipped_days() {
    let out = hoso()
        .args([
            "due-date",
            "--json",
            "--procedure",
            "1.002820",
            "--received",
            RECEIVED,
        ])
        .args(["--route", "same-province"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let due: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(due["reception_day"], "2026-09-03");
    let rules: Vec<_> = due["legs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["rule"].clone())
        .collect();
    assert_eq!(
        rules,
        [
            "supplement_request_window",
            "processing_time_limit",
            "carriage_to_recipient"
        ]
    );
    let processing = &due["legs"][1];
    assert_eq!(processing["due"], "2026-09-10");
    assert!(
        processing["citation"]
            .as_str()
            .unwrap()
            .contains("Decision 45/2016/QĐ-TTg Art 7(4)")
    );
    let skipped: Vec<_> = processing["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["date"].as_str().unwrap())
        .collect();
    assert!(skipped.contains(&"2026-09-02"), "{skipped:?}");
    assert_eq!(
        due["legs"][2]["due"], "2026-09-14",
        "J+2 working days after 10 September"
    );
}

#[test]
fn an_unknown_procedure_or_a_posted_dossier_without_route_exits_2() {
    let due_date = |procedure: &str, received: &str| {
        let mut command = hoso();
        command.args(["due-date", "--procedure", procedure, "--received", received]);
        command
    };
    due_date("9.999999", RECEIVED)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not in the catalogue"));
    due_date("1.002820", RECEIVED)
        .args(["--posted", "2026-08-24"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--posted needs --route"));
    due_date("1.002820", "yesterday").assert().code(2);
}

fn anchors() -> PathBuf {
    root().join("docs/schemas/anchors.sample.json")
}

#[test]
fn verify_accepts_the_sample_evidence() {
    hoso()
        .arg("verify")
        .arg("--anchors")
        .arg(anchors())
        .arg(root().join("docs/schemas/evidence.sample.json"))
        .assert()
        .success()
        .stdout(predicate::str::contains("VALID"))
        .stdout(predicate::str::contains("records         9"));
}

#[test]
fn verify_names_the_first_broken_link_of_each_file() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("docs/schemas/evidence.sample.json")).unwrap();
    let tampered = dir.path().join("tampered.json");
    std::fs::write(
        &tampered,
        text.replacen("Trần Thị Bình", "Trần Thị Binh", 1),
    )
    .unwrap();
    hoso()
        .arg("verify")
        .arg("--anchors")
        .arg(anchors())
        .arg(root().join("docs/schemas/evidence.sample.json"))
        .arg(&tampered)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "tampered.json: INVALID: broken chain: record #1 (sequence 1, intake_slip)",
        ));
}

#[test]
fn verify_refuses_an_authority_that_is_not_pinned() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(anchors()).unwrap();
    let other = dir.path().join("anchors.json");
    std::fs::write(
        &other,
        text.replace("vnpost-registry-2026", "other-registry"),
    )
    .unwrap();
    hoso()
        .arg("verify")
        .arg("--anchors")
        .arg(&other)
        .arg(root().join("docs/schemas/evidence.sample.json"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("UNTRUSTED"));
}

#[test]
fn verify_without_readable_anchors_or_evidence_exits_2() {
    hoso()
        .args(["verify", "--anchors", "/nonexistent/anchors.json"])
        .arg(root().join("docs/schemas/evidence.sample.json"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read"));
    hoso()
        .arg("verify")
        .arg("--anchors")
        .arg(anchors())
        .arg(root().join("docs"))
        .assert()
        .code(2);
    hoso()
        .arg("verify")
        .arg("--anchors")
        .arg(anchors())
        .assert()
        .code(2);
}

#[test]
fn completions_are_generated_for_bash() {
    hoso()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("_hoso()"))
        .stdout(predicate::str::contains("due-date"));
}

#[test]
fn help_gives_the_vietnamese_terms_beside_the_english() {
    hoso()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Check files (kiểm tra)"))
        .stdout(predicate::str::contains("due date of each leg (thời hạn)"));
}
