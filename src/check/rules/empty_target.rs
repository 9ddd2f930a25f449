//! F007: a target left empty ("/") in a plan past the draft stage.

use super::prelude::*;
use crate::model::{Figure, Stage};

pub static RULE: Rule = Rule::plan(code::F007, check);

fn check(ctx: &PlanCtx, out: &mut Reporter) {
    let stage = ctx.plan.stage.value;
    if stage == Stage::Draft {
        return;
    }
    for t in &ctx.plan.tables {
        for i in t.indicators() {
            for base in i.base.iter().filter(|b| b.value == Figure::Pending) {
                out.report(
                    base.span,
                    msg!(
                        "“{indicator}”的基期值待填（本规划为{stage}）",
                        indicator = &i.name.value,
                        stage = stage.zh()
                    ),
                )
                .with_label("待填的基期值")
                .with_related(ctx.plan.stage.span, "发布阶段")
                .with_hint("填写基期值；没有统计数据时写“/”");
            }
            if matches!(i.target.value, Figure::NotApplicable | Figure::Pending) {
                out.report(
                    i.target.span,
                    msg!(
                        "“{indicator}”没有目标值（本规划为{stage}）",
                        indicator = &i.name.value,
                        stage = stage.zh()
                    ),
                )
                .with_label("空的目标值")
                .with_related(ctx.plan.stage.span, "发布阶段")
                .with_hint("填写目标值；若指标尚未确定，先删去该行或回到草稿阶段");
            }
        }
    }
}
