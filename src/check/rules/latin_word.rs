//! T004: lowercase Latin words inside Chinese sentences ("and", "etc").

use super::report;
use crate::check::units::has;
use crate::check::units::is_cjk;
use crate::check::{PlanCtx, Rule, Scope};
use crate::diagnostic::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "T004",
    name: "latin-word",
    severity: Severity::Error,
    summary: "中文句子中夹杂小写英文单词",
    explanation: "从英文材料或机器翻译带入的 and、etc、of 等小写单词出现在中文句子里。含大写字母或数字的缩写（PET-CT、GMP、CMO/CDMO、5G、VR/AR、cGMP）不受影响；其他需要保留的小写词写入 guihua.yaml 的 latin_allow。",
    bad: "- 包括青龙县、海港区 and 山海关区部分区域。",
    good: "- 包括青龙县、海港区和山海关区部分区域。",
    scope: Scope::Plan(check),
};

/// Units and common lowercase terms that belong in Chinese text.
const BUILTIN_ALLOW: &[&str] = &[
    "km", "kg", "mg", "ml", "cm", "mm", "kw", "kwh", "app", "wifi", "ph",
];

fn check(ctx: &PlanCtx, out: &mut Vec<Diagnostic>) {
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
                out.push(
                    report(&RULE, ctx.span(u.text, start..start + word.len()), format!("中文句子中出现英文单词 `{word}`"))
                        .with_label("英文单词")
                        .with_hint(format!("改写为中文（如 and → 和，etc → 等）；确需保留时加入 guihua.yaml 的 latin_allow: [{word}]")),
                );
            }
        }
    }
}
