//! T014: the instructions `guihua new` writes into a skeleton, left in a plan that goes out
//! (征求意见稿 and later).

use super::prelude::*;

pub static RULE: Rule = Rule::plan(code::T014, check);

fn check(ctx: &PlanCtx, out: &mut Reporter) {
    // A 草稿 may keep them while it is being written.
    if ctx.plan.stage.value < crate::model::Stage::ForComment {
        return;
    }
    // One SIMD searcher per instruction, built once: this runs over every paragraph.
    static FINDERS: std::sync::OnceLock<Vec<memchr::memmem::Finder<'static>>> =
        std::sync::OnceLock::new();
    let finders = FINDERS.get_or_init(|| {
        crate::scaffold::INSTRUCTIONS
            .iter()
            .map(|t| memchr::memmem::Finder::new(t.as_bytes()))
            .collect()
    });
    for u in ctx.units.iter().filter(|u| u.kind.is_prose()) {
        for (text, finder) in crate::scaffold::INSTRUCTIONS.iter().zip(finders) {
            if let Some(i) = finder.find(u.text.value.as_bytes()) {
                out.report(
                    ctx.span(u.text, i..i + text.len()),
                    "骨架中的写作说明还留在规划里",
                )
                .with_label("guihua new 生成的说明文字")
                .with_hint("用本规划的正文替换这段说明");
            }
        }
    }
}
