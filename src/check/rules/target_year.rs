//! F005: a table's target year must lie within the plan period.

use super::report;
use crate::check::{PlanCtx, Rule, Scope};
use crate::diagnostic::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "F005",
    name: "target-year-outside-period",
    severity: Severity::Error,
    summary: "指标表的目标年不在规划期内",
    explanation: "指标的目标年应落在规划期内（2021—2025年规划的目标年为2025年或其间某年）。目标年超出规划期，多是沿用了上一轮规划的表格。",
    bad: "target_year: 2020   （规划期 2021—2025年）",
    good: "target_year: 2025",
    scope: Scope::Plan(check),
};

fn check(ctx: &PlanCtx, out: &mut Vec<Diagnostic>) {
    let p = ctx.plan;
    let Some(period) = p.period else { return };
    let (a, b) = (period.value.start, period.value.end);
    for t in &p.tables {
        let y = t.target_year.value;
        if y < a || y > b {
            out.push(
                report(
                    &RULE,
                    t.target_year.span,
                    format!("表{}的目标年{}年不在规划期{a}—{b}年内", t.number, y),
                )
                .with_label("目标年")
                .with_related(period.span, "规划期")
                .with_hint(format!("目标年应在 {a} 到 {b} 之间")),
            );
        }
    }
}
