//! The registry: one line per rule. Adding a rule touches its module, its fixtures under
//! tests/fixtures/rules/<CODE>/ and this table — nothing else.

mod count_mismatch;
mod cjk_digit_space;
mod column_citation;
mod conversion_junk;
mod doubled_word;
mod duplicate_item;
mod duplicate_paragraph;
mod foreign_county;
mod foreign_self_reference;
mod fullwidth_digit;
pub(crate) mod jurisdiction;
mod halfwidth_punctuation;
mod latin_word;
mod other_division;
mod placeholder;
mod range_dash;
mod typed_numbering;
mod unbalanced_pair;

use super::Rule;

pub static RULES: &[&Rule] = &[
    &foreign_self_reference::RULE,
    &other_division::RULE,
    &foreign_county::RULE,
    &count_mismatch::RULE,
    &duplicate_item::RULE,
    &duplicate_paragraph::RULE,
    &column_citation::RULE,
    &typed_numbering::RULE,
    &placeholder::RULE,
    &conversion_junk::RULE,
    &doubled_word::RULE,
    &latin_word::RULE,
    &unbalanced_pair::RULE,
    &halfwidth_punctuation::RULE,
    &range_dash::RULE,
    &fullwidth_digit::RULE,
    &cjk_digit_space::RULE,
];

/// A diagnostic of `rule` at its default severity (guihua.yaml may change it later).
pub(crate) fn report(rule: &Rule, span: crate::source::Span, message: impl Into<String>) -> crate::diagnostic::Diagnostic {
    crate::diagnostic::Diagnostic::new(rule.code, rule.severity, span, message)
}
