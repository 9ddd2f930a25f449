//! N001: a known wrong spelling of an official name, from the workspace glossary.

use std::ops::Range;

use memchr::memmem::Finder;

use super::prelude::*;
use crate::model::GlossaryEntry;

pub static RULE: Rule = Rule::plan(code::N001, check);

fn check(ctx: &PlanCtx, out: &mut Reporter) {
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
                    out.report(
                        ctx.span(u.text, r.clone()),
                        msg!(
                            "“{found}”不是规范名称，应为“{expected}”",
                            found = *variant,
                            expected = name
                        ),
                    )
                    .with_label("术语表登记的错误写法")
                    .with_hint(format!("改为“{name}”"))
                    .with_edit(ctx.edit(u.text, r.clone(), name), format!("改为“{name}”"));
                    reported.push(r);
                }
            }
        }
    }
}
