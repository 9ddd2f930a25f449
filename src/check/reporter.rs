//! How a rule reports: through a [`Reporter`] bound to the rule, which stamps every
//! diagnostic with the rule's code and default severity (guihua.yaml may change the severity
//! afterwards), so a rule cannot report under another rule's code.

use super::Rule;
use crate::diagnostic::{Diagnostic, Edit, Fix, Message};
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
        Report(&mut self.out[last], rule)
    }
}

/// A diagnostic just reported, being completed.
pub struct Report<'a>(&'a mut Diagnostic, &'static Rule);

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

    /// A fix of one edit, of the kind the rule declares in data/codes.md (`fix:`); nothing
    /// when there is no edit (the source under the span is not the text, see
    /// [`super::PlanCtx::edit`]) or the rule declares no fix.
    pub fn with_edit(self, edit: Option<Edit>, message: impl Into<String>) -> Self {
        let Some(safety) = self.1.info.fix else {
            debug_assert!(false, "{} declares `fix: none`", self.1.code);
            return self;
        };
        match edit {
            Some(edit) => self.with_fix(Fix {
                edits: vec![edit],
                safety,
                message: message.into(),
            }),
            None => self,
        }
    }
}
