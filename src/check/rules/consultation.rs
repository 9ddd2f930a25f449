//! R001 / R002: the public-comment arrangements of a 征求意见稿.

use super::prelude::*;
use crate::model::Stage;

pub static RULE: Rule = Rule::plan(code::R001, check_period);

pub static MISSING: Rule = Rule::plan(code::R002, check_missing);

fn check_period(ctx: &PlanCtx, out: &mut Reporter) {
    let Some(c) = &ctx.plan.consultation else {
        return;
    };
    let days = c.end.value.day_number() - c.start.value.day_number() + 1;
    if days < 30 {
        out.report(
            c.end.span,
            msg!(
                "征求意见期只有 {days} 日，重大规划一般不少于 30 日",
                days = days
            ),
        )
        .with_label("截止日期")
        .with_related(c.start.span, "开始日期")
        .with_hint("延长征求意见期；确需缩短的，在此行注明原因：`# guihua-allow: R001 …`");
    }
}

fn check_missing(ctx: &PlanCtx, out: &mut Reporter) {
    let p = ctx.plan;
    if p.stage.value == Stage::ForComment && p.consultation.is_none() {
        out.report(p.stage.span, "征求意见稿缺少征求意见安排（consultation）")
                .with_label("征求意见稿")
                .with_hint("在 plan.yaml 中加入 consultation: {start: 2021-09-15, end: 2021-10-15, channels: [电子邮件], email: …, contact: …}");
    }
}
