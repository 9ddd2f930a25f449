//! Readers for the files inside a plan directory: chapters, 专栏 and indicator tables.

use std::path::Path;

use super::codes;
use super::reader::{self, Diags, MapReader};
use super::shapes;
use super::yaml::{Node, NodeKind};
use crate::diagnostic::Diagnostic;
use crate::model::{
    Block, Category, Chapter, Column, ColumnItem, Direction, ExtraColumn, Figure, Indicator,
    IndicatorTable, Nature, Placement, Section, Spanned, Text,
};

/// Deepest section level below a chapter: （一） = 1, 1. = 2, （1） = 3.
pub const MAX_SECTION_LEVEL: usize = 3;

/// `01-规划背景` → `规划背景`: the default id of a chapter file.
pub fn stem_id(stem: &str) -> String {
    let trimmed = stem
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start_matches(['-', '_', ' ', '.']);
    if trimmed.is_empty() {
        stem.to_string()
    } else {
        trimmed.to_string()
    }
}

fn id_or_default(m: &MapReader, default: impl FnOnce() -> Text, diags: &mut Diags) -> Text {
    match m.get("id") {
        Some(n) => reader::id(n, diags).unwrap_or_else(default),
        None => default(),
    }
}

pub fn read_chapter(
    node: &Node,
    file: &Path,
    stem: &str,
    notes: &mut Notes,
    diags: &mut Diags,
) -> Option<Chapter> {
    let m = MapReader::new(node, &shapes::CHAPTER, diags)?;
    let at = m.span().point();
    let id = id_or_default(
        &m,
        || Text {
            value: stem_id(stem),
            span: at,
        },
        diags,
    );
    let title = m.req_text("title", diags);
    let body = m
        .get("body")
        .map(|n| read_blocks(n, notes, diags))
        .unwrap_or_default();
    let sections = m
        .get("sections")
        .map(|n| read_sections(n, 1, notes, diags))
        .unwrap_or_default();
    let reason = m.opt_text("reason", diags);
    Some(Chapter {
        id,
        file: file.to_path_buf(),
        title: title?,
        number: 0,
        body,
        sections,
        reason,
    })
}

fn read_sections(node: &Node, level: usize, notes: &mut Notes, diags: &mut Diags) -> Vec<Section> {
    let items = reader::seq(node, "sections ", diags);
    if level > MAX_SECTION_LEVEL && !items.is_empty() {
        diags.push(
            Diagnostic::error(
                codes::TOO_DEEP,
                node.span,
                "节的层级超过四级（一、（一）1.（1））",
            )
            .with_label("第五级")
            .with_hint("把这一层改写为段落或列表，或上移一级"),
        );
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, n) in items.iter().enumerate() {
        let Some(m) = MapReader::new(n, &shapes::SECTION, diags) else {
            continue;
        };
        let title = m.req_text("title", diags);
        let id = match m.get("id") {
            Some(idn) => reader::id(idn, diags),
            None => title.as_ref().map(|t| Text {
                value: t.value.split_whitespace().collect::<Vec<_>>().join("-"),
                span: t.span,
            }),
        };
        let body = m
            .get("body")
            .map(|b| read_blocks(b, notes, diags))
            .unwrap_or_default();
        let sections = m
            .get("sections")
            .map(|s| read_sections(s, level + 1, notes, diags))
            .unwrap_or_default();
        let reason = m.opt_text("reason", diags);
        if let (Some(id), Some(title)) = (id, title) {
            out.push(Section {
                id,
                title,
                level,
                number: i + 1,
                body,
                sections,
                reason,
            });
        }
    }
    // Positions count only what was read, so a broken sibling does not shift later numbers
    // silently: they are renumbered after the loop from what survived.
    for (i, s) in out.iter_mut().enumerate() {
        s.number = i + 1;
    }
    out
}

/// Reasons noted on paragraphs, collected while reading blocks: (paragraph span, reason).
pub type Notes = Vec<(crate::source::Span, Text)>;

pub fn read_blocks(node: &Node, notes: &mut Notes, diags: &mut Diags) -> Vec<Block> {
    let mut out = Vec::new();
    for n in reader::seq(node, "body ", diags) {
        match &n.kind {
            NodeKind::Scalar { .. } => {
                if let Some(t) = reader::text(n, diags) {
                    out.push(Block::Paragraph(t));
                }
            }
            NodeKind::Map(entries) => {
                let Some(m) = MapReader::new(n, &shapes::BLOCK, diags) else {
                    continue;
                };
                let kinds = ["text", "list", "column", "table"]
                    .iter()
                    .filter(|k| m.key_span(k).is_some())
                    .count();
                let extra = entries.len() - kinds - usize::from(m.key_span("reason").is_some());
                if kinds != 1
                    || extra > 0
                    || (m.key_span("reason").is_some() && m.key_span("text").is_none())
                {
                    diags.push(
                        Diagnostic::error(codes::WRONG_TYPE, n.span, "一个块只能有 text、list、column、table 中的一个键（reason 只能配合 text）")
                            .with_label("块")
                            .with_hint("拆成多个块，每个一行 `- column: …`；带修改说明的段落写成 `- {text: 段落, reason: 说明}`"),
                    );
                    continue;
                }
                if let Some(t) = m.get("text") {
                    if let Some(t) = reader::text(t, diags) {
                        if let Some(r) = m.opt_text("reason", diags) {
                            notes.push((t.span, r));
                        }
                        out.push(Block::Paragraph(t));
                    }
                } else if let Some(l) = m.get("list") {
                    out.push(Block::List(reader::text_list(l, diags)));
                } else if let Some(c) = m.get("column") {
                    if let Some(t) = reader::text(c, diags) {
                        out.push(Block::Column(t));
                    }
                } else if let Some(t) = m.get("table")
                    && let Some(t) = reader::text(t, diags)
                {
                    out.push(Block::Table(t));
                }
            }
            NodeKind::Seq(_) => diags.push(
                reader::wrong_type(n, "块应当是段落文本，或 list / column / table 之一")
                    .with_hint("段落直接写 `- 文本`；列表写 `- list: [甲, 乙]`"),
            ),
        }
    }
    out
}

