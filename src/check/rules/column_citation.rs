//! S004: prose that cites 专栏N / 表N must match the generated numbering.

use super::prelude::*;
use crate::check::scan::space_len;
use crate::check::units::{has, is_han};

pub static RULE: Rule = Rule::plan(code::S004, check);

/// A citation: "专栏3", "表 1".
struct Citation {
    all: std::ops::Range<usize>,
    is_column: bool,
    number: std::ops::Range<usize>,
}

/// Every "专栏N" and "表N" in `s`, left to right.
fn citations(s: &str) -> Vec<Citation> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = s[from..].find(['专', '表']).map(|i| from + i) {
        let (is_column, word) = if s[at..].starts_with("专栏") {
            (true, "专栏")
        } else if s[at..].starts_with('表') {
            (false, "表")
        } else {
            from = at + '专'.len_utf8();
            continue;
        };
        let after = &s[at + word.len()..];
        let digits_at = at + word.len() + space_len(after);
        let digits = s[digits_at..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        if digits == 0 {
            from = at + word.len();
            continue;
        }
        let number = digits_at..digits_at + digits;
        from = number.end;
        out.push(Citation {
            all: at..number.end,
            is_column,
            number,
        });
    }
    out
}

fn check(ctx: &PlanCtx, out: &mut Reporter) {
    let plan = ctx.plan;
    let columns: Vec<&crate::model::Column> = plan
        .columns
        .iter()
        .filter(|c| c.number.is_placed())
        .collect();
    let tables: Vec<&crate::model::IndicatorTable> = plan
        .tables
        .iter()
        .filter(|t| t.number.is_placed())
        .collect();
    // A citation carries an ASCII digit.
    for u in (ctx.units.iter()).filter(|u| u.kind.is_prose() && u.has_any(has::DIGIT)) {
        let s: &str = &u.masked;
        for c in citations(s) {
            let all = c.all.clone();
            let Ok(n) = s[c.number.clone()].parse::<usize>() else {
                continue;
            };
            let is_column = c.is_column;
            // "表" inside a word (代表1名, 发表2篇) is not a citation.
            if !is_column {
                let prev = s[..all.start].chars().next_back();
                if prev.is_some_and(|p| is_han(p) && !"见如照据按在与和及、".contains(p))
                {
                    continue;
                }
            }
            let span = ctx.span(u.text, all.clone());
            let (count, what) = if is_column {
                (columns.len(), "专栏")
            } else {
                (tables.len(), "表")
            };
            if n == 0 || n > count {
                out.report(
                    span,
                    msg!("引用了不存在的{what}{number}", what = what, number = n),
                )
                .with_label(format!("本规划只有 {count} 个{what}"))
                .with_hint(format!(
                    "核对编号（{what}1—{what}{count}）；编号由放置顺序生成，插入或删除后会变化"
                ));
                continue;
            }
            if is_column {
                // A title right after the number must be that column's title.
                let after = s[all.end..].trim_start_matches([' ', '　', '“']);
                let target = columns[n - 1];
                if after.starts_with(&target.title.value) {
                    continue;
                }
                if let Some(other) = columns.iter().find(|c| {
                    c.number != crate::model::Placement::At(n) && after.starts_with(&c.title.value)
                }) {
                    out.report(
                        span,
                        msg!(
                            "“专栏{number}”的标题是“{expected}”，这里写的“{found}”是专栏{found_number}",
                            number = n,
                            expected = &target.title.value,
                            found = &other.title.value,
                            found_number = other.number
                        ),
                    )
                    .with_label("编号与标题不符")
                    .with_related(other.title.span, format!("专栏{}", other.number))
                    .with_hint(format!("改为“专栏{}”", other.number))
                    .with_edit(
                        ctx.edit(u.text, c.number.clone(), other.number.to_string()),
                        format!("改为“专栏{}”", other.number),
                    );
                }
            }
        }
    }
}
