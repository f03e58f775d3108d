//! `hoso day`: the main job, a simulated day at a provincial post office (the same run as
//! `cargo run --example post_office_day`).

use std::path::PathBuf;

use hoso_cli::day::job::{DayOptions, run_main_job};
use hoso_cli::lang::Lang;

use super::{FAILED, OK};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// How many dossiers (hồ sơ) to plan.
    #[arg(long, default_value_t = 300)]
    dossiers: usize,
    /// Where the store, evidence files, keys and audit trail go; run again on it to resume.
    #[arg(long, default_value = "target/hoso-day")]
    out: PathBuf,
    /// The event store: sqlite:PATH or postgres://… (default sqlite:OUT/hoso.db).
    #[arg(long)]
    store: Option<String>,
    /// Redraw the progress bar every N dossiers.
    #[arg(long, default_value_t = 10)]
    progress_every: usize,
}

pub(crate) fn run(args: &Args, _lang: Lang) -> u8 {
    let options = DayOptions {
        dossiers: args.dossiers,
        out: args.out.clone(),
        store: args.store.clone(),
        progress_every: args.progress_every,
    };
    let runtime = match super::runtime(2) {
        Ok(rt) => rt,
        Err(code) => return code,
    };
    let result = runtime.block_on(run_main_job(
        &options,
        &mut std::io::stdout(),
        &mut std::io::stderr(),
    ));
    match result {
        Ok(()) => OK,
        Err(e) => {
            eprintln!("\nerror: {e}");
            FAILED
        }
    }
}
