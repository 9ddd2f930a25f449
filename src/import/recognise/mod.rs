//! The one structure recogniser all three front ends feed: cover lines, 导言, the 目录
//! (compared, not imported), chapters and sections from typed numbers, Word numbering or
//! heading styles, 专栏 and indicator tables. Typed numbers are removed, since numbering is
//! generated, but every gap, repeat, change of style and half-width bracket in them is
//! reported at the draft's own location. Nothing is dropped: a paragraph that fits nowhere
//! stays a paragraph where it stood.
//!
//! [`toc`] finds the 目录 and compares it with what the body holds, [`headings`] says which
//! paragraphs are headings and at what level, [`sequence`] checks typed numbers, and
//! [`columns`] reads 专栏 (captioned paragraphs, text boxes, bordered one-cell tables).

mod columns;
mod headings;
mod sequence;
mod toc;

use std::collections::HashMap;

use super::draft::{Draft, Located, Para, Piece};
use super::front;
use super::number::{self, Style};
use super::outline::{Block, Outline, Section};
use super::table;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{FileId, Span};
use columns::{column_items, unbold};
use headings::{Heading, Kind};
use toc::toc_region;

/// A title longer than this is not a heading but a numbered paragraph.
const MAX_TITLE_CHARS: usize = 48;

/// The text without any white space, for comparing titles.
fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A span of the draft (file 0 of a draft check).
fn span(r: std::ops::Range<usize>) -> Span {
    Span::new(FileId(0), r)
}

/// The state of one pass over a draft: the outline built so far and what the checks need.
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
    /// Report a diagnostic at a range of the draft; an empty hint is left out.
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

    /// A table: an indicator table when it reads as one, else its rows as paragraphs.
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
                // a full-width bar (a space would read as a stray space after 。 or a digit),
                // and listed in the report.
                if let Some((c, _)) = caption {
                    body_of(&mut self.out).push(Block::Para(c));
                }
                for row in &t.rows {
                    let mut l = Located::default();
                    for (k, c) in row.iter().filter(|c| !c.merged_up).enumerate() {
                        if k > 0 {
                            l.push_synthetic("｜");
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
}

/// Recognise the structure of a draft: the outline to write, and what was found wrong in it.
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
    let in_toc = toc_region(pieces);
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
                    let (items, j) = column_items(pieces, i, &head_at);
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
