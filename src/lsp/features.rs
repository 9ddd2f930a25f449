//! What the server answers about one document: diagnostics in LSP form, hover on `{{id.field}}`,
//! on 专栏 / table placements and on ids, go to definition, completion (ids, fields, stages),
//! and code actions from fixes. What an id stands for is found in [`super::navigate`].

use std::path::{Path, PathBuf};

use lsp_types as lsp;
use lsp_types::{Position, Uri};

use super::navigate::{Index, Target};
use super::position::{offset, range, uri_of};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::inline::{INDICATOR_FIELDS, PLAN_FIELDS, resolve};
use crate::model::{Plan, Stage, Workspace};
use crate::source::{FileId, Span};

/// A checked workspace and where it lives.
pub struct Analysis {
    pub root: PathBuf,
    pub ws: Workspace,
    pub diags: Vec<Diagnostic>,
    /// Every use of every id, for definition, references and hover.
    pub index: Index,
}

impl Analysis {
    pub fn full_path(&self, file: FileId) -> PathBuf {
        self.root.join(&self.ws.sources.get(file).path)
    }

    pub fn file_of(&self, path: &Path) -> Option<FileId> {
        (0..self.ws.sources.len() as u32)
            .map(FileId)
            .find(|&f| self.full_path(f) == path)
    }

    pub fn plan_of(&self, path: &Path) -> Option<&Plan> {
        self.plan_index_of(path).map(|p| &self.ws.plans[p])
    }

    pub fn location(&self, span: Span) -> Option<lsp::Location> {
        let text = &self.ws.sources.get(span.file).text;
        Some(lsp::Location::new(
            uri_of(&self.full_path(span.file))?,
            range(text, span.start as usize, span.end as usize),
        ))
    }

    /// Every workspace file with its diagnostics (files without any get an empty list).
    pub fn diagnostics_by_file(&self) -> Vec<(PathBuf, Vec<lsp::Diagnostic>)> {
        let mut out: Vec<(PathBuf, Vec<lsp::Diagnostic>)> = (0..self.ws.sources.len() as u32)
            .map(|f| (self.full_path(FileId(f)), Vec::new()))
            .collect();
        for d in &self.diags {
            let text = &self.ws.sources.get(d.span.file).text;
            let mut message = d.message.clone();
            if let Some(h) = &d.hint {
                message.push_str(&format!("\n提示：{h}"));
            }
            let severity = match d.severity {
                Severity::Error => lsp::DiagnosticSeverity::ERROR,
                Severity::Warning => lsp::DiagnosticSeverity::WARNING,
                Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
            };
            if let Some((_, list)) = out.get_mut(d.span.file.0 as usize) {
                list.push(lsp::Diagnostic {
                    range: range(text, d.span.start as usize, d.span.end as usize),
                    severity: Some(severity),
                    code: Some(lsp::NumberOrString::String(d.code.to_string())),
                    source: Some("guihua".into()),
                    message,
                    ..Default::default()
                });
            }
        }
        out
    }

    /// The document's text and the byte offset of `pos` in it.
    fn at(&self, path: &Path, pos: Position) -> Option<(FileId, &str, usize)> {
        let file = self.file_of(path)?;
        let text = self.ws.sources.get(file).text.as_str();
        Some((file, text, offset(text, pos)))
    }

    /// The index of the plan whose directory holds `path`.
    pub fn plan_index_of(&self, path: &Path) -> Option<usize> {
        (self.ws.plans.iter()).position(|p| path.starts_with(self.root.join(&p.dir)))
    }

    /// A target written at byte `at` of the document outside an indexed id: on the braces or
    /// the field of `{{id.field}}`, or on the key of a `column:` / `table:` placement.
    pub fn written_at(&self, path: &Path, text: &str, at: usize) -> Option<Target> {
        let p = self.plan_index_of(path)?;
        let plan = &self.ws.plans[p];
        if let Some((key, _)) = reference_at(text, at) {
            let head = key.split_once('.').map_or(key, |(h, _)| h);
            return plan
                .indicator(head)
                .map(|_| Target::Indicator(p, head.to_string()));
        }
        let (kind, id, _) = placement_at(text, at)?;
        Some(match kind {
            "column" => Target::Column(p, id.to_string()),
            _ => Target::Table(p, id.to_string()),
        })
    }

