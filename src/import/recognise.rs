//! The one structure recogniser all three front ends feed: cover lines, 导言, the 目录
//! (compared, not imported), chapters and sections from typed numbers, Word numbering or
//! heading styles, 专栏 and indicator tables. Typed numbers are removed, since numbering is
//! generated, but every gap, repeat, change of style and half-width bracket in them is
//! reported at the draft's own location. Nothing is dropped: a paragraph that fits nowhere
//! stays a paragraph where it stood.

use std::collections::HashMap;

use super::codes;
use super::draft::{Draft, Located, Para, Piece};
use super::front;
use super::number::{self, Style, Token};
use super::outline::{Block, Column, Item, Outline, Section};
use super::table;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{FileId, Span};

/// A title longer than this is not a heading but a numbered paragraph.
const MAX_TITLE_CHARS: usize = 48;

fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// What a paragraph is, as far as headings go.
#[derive(Clone, Debug)]
struct Heading {
    kind: Kind,
    /// The typed number, when typed (not Word numbering), and where it stands.
    token: Option<Token>,
    token_at: Option<Located>,
    title: Located,
    /// Text after a run-in heading's first sentence: `（一）加强领导。各部门……`.
    run_in: Option<Located>,
}

/// Ordering key of numbering kinds: typed styles, then Word heading levels without a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Kind {
    Styled(Style),
    Outline(u8),
}

fn span(r: std::ops::Range<usize>) -> Span {
    Span::new(FileId(0), r)
}

pub fn is_toc_title(s: &str) -> bool {
    compact(s) == "目录"
}

/// A 目录 line: `一、规划背景.....1`, `（一）发展背景……3`, `1. 医疗服务\t18`.
fn toc_entry(s: &str) -> Option<&str> {
    let t = s.trim_end();
    let digits = t.len() - t.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let body = &t[..t.len() - digits];
    let leader_len = body.len()
        - body
            .trim_end_matches(['.', '…', '·', '．', '-', '—', ' ', '\t', '\u{3000}', '_'])
            .len();
    let has_leader =
        body.contains("..") || body.contains('…') || body.contains('\t') || body.contains("··");
    if digits > 0 && digits <= 4 && (leader_len > 0) && has_leader {
        return Some(body[..body.len() - leader_len].trim());
    }
    // `一、规划背景 1`: a numbered title, a space and its page (a 目录 field flattened by a
    // converter, the tab turned into a space).
    let title = body.trim_end();
    if (1..=3).contains(&digits)
        && title.len() < body.len()
        && title.chars().count() <= MAX_TITLE_CHARS
        && !title.contains(['。', '；'])
        && (number::parse(title).is_some()
            || number::column_caption(title).is_some()
            || number::table_caption(title).is_some())
    {
        return Some(title);
    }
    None
}

struct Recogniser {
    out: Outline,
    diags: Vec<Diagnostic>,
    /// Numbering kind → section level (0 = chapter).
    levels: HashMap<Kind, usize>,
    /// Open sections, outermost first: (kind, last number seen, style of the level).
    open: Vec<(usize, Option<Style>, u32)>,
    /// Chapter-level sequence (chapters are closed and reopened).
    last_chapter: Option<(Style, u32)>,
    toc: Vec<(Located, usize)>,
    column_list: Vec<(Option<u32>, Located, usize)>,
    headings_found: Vec<(String, usize, Located)>,
    pending_caption: Option<(Located, usize)>,
    seen_body: bool,
    last_column_number: Option<u32>,
}

