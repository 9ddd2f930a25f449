//! N002: one proper name written several ways across the workspace (北戴河生命科学园 /
//! 北戴河生命科技园), found without a glossary.

use std::ops::Range;
use std::sync::OnceLock;

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

use super::prelude::*;
use crate::check::gazetteer::Gazetteer;
use crate::check::units::{CharSet, is_han};
use crate::model::{Text, Workspace};

pub static RULE: Rule = Rule::workspace(code::N002, check);

/// Name endings, longest first.
#[rustfmt::skip]
const SUFFIXES: &[&str] = &[
    "产业港", "示范区", "开发区", "试验区", "先行区", "研究院", "园区", "中心", "医院", "基地", "小镇", "集团", "大学", "学院", "园",
];

/// Words that precede a name but are not part of it: verbs and function words. A name
/// starts after the last of these before its suffix.
#[rustfmt::skip]
const BOUNDARIES: &[&str] = &[
    "建设", "推进", "打造", "依托", "支持", "加快", "引进", "发挥", "完善", "提升", "高标准", "重点", "做好", "推动", "围绕", "配合",
    "联合", "共建", "在", "与", "和", "及", "的", "以", "对", "将", "由", "为", "把", "向", "从", "等",
    // Tuned on the example workspace and the seed documents.
    "以上", "以下", "其中", "包括", "关于", "是", "个", "一批", "若干", "力争", "争取", "实施", "设立", "建立", "建成", "成立",
    "新建", "组建", "设置", "举办", "引来", "引导", "鼓励", "吸引", "借助", "结合", "抓住", "对接", "承接", "参照", "对标", "按照",
    "根据", "提高", "强化", "深化", "加强", "扩大", "扩容", "改造", "突出", "落实", "完成", "编制", "统筹", "调整", "入驻", "进驻",
    "入选", "进入", "纳入", "落户", "带动", "拉动", "集聚", "允许", "用好", "简称", "暨", "我市", "全面", "积极", "大力", "着力",
    "全力", "努力", "进一步", "不断", "持续", "逐步", "继续", "健全", "形成", "创建", "申报", "谋划", "开展", "实现", "了",
];

/// Characters that tell apart different members of a series, not different spellings:
/// numbers, ordinals, 甲乙丙丁, directions and administrative levels.
const MARKERS: &str = "0123456789０１２３４５６７８９零〇一二三四五六七八九十百千两第甲乙丙丁东西南北上下中新老省市县区乡镇村级批期";

/// Words one character apart that name different things: a name with one where the other
/// has the other is another name (国家老年医学中心 / 国际老年医学中心).
#[rustfmt::skip]
const DISTINCT_WORDS: &[(&str, &str)] = &[
    ("国家", "国际"), ("中医", "西医"), ("中药", "西药"), ("中药", "医药"), ("医疗", "医药"), ("医疗", "医学"), ("医学", "医药"),
    ("医疗", "医养"), ("康复", "康养"), ("养老", "养生"), ("生物", "生态"), ("研发", "研究"), ("产业", "企业"), ("职业", "专业"),
    ("公园", "乐园"), ("公园", "庄园"), ("公园", "花园"), ("乐园", "庄园"), ("花园", "庄园"), ("田园", "庄园"),
];

const MIN_CHARS: usize = 5;

/// data/name-modifiers.txt: words that, inserted in a name, make it another institution.
fn modifiers() -> &'static Vec<Vec<char>> {
    static M: OnceLock<Vec<Vec<char>>> = OnceLock::new();
    M.get_or_init(|| {
        include_str!("../../../data/name-modifiers.txt")
            .lines()
            .map(|l| l.split('#').next().unwrap_or("").trim())
            .filter(|l| !l.is_empty())
            .map(|l| l.chars().collect())
            .collect()
    })
}

/// data/similar-chars.tsv: characters often written for each other (形/型).
fn similar_chars() -> &'static Vec<(char, char)> {
    static M: OnceLock<Vec<(char, char)>> = OnceLock::new();
    M.get_or_init(|| {
        include_str!("../../../data/similar-chars.tsv")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let mut it = l.split('\t').filter_map(|x| x.trim().chars().next());
                Some((it.next()?, it.next()?))
            })
            .collect()
    })
}

/// The suffixes by first character, longest first, as indices into [`SUFFIXES`], with a
/// bitmap of those first characters.
fn suffixes() -> &'static (CharSet, HashMap<char, Vec<usize>>) {
    static S: OnceLock<(CharSet, HashMap<char, Vec<usize>>)> = OnceLock::new();
    S.get_or_init(|| {
        let mut firsts = CharSet::default();
        let mut by_first: HashMap<char, Vec<usize>> = HashMap::default();
        for (k, x) in SUFFIXES.iter().enumerate() {
            let c = x.chars().next().expect("non-empty");
            firsts.insert(c);
            by_first.entry(c).or_default().push(k);
        }
        for v in by_first.values_mut() {
            v.sort_by_key(|&k| std::cmp::Reverse(SUFFIXES[k].len()));
        }
        (firsts, by_first)
    })
}

