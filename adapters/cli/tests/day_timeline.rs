//! `hoso day` and `hoso timeline` run as a user runs them: a small day on loopback, its dossiers' histories
//! read back from its store, its evidence verified, and a second run on the same directory resuming.

use assert_cmd::Command;
use predicates::prelude::*;

fn hoso() -> Command {
    Command::cargo_bin("hoso").unwrap()
}

const DOSSIERS: &str = "8";

#[test]
fn a_day_then_its_timelines_and_evidence_then_a_resumed_day() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("day");
    let first = hoso()
        .args(["day", "--dossiers", DOSSIERS, "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "dossiers filed with the agencies (each once): 8",
        ))
        .stderr(predicate::str::contains("8/8 dossiers"))
        .get_output()
        .stdout
        .clone();
    let first = String::from_utf8(first).unwrap();

    let mut evidence: Vec<_> = std::fs::read_dir(out.join("evidence"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    evidence.sort();
    assert_eq!(evidence.len(), 8);
    hoso()
        .arg("verify")
        .arg("--anchors")
        .arg(out.join("anchors.json"))
        .args(&evidence)
        .assert()
        .success()
        .stdout(predicate::str::contains("INVALID").not());

    let code = evidence[0]
        .file_stem()
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let store = format!("sqlite:{}", out.join("hoso.db").display());
    hoso()
        .args(["timeline", &code, "--store", &store])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!("dossier {code}")))
        .stdout(predicate::str::contains("opened"))
        .stdout(predicate::str::contains("Mới đăng ký / Newly registered"));
    let json = hoso()
        .args(["timeline", &code, "--store", &store, "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let rows: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows[0]["event"], "opened");
    assert_eq!(rows[0]["portal"], 1);
    assert!(rows.len() > 3, "{rows:?}");

    // Run again on the same directory: nothing is filed twice, the summary is the same.
    let again = hoso()
        .args(["day", "--dossiers", DOSSIERS, "--out"])
        .arg(&out)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let again = String::from_utf8(again).unwrap();
    let summary = |s: &str| {
        s.lines()
            .filter(|l| l.starts_with("dossiers filed") || l.starts_with("store:"))
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(summary(&again), summary(&first));
}

#[test]
fn a_timeline_of_a_missing_store_or_an_unknown_dossier_fails_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let missing = format!("sqlite:{}", dir.path().join("nowhere.db").display());
    hoso()
        .args(["timeline", "000.00.01.H56-260302-0001", "--store", &missing])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no store at"));
    assert!(
        !dir.path().join("nowhere.db").exists(),
        "no empty store is created"
    );
    hoso()
        .args(["timeline", "not-a-code", "--store", &missing])
        .assert()
        .code(2);
    hoso()
        .args([
            "timeline",
            "000.00.01.H56-260302-0001",
            "--store",
            "mysql://x",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unsupported store"));
}
