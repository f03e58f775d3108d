//! Verifies custody evidence files offline, against the authority keys the relying party trusts.
//!
//! ```text
//! cargo run --example verify_evidence -- --anchors ANCHORS.json FILE...
//! ```
//!
//! `--anchors` is required: the trust anchor file (schema `docs/schemas/anchors.schema.json`) pins the
//! authority keys whose registry snapshots are believed; the key an evidence file carries is never trusted
//! on its own. For each file prints `VALID`, `UNTRUSTED` (its authority is not pinned, pinned with another
//! key, or outside its pinned validity), or `INVALID` with the first broken link or the problem.
//!
//! Exit code: 0 when every file is valid; 1 when any is invalid or untrusted; 2 when the anchor file or an
//! evidence file cannot be read or is malformed (or on a usage error).

use hoso_core::custody::{EvidenceError, TrustAnchors, verify_evidence};
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: verify_evidence --anchors ANCHORS.json FILE...";

fn main() -> ExitCode {
    let (anchors_path, files) = match arguments(std::env::args_os().skip(1)) {
        Ok(parsed) => parsed,
        Err(problem) => {
            eprintln!("error: {problem}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let anchors = match std::fs::read(&anchors_path) {
        Ok(bytes) => match TrustAnchors::from_json(&bytes) {
            Ok(anchors) => anchors,
            Err(e) => {
                eprintln!("error: {}: {e}", anchors_path.display());
                return ExitCode::from(2);
            }
        },
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", anchors_path.display());
            return ExitCode::from(2);
        }
    };
    let mut worst = 0u8;
    for path in &files {
        worst = worst.max(verify_one(path, &anchors));
    }
    ExitCode::from(worst)
}

/// `--anchors FILE` (anywhere) and one or more evidence files.
fn arguments(
    args: impl Iterator<Item = std::ffi::OsString>,
) -> Result<(PathBuf, Vec<PathBuf>), String> {
    let mut anchors = None;
    let mut files = Vec::new();
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        if arg == "--anchors" {
            let value = args.next().ok_or("--anchors needs a file")?;
            if anchors.replace(PathBuf::from(value)).is_some() {
                return Err("--anchors given twice".into());
            }
        } else if arg.to_string_lossy().starts_with("--") {
            return Err(format!("unknown option {}", arg.to_string_lossy()));
        } else {
            files.push(PathBuf::from(arg));
        }
    }
    let anchors = anchors.ok_or("--anchors FILE is required")?;
    if files.is_empty() {
        return Err("no evidence file given".into());
    }
    Ok((anchors, files))
}

/// Verifies one file and prints the outcome; answers the exit code it calls for.
fn verify_one(path: &std::path::Path, anchors: &TrustAnchors) -> u8 {
    let name = path.display();
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("error: cannot read {name}: {e}");
            return 2;
        }
    };
    match verify_evidence(&bytes, anchors) {
        Ok(verified) => {
            println!("{name}: VALID");
            println!("  dossier        {}", verified.dossier_code);
            println!("  records        {}", verified.chain.records);
            if let Some(head) = verified.chain.head {
                println!("  head           {head}");
            }
            println!(
                "  keys vouched by {} (pinned key {})",
                verified.authority, verified.authority_key_id
            );
            0
        }
        Err(EvidenceError::Untrusted(why)) => {
            println!("{name}: UNTRUSTED: {why}");
            1
        }
        Err(e @ EvidenceError::Malformed { .. }) => {
            eprintln!("error: {name}: {e}");
            2
        }
        Err(e) => {
            println!("{name}: INVALID: {e}");
            1
        }
    }
}
