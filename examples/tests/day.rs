//! The main job's day, end to end on loopback: every dossier reaches the end its scenario promises, each is
//! filed with its agency exactly once, and every custody chain verifies offline.

use std::sync::Arc;

use hoso_core::Catalogue;
use hoso_core::calendar::WorkCalendar;
use hoso_core::state::{AgencyState as A, PostalState as P};
use hoso_examples::day::desks::start_desks;
use hoso_examples::day::plan::{Agencies, Scenario, plan_day};
use hoso_examples::day::run::DayRun;
use hoso_examples::day::scripts::scripts_for_day;
use hoso_http::MemoryAuditSink;

async fn run_day(dossiers: usize, out: &std::path::Path) -> hoso_examples::day::report::DayReport {
    let day = jiff::civil::date(2026, 3, 2);
    let calendar = WorkCalendar::vietnam();
    let agencies = Agencies::sample().unwrap();
    let planned = plan_day(7, dossiers, day, &Catalogue::shipped().unwrap(), &agencies).unwrap();
    let scripts = scripts_for_day(&calendar, &planned).unwrap();
    let audit = Arc::new(MemoryAuditSink::default());
    let (simulators, desks) = start_desks(&agencies, scripts, audit.clone())
        .await
        .unwrap();
    let keys_from =
        hoso_core::time::from_vietnam(day.to_datetime(jiff::civil::Time::midnight())).unwrap();
    let report = DayRun::new(calendar, &desks, out, keys_from)
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
    let dir = std::env::temp_dir().join(format!("hoso-day-test-{}", std::process::id()));
    let report = run_day(60, &dir).await;
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
            assert_eq!(
                o.processed_on_time,
                Some(true),
                "{}: {:?}",
                o.code,
                o.missed
            );
        }
    }
    assert!(report.outcomes.iter().any(|o| o.scenario == Scenario::Late));
    let (ok, written) = report.chains();
    assert_eq!(ok, written);
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        written,
        "one evidence file per chain"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_seed_gives_the_same_day() {
    let a = std::env::temp_dir().join(format!("hoso-day-a-{}", std::process::id()));
    let b = std::env::temp_dir().join(format!("hoso-day-b-{}", std::process::id()));
    let ra = run_day(20, &a).await;
    let rb = run_day(20, &b).await;
    let states = |r: &hoso_examples::day::report::DayReport| {
        r.outcomes
            .iter()
            .map(|o| (o.code.to_string(), o.agency, o.postal, o.missed.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(states(&ra), states(&rb));
    for o in &ra.outcomes {
        let name = format!("{}.json", o.code);
        if let (Ok(x), Ok(y)) = (std::fs::read(a.join(&name)), std::fs::read(b.join(&name))) {
            assert_eq!(x, y, "evidence of {} differs between runs", o.code);
        }
    }
    let _ = std::fs::remove_dir_all(&a);
    let _ = std::fs::remove_dir_all(&b);
}
