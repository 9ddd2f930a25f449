//! Where each diagnostic shows in a plan's page: the element of the page that renders the
//! source text its span points into (a paragraph, a list item, a 专栏 item, a table cell, a
//! heading). The page is the one `build` writes, unchanged; the reload client finds the
//! element from the anchor ids the templates already give sections, 专栏 and tables, and the
//! position of the block, item, row or cell below it.

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Block, IndicatorTable, Plan, Workspace};
use crate::render::view::anchor;
use crate::source::Span;

/// An element of the page, as the client finds it.
#[derive(Serialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct Target {
    /// The id of the section, 专栏 or table (`ch-…`, `sec-…`, `col-…`, `tab-…`, `preface`).
    pub id: String,
    /// The heading of that section or the title of that 专栏 or table.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub heading: bool,
    /// The n-th block of the section (its paragraphs, lists, 专栏 and tables, in order).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block: Option<usize>,
    /// The n-th `li` of the block, or of the 专栏.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<usize>,
    /// The n-th row of the table's body, and the n-th `td` of that row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<usize>,
}

/// A diagnostic as the page shows it.
#[derive(Serialize, Clone, Debug)]
pub struct Mark {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub hint: Option<String>,
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// `None` when the span is in no rendered element (plan.yaml's metadata, relations …):
    /// then the panel lists it without a mark.
    pub target: Option<Target>,
}

/// Every (span, element) of the plan's page.
pub fn targets(plan: &Plan) -> Vec<(Span, Target)> {
    let mut out = Vec::new();
    blocks("preface", &plan.preface, &mut out);
    for c in &plan.chapters {
        let id = anchor("ch", &c.id.value);
        out.push((c.title.span, heading(&id)));
        blocks(&id, &c.body, &mut out);
        for s in c.sections.iter().flat_map(|s| s.walk()) {
            let id = anchor("sec", &s.id.value);
            out.push((s.title.span, heading(&id)));
            blocks(&id, &s.body, &mut out);
        }
    }
    for col in &plan.columns {
        let id = anchor("col", &col.id.value);
        out.push((col.title.span, heading(&id)));
        for (i, item) in col.items.iter().enumerate() {
            let t = Target {
                id: id.clone(),
                item: Some(i),
                ..Target::default()
            };
            if let Some(name) = &item.name {
                out.push((name.span, t.clone()));
            }
            out.push((item.text.span, t));
        }
    }
    for table in &plan.tables {
        rows(table, &mut out);
    }
    out
}

fn heading(id: &str) -> Target {
    Target {
        id: id.to_string(),
        heading: true,
        ..Target::default()
    }
}

fn blocks(id: &str, body: &[Block], out: &mut Vec<(Span, Target)>) {
    for (n, b) in body.iter().enumerate() {
        let t = Target {
            id: id.to_string(),
            block: Some(n),
            ..Target::default()
        };
        match b {
            Block::Paragraph(text) => out.push((text.span, t)),
            Block::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    let t = Target {
                        item: Some(i),
                        ..t.clone()
                    };
                    out.push((item.span, t));
                }
            }
            // The placing reference `column: x` marks the 专栏 as a whole.
            Block::Column(r) | Block::Table(r) => out.push((r.span, t)),
        }
    }
}

/// Each indicator's row, and its cells: 序号, 指标, 单位, [基期], 目标, 属性, [责任单位] are
/// the row's `td`s in this order (the category is a `th`).
fn rows(table: &IndicatorTable, out: &mut Vec<(Span, Target)>) {
    let id = anchor("tab", &table.id.value);
    out.push((table.title.span, heading(&id)));
    let base = usize::from(table.base_year.is_some());
    for (r, ind) in table.indicators().enumerate() {
        let cell = |c: usize| Target {
            id: id.clone(),
            row: Some(r),
            cell: Some(c),
            ..Target::default()
        };
        out.push((ind.id.span, cell(1)));
        out.push((ind.name.span, cell(1)));
        out.push((ind.unit.span, cell(2)));
        if let Some(b) = &ind.base {
            out.push((b.span, cell(3)));
        }
        out.push((ind.target.span, cell(3 + base)));
        if let Some(n) = &ind.nature {
            out.push((n.span, cell(4 + base)));
        }
        if let Some(resp) = &ind.responsible {
            out.push((resp.span, cell(5 + base)));
        }
    }
}

/// The element whose span holds `span`'s start: the narrowest, when several do.
pub fn locate(targets: &[(Span, Target)], span: Span) -> Option<Target> {
    targets
        .iter()
        .filter(|(s, _)| {
            s.file == span.file
                && s.start <= span.start
                && (span.start < s.end || (s.start == s.end && s.start == span.start))
        })
        .min_by_key(|(s, _)| s.end - s.start)
        .map(|(_, t)| t.clone())
}

/// The marks of one plan: the errors and warnings located in its files, and those of
/// guihua.yaml (the workspace's), each on its element. Infos are left to `guihua check`.
pub fn marks(
    ws: &Workspace,
    plan_dir: &std::path::Path,
    diags: &[&Diagnostic],
    plan: Option<&Plan>,
) -> Vec<Mark> {
    let targets = plan.map(targets).unwrap_or_default();
    diags
        .iter()
        .filter(|d| d.severity != Severity::Info && belongs(ws, plan_dir, d.span))
        .map(|d| {
            let f = ws.sources.get(d.span.file);
            let (line, column) = f.line_col(d.span.start as usize);
            Mark {
                severity: d.severity,
                code: d.code,
                message: d.message.clone(),
                hint: d.hint.clone(),
                file: slash_path(&f.path),
                line,
                column,
                target: locate(&targets, d.span),
            }
        })
        .collect()
}

/// Whether a diagnostic at `span` is shown on the page of the plan in `plan_dir` (relative
/// to the workspace root): its own files, or files outside every plan (guihua.yaml).
pub fn belongs(ws: &Workspace, plan_dir: &std::path::Path, span: Span) -> bool {
    if ws.sources.is_empty() || span.file.0 as usize >= ws.sources.len() {
        return false;
    }
    let path = ws.sources.path(span.file);
    path.starts_with(plan_dir) || !path.starts_with(&ws.config.plans_dir)
}

/// Paths in pages always use `/`.
pub fn slash_path(p: &std::path::Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
