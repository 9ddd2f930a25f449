//! X003: a plan's region must be related to the region of each plan it implements.

use super::jurisdiction::anchors;
use super::prelude::*;
use crate::check::gazetteer::Gazetteer;
use crate::model::{RegionLevel, Workspace};

pub static RULE: Rule = Rule::workspace(code::X003, check);

fn check(ws: &Workspace, _: &[PlanCtx], out: &mut Reporter) {
    let g = Gazetteer::get();
    for plan in &ws.plans {
        let Some(region) = plan
            .region
            .as_ref()
            .filter(|r| r.level.value != RegionLevel::National)
        else {
            continue;
        };
        let mine = anchors(plan);
        for id in &plan.implements {
            let Some((parent, their_region)) = ws.plan(&id.value).and_then(|p| {
                Some((
                    p,
                    p.region
                        .as_ref()
                        .filter(|r| r.level.value != RegionLevel::National)?,
                ))
            }) else {
                continue;
            };
            let theirs = anchors(parent);
            if mine.is_empty() || theirs.is_empty() {
                continue;
            }
            let related = mine.iter().any(|&a| {
                theirs
                    .iter()
                    .any(|&b| g.is_within(a, b) || g.is_within(b, a))
            });
            if !related {
                out.report(
                    region.name.span,
                    msg!(
                        "“{region}”与上级规划《{parent}》的区域“{parent_region}”互不包含",
                        region = &region.name.value,
                        parent = &parent.title.value,
                        parent_region = &their_region.name.value
                    ),
                )
                .with_label("规划区域")
                .with_related(their_region.name.span, "上级规划的区域")
                .with_hint("核对 implements 是否写错了规划，或本规划的区域是否照抄了模板");
            }
        }
    }
}
