//! T006: half-width punctuation inside Chinese sentences and headings (GB/T 15834).

use super::prelude::*;
use crate::check::units::has;
use crate::check::units::{MASK, is_cjk};

pub static RULE: Rule = Rule::plan(code::T006, check);

fn full_width(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '?' => '？',
        '!' => '！',
        '(' => '（',
        ')' => '）',
        '.' => '。',
        '"' => '“',
        _ => return None,
    })
}

/// Whether `s` holds a character the rule could flag, by a scan of its bytes: one of the
/// half-width marks, where a full stop right after a digit (a decimal point, the usual case)
/// does not count.
fn may_flag(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter().enumerate().any(|(i, &x)| {
        matches!(x, b',' | b';' | b':' | b'?' | b'!' | b'(' | b')' | b'"')
            || x == b'.' && !(i > 0 && b[i - 1].is_ascii_digit())
    })
}

fn check(ctx: &PlanCtx, out: &mut Reporter) {
    for u in (ctx.units.iter()).filter(|u| u.has_any(has::ASCII_PUNCT) && may_flag(&u.masked)) {
        let chars: Vec<(usize, char)> = u.char_indices().collect();
        for (k, &(i, c)) in chars.iter().enumerate() {
            let Some(fw) = full_width(c) else { continue };
            let prev = chars[..k].iter().rev().map(|x| x.1).find(|c| *c != ' ');
            let next = chars[k + 1..].iter().map(|x| x.1).find(|c| *c != ' ');
            let cjk = |c: Option<char>| c.is_some_and(|c| is_cjk(c) || c == MASK);
            let flagged = match c {
                // A full stop only after a Han character at the end of a clause, never in numbers.
                '.' => cjk(prev) && !next.is_some_and(|n| n.is_ascii_alphanumeric()),
                ':' => {
                    (cjk(prev) || cjk(next))
                        && !(prev.is_some_and(|p| p.is_ascii_digit())
                            && next.is_some_and(|n| n.is_ascii_digit()))
                }
                // Brackets go by pair: Chinese inside, or Chinese on both sides.
                '(' => paren_flagged(&chars, k),
                ')' => match chars[..k].iter().rposition(|x| x.1 == '(') {
                    Some(open) => paren_flagged(&chars, open),
                    None => cjk(prev) || cjk(next),
                },
                _ => cjk(prev) || cjk(next),
            };
            if flagged {
                let fw = if c == '"' && chars[..k].iter().filter(|x| x.1 == '"').count() % 2 == 1 {
                    '”'
                } else {
                    fw
                };
                out.report(
                    ctx.span(u.text, i..i + 1),
                    msg!("中文语境中使用了半角标点 `{found}`", found = c),
                )
                .with_label("半角标点")
                .with_hint(format!("改为全角 `{fw}`"))
                .with_edit(ctx.edit(u.text, i..i + 1, fw), format!("改为“{fw}”"));
            }
        }
    }
}

/// Whether the half-width bracket pair opening at `open` sits in Chinese text.
fn paren_flagged(chars: &[(usize, char)], open: usize) -> bool {
    let cjk = |c: Option<char>| c.is_some_and(|c| is_cjk(c) || c == MASK);
    let Some(close) = chars[open + 1..]
        .iter()
        .position(|x| x.1 == ')')
        .map(|p| p + open + 1)
    else {
        return cjk(chars.get(open + 1).map(|x| x.1))
            || cjk(open.checked_sub(1).map(|p| chars[p].1));
    };
    let inner = chars[open + 1..close].iter().any(|x| is_cjk(x.1));
    let before = chars[..open].iter().rev().map(|x| x.1).find(|c| *c != ' ');
    let after = chars[close + 1..].iter().map(|x| x.1).find(|c| *c != ' ');
    inner || (cjk(before) && cjk(after))
}