    pub fn hover(&self, path: &Path, pos: Position) -> Option<lsp::Hover> {
        let (_, text, at) = self.at(path, pos)?;
        let target = self.target_at(path, pos)?;
        let markdown = match &target {
            Target::Indicator(p, id) => {
                let plan = &self.ws.plans[*p];
                let (table, ind) = plan.indicator(id)?;
                let key = reference_at(text, at)
                    .map(|(k, _)| k)
                    .filter(|k| k.split_once('.').map_or(*k, |(h, _)| h) == id);
                let base = ind
                    .base
                    .as_ref()
                    .map_or("—".into(), |b| b.value.to_string());
                let row = format!(
                    "{}：基期 {base}，目标 {}{}\n\n表{} {}",
                    ind.name.value,
                    ind.target.value,
                    ind.unit.value,
                    table.number,
                    table.title.value
                );
                let head = match key {
                    Some(key) => {
                        let value =
                            resolve(plan, key).unwrap_or_else(|e| format!("（{}）", e.message));
                        let field = key.split_once('.').map_or("", |(_, f)| f);
                        let unit = if matches!(field, "target" | "base") {
                            ind.unit.value.as_str()
                        } else {
                            ""
                        };
                        format!("**{value}{unit}**（`{key}`）")
                    }
                    None => format!("**{}**（`{}`）", ind.name.value, ind.id.value),
                };
                let other = self.plan_index_of(path) != Some(*p);
                let from = if other {
                    format!("\n\n规划 `{}`：{}", plan.id, plan.title.value)
                } else {
                    String::new()
                };
                format!("{head}\n\n{row}{from}")
            }
            Target::Column(p, id) => {
                let c = self.column(*p, id)?;
                format!("专栏{} {}", c.number, c.title.value)
            }
            Target::Table(p, id) => {
                let t = self.table(*p, id)?;
                format!("表{} {}", t.number, t.title.value)
            }
            Target::Plan(_) => self.plan_hover(&target)?,
        };
        Some(lsp::Hover {
            contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value: markdown,
            }),
            range: None,
        })
    }

    pub fn definition(&self, path: &Path, pos: Position) -> Option<lsp::Location> {
        let target = self.target_at(path, pos)?;
        self.location(self.definition_of(&target)?)
    }

    pub fn completion(&self, path: &Path, pos: Position) -> Vec<lsp::CompletionItem> {
        let Some((_, text, at)) = self.at(path, pos) else {
            return Vec::new();
        };
        let line = &text[text[..at].rfind('\n').map_or(0, |i| i + 1)..at];
        let item = |label: &str, detail: String| lsp::CompletionItem {
            label: label.to_string(),
            detail: Some(detail),
            ..Default::default()
        };
        // `stage:` (plan.yaml): the stages of the model, in order.
        if line.trim_start().starts_with("stage:") {
            return (Stage::ALL.iter().enumerate())
                .map(|(i, s)| lsp::CompletionItem {
                    sort_text: Some(format!("{i}")),
                    ..item(s.zh(), "规划阶段".into())
                })
                .collect();
        }
        let Some(plan) = self.plan_of(path) else {
            return Vec::new();
        };
        if let Some(open) = line.rfind("{{").filter(|&o| !line[o..].contains("}}")) {
            let inner = &line[open + 2..];
            return match inner.split_once('.') {
                Some(("plan", _)) => PLAN_FIELDS
                    .iter()
                    .map(|f| item(f, "规划字段".into()))
                    .collect(),
                Some(_) => INDICATOR_FIELDS
                    .iter()
                    .map(|f| item(f, "指标字段".into()))
                    .collect(),
                None => std::iter::once(item("plan", "规划本身".into()))
                    .chain(plan.tables.iter().flat_map(|t| {
                        t.indicators().map(move |i| {
                            item(&i.id.value, format!("{}（表{}）", i.name.value, t.number))
                        })
                    }))
                    .collect(),
            };
        }
        let head = line.trim_start().trim_start_matches("- ");
        if head.starts_with("column:") {
            return (plan.columns.iter())
                .map(|c| item(&c.id.value, format!("专栏{} {}", c.number, c.title.value)))
                .collect();
        }
        if head.starts_with("table:") {
            return (plan.tables.iter())
                .map(|t| item(&t.id.value, format!("表{} {}", t.number, t.title.value)))
                .collect();
        }
        Vec::new()
    }

    /// A quick fix for every diagnostic with a fix touching `want` in the document; for a
    /// diagnostic there whose rule has none, a disabled action that says so.
    // lsp-types keys `WorkspaceEdit::changes` by `Uri`, whose cache clippy takes for mutability.
    #[allow(clippy::mutable_key_type)]
    pub fn code_actions(&self, path: &Path, want: lsp::Range) -> Vec<lsp::CodeAction> {
        let Some(file) = self.file_of(path) else {
            return Vec::new();
        };
        let text = &self.ws.sources.get(file).text;
        let (a, b) = (offset(text, want.start), offset(text, want.end));
        let mut out = Vec::new();
        for d in self.diags.iter().filter(|d| d.span.file == file) {
            let (s, e) = (d.span.start as usize, d.span.end as usize);
            if !(s <= b && a <= e) {
                continue;
            }
            let Some(fix) = &d.fix else {
                out.push(lsp::CodeAction {
                    title: format!("{}：这条规则没有自动修复", d.code),
                    disabled: Some(lsp::CodeActionDisabled {
                        reason: format!(
                            "{} 需要手工修改：{}",
                            d.code,
                            d.hint.clone().unwrap_or_default()
                        ),
                    }),
                    ..Default::default()
                });
                continue;
            };
            let mut changes = std::collections::HashMap::<Uri, Vec<lsp::TextEdit>>::new();
            for edit in &fix.edits {
                let t = &self.ws.sources.get(edit.span.file).text;
                let Some(uri) = uri_of(&self.full_path(edit.span.file)) else {
                    continue;
                };
                changes.entry(uri).or_default().push(lsp::TextEdit {
                    range: range(t, edit.span.start as usize, edit.span.end as usize),
                    new_text: edit.replacement.clone(),
                });
            }
            let safe = fix.safety == crate::diagnostic::Applicability::Safe;
            let care = if safe { "" } else { "（需人工确认）" };
            out.push(lsp::CodeAction {
                title: format!("{}：{}{care}", d.code, fix.message),
                kind: Some(lsp::CodeActionKind::QUICKFIX),
                is_preferred: Some(safe),
                edit: Some(lsp::WorkspaceEdit {
                    changes: Some(changes),
                    ..Default::default()
                }),
                ..Default::default()
            });
        }
        out
    }
}

