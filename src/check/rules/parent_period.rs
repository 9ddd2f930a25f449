//! X002: a plan's period must lie within the period of each plan it implements.

use super::report;
use crate::check::{PlanCtx, Rule, Scope};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Workspace;

pub static RULE: Rule = Rule {
    code: "X002",
    name: "period-outside-parent",
    severity: Severity::Error,
    summary: "规划期超出所落实的上级规划的规划期",
    explanation: "落实上级规划的规划（implements），其规划期应在上级规划的规划期之内。超出部分没有上级依据；确有远景展望的，在 plan.yaml 的 period 行注明 `# guihua-allow: X002 原因`。",
    bad: "period: 2023-2035   （上级规划 2016—2030年）",
    good: "period: 2023-2030",
    scope: Scope::Workspace(check),
};

fn check(ws: &Workspace, _: &[PlanCtx], out: &mut Vec<Diagnostic>) {
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
            out.push(
                report(
                    &RULE,
                    own.span,
                    format!(
                        "规划期{}—{}年超出上级规划《{}》的{}—{}年",
                        c.start, c.end, parent.title.value, p.start, p.end
                    ),
                )
                .with_label("规划期")
                .with_related(theirs.1.span, "上级规划的规划期")
                .with_hint(format!("规划期应在 {}—{} 年之内", p.start, p.end)),
            );
        }
    }
}
