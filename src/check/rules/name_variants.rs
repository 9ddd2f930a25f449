//! N002: one proper name written several ways across the workspace (北戴河生命科学园 /
//! 北戴河生命科技园), found without a glossary.

use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};
use rustc_hash::FxHashMap as HashMap;

use super::report;
use crate::check::gazetteer::Gazetteer;
use crate::check::units::{collect, is_han};
use crate::check::{Rule, Scope};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Text, Workspace};

pub static RULE: Rule = Rule {
    code: "N002",
    name: "name-variant",
    severity: Severity::Warning,
    summary: "同一专有名称疑似有多种写法",
    explanation: "园区、中心、医院、示范区等专有名称在多处出现时，容易写出不同版本（“北戴河生命科学园”与“北戴河生命科技园”，“北戴河生命健康产业创新示范区”与“北戴河生命健康创新示范区”）。检查全部规划的正文和标题，找出以同一后缀结尾、只差一两个字或中间多一个词的名称，连同各自出现次数一并报告，由编辑确定规范写法。只差序号、数字、方位（第一医院与第二医院、东区与西区）或地名的不算；前面少了地区名的（市第一医院）视为简称，也不报告。确定后把规范名称和错误写法登记到 guihua.yaml 的 glossary 中，此后由 N001 报告错误写法。",
    bad: "- 高标准建设北戴河生命科学园……\n- 进一步健全北戴河生命科技园生物产业孵化器功能。",
    good: "- 进一步健全北戴河生命科学园生物产业孵化器功能。",
    scope: Scope::Workspace(check),
};

/// Name endings, longest first.
const SUFFIXES: &[&str] = &[
    "产业港", "示范区", "开发区", "试验区", "先行区", "研究院", "园区", "中心", "医院", "基地", "小镇", "集团", "大学", "学院", "园",
];

/// Words that precede a name but are not part of it: verbs and function words. A name
/// starts after the last of these before its suffix.
const BOUNDARIES: &[&str] = &[
    "建设", "推进", "打造", "依托", "支持", "加快", "引进", "发挥", "完善", "提升", "高标准", "重点", "做好", "推动", "围绕", "配合",
    "联合", "共建", "在", "与", "和", "及", "的", "以", "对", "将", "由", "为", "把", "向", "从", "等",
];

/// Characters that tell apart different members of a series, not different spellings:
/// numbers, ordinals, 甲乙丙丁 and directions.
const MARKERS: &str = "0123456789０１２３４５６７８９零〇一二三四五六七八九十百千两第甲乙丙丁东西南北上下中新老";

const MIN_CHARS: usize = 5;

fn suffixes() -> &'static AhoCorasick {
    static A: OnceLock<AhoCorasick> = OnceLock::new();
    A.get_or_init(|| AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(SUFFIXES).expect("valid patterns"))
}

/// The candidate names in `s`: (range, index of the suffix in [`SUFFIXES`]).
pub(crate) fn names(s: &str) -> Vec<(Range<usize>, usize)> {
    let mut out = Vec::new();
    for m in suffixes().find_iter(s) {
        let mut start = m.start();
        while let Some(c) = s[..start].chars().next_back() {
            if !is_han(c) || BOUNDARIES.iter().any(|w| s[..start].ends_with(w)) {
                break;
            }
            start -= c.len_utf8();
        }
        if s[start..m.end()].chars().count() >= MIN_CHARS {
            out.push((start..m.end(), m.pattern().as_usize()));
        }
    }
    out
}

