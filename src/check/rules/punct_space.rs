//! T010: a space after a Chinese punctuation mark ("重点发展、 生物医药").

use super::prelude::*;
use crate::check::units::has;

pub static RULE: Rule = Rule::plan(code::T010, check);

const MARKS: &[char] = &['，', '、', '。', '；', '：', '！', '？'];

fn check(ctx: &PlanCtx, out: &mut Reporter) {
    for u in ctx.units.iter().filter(|u| u.has_any(has::SPACE)) {
        let chars: Vec<(usize, char)> = u.char_indices().collect();
        let mut k = 0;
        while k < chars.len() {
            if !MARKS.contains(&chars[k].1) {
                k += 1;
                continue;
            }
            let start = k + 1;
            let mut end = start;
            while end < chars.len() && matches!(chars[end].1, ' ' | '\u{3000}') {
                end += 1;
            }
            // Spaces at the end of the text are another matter (trimmed by the loader).
            if end > start && end < chars.len() {
                let (a, b) = (chars[start].0, chars[end].0);
                out.report(
                    ctx.span(u.text, a..b),
                    msg!("“{punct}”之后有空格", punct = chars[k].1),
                )
                .with_label("多余空格")
                .with_hint("删除空格")
                .with_edit(ctx.edit(u.text, a..b, ""), "删除空格");
            }
            k = end.max(k + 1);
        }
    }
}
