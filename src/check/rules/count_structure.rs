//! S001 against structure: a count in the text that introduces a chapter or a section
//! ("聚焦五大重点领域", "主要包括以下四个方面：") or in its heading, and compound claims such as
//! “一核五区” or “两区、三带”, checked against the sections, list items and named items
//! (“休疗度假区：……”, 专栏 items) they head.
//!
//! A claim is compared only where the structure shows what it counts:
//! - items whose names end with the claim's class noun (“五区” → the items named …区), when at
//!   least two items are so named or every item is;
//! - the list that follows a paragraph ending in "：";
//! - the sections of the chapter or section, when the counted noun names a part of a plan
//!   (领域、方面、任务 …, [`PART_NOUNS`]) and the intro holds no other count that could be it.
//!
//! A count that a child section's heading repeats (“四张” in the intro and in （一）做优“四张”…)
//! is that section's own claim, checked at the heading.

use super::count_mismatch::{counts, is_not_a_count, numeral};
use super::prelude::*;
use crate::model::{Block, Section, Text};

/// Nouns that name the parts of a plan a chapter's intro announces ("聚焦五大重点领域"): what
/// the counted phrase must end with to be compared with the number of sections.
pub const PART_NOUNS: &[&str] = &[
    "领域", "方面", "任务", "工程", "行动", "板块", "举措", "措施", "方向", "重点", "专项", "环节",
    "体系", "工作", "路径",
];

/// One chapter or section: its heading, the blocks before its sections, its sections.
struct Scope<'a> {
    title: &'a Text,
    body: &'a [Block],
    sections: &'a [Section],
}

/// The lead of an item: the text before its first "：" when that is a short name.
fn lead(s: &str) -> Option<&str> {
    let i = s.find(['：', ':'])?;
    let name = s[..i].trim();
    // "……以下四个方面：" introduces what follows; a lead has its own text after the colon.
    if s[i..].chars().nth(1).is_none_or(char::is_whitespace) {
        return None;
    }
    let n = name.chars().count();
    ((2..=16).contains(&n) && !name.contains(['，', '。', '；', '、', ',', ';'])).then_some(name)
}

/// The last Han character of a name, past closing quotes and brackets.
fn class_of(name: &str) -> Option<char> {
    name.trim_end_matches(|c: char| !crate::check::units::is_han(c))
        .chars()
        .next_back()
}

/// The things named under a scope: its sections' titles, its list items' and paragraphs'
/// leads (“休疗度假区：”), its 专栏 items' names.
fn named<'a>(plan: &'a crate::model::Plan, scope: &Scope<'a>) -> Vec<&'a str> {
    let mut out: Vec<&str> = scope
        .sections
        .iter()
        .map(|s| s.title.value.as_str())
        .collect();
    for b in scope.body {
        match b {
            Block::Paragraph(t) => out.extend(lead(&t.value)),
            Block::List(items) => {
                out.extend(items.iter().map(|t| lead(&t.value).unwrap_or(&t.value)))
            }
            Block::Column(id) => {
                if let Some(c) = plan.column(&id.value) {
                    out.extend(
                        c.items
                            .iter()
                            .filter_map(|i| i.name.as_ref())
                            .map(|n| n.value.as_str()),
                    );
                }
            }
            Block::Table(_) => {}
        }
    }
    out
}

/// One claim: its numeral, the class noun it counts and where it stands in its text.
struct Claim {
    n: usize,
    /// The counted phrase as written ("五区", "五大重点领域").
    range: std::ops::Range<usize>,
    /// The noun counted ("区", "重点领域").
    noun: String,
    /// A compound part (“一核五区”), as opposed to "N大 X".
    compound: bool,
}

/// A Chinese digit, 一 to 九 (两 included), as compound claims write their numbers.
fn digit(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '两' | '三' | '四' | '五' | '六' | '七' | '八' | '九'
    )
}

