//! word/document.xml as a stream of events: paragraphs with their style, Word numbering,
//! bold runs and alignment; text boxes; tracked changes read as accepted. Tables are closed
//! in [`super::tables`], fields and comment anchors handled in [`super::fields`].

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};

use super::numbering::Numbering;
use super::package::err;
use super::styles::{StyleInfo, style_heading, style_is_toc};
use super::tables::TableState;
use super::xml::{attr, events, local, on, text_of};
use crate::import::codes;
use crate::import::draft::{Located, Para, Piece, ReadError};

/// A paragraph being read.
#[derive(Default)]
pub(super) struct ParaState {
    text: Located,
    style: Option<String>,
    num: Option<(String, u8)>,
    centered: bool,
    in_bold: bool,
    all_bold: bool,
    any_text: bool,
    /// w:pPr/w:rPr describes the paragraph mark, not the text: ignored.
    in_ppr: bool,
    /// A table-of-contents field was open somewhere in the paragraph (its last entry holds
    /// the field's end).
    pub(super) toc: bool,
}

/// The state of reading document.xml.
pub(super) struct Reader<'s> {
    pub(super) styles: &'s HashMap<String, StyleInfo>,
    pub(super) numbering: Numbering,
    /// The located text: one paragraph per line.
    pub(super) text: String,
    pub(super) pieces: Vec<Piece>,
    pub(super) paragraphs: usize,
    pub(super) nonblank: usize,
    /// Open paragraphs: the body's, then a text box's inside it.
    pub(super) paras: Vec<ParaState>,
    /// Open tables, innermost last: rows of cells of paragraphs.
    pub(super) tables: Vec<TableState>,
    /// Open text boxes: their paragraphs.
    pub(super) boxes: Vec<Vec<Para>>,
    /// Boxes closed inside the current body paragraph, emitted after it.
    pub(super) pending_boxes: Vec<Vec<Para>>,
    pub(super) skip: usize,
    pub(super) run_bold: bool,
    pub(super) in_run_props: bool,
    pub(super) in_text: bool,
    pub(super) in_instr: bool,
    pub(super) instr: String,
    /// Field nesting: whether each open field is a TOC, and whether past its separator.
    pub(super) fields: Vec<(bool, bool)>,
    pub(super) toc_depth: usize,
    pub(super) sdt_toc: Vec<bool>,
    pub(super) insertions: usize,
    pub(super) deletions: usize,
    pub(super) comment_starts: HashMap<String, usize>,
    pub(super) comment_quotes: HashMap<String, String>,
    pub(super) open_comments: Vec<String>,
}

impl<'s> Reader<'s> {
    fn new(styles: &'s HashMap<String, StyleInfo>, numbering: Numbering) -> Reader<'s> {
        Reader {
            styles,
            numbering,
            text: String::new(),
            pieces: Vec::new(),
            paragraphs: 0,
            nonblank: 0,
            paras: Vec::new(),
            tables: Vec::new(),
            boxes: Vec::new(),
            pending_boxes: Vec::new(),
            skip: 0,
            run_bold: false,
            in_run_props: false,
            in_text: false,
            in_instr: false,
            instr: String::new(),
            fields: Vec::new(),
            toc_depth: 0,
            sdt_toc: Vec::new(),
            insertions: 0,
            deletions: 0,
            comment_starts: HashMap::new(),
            comment_quotes: HashMap::new(),
            open_comments: Vec::new(),
        }
    }
}

/// Read word/document.xml: the reader holds the pieces, the located text and what was seen
/// of comments and tracked changes.
pub(super) fn read_document<'s>(
    doc: &[u8],
    styles: &'s HashMap<String, StyleInfo>,
    numbering: Numbering,
) -> Result<Reader<'s>, ReadError> {
    let mut r = Reader::new(styles, numbering);
    let mut depth = 0usize;
    events("word/document.xml", doc, |ev| {
        match ev {
            Event::Start(e) => {
                depth += 1;
                if depth > 256 {
                    return Err(err(
                        codes::BAD_XML,
                        "word/document.xml 的嵌套超过 256 层",
                        "这不是正常的 Word 文档",
                    ));
                }
                r.start(e, false);
            }
            Event::Empty(e) => r.start(e, true),
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                r.end(local(e.name().as_ref()));
            }
            ev => {
                if r.skip == 0 {
                    if r.in_instr
                        && let Some(t) = text_of(ev)
                    {
                        r.instr.push_str(&t);
                    } else if r.in_text
                        && let Some(t) = text_of(ev)
                    {
                        // Text of a field's instruction part is never document text.
                        if r.fields.iter().all(|f| f.1) {
                            r.push_text(&t);
                        }
                    }
                }
            }
        }
        Ok(())
    })?;
    Ok(r)
}

