//! 征求意见 comments: `plans/<id>/feedback/<round>.yaml`, one file per round, where a round is
//! a release of the plan (`v1` is the release `…-征求意见稿-v1`). Each comment says who sent
//! it, where in the plan it points (an [`Anchor`]: a section, 专栏, 专栏 item, table or
//! indicator by id, with the quoted original text), what it asks, and how the office handled
//! it. The functions at the bottom read a plan through an anchor; checks, the importers, the
//! 意见采纳情况表 and the 修订对照表 all use them, on the round's release and on the sources.

use std::path::PathBuf;

use super::numbering::heading_number;
use super::{Block, Plan, PlanDate, Section, Spanned, Text, inline};
use crate::source::Span;

/// How the office handled a comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Disposition {
    Pending,
    Adopted,
    Partly,
    Rejected,
    NotApplicable,
}

impl Disposition {
    pub const ALL: [Disposition; 5] = [
        Disposition::Pending,
        Disposition::Adopted,
        Disposition::Partly,
        Disposition::Rejected,
        Disposition::NotApplicable,
    ];

    pub fn zh(self) -> &'static str {
        match self {
            Disposition::Pending => "待处理",
            Disposition::Adopted => "采纳",
            Disposition::Partly => "部分采纳",
            Disposition::Rejected => "未采纳",
            Disposition::NotApplicable => "不涉及",
        }
    }

    pub fn parse(s: &str) -> Option<Disposition> {
        Disposition::ALL.into_iter().find(|d| d.zh() == s.trim())
    }

    /// 采纳 or 部分采纳: the text should have changed.
    pub fn claims_change(self) -> bool {
        matches!(self, Disposition::Adopted | Disposition::Partly)
    }
}

/// A unit (单位) or a person (个人).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SenderKind {
    Unit,
    Person,
}

impl SenderKind {
    pub fn zh(self) -> &'static str {
        match self {
            SenderKind::Unit => "单位",
            SenderKind::Person => "个人",
        }
    }

    pub fn parse(s: &str) -> Option<SenderKind> {
        [SenderKind::Unit, SenderKind::Person]
            .into_iter()
            .find(|k| k.zh() == s.trim())
    }
}

/// How a comment came in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Channel {
    /// A filled-in 意见反馈表 (Word).
    Form,
    /// A Word comment (批注) in a returned plan.docx.
    WordComment,
    /// A row of an Excel or CSV sheet.
    Sheet,
    Letter,
    Email,
    Fax,
    Online,
    Meeting,
    Other,
}

impl Channel {
    pub const ALL: [Channel; 9] = [
        Channel::Form,
        Channel::WordComment,
        Channel::Sheet,
        Channel::Letter,
        Channel::Email,
        Channel::Fax,
        Channel::Online,
        Channel::Meeting,
        Channel::Other,
    ];

    pub fn zh(self) -> &'static str {
        match self {
            Channel::Form => "意见反馈表",
            Channel::WordComment => "批注",
            Channel::Sheet => "汇总表",
            Channel::Letter => "信函",
            Channel::Email => "电子邮件",
            Channel::Fax => "传真",
            Channel::Online => "网上留言",
            Channel::Meeting => "座谈会",
            Channel::Other => "其他",
        }
    }

    pub fn parse(s: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.zh() == s.trim())
    }
}

/// What in the plan a comment points at, by id.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    /// A chapter or a section (ids are unique across the plan).
    Section(String),
    Column(String),
    /// An item of a 专栏: by its bold name, or by its 1-based position when it has none.
    Item {
        column: String,
        item: String,
    },
    Table(String),
    Indicator(String),
}

