//! X001: a plan's indicator against its parent plan's, as declared in relations.yaml.

use super::prelude::*;
use crate::check::figures::unit;
use crate::model::{At, ParentKind, Workspace};

pub static RULE: Rule = Rule::workspace(code::X001, check);

fn check(ws: &Workspace, _: &[PlanCtx], out: &mut Reporter) {
    for plan in &ws.plans {
        for rel in &plan.relations.parents {
            let Some((ct, child)) = plan.indicator(&rel.indicator.value) else {
                continue;
            };
            let Some(parent_plan) = ws.plan(&rel.parent_plan) else {
                continue;
            };
            let Some((pt, parent)) = parent_plan.indicator(&rel.parent_indicator) else {
                continue;
            };
            let units = unit(&child.unit.value).zip(unit(&parent.unit.value));
            let mismatch = match units {
                None => (child.unit.value != parent.unit.value)
                    .then_some(("单位不同，无法比较", "统一两边的单位")),
                Some(((cd, _), (pd, _))) => {
                    (cd != pd).then_some(("单位量纲不同", "关系两边应是同一类量"))
                }
            };
            if let Some((problem, hint)) = mismatch {
                out.report(
                    rel.indicator.span,
                    msg!(
                        "{problem}：本规划为{unit}，上级规划为{parent_unit}",
                        problem = problem,
                        unit = &child.unit.value,
                        parent_unit = &parent.unit.value
                    ),
                )
                .with_related(child.unit.span, "本规划的单位")
                .with_related(parent.unit.span, "上级规划的单位")
                .with_hint(hint);
            }
            let Some(((_, cf), (_, pf))) = units.filter(|_| mismatch.is_none()) else {
                continue;
            };
            let sides: &[bool] = match rel.at {
                At::Base => &[true],
                At::Target => &[false],
                At::Both => &[true, false],
            };
            for &base in sides {
                let (cfig, pfig) = if base {
                    (child.base.as_ref(), parent.base.as_ref())
                } else {
                    (Some(&child.target), Some(&parent.target))
                };
                let (Some(cfig), Some(pfig)) = (cfig, pfig) else {
                    continue;
                };
                let (Some(cv), Some(pv)) = (cfig.value.value(), pfig.value.value()) else {
                    continue;
                };
                // Compare in the child's unit.
                let pv = pv * pf / cf;
                let tol = rel.tolerance * pv.abs() + 1e-9 * pv.abs().max(1.0);
                let (ok, want) = match rel.kind {
                    ParentKind::Equal => ((cv - pv).abs() <= tol, format!("等于 {}", pfig.value)),
                    ParentKind::AtLeast => (cv + tol >= pv, format!("不低于 {}", pfig.value)),
                    ParentKind::AtMost => (cv <= pv + tol, format!("不高于 {}", pfig.value)),
                    ParentKind::ShareOf => {
                        let share = rel.share.unwrap_or(1.0);
                        (
                            (cv - share * pv).abs() <= tol * share + 1e-9 * pv.abs().max(1.0),
                            format!("等于 {share} × {} = {}", pfig.value, share * pv),
                        )
                    }
                };
                if ok {
                    continue;
                }
                let which = if base { "基期值" } else { "目标值" };
                out.report(
                    rel.indicator.span,
                    msg!(
                        "“{indicator}”的{which}{found}{unit}应{relation}{parent_unit}（上级规划“{parent}”的“{parent_indicator}”）",
                        indicator = &child.name.value,
                        which = which,
                        found = cfig.value.to_string(),
                        unit = &child.unit.value,
                        relation = want,
                        parent_unit = &parent.unit.value,
                        parent = &parent_plan.title.value,
                        parent_indicator = &parent.name.value
                    ),
                )
                .with_label("关系不成立")
                .with_related(cfig.span, format!("本规划表{}中的{which}", ct.number))
                .with_related(
                    pfig.span,
                    format!("{} 表{}中的{which}", parent_plan.id, pt.number),
                )
                .with_hint("核对两个规划中的数值；上级规划调整后，本规划需相应修改");
            }
        }
    }
}
