//! T003: the same unit or word written twice in a row (亿元亿元, 的的, 产业园产业园).

use super::report;
use crate::check::units::is_han;
use crate::check::{PlanCtx, Rule, Scope};
use crate::diagnostic::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "T003",
    name: "doubled-word",
    severity: Severity::Error,
    summary: "同一单位或词语连续重复",
    explanation: "修改时常把单位或词语多留一遍，如“350亿元亿元”“发展的的”。检查连续重复的计量单位、“的”“与”“及”“和”，以及连续重复的三字及以上片段（如“健康产业健康产业”）。叠词（“人人”“家家户户”）不受影响。",
    bad: "- 增加值超过350亿元亿元。",
    good: "- 增加值超过350亿元。",
    scope: Scope::Plan(check),
};

const UNITS: &[&str] = &[
    "亿元", "万元", "千元", "美元", "亿美元", "平方公里", "平方千米", "平方米", "公里", "千米", "公顷", "万亩", "万人次", "人次",
    "万人", "万吨", "千瓦", "万千瓦", "个百分点", "百分点",
];
const WORDS: &[&str] = &["的", "与", "及", "和", "%", "％"];

fn check(ctx: &PlanCtx, out: &mut Vec<Diagnostic>) {
    for u in &ctx.units {
        let s = &u.masked;
        let chars: Vec<(usize, char)> = s.char_indices().collect();
        let mut reported_until = 0;
        for (ci, &(i, _)) in chars.iter().enumerate() {
            if i < reported_until {
                continue;
            }
            let rest = &s[i..];
            let mut hit: Option<usize> = None;
            for w in UNITS.iter().chain(WORDS) {
                if rest.starts_with(w) && rest[w.len()..].starts_with(w) {
                    hit = Some(w.len());
                    break;
                }
            }
            if hit.is_none() {
                // Any run of three or more Han characters immediately repeated.
                for len in (3..=12).rev() {
                    if ci + 2 * len > chars.len() || chars[ci].1 != chars[ci + len].1 {
                        continue;
                    }
                    let a = &chars[ci..ci + len];
                    let b = &chars[ci + len..ci + 2 * len];
                    if a.iter().all(|c| is_han(c.1)) && a.iter().zip(b).all(|(x, y)| x.1 == y.1) {
                        hit = Some(a.iter().map(|c| c.1.len_utf8()).sum());
                        break;
                    }
                }
            }
            if let Some(len) = hit {
                let word = &s[i..i + len];
                out.push(
                    report(&RULE, ctx.span(u.text, i + len..i + 2 * len), format!("`{word}` 连续出现两次"))
                        .with_label("重复")
                        .with_hint(format!("删除多余的“{word}”")),
                );
                reported_until = i + 2 * len;
            }
        }
    }
}
