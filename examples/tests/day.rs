//! The main job's day, end to end on loopback: every dossier reaches the end its scenario promises, each is
//! filed with its agency exactly once, and every custody chain verifies offline.

use std::sync::Arc;

use hoso_cli::day::custody::Signers;
use hoso_cli::day::desks::start_desks;
use hoso_cli::day::plan::{Agencies, Scenario, plan_day};
use hoso_cli::day::run::DayRun;
use hoso_cli::day::scripts::scripts_for_day;
use hoso_core::Catalogue;
use hoso_core::calendar::WorkCalendar;
use hoso_core::custody::{EvidenceError, TrustAnchors, Untrusted, verify_evidence};
use hoso_core::state::{AgencyState as A, PostalState as P};
use hoso_http::MemoryAuditSink;

async fn run_day(dossiers: usize, out: &std::path::Path) -> hoso_cli::day::report::DayReport {
    let day = jiff::civil::date(2026, 3, 2);
    let calendar = WorkCalendar::vietnam();
    let agencies = Agencies::sample().unwrap();
    let planned = plan_day(7, dossiers, day, &Catalogue::shipped().unwrap(), &agencies).unwrap();
    let scripts = scripts_for_day(&calendar, &planned).unwrap();
    let audit = Arc::new(MemoryAuditSink::default());
    let (simulators, desks) = start_desks(&agencies, scripts, audit.clone(), None)
        .await
        .unwrap();
    let keys_from =
        hoso_core::time::from_vietnam(day.to_datetime(jiff::civil::Time::midnight())).unwrap();
    let signers = Signers::open(out, keys_from).unwrap();
    let store = Arc::new(hoso_core::store::MemoryStore::new());
    let report = DayRun::new(calendar, &desks, &out.join("evidence"), signers, store)
        .unwrap()
        .run(&planned, |_, _| {})
        .await
        .unwrap();
    assert_eq!(
        simulators.filings(),
        dossiers,
        "every dossier filed exactly once"
    );
    assert!(!audit.records().is_empty(), "every exchange is audited");
    report
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_day_ends_every_dossier_where_its_scenario_says() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let report = run_day(60, dir).await;
    assert_eq!(report.outcomes.len(), 60);
    for o in &report.outcomes {
        let expected = match o.scenario {
            Scenario::Refused => (A::Refused, P::HandedToAgency),
            Scenario::ReturnedToAgency => (A::ResultReturned, P::ReturnedToAgency),
            _ => (A::ResultReturned, P::Delivered),
        };
        assert_eq!(
            (o.agency, o.postal),
            expected,
            "{} ({:?})",
            o.code,
            o.scenario
        );
        assert!(
            o.chain_verified,
            "{}: custody chain does not verify",
            o.code
        );
        if o.scenario != Scenario::Refused {
            // An extended dossier finished after its first appointment is late in the service's
            // statistics, apology or not (Decision 766/QĐ-TTg; DossierDeadlines::reported_processing).
            assert_eq!(
                o.processed_on_time,
                Some(o.scenario != Scenario::Late),
                "{}: {:?}",
                o.code,
                o.missed
            );
        }
    }
    assert!(report.outcomes.iter().any(|o| o.scenario == Scenario::Late));
    // No citizen ID number appears whole in any evidence file (the plan is deterministic: the same
    // dossiers, with the same applicants).
    let planned = plan_day(
        7,
        60,
        jiff::civil::date(2026, 3, 2),
        &Catalogue::shipped().unwrap(),
        &Agencies::sample().unwrap(),
    )
    .unwrap();
    let evidence: Vec<String> = std::fs::read_dir(dir.join("evidence"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    let mut citizens = 0;
    for p in &planned {
        if let hoso_core::Applicant::Citizen { id, .. } = &p.header.applicant {
            citizens += 1;
            assert!(
                evidence.iter().all(|text| !text.contains(id.reveal())),
                "{}: the applicant's citizen ID number is in the evidence",
                p.header.code
            );
        }
    }
    assert!(citizens > 0);
    let (ok, written) = report.chains();
    assert_eq!(ok, written);
    assert_eq!(
        std::fs::read_dir(dir.join("evidence")).unwrap().count(),
        written,
        "one evidence file per chain"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        for entry in std::fs::read_dir(dir.join("evidence")).unwrap() {
            assert_eq!(
                mode(&entry.unwrap().path()),
                0o600,
                "evidence files are private"
            );
        }
        for entry in std::fs::read_dir(dir.join("keys")).unwrap() {
            assert_eq!(mode(&entry.unwrap().path()), 0o600, "key files are private");
        }
        for entry in std::fs::read_dir(dir.join("salts")).unwrap() {
            assert_eq!(
                mode(&entry.unwrap().path()),
                0o600,
                "salt files are private"
            );
        }
    }
}

fn anchors_of(out: &std::path::Path) -> TrustAnchors {
    TrustAnchors::from_json(&std::fs::read(out.join("anchors.json")).unwrap()).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_seed_gives_the_same_day_signed_by_other_keys() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (a, b) = (a.path(), b.path());
    let ra = run_day(20, a).await;
    let rb = run_day(20, b).await;
    let states = |r: &hoso_cli::day::report::DayReport| {
        r.outcomes
            .iter()
            .map(|o| (o.code.to_string(), o.agency, o.postal, o.missed.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(states(&ra), states(&rb));
    // Each run's keys come from the CSPRNG: one run's evidence is valid under its own anchors and
    // untrusted under the other's.
    let (anchors_a, anchors_b) = (anchors_of(a), anchors_of(b));
    assert_ne!(anchors_a, anchors_b);
    let mut compared = 0;
    for o in &ra.outcomes {
        let name = format!("{}.json", o.code);
        if let Ok(x) = std::fs::read(a.join("evidence").join(&name)) {
            verify_evidence(&x, &anchors_a).unwrap();
            assert!(
                matches!(
                    verify_evidence(&x, &anchors_b),
                    Err(EvidenceError::Untrusted(Untrusted::KeyMismatch { .. }))
                ),
                "evidence of {} from one run is trusted under the other's anchors",
                o.code
            );
            compared += 1;
        }
    }
    assert!(compared > 0);
}
