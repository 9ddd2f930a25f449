//! Data references inside prose: `{{plan.title}}`, `{{value-added.target}}`. Parsing and
//! resolving live here so the loader (which reports unknown references) and the renderers
//! (which expand them) agree on one syntax.

use std::ops::Range;

use super::Plan;
use super::numbering;

#[derive(Debug, PartialEq, Eq)]
pub enum Segment<'a> {
    Text(&'a str),
    /// `key` is the text between the braces, trimmed; `range` covers `{{…}}` in the input.
    Ref {
        key: &'a str,
        range: Range<usize>,
    },
    /// `{{` without a closing `}}`.
    Unclosed {
        range: Range<usize>,
    },
}

/// Split prose into literal text and references.
pub fn segments(s: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    let mut rest = 0;
    while let Some(open) = s[rest..].find("{{").map(|i| i + rest) {
        if open > rest {
            out.push(Segment::Text(&s[rest..open]));
        }
        match s[open + 2..].find("}}") {
            Some(close) => {
                let end = open + 2 + close + 2;
                out.push(Segment::Ref {
                    key: s[open + 2..open + 2 + close].trim(),
                    range: open..end,
                });
                rest = end;
            }
            None => {
                out.push(Segment::Unclosed {
                    range: open..s.len(),
                });
                return out;
            }
        }
    }
    if rest < s.len() {
        out.push(Segment::Text(&s[rest..]));
    }
    out
}

pub const PLAN_FIELDS: [&str; 8] = [
    "title",
    "short_title",
    "region",
    "issuer",
    "period",
    "start",
    "end",
    "base_year",
];
pub const INDICATOR_FIELDS: [&str; 8] = [
    "target",
    "base",
    "unit",
    "name",
    "target_year",
    "base_year",
    "target_text",
    "base_text",
];

/// Why a reference cannot be resolved; the message is for the author.
#[derive(Debug, PartialEq, Eq)]
pub struct RefError {
    pub message: String,
    pub hint: String,
}

/// The text a reference stands for.
pub fn resolve(plan: &Plan, key: &str) -> Result<String, RefError> {
    let Some((head, field)) = key.rsplit_once('.') else {
        return Err(RefError {
            message: format!("引用 `{{{{{key}}}}}` 缺少字段"),
            hint: "写成 {{plan.title}} 或 {{<指标 id>.target}} 的形式".into(),
        });
    };
    if head == "plan" {
        let p = plan;
        return match field {
            "title" => Ok(p.title.value.clone()),
            "short_title" => Ok(p.short_title.as_ref().unwrap_or(&p.title).value.clone()),
            "region" => Ok(p.region_name().to_string()),
            "issuer" => p.issuer.as_ref().map(|t| t.value.clone()).ok_or(RefError {
                message: "plan.yaml 没有写 issuer，无法引用 {{plan.issuer}}".into(),
                hint: "在 plan.yaml 中加入 issuer（编制单位）".into(),
            }),
            "period" | "start" | "end" => {
                let Some(period) = p.period else {
                    return Err(RefError {
                        message: format!(
                            "plan.yaml 的 period 没有写对，无法引用 {{{{plan.{field}}}}}"
                        ),
                        hint: "在 plan.yaml 中写 period: 2021-2025".into(),
                    });
                };
                let super::Period { start, end } = period.value;
                Ok(match field {
                    "period" => format!("{start}—{end}年"),
                    "start" => start.to_string(),
                    _ => end.to_string(),
                })
            }
            "base_year" => p.base_year.map(|y| y.value.to_string()).ok_or(RefError {
                message: "plan.yaml 没有写 base_year，无法引用 {{plan.base_year}}".into(),
                hint: "在 plan.yaml 中加入 base_year".into(),
            }),
            _ => Err(unknown_field(field, &PLAN_FIELDS, "plan")),
        };
    }
    let Some((table, ind)) = plan.indicator(head) else {
        let ids = plan.indicator_ids();
        let hint = match crate::suggest::closest(head, ids.iter().copied()) {
            Some(s) => format!("是不是 `{{{{{s}.{field}}}}}`？"),
            None => "可用 plan 或本规划指标表中的指标 id".into(),
        };
        return Err(RefError {
            message: format!("本规划没有 id 为 `{head}` 的指标"),
            hint,
        });
    };
    match field {
        "target" => Ok(ind.target.value.to_string()),
        "base" => ind
            .base
            .as_ref()
            .map(|b| b.value.to_string())
            .ok_or(RefError {
                message: format!("指标 `{head}` 所在的表没有基期值"),
                hint: "只有写了 base_year 的表才有 base".into(),
            }),
        "unit" => Ok(ind.unit.value.clone()),
        // The value with its unit, a qualifier after the unit: 58%以上, not 58以上%.
        "target_text" => Ok(ind.target.value.with_unit(&ind.unit.value)),
        "base_text" => ind
            .base
            .as_ref()
            .map(|b| b.value.with_unit(&ind.unit.value))
            .ok_or(RefError {
                message: format!("指标 `{head}` 所在的表没有基期值"),
                hint: "只有写了 base_year 的表才有 base_text".into(),
            }),
        "name" => Ok(ind.name.value.clone()),
        "target_year" => Ok(table.target_year.value.to_string()),
        "base_year" => table
            .base_year
            .map(|y| y.value.to_string())
            .ok_or(RefError {
                message: format!("指标 `{head}` 所在的表没有基期年"),
                hint: "在表中写 base_year".into(),
            }),
        _ => Err(unknown_field(field, &INDICATOR_FIELDS, head)),
    }
}

fn unknown_field(field: &str, known: &[&str], head: &str) -> RefError {
    let hint = match crate::suggest::closest(field, known.iter().copied()) {
        Some(s) => format!(
            "是不是 `{{{{{head}.{s}}}}}`？可用字段：{}",
            known.join("、")
        ),
        None => format!("可用字段：{}", known.join("、")),
    };
    RefError {
        message: format!("`{head}` 没有字段 `{field}`"),
        hint,
    }
}

/// Replace every resolvable reference; unresolvable ones stay as written (the loader has
/// already reported them).
pub fn expand(plan: &Plan, s: &str) -> String {
    if !s.contains("{{") {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for seg in segments(s) {
        match seg {
            Segment::Text(t) => out.push_str(t),
            Segment::Ref { key, range } => match resolve(plan, key) {
                Ok(v) => out.push_str(&v),
                Err(_) => out.push_str(&s[range]),
            },
            Segment::Unclosed { range } => out.push_str(&s[range]),
        }
    }
    out
}

/// Period as readers see it: 2021—2025年.
pub fn period_text(start: i32, end: i32) -> String {
    format!("{start}—{end}年")
}

/// Official date line for a plan.
pub fn plan_date(plan: &Plan) -> String {
    match plan.date {
        Some(d) => numbering::chinese_date(d.value.year, d.value.month, d.value.day),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_references() {
        let s = "到{{a.target_year}}年达到{{ a.target }}，{{x";
        let segs = segments(s);
        assert_eq!(segs[0], Segment::Text("到"));
        assert!(matches!(
            segs[1],
            Segment::Ref {
                key: "a.target_year",
                ..
            }
        ));
        assert!(matches!(
            segs[3],
            Segment::Ref {
                key: "a.target",
                ..
            }
        ));
        assert!(matches!(segs[5], Segment::Unclosed { .. }));
    }
}
