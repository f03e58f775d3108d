//! `hoso validate PATH...`: every document checked, a report, and the exit code 0 (all valid), 1 (any
//! invalid) or 2 (any unreadable).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use hoso_cli::check::{DEFAULT_MAX_BYTES, Problem};
use hoso_cli::inputs::{InputError, Inputs, Source};
use hoso_cli::lang::Lang;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{FAILED, FOUND, OK, checker, render};

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(crate) enum Output {
    /// Problems with the source line and a caret, then a summary.
    Text,
    /// One JSON document: every result, then the summary (for test suites).
    Json,
}

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Files, directories (walked in name order) or `-` for standard input; a file may be an NDJSON batch.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// The report's form.
    #[arg(long, value_enum, default_value_t = Output::Text)]
    format: Output,
    /// Also list the valid documents (text report).
    #[arg(long, short)]
    verbose: bool,
    /// The receiving agency (mã cơ quan) every agency message must be for; by default the
    /// agency of the message's dossier code.
    #[arg(long)]
    agency: Option<String>,
    /// The largest document read whole, in bytes; larger ones are refused unread.
    #[arg(long, default_value_t = DEFAULT_MAX_BYTES)]
    max_bytes: u64,
}

#[derive(Default)]
struct Counts {
    valid: u64,
    invalid: u64,
    unreadable: u64,
}

pub(crate) fn run(args: &Args, lang: Lang) -> u8 {
    let checker = match checker(args.agency.as_deref()) {
        Ok(checker) => checker,
        Err(code) => return code,
    };
    let bar = progress();
    let stdout = std::io::stdout();
    let styled = stdout.is_terminal();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut counts = Counts::default();
    let mut first = true;
    let json = matches!(args.format, Output::Json);
    let write = |out: &mut dyn Write, text: &str| -> bool {
        bar.suspend(|| out.write_all(text.as_bytes()).is_ok())
    };
    if json && !write(&mut out, "{\"results\":[") {
        return FAILED;
    }
    for input in Inputs::new(args.paths.iter().cloned(), args.max_bytes) {
        bar.inc(1);
        let outcome = match &input.body {
            Ok(body) => checker.check(body).map_err(Failure::Invalid),
            Err(InputError::TooLarge { size, limit }) => {
                Err(Failure::Invalid(Problem::too_large(*size, *limit)))
            }
            Err(e) => Err(Failure::Unreadable(e.to_string())),
        };
        let text = match (&outcome, json) {
            (Ok(_), _) => {
                counts.valid += 1;
                (json || args.verbose)
                    .then(|| line(&input.source, &outcome, lang, json, styled, &[]))
            }
            (Err(Failure::Invalid(_)), _) => {
                counts.invalid += 1;
                let body = input.body.as_deref().unwrap_or_default();
                Some(line(&input.source, &outcome, lang, json, styled, body))
            }
            (Err(Failure::Unreadable(_)), _) => {
                counts.unreadable += 1;
                Some(line(&input.source, &outcome, lang, json, styled, &[]))
            }
        };
        if let Some(text) = text {
            let sep = if json && !first { "," } else { "" };
            first = false;
            if !write(&mut out, &format!("{sep}{text}")) {
                return FAILED;
            }
        }
    }
    bar.finish_and_clear();
    let summary = if json {
        format!(
            "],\"summary\":{{\"valid\":{},\"invalid\":{},\"unreadable\":{}}}}}\n",
            counts.valid, counts.invalid, counts.unreadable
        )
    } else {
        format!(
            "{} {}, {} {}, {} {}\n",
            counts.valid,
            lang.pick("valid", "hợp lệ"),
            counts.invalid,
            lang.pick("invalid", "không hợp lệ"),
            counts.unreadable,
            lang.pick("unreadable", "không đọc được"),
        )
    };
    if !write(&mut out, &summary) || out.flush().is_err() {
        return FAILED;
    }
    if counts.unreadable > 0 {
        FAILED
    } else if counts.invalid > 0 {
        FOUND
    } else {
        OK
    }
}

enum Failure {
    Invalid(Problem),
    Unreadable(String),
}

/// A counter on standard error when it is a terminal; hidden when it is piped.
fn progress() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} {pos} documents, {per_sec} [{elapsed}]")
    {
        bar.set_style(style);
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}

fn line(
    source: &Source,
    outcome: &Result<hoso_cli::check::Checked, Failure>,
    lang: Lang,
    json: bool,
    styled: bool,
    body: &[u8],
) -> String {
    if json {
        let mut value = serde_json::json!({ "path": source.path });
        if let Some(l) = source.line {
            value["line"] = l.into();
        }
        match outcome {
            Ok(c) => {
                value["status"] = "valid".into();
                value["format"] = c.format.name().into();
                value["version"] = c.version.clone().into();
                value["kind"] = c.kind.into();
            }
            Err(Failure::Invalid(p)) => {
                value["status"] = "invalid".into();
                let mut problem = serde_json::to_value(p).unwrap_or_default();
                // Lines of an NDJSON batch are counted in the file, as the text report shows them.
                if let (Some(base), Some(l)) = (source.line, problem.pointer_mut("/location/line"))
                    && let Some(n) = l.as_u64()
                {
                    *l = (base + n - 1).into();
                }
                value["problem"] = problem;
            }
            Err(Failure::Unreadable(e)) => {
                value["status"] = "unreadable".into();
                value["error"] = e.clone().into();
            }
        }
        return value.to_string() + "\n";
    }
    match outcome {
        Ok(c) => {
            let version = c
                .version
                .as_deref()
                .map(|v| format!(" {v}"))
                .unwrap_or_default();
            format!(
                "{source}: {} ({}{version}, {})\n",
                lang.pick("valid", "hợp lệ"),
                c.format,
                c.kind
            )
        }
        Err(Failure::Invalid(p)) => render::problem(source, p, body, styled) + "\n",
        Err(Failure::Unreadable(e)) => format!("{source}: {e}\n"),
    }
}
