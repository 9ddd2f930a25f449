//! T007: ranges written with the wrong mark (GB/T 15835): years take "—", numbers "～".

use crate::check::scan::{number_end, numbers, space_len};

use super::prelude::*;
use crate::check::units::has;
use crate::check::units::is_cjk;

pub static RULE: Rule = Rule::plan(code::T007, check);

const SEPARATORS: &[char] = &['-', '~', '～', '－', '–', '—'];

/// A number, a separator and a number (`2021-2025`, `3 ~ 5`).
struct Range {
    all: std::ops::Range<usize>,
    a: std::ops::Range<usize>,
    sep: std::ops::Range<usize>,
    b: std::ops::Range<usize>,
}

/// Every range written as two numbers around a separator, left to right.
fn ranges(s: &str) -> Vec<Range> {
    let bytes = s.as_bytes();
    let skip_space = |at: usize| at + space_len(&s[at..]);
    let mut out = Vec::new();
    // Where scanning resumes: after the last range.
    let mut resume = 0;
    for a in numbers(bytes) {
        if a.start < resume {
            continue;
        }
        let sep_at = skip_space(a.end);
        let Some(sep) = s[sep_at..]
            .chars()
            .next()
            .filter(|c| SEPARATORS.contains(c))
        else {
            continue;
        };
        let sep = sep_at..sep_at + sep.len_utf8();
        let b_at = skip_space(sep.end);
        if !bytes.get(b_at).is_some_and(u8::is_ascii_digit) {
            continue;
        }
        let b = b_at..number_end(bytes, b_at);
        resume = b.end;
        out.push(Range {
            all: a.start..b.end,
            a,
            sep,
            b,
        });
    }
    out
}

fn is_year(s: &str) -> bool {
    s.len() == 4 && s.parse::<u32>().is_ok_and(|y| (1900..=2100).contains(&y))
}

fn check(ctx: &PlanCtx, out: &mut Reporter) {
    for u in ctx.units.iter().filter(|u| u.has_any(has::DIGIT)) {
        let s: &str = &u.masked;
        for r in ranges(s) {
            let (all, a, sep, b) = (
                &s[r.all.clone()],
                &s[r.a.clone()],
                &s[r.sep.clone()],
                &s[r.b.clone()],
            );
            let before = s[..r.all.start].chars().next_back();
            let after = s[r.all.end..].chars().next();
            // Chains (4-3-2-3, 2021-09-30, 0335-1234-5678), codes (G228-1) and non-Chinese context.
            let chained = before.is_some_and(|c| {
                c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '.' | '—' | '～')
            }) || after
                .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '—' | '～'));
            let chinese = before.is_some_and(is_cjk) || after.is_some_and(is_cjk);
            if chained || !chinese || a.starts_with('0') {
                continue;
            }
            let years = is_year(a) && is_year(b) && b > a;
            // 2021-09: a year and a month, not a range.
            let year_month =
                is_year(a) && b.len() == 2 && b.parse::<u32>().is_ok_and(|m| (1..=12).contains(&m));
            let want = if years { "—" } else { "～" };
            if year_month || sep == want {
                continue;
            }
            let fixed = format!("{}{want}{}", a, b);
            let what = if years {
                "年份范围"
            } else {
                "数值范围"
            };
            out.report(
                ctx.span(u.text, r.sep.clone()),
                msg!(
                    "{what}“{found}”应使用“{expected}”",
                    what = what,
                    found = all,
                    expected = want
                ),
            )
            .with_label("连接号")
            .with_hint(format!("改为 `{fixed}`"))
            .with_edit(
                ctx.edit(u.text, r.sep.clone(), want),
                format!("改为“{fixed}”"),
            );
        }
    }
}
