//! J004: a region that is not a division of China's gazetteer (data/divisions.tsv). A typo
//! in the region makes every jurisdiction rule read the plan as another place's.

use super::prelude::*;
use crate::check::gazetteer::{Gazetteer, Level};
use crate::model::RegionLevel;

pub static RULE: Rule = Rule::plan(code::J004, check);

fn check(ctx: &PlanCtx, out: &mut Reporter) {
    let Some(region) = &ctx.plan.region else {
        return;
    };
    let level = match region.level.value {
        RegionLevel::Province => Level::Province,
        RegionLevel::Prefecture => Level::Prefecture,
        RegionLevel::County => Level::County,
        // The nation and functional zones (示范区, 新区) are not in the gazetteer.
        RegionLevel::National | RegionLevel::Zone => return,
    };
    let g = Gazetteer::get();
    let name = region.name.value.trim();
    if !g.lookup(name).is_empty() {
        return;
    }
    let same_level = g
        .divisions
        .iter()
        .filter(|d| d.level == level)
        .map(|d| d.name);
    let closest = crate::suggest::closest(name, same_level);
    let hint = match closest {
        Some(s) => format!("是不是“{s}”？区域名称写全称，如 秦皇岛市、北戴河区"),
        None => {
            "区域名称写行政区划的全称，如 秦皇岛市、北戴河区；开发区、示范区写 level: 功能区".into()
        }
    };
    out.report(
        region.name.span,
        msg!(
            "规划区域“{name}”不是{level}行政区划",
            name = name,
            level = region.level.value.zh()
        ),
    )
    .with_label("找不到的行政区")
    .with_hint(hint)
    .with_edit(
        closest.and_then(|s| {
            let at = region.name.value.find(name)?;
            ctx.edit(&region.name, at..at + name.len(), s)
        }),
        format!("改为“{}”", closest.unwrap_or_default()),
    );
}
