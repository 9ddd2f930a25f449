//! Quantities in Chinese prose ("超过350亿元", "10个以上", "9.43%"), their year context, and the
//! indicators a sentence names. Shared by the figure rules (F001–F003).

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use crate::model::{Figure, Indicator, IndicatorTable, Plan, Qualifier};

/// What a unit measures; quantities compare only within one dimension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dimension {
    Money,
    Percent,
    PercentagePoint,
    Area,
    /// Counts, keyed by the counter word (个, 家, 人次 …) so that 家 never matches 个.
    Count(&'static str),
}

/// (unit as written, dimension, factor to the dimension's base unit)
const UNITS: &[(&str, Dimension, f64)] = &[
    ("亿美元", Dimension::Money, 7e8),
    ("万元", Dimension::Money, 1e4),
    ("亿元", Dimension::Money, 1e8),
    ("元", Dimension::Money, 1.0),
    ("个百分点", Dimension::PercentagePoint, 1.0),
    ("%", Dimension::Percent, 1.0),
    ("％", Dimension::Percent, 1.0),
    ("平方公里", Dimension::Area, 1e6),
    ("平方千米", Dimension::Area, 1e6),
    ("公顷", Dimension::Area, 1e4),
    ("万亩", Dimension::Area, 6_666_666.7),
    ("亩", Dimension::Area, 666.666_7),
    ("亿人次", Dimension::Count("人次"), 1e8),
    ("万人次", Dimension::Count("人次"), 1e4),
    ("人次", Dimension::Count("人次"), 1.0),
    ("万人", Dimension::Count("人"), 1e4),
    ("人", Dimension::Count("人"), 1.0),
    ("个", Dimension::Count("个"), 1.0),
    ("家", Dimension::Count("家"), 1.0),
    ("项", Dimension::Count("项"), 1.0),
    ("条", Dimension::Count("条"), 1.0),
    ("座", Dimension::Count("座"), 1.0),
    ("所", Dimension::Count("所"), 1.0),
    ("张", Dimension::Count("张"), 1.0),
    ("名", Dimension::Count("人"), 1.0),
    ("亿", Dimension::Money, 1e8),
];

/// A unit's dimension and factor, for table units ("亿元") and prose units alike.
pub fn unit(u: &str) -> Option<(Dimension, f64)> {
    let u = u.trim();
    UNITS
        .iter()
        .find(|(w, ..)| *w == u)
        .map(|(_, d, f)| (*d, *f))
}

#[derive(Debug, Clone)]
pub struct Quantity {
    /// Bytes of the whole mention, qualifier and unit included.
    pub range: Range<usize>,
    /// Bytes of the number itself.
    pub number: Range<usize>,
    pub value: f64,
    pub unit: &'static str,
    pub qualifier: Option<Qualifier>,
    /// A year written right before the number ("2015年的690亿元").
    pub year: Option<i32>,
}

fn pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let units: Vec<String> = UNITS.iter().map(|(u, ..)| regex::escape(u)).collect();
        Regex::new(&format!(
            r"(?:((?:\d{{4}})年(?:底|末)?的?))?(超过|接近|达到|突破|不低于|不少于|不高于|约|近|超|达)?(\d+(?:\.\d+)?)\s*({})(以上|以下|左右|以内|多)?",
            units.join("|")
        ))
        .expect("valid regex")
    })
}

fn qualifier(pre: Option<&str>, post: Option<&str>) -> Option<Qualifier> {
    match post {
        Some("以上") | Some("多") => return Some(Qualifier::AtLeast),
        Some("以下") => return Some(Qualifier::AtMost),
        Some("左右") => return Some(Qualifier::Around),
        Some("以内") => return Some(Qualifier::Within),
        _ => {}
    }
    match pre? {
        "超过" | "超" => Some(Qualifier::Exceeding),
        "接近" | "近" => Some(Qualifier::Approaching),
        "达到" | "达" => Some(Qualifier::Reaching),
        "突破" => Some(Qualifier::BreakingThrough),
        "不低于" | "不少于" => Some(Qualifier::NotBelow),
        "不高于" => Some(Qualifier::NotAbove),
        "约" => Some(Qualifier::About),
        _ => None,
    }
}

/// Every quantity with a unit in `text`. Numbers that are part of a range (1至2家, 3～5个),
/// a year (2025年) or a longer token are skipped.
pub fn quantities(text: &str) -> Vec<Quantity> {
    let mut out = Vec::new();
    for c in pattern().captures_iter(text) {
        let (Some(all), Some(num), Some(u)) = (c.get(0), c.get(3), c.get(4)) else {
            continue;
        };
        let before = text[..num.start()].chars().next_back();
        let range_before = text[..c.get(2).map_or(num.start(), |m| m.start())]
            .ends_with(['至', '到', '～', '~', '—', '-', '、']);
        if before.is_some_and(|b| b.is_ascii_digit() || b == '.' || b == '\u{1}')
            || range_before
            || text[all.end()..].starts_with(['至', '～', '~'])
        {
            continue;
        }
        let Ok(value) = num.as_str().parse::<f64>() else {
            continue;
        };
        let unit = UNITS
            .iter()
            .find(|(w, ..)| *w == u.as_str())
            .map_or("", |(w, ..)| *w);
        let year = c
            .get(1)
            .and_then(|y| y.as_str().get(..4))
            .and_then(|y| y.parse().ok());
        out.push(Quantity {
            range: all.start()..all.end(),
            number: num.start()..num.end(),
            value,
            unit,
            qualifier: qualifier(c.get(2).map(|m| m.as_str()), c.get(5).map(|m| m.as_str())),
            year,
        });
    }
    out
}

