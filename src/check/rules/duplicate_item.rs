//! S002: the same item listed twice in one 专栏.

use std::borrow::Cow;

use rustc_hash::FxHashMap as HashMap;

use super::prelude::*;
use crate::check::scan::chars_starting_with;

pub static RULE: Rule = Rule::plan(code::S002, check);

/// `s` without whitespace and sentence punctuation; borrowed when it has none (the usual case).
fn normal(s: &str) -> Cow<'_, str> {
    let drop = |c: char| c.is_whitespace() || matches!(c, '。' | '；' | '，' | '.');
    if s.chars().any(drop) {
        Cow::Owned(s.chars().filter(|&c| !drop(c)).collect())
    } else {
        Cow::Borrowed(s)
    }
}

/// An enumerated entry without leading 建设 and trailing 等项目 / 等 (each repeated any number
/// of times), by prefix and suffix comparison rather than substring search.
fn strip_all(mut s: &str) -> &str {
    while let Some(rest) = s.strip_prefix("建设") {
        s = rest;
    }
    while let Some(rest) = s.strip_suffix("等项目") {
        s = rest;
    }
    while let Some(rest) = s.strip_suffix('等') {
        s = rest;
    }
    s
}

/// Repeated entries in an enumeration inside one item's text.
fn repeated_entries(ctx: &PlanCtx, c: &crate::model::Column, out: &mut Reporter) {
    for item in &c.items {
        let s = &item.text.value;
        // Entries of one item are few: a list searched in order beats a hash table.
        let mut seen: Vec<(Cow<str>, std::ops::Range<usize>)> = Vec::new();
        let mut start = 0;
        // 、 and 。 start with 0xE3, ， and ； with 0xEF.
        let ends = chars_starting_with(s, 0xE3, 0xEF, 0xEF);
        for (i, ch) in ends.chain(std::iter::once((s.len(), '。'))) {
            if !matches!(ch, '、' | '，' | '；' | '。') {
                continue;
            }
            let raw = &s[start..i];
            let lead = raw.len() - raw.trim_start().len();
            let entry = strip_all(raw.trim());
            let range = start + lead..start + lead + raw.trim().len();
            let key = normal(entry);
            if key.chars().nth(3).is_some() {
                match seen.iter().find(|(k, _)| *k == key).map(|(_, r)| r) {
                    Some(first) => {
                        out.report(
                            ctx.span(&item.text, range),
                            msg!(
                                "专栏{column}“{title}”中项目“{found}”重复列举",
                                column = c.number,
                                title = &c.title.value,
                                found = entry
                            ),
                        )
                        .with_label("重复的项目")
                        .with_related(ctx.span(&item.text, first.clone()), "第一次列举在这里")
                        .with_hint("删除重复的项目名");
                    }
                    None => seen.push((key, range)),
                }
            }
            start = i + ch.len_utf8();
        }
    }
}

fn check(ctx: &PlanCtx, out: &mut Reporter) {
    for c in &ctx.plan.columns {
        repeated_entries(ctx, c, out);
        let mut names: HashMap<Cow<str>, crate::source::Span> = HashMap::default();
        let mut texts: HashMap<Cow<str>, crate::source::Span> = HashMap::default();
        for item in &c.items {
            let (key, map, t, what) = match &item.name {
                Some(n) => (normal(&n.value), &mut names, n, "项目名"),
                None => (normal(&item.text.value), &mut texts, &item.text, "条目"),
            };
            if key.is_empty() {
                continue;
            }
            match map.get(&key) {
                Some(first) => {
                    out.report(
                        t.span,
                        msg!(
                            "专栏{column}“{title}”中{what}“{found}”重复",
                            column = c.number,
                            title = &c.title.value,
                            what = what,
                            found = t.value.trim_end_matches('。')
                        ),
                    )
                    .with_label("重复的条目")
                    .with_related(*first, "第一次出现在这里")
                    .with_hint("删除重复的条目，或把两条合并");
                }
                None => {
                    map.insert(key, t.span);
                }
            }
        }
    }
}