/// Does `s`, whose last character is `last`, end with a boundary word? Words indexed by
/// their last character, with a bitmap of those characters to rule out most at once.
fn ends_with_boundary(s: &str, last: char) -> bool {
    static BY_LAST: OnceLock<(CharSet, HashMap<char, Vec<&'static str>>)> = OnceLock::new();
    let (lasts, by_last) = BY_LAST.get_or_init(|| {
        let mut lasts = CharSet::default();
        let mut m: HashMap<char, Vec<&'static str>> = HashMap::default();
        for w in BOUNDARIES {
            let last = w.chars().next_back().expect("non-empty");
            lasts.insert(last);
            m.entry(last).or_default().push(w);
        }
        (lasts, m)
    });
    lasts.contains(last) && (by_last.get(&last)).is_some_and(|ws| ws.iter().any(|w| s.ends_with(w)))
}

/// The candidate names in `s`: (range, index of the suffix in [`SUFFIXES`]). A name runs
/// left from its suffix over Han characters up to punctuation or a boundary word. Suffixes
/// are taken leftmost first, the longest at a position, without overlaps.
#[cfg(test)]
pub(crate) fn names(s: &str) -> Vec<(Range<usize>, usize)> {
    let (offsets, chars): (Vec<u32>, Vec<char>) =
        s.char_indices().map(|(i, c)| (i as u32, c)).unzip();
    let mut out = Vec::new();
    each_name(s, &chars, &offsets, |range, suffix| {
        out.push((range, suffix))
    });
    out
}

/// Calls `found` with each candidate name in `s`, whose characters are `chars` at byte
/// offsets `offsets` (see [`names`]).
fn each_name(s: &str, chars: &[char], offsets: &[u32], mut found: impl FnMut(Range<usize>, usize)) {
    let (firsts, by_first) = suffixes();
    let mut resume = 0;
    for (ci, &c) in chars.iter().enumerate() {
        if !firsts.contains(c) || ci < resume {
            continue;
        }
        let i = offsets[ci] as usize;
        let rest = &s[i..];
        let Some(&k) =
            (by_first.get(&c).into_iter().flatten()).find(|&&k| rest.starts_with(SUFFIXES[k]))
        else {
            continue;
        };
        let suffix_chars = SUFFIXES[k].chars().count();
        resume = ci + suffix_chars;
        let (mut start, mut left) = (i, ci);
        while let Some(&c) = left.checked_sub(1).and_then(|l| chars.get(l)) {
            if !is_han(c) || ends_with_boundary(&s[..start], c) {
                break;
            }
            start -= c.len_utf8();
            left -= 1;
        }
        if ci - left + suffix_chars >= MIN_CHARS {
            found(start..i + SUFFIXES[k].len(), k);
        }
    }
}

/// Are `a` and `b`, two names with the same suffix of `suffix` characters, two spellings of
/// one name?
pub(crate) fn is_variant(a: &[char], b: &[char], suffix: usize) -> bool {
    if a.len().abs_diff(b.len()) > 3 {
        return false;
    }
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let max_s = a.len().min(b.len()) - p;
    let s = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(max_s)
        .take_while(|(x, y)| x == y)
        .count();
    let (da, db) = (&a[p..a.len() - s], &b[p..b.len() - s]);
    // Identical, or different from the first character on: a name missing its leading
    // region (市第一医院) is an abbreviation, and another head word is another name.
    if p == 0 || da.is_empty() && db.is_empty() {
        return false;
    }
    // Only numbers, ordinals, directions or levels differ: 第一医院 / 第二医院, 东区 / 西区.
    if da.iter().chain(db).all(|c| MARKERS.contains(*c)) {
        return false;
    }
    let shorter = a.len().min(b.len());
    let ok = if da.is_empty() || db.is_empty() {
        // A word of up to three characters added or dropped in the middle. Right before the
        // suffix it usually names another kind of facility (影像中心 / 影像诊断中心), unless
        // the name starts with a place (秦皇岛经济开发区 / 秦皇岛经济技术开发区).
        // A dropped word that ends a name (中关村生命园昌黎科创基地 / 中关村昌黎科创基地) is
        // the parent named in full or left out: an abbreviation.
        let longer = if da.is_empty() { b } else { a };
        let head: String = longer[..longer.len() - s].iter().collect();
        let inserted = if da.is_empty() { db } else { da };
        // 国家中医临床研究基地 / 国家临床研究基地: a modifier makes another institution.
        let modifier = modifiers().iter().any(|m| m.as_slice() == inserted);
        !modifier
            && da.len().max(db.len()) <= 3
            && shorter >= 7
            && (s >= suffix + 2 || starts_with_place(longer))
            && !SUFFIXES.iter().any(|x| head.ends_with(x))
    } else if da.len() == 1 && db.len() == 1 {
        let word = |n: &[char], i: usize| n[i..i + 2].iter().collect::<String>();
        let distinct = |x: String, y: String| {
            DISTINCT_WORDS
                .iter()
                .any(|&(u, v)| (u, v) == (&x, &y) || (v, u) == (&x, &y))
        };
        // 外贸型园区 / 外贸形园区: a pair often written for each other, whatever the length.
        let similar = similar_chars()
            .iter()
            .any(|&(x, y)| (x, y) == (da[0], db[0]) || (y, x) == (da[0], db[0]));
        similar
            || (shorter >= 6
                && !distinct(word(a, p - 1), word(b, p - 1))
                && !distinct(word(a, p), word(b, p)))
    } else if da.len() == 2 && db.len() == 2 {
        // Two adjacent characters swapped is a typo; a two-character word replaced is
        // another name (检测中心 / 制备中心).
        da[0] == db[1] && da[1] == db[0]
    } else {
        shorter >= 7 && levenshtein(da, db) <= 2
    };
    ok && !differs_in_place_name(a, b, p, s)
}

fn starts_with_place(name: &[char]) -> bool {
    let text: String = name.iter().collect();
    Gazetteer::get()
        .mentions(&text)
        .first()
        .is_some_and(|m| m.range.start == 0)
}

/// The difference lies in a division name (抚宁区 / 海港区): different places.
fn differs_in_place_name(a: &[char], b: &[char], p: usize, s: usize) -> bool {
    let g = Gazetteer::get();
    [a, b].iter().any(|n| {
        let text: String = n.iter().collect();
        let from: usize = n[..p].iter().map(|c| c.len_utf8()).sum();
        let to: usize = text.len() - n[n.len() - s..].iter().map(|c| c.len_utf8()).sum::<usize>();
        g.mentions(&text)
            .iter()
            .any(|m| m.range.start < to.max(from + 1) && m.range.end > from)
    })
}

/// Edit distance between `a` and `b`, over two reused rows.
fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
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
            !v.is_empty()
                && (a.contains(v) && a.replace(v, name) == b
                    || b.contains(v) && b.replace(v, name) == a)
        }) || {
            let spellings =
                || std::iter::once(name).chain(e.variants.iter().map(|v| v.value.as_str()));
            spellings().any(|x| x == a) && spellings().any(|x| x == b)
        }
    })
}

