//! plans/<id>/relations.yaml: sums and shares between a plan's indicators, and how its
//! indicators relate to its parent plans'. Ids are resolved against the model afterwards.

use super::codes;
use super::reader::{self, Diags, MapReader};
use super::shapes;
use super::yaml::Node;
use crate::diagnostic::Diagnostic;
use crate::model::{
    At, ParentKind, ParentRelation, Relations, ShareRelation, SumKind, SumRelation,
};

fn at(m: &MapReader, diags: &mut Diags) -> At {
    m.get("at")
        .and_then(|n| {
            reader::choice(
                n,
                "取值",
                &[
                    (At::Base, "base"),
                    (At::Target, "target"),
                    (At::Both, "both"),
                ],
                diags,
            )
        })
        .map_or(At::Both, |s| s.value)
}

fn number(m: &MapReader, key: &str, default: f64, diags: &mut Diags) -> f64 {
    let Some(t) = m.get(key).and_then(|n| reader::text(n, diags)) else {
        return default;
    };
    match t.value.trim().trim_end_matches('%').parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => v,
        _ => {
            diags.push(
                Diagnostic::error(
                    codes::INVALID_VALUE,
                    t.span,
                    format!("`{}` 不是有效的数值", t.value),
                )
                .with_label("需要非负数")
                .with_hint(format!("`{key}` 写成 0.5、100 这样的数字")),
            );
            default
        }
    }
}

pub fn read_relations(node: &Node, diags: &mut Diags) -> Relations {
    let mut rel = Relations::default();
    let Some(m) = MapReader::new(node, &shapes::RELATIONS, diags) else {
        return rel;
    };
    if let Some(list) = m.get("sums") {
        for n in reader::seq(list, "sums ", diags) {
            let Some(sm) = MapReader::new(n, &shapes::SUM, diags) else {
                continue;
            };
            let total = sm.req_text("total", diags);
            let parts = sm
                .require("parts", diags)
                .map(|p| reader::text_list(p, diags))
                .unwrap_or_default();
            let kind = sm
                .get("relation")
                .and_then(|n| {
                    reader::choice(
                        n,
                        "求和关系",
                        &[(SumKind::Equal, "equal"), (SumKind::AtMost, "at_most")],
                        diags,
                    )
                })
                .map_or(SumKind::Equal, |s| s.value);
            let at = at(&sm, diags);
            let tolerance = number(&sm, "tolerance", 0.0, diags);
            if let Some(total) = total
                && !parts.is_empty()
            {
                rel.sums.push(SumRelation {
                    span: sm.span(),
                    total,
                    parts,
                    kind,
                    at,
                    tolerance,
                });
            }
        }
    }
    if let Some(list) = m.get("shares") {
        for n in reader::seq(list, "shares ", diags) {
            let Some(sm) = MapReader::new(n, &shapes::SHARE, diags) else {
                continue;
            };
            let parts = sm
                .require("parts", diags)
                .map(|p| reader::text_list(p, diags))
                .unwrap_or_default();
            let total = number(&sm, "total", 100.0, diags);
            let tolerance = number(&sm, "tolerance", 0.05, diags);
            let at = at(&sm, diags);
            if parts.len() >= 2 {
                rel.shares.push(ShareRelation {
                    span: sm.span(),
                    parts,
                    total,
                    at,
                    tolerance,
                });
            }
        }
    }
    if let Some(list) = m.get("parents") {
        for n in reader::seq(list, "parents ", diags) {
            let Some(pm) = MapReader::new(n, &shapes::PARENT, diags) else {
                continue;
            };
            let indicator = pm.req_text("indicator", diags);
            let parent = pm.req_text("parent", diags);
            let kind = pm.require("relation", diags).and_then(|n| {
                reader::choice(
                    n,
                    "关系",
                    &[
                        (ParentKind::Equal, "equal"),
                        (ParentKind::AtLeast, "at_least"),
                        (ParentKind::AtMost, "at_most"),
                        (ParentKind::ShareOf, "share_of"),
                    ],
                    diags,
                )
            });
            let share = pm.get("share").map(|_| number(&pm, "share", 1.0, diags));
            let tolerance = number(&pm, "tolerance", 0.0, diags);
            let at = at(&pm, diags);
            let (Some(indicator), Some(parent), Some(kind)) = (indicator, parent, kind) else {
                continue;
            };
            let Some((plan, ind)) = parent
                .value
                .split_once('/')
                .map(|(a, b)| (a.trim().to_string(), b.trim().to_string()))
            else {
                diags.push(
                    Diagnostic::error(
                        codes::INVALID_VALUE,
                        parent.span,
                        format!("`{}` 不是“规划id/指标id”的形式", parent.value),
                    )
                    .with_label("上级指标")
                    .with_hint("写成 beidaihe-2016/value-added-2030"),
                );
                continue;
            };
            if kind.value == ParentKind::ShareOf && share.is_none() {
                diags.push(
                    Diagnostic::error(
                        codes::MISSING_KEY,
                        kind.span,
                        "share_of 关系需要写明份额 share",
                    )
                    .with_label("缺少 share")
                    .with_hint("加上 `share: 0.5`，表示本指标 = 0.5 × 上级指标"),
                );
                continue;
            }
            rel.parents.push(ParentRelation {
                span: pm.span(),
                indicator,
                parent,
                parent_plan: plan,
                parent_indicator: ind,
                kind: kind.value,
                share,
                tolerance,
                at,
            });
        }
    }
    rel.same_base_year = m.opt_list("same_base_year", diags);
    rel
}