/// Sentences (ending in 。；！？) as byte ranges.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '。' | '；' | '！' | '？' | ';') {
            out.push(start..i + c.len_utf8());
            start = i + c.len_utf8();
        }
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

/// The target year a sentence speaks of ("到2025年", "2025年底前"), if any.
pub fn sentence_year(sentence: &str) -> Option<i32> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(?:到|至|截至|在)?(\d{4})年(?:底|末|前)?").expect("valid regex")
    });
    re.captures_iter(sentence)
        .filter_map(|c| c.get(1)?.as_str().parse().ok())
        .find(|y: &i32| (1949..=2100).contains(y))
}

/// An indicator named in text, by name or alias.
#[derive(Debug, Clone)]
pub struct Named<'p> {
    pub range: Range<usize>,
    pub table: &'p IndicatorTable,
    pub indicator: &'p Indicator,
}

/// The names and aliases of a plan's indicators as one automaton, built once per plan.
pub struct IndicatorNames<'p> {
    matcher: Option<aho_corasick::AhoCorasick>,
    entries: Vec<(&'p IndicatorTable, &'p Indicator)>,
}

impl<'p> IndicatorNames<'p> {
    pub fn new(plan: &'p Plan) -> IndicatorNames<'p> {
        let mut names: Vec<&str> = Vec::new();
        let mut entries = Vec::new();
        for t in &plan.tables {
            for i in t.indicators() {
                for n in std::iter::once(&i.name).chain(&i.aliases) {
                    if n.value.chars().count() >= 2 {
                        names.push(n.value.as_str());
                        entries.push((t, i));
                    }
                }
            }
        }
        let matcher = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(&names)
            .ok();
        IndicatorNames { matcher, entries }
    }

    /// Every indicator name or alias in `text`, leftmost-longest, without overlaps.
    pub fn find(&self, text: &str) -> Vec<Named<'p>> {
        let Some(m) = &self.matcher else {
            return Vec::new();
        };
        m.find_iter(text)
            .map(|hit| {
                let (table, indicator) = self.entries[hit.pattern().as_usize()];
                Named {
                    range: hit.range(),
                    table,
                    indicator,
                }
            })
            .collect()
    }
}

/// Every indicator name or alias in `text` (builds the automaton; rules use the one cached
/// in their context).
pub fn named_indicators<'p>(plan: &'p Plan, text: &str) -> Vec<Named<'p>> {
    IndicatorNames::new(plan).find(text)
}

/// A figure's value in the indicator's unit, when the dimensions agree.
pub fn in_unit(q: &Quantity, indicator_unit: &str) -> Option<f64> {
    let (qd, qf) = unit(q.unit)?;
    let (id, ifac) = unit(indicator_unit)?;
    // Bare 亿 is money only next to a money indicator.
    (qd == id).then(|| q.value * qf / ifac)
}

/// Lower bounds, upper bounds and approximations cannot describe the same target.
pub fn qualifiers_conflict(a: Option<Qualifier>, b: Option<Qualifier>) -> bool {
    use Qualifier::*;
    let class = |q: Option<Qualifier>| match q {
        Some(AtLeast | Exceeding | BreakingThrough | NotBelow) => 1,
        Some(AtMost | NotAbove | Within) => -1,
        _ => 0,
    };
    class(a) * class(b) < 0
}

pub fn figure_value(f: &Figure) -> Option<f64> {
    f.value()
}

pub fn same_value(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_quantities() {
        let q = quantities(
            "收入超过350亿元，新增企业3至5家，建成10个以上园区，占比9.43%，2015年的690亿元",
        );
        let v: Vec<(f64, &str)> = q.iter().map(|q| (q.value, q.unit)).collect();
        assert_eq!(
            v,
            [(350.0, "亿元"), (10.0, "个"), (9.43, "%"), (690.0, "亿元")]
        );
        assert_eq!(q[0].qualifier, Some(Qualifier::Exceeding));
        assert_eq!(q[1].qualifier, Some(Qualifier::AtLeast));
        assert_eq!(q[3].year, Some(2015));
    }

    #[test]
    fn converts_units() {
        let q = &quantities("达到35000万元")[0];
        assert_eq!(in_unit(q, "亿元"), Some(3.5));
        assert_eq!(in_unit(q, "%"), None);
        assert_eq!(sentence_year("到2025年，增加值达到350亿元"), Some(2025));
    }
}