impl Target {
    /// The YAML key the target is written with.
    pub fn key(&self) -> &'static str {
        match self {
            Target::Section(_) => "section",
            Target::Column(_) | Target::Item { .. } => "column",
            Target::Table(_) => "table",
            Target::Indicator(_) => "indicator",
        }
    }

    /// The id written after the key (for an item, the 专栏's).
    pub fn id(&self) -> &str {
        match self {
            Target::Section(s) | Target::Column(s) | Target::Table(s) | Target::Indicator(s) => s,
            Target::Item { column, .. } => column,
        }
    }

    /// `section:health-services`, `item:platform-medical/国家区域医疗中心` …: one string per
    /// target, for matching and messages.
    pub fn key_string(&self) -> String {
        match self {
            Target::Item { column, item } => format!("item:{column}/{item}"),
            t => format!("{}:{}", t.key(), t.id()),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Anchor {
    pub span: Span,
    /// `None` for a comment on the plan as a whole.
    pub target: Option<Spanned<Target>>,
    /// The original text the comment quotes.
    pub quote: Option<Text>,
    /// Where the sender said it was, as written (“四、（一）2.”, “专栏3”).
    pub label: Option<Text>,
}

#[derive(Clone, Debug)]
pub struct Comment {
    pub span: Span,
    /// c001 …: unique in its round.
    pub id: Text,
    /// 提出单位或个人.
    pub from: Text,
    pub kind: SenderKind,
    pub contact: Option<Text>,
    pub received: Option<Spanned<PlanDate>>,
    pub via: Option<Spanned<Channel>>,
    pub anchor: Anchor,
    /// 修改意见.
    pub comment: Text,
    /// 理由: why the sender asks for it.
    pub reason: Option<Text>,
    pub disposition: Spanned<Disposition>,
    /// 处理意见: the office's answer (required for 未采纳 and 部分采纳 from the 送审稿 on).
    pub answer: Option<Text>,
    /// Other targets the comment led to changing, besides its anchor.
    pub changes: Vec<Spanned<Target>>,
    /// Fingerprint of what was imported (file content and position): importing the same file
    /// again adds nothing.
    pub key: Option<Text>,
}

/// One round's file.
#[derive(Clone, Debug)]
pub struct Round {
    pub file: PathBuf,
    pub span: Span,
    /// The file's stem: `v1`.
    pub name: String,
    /// The version number the round names.
    pub version: Option<u32>,
    /// `release:` — the release directory's name, when written.
    pub release: Option<Text>,
    pub comments: Vec<Comment>,
    /// The round's release, read from its source snapshot; `None` when it could not be
    /// found (reported as C006).
    pub base: Option<Box<Plan>>,
    /// Where the release was looked for, for messages.
    pub base_dir: Option<PathBuf>,
}

impl Round {
    /// `v1` → 1, `2021-09-15-征求意见稿-v1` → 1.
    pub fn version_of(name: &str) -> Option<u32> {
        let tail = name.rsplit_once('v').map_or(name, |(_, t)| t);
        tail.parse().ok()
    }
}

/// The text a reader sees of one part of a plan: references expanded, one string per
/// paragraph, list item, 专栏 item or table row, in reading order. `None` when the target is
/// not in the plan.
pub fn texts(plan: &Plan, target: &Target) -> Option<Vec<String>> {
    let mut out = Vec::new();
    match target {
        Target::Section(id) => {
            if let Some(ch) = plan.chapters.iter().find(|c| c.id.value == *id) {
                out.push(ch.title.value.clone());
                blocks(plan, &ch.body, &mut out);
                for s in ch.sections.iter().flat_map(Section::walk) {
                    out.push(s.title.value.clone());
                    blocks(plan, &s.body, &mut out);
                }
            } else {
                let s = plan.sections().find(|s| s.id.value == *id)?;
                for s in s.walk() {
                    out.push(s.title.value.clone());
                    blocks(plan, &s.body, &mut out);
                }
            }
        }
        Target::Column(id) => {
            let c = plan.column(id)?;
            out.push(c.title.value.clone());
            out.extend(c.items.iter().map(|i| item_text(plan, i)));
        }
        Target::Item { column, item } => {
            let c = plan.column(column)?;
            let i = find_item(c, item)?;
            out.push(item_text(plan, &c.items[i]));
        }
        Target::Table(id) => {
            let t = plan.table(id)?;
            out.push(t.title.value.clone());
            out.extend(t.indicators().map(row_text));
        }
        Target::Indicator(id) => out.push(row_text(plan.indicator(id)?.1)),
    }
    Some(out)
}

fn blocks(plan: &Plan, body: &[Block], out: &mut Vec<String>) {
    for b in body {
        match b {
            Block::Paragraph(t) => out.push(inline::expand(plan, &t.value)),
            Block::List(items) => out.extend(items.iter().map(|t| inline::expand(plan, &t.value))),
            Block::Column(_) | Block::Table(_) => {}
        }
    }
}

fn item_text(plan: &Plan, i: &super::ColumnItem) -> String {
    let text = inline::expand(plan, &i.text.value);
    match &i.name {
        Some(n) => format!("{}：{text}", n.value),
        None => text,
    }
}

fn row_text(i: &super::Indicator) -> String {
    let fig = |f: &super::Figure| f.to_string();
    format!(
        "{}（{}）：{} → {}{}",
        i.name.value,
        i.unit.value,
        i.base.as_ref().map_or(String::new(), |b| fig(&b.value)),
        fig(&i.target.value),
        i.nature
            .map_or(String::new(), |n| format!("，{}", n.value.zh()))
    )
}

/// The index of a 专栏 item by name, or by 1-based position.
pub fn find_item(c: &super::Column, item: &str) -> Option<usize> {
    c.items
        .iter()
        .position(|i| i.name.as_ref().is_some_and(|n| n.value == item))
        .or_else(|| {
            item.parse::<usize>()
                .ok()
                .filter(|n| (1..=c.items.len()).contains(n))
                .map(|n| n - 1)
        })
}

/// Where a target stands in a plan, as a reader finds it: “四、（一）做优健康服务”,
/// “专栏3 重点医疗平台 国家区域医疗中心”, “表1 第5项 医疗服务增加值”. `None` when absent.
pub fn label(plan: &Plan, target: &Target) -> Option<String> {
    match target {
        Target::Section(id) => section_path(plan, id).map(|(path, title)| format!("{path}{title}")),
        Target::Column(id) => plan
            .column(id)
            .map(|c| format!("专栏{} {}", c.number, c.title.value)),
        Target::Item { column, item } => {
            let c = plan.column(column)?;
            let i = find_item(c, item)?;
            let name = c.items[i]
                .name
                .as_ref()
                .map_or_else(|| format!("第{}条", i + 1), |n| n.value.clone());
            Some(format!("专栏{} {}", c.number, name))
        }
        Target::Table(id) => plan
            .table(id)
            .map(|t| format!("表{} {}", t.number, t.title.value)),
        Target::Indicator(id) => plan
            .indicator(id)
            .map(|(t, i)| format!("表{} 第{}项 {}", t.number, i.seq, i.name.value)),
    }
}

/// The number path (四、（一）2.) and title of a chapter or section.
pub fn section_path(plan: &Plan, id: &str) -> Option<(String, String)> {
    fn walk(sections: &[Section], id: &str, prefix: &str, found: &mut Option<(String, String)>) {
        for s in sections {
            if found.is_some() {
                return;
            }
            let path = format!("{prefix}{}", heading_number(s.level, s.number));
            if s.id.value == id {
                *found = Some((path, s.title.value.clone()));
                return;
            }
            walk(&s.sections, id, &path, found);
        }
    }
    for ch in &plan.chapters {
        let path = heading_number(0, ch.number);
        if ch.id.value == id {
            return Some((path, ch.title.value.clone()));
        }
        let mut found = None;
        walk(&ch.sections, id, &path, &mut found);
        if found.is_some() {
            return found;
        }
    }
    None
}

/// Every chapter and section with its number path and title, in reading order.
pub fn headings(plan: &Plan) -> Vec<(String, String, String)> {
    fn walk(sections: &[Section], prefix: &str, out: &mut Vec<(String, String, String)>) {
        for s in sections {
            let path = format!("{prefix}{}", heading_number(s.level, s.number));
            out.push((s.id.value.clone(), path.clone(), s.title.value.clone()));
            walk(&s.sections, &path, out);
        }
    }
    let mut out = Vec::new();
    for ch in &plan.chapters {
        let path = heading_number(0, ch.number);
        out.push((ch.id.value.clone(), path.clone(), ch.title.value.clone()));
        walk(&ch.sections, &path, &mut out);
    }
    out
}

/// Whether the part of the plan a comment is about reads differently in `now` than in
/// `base`. With a quote found in `base`'s paragraphs, only the paragraphs holding it count
/// (a quote may leave text out with …… and may run over into the next paragraph);
/// otherwise the whole target. `None` when the target is missing on either side.
pub fn changed(base: &Plan, now: &Plan, target: &Target, quote: Option<&str>) -> Option<bool> {
    let old = texts(base, target)?;
    let new = texts(now, &same_in(base, now, target))?;
    if let Some(holding) = quote.and_then(|q| holding(&old, q)) {
        return Some(holding.iter().any(|&i| !new.contains(&old[i])));
    }
    Some(old != new)
}

/// The pieces of a quote a reader may look for: split where the sender left text out
/// (……, ...) or broke the line, each at least four characters.
pub fn quote_pieces(quote: &str) -> Vec<String> {
    quote
        .split(['\n', '…'])
        .flat_map(|p| p.split("..."))
        .map(normalise)
        .filter(|p| p.chars().count() >= 4)
        .collect()
}

/// The indices of the paragraphs of `paras` that hold a piece of `quote`, a piece that runs
/// over into the next paragraphs holding all of them. `None` when no piece is found.
pub fn holding(paras: &[String], quote: &str) -> Option<Vec<usize>> {
    let norm: Vec<String> = paras.iter().map(|p| normalise(p)).collect();
    let mut found: Vec<usize> = Vec::new();
    for piece in quote_pieces(quote) {
        for i in 0..norm.len() {
            // Up to three paragraphs joined: a quote copied across a paragraph break.
            let mut joined = String::new();
            for (j, p) in norm.iter().enumerate().skip(i).take(3) {
                joined.push_str(p);
                if joined.contains(&piece) {
                    found.extend(i..=j);
                    break;
                }
            }
        }
    }
    found.sort_unstable();
    found.dedup();
    (!found.is_empty()).then_some(found)
}

/// `target` of `base` as `now` names it. A 专栏 item anchored by its position (an item
/// without a bold name) is found again by its text when items were inserted or moved:
/// the same text, else the most similar item (at least 60% in common).
pub fn same_in(base: &Plan, now: &Plan, target: &Target) -> Target {
    let Target::Item { column, item } = target else {
        return target.clone();
    };
    let by_position = |c: &super::Column| {
        item.parse::<usize>().ok().filter(|n| {
            (1..=c.items.len()).contains(n)
                && c.items
                    .iter()
                    .all(|i| i.name.as_ref().is_none_or(|x| x.value != *item))
        })
    };
    let (Some(old_col), Some(new_col)) = (base.column(column), now.column(column)) else {
        return target.clone();
    };
    let Some(n) = by_position(old_col) else {
        return target.clone();
    };
    let was = normalise(&item_text(base, &old_col.items[n - 1]));
    let scores = new_col.items.iter().enumerate().map(|(k, i)| {
        let is = normalise(&item_text(now, i));
        let score = if is == was {
            usize::MAX
        } else {
            shared(&was, &is)
        };
        (score, k)
    });
    let best = scores.max_by_key(|&(score, k)| (score, std::cmp::Reverse(k)));
    match best {
        Some((score, k)) if score == usize::MAX || score * 10 >= was.chars().count() * 6 => {
            let i = &new_col.items[k];
            Target::Item {
                column: column.clone(),
                item: i
                    .name
                    .as_ref()
                    .map_or_else(|| (k + 1).to_string(), |n| n.value.clone()),
            }
        }
        _ => target.clone(),
    }
}

/// Text compared without its whitespace and with the bold markers of inline Markdown removed:
/// a quote copied from Word has neither.
pub fn normalise(s: &str) -> String {
    s.replace("**", "")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Where a removed target's text went in `now`: the section whose paragraphs share the most
/// of `old` (exactly, or as the longest common run of at least 60% of a paragraph). `None`
/// when nothing of it is left.
pub fn where_text_went(now: &Plan, old: &[String]) -> Option<Target> {
    let old: Vec<String> = old
        .iter()
        .map(|p| normalise(p))
        .filter(|p| p.chars().count() >= 8)
        .collect();
    if old.is_empty() {
        return None;
    }
    let mut best: Option<(usize, Target)> = None;
    for (id, _, _) in headings(now) {
        let target = Target::Section(id);
        // Only the section's own body, so the innermost section holding the text wins.
        let own = own_texts(now, target.id());
        let score: usize = old
            .iter()
            .map(|p| {
                own.iter()
                    .map(|q| shared(p, &normalise(q)))
                    .max()
                    .unwrap_or(0)
            })
            .sum();
        let total: usize = old.iter().map(|p| p.chars().count()).sum();
        if score * 10 >= total * 6 && best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((score, target));
        }
    }
    best.map(|(_, t)| t)
}

fn own_texts(plan: &Plan, id: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(ch) = plan.chapters.iter().find(|c| c.id.value == id) {
        blocks(plan, &ch.body, &mut out);
    } else if let Some(s) = plan.sections().find(|s| s.id.value == id) {
        blocks(plan, &s.body, &mut out);
    }
    out
}

/// Characters of `a` found in `b` as one run (the longest common substring), by char.
fn shared(a: &str, b: &str) -> usize {
    if b.contains(a) {
        return a.chars().count();
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut prev = vec![0usize; b.len() + 1];
    let mut best = 0;
    for &ca in &a {
        let mut cur = vec![0usize; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            if ca == cb {
                cur[j + 1] = prev[j] + 1;
                best = best.max(cur[j + 1]);
            }
        }
        prev = cur;
    }
    best
}
