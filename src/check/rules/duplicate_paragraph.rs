//! S003: the same paragraph twice in one plan.

use std::borrow::Cow;

use rustc_hash::FxHashMap as HashMap;

use super::prelude::*;
use crate::check::units::has;

pub static RULE: Rule = Rule::plan(code::S003, check);

fn check(ctx: &PlanCtx, out: &mut Reporter) {
    let mut seen: HashMap<Cow<str>, crate::source::Span> = HashMap::default();
    for u in ctx.units.iter().filter(|u| u.kind.is_prose()) {
        let text = u.text.value.as_str();
        // Compared without white space; most paragraphs have none, and are used as they are.
        // The unit's flags cover its masked text: a text with references is searched itself.
        let spaced = match u.masked {
            Cow::Borrowed(_) => u.has_any(has::SPACE),
            Cow::Owned(_) => text.contains(char::is_whitespace),
        };
        let key: Cow<str> = if spaced {
            Cow::Owned(text.chars().filter(|c| !c.is_whitespace()).collect())
        } else {
            Cow::Borrowed(text)
        };
        if key.chars().nth(9).is_none() {
            continue;
        }
        match seen.get(&key) {
            Some(first) => {
                out.report(u.text.span, "这段文字在本规划中重复出现")
                    .with_label("重复的段落")
                    .with_related(*first, "第一次出现在这里")
                    .with_hint("删除其中一处，或改写以区分两处的内容");
            }
            None => {
                seen.insert(key, u.text.span);
            }
        }
    }
}
