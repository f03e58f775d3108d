//! The main job: a day at a provincial post office, end to end.
//!
//! Starts the three agencies' simulators on loopback (licensing XML, land registry XML, police JSON), plans a
//! few hundred dossiers deterministically, and drives each through intake, carriage, handover, the agency's
//! answers over HTTP, result return and delivery, with due dates from the working-day calendar and a signed
//! chain of custody. Prints a summary and writes one evidence file per dossier (`OUT/evidence/`), the trust
//! anchors they verify against (`OUT/anchors.json`; the keys, generated on the first run, are kept in
//! `OUT/keys/`) and the HTTP audit trail.
//!
//! `cargo run --example post_office_day -- [DOSSIERS] [OUT_DIR]` (defaults: 300, `target/hoso-day`).

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use hoso_core::Catalogue;
use hoso_core::calendar::WorkCalendar;
use hoso_examples::day::custody::Signers;
use hoso_examples::day::desks::start_desks;
use hoso_examples::day::plan::{Agencies, plan_day};
use hoso_examples::day::run::DayRun;
use hoso_examples::day::scripts::scripts_for_day;
use hoso_http::{AuditSink, JsonLinesAuditSink};

const SEED: u64 = 20_260_302;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nerror: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dossiers: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(300);
    let out = std::path::PathBuf::from(args.next().unwrap_or_else(|| "target/hoso-day".to_owned()));
    let started = Instant::now();
    let day = jiff::civil::date(2026, 3, 2);
    let calendar = WorkCalendar::vietnam();
    let agencies = Agencies::sample()?;
    let planned = plan_day(SEED, dossiers, day, &Catalogue::shipped()?, &agencies)?;
    let scripts = scripts_for_day(&calendar, &planned)?;
    println!("hoso — một ngày tại bưu điện tỉnh / a day at a provincial post office ({day})");
    println!(
        "{} dossiers planned (seed {SEED}); agencies' simulators on loopback:",
        planned.len()
    );

    std::fs::create_dir_all(&out)?;
    let audit_path = out.join("audit.jsonl");
    let audit: Arc<dyn AuditSink> = Arc::new(JsonLinesAuditSink::new(std::io::BufWriter::new(
        std::fs::File::create(&audit_path)?,
    )));
    let (simulators, desks) = start_desks(&agencies, scripts, audit).await?;
    for (agency, sim) in &simulators.by_agency {
        println!("  {agency}: {}", sim.base_url());
    }

    let keys_from = hoso_core::time::from_vietnam(day.to_datetime(jiff::civil::Time::midnight()))?;
    let signers = Signers::open(&out, keys_from)?;
    let run = DayRun::new(calendar, &desks, &out.join("evidence"), signers)?;
    let report = run
        .run(&planned, |done, total| {
            if done % 10 == 0 || done == total {
                let width = 40;
                let filled = done * width / total.max(1);
                eprint!(
                    "\r  [{}{}] {done}/{total} dossiers",
                    "#".repeat(filled),
                    ".".repeat(width - filled)
                );
                let _ = std::io::stderr().flush();
            }
        })
        .await?;
    eprintln!();
    println!();
    println!("{report}");
    println!(
        "dossiers filed with the agencies (each once): {}",
        simulators.filings()
    );
    println!(
        "trust anchors of this run's evidence: {} (cargo run --example verify_evidence -- --anchors FILE EVIDENCE...)",
        out.join("anchors.json").display()
    );
    println!(
        "audit trail of every HTTP exchange: {}",
        audit_path.display()
    );
    println!("finished in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}
