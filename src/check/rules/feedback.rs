//! C001–C006: the 征求意见 comments of `feedback/<round>.yaml` against the text. A comment
//! is read through its anchor in the round's release (its source snapshot) and in the sources
//! now: claimed adopted but unchanged, an anchor whose place is gone or never existed, an
//! answer missing or a comment still open when the plan goes up as a 送审稿.

use super::prelude::*;
use crate::model::feedback::{self, Comment, Disposition, Round, Target};
use crate::model::{Plan, Stage};

pub static UNCHANGED: Rule = Rule::plan(code::C001, check_unchanged);
pub static ANSWER: Rule = Rule::plan(code::C002, check_answer);
pub static GONE: Rule = Rule::plan(code::C003, check_gone);
pub static UNKNOWN: Rule = Rule::plan(code::C004, check_unknown);
pub static PENDING: Rule = Rule::plan(code::C005, check_pending);
pub static NO_RELEASE: Rule = Rule::plan(code::C006, check_release);

fn comments(plan: &Plan) -> impl Iterator<Item = (&Round, &Comment)> {
    plan.feedback
        .iter()
        .flat_map(|r| r.comments.iter().map(move |c| (r, c)))
}

fn exists(plan: &Plan, t: &Target) -> bool {
    feedback::texts(plan, t).is_some()
}

fn place(plan: &Plan, t: &Target) -> String {
    feedback::label(plan, t).unwrap_or_else(|| t.key_string())
}

fn check_unchanged(ctx: &PlanCtx, out: &mut Reporter) {
    let now = ctx.plan;
    for (round, c) in comments(now) {
        let Some(base) = round.base.as_deref() else {
            continue;
        };
        if !c.disposition.value.claims_change() {
            continue;
        }
        let quote = c.anchor.quote.as_ref().map(|q| q.value.as_str());
        let mut places: Vec<(&Target, Option<&str>)> = Vec::new();
        if let Some(t) = &c.anchor.target {
            places.push((&t.value, quote));
        }
        places.extend(c.changes.iter().map(|t| (&t.value, None)));
        if places.is_empty() {
            continue;
        }
        // Missing on either side counts as a change (added, removed): C003/C004 say more.
        let changed = places
            .iter()
            .any(|(t, q)| feedback::changed(base, now, t, *q).is_none_or(|changed| changed));
        if changed {
            continue;
        }
        let (t, _) = places[0];
        out.report(
            c.disposition.span,
            msg!(
                "意见 {id} 标为“{disposition}”，但它所指的“{place}”自第 {round} 轮发布以来没有修改",
                id = c.id.value.as_str(),
                disposition = c.disposition.value.zh(),
                place = place(now, &feedback::same_in(base, now, t)),
                round = round.name.as_str()
            ),
        )
        .with_label("声称已采纳")
        .with_related(c.comment.span, "意见")
        .with_hint("按意见修改正文；修改在别处的，把位置写进 `changes:`（如 section:节id）；实际没有修改的，改为 未采纳 并在 answer 中说明理由");
    }
}

fn check_answer(ctx: &PlanCtx, out: &mut Reporter) {
    let plan = ctx.plan;
    if plan.stage.value < Stage::ForReview {
        return;
    }
    for (_, c) in comments(plan) {
        let d = c.disposition.value;
        let answered = c
            .answer
            .as_ref()
            .is_some_and(|a| !a.value.trim().is_empty());
        if matches!(d, Disposition::Rejected | Disposition::Partly) && !answered {
            out.report(
                c.disposition.span,
                msg!(
                    "意见 {id} 为“{disposition}”，没有说明理由；{stage}须逐条说明",
                    id = c.id.value.as_str(),
                    disposition = d.zh(),
                    stage = plan.stage.value.zh()
                ),
            )
            .with_label("缺少理由")
            .with_hint("在这条意见下写 `answer: 未采纳的理由`（部分采纳的，写明采纳了哪些、其余为何未采纳）");
        }
    }
}

