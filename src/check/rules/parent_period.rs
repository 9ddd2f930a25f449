//! X002: a plan's period must lie within the period of each plan it implements.

use super::prelude::*;
use crate::model::Workspace;

pub static RULE: Rule = Rule::workspace(code::X002, check);

fn check(ws: &Workspace, _: &[PlanCtx], out: &mut Reporter) {
    for plan in &ws.plans {
        let Some(own) = plan.period else { continue };
        let c = own.value;
        for id in &plan.implements {
            let Some(theirs) = ws
                .plan(&id.value)
                .and_then(|parent| Some((parent, parent.period?)))
            else {
                continue;
            };
            let (parent, p) = (theirs.0, theirs.1.value);
            if c.start >= p.start && c.end <= p.end {
                continue;
            }
            out.report(
                own.span,
                msg!(
                    "规划期{start}—{end}年超出上级规划《{parent}》的{parent_start}—{parent_end}年",
                    start = c.start,
                    end = c.end,
                    parent = &parent.title.value,
                    parent_start = p.start,
                    parent_end = p.end
                ),
            )
            .with_label("规划期")
            .with_related(theirs.1.span, "上级规划的规划期")
            .with_hint(format!("规划期应在 {}—{} 年之内", p.start, p.end));
        }
    }
}
