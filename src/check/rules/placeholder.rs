//! T001: placeholders and unresolved marks left in the text.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::report;
use crate::check::units::has;
use crate::check::{PlanCtx, Rule, Scope, UnitKind};
use crate::diagnostic::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "T001",
    name: "placeholder",
    severity: Severity::Error,
    summary: "文中残留占位符或待办标记",
    explanation: "起草时留下的 ##、XX、××、TODO、待定、待补充 等标记，以及表格文字单元格中的“？”，说明内容尚未完成，不能进入征求意见稿。",
    bad: "- 到2025年，建成产业园区##个。",
    good: "- 到2025年，建成产业园区3个。",
    scope: Scope::Plan(check),
};

const MARKS: &[&str] = &[
    "##",
    "XX",
    "××",
    "xx",
    "TODO",
    "FIXME",
    "TBD",
    "待定",
    "待补充",
    "待完善",
    "待核实",
    "待确认",
    "此处插入",
    "□□",
    "＃＃",
];

fn marks() -> &'static AhoCorasick {
    static A: OnceLock<AhoCorasick> = OnceLock::new();
    A.get_or_init(|| {
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            // Built on every run: a contiguous NFA builds in microseconds, a DFA in ~0.1 ms.
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(MARKS)
            .expect("valid patterns")
    })
}

fn check(ctx: &PlanCtx, out: &mut Vec<Diagnostic>) {
    for u in &ctx.units {
        let s: &str = &u.masked;
        let mut found: Vec<(usize, &str)> = Vec::new();
        // Every mark holds a Latin letter, `#`, or one of ＃ × □ 待 此.
        let may_hold_mark = u.has_any(has::LATIN | has::ASCII_PUNCT | has::MARK);
        for hit in marks().find_iter(if may_hold_mark { s } else { "" }) {
            let (i, m) = (hit.start(), MARKS[hit.pattern().as_usize()]);
            // Latin marks only count on their own (not inside words such as "XXL" or "xxx.com").
            let latin = m.chars().all(|c| c.is_ascii_alphabetic());
            let before = s[..i].chars().next_back();
            let after = s[i + m.len()..].chars().next();
            let isolated = !latin
                || (!before.is_some_and(|c| c.is_ascii_alphanumeric())
                    && !after.is_some_and(|c| c.is_ascii_alphanumeric()));
            if isolated {
                found.push((i, m));
            }
        }
        if u.kind == UnitKind::TableCell {
            for q in ["？", "?"] {
                if let Some(i) = s.find(q) {
                    found.push((i, q));
                }
            }
        }
        found.sort();
        for (i, m) in found {
            out.push(
                report(
                    &RULE,
                    ctx.span(u.text, i..i + m.len()),
                    format!("残留占位符 `{m}`"),
                )
                .with_label("占位符")
                .with_hint("填入实际内容；数字请写在指标表中并用 {{指标id.target}} 引用"),
            );
        }
    }
}