pub fn read_column(node: &Node, file: &Path, stem: &str, diags: &mut Diags) -> Option<Column> {
    let m = MapReader::new(node, &shapes::COLUMN, diags)?;
    let at = m.span().point();
    let id = id_or_default(
        &m,
        || Text {
            value: stem.to_string(),
            span: at,
        },
        diags,
    );
    let title = m.req_text("title", diags);
    let mut items = Vec::new();
    if let Some(list) = m.require("items", diags) {
        let nodes = reader::seq(list, "items ", diags);
        if nodes.is_empty() && matches!(list.kind, NodeKind::Seq(_)) {
            diags.push(
                Diagnostic::error(codes::MISSING_KEY, list.span, "专栏至少要有一个条目")
                    .with_label("空列表")
                    .with_hint("写成 `- name: 项目名` + `text: 说明`，或 `- 条目文本`"),
            );
        }
        for n in nodes {
            match &n.kind {
                NodeKind::Map(_) => {
                    let Some(im) = MapReader::new(n, &shapes::COLUMN_ITEM, diags) else {
                        continue;
                    };
                    let name = im.opt_text("name", diags);
                    let reason = im.opt_text("reason", diags);
                    if let Some(text) = im.req_text("text", diags) {
                        items.push(ColumnItem { name, text, reason });
                    }
                }
                _ => {
                    if let Some(text) = reader::text(n, diags) {
                        items.push(ColumnItem {
                            name: None,
                            text,
                            reason: None,
                        });
                    }
                }
            }
        }
    }
    Some(Column {
        id,
        file: file.to_path_buf(),
        span: at,
        title: title?,
        number: Placement::Unplaced,
        items,
    })
}

pub fn read_table(
    node: &Node,
    file: &Path,
    stem: &str,
    diags: &mut Diags,
) -> Option<IndicatorTable> {
    let m = MapReader::new(node, &shapes::TABLE, diags)?;
    let at = m.span().point();
    let id = id_or_default(
        &m,
        || Text {
            value: stem.to_string(),
            span: at,
        },
        diags,
    );
    let title = m.req_text("title", diags);
    let base_year = m.opt_year("base_year", diags);
    let target_year = m.req_year("target_year", diags);
    if let (Some(b), Some(t)) = (base_year, target_year)
        && t.value <= b.value
    {
        diags.push(
            Diagnostic::error(
                codes::PERIOD,
                t.span,
                format!("目标年 {} 不晚于基期年 {}", t.value, b.value),
            )
            .with_label("目标年")
            .with_related(b.span, "基期年")
            .with_hint("目标年应在基期年之后"),
        );
    }
    let extra_columns = m
        .get("extra_columns")
        .map(|n| read_extra_columns(n, diags))
        .unwrap_or_default();
    let extra: Vec<&str> = extra_columns.iter().map(|c| c.key.value.as_str()).collect();
    let mut categories = Vec::new();
    let mut seq = 0;
    // A table without a 类别 column lists its rows directly.
    if m.get("categories").is_none()
        && let Some(rs) = m.get("rows")
    {
        let mut rows = Vec::new();
        for r in reader::seq(rs, "rows ", diags) {
            if let Some(row) = read_row(r, base_year.is_some(), &extra, diags) {
                seq += 1;
                rows.push(Indicator { seq, ..row });
            }
        }
        categories.push(Category {
            name: Text {
                value: String::new(),
                span: rs.span,
            },
            rows,
        });
    } else if let Some(cats) = m.require("categories", diags) {
        for c in reader::seq(cats, "categories ", diags) {
            let Some(cm) = MapReader::new(c, &shapes::CATEGORY, diags) else {
                continue;
            };
            let name = cm.req_text("name", diags);
            let mut rows = Vec::new();
            if let Some(rs) = cm.require("rows", diags) {
                for r in reader::seq(rs, "rows ", diags) {
                    if let Some(row) = read_row(r, base_year.is_some(), &extra, diags) {
                        seq += 1;
                        rows.push(Indicator { seq, ..row });
                    }
                }
            }
            if let Some(name) = name {
                categories.push(Category { name, rows });
            }
        }
    }
    Some(IndicatorTable {
        id,
        file: file.to_path_buf(),
        span: at,
        title: title?,
        number: Placement::Unplaced,
        base_year,
        target_year: target_year?,
        extra_columns,
        categories,
    })
}

