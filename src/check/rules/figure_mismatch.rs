//! F001 / F002: figures in prose against the indicator table.

use super::prelude::*;
use crate::check::figures::{Dimension, in_unit, qualifiers_conflict, same_value, unit};
use crate::model::Figure;

pub static RULE: Rule = Rule::plan(code::F001, check);

pub static UNREFERENCED: Rule = Rule::plan(code::F002, check_unreferenced);

/// Gap allowed between an indicator's name and its figure, for the unreferenced hint.
const MAX_GAP: usize = 8;

/// Words that may stand between an indicator's name and its figure ("增加值达到350亿元").
/// Anything else ("增加值占GDP的比重超过15%") means the figure is about something else.
fn linking_gap(gap: &str) -> bool {
    const WORDS: &[&str] = &[
        "力争达到",
        "预计达到",
        "将达到",
        "要达到",
        "达到了",
        "达到",
        "增加到",
        "提高到",
        "增长到",
        "提升到",
        "保持在",
        "不低于",
        "不少于",
        "超过",
        "突破",
        "接近",
        "实现",
        "为",
        "达",
        "超",
        "近",
        "约",
        "是",
        "的",
        "要",
        "将",
        "由",
    ];
    let mut rest = gap.trim();
    while !rest.is_empty() {
        match WORDS.iter().find(|w| rest.starts_with(**w)) {
            Some(w) => rest = rest[w.len()..].trim_start(),
            None => return false,
        }
    }
    true
}

fn check(ctx: &PlanCtx, out: &mut Reporter) {
    for (u, sentence, s) in ctx.sentences() {
        let sr = sentence.range.clone();
        let named = &sentence.named;
        if named.is_empty() {
            continue;
        }
        let year = sentence.year;
        for q in &sentence.quantities {
            if named
                .iter()
                .any(|n| n.range.start < q.range.end && q.range.start < n.range.end)
            {
                continue;
            }
            // The nearest indicator named before the figure, in the same clause.
            let Some(n) = named.iter().rev().find(|n| n.range.end <= q.range.start) else {
                continue;
            };
            if !linking_gap(&s[n.range.end..q.range.start]) {
                continue;
            }
            let (t, ind) = (n.table, n.indicator);
            let at =
                |r: std::ops::Range<usize>| ctx.span(u.text, sr.start + r.start..sr.start + r.end);
            let Some(value) = in_unit(q, &ind.unit.value) else {
                if unit(q.unit).is_some()
                    && unit(&ind.unit.value).is_some_and(|(d, _)| !matches!(d, Dimension::Count(_)))
                {
                    out.report(
                        at(q.range.clone()),
                        msg!(
                            "“{indicator}”的单位是{expected}，这里写的是{found}",
                            indicator = &ind.name.value,
                            expected = &ind.unit.value,
                            found = q.unit
                        ),
                    )
                    .with_label("单位不符")
                    .with_related(ind.unit.span, format!("表{}中的单位", t.number))
                    .with_hint(format!(
                        "改用表中的单位，或写成 {{{{{}.target}}}}{{{{{}.unit}}}}",
                        ind.id.value, ind.id.value
                    ));
                }
                continue;
            };
            let q_year = q.year.or(year);
            let target = (Some(t.target_year.value), &ind.target);
            let base = (t.base_year.map(|y| y.value), ind.base.as_ref());
            let (which, figure) = if q_year == target.0 {
                ("目标值", Some(target.1))
            } else if q_year.is_some() && q_year == base.0 {
                ("基期值", base.1)
            } else {
                // Another year, or none: only a target restated under the wrong year is certain.
                if let (Some(y), Some(tv)) = (q_year, ind.target.value.value())
                    && same_value(value, tv)
                    && y != t.target_year.value
                    && base.0 != Some(y)
                {
                    out.report(
                        at(q.range.clone()),
                        msg!(
                            "“{indicator}”的目标年是{expected}年，这里写成了{found}年",
                            indicator = &ind.name.value,
                            expected = t.target_year.value,
                            found = y
                        ),
                    )
                    .with_label("年份不符")
                    .with_related(t.target_year.span, format!("表{}的目标年", t.number))
                    .with_hint(format!("改为{}年，或核对指标表", t.target_year.value));
                }
                continue;
            };
            let Some(figure) = figure else { continue };
            let Some(expected) = figure.value.value() else {
                continue;
            };
            let shown = match &figure.value {
                Figure::Number { .. } => format!("{}{}", figure.value, ind.unit.value),
                Figure::NotApplicable | Figure::Pending | Figure::Invalid => continue,
            };
            if !same_value(value, expected) {
                out.report(
                    at(q.number.start..q.range.end),
                    msg!(
                        "“{indicator}”{year}年的{which}在表{table}中是{expected}，这里写的是{found}{unit}",
                        indicator = &ind.name.value,
                        year = q_year.unwrap_or_default(),
                        which = which,
                        table = t.number,
                        expected = shown.as_str(),
                        found = &s[q.number.clone()],
                        unit = q.unit
                    ),
                )
                .with_label("与指标表不一致")
                .with_related(figure.span, format!("表{}中的{which}", t.number))
                .with_hint(format!(
                    "改为与表一致，或用 {{{{{}.{}}}}} 引用",
                    ind.id.value,
                    if which == "目标值" {
                        "target"
                    } else {
                        "base"
                    }
                ));
            } else if qualifiers_conflict(q.qualifier, figure.value.qualifier()) {
                out.report(
                    at(q.range.clone()),
                    msg!(
                        "“{indicator}”的限定词与表{table}（{expected}）矛盾",
                        indicator = &ind.name.value,
                        table = t.number,
                        expected = shown.as_str()
                    ),
                )
                .with_label("限定词矛盾")
                .with_related(figure.span, format!("表{}中的{which}", t.number))
                .with_hint("统一“以上/超过”或“以下/以内”的写法");
            }
        }
    }
}

fn check_unreferenced(ctx: &PlanCtx, out: &mut Reporter) {
    let plan = ctx.plan;
    let target_years: Vec<i32> = plan.tables.iter().map(|t| t.target_year.value).collect();
    for (u, sentence, s) in ctx.sentences() {
        let sr = sentence.range.clone();
        if !s.contains("到") || !sentence.year.is_some_and(|y| target_years.contains(&y)) {
            continue;
        }
        let named = &sentence.named;
        for q in &sentence.quantities {
            let Some((dim, _)) = unit(q.unit) else {
                continue;
            };
            if !matches!(dim, Dimension::Money | Dimension::Percent | Dimension::Area)
                || q.year.is_some()
            {
                continue;
            }
            if named.iter().any(|n| {
                n.range.end <= q.range.start
                    && s[n.range.end..q.range.start].chars().count() <= MAX_GAP
            }) {
                continue;
            }
            out.report(
                ctx.span(u.text, sr.start + q.range.start..sr.start + q.range.end),
                msg!(
                    "目标数字“{found}”没有对应的指标",
                    found = &s[q.range.clone()]
                ),
            )
            .with_label("未引用指标表")
            .with_hint(
                "若对应表中的指标，改用 {{指标id.target}}{{指标id.unit}}；若不是指标，可忽略",
            );
        }
    }
}
