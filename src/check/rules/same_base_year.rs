//! X005: tables of a plan declared to share its parent's base year must do so.

use super::report;
use crate::check::{PlanCtx, Rule, Scope};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Workspace;

pub static RULE: Rule = Rule {
    code: "X005",
    name: "base-year-differs-from-parent",
    severity: Severity::Error,
    summary: "基期年与声明同基期的上级规划不一致",
    explanation: "relations.yaml 的 same_base_year 声明本规划与某个上级规划使用相同的基期年，以便指标可以直接对照。任一方修改基期后报告。",
    bad: "same_base_year: [hebei-2016]   （本规划基期 2019，上级规划 2020）",
    good: "same_base_year: [hebei-2016]   （两者都以 2020 年为基期）",
    scope: Scope::Workspace(check),
};

fn check(ws: &Workspace, _: &[PlanCtx], out: &mut Vec<Diagnostic>) {
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
                    out.push(
                        report(
                            &RULE,
                            b.span,
                            format!(
                                "表{}的基期年{}年与上级规划《{}》的基期年{}年不同",
                                t.number, b.value, parent.title.value, pb.value
                            ),
                        )
                        .with_label("基期年")
                        .with_related(pb.span, "上级规划的基期年")
                        .with_related(id.span, "声明同基期")
                        .with_hint(format!(
                            "改为 {}，或从 same_base_year 中删去 {}",
                            pb.value, id.value
                        )),
                    );
                }
            }
        }
    }
}
