//! F004: a table's base year should be the year before the plan period starts.

use super::prelude::*;

pub static RULE: Rule = Rule::plan(code::F004, check);

fn check(ctx: &PlanCtx, out: &mut Reporter) {
    let p = ctx.plan;
    let Some(period) = p.period else { return };
    let want = period.value.start - 1;
    for t in &p.tables {
        if let Some(b) = t.base_year
            && b.value != want
        {
            out.report(
                b.span,
                msg!(
                    "表{table}的基期年为{base_year}年，规划期始于{start}年，通常以{want}年为基期",
                    table = t.number,
                    base_year = b.value,
                    start = period.value.start,
                    want = want
                ),
            )
            .with_label("基期年")
            .with_related(period.span, "规划期")
            .with_hint(format!(
                "改为 {want}，或在此行注明原因：`# guihua-allow: F004 …`"
            ));
        }
    }
}
