//! `hoso verify --anchors FILE EVIDENCE...`: each evidence file verified offline against the pinned
//! authority keys, with the first broken link of each.

use std::path::{Path, PathBuf};

use hoso_cli::lang::Lang;
use hoso_core::custody::{EvidenceError, TrustAnchors, verify_evidence};

use super::{FAILED, FOUND, OK};

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
    let anchors = match std::fs::read(&args.anchors) {
        Ok(bytes) => match TrustAnchors::from_json(&bytes) {
            Ok(anchors) => anchors,
            Err(e) => {
                eprintln!("error: {}: {e}", args.anchors.display());
                return FAILED;
            }
        },
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", args.anchors.display());
            return FAILED;
        }
    };
    args.evidence
        .iter()
        .map(|path| verify_one(path, &anchors, lang))
        .max()
        .unwrap_or(OK)
}

/// Verifies one file and prints the outcome; answers the exit code it calls for.
fn verify_one(path: &Path, anchors: &TrustAnchors, lang: Lang) -> u8 {
    let name = path.display();
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("error: cannot read {name}: {e}");
            return FAILED;
        }
    };
    match verify_evidence(&bytes, anchors) {
        Ok(verified) => {
            println!("{name}: {}", lang.pick("VALID", "HỢP LỆ"));
            println!(
                "  {:<15} {}",
                lang.pick("dossier", "hồ sơ"),
                verified.dossier_code
            );
            println!(
                "  {:<15} {}",
                lang.pick("records", "bản ghi"),
                verified.chain.records
            );
            if let Some(head) = verified.chain.head {
                println!("  {:<15} {head}", lang.pick("head", "đầu chuỗi"));
            }
            println!(
                "  {} {} ({} {})",
                lang.pick("keys vouched by", "khóa được bảo chứng bởi"),
                verified.authority,
                lang.pick("pinned key", "khóa đã ghim"),
                verified.authority_key_id
            );
            OK
        }
        Err(EvidenceError::Untrusted(why)) => {
            println!("{name}: {}: {why}", lang.pick("UNTRUSTED", "KHÔNG TIN CẬY"));
            FOUND
        }
        Err(e @ EvidenceError::Malformed { .. }) => {
            eprintln!("error: {name}: {e}");
            FAILED
        }
        Err(e) => {
            println!("{name}: {}: {e}", lang.pick("INVALID", "KHÔNG HỢP LỆ"));
            FOUND
        }
    }
}
