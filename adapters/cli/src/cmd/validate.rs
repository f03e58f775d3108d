//! `hoso validate PATH...`: every document checked, a report, and the exit code 0 (all valid), 1 (any
//! invalid) or 2 (any unreadable).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use hoso_cli::check::{DEFAULT_MAX_BYTES, SchemaRun};
use hoso_cli::lang::Lang;
use hoso_cli::validate::{ReportFormat, ValidateOptions, validate};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{FAILED, checker};

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
    /// Run the police's and the judicial office's JSON Schemas too. They are generated from the types
    /// their codecs decode into, so a message the codec accepts conforms to them: by default they are not
    /// run (docs/cli.md); this checks that on your own files.
    #[arg(long)]
    always_schema: bool,
}

pub(crate) fn run(args: &Args, lang: Lang) -> u8 {
    let checker = match checker(args.agency.as_deref()) {
        Ok(checker) if args.always_schema => checker.schema_run(SchemaRun::Always),
        Ok(checker) => checker,
        Err(code) => return code,
    };
    let stdout = std::io::stdout();
    let options = ValidateOptions {
        checker,
        max_bytes: args.max_bytes,
        format: match args.format {
            Output::Text => ReportFormat::Text,
            Output::Json => ReportFormat::Json,
        },
        verbose: args.verbose,
        styled: stdout.is_terminal(),
        lang,
    };
    let bar = progress();
    let mut out = BesideBar {
        bar: &bar,
        out: std::io::BufWriter::new(stdout.lock()),
    };
    let counts = validate(args.paths.iter().cloned(), &options, &mut out, &mut || {
        bar.inc(1)
    });
    bar.finish_and_clear();
    match counts {
        Ok(counts) => counts.exit_code(),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => FAILED,
        Err(e) => {
            eprintln!("error: writing the report: {e}");
            FAILED
        }
    }
}

/// The report's writer: each write hides the progress bar for its time, so lines and bar do not mix.
struct BesideBar<'a, W: Write> {
    bar: &'a ProgressBar,
    out: W,
}

impl<W: Write> Write for BesideBar<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let out = &mut self.out;
        self.bar.suspend(|| out.write(buf))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
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
