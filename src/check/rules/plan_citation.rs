//! X004: 《…》 citations of a plan in the workspace must use its exact title.

use memchr::memmem;

use super::prelude::*;

pub static RULE: Rule = Rule::plan(code::X004, check);

/// Han characters and digits only, without 年: what identifies a title.
fn key(s: &str) -> String {
    s.chars()
        .filter(|c| (crate::check::units::is_han(*c) || c.is_ascii_digit()) && *c != '年')
        .collect()
}

fn check(ctx: &PlanCtx, out: &mut Reporter) {
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
                out.report(
                    ctx.span(u.text, open..close + '》'.len_utf8()),
                    msg!("引用的规划名称与原标题不一致：《{found}》", found = cited),
                )
                .with_label("书名与标题不一致")
                .with_related(*span, "规划的标题")
                .with_hint(format!("改为《{title}》"))
                .with_edit(
                    ctx.edit(
                        u.text,
                        open..close + '》'.len_utf8(),
                        format!("《{title}》"),
                    ),
                    format!("改为《{title}》"),
                );
            }
        }
    }
}
