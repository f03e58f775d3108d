//! Problems as people read them: the source line with a caret at the line and column.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use hoso_core::adapter::Location;

use crate::check::Problem;
use crate::inputs::Source;

/// The widest slice of a line shown around the column.
const WINDOW: usize = 100;

/// `problem` of the document `body` from `source`, with a snippet when it has a line and column.
pub(crate) fn problem(source: &Source, problem: &Problem, body: &[u8], styled: bool) -> String {
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let stage = serde_json::to_value(problem.stage)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    let format = problem.format.map(|f| format!(" {f}")).unwrap_or_default();
    let title = format!("{source}:{format} {stage}: {}", problem.message);
    let base = source.line.unwrap_or(1);
    match &problem.location {
        Some(Location::Line { line, column }) => {
            let Some((text, span)) = excerpt(body, *line as usize, *column as usize) else {
                return renderer.render(&[Group::with_title(Level::ERROR.primary_title(title))]);
            };
            let line = base as usize + *line as usize - 1;
            let report = [Level::ERROR.primary_title(title).element(
                Snippet::source(text)
                    .line_start(line)
                    .path(&*source.path)
                    .annotation(AnnotationKind::Primary.span(span).label("here")),
            )];
            renderer.render(&report)
        }
        Some(other) => renderer.render(&[Group::with_title(
            Level::ERROR.primary_title(format!("{title} (at {other})")),
        )]),
        None => renderer.render(&[Group::with_title(Level::ERROR.primary_title(title))]),
    }
}

/// The text of line `line` (from 1), cut to a window around character `column` (from 1), and the byte span
/// of that character in it.
fn excerpt(body: &[u8], line: usize, column: usize) -> Option<(String, std::ops::Range<usize>)> {
    let raw = body.split(|&b| b == b'\n').nth(line.checked_sub(1)?)?;
    let text: String = String::from_utf8_lossy(raw)
        .chars()
        .map(|c| {
            if c.is_control() && c != '\t' {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect();
    let chars: Vec<char> = text.chars().collect();
    let at = column.saturating_sub(1).min(chars.len());
    let start = at.saturating_sub(WINDOW / 2);
    let end = (start + WINDOW).min(chars.len());
    let shown: String = chars[start..end].iter().collect();
    let before: usize = chars[start..at].iter().map(|c| c.len_utf8()).sum();
    let width = chars.get(at).map_or(0, |c| c.len_utf8());
    Some((shown, before..before + width))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_caret_span_counts_characters_not_bytes() {
        let (text, span) = excerpt("a\nđã x\n".as_bytes(), 2, 4).unwrap();
        assert_eq!(text, "đã x");
        assert_eq!(&text[span], "x");
    }
}
