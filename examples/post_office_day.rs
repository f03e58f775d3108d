//! The main job: a day at a provincial post office, end to end.
//!
//! Starts the three agencies' simulators on loopback (licensing XML, land registry XML, police JSON), plans a
//! few hundred dossiers deterministically, and drives each through intake, carriage, handover, the agency's
//! answers over HTTP, result return and delivery, with due dates from the working-day calendar and a signed
//! chain of custody. Prints a summary and writes one evidence file per dossier (`OUT/evidence/`), the trust
//! anchors they verify against (`OUT/anchors.json`; the keys, generated on the first run, are kept in
//! `OUT/keys/`) and the HTTP audit trail.
//!
//! Everything is kept in an event store, SQLite by default (`OUT/hoso.db`): every event, the custody records
//! and the outbox through which every message to an agency leaves. The agencies' simulators keep what they
//! were sent beside it (`OUT/agencies/`). Run it again on the same `OUT` and the day resumes where it
//! stopped, even after `kill -9`, and ends with the same summary: every dossier filed once, no event twice.
//!
//! `cargo run --example post_office_day -- [DOSSIERS] [OUT_DIR]`, or with flags
//! `--dossiers N --out DIR --store sqlite:PATH|postgres://…` (defaults: 300, `target/hoso-day`, `sqlite:OUT/hoso.db`);
//! `--progress-every N` redraws the progress bar every N dossiers (default 10).

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use hoso_core::Catalogue;
use hoso_core::calendar::WorkCalendar;
use hoso_examples::day::custody::Signers;
use hoso_examples::day::desks::start_desks;
use hoso_examples::day::plan::{Agencies, plan_day};
use hoso_examples::day::portal::DayPortal;
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

/// The command line: today's positional form (`[DOSSIERS] [OUT_DIR]`) and the flags.
struct Args {
    dossiers: usize,
    progress_every: usize,
    out: std::path::PathBuf,
    store: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut dossiers = None;
    let mut out = None;
    let mut store = None;
    let mut progress_every = None;
    let mut positional = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |flag: &str| args.next().ok_or_else(|| format!("{flag} needs a value"));
        match a.as_str() {
            "--dossiers" => dossiers = Some(value("--dossiers")?),
            "--out" => out = Some(value("--out")?),
            "--store" => store = Some(value("--store")?),
            "--progress-every" => progress_every = Some(value("--progress-every")?),
            "-h" | "--help" => {
                return Err(
                    "usage: post_office_day [DOSSIERS] [OUT_DIR] [--dossiers N] [--out DIR] [--store sqlite:PATH|postgres://...] [--progress-every N]"
                        .into(),
                );
            }
            flag if flag.starts_with("--") => return Err(format!("unknown flag {flag}")),
            _ => positional.push(a),
        }
    }
    let mut positional = positional.into_iter();
    let dossiers = dossiers.or_else(|| positional.next());
    let out = out.or_else(|| positional.next());
    if let Some(extra) = positional.next() {
        return Err(format!("unexpected argument {extra:?}"));
    }
    Ok(Args {
        dossiers: dossiers
            .map(|d| {
                d.parse()
                    .map_err(|_| format!("--dossiers: {d:?} is not a number"))
            })
            .transpose()?
            .unwrap_or(300),
        out: std::path::PathBuf::from(out.unwrap_or_else(|| "target/hoso-day".to_owned())),
        store,
        progress_every: progress_every
            .map(|n| {
                n.parse()
                    .map_err(|_| format!("--progress-every: {n:?} is not a number"))
            })
            .transpose()?
            .unwrap_or(10usize)
            .max(1),
    })
}

async fn open_store(
    url: Option<&str>,
    out: &std::path::Path,
) -> Result<Arc<dyn hoso_core::store::EventStore>, Box<dyn std::error::Error>> {
    let url = url.map_or_else(
        || format!("sqlite:{}", out.join("hoso.db").display()),
        str::to_owned,
    );
    if url.starts_with("sqlite:") {
        return Ok(Arc::new(hoso_sqlite::SqliteStore::open_url(&url).await?));
    }
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok(Arc::new(hoso_postgres::PgStore::connect(&url).await?));
    }
    Err(format!("unsupported store {url:?}: use sqlite:PATH or postgres://…").into())
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let Args {
        dossiers,
        out,
        store,
        progress_every,
    } = parse_args()?;
    let started = Instant::now();
    let day = jiff::civil::date(2026, 3, 2);
    let calendar = WorkCalendar::vietnam();
    let agencies = Agencies::sample()?;
    let catalogue = Catalogue::shipped()?;
    let planned = plan_day(SEED, dossiers, day, &catalogue, &agencies)?;
    let scripts = scripts_for_day(&calendar, &planned)?;
    println!("hoso — một ngày tại bưu điện tỉnh / a day at a provincial post office ({day})");
    println!(
        "{} dossiers planned (seed {SEED}); agencies' simulators on loopback:",
        planned.len()
    );

    std::fs::create_dir_all(&out)?;
    let audit_path = out.join("audit.jsonl");
    // Appended to, so that a resumed day keeps the trail of the runs before it.
    let audit_file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&audit_path)?;
    let audit: Arc<dyn AuditSink> =
        Arc::new(JsonLinesAuditSink::new(std::io::BufWriter::new(audit_file)));
    let store = open_store(store.as_deref(), &out).await?;
    let (simulators, desks) =
        start_desks(&agencies, scripts, audit, Some(&out.join("agencies"))).await?;
    for (agency, sim) in &simulators.by_agency {
        println!("  {agency}: {}", sim.base_url());
    }
    let portal = Arc::new(
        DayPortal::start(
            Arc::clone(&store),
            &catalogue,
            Some(&out.join("portal.jsonl")),
        )
        .await?,
    );
    println!("  national portal (DVCQG): {}", portal.base_url());

    let keys_from = hoso_core::time::from_vietnam(day.to_datetime(jiff::civil::Time::midnight()))?;
    let signers = Signers::open(&out, keys_from)?;
    let run = DayRun::new(
        calendar,
        &desks,
        &out.join("evidence"),
        signers,
        Arc::clone(&store),
    )?
    .with_portal(Arc::clone(&portal));
    let report = run
        .run(&planned, |done, total| {
            if done % progress_every == 0 || done == total {
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
    let codes: Vec<_> = planned.iter().map(|p| p.header.code.clone()).collect();
    println!("{}", portal.summary(Arc::clone(&store), &codes).await?);
    println!("{}", portal.calls());
    println!(
        "trust anchors of this run's evidence: {} (cargo run --example verify_evidence -- --anchors FILE EVIDENCE...)",
        out.join("anchors.json").display()
    );
    println!(
        "audit trail of every HTTP exchange: {}",
        audit_path.display()
    );
    let outbox = store.outbox_counts().await?;
    println!(
        "store: {} events of {} dossiers; outbox: {} sent, {} pending, {} dead letters",
        store.read_all(0, usize::MAX).await?.events.len(),
        store
            .query(&hoso_core::store::DossierQuery::all().limit(usize::MAX))
            .await?
            .len(),
        outbox.done,
        outbox.pending,
        outbox.dead
    );
    println!("finished in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}