/// Are `a` and `b` (same suffix) two spellings of one name?
pub(crate) fn is_variant(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > 3 {
        return false;
    }
    let p = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let max_s = a.len().min(b.len()) - p;
    let s = a.iter().rev().zip(b.iter().rev()).take(max_s).take_while(|(x, y)| x == y).count();
    let (da, db) = (&a[p..a.len() - s], &b[p..b.len() - s]);
    if da.is_empty() && db.is_empty() {
        return false;
    }
    // Only numbers, ordinals or directions differ: 第一医院 / 第二医院, 东区 / 西区.
    if da.iter().chain(db).all(|c| MARKERS.contains(*c)) {
        return false;
    }
    let ok = if da.is_empty() || db.is_empty() {
        // A word added or dropped in the middle; at the start it is an abbreviation.
        p > 0 && da.len().max(db.len()) <= 3
    } else if da.len() == 1 && db.len() == 1 {
        true
    } else if da.len() == 2 && db.len() == 2 {
        // Two adjacent characters swapped is a typo; a two-character word replaced is
        // another name (检测中心 / 制备中心).
        da[0] == db[1] && da[1] == db[0]
    } else {
        levenshtein(da, db) <= 2 && a.len().min(b.len()) >= 7
    };
    ok && !differs_in_place_name(&a, &b, p, s)
}

/// The difference lies in a division name (抚宁区 / 海港区): different places.
fn differs_in_place_name(a: &[char], b: &[char], p: usize, s: usize) -> bool {
    let g = Gazetteer::get();
    [a, b].iter().any(|n| {
        let text: String = n.iter().collect();
        let from: usize = n[..p].iter().map(|c| c.len_utf8()).sum();
        let to: usize = text.len() - n[n.len() - s..].iter().map(|c| c.len_utf8()).sum::<usize>();
        g.mentions(&text).iter().any(|m| m.range.start < to.max(from + 1) && m.range.end > from)
    })
}

fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push((prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The glossary already says which of the two is right: one is an entry's name and the
/// other that name with a registered variant in its place (or both are spellings of one entry).
fn registered(ws: &Workspace, a: &str, b: &str) -> bool {
    ws.config.glossary.iter().any(|e| {
        let name = e.name.value.as_str();
        e.variants.iter().any(|v| {
            let v = v.value.as_str();
            !v.is_empty() && (a.contains(v) && a.replace(v, name) == b || b.contains(v) && b.replace(v, name) == a)
        }) || {
            let spellings = || std::iter::once(name).chain(e.variants.iter().map(|v| v.value.as_str()));
            spellings().any(|x| x == a) && spellings().any(|x| x == b)
        }
    })
}

struct Name<'a> {
    text: String,
    suffix: usize,
    occurrences: Vec<(&'a Text, Range<usize>)>,
}

fn check(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    let mut index: HashMap<String, usize> = HashMap::default();
    let mut list: Vec<Name> = Vec::new();
    for plan in &ws.plans {
        for u in collect(plan) {
            for (range, suffix) in names(&u.masked) {
                let name = &u.masked[range.clone()];
                let i = *index.entry(name.to_string()).or_insert_with(|| {
                    list.push(Name { text: name.to_string(), suffix, occurrences: Vec::new() });
                    list.len() - 1
                });
                list[i].occurrences.push((u.text, range));
            }
        }
    }
    let mut groups: Vec<Vec<usize>> = vec![Vec::new(); SUFFIXES.len()];
    for (i, n) in list.iter().enumerate() {
        groups[n.suffix].push(i);
    }
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for group in &groups {
        for (k, &i) in group.iter().enumerate() {
            for &j in &group[k + 1..] {
                let (a, b) = (&list[i], &list[j]);
                if is_variant(&a.text, &b.text) && !registered(ws, &a.text, &b.text) {
                    // The rarer spelling is the suspect; on a tie, the one seen later.
                    let (rare, common) = if a.occurrences.len() < b.occurrences.len() { (i, j) } else { (j, i) };
                    pairs.push((rare, common));
                }
            }
        }
    }
    pairs.sort_unstable();
    let span = |(t, r): &(&Text, Range<usize>)| ws.sources.sub_span(t.span, &t.value, r.clone());
    for (rare, common) in pairs {
        let (r, c) = (&list[rare], &list[common]);
        let (nr, nc) = (r.occurrences.len(), c.occurrences.len());
        let mut d = report(
            &RULE,
            span(&r.occurrences[0]),
            format!("“{}”（{nr} 处）与“{}”（{nc} 处）疑似同一名称的不同写法", r.text, c.text),
        )
        .with_label(format!("“{}”", r.text))
        .with_related(span(&c.occurrences[0]), format!("“{}”", c.text));
        for o in r.occurrences.iter().skip(1).take(3) {
            d = d.with_related(span(o), format!("“{}”又出现在这里", r.text));
        }
        for o in c.occurrences.iter().skip(1).take(3) {
            d = d.with_related(span(o), format!("“{}”又出现在这里", c.text));
        }
        out.push(d.with_hint(format!(
            "统一写法，并在 guihua.yaml 的 glossary 中登记规范名称，例如 `glossary: [{{name: {}, variants: [{}]}}]`",
            c.text, r.text
        )));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_variants() {
        assert!(is_variant("北戴河生命科学园", "北戴河生命科技园"));
        assert!(is_variant("中秦兴龙康复辅具产业园", "中泰兴龙康复辅具产业园"));
        assert!(is_variant("北戴河生命健康产业创新示范区", "北戴河生命健康创新示范区"));
        assert!(!is_variant("秦皇岛市第一医院", "秦皇岛市第二医院"));
        assert!(!is_variant("秦皇岛市第一医院", "市第一医院"));
        assert!(!is_variant("细胞检测中心", "细胞制备中心"));
        assert!(!is_variant("抚宁区人民医院", "海港区人民医院"));
        assert!(!is_variant("北戴河区中医医院", "北戴河新区中医医院"));
    }

    #[test]
    #[ignore]
    fn dev_print() {
        let mut corpora: Vec<Vec<(String, String)>> = Vec::new();
        let mut seeds: Vec<_> = std::fs::read_dir("/work/shared/seeds").unwrap().map(|f| f.unwrap().path()).collect();
        seeds.sort();
        for p in seeds {
            let t = std::fs::read_to_string(&p).unwrap();
            corpora.push(t.lines().enumerate().map(|(i, l)| (format!("{}:{}", &p.file_name().unwrap().to_string_lossy()[..3], i + 1), l.to_string())).collect());
        }
        let root = std::env::var("WS").unwrap_or(env!("CARGO_MANIFEST_DIR").to_string());
        let (ws, _) = crate::check_workspace(std::path::Path::new(&root)).unwrap();
        let mut ex = Vec::new();
        for plan in &ws.plans {
            for u in collect(plan) {
                let (l, _) = ws.sources.get(u.text.span.file).line_col(u.text.span.start as usize);
                ex.push((format!("{}:{l}", ws.sources.get(u.text.span.file).path.display()), u.masked.clone()));
            }
        }
        corpora.push(ex);
        for texts in &corpora {
            println!("=== corpus");
            let mut all: Vec<(String, String)> = Vec::new();
            for (loc, t) in texts {
                for (r, _) in names(t) {
                    all.push((t[r].to_string(), loc.clone()));
                }
            }
            let mut distinct: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
            distinct.sort();
            distinct.dedup();
            if std::env::var("NAMES").is_ok() {
                for n in &distinct {
                    println!("NAME {n}");
                }
            }
            for (i, a) in distinct.iter().enumerate() {
                for b in &distinct[i + 1..] {
                    let sa = SUFFIXES.iter().find(|s| a.ends_with(*s));
                    let sb = SUFFIXES.iter().find(|s| b.ends_with(*s));
                    if sa == sb && is_variant(a, b) {
                        let la: Vec<&String> = all.iter().filter(|(n, _)| n == a).map(|(_, l)| l).take(2).collect();
                        let lb: Vec<&String> = all.iter().filter(|(n, _)| n == b).map(|(_, l)| l).take(2).collect();
                        println!("PAIR {a} {la:?} | {b} {lb:?}");
                    }
                }
            }
            println!("{} names, {} distinct", all.len(), distinct.len());
        }
    }
}
