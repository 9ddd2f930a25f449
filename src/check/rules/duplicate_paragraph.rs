//! S003: the same paragraph twice in one plan.

use std::borrow::Cow;

use rustc_hash::FxHashMap as HashMap;

use super::report;
use crate::check::units::has;
use crate::check::{PlanCtx, Rule, Scope};
use crate::diagnostic::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "S003",
    name: "duplicate-paragraph",
    severity: Severity::Error,
    summary: "同一规划中段落重复",
    explanation: "同一段文字在规划中出现两次，多是调整章节结构时复制后忘了删除原文。只比较 10 个字以上的段落、列表项和专栏条目说明。",
    bad: "同一段“健全完善城市医疗集团和县域医共体……”既在（一）又在（三）中出现",
    good: "保留一处，另一处改写或删除",
    scope: Scope::Plan(check),
};

fn check(ctx: &PlanCtx, out: &mut Vec<Diagnostic>) {
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
            Some(first) => out.push(
                report(&RULE, u.text.span, "这段文字在本规划中重复出现")
                    .with_label("重复的段落")
                    .with_related(*first, "第一次出现在这里")
                    .with_hint("删除其中一处，或改写以区分两处的内容"),
            ),
            None => {
                seen.insert(key, u.text.span);
            }
        }
    }
}