impl Recogniser {
    fn para_heading(&self, p: &Para) -> Option<Heading> {
        if p.toc || front::is_preface_heading(&p.text.text) {
            return None;
        }
        // A run-in heading is often bold as far as its first sentence: **1.建设……。**正文.
        let unbolded;
        let p = match lead_unbold(&p.text) {
            Some(l) => {
                unbolded = Para {
                    text: l,
                    ..p.clone()
                };
                &unbolded
            }
            None => p,
        };
        let text = &p.text.text;
        // Word's own numbering: the list level says the depth (the same 一、 style can sit at
        // two levels), the number text only that it is a heading number.
        if let Some((num, lvl)) = &p.auto_number
            && number::parse(&format!("{num}x")).is_some()
        {
            let title = p.text.trimmed();
            let level = p.heading.unwrap_or(lvl.saturating_add(1));
            return split_run_in(Kind::Outline(level), None, title);
        }
        if let Some(tok) = number::parse(text.trim_start()) {
            let lead = text.len() - text.trim_start().len();
            let rest = p.text.slice(lead + tok.len..text.len()).trimmed();
            let at = p.text.slice(lead..lead + tok.token_len);
            return split_run_in(Kind::Styled(tok.style), Some(tok), rest).map(|h| Heading {
                token_at: Some(at),
                ..h
            });
        }
        if let Some(level) = p.heading {
            let title = p.text.trimmed();
            if !title.is_blank() && title.text.chars().count() <= MAX_TITLE_CHARS * 2 {
                return Some(Heading {
                    kind: Kind::Outline(level),
                    token: None,
                    token_at: None,
                    title,
                    run_in: None,
                });
            }
        }
        None
    }

    fn report(
        &mut self,
        code: &'static str,
        sev: Severity,
        at: std::ops::Range<usize>,
        msg: String,
        hint: &str,
    ) {
        let mut d = Diagnostic::new(code, sev, span(at), msg);
        if !hint.is_empty() {
            d = d.with_hint(hint);
        }
        self.diags.push(d);
    }

    /// Assign section levels to the numbering kinds the body uses, outermost first.
    fn assign_levels(&mut self, heads: &[(usize, Heading)]) {
        let mut kinds: Vec<Kind> = heads.iter().map(|(_, h)| h.kind).collect();
        kinds.sort();
        kinds.dedup();
        // Circled numbers are list items, never headings.
        kinds.retain(|k| *k != Kind::Styled(Style::Circled));
        let has_styled = kinds.iter().any(|k| matches!(k, Kind::Styled(_)));
        let mut level = 0;
        for k in kinds {
            if has_styled && matches!(k, Kind::Outline(_)) {
                continue;
            }
            if level <= crate::load::parts::MAX_SECTION_LEVEL {
                self.levels.insert(k, level);
                level += 1;
            }
        }
        if has_styled {
            // Headings known only by their Word style sit at the level their typed
            // counterparts use, or below the deepest.
            for (_, h) in heads {
                if let Kind::Outline(l) = h.kind {
                    let lv =
                        usize::from(l.saturating_sub(1)).min(crate::load::parts::MAX_SECTION_LEVEL);
                    self.levels.entry(h.kind).or_insert(lv);
                }
            }
        }
    }

    /// Check a typed number against the sequence of its level; returns the level to use.
    fn sequence(&mut self, h: &Heading, mut level: usize) -> usize {
        let (Some(tok), Some(at)) = (h.token, h.token_at.as_ref()) else {
            return level;
        };
        let tok_range = at.draft_range(0..at.text.len());
        let shown = at.text.clone();
        if tok.half_width {
            self.report(
                codes::NUMBER_STYLE,
                Severity::Error,
                tok_range.clone(),
                format!("编号“{shown}”用了半角括号"),
                &format!("公文的层次序号用全角括号：{}", tok.style.show(tok.value)),
            );
        }
        // （8） after （七）: the same level in another style.
        if let Some(&(top_level, Some(top_style), last)) = self.open.last()
            && top_level < level
            && top_style != tok.style
            && top_style.family() != 0
            && top_style.family() == tok.style.family()
            && tok.value == last + 1
            && tok.value > 1
        {
            self.report(
                codes::NUMBER_STYLE,
                Severity::Error,
                tok_range.clone(),
                format!(
                    "同一级编号换了样式：前一个是“{}”，这里是“{shown}”",
                    top_style.show(last)
                ),
                &format!("应为“{}”", top_style.show(tok.value)),
            );
            level = top_level;
        }
        let expected = if level == 0 {
            self.last_chapter.map_or(1, |(_, n)| n + 1)
        } else {
            match self.open.iter().find(|o| o.0 == level) {
                Some(&(_, _, n)) => n + 1,
                None => 1,
            }
        };
        let style = self
            .open
            .iter()
            .find(|o| o.0 == level)
            .and_then(|o| o.1)
            .unwrap_or(tok.style);
        if tok.value != expected {
            let what = if tok.value + 1 == expected {
                format!("编号“{shown}”与前一个重复")
            } else if tok.value > expected {
                format!("编号跳号：“{shown}”之前缺少“{}”", style.show(expected))
            } else {
                format!(
                    "编号顺序不对：这里是“{shown}”，按顺序应为“{}”",
                    style.show(expected)
                )
            };
            self.report(
                codes::NUMBER_SEQUENCE,
                Severity::Error,
                tok_range,
                what,
                &format!(
                    "导入后编号自动生成，这里将是“{}”；请核对原稿是否漏了或多了一项",
                    style.show(expected)
                ),
            );
        }
        if level == 0 {
            self.last_chapter = Some((style, tok.value));
        }
        level
    }
}

