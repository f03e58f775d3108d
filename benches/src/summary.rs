//! The one line each bench prints per measure, and the table of `docs/performance.md` made from those lines.
//!
//! A bench ends with one line per measure:
//!
//! ```text
//! summary: NAME value=V unit=U floor=F ratio=R goal=G
//! ```
//!
//! `ratio` is `value / floor`, both measured in the same run; `goal` is the goal for that ratio. A goal on the
//! value itself (a rate per second, a number of bytes) is written `goal_value=G` instead. A measure without a
//! floor leaves out `floor` and `ratio`, one without a goal leaves out `goal`. Where less is better (a latency,
//! bytes on disk, instructions) the line ends with `better=lower`, and the goal is then a ceiling.
//!
//! `cargo run -p hoso-benches --bin summarise -- FILE...` (or the bench output on standard input) reads those
//! lines and regenerates the generated section of `docs/performance.md`: the lines themselves, each with the
//! date of the run that printed it, kept in a comment, and the table made from them. A measure not in the
//! input keeps its last line and date, so that one bench can be re-run alone.
//!
//! ```
//! use hoso_benches::summary::{Summary, parse_lines};
//!
//! let line = Summary::new("licensing_decode", 67.25, "MiB/s")
//!     .floor(140.0)
//!     .goal_ratio(0.6)
//!     .to_string();
//! assert_eq!(line, "summary: licensing_decode value=67.25 unit=MiB/s floor=140.0 ratio=0.480 goal=0.6");
//! let parsed = parse_lines(&format!("criterion noise\n{line}\n")).unwrap();
//! assert_eq!(parsed[0].met(), Some(false));
//! ```

use std::fmt;
use std::str::FromStr;

/// What a measure's goal bounds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Goal {
    /// The ratio to the floor (`goal=`).
    Ratio(f64),
    /// The value itself, in the measure's unit (`goal_value=`).
    Value(f64),
}

/// Which way a measure improves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Better {
    /// More is better (rates): a goal is a minimum.
    #[default]
    Higher,
    /// Less is better (latencies, bytes, instructions): a goal is a maximum.
    Lower,
}

/// One measure of a bench run: its value, its floor in the same run, and its goal.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// The measure's name: lower case, digits and `_`, starting with the bench's name.
    pub name: String,
    /// The figure measured.
    pub value: f64,
    /// Its unit, without spaces (`events/s`, `MiB/s`, `ms`, `bytes`).
    pub unit: String,
    /// The floor measured in the same run, in the same unit.
    pub floor: Option<f64>,
    /// `value / floor` (as printed, when parsed).
    pub ratio: Option<f64>,
    /// The goal, if the project set one.
    pub goal: Option<Goal>,
    /// Which way the measure improves.
    pub better: Better,
}

impl Summary {
    /// A measure without floor or goal.
    pub fn new(name: &str, value: f64, unit: &str) -> Self {
        Self {
            name: name.to_owned(),
            value,
            unit: unit.to_owned(),
            floor: None,
            ratio: None,
            goal: None,
            better: Better::Higher,
        }
    }

    /// With its floor (same unit), which sets the ratio; `None` (a floor not measured in this run) leaves
    /// both out.
    pub fn floor(mut self, floor: impl Into<Option<f64>>) -> Self {
        self.floor = floor.into();
        self.ratio = self.floor.map(|f| self.value / f);
        self
    }

    /// With a goal on the ratio to the floor (`None`: no goal).
    pub fn goal_ratio(mut self, goal: impl Into<Option<f64>>) -> Self {
        self.goal = goal.into().map(Goal::Ratio);
        self
    }

    /// With a goal on the value itself (`None`: no goal).
    pub fn goal_value(mut self, goal: impl Into<Option<f64>>) -> Self {
        self.goal = goal.into().map(Goal::Value);
        self
    }

    /// Less is better for this measure (and a goal is a ceiling).
    pub fn lower_is_better(mut self) -> Self {
        self.better = Better::Lower;
        self
    }

    /// Prints the line on standard output, where the bench's other results go.
    pub fn print(&self) {
        println!("{self}");
    }