impl Reader<'_> {
    fn start(&mut self, e: &BytesStart, empty: bool) {
        let name = local(e.name().as_ref()).to_vec();
        if self.skip > 0 {
            if !empty {
                self.skip += 1;
            }
            return;
        }
        match name.as_slice() {
            // Deleted text, moved-away text, the VML copy of a text box, field results of
            // non-text kinds: not part of the accepted document.
            b"del" | b"moveFrom" => {
                self.deletions += 1;
                if !empty {
                    self.skip = 1;
                }
            }
            b"Fallback" | b"delText" | b"footnoteReference" | b"endnoteReference" if !empty => {
                self.skip = 1;
            }
            b"ins" | b"moveTo" => self.insertions += 1,
            b"p" => {
                let toc = self.in_toc();
                self.paras.push(ParaState {
                    all_bold: true,
                    toc,
                    ..ParaState::default()
                });
                if empty {
                    self.end_para();
                }
            }
            b"pPr" => {
                if let Some(p) = self.paras.last_mut() {
                    p.in_ppr = !empty;
                }
            }
            b"pStyle" => {
                if let Some(p) = self.paras.last_mut() {
                    p.style = attr(e, b"val");
                }
            }
            b"numId" => {
                if let Some(p) = self.paras.last_mut() {
                    let lvl = p.num.as_ref().map_or(0, |n| n.1);
                    p.num = attr(e, b"val").map(|v| (v, lvl));
                }
            }
            b"ilvl" => {
                if let Some(p) = self.paras.last_mut() {
                    let l = attr(e, b"val").and_then(|v| v.parse().ok()).unwrap_or(0);
                    p.num = Some((p.num.take().map(|n| n.0).unwrap_or_default(), l));
                }
            }
            b"jc" => {
                if let Some(p) = self.paras.last_mut()
                    && p.in_ppr
                {
                    p.centered = matches!(attr(e, b"val").as_deref(), Some("center"));
                }
            }
            b"r" if !empty => self.run_bold = false,
            b"rPr" => self.in_run_props = !empty,
            b"b" if self.in_run_props && self.paras.last().is_some_and(|p| !p.in_ppr) => {
                self.run_bold = on(e);
            }
            b"t" if !empty => self.in_text = true,
            b"instrText" if !empty => self.in_instr = true,
            b"tab" if self.paras.last().is_some_and(|p| !p.in_ppr) => self.push_text("\t"),
            b"br" | b"cr" if self.paras.last().is_some_and(|p| !p.in_ppr) => self.push_text(" "),
            b"noBreakHyphen" => self.push_text("-"),
            b"fldChar" => self.field_char(e),
            b"fldSimple" => {}
            b"docPartGallery" => {
                if let Some(t) = self.sdt_toc.last_mut() {
                    *t = attr(e, b"val").is_some_and(|v| v.contains("Table of Contents"));
                }
            }
            b"sdt" if !empty => self.sdt_toc.push(false),
            b"txbxContent" if !empty => self.boxes.push(Vec::new()),
            b"tbl" if !empty => self.tables.push(TableState {
                first: self.paragraphs + 1,
                ..TableState::default()
            }),
            b"tr" if !empty => {
                if let Some(t) = self.tables.last_mut() {
                    t.rows.push(Vec::new());
                }
            }
            b"tc" if !empty => {
                if let Some(t) = self.tables.last_mut() {
                    t.cell = Some((Vec::new(), 1, false));
                }
            }
            b"gridSpan" => {
                if let Some((_, span, _)) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                    *span = attr(e, b"val")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(1)
                        .clamp(1, 64);
                }
            }
            b"vMerge" => {
                if let Some((_, _, up)) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                    *up = !matches!(attr(e, b"val").as_deref(), Some("restart"));
                }
            }
            b"commentRangeStart" | b"commentRangeEnd" | b"commentReference" => {
                self.comment_anchor(&name, e);
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &[u8]) {
        if self.skip > 0 {
            self.skip -= 1;
            return;
        }
        match name {
            b"t" => self.in_text = false,
            b"instrText" => self.in_instr = false,
            b"rPr" => self.in_run_props = false,
            b"pPr" => {
                if let Some(p) = self.paras.last_mut() {
                    p.in_ppr = false;
                }
            }
            b"r" => {
                // Close a bold span at the end of a run when the next run may differ.
                self.run_bold = false;
            }
            b"p" => self.end_para(),
            b"sdt" => {
                self.sdt_toc.pop();
            }
            b"txbxContent" => {
                if let Some(b) = self.boxes.pop() {
                    self.pending_boxes.push(b);
                }
            }
            b"tc" => {
                if let Some(t) = self.tables.last_mut()
                    && let Some(c) = t.cell.take()
                    && let Some(row) = t.rows.last_mut()
                {
                    row.push(c);
                }
            }
            b"tbl" => {
                if let Some(t) = self.tables.pop() {
                    self.end_table(t);
                }
            }
            _ => {}
        }
    }

    fn push_text(&mut self, s: &str) {
        let Some(p) = self.paras.last_mut() else {
            return;
        };
        if p.in_ppr {
            return;
        }
        let bold = self.run_bold && !s.trim().is_empty();
        if bold != p.in_bold && !s.trim().is_empty() {
            p.text.text.push_str("**");
            p.in_bold = bold;
        }
        if !s.trim().is_empty() {
            p.any_text = true;
            if !bold {
                p.all_bold = false;
            }
        }
        // Located offsets are assigned when the paragraph ends (its line in the located text);
        // until then they are relative to the paragraph.
        p.text.text.push_str(s);
        for id in &self.open_comments {
            self.comment_quotes
                .entry(id.clone())
                .or_default()
                .push_str(s);
        }
    }

    fn end_para(&mut self) {
        let Some(mut p) = self.paras.pop() else {
            return;
        };
        if p.in_bold {
            p.text.text.push_str("**");
        }
        self.paragraphs += 1;
        // Place the paragraph on its own line of the located text, where the `**` markers
        // are not written.
        let base = self.text.len();
        self.text.push_str(&strip_bold_marks(&p.text.text));
        self.text.push('\n');
        let text = relocate(&p.text, base);
        // Paragraphs read: those of the body and of boxes; a table counts by rows.
        if !text.is_blank() && self.tables.is_empty() {
            self.nonblank += 1;
        }
        let heading = p
            .style
            .as_deref()
            .and_then(|s| style_heading(self.styles, s));
        let num = p.num.clone().or_else(|| {
            p.style
                .as_deref()
                .and_then(|s| self.styles.get(s))
                .and_then(|s| s.num.clone())
        });
        let auto_number = num
            .filter(|(id, _)| id != "0" && !id.is_empty())
            .and_then(|(id, lvl)| self.numbering.next(&id, lvl).map(|n| (n, lvl)));
        let toc = p.toc
            || self.in_toc()
            || p.style
                .as_deref()
                .is_some_and(|s| style_is_toc(self.styles, s));
        let para = Para {
            text,
            heading,
            auto_number,
            toc,
            all_bold: p.all_bold && p.any_text,
            centered: p.centered,
            number: self.paragraphs,
        };
        if let Some(b) = self.boxes.last_mut() {
            b.push(para);
        } else if let Some(t) = self.tables.last_mut() {
            if let Some((cell, _, _)) = t.cell.as_mut() {
                cell.push(para);
            }
        } else {
            self.pieces.push(Piece::Para(para));
            for b in std::mem::take(&mut self.pending_boxes) {
                self.pieces.push(Piece::Boxed(b));
            }
        }
        if self.paras.is_empty() && self.tables.is_empty() && !self.pending_boxes.is_empty() {
            for b in std::mem::take(&mut self.pending_boxes) {
                self.pieces.push(Piece::Boxed(b));
            }
        }
    }
}

