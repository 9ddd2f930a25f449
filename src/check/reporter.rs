//! How a rule reports: through a [`Reporter`] bound to the rule, which stamps every
//! diagnostic with the rule's code and default severity (guihua.yaml may change the severity
//! afterwards), so a rule cannot report under another rule's code.

use super::Rule;
use crate::diagnostic::{Diagnostic, Fix, Message};
use crate::source::Span;

/// What a rule's function reports into.
pub struct Reporter<'a> {
    rule: &'static Rule,
    out: &'a mut Vec<Diagnostic>,
}

impl<'a> Reporter<'a> {
    pub(crate) fn new(rule: &'static Rule, out: &'a mut Vec<Diagnostic>) -> Reporter<'a> {
        Reporter { rule, out }
    }

    /// Report a diagnostic at `span`; the returned builder adds its label, related locations,
    /// hint and fix. `message` is a [`Message`] from `msg!` (typed values) or a finished
    /// sentence (`&str`, `String`).
    pub fn report(&mut self, span: Span, message: impl Into<Message>) -> Report<'_> {
        let rule = self.rule;
        self.out.push(Diagnostic::with_message(
            rule.code,
            rule.severity,
            span,
            message.into(),
        ));
        let last = self.out.len() - 1;
        Report(&mut self.out[last])
    }
}

/// A diagnostic just reported, being completed.
pub struct Report<'a>(&'a mut Diagnostic);

impl Report<'_> {
    pub fn with_label(self, label: impl Into<String>) -> Self {
        self.0.label = label.into();
        self
    }

    pub fn with_hint(self, hint: impl Into<String>) -> Self {
        self.0.hint = Some(hint.into());
        self
    }

    pub fn with_related(self, span: Span, message: impl Into<String>) -> Self {
        self.0.related.push(crate::diagnostic::Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_fix(self, fix: Fix) -> Self {
        self.0.fix = Some(fix);
        self
    }
}