    /// Whether the goal is met; `None` without a goal (or a goal on a ratio without a floor).
    pub fn met(&self) -> Option<bool> {
        let (figure, goal) = match self.goal? {
            Goal::Ratio(g) => (self.ratio?, g),
            Goal::Value(g) => (self.value, g),
        };
        Some(match self.better {
            Better::Higher => figure >= goal,
            Better::Lower => figure <= goal,
        })
    }
}

/// A figure with four significant digits, no exponent: `6912346`, `140.0`, `0.4802`.
fn number(x: f64) -> String {
    let a = x.abs();
    if !x.is_finite() || a >= 1000.0 || a == 0.0 {
        return format!("{x:.0}");
    }
    let decimals = (3 - a.log10().floor() as i32).clamp(0, 9) as usize;
    format!("{x:.decimals$}")
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "summary: {} value={} unit={}",
            self.name,
            number(self.value),
            self.unit
        )?;
        if let (Some(floor), Some(ratio)) = (self.floor, self.ratio) {
            write!(f, " floor={} ratio={ratio:.3}", number(floor))?;
        }
        match self.goal {
            Some(Goal::Ratio(g)) => write!(f, " goal={g}")?,
            Some(Goal::Value(g)) => write!(f, " goal_value={g}")?,
            None => {}
        }
        if self.better == Better::Lower {
            write!(f, " better=lower")?;
        }
        Ok(())
    }
}

/// A `summary:` line that does not read: what is wrong, and on which line of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryError {
    /// The input's line, counted from 1 (0 for a line parsed on its own).
    pub line: usize,
    /// What is wrong with it.
    pub problem: String,
}

impl fmt::Display for SummaryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.problem)
    }
}

impl std::error::Error for SummaryError {}

const PREFIX: &str = "summary: ";

/// Where a summary line starts in `line`, if it has one: `summary: ` at the start or after a character that
/// cannot end a word (a carriage return or escape sequence a progress display left on the line).
fn start_of_summary(line: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = line[from..].find(PREFIX) {
        let at = from + found;
        let before = &line[..at];
        let word_goes_on = before
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_');
        if !word_goes_on || ends_with_escape_sequence(before) {
            return Some(at + PREFIX.len());
        }
        from = at + PREFIX.len();
    }
    None
}

/// Whether `text` ends with a terminal control sequence (`ESC [`, digits and `;`, one letter), such as
/// the one a progress display writes to clear its line.
fn ends_with_escape_sequence(text: &str) -> bool {
    let Some(esc) = text.rfind('\x1b') else {
        return false;
    };
    let Some(rest) = text[esc + 1..].strip_prefix('[') else {
        return false;
    };
    let mut chars = rest.chars();
    chars.next_back().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_digit() || c == ';')
}

impl FromStr for Summary {
    type Err = SummaryError;

    /// Reads one line, `summary: ` included (text before it, such as a progress display's, is skipped).
    fn from_str(line: &str) -> Result<Self, SummaryError> {
        let problem = |p: String| SummaryError {
            line: 0,
            problem: p,
        };
        let rest = start_of_summary(line)
            .map(|at| &line[at..])
            .ok_or_else(|| problem(format!("no `{}` in {line:?}", PREFIX.trim_end())))?;
        let mut words = rest.split_whitespace();
        let name = words
            .next()
            .filter(|n| {
                n.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            })
            .ok_or_else(|| problem(format!("no measure name (a-z, 0-9, _) in {rest:?}")))?;
        let (mut value, mut unit, mut floor, mut ratio, mut goal, mut better) =
            (None, None, None, None, None, Better::Higher);
        for word in words {
            let (key, text) = word
                .split_once('=')
                .ok_or_else(|| problem(format!("{name}: {word:?} is not key=value")))?;
            let figure = || {
                text.parse::<f64>()
                    .map_err(|_| problem(format!("{name}: {key}={text:?} is not a number")))
            };
            match key {
                "value" => value = Some(figure()?),
                "unit" => unit = Some(text.to_owned()),
                "floor" => floor = Some(figure()?),
                "ratio" => ratio = Some(figure()?),
                "goal" => goal = Some(Goal::Ratio(figure()?)),
                "goal_value" => goal = Some(Goal::Value(figure()?)),
                "better" if text == "lower" => better = Better::Lower,
                "better" if text == "higher" => better = Better::Higher,
                _ => return Err(problem(format!("{name}: unknown field {word:?}"))),
            }
        }
        let value = value.ok_or_else(|| problem(format!("{name}: no value=")))?;
        let unit = unit.ok_or_else(|| problem(format!("{name}: no unit=")))?;
        if floor.is_some() != ratio.is_some() {
            return Err(problem(format!(
                "{name}: floor= and ratio= come together or not at all"
            )));
        }
        Ok(Self {
            name: name.to_owned(),
            value,
            unit,
            floor,
            ratio,
            goal,
            better,
        })
    }
}

