//! The one diagnostic type every stage reports with, and the output formats that print it.
//! Stages push diagnostics into a [`Diagnostics`] list; nothing here decides what is wrong.

mod github;
mod human;
mod json;
mod message;
mod sarif;

pub use github::render_github;
pub use human::render_human;
pub use json::render_json;
pub(crate) use message::msg;
pub use message::{Applicability, Arg, Edit, Fix, Message, short as short_number};
pub use sarif::render_sarif;

use crate::source::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Info => "提示",
        }
    }
}

/// What guihua.yaml's `rules:` sets a code to: a severity, or off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Off,
    Error,
    Warning,
    Info,
}

impl Level {
    /// Every setting with the word guihua.yaml spells it with.
    pub const ALL: [(Level, &'static str); 4] = [
        (Level::Off, "off"),
        (Level::Error, "error"),
        (Level::Warning, "warning"),
        (Level::Info, "info"),
    ];

    /// The severity to report at; `None` when the code is off.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Info => Some(Severity::Info),
        }
    }
}

/// A secondary location, usually in another file ("declared here").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable code such as `L004`; never reused once released.
    pub code: &'static str,
    pub severity: Severity,
    /// One line, in Chinese.
    pub message: String,
    pub span: Span,
    /// Text shown under the caret.
    pub label: String,
    pub related: Vec<Label>,
    /// What to type instead, when we know.
    pub hint: Option<String>,
    /// The values the message was built from, by name (empty for a finished sentence): see
    /// [`Message`]. Not part of the output formats yet.
    pub args: Vec<(&'static str, Arg)>,
    /// A change that resolves it, when one is known.
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn error(code: &'static str, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(code, Severity::Error, span, message)
    }

    pub fn warning(code: &'static str, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(code, Severity::Warning, span, message)
    }

    pub fn new(
        code: &'static str,
        severity: Severity,
        span: Span,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::with_message(code, severity, span, Message::from(message.into()))
    }

    /// A diagnostic whose message keeps the values it was built from.
    pub fn with_message(
        code: &'static str,
        severity: Severity,
        span: Span,
        message: Message,
    ) -> Diagnostic {
        let (message, args) = message.into_parts();
        Diagnostic {
            code,
            severity,
            message,
            span,
            label: String::new(),
            related: Vec::new(),
            hint: None,
            args,
            fix: None,
        }
    }

    /// The value `name` of the message's template.
    pub fn arg(&self, name: &str) -> Option<&Arg> {
        self.args.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    pub fn with_fix(mut self, fix: Fix) -> Diagnostic {
        self.fix = Some(fix);
        self
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = label.into();
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_related(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.related.push(Label {
            span,
            message: message.into(),
        });
        self
    }
}

/// An ordered collection of diagnostics.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.items.iter()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }

    /// Sort by file path, position, then code, so output is stable whatever order stages
    /// ran in and reads like the workspace tree.
    pub fn sort(&mut self, sources: &crate::source::SourceMap) {
        self.items.sort_by(|a, b| {
            (sources.path(a.span.file), a.span.start, a.code, &a.message).cmp(&(
                sources.path(b.span.file),
                b.span.start,
                b.code,
                &b.message,
            ))
        });
        self.items.dedup();
    }

    /// Errors and warnings only: what build and release print (hints stay with check).
    pub fn without_infos(&self) -> Diagnostics {
        Diagnostics {
            items: self
                .items
                .iter()
                .filter(|d| d.severity != Severity::Info)
                .cloned()
                .collect(),
        }
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }

    /// Keep the diagnostics located (by their own span or one of their labels) in a file
    /// for which `keep` holds.
    pub fn retain_files(&mut self, mut keep: impl FnMut(crate::source::FileId) -> bool) {
        self.items
            .retain(|d| keep(d.span.file) || d.related.iter().any(|l| keep(l.span.file)));
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

/// One-line summary in Chinese, e.g. "2 个错误，1 个警告".
pub fn summary(diags: &Diagnostics) -> String {
    let e = diags.count(Severity::Error);
    let w = diags.count(Severity::Warning);
    let i = diags.count(Severity::Info);
    if e + w + i == 0 {
        return "未发现问题".to_string();
    }
    let mut parts = vec![format!("{e} 个错误"), format!("{w} 个警告")];
    if i > 0 {
        parts.push(format!("{i} 条提示"));
    }
    parts.join("，")
}