/// A numbered line: its title, and the run-in text after the title's first sentence.
fn split_run_in(kind: Kind, token: Option<Token>, rest: Located) -> Option<Heading> {
    if rest.is_blank() {
        return None;
    }
    let t = &rest.text;
    let chars = t.chars().count();
    let sentence_end = t.find(['。', '！', '？']);
    match sentence_end {
        Some(i) => {
            let end = i + '。'.len_utf8();
            let lead = t[..end].chars().count();
            if !(2..=MAX_TITLE_CHARS).contains(&lead) {
                return None;
            }
            let after = rest.slice(end..t.len()).trimmed();
            Some(Heading {
                kind,
                token,
                token_at: None,
                title: rest.slice(0..end),
                run_in: (!after.is_blank()).then_some(after),
            })
        }
        None if chars <= MAX_TITLE_CHARS && !t.ends_with(['，', '；', '：', '、']) => {
            Some(Heading {
                kind,
                token,
                token_at: None,
                title: rest,
                run_in: None,
            })
        }
        None => None,
    }
}

/// Where new blocks go: the deepest open section, or the preface before the first chapter.
fn body_of(out: &mut Outline) -> &mut Vec<Block> {
    let Some(ch) = out.chapters.last_mut() else {
        return &mut out.preface;
    };
    let mut s = ch;
    while !s.sections.is_empty() {
        s = s.sections.last_mut().expect("not empty");
    }
    &mut s.body
}

fn add_section(out: &mut Outline, title: Located, level: usize) {
    let sec = Section {
        title,
        level,
        body: Vec::new(),
        sections: Vec::new(),
    };
    if level == 0 || out.chapters.is_empty() {
        out.chapters.push(Section { level: 0, ..sec });
        return;
    }
    let mut s = out.chapters.last_mut().expect("not empty");
    // Descend while the last child is shallower than the new section.
    while let Some(last) = s.sections.last() {
        if last.level >= level {
            break;
        }
        s = s.sections.last_mut().expect("checked");
    }
    let lvl = (s.level + 1).min(level);
    s.sections.push(Section { level: lvl, ..sec });
}

/// Bullets and list marks a 专栏 item may start with.
fn strip_bullet(l: &Located) -> (Located, bool) {
    let t = &l.text;
    let mut i = 0;
    let mut had = false;
    loop {
        let rest = &t[i..];
        let skip = if rest.starts_with("- ") || rest.starts_with("* ") {
            2
        } else if let Some(c) = rest.chars().next()
            && "◆●■•▪★◇○□▶►·".contains(c)
        {
            c.len_utf8()
        } else if rest.starts_with([' ', '\u{3000}']) && had {
            rest.chars().next().map_or(1, char::len_utf8)
        } else {
            break;
        };
        i += skip;
        had = true;
    }
    (l.slice(i..t.len()), had)
}

fn looks_like_item(p: &Para, first_items: &[bool]) -> bool {
    let t = p.text.text.trim_start();
    if t.starts_with("- ") || t.starts_with(['◆', '●', '■', '•', '▪', '★', '◇', '○', '□', '▶'])
    {
        return true;
    }
    if t.starts_with("**") {
        return true;
    }
    // `名称：说明`: a short lead before a colon.
    let lead = t.find(['：', ':']).map(|i| t[..i].chars().count());
    let colon_item = lead.is_some_and(|n| (2..=20).contains(&n));
    // Items so far had a colon lead: so must this one.
    colon_item && first_items.iter().all(|&b| b)
}

