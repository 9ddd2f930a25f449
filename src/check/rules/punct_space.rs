//! T010: a space after a Chinese punctuation mark ("重点发展、 生物医药").

use super::report;
use crate::check::units::has;
use crate::check::{PlanCtx, Rule, Scope};
use crate::diagnostic::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "T010",
    name: "space-after-chinese-punctuation",
    severity: Severity::Warning,
    summary: "中文标点之后有多余空格",
    explanation: "全角标点（，、。；：！？）本身已占一个汉字的宽度，其后不再加空格（GB/T 15834）。这类空格多来自西文输入习惯或文稿转换，印出来是一段不均匀的空白。",
    bad: "- 重点发展生物医药、 医疗器械， 健康食品。",
    good: "- 重点发展生物医药、医疗器械，健康食品。",
    scope: Scope::Plan(check),
};

const MARKS: &[char] = &['，', '、', '。', '；', '：', '！', '？'];

fn check(ctx: &PlanCtx, out: &mut Vec<Diagnostic>) {
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
                out.push(
                    report(
                        &RULE,
                        ctx.span(u.text, a..b),
                        format!("“{}”之后有空格", chars[k].1),
                    )
                    .with_label("多余空格")
                    .with_hint("删除空格"),
                );
            }
            k = end.max(k + 1);
        }
    }
}
