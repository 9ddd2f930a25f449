//! What a name under the cursor stands for, where it is defined and where it is used: the
//! ids of indicators, 专栏, tables and plans. Every use in the workspace is indexed once per
//! analysis ([`Index`]): `{{id.field}}` references in prose, `column:` / `table:` placements,
//! the indicator ids of relations.yaml (`total`, `parts`, `indicator`, and the two halves of
//! `parent: plan/indicator`), and plan ids in `implements:`, `same_base_year:` and the
//! glossary's `scope:`.

use std::path::Path;

use lsp_types as lsp;
use lsp_types::Position;

use super::features::Analysis;
use crate::model::{Block, Column, IndicatorTable, Plan, Workspace};
use crate::source::{FileId, Span};

/// A named thing of the workspace: plan ids index `ws.plans`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Indicator(usize, String),
    Column(usize, String),
    Table(usize, String),
    Plan(usize),
}

/// Every use of every target, with where it is written (the id's bytes only).
#[derive(Default)]
pub struct Index {
    uses: Vec<(Target, Span)>,
}

impl Index {
    pub fn build(ws: &Workspace) -> Index {
        let mut ix = Index::default();
        for (p, plan) in ws.plans.iter().enumerate() {
            ix.references(ws, p, plan);
            let blocks = (plan.preface.iter())
                .chain(plan.chapters.iter().flat_map(chapter_blocks))
                .collect::<Vec<_>>();
            for b in blocks {
                match b {
                    Block::Column(id) => ix.push(Target::Column(p, id.value.clone()), id.span),
                    Block::Table(id) => ix.push(Target::Table(p, id.value.clone()), id.span),
                    _ => {}
                }
            }
            let r = &plan.relations;
            let own = (r.sums.iter())
                .flat_map(|s| std::iter::once(&s.total).chain(&s.parts))
                .chain(r.shares.iter().flat_map(|s| &s.parts))
                .chain(r.parents.iter().map(|x| &x.indicator));
            for id in own {
                ix.push(Target::Indicator(p, id.value.clone()), id.span);
            }
            for rel in &r.parents {
                let Some(q) = plan_index(ws, &rel.parent_plan) else {
                    continue;
                };
                let t = &rel.parent;
                if !t.value.starts_with(rel.parent_plan.as_str()) {
                    continue;
                }
                let cut = rel.parent_plan.len();
                let plan_span = ws.sources.sub_span(t.span, &t.value, 0..cut);
                ix.push(Target::Plan(q), plan_span);
                if let Some(rest) = t.value.get(cut + 1..) {
                    let at = cut + 1..cut + 1 + rest.len();
                    let span = ws.sources.sub_span(t.span, &t.value, at);
                    ix.push(Target::Indicator(q, rel.parent_indicator.clone()), span);
                }
            }
            for id in plan.implements.iter().chain(&r.same_base_year) {
                if let Some(q) = plan_index(ws, &id.value) {
                    ix.push(Target::Plan(q), id.span);
                }
            }
        }
        for id in ws.config.glossary.iter().flat_map(|e| &e.scope) {
            if let Some(q) = plan_index(ws, &id.value) {
                ix.push(Target::Plan(q), id.span);
            }
        }
        ix
    }

    fn push(&mut self, target: Target, span: Span) {
        self.uses.push((target, span));
    }

    /// `{{id.field}}` in the plan's files, comments left out: the head id is the use.
    fn references(&mut self, ws: &Workspace, p: usize, plan: &Plan) {
        for (file, src) in ws.sources.files() {
            if !src.path.starts_with(&plan.dir) {
                continue;
            }
            let mut line_start = 0;
            for line in src.text.split_inclusive('\n') {
                let body = &line[..comment_start(line)];
                for seg in crate::model::inline::segments(body) {
                    let crate::model::inline::Segment::Ref { key, range } = seg else {
                        continue;
                    };
                    let head = key.split_once('.').map_or(key, |(h, _)| h);
                    if head == "plan" || plan.indicator(head).is_none() {
                        continue;
                    }
                    let inner = &body[range.start + 2..range.end - 2];
                    let at =
                        line_start + range.start + 2 + (inner.len() - inner.trim_start().len());
                    let span = Span::new(file, at..at + head.len());
                    self.push(Target::Indicator(p, head.to_string()), span);
                }
                line_start += line.len();
            }
        }
    }

    /// The use whose span holds byte `at` of `file` (its end included: the cursor may stand
    /// just after the id).
    pub fn at(&self, file: FileId, at: usize) -> Option<&Target> {
        let at = at as u32;
        (self.uses.iter())
            .filter(|(_, s)| s.file == file && s.start <= at && at <= s.end)
            .min_by_key(|(_, s)| s.end - s.start)
            .map(|(t, _)| t)
    }

