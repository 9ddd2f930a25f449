//! F005: a table's target year must lie within the plan period.

use super::prelude::*;

pub static RULE: Rule = Rule::plan(code::F005, check);

fn check(ctx: &PlanCtx, out: &mut Reporter) {
    let p = ctx.plan;
    let Some(period) = p.period else { return };
    let (a, b) = (period.value.start, period.value.end);
    for t in &p.tables {
        let y = t.target_year.value;
        if y < a || y > b {
            out.report(
                t.target_year.span,
                msg!(
                    "表{table}的目标年{target_year}年不在规划期{start}—{end}年内",
                    table = t.number,
                    target_year = y,
                    start = a,
                    end = b
                ),
            )
            .with_label("目标年")
            .with_related(period.span, "规划期")
            .with_hint(format!("目标年应在 {a} 到 {b} 之间"));
        }
    }
}
