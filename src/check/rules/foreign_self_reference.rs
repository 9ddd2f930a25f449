//! J001: another division named where the plan speaks of itself.

use super::jurisdiction::{Kind, classify};
use super::prelude::*;
use crate::check::UnitKind;

pub static RULE: Rule = Rule::plan(code::J001, check);

fn check(ctx: &PlanCtx, out: &mut Reporter) {
    let Some(region) = ctx.plan.region.as_ref().map(|r| &r.name.value) else {
        return;
    };
    for f in classify(ctx)
        .iter()
        .filter(|f| f.kind == Kind::SelfReference)
    {
        let where_ = match ctx.units[f.unit].kind {
            UnitKind::Metadata => "规划的标题或编制单位",
            _ => "指称本规划自身的位置",
        };
        out.report(
            ctx.span(ctx.units[f.unit].text, f.mention.range.clone()),
            msg!(
                "{place}出现了其他行政区“{found}”",
                place = where_,
                found = f.mention.name
            ),
        )
        .with_label(format!("本规划的区域是{region}"))
        .with_hint(format!(
            "改为“{region}”或“我市”；若确属有意，在该行末尾加注释 `# guihua-allow: J001`"
        ));
    }
}
