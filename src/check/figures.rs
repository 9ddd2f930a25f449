//! Quantities in Chinese prose ("超过350亿元", "10个以上", "9.43%"), their year context, and the
//! indicators a sentence names. Shared by the figure rules (F001–F003).

use std::ops::Range;

use rustc_hash::FxHashMap as HashMap;

use crate::check::scan::{chars_starting_with, numbers, pair_bit, space_len};
use crate::check::units::{Unit, has};
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

const PRE_QUALIFIERS: &[&str] = &[
    "超过",
    "接近",
    "达到",
    "突破",
    "不低于",
    "不少于",
    "不高于",
    "约",
    "近",
    "超",
    "达",
];
const POST_QUALIFIERS: &[&str] = &["以上", "以下", "左右", "以内", "多"];

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

/// A four-digit year with 年 (and 底/末, 的) ending at `end`: its start and value.
fn year_before(text: &str, end: usize) -> Option<(usize, i32)> {
    let mut head = &text[..end];
    head = head.strip_suffix('的').unwrap_or(head);
    head = head
        .strip_suffix('底')
        .or_else(|| head.strip_suffix('末'))
        .unwrap_or(head);
    let digits = head.strip_suffix('年')?;
    let start = digits.len().checked_sub(4)?;
    let year = digits.get(start..)?;
    if !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((start, year.parse().ok()?))
}

/// Every quantity with a unit in `text`: an optional year (“2025年底的”), an optional qualifier
/// before (超过, 不低于 …), a number, a unit from the table above, an optional qualifier after
/// (以上, 左右 …). Numbers that are part of a range (1至2家, 3～5个), a year (2025年) or a longer
/// token are skipped. One pass over the bytes: digits are rare in prose, so this costs little
/// more than reading the text.
pub fn quantities(text: &str) -> Vec<Quantity> {
    let mut out = Vec::new();
    // Where scanning resumes: after the last quantity with its qualifier.
    let mut resume = 0;
    for num in numbers(text.as_bytes()) {
        if num.start < resume {
            continue;
        }
        let unit_at = num.end + space_len(&text[num.end..]);
        let after_space = &text[unit_at..];
        let Some(&(unit, ..)) = UNITS.iter().find(|(u, ..)| after_space.starts_with(u)) else {
            continue;
        };
        let unit_end = unit_at + unit.len();
        let post = POST_QUALIFIERS
            .iter()
            .find(|q| text[unit_end..].starts_with(**q))
            .copied();
        let end = unit_end + post.map_or(0, str::len);
        resume = end;
        let pre = PRE_QUALIFIERS
            .iter()
            .filter(|q| text[..num.start].ends_with(**q))
            .max_by_key(|q| q.len())
            .copied();
        let pre_start = num.start - pre.map_or(0, str::len);
        let year = year_before(text, pre_start);
        let start = year.map_or(pre_start, |(s, _)| s);
        let before = text[..num.start].chars().next_back();
        if before.is_some_and(|c| c == '.' || c == '\u{1}')
            || text[..pre_start].ends_with(['至', '到', '～', '~', '—', '-', '、'])
            || text[end..].starts_with(['至', '～', '~'])
        {
            continue;
        }
        let Ok(value) = text[num.clone()].parse::<f64>() else {
            continue;
        };
        out.push(Quantity {
            range: start..end,
            number: num,
            value,
            unit,
            qualifier: qualifier(pre, post),
            year: year.map(|(_, y)| y),
        });
    }
    out
}

/// Sentences (ending in 。；！？) as byte ranges.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    // 。 starts with 0xE3, ；！？ with 0xEF.
    for (i, c) in chars_starting_with(text, 0xE3, 0xEF, b';') {
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

/// The target year a sentence speaks of ("到2025年", "2025年底前"), if any: the first
/// four-digit year written with 年 in [`crate::model::date::YEARS`].
pub fn sentence_year(sentence: &str) -> Option<i32> {
    sentence.match_indices('年').find_map(|(at, _)| {
        let y = sentence.get(at.checked_sub(4)?..at)?;
        if !y.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        y.parse()
            .ok()
            .filter(|y| crate::model::date::YEARS.contains(y))
    })
}

/// An indicator named in text, by name or alias.
#[derive(Debug, Clone)]
pub struct Named<'p> {
    pub range: Range<usize>,
    pub table: &'p IndicatorTable,
    pub indicator: &'p Indicator,
}

/// The names and aliases of a plan's indicators, indexed by first character, built once per
/// plan: a plan has a few dozen names, found in one pass without building an automaton.
pub struct IndicatorNames<'p> {
    /// A filter of the names' first two characters ([`pair_bit`]).
    pairs: Vec<u64>,
    /// Names by first character, longest first (in table order among equal lengths), each
    /// with its index into `entries`.
    by_first: HashMap<char, Vec<(&'p str, usize)>>,
    entries: Vec<(&'p IndicatorTable, &'p Indicator)>,
}

