//! T009: stray spaces between Chinese characters and digits ("到 2025 年").

use super::report;
use crate::check::units::has;
use crate::check::units::is_cjk;
use crate::check::{PlanCtx, Rule, Scope};
use crate::diagnostic::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "T009",
    name: "cjk-digit-space",
    severity: Severity::Warning,
    summary: "汉字与数字之间有多余空格",
    explanation: "中文排版中汉字与阿拉伯数字之间不加空格。这类空格多是从 PDF 复制或西文排版习惯带入的，在 PDF 和网页上会显示为不均匀的空隙。",
    bad: "- 到 2025 年，产业增加值超过 350 亿元。",
    good: "- 到2025年，产业增加值超过350亿元。",
    scope: Scope::Plan(check),
};

fn check(ctx: &PlanCtx, out: &mut Vec<Diagnostic>) {
    for u in ctx.units.iter().filter(|u| u.has_any(has::SPACE)) {
        let chars: Vec<(usize, char)> = u.char_indices().collect();
        let mut k = 0;
        while k < chars.len() {
            if chars[k].1 != ' ' && chars[k].1 != '\u{3000}' {
                k += 1;
                continue;
            }
            let start = k;
            while k < chars.len() && (chars[k].1 == ' ' || chars[k].1 == '\u{3000}') {
                k += 1;
            }
            let prev = start.checked_sub(1).map(|p| chars[p].1);
            let next = chars.get(k).map(|x| x.1);
            let han_digit = |a: Option<char>, b: Option<char>| {
                a.is_some_and(|a| is_cjk(a) && !matches!(a, '，' | '。' | '；' | '：' | '、'))
                    && b.is_some_and(|b| b.is_ascii_digit())
            };
            if han_digit(prev, next) || han_digit(next, prev) {
                let (a, b) = (chars[start].0, chars.get(k).map_or(u.masked.len(), |x| x.0));
                out.push(
                    report(&RULE, ctx.span(u.text, a..b), "汉字与数字之间有空格")
                        .with_label("多余空格")
                        .with_hint("删除空格"),
                );
            }
        }
    }
}
