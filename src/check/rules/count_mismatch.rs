//! S001: a count ("六大产业集群", "“四张”名片") that does not match what it counts.

use super::prelude::*;
use crate::check::UnitKind;
use crate::check::units::has;

pub static RULE: Rule = Rule::plan(code::S001, check);

pub(super) const COUNTERS: &[char] = &[
    '大', '个', '项', '张', '类', '条', '种', '位', '座', '家', '批',
];

/// A numeral (`6`, `六`, `十二`) followed by a counter word (大, 个, 项 …).
pub(super) struct Count {
    /// Numeral and counter.
    pub all: std::ops::Range<usize>,
    pub numeral: std::ops::Range<usize>,
    pub counter: char,
}

/// Every count in `s`, left to right: a run of ASCII digits or of Chinese numerals, optional
/// white space, a counter word.
/// `chars` are the characters of `s` with their offsets (`str::char_indices`, or a unit's).
pub(super) fn counts<'s>(
    s: &'s str,
    chars: impl Iterator<Item = (usize, char)> + 's,
) -> impl Iterator<Item = Count> + 's {
    let kind = |c: char| match c {
        '0'..='9' => 1,
        '一' | '二' | '两' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' => 2,
        _ => 0,
    };
    // Where scanning resumes: after the last numeral run and the white space behind it.
    let mut resume = 0;
    let mut starts = chars;
    std::iter::from_fn(move || {
        for (start, c) in starts.by_ref() {
            let k = kind(c);
            if start < resume || k == 0 {
                continue;
            }
            let mut chars = s[start..].char_indices().map(|(i, c)| (start + i, c));
            let mut chars = chars.by_ref().skip(1).peekable();
            let mut end = start + c.len_utf8();
            while let Some((i, c)) = chars.next_if(|&(_, c)| kind(c) == k) {
                end = i + c.len_utf8();
            }
            resume = end;
            while let Some((i, c)) = chars.next_if(|&(_, c)| c.is_whitespace()) {
                resume = i + c.len_utf8();
            }
            if let Some((i, counter)) = chars.next_if(|&(_, c)| COUNTERS.contains(&c)) {
                resume = i + counter.len_utf8();
                return Some(Count {
                    all: start..i + counter.len_utf8(),
                    numeral: start..end,
                    counter,
                });
            }
        }
        None
    })
}

/// 三 → 3, 十二 → 12, 两 → 2, "6" → 6.
pub fn numeral(s: &str) -> Option<usize> {
    if let Ok(n) = s.parse() {
        return Some(n);
    }
    let digit = |c: char| {
        "零一二三四五六七八九"
            .find(c)
            .map(|i| i / 3)
            .or((c == '两').then_some(2))
    };
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [c] if *c == '十' => Some(10),
        [c] => digit(*c),
        ['十', u] => digit(*u).map(|u| 10 + u),
        [t, '十'] => digit(*t).map(|t| t * 10),
        [t, '十', u] => Some(digit(*t)? * 10 + digit(*u)?),
        _ => None,
    }
}

const BOUNDARY: &[char] = &[
    '，', '。', '；', '：', '“', '（', '《', ',', ';', ':', '(', '\n', '！', '？',
];
const CONJUNCTIONS: &[&str] = &["以及", "和", "及", "与"];

/// Number of items in an enumeration such as "甲、乙和丙" (3).
fn items_in(seg: &str) -> usize {
    let parts: Vec<&str> = seg.split('、').collect();
    let last = parts.last().copied().unwrap_or("");
    parts.len() + usize::from(parts.len() >= 2 && CONJUNCTIONS.iter().any(|c| last.contains(c)))
}

/// Items enumerated right before `end`: (count, ends with 等), or `None` when there is no
/// enumeration or its items are themselves counted phrases (做优四张…、扶强三大…).
fn preceding_items(s: &str, end: usize) -> Option<(usize, bool)> {
    let mut head = s[..end].trim_end();
    let quoted = head.ends_with('”') || head.ends_with('」');
    head = head.trim_end_matches(['”', '」']);
    let partial = head.ends_with('等');
    head = head.trim_end_matches('等');
    let start = head
        .rfind(|c: char| BOUNDARY.contains(&c) || (quoted && c == '“'))
        .map_or(0, |i| {
            i + head[i..].chars().next().map_or(1, char::len_utf8)
        });
    let seg = &head[start..];
    if !seg.contains('、') {
        return None;
    }
    let parts: Vec<&str> = seg.split('、').collect();
    if parts[..parts.len() - 1]
        .iter()
        .any(|p| counts(p, p.char_indices()).next().is_some())
    {
        return None;
    }
    Some((items_in(seg), partial))
}

