//! F008 / F009: declared sums and shares between a plan's indicators (relations.yaml).

use super::report;
use crate::check::{PlanCtx, Rule, Scope};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Figure;
use crate::model::{At, Indicator, IndicatorTable, Plan, Spanned, SumKind};

pub static RULE: Rule = Rule {
    code: "F008",
    name: "sum-mismatch",
    severity: Severity::Error,
    summary: "分项之和与合计不一致",
    explanation: "relations.yaml 的 sums 声明“合计 = 各分项之和”（relation: equal）或“各分项之和不超过合计”（relation: at_most）。任何一项修改后，关系不再成立即报告，并同时指出合计行和各分项行。例如示范区规划面积 520 平方公里 = 核心区 40 + 五区 100/40/20/120/200。",
    bad: "sums: [{total: total-area, parts: [core, zone-a, zone-b]}]   （40 + 100 + 40 ≠ 520）",
    good: "sums: [{total: total-area, parts: [core, zone-a, zone-b, zone-c, zone-d, zone-e]}]",
    scope: Scope::Plan(check),
};

pub static SHARES: Rule = Rule {
    code: "F009",
    name: "share-mismatch",
    severity: Severity::Error,
    summary: "各项占比之和不等于 100%（或声明的合计）",
    explanation: "relations.yaml 的 shares 声明一组占比指标（如健康服务业、健康制造业、健康农业增加值占比 69.2 : 15.9 : 14.9）合计为 100（或 total）。允许 tolerance（默认 0.05）的舍入误差。",
    bad: "shares: [{parts: [services, manufacturing, agriculture]}]   （69.2 + 15.9 + 15.9 = 101）",
    good: "shares: [{parts: [services, manufacturing, agriculture]}]   （69.2 + 15.9 + 14.9 = 100）",
    scope: Scope::Plan(check_shares),
};

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

fn check(ctx: &PlanCtx, out: &mut Vec<Diagnostic>) {
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
            let mut d = report(&RULE, rel.total.span, msg)
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
            out.push(d);
        }
    }
}

fn check_shares(ctx: &PlanCtx, out: &mut Vec<Diagnostic>) {
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
            let mut d = report(
                &SHARES,
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
            out.push(d);
        }
    }
}
