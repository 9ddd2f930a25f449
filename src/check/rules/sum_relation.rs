//! F008 / F009: declared sums and shares between a plan's indicators (relations.yaml).

use super::prelude::*;
use crate::model::Figure;
use crate::model::{At, Indicator, IndicatorTable, Plan, Spanned, SumKind};

pub static RULE: Rule = Rule::plan(code::F008, check);

pub static SHARES: Rule = Rule::plan(code::F009, check_shares);

type Row<'p> = (&'p IndicatorTable, &'p Indicator);

fn sides(at: At) -> &'static [bool] {
    match at {
        At::Base => &[true],
        At::Target => &[false],
        At::Both => &[true, false],
    }
}

fn figure<'p>(row: &Row<'p>, base: bool) -> Option<&'p Spanned<Figure>> {
    if base {
        row.1.base.as_ref()
    } else {
        Some(&row.1.target)
    }
}

fn year(row: &Row, base: bool) -> Option<i32> {
    if base {
        row.0.base_year.map(|y| y.value)
    } else {
        Some(row.0.target_year.value)
    }
}

fn rows<'p>(plan: &'p Plan, ids: &[crate::model::Text]) -> Option<Vec<Row<'p>>> {
    ids.iter().map(|id| plan.indicator(&id.value)).collect()
}

fn fmt(v: f64) -> String {
    let s = format!("{v:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn check(ctx: &PlanCtx, out: &mut Reporter) {
    let plan = ctx.plan;
    for rel in &plan.relations.sums {
        let (Some(total), Some(parts)) = (plan.indicator(&rel.total.value), rows(plan, &rel.parts))
        else {
            continue;
        };
        for &base in sides(rel.at) {
            let Some(t) = figure(&total, base).and_then(|f| f.value.value()) else {
                continue;
            };
            let values: Option<Vec<f64>> = parts
                .iter()
                .map(|p| figure(p, base).and_then(|f| f.value.value()))
                .collect();
            let Some(values) = values else { continue };
            let sum: f64 = values.iter().sum();
            let eps = rel.tolerance + 1e-6 * t.abs().max(1.0);
            let broken = match rel.kind {
                SumKind::Equal => (sum - t).abs() > eps,
                SumKind::AtMost => sum > t + eps,
            };
            if !broken {
                continue;
            }
            let which = if base { "基期值" } else { "目标值" };
            let unit = &total.1.unit.value;
            let y = year(&total, base)
                .map(|y| format!("{y}年"))
                .unwrap_or_default();
            let expr = values
                .iter()
                .map(|v| fmt(*v))
                .collect::<Vec<_>>()
                .join(" + ");
            let msg = match rel.kind {
                SumKind::Equal => format!(
                    "{y}“{}”的{which}{}{unit}不等于分项之和 {expr} = {}{unit}",
                    total.1.name.value,
                    fmt(t),
                    fmt(sum)
                ),
                SumKind::AtMost => format!(
                    "{y}分项之和 {expr} = {}{unit} 超过了“{}”的{which}{}{unit}",
                    fmt(sum),
                    total.1.name.value,
                    fmt(t)
                ),
            };
            let mut d = out
                .report(rel.total.span, msg)
                .with_label("求和关系不成立")
                .with_hint("核对各行数值，或修改 relations.yaml 中的关系");
            if let Some(f) = figure(&total, base) {
                d = d.with_related(f.span, format!("合计“{}”", total.1.name.value));
            }
            for p in &parts {
                if let Some(f) = figure(p, base) {
                    d = d.with_related(f.span, format!("分项“{}”", p.1.name.value));
                }
            }
        }
    }
}

fn check_shares(ctx: &PlanCtx, out: &mut Reporter) {
    let plan = ctx.plan;
    for rel in &plan.relations.shares {
        let Some(parts) = rows(plan, &rel.parts) else {
            continue;
        };
        for &base in sides(rel.at) {
            let values: Option<Vec<f64>> = parts
                .iter()
                .map(|p| figure(p, base).and_then(|f| f.value.value()))
                .collect();
            let Some(values) = values else { continue };
            let sum: f64 = values.iter().sum();
            if (sum - rel.total).abs() <= rel.tolerance + 1e-9 {
                continue;
            }
            let which = if base { "基期值" } else { "目标值" };
            let expr = values
                .iter()
                .map(|v| fmt(*v))
                .collect::<Vec<_>>()
                .join(" + ");
            let mut d = out
                .report(
                    rel.parts[0].span,
                    format!(
                        "各项占比的{which}之和 {expr} = {}，应为 {}",
                        fmt(sum),
                        fmt(rel.total)
                    ),
                )
                .with_label("占比之和不符")
                .with_hint("核对各项占比；若合计不是 100，在关系中写 total");
            for p in &parts {
                if let Some(f) = figure(p, base) {
                    d = d.with_related(f.span, format!("“{}”", p.1.name.value));
                }
            }
        }
    }
}
