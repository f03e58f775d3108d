//! Regenerates the generated section of `docs/performance.md` from the `summary:` lines of bench runs.
//!
//! ```text
//! cargo bench -p hoso-benches --bench licensing | tee licensing.out
//! cargo run -p hoso-benches --bin summarise -- licensing.out [more.out ...]
//! cargo bench -p hoso-benches --bench police | cargo run -p hoso-benches --bin summarise
//! ```
//!
//! Reads the files named (or standard input when none is), keeps every `summary:` line, and rewrites the
//! section of the document (`--doc PATH`, by default the workspace's `docs/performance.md`) with them, dated
//! today; measures not in the input keep their last line. `--check` writes nothing and fails if the document
//! would change.

use std::io::Read;
use std::process::ExitCode;

use hoso_benches::summary::{parse_lines, regenerate};

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(message) => {
            eprintln!("summarise: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<ExitCode, String> {
    let mut doc_path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/performance.md").to_owned();
    let (mut check, mut inputs) = (false, Vec::new());
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--doc" => doc_path = args.next().ok_or("--doc needs a path")?,
            "--check" => check = true,
            _ => inputs.push(arg),
        }
    }
    let mut run = Vec::new();
    if inputs.is_empty() {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("standard input: {e}"))?;
        run.extend(parse_lines(&text).map_err(|e| format!("standard input, {e}"))?);
    }
    for input in &inputs {
        let text = std::fs::read_to_string(input).map_err(|e| format!("{input}: {e}"))?;
        run.extend(parse_lines(&text).map_err(|e| format!("{input}, {e}"))?);
    }
    let doc = std::fs::read_to_string(&doc_path).map_err(|e| format!("{doc_path}: {e}"))?;
    let today = jiff::tz::Offset::UTC
        .to_datetime(jiff::Timestamp::now())
        .date()
        .to_string();
    let measures = run.len();
    let new = regenerate(&doc, run, &today).map_err(|e| format!("{doc_path}, {e}"))?;
    if check {
        if new == doc {
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!("summarise: {doc_path} is not up to date with these lines");
        return Ok(ExitCode::FAILURE);
    }
    if new != doc {
        std::fs::write(&doc_path, &new).map_err(|e| format!("{doc_path}: {e}"))?;
    }
    eprintln!("summarise: {measures} summary lines read; {doc_path} regenerated");
    Ok(ExitCode::SUCCESS)
}
