//! Machine-readable output: one JSON document with every diagnostic and a summary.
//! Positions are 1-based; columns count characters.

use serde::Serialize;

use super::{Diagnostics, Severity};
use crate::source::{SourceMap, Span};

#[derive(Serialize)]
pub(crate) struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl Location {
    pub(crate) fn of(sources: &SourceMap, span: Span) -> Location {
        let f = sources.get(span.file);
        let (line, column) = f.line_col(span.start as usize);
        let (end_line, end_column) = f.line_col(span.end as usize);
        Location {
            file: path_string(sources, span),
            line,
            column,
            end_line,
            end_column,
        }
    }
}

/// Paths in output always use `/`, whatever the platform.
pub(crate) fn path_string(sources: &SourceMap, span: Span) -> String {
    sources
        .shown_path(span.file)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[derive(Serialize)]
struct Related {
    #[serde(flatten)]
    location: Location,
    message: String,
}

#[derive(Serialize)]
struct Item<'a> {
    code: &'a str,
    severity: Severity,
    message: &'a str,
    #[serde(flatten)]
    location: Location,
    label: &'a str,
    hint: Option<&'a str>,
    related: Vec<Related>,
    /// Only when the diagnostic has one, so that output without fixes keeps its shape.
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<FixItem>,
}

#[derive(Serialize)]
struct EditItem {
    #[serde(flatten)]
    location: Location,
    replacement: String,
}

#[derive(Serialize)]
struct FixItem {
    message: String,
    safety: super::Applicability,
    edits: Vec<EditItem>,
}

fn fix_item(sources: &SourceMap, fix: &super::Fix) -> FixItem {
    FixItem {
        message: fix.message.clone(),
        safety: fix.safety,
        edits: fix
            .edits
            .iter()
            .map(|e| EditItem {
                location: Location::of(sources, e.span),
                replacement: e.replacement.clone(),
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct Summary {
    errors: usize,
    warnings: usize,
    infos: usize,
}

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    diagnostics: Vec<Item<'a>>,
    summary: Summary,
}

pub fn render_json(sources: &SourceMap, diags: &Diagnostics) -> String {
    let report = Report {
        version: 1,
        diagnostics: diags
            .iter()
            .map(|d| Item {
                code: d.code,
                severity: d.severity,
                message: &d.message,
                location: Location::of(sources, d.span),
                label: &d.label,
                hint: d.hint.as_deref(),
                related: d
                    .related
                    .iter()
                    .map(|r| Related {
                        location: Location::of(sources, r.span),
                        message: r.message.clone(),
                    })
                    .collect(),
                fix: d.fix.as_ref().map(|f| fix_item(sources, f)),
            })
            .collect(),
        summary: Summary {
            errors: diags.count(Severity::Error),
            warnings: diags.count(Severity::Warning),
            infos: diags.count(Severity::Info),
        },
    };
    let mut s = serde_json::to_string_pretty(&report).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}
