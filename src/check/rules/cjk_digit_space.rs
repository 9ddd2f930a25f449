//! T009: stray spaces between Chinese characters and digits ("到 2025 年").

use super::prelude::*;
use crate::check::units::has;
use crate::check::units::is_cjk;

pub static RULE: Rule = Rule::plan(code::T009, check);

fn check(ctx: &PlanCtx, out: &mut Reporter) {
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
                out.report(ctx.span(u.text, a..b), "汉字与数字之间有空格")
                    .with_label("多余空格")
                    .with_hint("删除空格")
                    .with_edit(ctx.edit(u.text, a..b, ""), "删除空格");
            }
        }
    }
}
