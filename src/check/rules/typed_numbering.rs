//! S005: section numbers typed by hand in headings or at the start of paragraphs.

use std::sync::OnceLock;

use regex::Regex;

use super::report;
use crate::check::{PlanCtx, Rule, Scope, UnitKind};
use crate::diagnostic::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "S005",
    name: "typed-numbering",
    severity: Severity::Error,
    summary: "标题或段首手写了层级编号",
    explanation: "章节编号（一、（一）1.（1））由结构生成。标题里或段落开头手写的编号会与生成的编号重复或冲突，例如在（七）之后出现（8）。需要编号的内容应写成节（sections）或列表。",
    bad: "- title: （8）强化人才支撑",
    good: "- title: 强化人才支撑",
    scope: Scope::Plan(check),
};

fn pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^\s*(第[一二三四五六七八九十百]+[章节篇部分]|[一二三四五六七八九十]+、|[（(]\s*[一二三四五六七八九十]+\s*[）)]|[（(]\s*[0-9]+\s*[）)]|[0-9]+\s*[.．、](?:[^0-9]|$)|[①-⑳])")
            .expect("valid regex")
    })
}

fn check(ctx: &PlanCtx, out: &mut Vec<Diagnostic>) {
    for u in &ctx.units {
        if !matches!(
            u.kind,
            UnitKind::Heading
                | UnitKind::Paragraph
                | UnitKind::ListItem
                | UnitKind::ColumnTitle
                | UnitKind::TableTitle
        ) {
            continue;
        }
        let Some(m) = pattern().find(&u.masked) else {
            continue;
        };
        let typed = m.as_str().trim().trim_end_matches(|c: char| {
            !matches!(
                c,
                '、' | '）' | ')' | '.' | '．' | '章' | '节' | '篇' | '分'
            ) && !('①'..='⑳').contains(&c)
        });
        let start = m.start() + (m.as_str().len() - m.as_str().trim_start().len());
        let end = start + typed.len().max(1);
        let where_ = match u.kind {
            UnitKind::Heading | UnitKind::ColumnTitle | UnitKind::TableTitle => "标题",
            _ => "段首",
        };
        out.push(
            report(
                &RULE,
                ctx.span(u.text, start..end.min(u.masked.len())),
                format!("{where_}手写了编号“{typed}”"),
            )
            .with_label("手写编号")
            .with_hint(if where_ == "标题" {
                "删去编号：编号由章节顺序自动生成"
            } else {
                "把这部分写成节（sections）或列表（list），不要手写编号"
            }),
        );
    }
}
