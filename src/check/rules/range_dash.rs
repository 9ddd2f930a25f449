//! T007: ranges written with the wrong mark (GB/T 15835): years take "—", numbers "～".

use std::sync::OnceLock;

use regex::Regex;

use super::report;
use crate::check::units::is_cjk;
use crate::check::{PlanCtx, Rule, Scope};
use crate::diagnostic::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "T007",
    name: "range-dash",
    severity: Severity::Error,
    summary: "数值或年份范围的连接号不规范",
    explanation: "GB/T 15835：表示时间起止用一字线“—”（2021—2025年），表示数值范围用浪纹线“～”（3～5家）。半角连字符“-”只用于复合词、电话号码和 ISO 日期。",
    bad: "- 规划期为2021-2025年，每年新增1-2家。",
    good: "- 规划期为2021—2025年，每年新增1～2家。",
    scope: Scope::Plan(check),
};

fn pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(\d+(?:\.\d+)?)\s*([-~～－–—])\s*(\d+(?:\.\d+)?)").expect("valid regex")
    })
}

fn is_year(s: &str) -> bool {
    s.len() == 4 && s.parse::<u32>().is_ok_and(|y| (1900..=2100).contains(&y))
}

fn check(ctx: &PlanCtx, out: &mut Vec<Diagnostic>) {
    for u in &ctx.units {
        let s = &u.masked;
        for c in pattern().captures_iter(s) {
            let (Some(all), Some(a), Some(sep), Some(b)) = (c.get(0), c.get(1), c.get(2), c.get(3))
            else {
                continue;
            };
            let before = s[..all.start()].chars().next_back();
            let after = s[all.end()..].chars().next();
            // Chains (4-3-2-3, 2021-09-30, 0335-1234-5678), codes (G228-1) and non-Chinese context.
            let chained = before.is_some_and(|c| {
                c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '.' | '—' | '～')
            }) || after
                .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '—' | '～'));
            let chinese = before.is_some_and(is_cjk) || after.is_some_and(is_cjk);
            if chained || !chinese || a.as_str().starts_with('0') {
                continue;
            }
            let years = is_year(a.as_str()) && is_year(b.as_str()) && b.as_str() > a.as_str();
            // 2021-09: a year and a month, not a range.
            let year_month = is_year(a.as_str())
                && b.as_str().len() == 2
                && b.as_str()
                    .parse::<u32>()
                    .is_ok_and(|m| (1..=12).contains(&m));
            let want = if years { "—" } else { "～" };
            if year_month || sep.as_str() == want {
                continue;
            }
            let fixed = format!("{}{want}{}", a.as_str(), b.as_str());
            let what = if years {
                "年份范围"
            } else {
                "数值范围"
            };
            out.push(
                report(
                    &RULE,
                    ctx.span(u.text, sep.start()..sep.end()),
                    format!("{what}“{}”应使用“{want}”", all.as_str()),
                )
                .with_label("连接号")
                .with_hint(format!("改为 `{fixed}`")),
            );
        }
    }
}
