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
//!
//! The day itself is `hoso_cli::day`, which `hoso day` runs too.

use std::process::ExitCode;

use hoso_cli::day::job::{DayOptions, run_main_job};

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> ExitCode {
    let result = match parse_args() {
        Ok(options) => run_main_job(&options, &mut std::io::stdout(), &mut std::io::stderr()).await,
        Err(usage) => Err(usage.into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nerror: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The command line: today's positional form (`[DOSSIERS] [OUT_DIR]`) and the flags.
fn parse_args() -> Result<DayOptions, String> {
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
    Ok(DayOptions {
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