/// Every summary line in a bench run's output, in order; other lines are skipped.
pub fn parse_lines(output: &str) -> Result<Vec<Summary>, SummaryError> {
    output
        .lines()
        .enumerate()
        .filter(|(_, l)| start_of_summary(l).is_some())
        .map(|(i, l)| {
            l.parse::<Summary>()
                .map_err(|e| SummaryError { line: i + 1, ..e })
        })
        .collect()
}

/// A summary line as the document keeps it: with the date of the run that printed it (`YYYY-MM-DD`).
#[derive(Debug, Clone, PartialEq)]
pub struct Dated {
    /// The day the line was read from a run.
    pub date: String,
    /// The line.
    pub summary: Summary,
}

/// The line opening the generated section of `docs/performance.md`.
pub const BEGIN: &str = "<!-- begin summaries: generated by `cargo run -p hoso-benches --bin summarise` from the benches' summary lines; edit the benches, not this section -->";
/// The line closing it.
pub const END: &str = "<!-- end summaries -->";

/// The generated section of `doc`: the text before it, the dated lines it keeps, and the text after it.
pub fn split_document(doc: &str) -> Result<(&str, Vec<Dated>, &str), SummaryError> {
    let missing = |what: &str| SummaryError {
        line: 0,
        problem: format!("the document has no {what} line"),
    };
    let begin = doc.find(BEGIN).ok_or_else(|| missing("begin summaries"))?;
    let inner_start = begin + BEGIN.len();
    let end = inner_start
        + doc[inner_start..]
            .find(END)
            .ok_or_else(|| missing("end summaries"))?;
    let first_line = doc[..inner_start].lines().count();
    let mut kept = Vec::new();
    for (i, line) in doc[inner_start..end].lines().enumerate() {
        let Some((date, rest)) = line.split_once(' ') else {
            continue;
        };
        if !rest.starts_with(PREFIX) || !is_date(date) {
            continue;
        }
        let summary = rest.parse::<Summary>().map_err(|e| SummaryError {
            line: first_line + i,
            ..e
        })?;
        kept.push(Dated {
            date: date.to_owned(),
            summary,
        });
    }
    Ok((&doc[..begin], kept, &doc[end + END.len()..]))
}

fn is_date(s: &str) -> bool {
    s.len() == 10
        && s.char_indices().all(|(i, c)| match i {
            4 | 7 => c == '-',
            _ => c.is_ascii_digit(),
        })
}

/// `kept` with the measures of `run` (printed on `date`) put in: a measure already kept is replaced where it
/// stands, a new one is added at the end; within `run` the last line of a measure wins.
pub fn merge(mut kept: Vec<Dated>, run: Vec<Summary>, date: &str) -> Vec<Dated> {
    for summary in run {
        let dated = Dated {
            date: date.to_owned(),
            summary,
        };
        match kept
            .iter_mut()
            .find(|d| d.summary.name == dated.summary.name)
        {
            Some(old) => *old = dated,
            None => kept.push(dated),
        }
    }
    kept
}

/// A figure for the table: thousands grouped with commas from 10,000 up, as the line has it below.
fn readable(x: f64) -> String {
    let text = number(x);
    if x.abs() < 10_000.0 || !x.is_finite() {
        return text;
    }
    let (sign, digits) = text.split_at(usize::from(text.starts_with('-')));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}")
}

