//! N001: a known wrong spelling of an official name, from the workspace glossary.

use aho_corasick::AhoCorasick;

use super::report;
use crate::check::{PlanCtx, Rule, Scope};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::GlossaryEntry;

pub static RULE: Rule = Rule {
    code: "N001",
    name: "glossary-variant",
    severity: Severity::Error,
    summary: "使用了术语表中登记的错误写法",
    explanation: "guihua.yaml 的 glossary 为整个工作区登记规范名称及其已知的错误写法（可用 scope 限定适用的规划）。正文、标题、专栏和表格中出现错误写法的每一处都报告，并给出规范名称。错误写法恰好是规范名称一部分的，规范名称中的那一段不算。",
    bad: "- 鼓励中泰兴龙康复辅具产业园对外开放从事会展服务。   （glossary: [{name: 中秦兴龙, variants: [中泰兴龙]}]）",
    good: "- 鼓励中秦兴龙康复辅具产业园对外开放从事会展服务。",
    scope: Scope::Plan(check),
};

fn check(ctx: &PlanCtx, out: &mut Vec<Diagnostic>) {
    let entries: Vec<&GlossaryEntry> = ctx
        .ws
        .config
        .glossary
        .iter()
        .filter(|e| e.scope.is_empty() || e.scope.iter().any(|s| s.value == ctx.plan.id))
        .filter(|e| e.variants.iter().any(|v| !v.value.is_empty() && v.value != e.name.value))
        .collect();
    if entries.is_empty() {
        return;
    }
    // One automaton over every name and variant: pattern → (entry, variant index or None
    // for the canonical name).
    let mut pats: Vec<&str> = Vec::new();
    let mut owner: Vec<(usize, Option<usize>)> = Vec::new();
    for (k, e) in entries.iter().enumerate() {
        pats.push(&e.name.value);
        owner.push((k, None));
        for (vi, v) in e.variants.iter().enumerate() {
            if !v.value.is_empty() && v.value != e.name.value {
                pats.push(&v.value);
                owner.push((k, Some(vi)));
            }
        }
    }
    let Ok(ac) = AhoCorasick::new(&pats) else { return };
    for u in &ctx.units {
        let s = &u.masked;
        let mut canon: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
        let mut found: Vec<(usize, usize, std::ops::Range<usize>)> = Vec::new();
        for m in ac.find_overlapping_iter(s) {
            match owner[m.pattern().as_usize()] {
                (k, None) => canon.push((k, m.range())),
                (k, Some(vi)) => found.push((k, vi, m.range())),
            }
        }
        // Longest first, so that a variant inside a longer reported variant is dropped.
        found.sort_by_key(|(k, _, r)| (r.start, std::cmp::Reverse(r.end), *k));
        let mut reported: Vec<std::ops::Range<usize>> = Vec::new();
        for (k, vi, r) in found {
            let inside = |c: &std::ops::Range<usize>| c.start <= r.start && r.end <= c.end;
            if canon.iter().any(|(ck, c)| *ck == k && inside(c)) || reported.iter().any(inside) {
                continue;
            }
            let e = entries[k];
            let (variant, name) = (&e.variants[vi].value, &e.name.value);
            out.push(
                report(&RULE, ctx.span(u.text, r.clone()), format!("“{variant}”不是规范名称，应为“{name}”"))
                    .with_label("术语表登记的错误写法")
                    .with_hint(format!("改为“{name}”")),
            );
            reported.push(r);
        }
    }
}