    pub fn uses_of<'a>(&'a self, target: &'a Target) -> impl Iterator<Item = Span> + 'a {
        (self.uses.iter())
            .filter(move |(t, _)| t == target)
            .map(|(_, s)| *s)
    }
}

/// Where a YAML comment starts on `line`: a `#` at the line's start or after a space or tab.
fn comment_start(line: &str) -> usize {
    let b = line.as_bytes();
    (0..b.len())
        .find(|&i| b[i] == b'#' && (i == 0 || b[i - 1] == b' ' || b[i - 1] == b'\t'))
        .unwrap_or(line.len())
}

fn chapter_blocks(c: &crate::model::Chapter) -> impl Iterator<Item = &Block> {
    c.body.iter().chain(
        c.sections
            .iter()
            .flat_map(|s| s.walk())
            .flat_map(|s| &s.body),
    )
}

fn plan_index(ws: &Workspace, id: &str) -> Option<usize> {
    ws.plans.iter().position(|p| p.id == id)
}

impl Analysis {
    /// The target under the cursor: a use, or a definition (an indicator's, 专栏's or
    /// table's `id:`, a plan's `title:`).
    pub fn target_at(&self, path: &Path, pos: Position) -> Option<Target> {
        let file = self.file_of(path)?;
        let text = &self.ws.sources.get(file).text;
        let at = super::position::offset(text, pos);
        if let Some(t) = self.index.at(file, at) {
            return Some(t.clone());
        }
        if let Some(t) = self.written_at(path, text, at) {
            return Some(t);
        }
        let inside = |s: Span| s.file == file && s.start as usize <= at && at <= s.end as usize;
        for (p, plan) in self.ws.plans.iter().enumerate() {
            if let Some(i) = plan.indicators().find(|i| inside(i.id.span)) {
                return Some(Target::Indicator(p, i.id.value.clone()));
            }
            if let Some(c) = plan.columns.iter().find(|c| inside(c.id.span)) {
                return Some(Target::Column(p, c.id.value.clone()));
            }
            if let Some(t) = plan.tables.iter().find(|t| inside(t.id.span)) {
                return Some(Target::Table(p, t.id.value.clone()));
            }
            // A plan is defined by its plan.yaml: its title stands for it.
            if inside(plan.title.span) {
                return Some(Target::Plan(p));
            }
        }
        None
    }

    /// Where `target` is defined: the `id:` of an indicator, 专栏 or table; a plan's
    /// plan.yaml, at its title.
    pub fn definition_of(&self, target: &Target) -> Option<Span> {
        let (Target::Indicator(p, _)
        | Target::Column(p, _)
        | Target::Table(p, _)
        | Target::Plan(p)) = target;
        let plan = self.ws.plans.get(*p)?;
        Some(match target {
            Target::Indicator(_, id) => plan.indicator(id)?.1.id.span,
            Target::Column(p, id) => self.column(*p, id)?.id.span,
            Target::Table(p, id) => self.table(*p, id)?.id.span,
            Target::Plan(_) => plan.title.span,
        })
    }

    pub fn column(&self, p: usize, id: &str) -> Option<&Column> {
        let plan = self.ws.plans.get(p)?;
        plan.columns.iter().find(|c| c.id.value == id)
    }

    pub fn table(&self, p: usize, id: &str) -> Option<&IndicatorTable> {
        let plan = self.ws.plans.get(p)?;
        plan.tables.iter().find(|t| t.id.value == id)
    }

    /// textDocument/references: every use of the target under the cursor, across files and
    /// plans, in source order; its definition first when `declaration` is asked for.
    pub fn references(&self, path: &Path, pos: Position, declaration: bool) -> Vec<lsp::Location> {
        let Some(target) = self.target_at(path, pos) else {
            return Vec::new();
        };
        let mut spans: Vec<Span> = self.index.uses_of(&target).collect();
        spans.sort_by_key(|s| (self.ws.sources.get(s.file).path.clone(), s.start));
        spans.dedup();
        let def = self.definition_of(&target).filter(|_| declaration);
        def.into_iter()
            .chain(spans)
            .filter_map(|s| self.location(s))
            .collect()
    }

    /// Hover text for a plan id: the plan's title, stage and period.
    pub fn plan_hover(&self, target: &Target) -> Option<String> {
        let Target::Plan(p) = target else { return None };
        let plan = self.ws.plans.get(*p)?;
        let period = plan.period.as_ref().map_or(String::new(), |s| {
            format!("，{}—{}年", s.value.start, s.value.end)
        });
        Some(format!(
            "**{}**（`{}`）\n\n{}{period}\n\n{}",
            plan.title.value,
            plan.id,
            plan.stage.value.zh(),
            plan.dir.join("plan.yaml").display()
        ))
    }
}