/// The generated section's body: the dated lines in a comment, then the table made from them.
pub fn render_section(lines: &[Dated]) -> String {
    let mut out = String::from("\n<!--\n");
    for d in lines {
        out.push_str(&format!("{} {}\n", d.date, d.summary));
    }
    out.push_str("-->\n\n");
    out.push_str("| measure | value | floor in the same run | ratio | goal | met | run |\n");
    out.push_str("|---|---|---|---|---|---|---|\n");
    for Dated { date, summary: s } in lines {
        let unit = &s.unit;
        let floor = s
            .floor
            .map_or_else(|| "—".to_owned(), |f| format!("{} {unit}", readable(f)));
        let ratio = s
            .ratio
            .map_or_else(|| "—".to_owned(), |r| format!("{r:.3}×"));
        let bound = match s.better {
            Better::Higher => "≥",
            Better::Lower => "≤",
        };
        let goal = match s.goal {
            Some(Goal::Ratio(g)) => format!("{bound} {g}×"),
            Some(Goal::Value(g)) => format!("{bound} {} {unit}", readable(g)),
            None => "—".to_owned(),
        };
        let met = match s.met() {
            Some(true) => "yes",
            Some(false) => "**no**",
            None => "—",
        };
        out.push_str(&format!(
            "| `{}` | {} {unit} | {floor} | {ratio} | {goal} | {met} | {date} |\n",
            s.name,
            readable(s.value)
        ));
    }
    out.push('\n');
    out
}

