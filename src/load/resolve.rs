//! After every file is read: ids must be unique, placements and references must point at
//! something, and 专栏 / 表 get their numbers from the order of first placement.

use std::collections::HashMap;

use super::codes;
use super::reader::Diags;
use crate::diagnostic::Diagnostic;
use crate::model::inline::{self, Segment};
use crate::model::{Block, Placement, Plan, Text, Workspace};
use crate::source::{SourceMap, Span};

/// Indicator ids named in relations.yaml must exist: this plan's for sums, shares and the
/// left side of parent relations, the parent plan's for the right side.
fn check_relations(ws: &Workspace, diags: &mut Diags) {
    let missing = |plan: &Plan, id: &Text, diags: &mut Diags| {
        if plan.indicator(&id.value).is_none() {
            let ids = plan.indicator_ids();
            let mut d = Diagnostic::error(
                codes::DANGLING_REF,
                id.span,
                format!("规划 {} 没有 id 为 `{}` 的指标", plan.id, id.value),
            )
            .with_label("指标引用");
            d = match crate::suggest::closest(&id.value, ids.iter().copied()) {
                Some(s) => d.with_hint(format!("是不是 `{s}`？")),
                None => d.with_hint("指标 id 见该规划 indicators/ 中各行的 id"),
            };
            diags.push(d);
        }
    };
    for plan in &ws.plans {
        let r = &plan.relations;
        for s in &r.sums {
            missing(plan, &s.total, diags);
            for p in &s.parts {
                missing(plan, p, diags);
            }
        }
        for s in &r.shares {
            for p in &s.parts {
                missing(plan, p, diags);
            }
        }
        for p in &r.parents {
            missing(plan, &p.indicator, diags);
            match ws.plan(&p.parent_plan) {
                Some(parent) => {
                    let id = Text {
                        value: p.parent_indicator.clone(),
                        span: p.parent.span,
                    };
                    missing(parent, &id, diags);
                }
                None => diags.push(
                    Diagnostic::error(
                        codes::DANGLING_REF,
                        p.parent.span,
                        format!("工作区中没有 id 为 `{}` 的规划", p.parent_plan),
                    )
                    .with_label("上级规划")
                    .with_hint("写成 <规划id>/<指标id>，规划 id 即 plans/ 下的目录名"),
                ),
            }
        }
        for id in &r.same_base_year {
            if ws.plan(&id.value).is_none() {
                diags.push(
                    Diagnostic::error(
                        codes::DANGLING_REF,
                        id.span,
                        format!("工作区中没有 id 为 `{}` 的规划", id.value),
                    )
                    .with_label("规划引用")
                    .with_hint("same_base_year 列出上级规划的 id"),
                );
            }
        }
    }
}

pub(super) fn resolve_workspace(ws: &mut Workspace, diags: &mut Diags) {
    check_relations(ws, diags);
    let ids: Vec<String> = ws.plans.iter().map(|p| p.id.clone()).collect();
    let sources = &ws.sources;
    for plan in &mut ws.plans {
        check_unique(plan, diags);
        number_placements(plan, diags);
        check_references(plan, sources, diags);
        for parent in &plan.implements {
            if parent.value == plan.id {
                diags.push(
                    Diagnostic::error(codes::DANGLING_REF, parent.span, "规划不能落实它自己")
                        .with_label("本规划的 id")
                        .with_hint("implements 写上级规划的 id"),
                );
            } else if !ids.contains(&parent.value) {
                let mut d = Diagnostic::error(
                    codes::DANGLING_REF,
                    parent.span,
                    format!("工作区中没有 id 为 `{}` 的规划", parent.value),
                )
                .with_label("上级规划");
                d = match crate::suggest::closest(&parent.value, ids.iter().map(String::as_str)) {
                    Some(s) => d.with_hint(format!("是不是 `{s}`？")),
                    None => d.with_hint(format!("工作区中的规划：{}", ids.join("、"))),
                };
                diags.push(d);
            }
        }
    }
}

fn duplicates<'a>(what: &str, items: impl IntoIterator<Item = &'a Text>, diags: &mut Diags) {
    let mut seen: HashMap<&str, Span> = HashMap::new();
    for t in items {
        match seen.get(t.value.as_str()) {
            Some(first) => diags.push(
                Diagnostic::error(
                    codes::DUPLICATE_ID,
                    t.span,
                    format!("{what} id `{}` 重复", t.value),
                )
                .with_label("重复的 id")
                .with_related(*first, "第一次出现在这里")
                .with_hint(format!("同一规划内{what} id 必须唯一；改用另一个 id")),
            ),
            None => {
                seen.insert(&t.value, t.span);
            }
        }
    }
}

fn check_unique(plan: &Plan, diags: &mut Diags) {
    duplicates("专栏", plan.columns.iter().map(|c| &c.id), diags);
    duplicates("表", plan.tables.iter().map(|t| &t.id), diags);
    duplicates("指标", plan.indicators().map(|i| &i.id), diags);
    let headings = plan
        .chapters
        .iter()
        .map(|c| &c.id)
        .chain(plan.sections().map(|s| &s.id));
    duplicates("章节", headings, diags);
}

/// Every block of the plan in reading order.
pub fn blocks(plan: &Plan) -> impl Iterator<Item = &Block> {
    plan.preface
        .iter()
        .chain(plan.chapters.iter().flat_map(|c| {
            c.body.iter().chain(
                c.sections
                    .iter()
                    .flat_map(|s| s.walk())
                    .flat_map(|s| s.body.iter()),
            )
        }))
}