/// The reference `{{key}}` around byte `at` of `text`, on its line: the key and its range.
fn reference_at(text: &str, at: usize) -> Option<(&str, std::ops::Range<usize>)> {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    // The cursor may stand on the first brace: look two bytes on (on a character boundary).
    let mut end = (at + 2).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let open = text[line_start..end].rfind("{{")? + line_start;
    let close = text[open..].find("}}")? + open;
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    (at <= close + 2 && close <= line_end).then(|| (text[open + 2..close].trim(), open..close + 2))
}

/// A `column: id` or `table: id` placement on the line of byte `at`.
fn placement_at(text: &str, at: usize) -> Option<(&'static str, &str, usize)> {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = text[line_start..line_end]
        .trim_start()
        .trim_start_matches("- ");
    for kind in ["column", "table"] {
        if let Some(id) = line.strip_prefix(kind).and_then(|r| r.strip_prefix(':')) {
            let id = id.trim();
            return Some((kind, id, line_start));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_and_placements_under_the_cursor() {
        let text = "  - 达到{{va.target}}亿元\n  - column: projects\n";
        let at = text.find("va.").unwrap() + 1;
        assert_eq!(reference_at(text, at).map(|r| r.0), Some("va.target"));
        assert_eq!(
            reference_at(text, text.find("{{").unwrap()).map(|r| r.0),
            Some("va.target")
        );
        assert_eq!(reference_at(text, text.find('达').unwrap()), None);
        let p = text.find("projects").unwrap();
        assert_eq!(
            placement_at(text, p).map(|x| (x.0, x.1)),
            Some(("column", "projects"))
        );
        assert_eq!(placement_at(text, 3), None);
    }
}