/// `doc` with its generated section regenerated from the lines it keeps and those of `run` (printed on
/// `date`).
pub fn regenerate(doc: &str, run: Vec<Summary>, date: &str) -> Result<String, SummaryError> {
    let (before, kept, after) = split_document(doc)?;
    let lines = merge(kept, run, date);
    Ok(format!(
        "{before}{BEGIN}{}{END}{after}",
        render_section(&lines)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_reads_back_as_it_was_printed() {
        let s = Summary::new("replay_grouped", 6_912_345.6, "events/s")
            .floor(97_000_000.0)
            .goal_value(20e6);
        let line = s.to_string();
        assert_eq!(
            line,
            "summary: replay_grouped value=6912346 unit=events/s floor=97000000 ratio=0.071 goal_value=20000000"
        );
        let back: Summary = line.parse().unwrap();
        assert_eq!(back.name, "replay_grouped");
        assert_eq!(back.value, 6_912_346.0);
        assert_eq!(back.floor, Some(97e6));
        assert_eq!(back.ratio, Some(0.071));
        assert_eq!(back.goal, Some(Goal::Value(20e6)));
        assert_eq!(back.met(), Some(false));
    }

    #[test]
    fn lines_are_found_among_a_bench_runs_other_output() {
        let output = "Benchmarking custody/verify_chain: Analyzing\n\
            custody/verify_chain    time:   [7.0 ms 7.1 ms 7.2 ms]\n\
            this cli_summary: x is not a summary line\n\
            \r\x1b[2Ksummary: custody_verify_chain value=9000 unit=signatures/s floor=4000 ratio=2.250 goal=1.3\n\
            summary: server_lookup_found_p99 value=12.5 unit=ms floor=5.0 ratio=2.50 better=lower\n\
            summary: calendar_lunar_from_solar value=25000000 unit=calls/s goal_value=1000000\n";
        let found = parse_lines(output).unwrap();
        let names: Vec<_> = found.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "custody_verify_chain",
                "server_lookup_found_p99",
                "calendar_lunar_from_solar"
            ]
        );
        assert_eq!(found[0].met(), Some(true));
        assert_eq!(found[1].better, Better::Lower);
        assert_eq!(found[1].met(), None);
        assert_eq!((found[2].floor, found[2].met()), (None, Some(true)));
    }

    #[test]
    fn a_ceiling_is_met_from_below() {
        let heap = Summary::new("dossier_heap", 3057.0, "bytes")
            .goal_value(4096.0)
            .lower_is_better();
        assert_eq!(heap.met(), Some(true));
        let line = heap.to_string();
        assert!(line.ends_with("goal_value=4096 better=lower"), "{line}");
        assert_eq!(line.parse::<Summary>().unwrap().met(), Some(true));
    }

    #[test]
    fn a_broken_line_is_an_error_naming_its_line_and_field() {
        let err = parse_lines("ok\nsummary: police_decode value=fast unit=MiB/s\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.problem.contains("value=\"fast\""), "{}", err.problem);
        for (line, expected) in [
            ("summary: x unit=ms", "no value="),
            ("summary: x value=1", "no unit="),
            ("summary: x value=1 unit=ms floor=2", "come together"),
            ("summary: x value=1 unit=ms speed=2", "unknown field"),
            ("summary: X value=1 unit=ms", "no measure name"),
            ("summary: x value=1 unit=ms loose", "not key=value"),
        ] {
            let err = line.parse::<Summary>().unwrap_err();
            assert!(err.problem.contains(expected), "{line}: {}", err.problem);
        }
    }

    fn document(section: &str) -> String {
        format!("# Performance\n\nProse.\n\n{BEGIN}{section}{END}\n\n## More prose\n")
    }

    #[test]
    fn regenerating_replaces_measures_run_again_and_keeps_the_others() {
        let doc = document("");
        let first = parse_lines(
            "summary: land_decode value=69.0 unit=MiB/s floor=127.0 ratio=0.543 goal=0.6\n\
             summary: police_decode value=200.0 unit=MiB/s floor=220.0 ratio=0.909 goal=0.95\n",
        )
        .unwrap();
        let doc = regenerate(&doc, first, "2026-12-01").unwrap();
        let second = parse_lines(
            "summary: police_decode value=210.0 unit=MiB/s floor=220.0 ratio=0.955 goal=0.95\n",
        )
        .unwrap();
        let doc = regenerate(&doc, second, "2026-12-02").unwrap();
        assert!(doc.starts_with("# Performance\n\nProse.\n\n"));
        assert!(doc.ends_with(&format!("{END}\n\n## More prose\n")));
        let (_, kept, _) = split_document(&doc).unwrap();
        let rows: Vec<_> = kept
            .iter()
            .map(|d| (d.summary.name.as_str(), d.date.as_str(), d.summary.value))
            .collect();
        assert_eq!(
            rows,
            [
                ("land_decode", "2026-12-01", 69.0),
                ("police_decode", "2026-12-02", 210.0)
            ]
        );
        assert!(doc.contains(
            "| `land_decode` | 69.00 MiB/s | 127.0 MiB/s | 0.543× | ≥ 0.6× | **no** | 2026-12-01 |"
        ));
        assert!(doc.contains(
            "| `police_decode` | 210.0 MiB/s | 220.0 MiB/s | 0.955× | ≥ 0.95× | yes | 2026-12-02 |"
        ));
        // Regenerating with nothing new changes nothing.
        assert_eq!(regenerate(&doc, Vec::new(), "2026-12-03").unwrap(), doc);
    }

    #[test]
    fn large_figures_are_grouped_in_the_table() {
        let lines = [Dated {
            date: "2026-12-02".into(),
            summary: Summary::new("replay_interleaved", 1_850_000.0, "events/s").goal_value(10e6),
        }];
        let table = render_section(&lines);
        assert!(
            table.contains("| 1,850,000 events/s | — | — | ≥ 10,000,000 events/s | **no** |"),
            "{table}"
        );
    }

    #[test]
    fn a_document_without_its_markers_is_an_error() {
        let err = regenerate("# Performance\n", Vec::new(), "2026-12-02").unwrap_err();
        assert!(err.problem.contains("begin summaries"), "{}", err.problem);
    }

    #[test]
    fn the_performance_document_is_its_own_lines_rendered() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/performance.md");
        let doc = std::fs::read_to_string(path).unwrap();
        let (before, kept, after) = split_document(&doc).unwrap();
        assert!(!kept.is_empty(), "the generated section keeps no line");
        let rendered = format!("{before}{BEGIN}{}{END}{after}", render_section(&kept));
        assert!(
            rendered == doc,
            "docs/performance.md's generated section was edited by hand: run `cargo run -p hoso-benches --bin summarise < /dev/null`"
        );
    }
}
