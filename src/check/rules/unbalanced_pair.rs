//! T005: paired punctuation that does not pair up: “”, 《》, （）, 【】, 〔〕, ‘’.

use super::prelude::*;
use crate::check::scan::chars_starting_with;

pub static RULE: Rule = Rule::plan(code::T005, check);

const PAIRS: [(char, char); 6] = [
    ('“', '”'),
    ('‘', '’'),
    ('《', '》'),
    ('（', '）'),
    ('【', '】'),
    ('〔', '〕'),
];

fn check(ctx: &PlanCtx, out: &mut Reporter) {
    for u in &ctx.units {
        let mut stack: Vec<(char, usize)> = Vec::new();
        let mut bad: Vec<(usize, char, &str)> = Vec::new();
        // The twelve start with 0xE2 (“”‘’), 0xE3 (《》【】〔〕) or 0xEF (（）).
        for (i, c) in chars_starting_with(&u.masked, 0xE2, 0xE3, 0xEF) {
            // Other punctuation shares those bytes: one comparison chain rejects it.
            if !matches!(
                c,
                '“' | '”' | '‘' | '’' | '《' | '》' | '（' | '）' | '【' | '】' | '〔' | '〕'
            ) {
                continue;
            }
            if let Some(&(open, _)) = PAIRS.iter().find(|(o, _)| *o == c) {
                stack.push((open, i));
            } else if let Some(&(open, _)) = PAIRS.iter().find(|(_, cl)| *cl == c) {
                match stack.iter().rposition(|(o, _)| *o == open) {
                    // Close the nearest matching opener; openers skipped over are unclosed.
                    Some(pos) => {
                        for (o, j) in stack.drain(pos..).skip(1) {
                            bad.push((j, o, "没有对应的后半"));
                        }
                    }
                    None => bad.push((i, c, "没有对应的前半")),
                }
            }
        }
        bad.extend(stack.into_iter().map(|(o, j)| (j, o, "没有对应的后半")));
        bad.sort();
        for (i, c, what) in bad {
            let partner = PAIRS
                .iter()
                .find(|(o, cl)| *o == c || *cl == c)
                .map_or(' ', |(o, cl)| if *o == c { *cl } else { *o });
            out.report(
                ctx.span(u.text, i..i + c.len_utf8()),
                msg!("`{found}` {what}", found = c, what = what),
            )
            .with_label("不配对")
            .with_hint(format!("补上 `{partner}`，或删去多余的 `{c}`"));
        }
    }
}
