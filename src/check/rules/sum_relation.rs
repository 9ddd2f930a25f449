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

/// A sum's terms as the messages show them: `12.5 + 30 + 7`.
fn terms(values: &[f64]) -> String {
    let shown: Vec<String> = values
        .iter()
        .map(|v| crate::diagnostic::short_number(*v, 4))
        .collect();
    shown.join(" + ")
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
            let expr = terms(&values);
            let indicator = &total.1.name.value;
            let msg = match rel.kind {
                SumKind::Equal => msg!(
                    "{year}“{indicator}”的{which}{total:~4}{unit}不等于分项之和 {terms} = {sum:~4}{unit}",
                    year = y,
                    indicator = indicator,
                    which = which,
                    total = t,
                    unit = unit,
                    terms = expr,
                    sum = sum
                ),
                SumKind::AtMost => msg!(
                    "{year}分项之和 {terms} = {sum:~4}{unit} 超过了“{indicator}”的{which}{total:~4}{unit}",
                    year = y,
                    terms = expr,
                    sum = sum,
                    unit = unit,
                    indicator = indicator,
                    which = which,
                    total = t
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
            let mut d = out
                .report(
                    rel.parts[0].span,
                    msg!(
                        "各项占比的{which}之和 {terms} = {sum:~4}，应为 {total:~4}",
                        which = which,
                        terms = terms(&values),
                        sum = sum,
                        total = rel.total
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