/// `**名称。**说明` → (名称, 说明); anything else is an item without a name.
fn split_item(l: &Located) -> Item {
    let t = &l.text;
    if let Some(rest) = t.strip_prefix("**")
        && let Some(close) = rest.find("**")
    {
        let lead = &rest[..close];
        if let Some(name) = lead.strip_suffix('。')
            && !name.is_empty()
            && !name.contains("**")
        {
            let body_start = 2 + close + 2;
            return Item {
                name: Some(l.slice(2..2 + name.len())),
                text: l.slice(body_start..t.len()).trimmed(),
            };
        }
    }
    Item {
        name: None,
        text: l.clone(),
    }
}

pub fn recognise(draft: &Draft) -> (Outline, Vec<Diagnostic>) {
    let mut r = Recogniser {
        out: Outline::default(),
        diags: Vec::new(),
        levels: HashMap::new(),
        open: Vec::new(),
        last_chapter: None,
        toc: Vec::new(),
        column_list: Vec::new(),
        headings_found: Vec::new(),
        pending_caption: None,
        seen_body: false,
        last_column_number: None,
    };
    let pieces = &draft.pieces;
    // 目录 region: marked by Word, or a 目录 title line and the entries after it.
    let mut in_toc = vec![false; pieces.len()];
    let is_entry = |k: usize| match pieces.get(k) {
        Some(Piece::Para(q)) => toc_entry(q.text.text.trim()).is_some(),
        _ => false,
    };
    let mut i = 0;
    while i < pieces.len() {
        if let Piece::Para(p) = &pieces[i] {
            if p.toc {
                in_toc[i] = true;
            } else if !is_toc_title(&p.text.text) && (i..i + 4).all(is_entry) {
                // A 目录 without its title: four or more entries in a row.
                let mut j = i;
                while is_entry(j) {
                    in_toc[j] = true;
                    j += 1;
                }
                i = j;
                continue;
            } else if is_toc_title(&p.text.text) {
                in_toc[i] = true;
                let mut j = i + 1;
                while j < pieces.len() {
                    let Piece::Para(q) = &pieces[j] else { break };
                    let t = q.text.text.trim();
                    let list_line = t.strip_prefix("- ").unwrap_or(t);
                    if q.toc
                        || toc_entry(t).is_some()
                        || matches!(
                            compact(t).as_str(),
                            "专栏" | "表" | "附表" | "专栏目录" | "表目录"
                        )
                        || number::column_caption(list_line).is_some()
                        || number::table_caption(list_line).is_some()
                    {
                        in_toc[j] = true;
                        j += 1;
                    } else {
                        break;
                    }
                }
                i = j;
                continue;
            }
        }
        i += 1;
    }
    // Headings first, to learn which numbering kinds are chapters and which sections.
    let heads: Vec<(usize, Heading)> = pieces
        .iter()
        .enumerate()
        .filter(|(i, _)| !in_toc[*i])
        .filter_map(|(i, p)| match p {
            Piece::Para(p) => r.para_heading(p).map(|h| (i, h)),
            _ => None,
        })
        .collect();
    let heads = r.demote_numbered_lists(pieces, &in_toc, heads);
    r.assign_levels(&heads);
    let head_at: HashMap<usize, Heading> = heads.into_iter().collect();
    let chapter_kind = r.levels.iter().find(|(_, l)| **l == 0).map(|(k, _)| *k);
    let first_chapter =
        (0..pieces.len()).find(|i| head_at.get(i).is_some_and(|h| Some(h.kind) == chapter_kind));
    // Cover and front matter: everything before the first chapter that is not the 目录.
    let front_end = first_chapter.unwrap_or(pieces.len());
    let front_paras: Vec<(usize, &Para)> = (0..front_end)
        .filter(|&i| !in_toc[i])
        .filter_map(|i| match &pieces[i] {
            Piece::Para(p) => Some((i, p)),
            _ => None,
        })
        .collect();
    let cover = front::cover(&front_paras);
    r.out.title = cover.title.clone();
    r.out.stage = cover.stage.clone();
    r.out.issuer = cover.issuer.clone();
    r.out.date = cover.date.clone();
    r.out.counts.cover = cover.used.len();
    let mut columns_seen: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        let piece = &pieces[i];
        if in_toc[i] {
            if let Piece::Para(p) = piece {
                r.out.counts.toc += 1;
                r.note_toc_line(p);
            }
            i += 1;
            continue;
        }
        match piece {
            Piece::Para(p) => {
                if i < front_end && cover.used.contains(&i) {
                    i += 1;
                    continue;
                }
                if p.text.is_blank() {
                    i += 1;
                    continue;
                }
                if i < front_end && cover.preface_heading == Some(i) {
                    // 导言 / 前言: the preface's own heading is printed by guihua.
                    r.out.counts.headings += 1;
                    i += 1;
                    continue;
                }
                if let Some(h) = head_at.get(&i).filter(|_| i >= front_end)
                    && let Some(&level) = r.levels.get(&h.kind)
                {
                    {
                        let level = r.sequence(h, level);
                        r.open_section(level, h);
                        r.headings_found
                            .push((compact(&h.title.text), level, h.title.clone()));
                        add_section(&mut r.out, h.title.clone(), level);
                        r.out.counts.headings += 1;
                        if let Some(run_in) = &h.run_in {
                            body_of(&mut r.out).push(Block::Para(run_in.clone()));
                        }
                        r.seen_body = true;
                        i += 1;
                        continue;
                    }
                }
                // A caption may be bold as a whole: **专栏1 标题**.
                let plain = unbold(&p.text.trimmed());
                let t = plain.text.as_str();
                // 专栏N 标题, then its items.
                if let Some((num, title_at)) = number::column_caption(t) {
                    let title = plain.slice(title_at..plain.text.len()).trimmed();
                    let mut items = Vec::new();
                    let mut colon_leads = Vec::new();
                    let mut j = i + 1;
                    while j < pieces.len() {
                        let Piece::Para(q) = &pieces[j] else { break };
                        if q.text.is_blank() {
                            j += 1;
                            continue;
                        }
                        if head_at.contains_key(&j)
                            || number::column_caption(q.text.text.trim()).is_some()
                            || number::table_caption(q.text.text.trim()).is_some()
                            || !looks_like_item(q, &colon_leads)
                        {
                            break;
                        }
                        let tq = q.text.text.trim_start();
                        let lead = tq.find(['：', ':']).map(|k| tq[..k].chars().count());
                        colon_leads.push(lead.is_some_and(|n| (2..=20).contains(&n)));
                        let (stripped, _) = strip_bullet(&q.text.trimmed());
                        items.push(split_item(&stripped));
                        j += 1;
                    }
                    r.out.counts.column_lines += 1 + items.len();
                    r.push_column(title, num, items, p.number, &mut columns_seen, &plain);
                    i = j;
                    continue;
                }
                if let Some((_, title_at)) = number::table_caption(t)
                    && matches!(pieces.get(i + 1), Some(Piece::Table(_)))
                {
                    let title = plain.slice(title_at..plain.text.len()).trimmed();
                    r.pending_caption = Some((title, p.number));
                    r.out.counts.table_rows += 1;
                    i += 1;
                    continue;
                }
                r.out.counts.paragraphs += 1;
                let text = p.text.trimmed();
                body_of(&mut r.out).push(Block::Para(text));
                i += 1;
            }
            Piece::Boxed(paras) => {
                r.boxed(paras, &mut columns_seen);
                i += 1;
            }
            Piece::Table(t) => {
                let caption = r.pending_caption.take();
                r.table(t, caption);
                i += 1;
            }
        }
    }
    r.compare_toc();
    r.compare_column_list();
    front::plan_facts(&mut r.out, draft);
    (r.out, r.diags)
}

