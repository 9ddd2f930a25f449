//! T002: text left behind by Word/PDF conversion and screenshot tools.

use super::prelude::*;
use crate::check::units::{find_words, has};

pub static RULE: Rule = Rule::plan(code::T002, check);

/// Bookmarks; screenshot-tool captions; Word field codes and bookmark names; replacement and
/// invisible characters; local file links.
#[rustfmt::skip]
const JUNK: &[&str] = &[
    "[bookmark:", "【bookmark",
    "截图(Alt", "截图（Alt", "Alt+A)", "Alt + A",
    "HYPERLINK", "PAGEREF", "MERGEFORMAT", "_Toc", "_Hlk",
    "\u{FFFD}", "\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}", "\u{FEFF}",
    "file:///",
];

fn check(ctx: &PlanCtx, out: &mut Reporter) {
    for u in &ctx.units {
        let s: &str = &u.masked;
        let mut hits: Vec<(usize, usize, &str)> = Vec::new();
        // Every fragment starts with a JUNK or an INVISIBLE character (see the test below).
        for (i, k) in find_words(u, has::JUNK | has::INVISIBLE, JUNK) {
            let j = JUNK[k];
            {
                // Extend bracketed junk to its closing bracket, so the whole fragment is marked.
                let end = match j.chars().next() {
                    Some('[') => s[i..].find(']').map_or(i + j.len(), |e| i + e + 1),
                    _ => i + j.len(),
                };
                if !hits.iter().any(|(a, b, _)| i < *b && *a < end) {
                    hits.push((i, end, j));
                }
            }
        }
        hits.sort();
        for (a, b, j) in hits {
            let shown = if j.starts_with('\u{2060}')
                || j.chars().all(|c| {
                    c.is_control() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{FEFF}' | '\u{FFFD}')
                }) {
                format!(
                    "不可见或替换字符 U+{:04X}",
                    j.chars().next().map_or(0, |c| c as u32)
                )
            } else {
                format!("`{}`", &s[a..b])
            };
            out.report(
                ctx.span(u.text, a..b),
                msg!("残留转换垃圾：{found}", found = shown),
            )
            .with_label("转换残留")
            .with_hint("删除这段文字；从 Word 复制时请用“只保留文本”粘贴");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The unit filter never hides junk: every fragment starts with a flagged character.
    #[test]
    fn fragments_start_with_flagged_characters() {
        for j in JUNK {
            let t = crate::model::Text {
                value: j.chars().take(1).collect(),
                span: Default::default(),
            };
            let u = crate::check::units::collect_one(&t);
            assert!(u.has_any(has::JUNK | has::INVISIBLE), "{j}");
        }
    }
}
