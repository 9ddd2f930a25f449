//! The rules, one line each. Adding a rule touches its entry in data/codes.md, its module,
//! its fixtures under tests/fixtures/rules/<CODE>/ and this table — nothing else.

mod base_year;
mod cjk_digit_space;
mod column_citation;
mod consultation;
mod conversion_junk;
mod count_mismatch;
mod count_structure;
mod doubled_word;
mod duplicate_item;
mod duplicate_paragraph;
mod empty_target;
mod feedback;
mod figure_mismatch;
mod foreign_county;
mod foreign_self_reference;
mod fullwidth_digit;
mod glossary;
mod growth_claim;
mod halfwidth_punctuation;
pub(crate) mod jurisdiction;
mod latin_word;
mod lookalike;
mod name_variants;
mod other_division;
mod parent_period;
mod parent_region;
mod parent_relation;
mod placeholder;
mod plan_citation;
mod punct_space;
mod range_dash;
mod region_known;
mod same_base_year;
mod skeleton_text;
mod sum_relation;
mod target_below_base;
mod target_year;
mod title_number;
mod typed_numbering;
mod unbalanced_bold;
mod unbalanced_pair;

use super::Rule;

/// In code order.
pub static RULES: &[&Rule] = &[
    &feedback::UNCHANGED,
    &feedback::ANSWER,
    &feedback::GONE,
    &feedback::UNKNOWN,
    &feedback::PENDING,
    &feedback::NO_RELEASE,
    &figure_mismatch::RULE,
    &figure_mismatch::UNREFERENCED,
    &growth_claim::RULE,
    &base_year::RULE,
    &target_year::RULE,
    &target_below_base::RULE,
    &empty_target::RULE,
    &sum_relation::RULE,
    &sum_relation::SHARES,
    &foreign_self_reference::RULE,
    &other_division::RULE,
    &foreign_county::RULE,
    &region_known::RULE,
    &glossary::RULE,
    &name_variants::RULE,
    &consultation::RULE,
    &consultation::MISSING,
    &count_mismatch::RULE,
    &duplicate_item::RULE,
    &duplicate_paragraph::RULE,
    &column_citation::RULE,
    &typed_numbering::RULE,
    &title_number::RULE,
    &placeholder::RULE,
    &conversion_junk::RULE,
    &doubled_word::RULE,
    &latin_word::RULE,
    &unbalanced_pair::RULE,
    &halfwidth_punctuation::RULE,
    &range_dash::RULE,
    &fullwidth_digit::RULE,
    &cjk_digit_space::RULE,
    &punct_space::RULE,
    &lookalike::ACRONYM,
    &lookalike::STRAY_SYMBOL,
    &unbalanced_bold::RULE,
    &skeleton_text::RULE,
    &parent_relation::RULE,
    &parent_period::RULE,
    &parent_region::RULE,
    &plan_citation::RULE,
    &same_base_year::RULE,
];

/// What every rule module uses: `use super::prelude::*;`.
mod prelude {
    pub(crate) use crate::check::{PlanCtx, Reporter, Rule, code};
    pub(crate) use crate::diagnostic::msg;
}
