//! X005: tables of a plan declared to share its parent's base year must do so.

use super::prelude::*;
use crate::model::Workspace;

pub static RULE: Rule = Rule::workspace(code::X005, check);

fn check(ws: &Workspace, _: &[PlanCtx], out: &mut Reporter) {
    for plan in &ws.plans {
        for id in &plan.relations.same_base_year {
            let Some(parent) = ws.plan(&id.value) else {
                continue;
            };
            let Some(pb) = parent.tables.iter().find_map(|t| t.base_year) else {
                continue;
            };
            for t in &plan.tables {
                if let Some(b) = t.base_year
                    && b.value != pb.value
                {
                    out.report(
                        b.span,
                        msg!(
                            "表{table}的基期年{base_year}年与上级规划《{parent}》的基期年{parent_base_year}年不同",
                            table = t.number,
                            base_year = b.value,
                            parent = &parent.title.value,
                            parent_base_year = pb.value
                        ),
                    )
                    .with_label("基期年")
                    .with_related(pb.span, "上级规划的基期年")
                    .with_related(id.span, "声明同基期")
                    .with_hint(format!(
                        "改为 {}，或从 same_base_year 中删去 {}",
                        pb.value, id.value
                    ));
                }
            }
        }
    }
}