/// `**1.建设……。**正文` → `1.建设……。正文`: the bold lead of a numbered line, unmarked.
fn lead_unbold(l: &Located) -> Option<Located> {
    let t = &l.text;
    let rest = t.strip_prefix("**")?;
    let close = rest.find("**")? + 2;
    number::parse(&t[2..close])?;
    let mut out = l.slice(2..close);
    out.append(&l.slice(close + 2..t.len()));
    Some(out)
}

/// `**标题**` → 标题: a bold 专栏 title is bold because it is a title.
fn unbold(l: &Located) -> Located {
    let t = &l.text;
    if t.starts_with("**") && t.ends_with("**") && t.len() > 4 && !t[2..t.len() - 2].contains("**")
    {
        return l.slice(2..t.len() - 2);
    }
    l.clone()
}

/// The typed number of a paragraph that is too long to be a heading: the first item of a
/// numbered list written as paragraphs (一、参照……，依程序……。).
fn typed_number(p: &Para) -> Option<(Token, Located)> {
    if p.toc {
        return None;
    }
    let l = lead_unbold(&p.text).unwrap_or_else(|| p.text.clone());
    let t = &l.text;
    let tok = number::parse(t.trim_start())?;
    let lead = t.len() - t.trim_start().len();
    Some((tok, l.slice(lead..lead + tok.token_len)))
}

