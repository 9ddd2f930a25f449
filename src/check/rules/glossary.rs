//! N001: a known wrong spelling of an official name, from the workspace glossary.

use std::ops::Range;

use memchr::memmem::Finder;

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
    // The entries that apply to this plan, each with its real variants (not empty, not the
    // name itself). Glossaries are short and variants rare: each variant gets a substring
    // searcher, built once per plan, that tells whether it occurs in a unit at all.
    let entries: Vec<(&GlossaryEntry, Vec<(&str, Finder)>)> = ctx
        .ws
        .config
        .glossary
        .iter()
        .filter(|e| e.scope.is_empty() || e.scope.iter().any(|s| s.value == ctx.plan.id))
        .map(|e| {
            let variants = (e.variants.iter())
                .map(|v| v.value.as_str())
                .filter(|v| !v.is_empty() && *v != e.name.value)
                .map(|v| (v, Finder::new(v.as_bytes())))
                .collect();
            (e, variants)
        })
        .collect();
    for u in &ctx.units {
        let s: &str = &u.masked;
        let mut reported: Vec<Range<usize>> = Vec::new();
        for (e, variants) in &entries {
            let name = &e.name.value;
            let mut canon: Option<Vec<Range<usize>>> = None;
            for (variant, finder) in variants {
                if finder.find(s.as_bytes()).is_none() {
                    continue;
                }
                let canon = canon.get_or_insert_with(|| {
                    s.match_indices(name.as_str())
                        .map(|(i, m)| i..i + m.len())
                        .collect()
                });
                for (i, _) in s.match_indices(variant) {
                    let r = i..i + variant.len();
                    let inside = |c: &Range<usize>| c.start <= r.start && r.end <= c.end;
                    // Part of the canonical name itself, or of a longer variant already reported.
                    if canon.iter().any(inside) || reported.iter().any(inside) {
                        continue;
                    }
                    out.push(
                        report(
                            &RULE,
                            ctx.span(u.text, r.clone()),
                            format!("“{variant}”不是规范名称，应为“{name}”"),
                        )
                        .with_label("术语表登记的错误写法")
                        .with_hint(format!("改为“{name}”")),
                    );
                    reported.push(r);
                }
            }
        }
    }
}
