//! T013: a `**` without its partner. Bold lead-ins (**名称。**) are how 专栏 items and
//! paragraphs mark their names; one marker left over prints two asterisks and makes the rest
//! of the paragraph bold in some renderers.

use super::prelude::*;

pub static RULE: Rule = Rule::plan(code::T013, check);

fn check(ctx: &PlanCtx, out: &mut Reporter) {
    for u in &ctx.units {
        let s = &u.text.value;
        let marks: Vec<usize> = s.match_indices("**").map(|(i, _)| i).collect();
        if marks.len().is_multiple_of(2) {
            continue;
        }
        let last = marks[marks.len() - 1];
        out.report(
            ctx.span(u.text, last..last + 2),
            msg!("加粗标记 `**` 不成对：这一段有 {n} 个", n = marks.len()),
        )
        .with_label("没有配对的 **")
        .with_hint(
            "加粗的文字两边各写一个 **，如 **建设国家区域医疗中心。**；不需要加粗就删去这个 **",
        );
    }
}
