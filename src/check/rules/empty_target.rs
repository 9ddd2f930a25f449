//! F007: a target left empty ("/") in a plan past the draft stage.

use super::report;
use crate::check::{PlanCtx, Rule, Scope};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Figure, Stage};

pub static RULE: Rule = Rule {
    code: "F007",
    name: "empty-target",
    severity: Severity::Error,
    summary: "征求意见稿及以后阶段的指标目标值为空或待填",
    explanation: "草稿阶段可以暂不填写目标值（写“/”，或写“待填”表示数值尚未确定，导入文稿中的空单元格也写作“待填”）；进入征求意见稿、送审稿、正式稿后，每项指标都必须有目标值，基期值也不能是“待填”。基期值为“/”表示无统计数据，不受此限。",
    bad: "target: /     （stage: 征求意见稿）",
    good: "target: 350",
    scope: Scope::Plan(check),
};

fn check(ctx: &PlanCtx, out: &mut Vec<Diagnostic>) {
    let stage = ctx.plan.stage.value;
    if stage == Stage::Draft {
        return;
    }
    for t in &ctx.plan.tables {
        for i in t.indicators() {
            for base in i.base.iter().filter(|b| b.value == Figure::Pending) {
                out.push(
                    report(
                        &RULE,
                        base.span,
                        format!("“{}”的基期值待填（本规划为{}）", i.name.value, stage.zh()),
                    )
                    .with_label("待填的基期值")
                    .with_related(ctx.plan.stage.span, "发布阶段")
                    .with_hint("填写基期值；没有统计数据时写“/”"),
                );
            }
            if matches!(i.target.value, Figure::NotApplicable | Figure::Pending) {
                out.push(
                    report(
                        &RULE,
                        i.target.span,
                        format!("“{}”没有目标值（本规划为{}）", i.name.value, stage.zh()),
                    )
                    .with_label("空的目标值")
                    .with_related(ctx.plan.stage.span, "发布阶段")
                    .with_hint("填写目标值；若指标尚未确定，先删去该行或回到草稿阶段"),
                );
            }
        }
    }
}
