//! T004: lowercase Latin words inside Chinese sentences ("and", "etc").

use super::prelude::*;
use crate::check::units::has;
use crate::check::units::is_cjk;

pub static RULE: Rule = Rule::plan(code::T004, check);

/// Units and common lowercase terms that belong in Chinese text.
const BUILTIN_ALLOW: &[&str] = &[
    "km", "kg", "mg", "ml", "cm", "mm", "kw", "kwh", "app", "wifi", "ph",
];

fn check(ctx: &PlanCtx, out: &mut Reporter) {
    let allow: Vec<String> = ctx
        .ws
        .config
        .latin_allow
        .iter()
        .map(|t| t.value.to_lowercase())
        .collect();
    for u in ctx.units.iter().filter(|u| u.has_any(has::LATIN)) {
        let s: &str = &u.masked;
        let bytes = s.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if !bytes[i].is_ascii_alphabetic() {
                i += 1;
                continue;
            }
            // An e-mail address or a web address is not a word: skip all of it.
            let in_address = |b: u8| b.is_ascii_alphanumeric() || b"._%+-@:/~?=#&".contains(&b);
            let mut end = i;
            while end < bytes.len() && in_address(bytes[end]) {
                end += 1;
            }
            let mut from = i;
            while from > 0 && in_address(bytes[from - 1]) {
                from -= 1;
            }
            let address = &s[from..end];
            if address.contains('@') || address.contains("://") || address.starts_with("www.") {
                i = end;
                continue;
            }
            // A token: letters, digits and the joiners of acronyms (PET-CT, CMO/CDMO).
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric()
                    || matches!(bytes[i], b'-' | b'/' | b'.' | b'&' | b'+'))
            {
                i += 1;
            }
            let token = &s[start..i];
            let word = token.trim_end_matches(['.', '-', '/']);
            let plain_lowercase = word.len() >= 2 && word.bytes().all(|b| b.is_ascii_lowercase());
            if !plain_lowercase || allow.iter().any(|a| a == word) || BUILTIN_ALLOW.contains(&word)
            {
                continue;
            }
            let prev = s[..start].trim_end_matches(' ').chars().next_back();
            let next = s[start + word.len()..]
                .trim_start_matches(' ')
                .chars()
                .next();
            if prev.is_some_and(is_cjk) || next.is_some_and(is_cjk) {
                out.report(ctx.span(u.text, start..start + word.len()), msg!("中文句子中出现英文单词 `{word}`", word = word))
                        .with_label("英文单词")
                        .with_hint(format!("改写为中文（如 and → 和，etc → 等）；确需保留时加入 guihua.yaml 的 latin_allow: [{word}]"));
            }
        }
    }
}
