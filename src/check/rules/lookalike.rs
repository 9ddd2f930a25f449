//! T011: a digit written for a letter in a Latin acronym (1CU for ICU, C0VID for COVID);
//! T012: a stray symbol inside a Chinese name (北戴河▪生命科学园).

use std::sync::OnceLock;

use rustc_hash::FxHashSet as HashSet;

use super::prelude::*;
use crate::check::units::{has, is_cjk};

pub static ACRONYM: Rule = Rule::plan(code::T011, check_acronyms);

pub static STRAY_SYMBOL: Rule = Rule::plan(code::T012, check_symbols);

/// Acronyms common in plans, for when the plan itself writes the acronym only once.
const KNOWN: &[&str] = &[
    "GDP", "GNP", "CPI", "PPI", "PPP", "IPO", "ICU", "CEO", "COVID", "OTC", "CRO", "CMO", "CDMO",
    "IVD", "PET", "MRI", "ISO", "IOT", "OEM", "ODM", "EPC", "BOT", "TOD", "ESG", "SOP",
];

fn tokens(s: &str) -> impl Iterator<Item = (usize, &str)> {
    let b = s.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() {
            if b[i].is_ascii_alphanumeric() {
                let start = i;
                while i < b.len() && b[i].is_ascii_alphanumeric() {
                    i += 1;
                }
                return Some((start, &s[start..i]));
            }
            i += 1;
        }
        None
    })
}

fn check_acronyms(ctx: &PlanCtx, out: &mut Reporter) {
    let units: Vec<_> = ctx
        .units
        .iter()
        .filter(|u| u.has_any(has::LATIN) && u.has_any(has::DIGIT | has::LATIN))
        .collect();
    let mut words: HashSet<&str> = KNOWN.iter().copied().collect();
    for u in &units {
        for (_, t) in tokens(&u.masked) {
            if t.len() >= 2 && t.bytes().all(|c| c.is_ascii_uppercase()) {
                words.insert(t);
            }
        }
    }
    for u in &units {
        for (at, t) in tokens(&u.masked) {
            let letters = t.bytes().filter(u8::is_ascii_uppercase).count();
            let lookalikes = t.bytes().filter(|c| matches!(c, b'0' | b'1')).count();
            let others = t.len() - letters - lookalikes;
            if t.len() < 3 || letters < 2 || lookalikes == 0 || others > 0 {
                continue;
            }
            let candidates = [
                t.replace('0', "O").replace('1', "I"),
                t.replace('0', "O").replace('1', "L"),
            ];
            if let Some(word) = candidates.iter().find(|c| words.contains(c.as_str())) {
                out.report(
                    ctx.span(u.text, at..at + t.len()),
                    msg!(
                        "“{found}”疑似“{expected}”：缩写中混入了形近的数字",
                        found = t,
                        expected = word
                    ),
                )
                .with_label("形近数字")
                .with_hint(format!("改为 `{word}`"))
                .with_edit(
                    ctx.edit(u.text, at..at + t.len(), word.as_str()),
                    format!("改为“{word}”"),
                );
            }
        }
    }
}

const BULLETS: &[char] = &['▪', '•', '●', '■', '▫', '◦', '∙'];

/// Does the text hold a bullet or a middle dot? By their UTF-8 lead bytes (E2 for the
/// bullets, C2 for ·) found with memchr, so that the usual unit is passed over in one scan.
fn has_symbol(b: &[u8]) -> bool {
    if memchr::memchr(0xC2, b).is_some() {
        return true;
    }
    memchr::memchr_iter(0xE2, b).any(|i| {
        b.get(i..i + 3).is_some_and(|w| {
            std::str::from_utf8(w)
                .ok()
                .and_then(|s| s.chars().next())
                .is_some_and(|c| BULLETS.contains(&c))
        })
    })
}

fn check_symbols(ctx: &PlanCtx, out: &mut Reporter) {
    // The whole text, to tell a stray · from a foreign name's; joined only when needed.
    let joined = OnceLock::new();
    let joined = || {
        joined.get_or_init(|| {
            ctx.units
                .iter()
                .map(|u| &*u.masked)
                .collect::<Vec<&str>>()
                .join("\n")
        })
    };
    for u in ctx.units.iter().filter(|u| has_symbol(u.masked.as_bytes())) {
        let chars: Vec<(usize, char)> = u.char_indices().collect();
        for k in 1..chars.len().saturating_sub(1) {
            let (at, c) = chars[k];
            if !(BULLETS.contains(&c) || c == '·') {
                continue;
            }
            let (prev, next) = (chars[k - 1].1, chars[k + 1].1);
            let han = |x: char| is_cjk(x) && !"，。、；：！？“”（）《》".contains(x);
            if !(han(prev) && han(next)) {
                continue;
            }
            if c == '·' {
                // 北戴河·生命科学园: stray when the name without the dot is written elsewhere.
                let left: String = chars[k.saturating_sub(3)..k].iter().map(|x| x.1).collect();
                let right: String = chars[k + 1..(k + 4).min(chars.len())]
                    .iter()
                    .map(|x| x.1)
                    .collect();
                if !joined().contains(&format!("{left}{right}")) {
                    continue;
                }
            }
            out.report(
                ctx.span(u.text, at..at + c.len_utf8()),
                msg!("名称中间夹了符号“{found}”", found = c),
            )
            .with_label("多余的符号")
            .with_hint("删除这个符号");
        }
    }
}
