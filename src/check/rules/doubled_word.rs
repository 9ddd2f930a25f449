//! T003: the same unit or word written twice in a row (亿元亿元, 的的, 产业园产业园).

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};

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
    "亿元",
    "万元",
    "千元",
    "美元",
    "亿美元",
    "平方公里",
    "平方千米",
    "平方米",
    "公里",
    "千米",
    "公顷",
    "万亩",
    "万人次",
    "人次",
    "万人",
    "万吨",
    "千瓦",
    "万千瓦",
    "个百分点",
    "百分点",
];
const WORDS: &[&str] = &["的", "与", "及", "和", "%", "％"];

/// "亿元亿元", "的的", … as one automaton.
fn doubled() -> &'static (AhoCorasick, Vec<usize>) {
    static A: OnceLock<(AhoCorasick, Vec<usize>)> = OnceLock::new();
    A.get_or_init(|| {
        let words: Vec<&str> = UNITS.iter().chain(WORDS).copied().collect();
        let pats: Vec<String> = words.iter().map(|w| format!("{w}{w}")).collect();
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&pats)
            .expect("valid patterns");
        (ac, words.iter().map(|w| w.len()).collect())
    })
}

fn check(ctx: &PlanCtx, out: &mut Vec<Diagnostic>) {
    let (ac, lens) = doubled();
    for u in &ctx.units {
        let s = &u.masked;
        let word_hits: Vec<(usize, usize)> = ac
            .find_iter(s)
            .map(|m| (m.start(), lens[m.pattern().as_usize()]))
            .collect();
        let chars: Vec<(usize, char)> = s.char_indices().collect();
        let mut reported_until = 0;
        for (ci, &(i, _)) in chars.iter().enumerate() {
            if i < reported_until {
                continue;
            }
            // Matches come out in order; look this position up by binary search.
            let mut hit: Option<usize> = word_hits
                .binary_search_by_key(&i, |(at, _)| *at)
                .ok()
                .map(|k| word_hits[k].1);
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
                    report(
                        &RULE,
                        ctx.span(u.text, i + len..i + 2 * len),
                        format!("`{word}` 连续出现两次"),
                    )
                    .with_label("重复")
                    .with_hint(format!("删除多余的“{word}”")),
                );
                reported_until = i + 2 * len;
            }
        }
    }
}
