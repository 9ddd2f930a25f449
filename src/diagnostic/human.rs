//! rustc-style output through codespan-reporting, which aligns carets under CJK text.

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label as CsLabel, Severity as CsSeverity};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, Config};
use std::ops::Range;

use super::{Diagnostic, Diagnostics, Severity};
use crate::source::{FileId, SourceMap};

struct Adapter<'a>(&'a SourceMap);

impl<'a> Files<'a> for Adapter<'a> {
    type FileId = FileId;
    type Name = String;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<String, FilesError> {
        Ok(self.0.path(id).display().to_string())
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        Ok(&self.0.get(id).text)
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, FilesError> {
        let starts = self.0.get(id).line_starts();
        Ok(starts.partition_point(|&s| s <= byte_index).saturating_sub(1))
    }

    fn line_range(&'a self, id: FileId, line_index: usize) -> Result<Range<usize>, FilesError> {
        let file = self.0.get(id);
        let starts = file.line_starts();
        let start = *starts.get(line_index).ok_or(FilesError::LineTooLarge {
            given: line_index,
            max: starts.len().saturating_sub(1),
        })?;
        let end = starts.get(line_index + 1).copied().unwrap_or(file.text.len());
        Ok(start..end)
    }
}

fn convert(d: &Diagnostic) -> CsDiagnostic<FileId> {
    let severity = match d.severity {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Info => CsSeverity::Note,
    };
    let mut labels = vec![CsLabel::primary(d.span.file, d.span.range()).with_message(&d.label)];
    for r in &d.related {
        labels.push(CsLabel::secondary(r.span.file, r.span.range()).with_message(&r.message));
    }
    let mut notes = Vec::new();
    if let Some(h) = &d.hint {
        notes.push(format!("提示：{h}"));
    }
    CsDiagnostic::new(severity)
        .with_code(d.code)
        .with_message(&d.message)
        .with_labels(labels)
        .with_notes(notes)
}

/// Render every diagnostic, rustc-style; `color` adds ANSI colours.
pub fn render_human(sources: &SourceMap, diags: &Diagnostics, color: bool) -> String {
    let files = Adapter(sources);
    let config = Config::default();
    let mut out = Vec::new();
    for d in diags {
        let cs = convert(d);
        let res = if color {
            let mut w = term::termcolor::Ansi::new(&mut out);
            term::emit_to_write_style(&mut w, &config, &files, &cs)
        } else {
            let mut w = term::termcolor::NoColor::new(&mut out);
            term::emit_to_write_style(&mut w, &config, &files, &cs)
        };
        if res.is_err() {
            // A span that no longer fits its file: fall back to a plain line.
            let path = sources.path(d.span.file).display().to_string();
            out.extend(format!("{}[{}]: {} ({path})\n", d.severity.as_str(), d.code, d.message).bytes());
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
