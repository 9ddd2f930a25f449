//! J002: other divisions mentioned in the text, once per name, until acknowledged.

use std::collections::BTreeMap;

use super::jurisdiction::{Kind, acknowledged, classify};
use super::prelude::*;
use crate::check::gazetteer::Gazetteer;
use crate::source::Span;

/// Per division: (order of first appearance, name as written, every place).
type Group = (usize, String, Vec<Span>);

pub static RULE: Rule = Rule::plan(code::J002, check);

fn check(ctx: &PlanCtx, out: &mut Reporter) {
    let g = Gazetteer::get();
    // Group by division (first match), in order of first appearance.
    let mut groups: BTreeMap<usize, Group> = BTreeMap::new();
    let mut order = 0;
    for f in classify(ctx).iter().filter(|f| f.kind == Kind::Other) {
        if acknowledged(ctx, &f.mention) {
            continue;
        }
        let key = f.mention.divisions[0];
        let span = ctx.span(ctx.units[f.unit].text, f.mention.range.clone());
        let entry = groups.entry(key).or_insert_with(|| {
            order += 1;
            (order, f.mention.name.to_string(), Vec::new())
        });
        entry.2.push(span);
    }
    let mut groups: Vec<(usize, Group)> = groups.into_iter().collect();
    groups.sort_by_key(|(_, (o, ..))| *o);
    for (div, (_, name, spans)) in groups {
        let full = &g.divisions[div].name;
        let n = spans.len();
        let mut d = out.report(spans[0], msg!("提及其他行政区“{found}”（共 {count} 处）", found = name, count = n))
            .with_label(if n > 1 { "第一处".to_string() } else { "这里".to_string() })
            .with_hint(format!("如属有意提及（合作、对标等），在 plan.yaml 中加入 `mentions: [{full}]`；否则改为本地名称"));
        for s in spans.iter().skip(1).take(30) {
            d = d.with_related(*s, "又出现在这里");
        }
    }
}