/// Items enumerated after "N大X：" / "N大X，即" / "N大X，包括".
fn following_items(s: &str, from: usize) -> Option<(usize, bool)> {
    let rest = &s[from..];
    let intro = rest.char_indices().take(16).find_map(|(i, c)| match c {
        '：' | ':' => Some(i + c.len_utf8()),
        '，' => ["即", "包括", "分别是", "分别为"].iter().find_map(|w| {
            rest[i + c.len_utf8()..]
                .starts_with(w)
                .then(|| i + c.len_utf8() + w.len())
        }),
        '。' | '；' => Some(usize::MAX),
        _ => None,
    })?;
    if intro == usize::MAX {
        return None;
    }
    let tail = &rest[intro..];
    let end = tail.find(['。', '；', ';', '：']).unwrap_or(tail.len());
    let seg = tail[..end].trim_end();
    // Sub-enumerations ("甲包括A、B，乙包括C") are not one list.
    if !seg.contains('、') || seg.contains('，') {
        return None;
    }
    let partial = seg.ends_with('等') || seg.contains("等等");
    Some((items_in(seg), partial))
}

/// Fixed expressions that look like counts.
const IDIOMS: &[&str] = &["铁人三项", "三项赛"];

/// An item of a list (二类、三类), an ordinal (第三类), a range (3至5家), a quantity (10个以上)
/// or an idiom: not a count of what is listed.
pub(super) fn is_not_a_count(s: &str, c: &Count) -> bool {
    let all = &c.all;
    let before = s[..all.start].trim_end_matches('“');
    let prev = before.chars().next_back();
    let after = &s[all.end..];
    prev.is_some_and(|p| "、和及与第至到～~—-".contains(p))
        || ["以上", "以下", "左右", "余", "多"]
            .iter()
            .any(|w| after.trim_start_matches('”').starts_with(w))
        || IDIOMS.iter().any(|i| {
            s.match_indices(i)
                .any(|(j, m)| j < all.end && all.start < j + m.len())
        })
}

/// The enumeration next to the count at `all` (before it, or after "：" / "，即"): its number of
/// items, whether it ends with 等, and where it stands.
pub(super) fn enumeration(
    s: &str,
    all: std::ops::Range<usize>,
) -> Option<((usize, bool), &'static str)> {
    let quoted_start = s[..all.start].ends_with('“');
    preceding_items(
        s,
        if quoted_start {
            all.start - '“'.len_utf8()
        } else {
            all.start
        },
    )
    .map(|x| (x, "前面列举的项目"))
    .or_else(|| following_items(s, all.end).map(|x| (x, "后面列举的项目")))
}

fn check(ctx: &PlanCtx, out: &mut Reporter) {
    super::count_structure::check(ctx, out);
    for u in ctx
        .units
        .iter()
        .filter(|u| u.has_any(has::DIGIT | has::NUMERAL))
    {
        let s: &str = &u.masked;
        for c in counts(s, u.char_indices()) {
            let (all, num) = (c.all.clone(), &s[c.numeral.clone()]);
            let Some(n) = numeral(num) else {
                continue;
            };
            if n < 2 {
                continue;
            }
            if is_not_a_count(s, &c) {
                continue;
            }
            if subdivision_count(ctx, u, s, &c, n, out) {
                continue;
            }
            let arabic = num.bytes().all(|b| b.is_ascii_digit());
            let found = if u.kind == UnitKind::Heading {
                (u.children > 0)
                    .then_some((u.children, false))
                    .map(|x| (x, "其下的小节"))
            } else if arabic && c.counter != '大' {
                None
            } else {
                enumeration(s, all.clone())
            };
            let Some(((items, partial), what)) = found else {
                continue;
            };
            if items == n || (partial && items < n) {
                continue;
            }
            out.report(
                ctx.span(u.text, c.numeral.start..all.end),
                msg!(
                    "“{count}”与{what}数量（{items}）不一致",
                    count = &s[all.clone()],
                    what = what,
                    items = items
                ),
            )
            .with_label(format!("这里写的是 {n}"))
            .with_hint(format!("把数量改为 {items}，或补齐/删减列举的项目"));
        }
    }
}