fn check_gone(ctx: &PlanCtx, out: &mut Reporter) {
    let now = ctx.plan;
    for (round, c) in comments(now) {
        let (Some(base), Some(t)) = (round.base.as_deref(), &c.anchor.target) else {
            continue;
        };
        if exists(now, &feedback::same_in(base, now, &t.value)) {
            continue;
        }
        let Some(old) = feedback::texts(base, &t.value) else {
            continue;
        };
        let was = place(base, &t.value);
        let report = match feedback::where_text_went(now, &old) {
            Some(to) => out
                .report(
                    t.span,
                    msg!(
                        "意见 {id} 所指的 `{target}`（第 {round} 轮的“{was}”）在现稿中已不存在；它的文字现在在“{now}”（`{to}`）",
                        id = c.id.value.as_str(),
                        target = t.value.key_string(),
                        round = round.name.as_str(),
                        was = was,
                        now = place(now, &to),
                        to = to.key_string()
                    ),
                )
                .with_hint(format!(
                    "把 anchor 改为新的位置：`{}: {}`",
                    to.key(),
                    to.id()
                )),
            None => out
                .report(
                    t.span,
                    msg!(
                        "意见 {id} 所指的 `{target}`（第 {round} 轮的“{was}”）在现稿中已删除，文字也没有保留",
                        id = c.id.value.as_str(),
                        target = t.value.key_string(),
                        round = round.name.as_str(),
                        was = was
                    ),
                )
                .with_hint("确认删除是否回应了这条意见，并在 answer 中说明；或把 anchor 改为现在的位置"),
        };
        report.with_label(format!("第 {} 轮发布中的位置", round.name));
    }
}

fn check_unknown(ctx: &PlanCtx, out: &mut Reporter) {
    let now = ctx.plan;
    for (round, c) in comments(now) {
        let targets = c
            .anchor
            .target
            .iter()
            .map(|t| (t, "意见位置"))
            .chain(c.changes.iter().map(|t| (t, "修改位置")));
        for (t, what) in targets {
            let in_base = round.base.as_deref().is_some_and(|b| exists(b, &t.value));
            if in_base || exists(now, &t.value) {
                continue;
            }
            let candidates = ids(now, &t.value);
            let guess =
                crate::suggest::closest(t.value.id(), candidates.iter().map(String::as_str));
            let hint = match (guess, &t.value) {
                (_, Target::Item { column, .. }) if now.column(column).is_some() => {
                    "专栏条目写它的加粗名称，或从 1 起的序号".to_string()
                }
                (Some(g), _) => format!("是不是 `{}: {g}`？", t.value.key()),
                (None, _) => format!(
                    "写本规划中已有的 {} id；可用 `guihua list` 查看",
                    t.value.key()
                ),
            };
            out.report(
                t.span,
                msg!(
                    "意见 {id} 的{what} `{target}` 在规划中不存在",
                    id = c.id.value.as_str(),
                    what = what,
                    target = t.value.key_string()
                ),
            )
            .with_label("找不到")
            .with_hint(hint);
        }
    }
}

/// The ids of the kind `t` names, for suggestions.
fn ids(plan: &Plan, t: &Target) -> Vec<String> {
    match t {
        Target::Section(_) => feedback::headings(plan).into_iter().map(|h| h.0).collect(),
        Target::Column(_) | Target::Item { .. } => {
            plan.columns.iter().map(|c| c.id.value.clone()).collect()
        }
        Target::Table(_) => plan.tables.iter().map(|t| t.id.value.clone()).collect(),
        Target::Indicator(_) => plan.indicators().map(|i| i.id.value.clone()).collect(),
    }
}

fn check_pending(ctx: &PlanCtx, out: &mut Reporter) {
    let plan = ctx.plan;
    if plan.stage.value < Stage::ForReview {
        return;
    }
    for (round, c) in comments(plan) {
        if c.disposition.value == Disposition::Pending {
            out.report(
                c.disposition.span,
                msg!(
                    "第 {round} 轮意见 {id}（{from}）仍待处理；{stage}之前每条意见都要有处理结果",
                    round = round.name.as_str(),
                    id = c.id.value.as_str(),
                    from = c.from.value.as_str(),
                    stage = plan.stage.value.zh()
                ),
            )
            .with_label("待处理")
            .with_hint("写 `disposition: 采纳 | 部分采纳 | 未采纳 | 不涉及`，部分采纳和未采纳的写 `answer:` 说明理由");
        }
    }
}

fn check_release(ctx: &PlanCtx, out: &mut Reporter) {
    for round in &ctx.plan.feedback {
        if round.base.is_some() || round.comments.is_empty() {
            continue;
        }
        let dir = round
            .base_dir
            .as_ref()
            .map(|d| {
                d.strip_prefix(&ctx.ws.root)
                    .unwrap_or(d)
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .unwrap_or_default();
        let (span, looked) = match &round.release {
            Some(r) => (r.span, dir),
            None => (
                round.span,
                format!(
                    "{} 下没有 -v{} 结尾的发布目录",
                    dir.rsplit_once('/').map_or(dir.as_str(), |(d, _)| d),
                    round.version.unwrap_or(0)
                ),
            ),
        };
        out.report(
            span,
            msg!(
                "找不到第 {round} 轮的发布（{looked}），无法核对意见所指的原文是否已修改",
                round = round.name.as_str(),
                looked = looked
            ),
        )
        .with_label("本轮发布")
        .with_hint("意见核对需要该轮 `guihua release` 生成的发布目录（含 source/ 快照）；把它放回原处，或在 `release:` 写对目录名");
    }
}