impl Recogniser {
    /// Siblings numbered in one style form a list. When one of them is a whole paragraph
    /// rather than a title, the list is a numbered list of paragraphs: all its items stay
    /// paragraphs with their typed numbers (not some headings and some not), and the
    /// sequence of the numbers is still checked.
    fn demote_numbered_lists(
        &mut self,
        pieces: &[Piece],
        in_toc: &[bool],
        heads: Vec<(usize, Heading)>,
    ) -> Vec<(usize, Heading)> {
        let head_at: HashMap<usize, &Heading> = heads.iter().map(|(i, h)| (*i, h)).collect();
        // Open lists by style: (piece index, is a paragraph, token, where).
        type Item = (usize, bool, Token, Located);
        let mut open: HashMap<Style, Vec<Item>> = HashMap::new();
        let mut demoted: std::collections::HashSet<usize> = Default::default();
        let mut close = |list: Vec<Item>, this: &mut Self| {
            if !list.iter().any(|x| x.1) {
                return;
            }
            for (k, (i, _, tok, at)) in list.iter().enumerate() {
                demoted.insert(*i);
                let expected = k as u32 + 1;
                if tok.value != expected {
                    this.report(
                        codes::NUMBER_SEQUENCE,
                        Severity::Error,
                        at.draft_range(0..at.text.len()),
                        format!(
                            "编号顺序不对：这里是“{}”，按顺序应为“{}”",
                            at.text,
                            tok.style.show(expected)
                        ),
                        "请核对原稿是否漏了或多了一项",
                    );
                }
            }
        };
        for (i, piece) in pieces.iter().enumerate() {
            if in_toc[i] {
                continue;
            }
            let Piece::Para(p) = piece else { continue };
            let item = match head_at.get(&i) {
                Some(h) => h
                    .token
                    .zip(h.token_at.clone())
                    .map(|(t, at)| (t, at, false)),
                None => typed_number(p).map(|(t, at)| (t, at, true)),
            };
            let Some((tok, at, is_para)) = item else {
                continue;
            };
            // A number of an outer style closes the lists inside it.
            let inner: Vec<Style> = open.keys().copied().filter(|s| *s > tok.style).collect();
            for st in inner {
                if let Some(list) = open.remove(&st) {
                    close(list, self);
                }
            }
            if tok.value == 1
                && let Some(list) = open.remove(&tok.style)
            {
                close(list, self);
            }
            open.entry(tok.style)
                .or_default()
                .push((i, is_para, tok, at));
        }
        let mut rest: Vec<(Style, Vec<Item>)> = open.into_iter().collect();
        rest.sort_by_key(|(s, l)| (l.first().map(|x| x.0), *s));
        for (_, list) in rest {
            close(list, self);
        }
        heads
            .into_iter()
            .filter(|(i, _)| !demoted.contains(i))
            .collect()
    }