fn strip_bold_marks(s: &str) -> String {
    s.replace("**", "")
}

/// Map a paragraph's segments (offsets within the paragraph, `**` included) onto its line
/// `base..` of the located text, where the `**` markers are not written.
fn relocate(text: &Located, base: usize) -> Located {
    let mut out = Located::default();
    let t = &text.text;
    let mut shown = 0usize;
    let mut i = 0;
    while i < t.len() {
        let mark = t[i..].starts_with("**");
        let end = if mark {
            i + 2
        } else {
            t[i..].find("**").map_or(t.len(), |k| i + k)
        };
        out.segs
            .push((out.text.len() as u32, (base + shown) as u32));
        out.text.push_str(&t[i..end]);
        if !mark {
            shown += end - i;
        }
        i = end;
    }
    if out.segs.is_empty() {
        out.segs.push((0, base as u32));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relocate_skips_bold_marks() {
        let mut l = Located::default();
        l.push_synthetic("**");
        l.push("标题。", 0);
        l.push_synthetic("**");
        l.push("正文", 9);
        let r = relocate(&l, 100);
        assert_eq!(r.text, "**标题。**正文");
        assert_eq!(r.draft_offset(2), 100);
        assert_eq!(r.draft_offset(r.text.find("正文").unwrap()), 109);
    }
}