struct Name<'a> {
    text: &'a str,
    suffix: usize,
    occurrences: Vec<(&'a Text, Range<usize>)>,
}

/// A candidate name where it occurs: (name, suffix, text, range in the text).
type Found<'a> = (&'a str, usize, &'a Text, Range<usize>);

/// Every candidate name of a plan, in reading order.
fn plan_names<'c>(ctx: &'c PlanCtx<'_>) -> Vec<Found<'c>> {
    let mut out = Vec::new();
    for u in &ctx.units {
        let masked: &str = &u.masked;
        each_name(masked, &u.chars, &u.offsets, |range, suffix| {
            out.push((&masked[range.clone()], suffix, u.text, range));
        });
    }
    out
}

fn check(ws: &Workspace, plans: &[PlanCtx], out: &mut Reporter) {
    let per_plan: Vec<Vec<Found>> = if plans.len() >= crate::check::PARALLEL_FROM {
        plans.par_iter().map(plan_names).collect()
    } else {
        plans.iter().map(plan_names).collect()
    };
    let mut index: HashMap<&str, usize> = HashMap::default();
    let mut list: Vec<Name> = Vec::new();
    for (name, suffix, text, range) in per_plan.into_iter().flatten() {
        let i = *index.entry(name).or_insert_with(|| {
            list.push(Name {
                text: name,
                suffix,
                occurrences: Vec::new(),
            });
            list.len() - 1
        });
        list[i].occurrences.push((text, range));
    }
    // Compare only names with the same suffix and the same first character (names that
    // differ from the first character on are never variants).
    // Sorted by (suffix, first character, order of first appearance): each group is a run.
    let mut order: Vec<(usize, char, usize)> = (list.iter().enumerate())
        .map(|(i, n)| (n.suffix, n.text.chars().next().unwrap_or_default(), i))
        .collect();
    order.sort_unstable();
    let mut chars: Vec<Vec<char>> = vec![Vec::new(); list.len()];
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for group in order.chunk_by(|x, y| (x.0, x.1) == (y.0, y.1)) {
        if group.len() < 2 {
            continue;
        }
        for &(.., i) in group {
            chars[i] = list[i].text.chars().collect();
        }
        for (k, &(.., i)) in group.iter().enumerate() {
            for &(.., j) in &group[k + 1..] {
                let (a, b) = (&list[i], &list[j]);
                let suffix_len = SUFFIXES[a.suffix].chars().count();
                if is_variant(&chars[i], &chars[j], suffix_len) && !registered(ws, a.text, b.text) {
                    // The rarer spelling is the suspect; on a tie, the one seen later.
                    let (rare, common) = if a.occurrences.len() < b.occurrences.len() {
                        (i, j)
                    } else {
                        (j, i)
                    };
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
        let mut d = out
            .report(
                span(&r.occurrences[0]),
                msg!(
                    "“{found}”（{found_count} 处）与“{expected}”（{expected_count} 处）疑似同一名称的不同写法",
                    found = r.text,
                    found_count = nr,
                    expected = c.text,
                    expected_count = nc
                ),
            )
            .with_label(format!("“{}”", r.text))
            .with_related(span(&c.occurrences[0]), format!("“{}”", c.text));
        for o in r.occurrences.iter().skip(1).take(3) {
            d = d.with_related(span(o), format!("“{}”又出现在这里", r.text));
        }
        for o in c.occurrences.iter().skip(1).take(3) {
            d = d.with_related(span(o), format!("“{}”又出现在这里", c.text));
        }
        let (t, at) = &r.occurrences[0];
        let edit = ws.sources.exact_span(t.span, &t.value, at.clone());
        d.with_hint(format!(
            "统一写法，并在 guihua.yaml 的 glossary 中登记规范名称：`- {{name: {}, variants: [{}]}}`",
            c.text, r.text
        ))
        .with_edit(
            edit.map(|span| crate::diagnostic::Edit {
                span,
                replacement: c.text.to_string(),
            }),
            format!("改为“{}”", c.text),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(a: &str, b: &str, suffix: usize) -> bool {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        is_variant(&a, &b, suffix)
    }

    #[test]
    fn data_tables_decide_modifiers_and_lookalikes() {
        assert!(!v("国家中医临床研究基地", "国家临床研究基地", 2));
        assert!(v("外贸型园区", "外贸形园区", 2));
        let n: Vec<String> = names("建设外贸型园区，完善外贸型园区配套。外贸形园区的企业")
            .into_iter()
            .map(|(r, _)| "建设外贸型园区，完善外贸型园区配套。外贸形园区的企业"[r].to_string())
            .collect();
        assert_eq!(n, ["外贸型园区", "外贸型园区", "外贸形园区"]);
    }

    #[test]
    fn seed_variants() {
        assert!(v("北戴河生命科学园", "北戴河生命科技园", 1));
        assert!(v("中秦兴龙康复辅具产业园", "中泰兴龙康复辅具产业园", 1));
        assert!(v(
            "北戴河生命健康产业创新示范区",
            "北戴河生命健康创新示范区",
            3
        ));
        assert!(!v("秦皇岛市第一医院", "秦皇岛市第二医院", 2));
        assert!(!v("秦皇岛市第一医院", "市第一医院", 2));
        assert!(!v("细胞检测中心", "细胞制备中心", 2));
        assert!(!v("抚宁区人民医院", "海港区人民医院", 2));
        assert!(!v("北戴河区中医医院", "北戴河新区中医医院", 2));
        assert!(!v("国家老年医学中心", "国际老年医学中心", 2));
        assert!(!v("中关村生命园昌黎科创基地", "中关村昌黎科创基地", 2));
        assert!(!v("国家区域医疗中心", "国家第二批区域医疗中心", 2));
        assert!(v("秦皇岛经济开发区", "秦皇岛经济技术开发区", 3));
        assert!(!v("公共医学影像中心", "公共医学影像诊断中心", 2));
    }

    #[test]
    fn edit_distance() {
        let d = |a: &str, b: &str| {
            levenshtein(
                &a.chars().collect::<Vec<_>>(),
                &b.chars().collect::<Vec<_>>(),
            )
        };
        assert_eq!(d("", ""), 0);
        assert_eq!(d("科学", ""), 2);
        assert_eq!(d("科学", "科技"), 1);
        assert_eq!(d("生命科学", "科学生命"), 4);
        assert_eq!(d("kitten", "sitting"), 3);
    }

    #[test]
    fn extracts_names() {
        let s = "高标准建设北戴河生命科学园、中关村生命园昌黎科创基地等重大平台，以{{x.name}}市第一医院为依托";
        let got: Vec<&str> = names(s).into_iter().map(|(r, _)| &s[r]).collect();
        assert_eq!(
            got,
            [
                "北戴河生命科学园",
                "中关村生命园",
                "中关村生命园昌黎科创基地",
                "市第一医院"
            ]
        );
    }
}
