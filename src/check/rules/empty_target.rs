//! F007: a target left empty ("/") in a plan past the draft stage, and an explicit empty value
//! (`待填`, `~`) from the stage guihua.yaml's `pending_error_from` names (征求意见稿 by default).

use super::prelude::*;
use crate::model::{Figure, Stage};
use crate::source::Span;

pub static RULE: Rule = Rule::plan(code::F007, check);

fn check(ctx: &PlanCtx, out: &mut Reporter) {
    let stage = ctx.plan.stage.value;
    let pending = stage >= ctx.ws.config.pending_error_stage();
    if stage == Stage::Draft && !pending {
        return;
    }
    for t in &ctx.plan.tables {
        for i in t.indicators() {
            for base in i
                .base
                .iter()
                .filter(|b| pending && b.value == Figure::Pending)
            {
                let m = msg!(
                    "“{indicator}”的基期值待填（本规划为{stage}）",
                    indicator = &i.name.value,
                    stage = stage.zh()
                );
                let what = ["待填的基期值", "填写基期值；没有统计数据时写“/”"];
                report(ctx, out, base.span, m, what, true);
            }
            let empty = match i.target.value {
                Figure::NotApplicable => stage != Stage::Draft,
                Figure::Pending => pending,
                _ => false,
            };
            if empty {
                let m = msg!(
                    "“{indicator}”没有目标值（本规划为{stage}）",
                    indicator = &i.name.value,
                    stage = stage.zh()
                );
                let what = [
                    "空的目标值",
                    "填写目标值；若指标尚未确定，先删去该行或回到草稿阶段",
                ];
                let pending = i.target.value == Figure::Pending;
                report(ctx, out, i.target.span, m, what, pending);
            }
        }
    }
}

/// One report with its label and hint. A `待填` value also points at guihua.yaml's
/// `pending_error_from`, when the workspace sets it.
fn report(
    ctx: &PlanCtx,
    out: &mut Reporter,
    span: Span,
    message: crate::diagnostic::Message,
    [label, hint]: [&str; 2],
    pending: bool,
) {
    let r = out
        .report(span, message)
        .with_label(label)
        .with_related(ctx.plan.stage.span, "发布阶段")
        .with_hint(hint);
    if let Some(from) = ctx.ws.config.pending_error_from.filter(|_| pending) {
        r.with_related(
            from.span,
            format!("工作区设定从{}起报告待填", from.value.zh()),
        );
    }
}
