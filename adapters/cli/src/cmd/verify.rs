//! `hoso verify --anchors FILE EVIDENCE...`: each evidence file verified offline against the pinned
//! authority keys, with the first broken link of each.

use std::path::PathBuf;

use hoso_cli::evidence::{read_anchors, verify_file};
use hoso_cli::lang::Lang;

use super::{FAILED, OK};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The trust anchor file (docs/schemas/anchors.schema.json): the authority keys believed. The key an
    /// evidence file carries is never trusted on its own.
    #[arg(long, required = true)]
    anchors: PathBuf,
    /// Evidence files (hồ sơ chứng cứ).
    #[arg(required = true)]
    evidence: Vec<PathBuf>,
}

pub(crate) fn run(args: &Args, lang: Lang) -> u8 {
    let anchors = match read_anchors(&args.anchors) {
        Ok(anchors) => anchors,
        Err(e) => {
            eprintln!("error: {e}");
            return FAILED;
        }
    };
    let (mut out, mut err) = (std::io::stdout(), std::io::stderr());
    args.evidence
        .iter()
        .map(|path| verify_file(path, &anchors, lang, &mut out, &mut err))
        .max()
        .unwrap_or(OK)
}