impl<'p> IndicatorNames<'p> {
    pub fn new(plan: &'p Plan) -> IndicatorNames<'p> {
        let mut pairs = vec![0u64; 0x10000 / 64];
        let mut by_first: HashMap<char, Vec<(&'p str, usize)>> = HashMap::default();
        let mut entries = Vec::new();
        for t in &plan.tables {
            for i in t.indicators() {
                for n in std::iter::once(&i.name).chain(&i.aliases) {
                    let mut chars = n.value.chars();
                    if let (Some(first), Some(second)) = (chars.next(), chars.next()) {
                        let bit = pair_bit(first, second);
                        pairs[bit / 64] |= 1 << (bit % 64);
                        by_first
                            .entry(first)
                            .or_default()
                            .push((n.value.as_str(), entries.len()));
                        entries.push((t, i));
                    }
                }
            }
        }
        for names in by_first.values_mut() {
            names.sort_by_key(|(n, _)| std::cmp::Reverse(n.len()));
        }
        IndicatorNames {
            pairs,
            by_first,
            entries,
        }
    }

    /// Every indicator name or alias in `unit`, leftmost-longest, without overlaps. Each
    /// pair of neighbouring characters is first tested against the names' first two.
    pub fn find(&self, unit: &Unit) -> Vec<Named<'p>> {
        let mut out = Vec::new();
        if self.entries.is_empty() {
            return out;
        }
        let text: &str = &unit.masked;
        let mut resume = 0;
        for (ci, pair) in unit.chars.windows(2).enumerate() {
            let bit = pair_bit(pair[0], pair[1]);
            if self.pairs[bit / 64] & (1 << (bit % 64)) == 0 {
                continue;
            }
            let i = unit.offsets[ci] as usize;
            if i < resume {
                continue;
            }
            let rest = &text[i..];
            let hit = (self.by_first.get(&pair[0]))
                .and_then(|names| names.iter().find(|(n, _)| rest.starts_with(n)));
            if let Some(&(name, e)) = hit {
                let (table, indicator) = self.entries[e];
                out.push(Named {
                    range: i..i + name.len(),
                    table,
                    indicator,
                });
                resume = i + name.len();
            }
        }
        out
    }
}

/// One sentence of a prose unit with what the figure rules look for in it, found once per
/// plan. Ranges are relative to the sentence.
pub struct Sentence<'p> {
    /// Bytes of the sentence in the unit's text.
    pub range: Range<usize>,
    pub year: Option<i32>,
    pub named: Vec<Named<'p>>,
    pub quantities: Vec<Quantity>,
}

/// The sentences of `text` with their indicator names, quantities and year: one scan of the
/// whole text for names and one for quantities, then shared out by sentence.
/// A unit without an ASCII digit has neither quantities nor years to look for; one without
/// a digit and without 翻 or 增 gives no sentences at all, as no figure rule could use them.
pub fn analyse<'p>(names: &IndicatorNames<'p>, unit: &Unit) -> Vec<Sentence<'p>> {
    let text: &str = &unit.masked;
    let digits = unit.has_any(has::DIGIT);
    // The figure rules read a sentence only for its quantities (F001, F002), which need
    // digits, or for a growth claim (F003), which holds 翻 or 增: a unit with neither has
    // nothing for them.
    if !unit.has_any(has::DIGIT | has::GROWTH) {
        return Vec::new();
    }
    let mut named = names.find(unit).into_iter().peekable();
    let mut quantities = if digits { quantities(text) } else { Vec::new() }
        .into_iter()
        .peekable();
    sentences(text)
        .into_iter()
        .map(|r| {
            let mut s = Sentence {
                year: digits.then(|| sentence_year(&text[r.clone()])).flatten(),
                named: Vec::new(),
                quantities: Vec::new(),
                range: r.clone(),
            };
            // Skip anything that straddles a sentence boundary (none can: names and
            // quantities hold no sentence-ending punctuation).
            while let Some(mut n) = named.next_if(|n| n.range.start < r.end) {
                if n.range.start >= r.start && n.range.end <= r.end {
                    n.range = n.range.start - r.start..n.range.end - r.start;
                    s.named.push(n);
                }
            }
            while let Some(mut q) = quantities.next_if(|q| q.range.start < r.end) {
                if q.range.start >= r.start && q.range.end <= r.end {
                    let shift = |x: &Range<usize>| x.start - r.start..x.end - r.start;
                    q.range = shift(&q.range);
                    q.number = shift(&q.number);
                    s.quantities.push(q);
                }
            }
            s
        })
        .collect()
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
