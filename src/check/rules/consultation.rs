//! R001 / R002: the public-comment arrangements of a 征求意见稿.

use super::report;
use crate::check::{PlanCtx, Rule, Scope};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Stage;

pub static RULE: Rule = Rule {
    code: "R001",
    name: "consultation-too-short",
    severity: Severity::Warning,
    summary: "征求意见期少于 30 日",
    explanation: "重大规划属于重大行政决策，公开征求意见的期限一般不少于 30 日（《重大行政决策程序暂行条例》）。plan.yaml 的 consultation 起止日期（含首尾两日）不足 30 日时提示。",
    bad: "consultation: {start: 2021-09-15, end: 2021-09-30}",
    good: "consultation: {start: 2021-09-15, end: 2021-10-15}",
    scope: Scope::Plan(check_period),
};

pub static MISSING: Rule = Rule {
    code: "R002",
    name: "consultation-missing",
    severity: Severity::Error,
    summary: "征求意见稿没有写明征求意见安排",
    explanation: "征求意见稿要随附通知：起止日期、反馈方式和联系方式。plan.yaml 中缺少 consultation 时，无法生成通知页，也无法发布征求意见稿。",
    bad: "stage: 征求意见稿   （没有 consultation）",
    good: "consultation: {start: 2021-09-15, end: 2021-10-15, channels: [电子邮件, 信函], email: …, contact: …}",
    scope: Scope::Plan(check_missing),
};

fn check_period(ctx: &PlanCtx, out: &mut Vec<Diagnostic>) {
    let Some(c) = &ctx.plan.consultation else {
        return;
    };
    let days =
        crate::release::day_number(c.end.value) - crate::release::day_number(c.start.value) + 1;
    if days < 30 {
        out.push(
            report(
                &RULE,
                c.end.span,
                format!("征求意见期只有 {days} 日，重大规划一般不少于 30 日"),
            )
            .with_label("截止日期")
            .with_related(c.start.span, "开始日期")
            .with_hint("延长征求意见期；确需缩短的，在此行注明原因：`# guihua-allow: R001 …`"),
        );
    }
}

fn check_missing(ctx: &PlanCtx, out: &mut Vec<Diagnostic>) {
    let p = ctx.plan;
    if p.stage.value == Stage::ForComment && p.consultation.is_none() {
        out.push(
            report(&MISSING, p.stage.span, "征求意见稿缺少征求意见安排（consultation）")
                .with_label("征求意见稿")
                .with_hint("在 plan.yaml 中加入 consultation: {start: 2021-09-15, end: 2021-10-15, channels: [电子邮件], email: …, contact: …}"),
        );
    }
}