    fn open_section(&mut self, level: usize, h: &Heading) {
        self.open.retain(|o| o.0 < level);
        let style = h.token.map(|t| t.style);
        let n = h.token.map_or(0, |t| t.value);
        if level > 0 {
            self.open.push((level, style, n));
        } else {
            self.open.clear();
        }
    }

    fn note_toc_line(&mut self, p: &Para) {
        let t = p.text.text.trim();
        let line = t.strip_prefix("- ").unwrap_or(t);
        if let Some((num, at)) = number::column_caption(line) {
            let off = p.text.text.find(line).unwrap_or(0);
            let title = p.text.slice(off + at..off + line.len());
            let title = match toc_entry(&title.text) {
                Some(body) => title.slice(0..body.len()),
                None => title,
            };
            self.column_list.push((num, title.trimmed(), p.number));
            return;
        }
        if is_toc_title(t) || matches!(compact(t).as_str(), "专栏" | "表" | "附表") {
            return;
        }
        let body = toc_entry(t).unwrap_or(t);
        let off = p.text.text.find(body).unwrap_or(0);
        let mut loc = p.text.slice(off..off + body.len());
        if let Some(tok) = number::parse(&loc.text) {
            loc = loc.slice(tok.len..loc.text.len());
        }
        if let Some((num, _)) = &p.auto_number {
            let _ = num;
        }
        if number::table_caption(&loc.text).is_some() {
            return;
        }
        self.toc.push((loc.trimmed(), p.number));
    }

    fn push_column(
        &mut self,
        title: Located,
        number: Option<u32>,
        items: Vec<Item>,
        line: usize,
        seen: &mut Vec<usize>,
        caption: &Located,
    ) {
        if let Some(n) = number {
            let expected = self.last_column_number.map_or(1, |k| k + 1);
            if n != expected {
                let at = caption.draft_range(0.."专栏".len().min(caption.text.len()));
                self.report(
                    codes::NUMBER_SEQUENCE,
                    Severity::Error,
                    at,
                    format!("专栏编号不连续：这里是专栏{n}，按顺序应为专栏{expected}"),
                    "导入后专栏编号按放置顺序自动生成；请核对原稿",
                );
            }
            self.last_column_number = Some(n);
        }
        let idx = self.out.columns.len();
        let items = if items.is_empty() {
            self.out
                .unplaced
                .push((line, "专栏没有条目：标题之后不是条目的样式".into()));
            vec![Item {
                name: None,
                text: title.clone(),
            }]
        } else {
            items
        };
        self.out.columns.push(Column {
            title,
            number,
            items,
            first_line: line,
        });
        seen.push(idx);
        body_of(&mut self.out).push(Block::Column(idx));
    }

    /// A bordered one-cell table or a text box: a 专栏 when its first line is a title.
    fn boxed(&mut self, paras: &[Para], seen: &mut Vec<usize>) {
        let lines: Vec<&Para> = paras.iter().filter(|p| !p.text.is_blank()).collect();
        let Some(first) = lines.first() else { return };
        let first_text = unbold(&first.text.trimmed());
        let t = first_text.text.as_str();
        let caption = number::column_caption(t);
        let is_title = caption.is_some()
            || (lines.len() > 1
                && (first.all_bold || first.centered)
                && t.chars().count() <= MAX_TITLE_CHARS);
        if !is_title {
            for p in &lines {
                self.out.counts.paragraphs += 1;
                body_of(&mut self.out).push(Block::Para(p.text.trimmed()));
            }
            self.out.unplaced.push((
                first.number,
                "边框表格或文本框的首行不是专栏标题，其内容按段落导入".into(),
            ));
            return;
        }
        let (num, title) = match caption {
            Some((n, at)) => (n, first_text.slice(at..first_text.text.len()).trimmed()),
            None => (None, first_text.clone()),
        };
        let items: Vec<Item> = lines[1..]
            .iter()
            .map(|p| split_item(&strip_bullet(&p.text.trimmed()).0))
            .collect();
        self.out.counts.column_lines += lines.len();
        self.push_column(title, num, items, first.number, seen, &first_text);
    }

