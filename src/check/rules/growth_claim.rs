//! F003: "翻一番", "年均增长X%", "增长X倍" claimed in prose against the table's base and target.

use super::prelude::*;
use crate::check::scan::{number_end, space_len};

pub static RULE: Rule = Rule::plan(code::F003, check);

/// A growth claim in prose.
enum Claim {
    /// 翻一番 (2×) or 翻两番 (4×).
    Doubling(f64),
    /// 年均增长X% (`at_least`: 以上).
    Annual { percent: f64, at_least: bool },
    /// 增长X倍 (1+X times) or 增长到/增至X倍 (X times).
    Times { times: f64, to: bool },
}

/// The number at the start of `t`: its value and length in bytes.
fn number(t: &str) -> Option<(f64, usize)> {
    let end = number_end(t.as_bytes(), 0);
    Some((t[..end].parse().ok()?, end))
}

/// The claim starting at the start of `t`, and its length in bytes.
fn claim_at(t: &str) -> Option<(Claim, usize)> {
    for (word, need) in [("翻一番", 2.0), ("翻两番", 4.0), ("翻番", 2.0)] {
        if t.starts_with(word) {
            return Some((Claim::Doubling(need), word.len()));
        }
    }
    let strip_any = |t: &str, words: &[&str]| -> usize {
        words
            .iter()
            .find(|w| t.starts_with(**w))
            .map_or(0, |w| w.len())
    };
    if let Some(rest) = t.strip_prefix("年均") {
        let mut at = t.len() - rest.len();
        let verb = strip_any(&t[at..], &["增长", "增速"]);
        if verb == 0 {
            return None;
        }
        at += verb;
        at += strip_any(&t[at..], &["率"]);
        at += strip_any(&t[at..], &["达到", "为", "保持在"]);
        let (percent, n) = number(&t[at..])?;
        at += n;
        at += space_len(&t[at..]);
        let percent_sign = strip_any(&t[at..], &["%", "％"]);
        if percent_sign == 0 {
            return None;
        }
        at += percent_sign;
        let at_least = t[at..].starts_with("以上");
        at += if at_least { "以上".len() } else { 0 };
        return Some((Claim::Annual { percent, at_least }, at));
    }
    let (mut at, to) = if let Some(rest) = t.strip_prefix("增长") {
        let to = strip_any(rest, &["到", "至"]);
        ("增长".len() + to, to > 0)
    } else if t.starts_with("增至") {
        ("增至".len(), true)
    } else {
        return None;
    };
    let (times, n) = number(&t[at..])?;
    at += n;
    t[at..]
        .starts_with('倍')
        .then_some((Claim::Times { times, to }, at + '倍'.len_utf8()))
}

/// Every claim in `s`, left to right, without overlaps: (bytes, claim).
fn claims(s: &str) -> Vec<(std::ops::Range<usize>, Claim)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = s[from..].find(['翻', '年', '增']).map(|i| from + i) {
        match claim_at(&s[i..]) {
            Some((c, len)) => {
                out.push((i..i + len, c));
                from = i + len;
            }
            None => from = i + '翻'.len_utf8(),
        }
    }
    out
}

fn check(ctx: &PlanCtx, out: &mut Reporter) {
    for (u, sentence, s) in ctx.sentences() {
        let sr = sentence.range.clone();
        let named = &sentence.named;
        // Every claim holds 翻 or 增; most sentences hold neither.
        if named.is_empty() || !(s.contains('翻') || s.contains('增')) {
            continue;
        }
        for (all, claim) in claims(s) {
            // The indicator named last before the claim (or the first after it).
            let Some(n) = named
                .iter()
                .rev()
                .find(|n| n.range.end <= all.start)
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
            let text = &s[all.clone()];
            let indicator = &ind.name.value;
            let problem = match claim {
                Claim::Doubling(need) => (ratio < need * 0.99).then(|| {
                    msg!(
                        "“{indicator}”：“{claim}”要求目标值至少为基期值的 {need} 倍，表中为 {base}→{target}，只有 {ratio:.2} 倍",
                        indicator = indicator,
                        claim = text,
                        need = need,
                        base = base,
                        target = target,
                        ratio = ratio
                    )
                }),
                Claim::Annual {
                    percent: x,
                    at_least,
                } => {
                    let Some(by) = t.base_year.map(|y| y.value) else {
                        continue;
                    };
                    let years = t.target_year.value - by;
                    if years <= 0 {
                        continue;
                    }
                    let cagr = (ratio.powf(1.0 / years as f64) - 1.0) * 100.0;
                    let bad = if at_least {
                        cagr + 0.05 < x
                    } else {
                        (cagr - x).abs() > 0.5
                    };
                    bad.then(|| {
                        msg!(
                            "“{indicator}”：表中 {base_year}—{target_year} 年由 {base} 到 {target}，年均增长 {rate:.1}%，与“{claim}”不符",
                            indicator = indicator,
                            base_year = by,
                            target_year = t.target_year.value,
                            base = base,
                            target = target,
                            rate = cagr,
                            claim = text
                        )
                    })
                }
                Claim::Times { times: x, to } => {
                    let want = if to { x } else { 1.0 + x };
                    ((ratio - want).abs() > want * 0.05).then(|| {
                        msg!(
                            "“{indicator}”：“{claim}”意味着目标值是基期值的 {want} 倍，表中为 {base}→{target}（{ratio:.2} 倍）",
                            indicator = indicator,
                            claim = text,
                            want = want,
                            base = base,
                            target = target,
                            ratio = ratio
                        )
                    })
                }
            };
            if let Some(msg) = problem {
                let mut d = out
                    .report(
                        ctx.span(u.text, sr.start + all.start..sr.start + all.end),
                        msg,
                    )
                    .with_label("与指标表不符")
                    .with_related(ind.target.span, format!("表{}中的目标值", t.number))
                    .with_hint("修改表述，或核对指标表的基期值和目标值");
                if let Some(b) = &ind.base {
                    d = d.with_related(b.span, format!("表{}中的基期值", t.number));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Claim, claims};

    #[test]
    fn finds_claims() {
        let s = "增加值翻一番，年均增长率达到7.5 %以上，收入增长2倍，人数增至3倍，年均增长较快";
        let found: Vec<(&str, String)> = claims(s)
            .into_iter()
            .map(|(r, c)| {
                let what = match c {
                    Claim::Doubling(n) => format!("x{n}"),
                    Claim::Annual { percent, at_least } => format!("{percent}%{at_least}"),
                    Claim::Times { times, to } => format!("{times}{to}"),
                };
                (&s[r], what)
            })
            .collect();
        assert_eq!(
            found,
            [
                ("翻一番", "x2".to_string()),
                ("年均增长率达到7.5 %以上", "7.5%true".to_string()),
                ("增长2倍", "2false".to_string()),
                ("增至3倍", "3true".to_string()),
            ]
        );
    }
}
