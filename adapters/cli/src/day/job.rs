//! The main job from end to end, as `hoso day` and `cargo run --example post_office_day` run it: the
//! simulators started, the day planned and driven, the summary written, the store and evidence kept under
//! the output directory so that a second run on it resumes.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use hoso_core::Catalogue;
use hoso_core::calendar::WorkCalendar;
use hoso_http::{AuditSink, JsonLinesAuditSink};

use super::custody::Signers;
use super::desks::start_desks;
use super::plan::{Agencies, plan_day};
use super::portal::DayPortal;
use super::run::DayRun;
use super::scripts::scripts_for_day;

/// The seed of the day's plan: one seed, one day, on every machine.
pub const SEED: u64 = 20_260_302;

/// What day to run, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayOptions {
    /// How many dossiers (default 300).
    pub dossiers: usize,
    /// Where the store, evidence, keys and audit trail go (default `target/hoso-day`).
    pub out: PathBuf,
    /// The store's URL (`sqlite:PATH`, `postgres://…`); default `sqlite:OUT/hoso.db`.
    pub store: Option<String>,
    /// Redraw the progress bar every this many dossiers (default 10).
    pub progress_every: usize,
}

impl Default for DayOptions {
    fn default() -> Self {
        Self {
            dossiers: 300,
            out: PathBuf::from("target/hoso-day"),
            store: None,
            progress_every: 10,
        }
    }
}

/// Runs the day of `options`, writing the summary to `out` and the progress bar
/// (`[####....] n/total dossiers`) to `progress`.
///
/// # Errors
/// Why the day stopped: a store, simulator, file or exchange error, or a refused event (each as its own
/// error type, boxed).
pub async fn run_main_job(
    options: &DayOptions,
    out: &mut dyn Write,
    progress: &mut dyn Write,
) -> Result<(), Box<dyn std::error::Error>> {
    let DayOptions {
        dossiers,
        out: dir,
        store,
        progress_every,
    } = options;
    let progress_every = (*progress_every).max(1);
    let started = Instant::now();
    let day = jiff::civil::date(2026, 3, 2);
    let calendar = WorkCalendar::vietnam();
    let agencies = Agencies::sample()?;
    let catalogue = Catalogue::shipped()?;
    let planned = plan_day(SEED, *dossiers, day, &catalogue, &agencies)?;
    let scripts = scripts_for_day(&calendar, &planned)?;
    writeln!(
        out,
        "hoso — một ngày tại bưu điện tỉnh / a day at a provincial post office ({day})"
    )?;
    writeln!(
        out,
        "{} dossiers planned (seed {SEED}); agencies' simulators on loopback:",
        planned.len()
    )?;

    std::fs::create_dir_all(dir)?;
    let audit_path = dir.join("audit.jsonl");
    // Appended to, so that a resumed day keeps the trail of the runs before it.
    let audit_file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&audit_path)?;
    let audit: Arc<dyn AuditSink> =
        Arc::new(JsonLinesAuditSink::new(std::io::BufWriter::new(audit_file)));
    let url = store
        .clone()
        .unwrap_or_else(|| format!("sqlite:{}", dir.join("hoso.db").display()));
    let store = crate::store::open(&url).await?;
    let (simulators, desks) =
        start_desks(&agencies, scripts, audit, Some(&dir.join("agencies"))).await?;
    for (agency, sim) in &simulators.by_agency {
        writeln!(out, "  {agency}: {}", sim.base_url())?;
    }
    let portal = Arc::new(
        DayPortal::start(
            Arc::clone(&store),
            &catalogue,
            Some(&dir.join("portal.jsonl")),
        )
        .await?,
    );
    writeln!(out, "  national portal (DVCQG): {}", portal.base_url())?;
    out.flush()?;

    let keys_from = hoso_core::time::from_vietnam(day.to_datetime(jiff::civil::Time::midnight()))?;
    let signers = Signers::open(dir, keys_from)?;
    let run = DayRun::new(
        calendar,
        &desks,
        &dir.join("evidence"),
        signers,
        Arc::clone(&store),
    )?
    .with_portal(Arc::clone(&portal));
    let report = run
        .run(&planned, |done, total| {
            if done % progress_every == 0 || done == total {
                let width = 40;
                let filled = done * width / total.max(1);
                // The bar is best effort: a closed terminal does not stop the day.
                let _ = write!(
                    progress,
                    "\r  [{}{}] {done}/{total} dossiers",
                    "#".repeat(filled),
                    ".".repeat(width - filled)
                );
                let _ = progress.flush();
            }
        })
        .await?;
    let _ = writeln!(progress);
    writeln!(out)?;
    writeln!(out, "{report}")?;
    writeln!(
        out,
        "dossiers filed with the agencies (each once): {}",
        simulators.filings()
    )?;
    let codes: Vec<_> = planned.iter().map(|p| p.header.code.clone()).collect();
    writeln!(out, "{}", portal.summary(Arc::clone(&store), &codes).await?)?;
    writeln!(out, "{}", portal.calls())?;
    writeln!(
        out,
        "trust anchors of this run's evidence: {} (hoso verify --anchors FILE EVIDENCE...)",
        dir.join("anchors.json").display()
    )?;
    writeln!(
        out,
        "audit trail of every HTTP exchange: {}",
        audit_path.display()
    )?;
    let outbox = store.outbox_counts().await?;
    writeln!(
        out,
        "store: {} events of {} dossiers; outbox: {} sent, {} pending, {} dead letters",
        store.read_all(0, usize::MAX).await?.events.len(),
        store
            .query(&hoso_core::store::DossierQuery::all().limit(usize::MAX))
            .await?
            .len(),
        outbox.done,
        outbox.pending,
        outbox.dead
    )?;
    writeln!(out, "finished in {:.1} s", started.elapsed().as_secs_f64())?;
    Ok(())
}
