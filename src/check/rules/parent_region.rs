//! X003: a plan's region must be related to the region of each plan it implements.

use super::report;
use crate::check::gazetteer::Gazetteer;
use crate::check::{PlanCtx, Rule, Scope};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Plan, RegionLevel, Workspace};

pub static RULE: Rule = Rule {
    code: "X003",
    name: "region-unrelated-to-parent",
    severity: Severity::Error,
    summary: "规划区域与所落实的上级规划的区域互不包含",
    explanation: "落实上级规划的规划，其区域应在上级规划的区域之内，或包含上级规划的区域（如市级规划落实辖区内功能区的总体规划）。两者互不相干，多是 implements 写错了规划，或区域照抄了模板。区域关系按内置的全国行政区划表判断；功能区按其所在的行政区（region.parent）判断。",
    bad: "region: {name: 唐山市, level: 地级市}   implements: [beidaihe-2016]（秦皇岛市的功能区）",
    good: "region: {name: 秦皇岛市, level: 地级市}   implements: [beidaihe-2016]",
    scope: Scope::Workspace(check),
};

/// The gazetteer divisions a plan's region stands for (a zone: the division it lies in).
pub fn anchors(plan: &Plan) -> Vec<usize> {
    let g = Gazetteer::get();
    let Some(region) = &plan.region else {
        return Vec::new();
    };
    let parents: Vec<usize> = region
        .parent
        .as_ref()
        .map(|p| g.lookup(&p.value))
        .unwrap_or_default();
    let own: Vec<usize> = g.lookup(&region.name.value);
    let within: Vec<usize> = own
        .iter()
        .copied()
        .filter(|&i| parents.iter().any(|&p| g.is_within(i, p)))
        .collect();
    if !within.is_empty() {
        within
    } else if !own.is_empty() {
        own
    } else {
        parents
    }
}

fn check(ws: &Workspace, _: &[PlanCtx], out: &mut Vec<Diagnostic>) {
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
                out.push(
                    report(
                        &RULE,
                        region.name.span,
                        format!(
                            "“{}”与上级规划《{}》的区域“{}”互不包含",
                            region.name.value, parent.title.value, their_region.name.value
                        ),
                    )
                    .with_label("规划区域")
                    .with_related(their_region.name.span, "上级规划的区域")
                    .with_hint("核对 implements 是否写错了规划，或本规划的区域是否照抄了模板"),
                );
            }
        }
    }
}
