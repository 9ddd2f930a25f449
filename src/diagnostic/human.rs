//! rustc-style output for people. Plan paragraphs are often hundreds of characters on one
//! line, so each source line is shown as a window around the marked span, with `…` where it
//! is cut. Carets are placed by display width, so they sit under CJK text correctly.

use unicode_width::UnicodeWidthStr;

use super::{Diagnostic, Diagnostics, Severity};
use crate::source::{SourceMap, Span};

/// Columns of context shown on each side of a span.
const CONTEXT: usize = 36;

struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

/// The part of `line` to show around `[start, end)` (byte offsets in the line), and the
/// display columns of the span within that window.
fn window(line: &str, start: usize, end: usize) -> (String, usize, usize) {
    let start = start.min(line.len());
    let end = end.clamp(start, line.len());
    let before = &line[..start];
    let marked = &line[start..end];
    let after = &line[end..];
    // Keep at most CONTEXT columns before and after the span.
    let mut cut_before = 0;
    let mut w = 0;
    for (i, c) in before.char_indices().rev() {
        w += UnicodeWidthStr::width(c.encode_utf8(&mut [0; 4]) as &str);
        if w > CONTEXT {
            cut_before = i + c.len_utf8();
            break;
        }
    }
    let mut cut_after = after.len();
    let mut w = 0;
    for (i, c) in after.char_indices() {
        w += UnicodeWidthStr::width(c.encode_utf8(&mut [0; 4]) as &str);
        if w > CONTEXT {
            cut_after = i;
            break;
        }
    }
    let mut shown = String::new();
    if cut_before > 0 {
        shown.push('…');
    }
    shown.push_str(&before[cut_before..]);
    let col = shown.width();
    shown.push_str(marked);
    let width = marked.width().max(1);
    shown.push_str(&after[..cut_after]);
    if cut_after < after.len() {
        shown.push('…');
    }
    (shown.replace('\t', " "), col, width)
}

/// How a span is underlined: `^` in the severity's colour for the primary span, `-` in blue
/// for related ones.
struct Mark<'a> {
    ch: char,
    label: &'a str,
    color: &'a str,
}

fn snippet(
    out: &mut String,
    sources: &SourceMap,
    span: Span,
    mark: Mark,
    gutter: usize,
    style: &Style,
) {
    let Mark {
        ch: mark,
        label,
        color: caret_code,
    } = mark;
    let file = sources.get(span.file);
    let (line_no, _) = file.line_col(span.start as usize);
    let line_start = file.line_starts()[line_no - 1];
    let line_end = file.text[line_start..]
        .find('\n')
        .map_or(file.text.len(), |i| line_start + i);
    let line = file.text[line_start..line_end].trim_end_matches('\r');
    let s = span.start as usize - line_start;
    let e = (span.end as usize).min(line_end) - line_start;
    let (shown, col, width) = window(line, s, e.max(s));
    let bar = style.paint("1;34", "│");
    out.push_str(&format!(
        "{} {bar} {shown}\n",
        style.paint("1;34", &format!("{line_no:>gutter$}"))
    ));
    let marks: String = std::iter::repeat_n(mark, width).collect();
    let label = if label.is_empty() {
        String::new()
    } else {
        format!(" {label}")
    };
    out.push_str(&format!(
        "{:gutter$} {bar} {}{}\n",
        "",
        " ".repeat(col),
        style.paint(caret_code, &format!("{marks}{label}"))
    ));
}

fn location(sources: &SourceMap, span: Span) -> String {
    let file = sources.get(span.file);
    let (l, c) = file.line_col(span.start as usize);
    format!("{}:{l}:{c}", super::json::path_string(sources, span))
}

fn render_one(out: &mut String, sources: &SourceMap, d: &Diagnostic, style: &Style) {
    let (word, code) = match d.severity {
        Severity::Error => ("error", "1;31"),
        Severity::Warning => ("warning", "1;33"),
        Severity::Info => ("info", "1;36"),
    };
    out.push_str(&format!(
        "{}{}\n",
        style.paint(code, &format!("{word}[{}]", d.code)),
        style.paint("1", &format!(": {}", d.message))
    ));
    let lines = std::iter::once(d.span)
        .chain(d.related.iter().map(|r| r.span))
        .map(|s| sources.get(s.file).line_col(s.start as usize).0);
    let gutter = lines.map(|l| l.to_string().len()).max().unwrap_or(1);
    let arrow = style.paint("1;34", "┌─");
    let bar = style.paint("1;34", "│");
    out.push_str(&format!(
        "{:gutter$} {arrow} {}\n",
        "",
        location(sources, d.span)
    ));
    if !sources.get(d.span.file).text.is_empty() {
        out.push_str(&format!("{:gutter$} {bar}\n", ""));
        snippet(
            out,
            sources,
            d.span,
            Mark {
                ch: '^',
                label: &d.label,
                color: code,
            },
            gutter,
            style,
        );
    }
    for r in &d.related {
        out.push_str(&format!(
            "{:gutter$} {} {}\n",
            "",
            style.paint("1;34", "·"),
            location(sources, r.span)
        ));
        if !sources.get(r.span.file).text.is_empty() {
            snippet(
                out,
                sources,
                r.span,
                Mark {
                    ch: '-',
                    label: &r.message,
                    color: "1;34",
                },
                gutter,
                style,
            );
        }
    }
    if let Some(h) = &d.hint {
        out.push_str(&format!(
            "{:gutter$} {} 提示：{h}\n",
            "",
            style.paint("1;34", "=")
        ));
    }
    out.push('\n');
}

/// Render every diagnostic, rustc-style; `color` adds ANSI colours.
pub fn render_human(sources: &SourceMap, diags: &Diagnostics, color: bool) -> String {
    let style = Style { color };
    let mut out = String::new();
    for d in diags {
        render_one(&mut out, sources, d, &style);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carets_sit_under_cjk_text() {
        let (shown, col, width) =
            window("也是唐山市生命健康产业", "也是".len(), "也是唐山市".len());
        assert_eq!(shown, "也是唐山市生命健康产业");
        assert_eq!((col, width), (4, 6));
    }

    #[test]
    fn long_lines_are_cut_around_the_span() {
        let line = format!("{}唐山市{}", "甲".repeat(200), "乙".repeat(200));
        let start = "甲".len() * 200;
        let (shown, col, width) = window(&line, start, start + "唐山市".len());
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert!(shown.width() <= 2 * CONTEXT + 6 + 4);
        assert_eq!(
            &shown[..],
            format!("…{}唐山市{}…", "甲".repeat(18), "乙".repeat(18))
        );
        assert_eq!((col, width), (37, 6));
    }
}