/// Words for a plan region's subdivisions, after a count: 全市7个县区、下辖4区3县 is not this.
const SUBDIVISION_WORDS: &[&str] = &[
    "县区",
    "区县",
    "县（区）",
    "区（县）",
    "县（市、区）",
    "县（市）区",
    "县市区",
    "区市",
    "县（市）",
];
/// What marks the count as the whole: 全市、下辖 ….
const WHOLE_MARKS: &[&str] = &[
    "全市", "全省", "全区", "我市", "本市", "我省", "下辖", "所辖", "辖",
];

/// The number of the plan region's subdivisions: as plan.yaml lists them, or else as the
/// gazetteer knows them for a city or province.
fn own_subdivisions(ctx: &PlanCtx) -> Option<usize> {
    let region = ctx.plan.region.as_ref()?;
    let listed = region.subdivisions.len();
    if listed > 0 {
        return Some(listed);
    }
    let g = crate::check::gazetteer::Gazetteer::get();
    let anchors = super::jurisdiction::anchors(ctx.plan);
    let [own] = anchors.as_slice() else {
        return None;
    };
    let n = g
        .divisions
        .iter()
        .filter(|d| d.parent == Some(*own))
        .count();
    (n > 0 && g.divisions[*own].name == region.name.value).then_some(n)
}

/// "全市7个县区" against the region's subdivisions: whether it was reported (a count that
/// matches goes on to the other checks).
fn subdivision_count(
    ctx: &PlanCtx,
    u: &crate::check::units::Unit,
    s: &str,
    c: &Count,
    n: usize,
    out: &mut Reporter,
) -> bool {
    let Some((word, own)) = subdivisions(ctx, s, c).filter(|&(_, own)| own != n) else {
        return false;
    };
    out.report(
                ctx.span(u.text, c.numeral.start..c.all.end + word.len()),
                msg!(
                    "“{count}{word}”与{region}的下辖区县数（{own}）不一致",
                    count = &s[c.all.clone()],
                    word = *word,
                    region = ctx.plan.region_name(),
                    own = own
                ),
            )
            .with_label(format!("这里写的是 {n}"))
            .with_hint(format!(
                "把数量改为 {own}；下辖区县以 plan.yaml 的 region.subdivisions 为准，未列出时按内置行政区名单"
            ));
    true
}

/// The subdivision word after a count of the whole region ("全市7个县区") and the number of
/// the region's subdivisions.
fn subdivisions(ctx: &PlanCtx, s: &str, c: &Count) -> Option<(&'static &'static str, usize)> {
    let after = &s[c.all.end..];
    let after = if c.counter == '个' {
        after
    } else {
        return None;
    };
    let word = SUBDIVISION_WORDS.iter().find(|w| after.starts_with(*w))?;
    let before = &s[..c.all.start];
    let head: String = before
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if !WHOLE_MARKS.iter().any(|m| head.contains(m)) {
        return None;
    }
    Some((word, own_subdivisions(ctx)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals() {
        assert_eq!(numeral("六"), Some(6));
        assert_eq!(numeral("十二"), Some(12));
        assert_eq!(numeral("两"), Some(2));
        assert_eq!(numeral("二十"), Some(20));
        assert_eq!(numeral("18"), Some(18));
    }

    #[test]
    fn enumerations() {
        let s = "打造特色医疗、生物医药、医疗器械5大产业集群";
        assert_eq!(preceding_items(s, s.find('5').unwrap()), Some((3, false)));
        let s = "打造“医、药、养、健、游”五位一体";
        assert_eq!(
            preceding_items(s, s.find("”").unwrap() + "”".len()),
            Some((5, false))
        );
        let s = "覆盖健康服务业、健康制造业和健康农业三大领域";
        assert_eq!(
            preceding_items(s, s.find("三大").unwrap()),
            Some((3, false))
        );
        let s = "做优四张名片、扶强三大支柱";
        assert_eq!(preceding_items(s, s.find("三大").unwrap()), None);
        let s = "建设三大基地：甲基地、乙基地、丙基地。";
        assert_eq!(
            following_items(s, s.find("基地").unwrap()),
            Some((3, false))
        );
    }
}
