//! T005: paired punctuation that does not pair up: “”, 《》, （）, 【】, 〔〕, ‘’.

use super::report;
use crate::check::scan::chars_starting_with;
use crate::check::{PlanCtx, Rule, Scope};
use crate::diagnostic::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "T005",
    name: "unbalanced-pair",
    severity: Severity::Error,
    summary: "成对标点不配对",
    explanation: "引号、书名号、括号必须成对出现（GB/T 15834）。修改时删掉一半，读者就无法判断引文或书名的范围。检查在每个段落、标题、条目内进行。",
    bad: "- 打造国际一流的康养旅游目的地”。",
    good: "- 打造“国际一流的康养旅游目的地”。",
    scope: Scope::Plan(check),
};

const PAIRS: [(char, char); 6] = [
    ('“', '”'),
    ('‘', '’'),
    ('《', '》'),
    ('（', '）'),
    ('【', '】'),
    ('〔', '〕'),
];

fn check(ctx: &PlanCtx, out: &mut Vec<Diagnostic>) {
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
            out.push(
                report(
                    &RULE,
                    ctx.span(u.text, i..i + c.len_utf8()),
                    format!("`{c}` {what}"),
                )
                .with_label("不配对")
                .with_hint(format!("补上 `{partner}`，或删去多余的 `{c}`")),
            );
        }
    }
}
