//! `hoso decode FILE`: the normalised message as JSON.

use std::path::PathBuf;

use hoso_cli::check::DEFAULT_MAX_BYTES;
use hoso_cli::inputs::Inputs;
use hoso_cli::lang::Lang;

use super::{FAILED, FOUND, OK, checker};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The message (tệp thông điệp); `-` for standard input. An NDJSON batch prints one line each.
    file: PathBuf,
    /// The receiving agency (mã cơ quan) every agency message must be for; by default the
    /// agency of the message's dossier code.
    #[arg(long)]
    agency: Option<String>,
    /// The largest document read whole, in bytes.
    #[arg(long, default_value_t = DEFAULT_MAX_BYTES)]
    max_bytes: u64,
}

pub(crate) fn run(args: &Args, lang: Lang) -> u8 {
    let checker = match checker(args.agency.as_deref()) {
        Ok(checker) => checker,
        Err(code) => return code,
    };
    if args.file.is_dir() {
        eprintln!(
            "error: {}: {}",
            args.file.display(),
            lang.pick("is a directory, not a file", "là thư mục, không phải tệp")
        );
        return FAILED;
    }
    let mut worst = OK;
    for input in Inputs::new([args.file.clone()], args.max_bytes) {
        let body = match input.body {
            Ok(body) => body,
            Err(e) => {
                eprintln!("error: {}: {e}", input.source);
                worst = worst.max(
                    if matches!(e, hoso_cli::inputs::InputError::Unreadable(_)) {
                        FAILED
                    } else {
                        FOUND
                    },
                );
                continue;
            }
        };
        match checker.check(&body).and_then(|c| Ok((c.content()?, c))) {
            Ok((content, checked)) => {
                let out = serde_json::json!({
                    "format": checked.format,
                    "version": checked.version,
                    "kind": checked.kind,
                    "message": content,
                });
                if input.source.line.is_some() {
                    println!("{out}");
                } else {
                    match serde_json::to_string_pretty(&out) {
                        Ok(text) => println!("{text}"),
                        Err(e) => {
                            eprintln!("error: {e}");
                            return FAILED;
                        }
                    }
                }
            }
            Err(problem) => {
                eprint!(
                    "{}",
                    hoso_cli::validate::problem_text(&input.source, &problem, &body)
                );
                eprintln!();
                worst = worst.max(FOUND);
            }
        }
    }
    worst
}