/// The pieces of a compound claim in `seg`: "一核五区", "一区、一核、多点", "三区、三基地".
/// `long` allows nouns of up to three characters (inside quotes, joined by 、).
fn pieces(seg: &str, long: bool) -> Option<Vec<(usize, usize, char, usize)>> {
    let chars: Vec<(usize, char)> = seg.char_indices().collect();
    let is_num = |c: char| digit(c) || c == '十';
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let start = chars[i].0;
        let mut j = i;
        while j < chars.len() && (is_num(chars[j].1) || (j == i && chars[j].1 == '多')) {
            j += 1;
        }
        if j == i || (chars[i].1 == '多' && j > i + 1) {
            return None;
        }
        let num = &seg[start..chars.get(j).map_or(seg.len(), |c| c.0)];
        let k = j;
        while j < chars.len()
            && crate::check::units::is_han(chars[j].1)
            && !is_num(chars[j].1)
            && j - k < if long { 3 } else { 1 }
        {
            j += 1;
        }
        if j == k {
            return None;
        }
        let noun_last = chars[j - 1].1;
        if super::count_mismatch::COUNTERS.contains(&chars[k].1) {
            return None;
        }
        let end = chars.get(j).map_or(seg.len(), |c| c.0);
        // 多点 counts nothing.
        let n = if num == "多" { 0 } else { numeral(num)? };
        out.push((start, end, noun_last, n));
        i = j;
        if i < chars.len() && matches!(chars[i].1, '、' | '和' | '与' | '及') {
            i += 1;
            if i == chars.len() {
                return None;
            }
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Compound claims in `s`: the whole content of a quotation (“一核五区”, “一区、一核”), or an
/// unquoted run of at least two one-character pieces (两区三带).
fn compound_claims(s: &str) -> Vec<Claim> {
    let mut out = Vec::new();
    // A claim without a numeral (“多点”) counts nothing: most texts are passed over here.
    if !s.contains(|c: char| digit(c) || c == '十') {
        return out;
    }
    let mut push = |base: usize, p: Vec<(usize, usize, char, usize)>| {
        for (a, b, class, n) in p {
            out.push(Claim {
                n,
                range: base + a..base + b,
                noun: class.to_string(),
                compound: true,
            });
        }
    };
    let mut quoted = Vec::new();
    for (i, _) in s.match_indices('“') {
        let from = i + '“'.len_utf8();
        if let Some(len) = s[from..].find('”') {
            let seg = &s[from..from + len];
            if let Some(p) = pieces(seg, seg.contains('、')) {
                quoted.push(from..from + len);
                push(from, p);
            }
        }
    }
    // Unquoted runs: maximal stretches of numerals, Han nouns and joiners.
    let mut run_start = None;
    // Digits seen in the current run: a run with fewer than two holds no compound claim.
    let mut digits = 0;
    for (i, c) in s.char_indices().chain([(s.len(), '。')]) {
        let inside = crate::check::units::is_han(c) || c == '、';
        match (inside, run_start) {
            (true, None) => run_start = Some(i),
            (false, Some(st)) => {
                run_start = None;
                if digits >= 2 {
                    scan_run(s, st..i, &quoted, &mut push);
                }
                digits = 0;
            }
            _ => {}
        }
        if inside && digit(c) {
            digits += 1;
        }
    }
    out
}

/// Finds, inside a stretch of Han text, runs of two or more adjacent pieces (两区三带).
fn scan_run(
    s: &str,
    run: std::ops::Range<usize>,
    quoted: &[std::ops::Range<usize>],
    push: &mut impl FnMut(usize, Vec<(usize, usize, char, usize)>),
) {
    if quoted
        .iter()
        .any(|q| q.start <= run.start && run.end <= q.end)
    {
        return;
    }
    let seg = &s[run.clone()];
    let chars: Vec<(usize, char)> = seg.char_indices().collect();
    let is_num = digit;
    let mut i = 0;
    while i + 3 < chars.len() {
        // A piece is a numeral and a noun; the run must not continue a longer numeral or word
        // before it.
        let fresh = i == 0 || !is_num(chars[i - 1].1);
        let mut j = i;
        let mut count = 0;
        while j + 1 < chars.len()
            && is_num(chars[j].1)
            && !is_num(chars[j + 1].1)
            && crate::check::units::is_han(chars[j + 1].1)
        {
            count += 1;
            j += 2;
            if j < chars.len() && matches!(chars[j].1, '、' | '和') && j + 1 < chars.len() {
                j += 1;
            }
        }
        if fresh && count >= 2 {
            let end = chars.get(j).map_or(seg.len(), |c| c.0);
            let part = seg[chars[i].0..end].trim_end_matches(['、', '和']);
            if let Some(p) = pieces(part, false) {
                push(run.start + chars[i].0, p);
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
}

/// "N大 X", "N个 X", "N项 X" claims of `s` that could count structure: Chinese numerals (an
/// Arabic count is a target), not items of a list, ranges or quantities.
fn count_claims(s: &str) -> Vec<Claim> {
    let mut out = Vec::new();
    for c in counts(s, s.char_indices()) {
        if !matches!(c.counter, '大' | '个' | '项') || is_not_a_count(s, &c) {
            continue;
        }
        let num = &s[c.numeral.clone()];
        if num.bytes().any(|b| b.is_ascii_digit()) {
            continue;
        }
        let Some(n) = numeral(num) else { continue };
        let after = s[c.all.end..].trim_start_matches(['“', '”']);
        let noun: String = after
            .chars()
            .take_while(|&ch| crate::check::units::is_han(ch) && ch != '的')
            .take(10)
            .collect();
        // "两大战略的重要区域": the counted noun only qualifies another.
        if noun.is_empty() || after[noun.len()..].starts_with('的') {
            continue;
        }
        out.push(Claim {
            n,
            range: c.all.clone(),
            noun,
            compound: false,
        });
    }
    out
}

/// Whether an enumeration next to the count is what it counts (checked by the enumeration
/// rule instead).
fn has_enumeration(s: &str, c: &Claim) -> bool {
    if super::count_mismatch::enumeration(s, c.range.clone()).is_some() {
        return true;
    }
    // Two items joined by 和 / 与 / 及 in the same clause ("北戴河和南戴河两大片区").
    let head = &s[..c.range.start];
    let clause = head
        .rfind(['，', '。', '；', '：', '“', '”', '、', '（'])
        .map_or(head, |i| &head[i..]);
    clause.contains(['和', '与', '及'])
}

pub fn check(ctx: &PlanCtx, out: &mut Reporter) {
    for ch in &ctx.plan.chapters {
        let scope = Scope {
            title: &ch.title,
            body: &ch.body,
            sections: &ch.sections,
        };
        check_scope(ctx, &scope, out);
        for s in ch.sections.iter().flat_map(Section::walk) {
            let scope = Scope {
                title: &s.title,
                body: &s.body,
                sections: &s.sections,
            };
            check_scope(ctx, &scope, out);
        }
    }
}

fn check_scope(ctx: &PlanCtx, scope: &Scope, out: &mut Reporter) {
    // What the scope names, gathered at the first claim only.
    let mut named_here: Option<Vec<&str>> = None;

    // The heading's own claims: compound ones, and counts over a body without sections
    // (a heading with sections is checked against them by the main rule).
    let title = &scope.title.value;
    let mut heading: Vec<Claim> = compound_claims(title);
    if scope.sections.is_empty() {
        heading.extend(count_claims(title));
    }
    for c in &heading {
        let items = named_here.get_or_insert_with(|| named(ctx.plan, scope));
        if by_names(ctx, scope, items, scope.title, c, out) || c.compound {
            continue;
        }
        // A heading over one list and nothing else counts the list's items.
        if let [Block::List(list)] = scope.body {
            against_list(ctx, scope.title, c, list, out);
        }
    }
    // The intro: paragraphs and list items before the sections.
    let intro: Vec<&Text> = scope
        .body
        .iter()
        .flat_map(|b| match b {
            Block::Paragraph(t) => std::slice::from_ref(t),
            Block::List(items) => items.as_slice(),
            _ => &[],
        })
        .collect();
    let mut open: Vec<(&Text, Claim)> = Vec::new();
    for t in &intro {
        let s = &t.value;
        // An item's own text ("休疗度假区：由两大片区组成") speaks of the item, not of the scope.
        if lead(s).is_some() {
            continue;
        }
        let claims = compound_claims(s).into_iter().chain(
            count_claims(s)
                .into_iter()
                .filter(|c| !has_enumeration(s, c)),
        );
        for c in claims {
            let piece = &s[c.range.clone()];
            // A count a child heading repeats is that section's own claim.
            if scope
                .sections
                .iter()
                .any(|sec| sec.title.value.contains(piece))
            {
                continue;
            }
            let items = named_here.get_or_insert_with(|| named(ctx.plan, scope));
            if by_names(ctx, scope, items, t, &c, out) {
                continue;
            }
            if !c.compound && before_list(ctx, scope.body, t, &c, out) {
                continue;
            }
            if !c.compound {
                open.push((t, c));
            }
        }
    }
    // Against the sections: the one remaining count of a part of a plan.
    let k = scope.sections.len();
    if let [(t, c)] = open.as_slice()
        && k >= 2
        && c.n >= 2
        && c.n != k
        && PART_NOUNS.iter().any(|p| c.noun.ends_with(p))
    {
        let first = &scope.sections[0].title;
        out.report(
            ctx.span(t, c.range.start..c.range.end + c.noun.len()),
            msg!(
                "“{claim}”与其下的小节数量（{k}）不一致",
                claim = format!("{}{}", &t.value[c.range.clone()], c.noun),
                k = k
            ),
        )
        .with_label(format!("这里写的是 {}", c.n))
        .with_related(
            scope.title.span,
            format!("“{}”下有 {k} 个小节", scope.title.value),
        )
        .with_related(first.span, "第一个小节")
        .with_hint(format!("把数量改为 {k}，或增删小节使其与数量一致"));
    }
}

/// A claim against the items named with its class noun; whether the structure named them
/// (reported or not).
fn by_names(
    ctx: &PlanCtx,
    scope: &Scope,
    items: &[&str],
    t: &Text,
    c: &Claim,
    out: &mut Reporter,
) -> bool {
    let Some(class) = class_of(&c.noun) else {
        return false;
    };
    let m = items
        .iter()
        .filter(|i| class_of(i) == Some(class) && i.chars().count() >= 2)
        .count();
    if m == 0 || items.len() < 2 || (m < 2 && m != items.len()) {
        return false;
    }
    if c.n >= 2 && m != c.n {
        let claim = &t.value[c.range.clone()];
        out.report(
            ctx.span(t, c.range.clone()),
            msg!(
                "“{claim}”与其下名称以“{class}”结尾的项目数量（{m}）不一致",
                claim = claim,
                class = class.to_string(),
                m = m
            ),
        )
        .with_label(format!("这里写的是 {}", c.n))
        .with_related(
            scope.title.span,
            format!("“{}”下名称以“{class}”结尾的有 {m} 项", scope.title.value),
        )
        .with_hint(format!("把数量改为 {m}，或增删相应的小节、条目"));
    }
    true
}

/// "主要包括以下四个方面：" followed by a list: the claim against the list's items; whether
/// the paragraph introduces a list.
fn before_list(ctx: &PlanCtx, body: &[Block], t: &Text, c: &Claim, out: &mut Reporter) -> bool {
    let s = t.value.trim_end();
    if !s.ends_with(['：', ':']) || s[c.range.end..].contains(['，', '。', '；']) {
        return false;
    }
    let next = body
        .iter()
        .skip_while(|b| !matches!(b, Block::Paragraph(p) if std::ptr::eq(p, t)))
        .nth(1);
    let Some(Block::List(items)) = next else {
        return false;
    };
    against_list(ctx, t, c, items, out);
    true
}

fn against_list(ctx: &PlanCtx, t: &Text, c: &Claim, items: &[Text], out: &mut Reporter) {
    if c.n >= 2 && items.len() != c.n {
        out.report(
            ctx.span(t, c.range.clone()),
            msg!(
                "“{claim}”与后面列表的条目数量（{m}）不一致",
                claim = &t.value[c.range.clone()],
                m = items.len()
            ),
        )
        .with_label(format!("这里写的是 {}", c.n))
        .with_related(items[0].span, format!("后面的列表有 {} 条", items.len()))
        .with_hint(format!("把数量改为 {}，或增删列表条目", items.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes(s: &str) -> Vec<(String, usize)> {
        compound_claims(s)
            .into_iter()
            .map(|c| (s[c.range].to_string(), c.n))
            .collect()
    }

    #[test]
    fn compound_claims_are_read() {
        assert_eq!(
            classes("构建“一区、一核、一带、一网、多点”的格局"),
            [
                ("一区".into(), 1),
                ("一核".into(), 1),
                ("一带".into(), 1),
                ("一网".into(), 1),
                ("多点".into(), 0)
            ]
        );
        assert_eq!(
            classes("构建“一核五区”的空间格局"),
            [("一核".into(), 1), ("五区".into(), 5)]
        );
        assert_eq!(
            classes("形成两区三带的布局"),
            [("两区".into(), 2), ("三带".into(), 3)]
        );
        assert_eq!(classes("以“三区、三基地、三体系”为重点").len(), 3);
        // Not compound claims: a plan's name, a lone piece in prose, counted words.
        assert!(classes("“十四五”时期").is_empty());
        assert!(classes("全市三区四县").len() == 2);
        assert!(classes("扶强“三大”健康制造支柱").is_empty());
        assert!(classes("建设三区").is_empty());
        assert!(classes("第十四个五年规划").is_empty());
    }

    #[test]
    fn leads() {
        assert_eq!(lead("休疗度假区：由北戴河组成"), Some("休疗度假区"));
        assert_eq!(lead("到2025年，全市：……"), None);
        assert_eq!(lead("主要体现在以下四个方面："), None);
    }
}
