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
//!
//! The verification itself is `hoso_cli::evidence`, which `hoso verify` runs too.

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
    let anchors = match hoso_cli::evidence::read_anchors(&anchors_path) {
        Ok(anchors) => anchors,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let lang = hoso_cli::lang::Lang::En;
    let (mut out, mut err) = (std::io::stdout(), std::io::stderr());
    let worst = files
        .iter()
        .map(|path| hoso_cli::evidence::verify_file(path, &anchors, lang, &mut out, &mut err))
        .max()
        .unwrap_or(0);
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
