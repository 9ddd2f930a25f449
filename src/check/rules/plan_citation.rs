//! X004: 《…》 citations of a plan in the workspace must use its exact title.

use memchr::memmem;

use super::report;
use crate::check::{PlanCtx, Rule, Scope};
use crate::diagnostic::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "X004",
    name: "plan-citation-title",
    severity: Severity::Error,
    summary: "引用工作区中规划的书名与其标题不一致",
    explanation: "正文用书名号引用工作区中的另一部规划时，必须与其标题逐字一致。“（2016-2030年）”“(2016—2030)”这类括号、连接号或“年”字的出入，是征求意见稿中常见的细节错误。比较时忽略标点和“年”字找出所指的规划，再要求原文完全一致。",
    bad: "- 落实《北戴河生命健康产业创新示范区发展总体规划(2016-2030)》。",
    good: "- 落实《北戴河生命健康产业创新示范区发展总体规划（2016—2030年）》。",
    scope: Scope::Plan(check),
};

/// Han characters and digits only, without 年: what identifies a title.
fn key(s: &str) -> String {
    s.chars()
        .filter(|c| (crate::check::units::is_han(*c) || c.is_ascii_digit()) && *c != '年')
        .collect()
}

fn check(ctx: &PlanCtx, out: &mut Vec<Diagnostic>) {
    let titles: Vec<(&str, String, crate::source::Span)> = ctx
        .ws
        .plans
        .iter()
        .map(|p| (p.title.value.as_str(), key(&p.title.value), p.title.span))
        .collect();
    for u in ctx
        .units
        .iter()
        .filter(|u| u.kind.is_prose() || u.kind == crate::check::UnitKind::Heading)
    {
        let s: &str = &u.masked;
        let mut from = 0;
        // A vectorised search for the whole three bytes of 《 and 》: `str::find` with a char
        // looks for its last byte, which half of all Han characters share.
        let find = |from: usize, mark: &str| memmem::find(&s.as_bytes()[from..], mark.as_bytes());
        while let Some(open) = find(from, "《").map(|i| i + from) {
            let Some(close) = find(open, "》").map(|i| i + open) else {
                break;
            };
            let cited = &s[open + '《'.len_utf8()..close];
            from = close;
            let k = key(cited);
            if k.is_empty() {
                continue;
            }
            if let Some((title, _, span)) = titles.iter().find(|(t, tk, _)| *tk == k && *t != cited)
            {
                out.push(
                    report(
                        &RULE,
                        ctx.span(u.text, open..close + '》'.len_utf8()),
                        format!("引用的规划名称与原标题不一致：《{cited}》"),
                    )
                    .with_label("书名与标题不一致")
                    .with_related(*span, "规划的标题")
                    .with_hint(format!("改为《{title}》")),
                );
            }
        }
    }
}
