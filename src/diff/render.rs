//! The 修订对照表 as Markdown and HTML, through the tera templates diff.md and diff.html.
//!
//! Both get the [`PlanDiff`] as `diff`, each segment of the table with one more field, `br`
//! (the segment is a line break). Markdown also gets `md_open` and `md_close` on every
//! segment, the marks to put around it (`~~` for deletions, `**` for insertions). CommonMark only accepts those marks where its
//! flanking rules allow, which Chinese punctuation at the edge of a change often breaks
//! (`**。**后文` is not bold); there the marks fall back to inline HTML (`<del>`, `<strong>`)
//! that GitHub renders the same way.

use super::{PlanDiff, SegKind, Segment};
use crate::render::engine::{Engine, context, md_escape, surely_punct};
use serde_json::Value;

/// The diff as the templates see it: every segment of the table also gets `br` (a line
/// break: tera string literals have no `"\n"` to compare with) and, for Markdown,
/// `md_open` / `md_close`.
fn template_value(d: &PlanDiff, md: bool) -> Result<Value, String> {
    let mut value =
        serde_json::to_value(d).map_err(|e| format!("内部错误：修订对照表无法序列化：{e}"))?;
    if let Some(Value::Array(entries)) = value.get_mut("entries") {
        for (entry, e) in entries.iter_mut().zip(&d.entries) {
            for (side, segs) in [("old", &e.old), ("new", &e.new)] {
                let marks = if md {
                    md_marks(segs)
                } else {
                    vec![("", ""); segs.len()]
                };
                if let Some(Value::Array(vs)) = entry.get_mut(side) {
                    for ((v, seg), (open, close)) in vs.iter_mut().zip(segs).zip(marks) {
                        if let Value::Object(o) = v {
                            o.insert("br".into(), Value::Bool(seg.text == "\n"));
                            if md {
                                o.insert("md_open".into(), Value::String(open.into()));
                                o.insert("md_close".into(), Value::String(close.into()));
                            }
                        }
                    }
                }
            }
        }
    }
    Ok(value)
}

/// diff.html: a self-contained page.
pub fn render_html(
    engine: &Engine,
    d: &PlanDiff,
    page: &crate::render::html::PageLinks,
) -> Result<String, String> {
    let mut ctx = context("diff", &template_value(d, false)?);
    ctx.insert("page", page);
    engine.render("diff.html", &ctx)
}

/// diff.md: GitHub-flavoured Markdown.
pub fn render_md(engine: &Engine, d: &PlanDiff) -> Result<String, String> {
    engine.render("diff.md", &context("diff", &template_value(d, true)?))
}

/// Possibly punctuation or a symbol (CommonMark 0.31 counts both): used for the characters
/// just inside a mark, where a wrong "yes" only costs the HTML fallback.
fn maybe_punct(c: char) -> bool {
    surely_punct(c)
        || (!c.is_alphanumeric() && !c.is_whitespace() && (c as u32) > 0x7F && !is_cjk_letter(c))
}

fn is_cjk_letter(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// The marks around each segment of one cell, for the Markdown table.
fn md_marks(segs: &[Segment]) -> Vec<(&'static str, &'static str)> {
    let escaped: Vec<String> = segs
        .iter()
        .map(|s| {
            if s.text == "\n" {
                "<br>".into()
            } else {
                md_escape(&s.text)
            }
        })
        .collect();
    (0..segs.len())
        .map(|k| {
            let s = &segs[k];
            let (md, html_open, html_close) = match s.kind {
                SegKind::Equal => return ("", ""),
                _ if s.text == "\n" || s.text.is_empty() => return ("", ""),
                SegKind::Insert => ("**", "<strong>", "</strong>"),
                SegKind::Delete => ("~~", "<del>", "</del>"),
            };
            let text = &escaped[k];
            // A cell is written `| text |`: its edges are spaces.
            let before = if k == 0 {
                ' '
            } else {
                escaped[k - 1].chars().last().unwrap_or(' ')
            };
            let after = escaped
                .get(k + 1)
                .and_then(|t| t.chars().next())
                .unwrap_or(' ');
            let (first, last) = (
                text.chars().next().unwrap_or(' '),
                text.chars().last().unwrap_or(' '),
            );
            let outside_ok = |c: char| c.is_whitespace() || surely_punct(c);
            let opens = !first.is_whitespace() && (!maybe_punct(first) || outside_ok(before));
            let closes = !last.is_whitespace() && (!maybe_punct(last) || outside_ok(after));
            if opens && closes {
                (md, md)
            } else {
                (html_open, html_close)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

    fn seg(text: &str, kind: SegKind) -> Segment {
        Segment {
            text: text.into(),
            kind,
        }
    }

    /// Render one cell as the template does and collect the text parsed as strong / struck.
    fn marked(segs: &[Segment]) -> (Vec<String>, Vec<String>) {
        let marks = md_marks(segs);
        let mut cell = String::new();
        for (s, (o, c)) in segs.iter().zip(&marks) {
            if s.text == "\n" {
                cell.push_str("<br>");
            } else {
                cell.push_str(&format!("{o}{}{c}", md_escape(&s.text)));
            }
        }
        let md = format!("| a |\n|---|\n| {cell} |\n");
        let (mut strong, mut del) = (Vec::new(), Vec::new());
        let (mut s_buf, mut d_buf): (Option<String>, Option<String>) = (None, None);
        for ev in Parser::new_ext(&md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
            match ev {
                Event::Start(Tag::Strong) => s_buf = Some(String::new()),
                Event::Start(Tag::Strikethrough) => d_buf = Some(String::new()),
                Event::End(TagEnd::Strong) => strong.extend(s_buf.take()),
                Event::End(TagEnd::Strikethrough) => del.extend(d_buf.take()),
                Event::InlineHtml(h) => match h.as_ref() {
                    "<strong>" => s_buf = Some(String::new()),
                    "</strong>" => strong.extend(s_buf.take()),
                    "<del>" => d_buf = Some(String::new()),
                    "</del>" => del.extend(d_buf.take()),
                    _ => {}
                },
                Event::Text(t) => {
                    for b in [&mut s_buf, &mut d_buf].into_iter().flatten() {
                        b.push_str(&t);
                    }
                }
                _ => {}
            }
        }
        (strong, del)
    }

    #[test]
    fn marks_survive_chinese_punctuation() {
        let cases = [
            vec![
                seg("打造", SegKind::Equal),
                seg("“四张”", SegKind::Insert),
                seg("名片", SegKind::Equal),
            ],
            vec![seg("完成。", SegKind::Insert), seg("后文", SegKind::Equal)],
            vec![seg("前文", SegKind::Equal), seg("，新增", SegKind::Insert)],
            vec![seg("全力", SegKind::Insert), seg("推进", SegKind::Equal)],
            vec![
                seg("a*b", SegKind::Insert),
                seg("\n", SegKind::Insert),
                seg("（二）", SegKind::Insert),
            ],
        ];
        for segs in cases {
            let want: Vec<String> = segs
                .iter()
                .filter(|s| s.kind == SegKind::Insert && s.text != "\n")
                .map(|s| s.text.clone())
                .collect();
            let (strong, _) = marked(&segs);
            assert_eq!(strong, want, "{segs:?}");
        }
        let segs = vec![
            seg("扎实", SegKind::Delete),
            seg("推进。", SegKind::Equal),
            seg("。", SegKind::Delete),
        ];
        assert_eq!(marked(&segs).1, vec!["扎实".to_string(), "。".to_string()]);
    }
}
