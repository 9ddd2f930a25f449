//! S002: the same item listed twice in one 专栏.

use std::collections::HashMap;

use super::report;
use crate::check::{PlanCtx, Rule, Scope};
use crate::diagnostic::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "S002",
    name: "duplicate-column-item",
    severity: Severity::Error,
    summary: "同一专栏中条目重复",
    explanation: "专栏中同一项目（同名，或说明文字完全相同）列了两次。合并多个版本的项目清单时容易出现，读者会以为是两个项目。",
    bad: "items: [{name: 开发区体育馆, text: 新建。}, {name: 开发区体育馆, text: 新建。}]",
    good: "items: [{name: 开发区体育馆, text: 新建。}]",
    scope: Scope::Plan(check),
};

fn normal(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && !matches!(c, '。' | '；' | '，' | '.')).collect()
}

fn check(ctx: &PlanCtx, out: &mut Vec<Diagnostic>) {
    for c in &ctx.plan.columns {
        let mut names: HashMap<String, crate::source::Span> = HashMap::new();
        let mut texts: HashMap<String, crate::source::Span> = HashMap::new();
        for item in &c.items {
            let (key, map, t, what) = match &item.name {
                Some(n) => (normal(&n.value), &mut names, n, "项目名"),
                None => (normal(&item.text.value), &mut texts, &item.text, "条目"),
            };
            if key.is_empty() {
                continue;
            }
            match map.get(&key) {
                Some(first) => out.push(
                    report(&RULE, t.span, format!("专栏{}“{}”中{what}“{}”重复", c.number, c.title.value, t.value.trim_end_matches('。')))
                        .with_label("重复的条目")
                        .with_related(*first, "第一次出现在这里")
                        .with_hint("删除重复的条目，或把两条合并"),
                ),
                None => {
                    map.insert(key, t.span);
                }
            }
        }
    }
}