fn number_placements(plan: &mut Plan, diags: &mut Diags) {
    let mut column_order: Vec<String> = Vec::new();
    let mut table_order: Vec<String> = Vec::new();
    let mut first_place: HashMap<(bool, String), Span> = HashMap::new();
    for block in blocks(plan) {
        let (is_table, target) = match block {
            Block::Column(t) => (false, t),
            Block::Table(t) => (true, t),
            _ => continue,
        };
        let exists = if is_table {
            plan.table(&target.value).is_some()
        } else {
            plan.column(&target.value).is_some()
        };
        let what = if is_table { "指标表" } else { "专栏" };
        // The file of that id could not be read: its own error says why; "no such table"
        // here would only mislead.
        let unreadable = plan
            .unreadable
            .iter()
            .any(|(t, id)| *t == is_table && *id == target.value);
        if !exists && unreadable {
            continue;
        }
        if !exists {
            let ids: Vec<&str> = if is_table {
                plan.tables.iter().map(|t| t.id.value.as_str()).collect()
            } else {
                plan.columns.iter().map(|c| c.id.value.as_str()).collect()
            };
            let mut d = Diagnostic::error(
                codes::DANGLING_REF,
                target.span,
                format!("本规划没有 id 为 `{}` 的{what}", target.value),
            )
            .with_label(format!("{what}引用"));
            d = match crate::suggest::closest(&target.value, ids.iter().copied()) {
                Some(s) => d.with_hint(format!("是不是 `{s}`？")),
                None => d.with_hint(format!(
                    "{what}放在 {} 目录中，id 默认为文件名",
                    if is_table { "indicators/" } else { "columns/" }
                )),
            };
            diags.push(d);
            continue;
        }
        let key = (is_table, target.value.clone());
        if let Some(first) = first_place.get(&key) {
            diags.push(
                Diagnostic::error(
                    codes::PLACED_TWICE,
                    target.span,
                    format!("{what} `{}` 被放置了两次", target.value),
                )
                .with_label("第二次放置")
                .with_related(*first, "第一次放置在这里")
                .with_hint(format!(
                    "每个{what}只能放在一处；正文中提及它请写“见专栏N”之类的文字"
                )),
            );
            continue;
        }
        first_place.insert(key, target.span);
        if is_table {
            table_order.push(target.value.clone())
        } else {
            column_order.push(target.value.clone())
        }
    }
    let columns = plan.columns.iter_mut().map(|c| (&mut c.number, &c.id));
    number_by_order(
        columns,
        &column_order,
        ("专栏", "未放置的专栏", "column"),
        diags,
    );
    let tables = plan.tables.iter_mut().map(|t| (&mut t.number, &t.id));
    number_by_order(
        tables,
        &table_order,
        ("指标表", "未放置的表", "table"),
        diags,
    );
    plan.columns.sort_by_key(|c| c.number);
    plan.tables.sort_by_key(|t| t.number);
}

/// All prose of a plan that may contain references, in reading order.
/// Numbers each item (its number and its id) by its place in `order`, from 1; an item not
/// placed stays [`Placement::Unplaced`] and is reported. `words`: what it is, the label, the placement key.
fn number_by_order<'a>(
    items: impl Iterator<Item = (&'a mut Placement, &'a Text)>,
    order: &[String],
    (what, label, key): (&str, &str, &str),
    diags: &mut Diags,
) {
    for (number, id) in items {
        *number = order
            .iter()
            .position(|o| *o == id.value)
            .map_or(Placement::Unplaced, |i| Placement::At(i + 1));
        if !number.is_placed() {
            diags.push(
                Diagnostic::warning(
                    codes::UNPLACED,
                    id.span,
                    format!("{what} `{}` 没有放置在任何章节中", id.value),
                )
                .with_label(label)
                .with_hint(format!("在相应的节中加入 `- {key}: {}`", id.value)),
            );
        }
    }
}

pub fn prose(plan: &Plan) -> Vec<&Text> {
    let mut out = Vec::new();
    for b in blocks(plan) {
        match b {
            Block::Paragraph(t) => out.push(t),
            Block::List(items) => out.extend(items),
            _ => {}
        }
    }
    for c in &plan.columns {
        for item in &c.items {
            out.push(&item.text);
        }
    }
    out
}

fn check_references(plan: &Plan, sources: &SourceMap, diags: &mut Diags) {
    for text in prose(plan) {
        if !text.value.contains("{{") {
            continue;
        }
        for seg in inline::segments(&text.value) {
            match seg {
                Segment::Ref { key, range } => {
                    if let Err(e) = inline::resolve(plan, key) {
                        diags.push(
                            Diagnostic::error(
                                codes::UNKNOWN_REFERENCE,
                                sources.sub_span(text.span, &text.value, range),
                                e.message,
                            )
                            .with_label("无法解析的引用")
                            .with_hint(e.hint),
                        );
                    }
                }
                Segment::Unclosed { range } => diags.push(
                    Diagnostic::error(
                        codes::UNKNOWN_REFERENCE,
                        sources.sub_span(text.span, &text.value, range.start..range.start + 2),
                        "引用缺少结尾的 `}}`",
                    )
                    .with_label("未闭合的 {{")
                    .with_hint("写成 {{指标id.target}}；要显示字面的 {{ 请改写"),
                ),
                Segment::Text(_) => {}
            }
        }
    }
}
