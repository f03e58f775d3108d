//! The report of `hoso validate`: every document of the given paths checked, one line (or a snippet) per
//! finding, a summary, and the exit code it calls for.

use std::io::Write;
use std::path::PathBuf;

use crate::check::{Checked, Checker, Problem};
use crate::inputs::{InputError, Inputs, Source};
use crate::lang::Lang;
use crate::render;

/// The report's form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ReportFormat {
    /// Problems with the source line and a caret, then a summary.
    #[default]
    Text,
    /// One JSON document, `{"results": [...], "summary": {...}}`, streamed as it goes.
    Json,
}

/// How to validate and report.
#[derive(Debug, Clone)]
pub struct ValidateOptions {
    /// The checker (which agency messages are read for).
    pub checker: Checker,
    /// The largest document read whole.
    pub max_bytes: u64,
    /// Text or JSON.
    pub format: ReportFormat,
    /// List the valid documents too (text).
    pub verbose: bool,
    /// Colour the snippets (for a terminal).
    pub styled: bool,
    /// The labels' language.
    pub lang: Lang,
}

/// How many documents were valid, invalid and unreadable.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Valid documents.
    pub valid: u64,
    /// Invalid ones (including those too large to read).
    pub invalid: u64,
    /// Paths that could not be read.
    pub unreadable: u64,
}

impl Counts {
    /// The exit code: 0 all valid, 1 any invalid, 2 any unreadable.
    pub fn exit_code(&self) -> u8 {
        if self.unreadable > 0 {
            2
        } else if self.invalid > 0 {
            1
        } else {
            0
        }
    }
}

enum Failure {
    Invalid(Problem),
    Unreadable(String),
}

/// Validates every document of `paths`, writing the report to `out`; `each` is called once per document
/// (for a progress bar). Memory stays that of one document.
///
/// ```
/// use hoso_cli::validate::{ValidateOptions, ReportFormat, validate};
/// let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../police/samples/v2");
/// let options = ValidateOptions {
///     checker: hoso_cli::check::Checker::new(),
///     max_bytes: 1 << 20,
///     format: ReportFormat::Text,
///     verbose: false,
///     styled: false,
///     lang: hoso_cli::lang::Lang::En,
/// };
/// let mut report = Vec::new();
/// let counts = validate([dir], &options, &mut report, &mut || {})?;
/// assert_eq!((counts.invalid, counts.exit_code()), (0, 0));
/// assert!(String::from_utf8(report)?.ends_with(" valid, 0 invalid, 0 unreadable\n"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// When writing the report fails.
pub fn validate(
    paths: impl IntoIterator<Item = PathBuf>,
    options: &ValidateOptions,
    out: &mut dyn Write,
    each: &mut dyn FnMut(),
) -> std::io::Result<Counts> {
    let mut counts = Counts::default();
    let json = options.format == ReportFormat::Json;
    let mut first = true;
    if json {
        out.write_all(b"{\"results\":[")?;
    }
    let mut inputs = Inputs::new(paths, options.max_bytes);
    while let Some(input) = inputs.next() {
        each();
        let outcome = match &input.body {
            Ok(body) => options.checker.check(body).map_err(Failure::Invalid),
            Err(InputError::TooLarge { size, limit }) => {
                Err(Failure::Invalid(Problem::too_large(*size, *limit)))
            }
            Err(e) => Err(Failure::Unreadable(e.to_string())),
        };
        let show = match &outcome {
            Ok(_) => {
                counts.valid += 1;
                json || options.verbose
            }
            Err(Failure::Invalid(_)) => {
                counts.invalid += 1;
                true
            }
            Err(Failure::Unreadable(_)) => {
                counts.unreadable += 1;
                true
            }
        };
        if show {
            if json && !first {
                out.write_all(b",")?;
            }
            first = false;
            let body = input.body.as_deref().unwrap_or_default();
            let text = if json {
                json_line(&input.source, &outcome)
            } else {
                text_line(&input.source, &outcome, options, body)
            };
            out.write_all(text.as_bytes())?;
        }
        if let Ok(body) = input.body {
            inputs.recycle(body);
        }
    }
    let lang = options.lang;
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
    out.write_all(summary.as_bytes())?;
    out.flush()?;
    Ok(counts)
}

fn json_line(source: &Source, outcome: &Result<Checked, Failure>) -> String {
    let mut value = serde_json::json!({ "path": &*source.path });
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
    value.to_string() + "\n"
}

fn text_line(
    source: &Source,
    outcome: &Result<Checked, Failure>,
    options: &ValidateOptions,
    body: &[u8],
) -> String {
    let lang = options.lang;
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
        Err(Failure::Invalid(p)) => render::problem(source, p, body, options.styled) + "\n",
        Err(Failure::Unreadable(e)) => format!("{source}: {e}\n"),
    }
}

/// A problem of the document `body` from `source` as the text report shows it: the message, then the source
/// line with a caret at the line and column when the problem has them.
pub fn problem_text(source: &Source, problem: &Problem, body: &[u8]) -> String {
    render::problem(source, problem, body, false)
}
