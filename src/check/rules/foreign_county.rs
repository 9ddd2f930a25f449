//! J003: a county or district of another city presented as the plan's own.

use super::jurisdiction::{Kind, anchors, classify};
use super::prelude::*;
use crate::check::gazetteer::{Gazetteer, Level};

pub static RULE: Rule = Rule::plan(code::J003, check);

/// The divisions `counties` belong to, by name: "唐山市、…".
fn homes(counties: &[usize]) -> String {
    let g = Gazetteer::get();
    counties
        .iter()
        .filter_map(|&i| g.divisions[i].parent)
        .map(|p| g.divisions[p].name)
        .collect::<Vec<_>>()
        .join("、")
}

fn check(ctx: &PlanCtx, out: &mut Reporter) {
    let g = Gazetteer::get();
    let Some(own) = &ctx.plan.region else { return };
    let region = &own.name.value;
    for f in classify(ctx).iter().filter(|f| f.kind == Kind::AsOwn) {
        let home = homes(f.mention.divisions);
        out.report(
            ctx.span(ctx.units[f.unit].text, f.mention.range.clone()),
            msg!(
                "“{found}”不属于{region}（属于{home}）",
                found = f.mention.name,
                region = region,
                home = home
            ),
        )
        .with_label("其他城市的区县")
        .with_hint(format!(
            "核对区县名称；{region}的区县见 plan.yaml 的 region.subdivisions"
        ));
    }
    // Declared subdivisions must lie inside the region.
    let anchors = anchors(ctx.plan);
    if anchors.is_empty() {
        return;
    }
    for sub in &own.subdivisions {
        let found = g.lookup(&sub.value);
        let counties: Vec<usize> = found
            .iter()
            .copied()
            .filter(|&i| g.divisions[i].level == Level::County)
            .collect();
        if counties.is_empty()
            || counties
                .iter()
                .any(|&i| anchors.iter().any(|&a| g.is_within(i, a)))
        {
            continue;
        }
        let home = homes(&counties);
        out.report(
            sub.span,
            msg!(
                "下辖区县“{found}”不属于{region}（属于{home}）",
                found = &sub.value,
                region = region,
                home = home
            ),
        )
        .with_label("不属于本区域")
        .with_hint("从 subdivisions 中删除，或改为本区域的区县");
    }
}