    fn table(&mut self, t: &super::draft::Table, caption: Option<(Located, usize)>) {
        match table::indicator_table(t, caption.as_ref().map(|c| &c.0)) {
            Ok((tab, rows)) => {
                self.out.counts.table_rows += rows;
                let idx = self.out.tables.len();
                self.out.tables.push(tab);
                body_of(&mut self.out).push(Block::Table(idx));
            }
            Err(why) => {
                // Not an indicator table: every row kept as a paragraph, cells separated by
                // a full-width space, and listed in the report.
                if let Some((c, _)) = caption {
                    body_of(&mut self.out).push(Block::Para(c));
                }
                for row in &t.rows {
                    let mut l = Located::default();
                    for (k, c) in row.iter().filter(|c| !c.merged_up).enumerate() {
                        if k > 0 {
                            l.push_synthetic("　");
                        }
                        l.append(&c.text);
                    }
                    self.out.counts.table_rows += 1;
                    if !l.is_blank() {
                        body_of(&mut self.out).push(Block::Para(l));
                    }
                }
                self.out
                    .unplaced
                    .push((t.number, format!("表格不是指标表（{why}），各行按段落导入")));
            }
        }
    }

    /// 目录 entries against the headings found, in order: each mismatch reported.
    fn compare_toc(&mut self) {
        if self.toc.is_empty() {
            return;
        }
        let found: Vec<String> = self.headings_found.iter().map(|h| h.0.clone()).collect();
        let listed: Vec<String> = self.toc.iter().map(|t| compact(&t.0.text)).collect();
        let toc = std::mem::take(&mut self.toc);
        let mut max_level = 0;
        for (k, (entry, _)) in toc.iter().enumerate() {
            if let Some(h) = self.headings_found.iter().find(|h| h.0 == listed[k]) {
                max_level = max_level.max(h.1);
            } else {
                let at = entry.draft_range(0..entry.text.len());
                let near = crate::suggest::closest(&listed[k], found.iter().map(String::as_str))
                    .map(|s| format!("正文中最接近的标题是“{s}”"))
                    .unwrap_or_else(|| "正文中没有这个标题".into());
                self.report(
                    codes::TOC_MISMATCH,
                    Severity::Warning,
                    at,
                    format!("目录中的“{}”与正文标题不一致", entry.text.trim()),
                    &format!("{near}；导入后目录由标题自动生成"),
                );
            }
        }
        let headings = std::mem::take(&mut self.headings_found);
        for (key, level, title) in &headings {
            if *level < max_level && !listed.contains(key) {
                let at = title.draft_range(0..title.text.len());
                self.report(
                    codes::TOC_MISMATCH,
                    Severity::Warning,
                    at,
                    format!("正文标题“{}”没有列入目录", title.text.trim()),
                    "目录可能没有更新；导入后目录由标题自动生成",
                );
            }
        }
        self.headings_found = headings;
    }

    /// The 专栏 list of the 目录 against the 专栏 in the body, by number.
    fn compare_column_list(&mut self) {
        let list = std::mem::take(&mut self.column_list);
        for (num, title, _) in &list {
            let Some(n) = num else { continue };
            let body = self.out.columns.iter().find(|c| c.number == Some(*n));
            let at = title.draft_range(0..title.text.len());
            match body {
                Some(c) if compact(&c.title.text) != compact(&title.text) => {
                    let body_at = c.title.draft_range(0..c.title.text.len());
                    let d = Diagnostic::warning(
                        codes::COLUMN_LIST,
                        span(at),
                        format!(
                            "专栏目录中专栏{n}的标题“{}”与正文中的“{}”不一致",
                            title.text.trim(),
                            c.title.text.trim()
                        ),
                    )
                    .with_label("专栏目录中的标题")
                    .with_related(span(body_at), "正文中的专栏标题")
                    .with_hint("统一两处标题；导入后专栏目录由正文自动生成");
                    self.diags.push(d);
                }
                None => self.report(
                    codes::COLUMN_LIST,
                    Severity::Warning,
                    at,
                    format!("专栏目录列出了专栏{n}，正文中没有这个专栏"),
                    "删去这一行，或补上正文中的专栏",
                ),
                _ => {}
            }
        }
    }
}
