//! `hoso timeline CODE --store URL`: a dossier's history from the store.

use hoso_cli::lang::Lang;
use hoso_cli::timeline::{rows, table};
use hoso_core::DossierCode;

use super::{FAILED, FOUND};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The dossier's code (mã hồ sơ), e.g. 000.00.01.H56-260302-0001.
    code: String,
    /// The event store: sqlite:PATH or postgres://… (e.g. sqlite:target/hoso-day/hoso.db after `hoso day`).
    #[arg(long)]
    store: String,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(args: &Args, lang: Lang) -> u8 {
    let code: DossierCode = match args.code.parse() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            return FAILED;
        }
    };
    let runtime = match super::runtime(0) {
        Ok(rt) => rt,
        Err(code) => return code,
    };
    let events = runtime.block_on(async {
        let store = hoso_cli::store::open_existing(&args.store)
            .await
            .map_err(|e| e.to_string())?;
        store.read_stream(&code, 0).await.map_err(|e| e.to_string())
    });
    let events: Vec<_> = match events {
        Ok(recorded) => recorded.into_iter().map(|r| r.event).collect(),
        Err(e) => {
            eprintln!("error: {}: {e}", args.store);
            return FAILED;
        }
    };
    if events.is_empty() {
        eprintln!(
            "error: {code}: {}",
            lang.pick(
                "no such dossier in the store",
                "không có hồ sơ này trong kho"
            )
        );
        return FOUND;
    }
    let rows = match rows(&events) {
        Ok(rows) => rows,
        Err(e) => {
            eprintln!("error: {code}: {e}");
            return FOUND;
        }
    };
    let text = if args.json {
        match serde_json::to_string_pretty(&rows) {
            Ok(t) => t + "\n",
            Err(e) => {
                eprintln!("error: {e}");
                return FAILED;
            }
        }
    } else {
        format!(
            "{} {code}\n\n{}",
            lang.pick("dossier", "hồ sơ"),
            table(&rows, lang)
        )
    };
    super::print(text.as_bytes())
}
