//! F004: a table's base year should be the year before the plan period starts.

use super::report;
use crate::check::{PlanCtx, Rule, Scope};
use crate::diagnostic::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "F004",
    name: "base-year-convention",
    severity: Severity::Warning,
    summary: "指标表的基期年不是规划期的前一年",
    explanation: "五年规划通常以规划期前一年为基期（2021—2025年规划以2020年为基期）。基期年偏离惯例时，读者比较的起点就不同；确属数据所限（例如上一年数据尚未发布），在该行注明 `# guihua-allow: F004 原因`。",
    bad: "base_year: 2019   （规划期 2021—2025年）",
    good: "base_year: 2020",
    scope: Scope::Plan(check),
};

fn check(ctx: &PlanCtx, out: &mut Vec<Diagnostic>) {
    let p = ctx.plan;
    let Some(period) = p.period else { return };
    let want = period.value.start - 1;
    for t in &p.tables {
        if let Some(b) = t.base_year
            && b.value != want
        {
            out.push(
                report(
                    &RULE,
                    b.span,
                    format!(
                        "表{}的基期年为{}年，规划期始于{}年，通常以{want}年为基期",
                        t.number, b.value, period.value.start
                    ),
                )
                .with_label("基期年")
                .with_related(period.span, "规划期")
                .with_hint(format!(
                    "改为 {want}，或在此行注明原因：`# guihua-allow: F004 …`"
                )),
            );
        }
    }
}