/// A row is kept as soon as it has an id, so that references to it still resolve; values
/// that could not be read were reported and get neutral stand-ins.
/// `extra_columns: [{key: remark, name: 备注}]`: keys are ids that no standard row key
/// already is, each declared once.
fn read_extra_columns(node: &Node, diags: &mut Diags) -> Vec<ExtraColumn> {
    let mut out: Vec<ExtraColumn> = Vec::new();
    for n in reader::seq(node, "extra_columns ", diags) {
        let Some(cm) = MapReader::new(n, &shapes::EXTRA_COLUMN, diags) else {
            continue;
        };
        let key = cm.require("key", diags).and_then(|k| reader::id(k, diags));
        let name = cm.req_text("name", diags);
        let (Some(key), Some(name)) = (key, name) else {
            continue;
        };
        let clash = if shapes::ROW.keys.contains(&key.value.as_str()) {
            Some(format!(
                "`{}` 是指标行的标准键，不能再声明为附加列",
                key.value
            ))
        } else {
            out.iter()
                .any(|c| c.key.value == key.value)
                .then(|| format!("附加列 `{}` 重复声明", key.value))
        };
        if let Some(message) = clash {
            diags.push(
                Diagnostic::error(codes::INVALID_VALUE, key.span, message)
                    .with_label("附加列的键")
                    .with_hint(format!(
                        "换一个键名；标准列的键：{}",
                        shapes::ROW.keys.join("、")
                    )),
            );
            continue;
        }
        out.push(ExtraColumn { key, name });
    }
    out
}

fn read_row(node: &Node, has_base: bool, extra: &[&str], diags: &mut Diags) -> Option<Indicator> {
    let m = MapReader::with_extra(node, &shapes::ROW, extra, diags)?;
    let here = m.span().point();
    let blank = || Text {
        value: String::new(),
        span: here,
    };
    let id = m.require("id", diags).and_then(|n| reader::id(n, diags));
    let name = m.req_text("name", diags);
    let unit = m.req_text("unit", diags);
    let base = if has_base {
        cell(&m, "base", diags)
    } else {
        if let Some(n) = m.get("base") {
            diags.push(
                Diagnostic::error(
                    codes::INVALID_VALUE,
                    n.span,
                    "表没有 base_year，这一行不能写 base",
                )
                .with_label("基期值")
                .with_hint("在表中写 base_year，或删去 base"),
            );
        }
        None
    };
    let target = cell(&m, "target", diags);
    let nature = m.get("nature").and_then(|n| {
        reader::choice(
            n,
            "指标属性",
            &[(Nature::Expected, "预期性"), (Nature::Binding, "约束性")],
            diags,
        )
    });
    let responsible = m.opt_text("responsible", diags);
    let extra = extra
        .iter()
        .map(|k| {
            m.get_raw(k)
                .filter(|v| !v.is_null())
                .and_then(|v| reader::text(v, diags))
        })
        .collect();
    let aliases = m.opt_list("aliases", diags);
    let direction = m
        .get("direction")
        .and_then(|n| {
            reader::choice(
                n,
                "指标方向",
                &[(Direction::Increase, "增长"), (Direction::Decrease, "下降")],
                diags,
            )
        })
        .map_or(Direction::Increase, |d| d.value);
    let reason = m.opt_text("reason", diags);
    Some(Indicator {
        id: id?,
        seq: 0,
        name: name.unwrap_or_else(blank),
        unit: unit.unwrap_or_else(blank),
        base: base.or_else(|| {
            has_base.then_some(Spanned {
                value: Figure::Invalid,
                span: here,
            })
        }),
        target: target.unwrap_or(Spanned {
            value: Figure::Invalid,
            span: here,
        }),
        nature,
        responsible,
        extra,
        aliases,
        direction,
        reason,
    })
}

/// A required value cell: `~` (or nothing after the colon) is the explicit empty value, like
/// `待填`.
fn cell(m: &MapReader, key: &str, diags: &mut Diags) -> Option<Spanned<Figure>> {
    match m.get_raw(key) {
        Some(n) if n.is_null() => Some(Spanned {
            value: Figure::Pending,
            span: n.span,
        }),
        _ => m.require(key, diags).and_then(|n| figure(n, diags)),
    }
}

fn figure(node: &Node, diags: &mut Diags) -> Option<Spanned<Figure>> {
    let t = reader::text(node, diags)?;
    match Figure::parse(&t.value) {
        Some(f) => Some(Spanned {
            value: f,
            span: t.span,
        }),
        None => {
            diags.push(
                Diagnostic::error(
                    codes::INVALID_FIGURE,
                    t.span,
                    format!("`{}` 不是有效的指标值", t.value),
                )
                .with_label("需要数字、带限定词的数字，或“/”")
                .with_hint("写成 350、21.80、20以上、接近1000；不适用写 `/`"),
            );
            None
        }
    }
}
