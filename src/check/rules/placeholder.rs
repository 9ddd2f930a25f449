//! T001: placeholders and unresolved marks left in the text.

use super::prelude::*;
use crate::check::UnitKind;
use crate::check::units::{find_words, has};

pub static RULE: Rule = Rule::plan(code::T001, check);

/// Filler marks; editors' marks; notes to fill in later; boxes and full-width hashes.
#[rustfmt::skip]
const MARKS: &[&str] = &[
    "##", "XX", "××", "xx",
    "TODO", "FIXME", "TBD",
    "待定", "待补充", "待完善", "待核实", "待确认", "此处插入",
    "□□", "＃＃",
];

fn check(ctx: &PlanCtx, out: &mut Reporter) {
    for u in &ctx.units {
        let s: &str = &u.masked;
        let mut found: Vec<(usize, &str)> = Vec::new();
        // Every mark starts with a character flagged MARK (see the test below).
        for (i, k) in find_words(u, has::MARK, MARKS) {
            let m = MARKS[k];
            // Latin marks only count on their own (not inside words such as "XXL" or "xxx.com").
            let latin = m.chars().all(|c| c.is_ascii_alphabetic());
            let before = s[..i].chars().next_back();
            let after = s[i + m.len()..].chars().next();
            let isolated = !latin
                || (!before.is_some_and(|c| c.is_ascii_alphanumeric())
                    && !after.is_some_and(|c| c.is_ascii_alphanumeric()));
            if isolated {
                found.push((i, m));
            }
        }
        if u.kind == UnitKind::TableCell {
            for q in ["？", "?"] {
                if let Some(i) = s.find(q) {
                    found.push((i, q));
                }
            }
        }
        found.sort();
        for (i, m) in found {
            out.report(
                ctx.span(u.text, i..i + m.len()),
                msg!("残留占位符 `{found}`", found = m),
            )
            .with_label("占位符")
            .with_hint("填入实际内容；数字请写在指标表中并用 {{指标id.target}} 引用");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The unit filter never hides a mark: every mark starts with a MARK character.
    #[test]
    fn marks_start_with_flagged_characters() {
        let text = |value: &str| crate::model::Text {
            value: value.into(),
            span: Default::default(),
        };
        for m in MARKS {
            let first: String = m.chars().take(1).collect();
            let t = text(&first);
            let u = crate::check::units::collect_one(&t);
            assert!(u.has_any(has::MARK), "{m}");
        }
    }
}
