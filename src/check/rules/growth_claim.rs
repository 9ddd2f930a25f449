//! F003: "翻一番", "年均增长X%", "增长X倍" claimed in prose against the table's base and target.

use std::sync::OnceLock;

use regex::Regex;

use super::report;
use crate::check::{PlanCtx, Rule, Scope};
use crate::diagnostic::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "F003",
    name: "growth-claim",
    severity: Severity::Error,
    summary: "“翻一番”“年均增长X%”“增长X倍”与指标表的基期值、目标值不符",
    explanation: "句中点名某项指标并声称“翻一番/翻两番”“年均增长X%”“增长X倍/增长到X倍”时，用该指标在表中的基期值和目标值核算：翻一番要求目标值至少为基期值的 2 倍；年均增速按复合增长率计算，允许 0.5 个百分点的误差（“X%以上”只要求不低于）；倍数允许 5% 的误差。",
    bad: "- 生命健康产业增加值实现翻一番。   （表中 152 → 274，只有 1.8 倍）",
    good: "- 生命健康产业增加值实现翻一番。   （表中 152 → 350）",
    scope: Scope::Plan(check),
};

fn claim() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"翻一番|翻两番|翻番|年均(?:增长|增速)(?:率)?(?:达到|为|保持在)?([0-9]+(?:\.[0-9]+)?)\s*[%％](以上)?|增长(到|至)?([0-9]+(?:\.[0-9]+)?)倍|增至([0-9]+(?:\.[0-9]+)?)倍")
            .expect("valid regex")
    })
}

fn check(ctx: &PlanCtx, out: &mut Vec<Diagnostic>) {
    for (ui, u) in ctx.units.iter().enumerate() {
        for sentence in ctx.sentences(ui) {
            let sr = sentence.range.clone();
            let s = &u.masked[sr.clone()];
            let named = &sentence.named;
            // Every claim holds 翻 or 增; most sentences hold neither.
            if named.is_empty() || !(s.contains('翻') || s.contains('增')) {
                continue;
            }
            for c in claim().captures_iter(s) {
                let Some(all) = c.get(0) else { continue };
                // The indicator named last before the claim (or the first after it).
                let Some(n) = named
                    .iter()
                    .rev()
                    .find(|n| n.range.end <= all.start())
                    .or(named.first())
                else {
                    continue;
                };
                let (t, ind) = (n.table, n.indicator);
                let (Some(base), Some(target)) = (
                    ind.base.as_ref().and_then(|b| b.value.value()),
                    ind.target.value.value(),
                ) else {
                    continue;
                };
                if base <= 0.0 {
                    continue;
                }
                let ratio = target / base;
                let text = all.as_str();
                let problem = if text.starts_with("翻") {
                    let need = if text == "翻两番" { 4.0 } else { 2.0 };
                    (ratio < need * 0.99).then(|| format!("“{text}”要求目标值至少为基期值的 {need} 倍，表中为 {base}→{target}，只有 {ratio:.2} 倍"))
                } else if let Some(x) = c.get(1).and_then(|m| m.as_str().parse::<f64>().ok()) {
                    let Some(by) = t.base_year.map(|y| y.value) else {
                        continue;
                    };
                    let years = t.target_year.value - by;
                    if years <= 0 {
                        continue;
                    }
                    let cagr = (ratio.powf(1.0 / years as f64) - 1.0) * 100.0;
                    let at_least = c.get(2).is_some();
                    let bad = if at_least {
                        cagr + 0.05 < x
                    } else {
                        (cagr - x).abs() > 0.5
                    };
                    bad.then(|| format!("表中 {by}—{} 年由 {base} 到 {target}，年均增长 {cagr:.1}%，与“{text}”不符", t.target_year.value))
                } else {
                    let (to, x) = match (c.get(3), c.get(4).or(c.get(5))) {
                        (to, Some(x)) => (
                            to.is_some() || c.get(5).is_some(),
                            x.as_str().parse::<f64>().unwrap_or(0.0),
                        ),
                        _ => continue,
                    };
                    let want = if to { x } else { 1.0 + x };
                    ((ratio - want).abs() > want * 0.05).then(|| format!("“{text}”意味着目标值是基期值的 {want} 倍，表中为 {base}→{target}（{ratio:.2} 倍）"))
                };
                if let Some(msg) = problem {
                    let mut d = report(
                        &RULE,
                        ctx.span(u.text, sr.start + all.start()..sr.start + all.end()),
                        format!("“{}”：{msg}", ind.name.value),
                    )
                    .with_label("与指标表不符")
                    .with_related(ind.target.span, format!("表{}中的目标值", t.number))
                    .with_hint("修改表述，或核对指标表的基期值和目标值");
                    if let Some(b) = &ind.base {
                        d = d.with_related(b.span, format!("表{}中的基期值", t.number));
                    }
                    out.push(d);
                }
            }
        }
    }
}
