//! The 修订稿: version B of a plan in which every change from version A is a Word tracked
//! change (`w:ins` / `w:del`), so that accepting all changes gives B's text and rejecting all
//! gives A's (numbers aside: headings, 专栏N, 表N and 序号 are B's either way, since
//! renumbering is not a change).
//!
//! Compared on the rendered view (what a reader sees, references expanded): headings, 专栏
//! and tables are aligned by anchor (anchors derive from ids); the paragraphs under a heading,
//! the items of a 专栏 and the rows of a table (keyed by indicator name) by a sequence diff,
//! in which a deleted and an inserted neighbour of similar text pair up as one changed
//! paragraph, diffed by characters (a run of ASCII letters and digits is one token, so a
//! changed figure shows as the old figure deleted and the new one inserted). Numbers (一、
//! （一）, 专栏3, 表1, 序号) are B's and never marked: renumbering is not a change. Tables are
//! written without vertical merges (the category in every row), so accepting or rejecting a
//! row cannot break a merge. Revision ids count from 1 in document order.

mod text;

use similar::{Algorithm, DiffTag, capture_diff_slices};
use text::{Mark, Seg, concat, diff_runs, plain_run, similar_text, whole};

/// How far ahead a deleted paragraph looks for a similar inserted one to pair with: a few
/// neighbours, so a rewritten chapter costs a bounded number of comparisons.
const LOOKAHEAD: usize = 8;

use super::body::{
    COLUMN_CLOSE, bookmark, cell_with, column_item_runs, column_open, header_row_with,
    heading_style, row_cells, table_header, table_open,
};
use super::styles::RoleFonts;
use super::xml::{RunStyle, attr, paragraph, run, run_as, text};
use crate::model::{Config, FontRole};
use crate::render::view::{BlockView, ColumnView, HeadingView, PlanView, RowView, Run, TableView};

/// Settings of the 修订稿: further edits are tracked too.
fn settings() -> String {
    super::SETTINGS.replacen(
        "<w:mirrorMargins/>",
        "<w:mirrorMargins/><w:trackRevisions/>",
        1,
    )
}

/// The 修订稿 of `new` against `old` as a .docx package: cover, 目录, headers and footers
/// and styles as `render_plan` writes them for `new`; `author` (the issuing body) and `date`
/// (W3CDTF, e.g. `2021-10-15T00:00:00Z`) on every change.
pub fn render_revision(
    old: &PlanView,
    new: &PlanView,
    config: &Config,
    reference: Option<&[u8]>,
    author: &str,
    date: &str,
) -> Result<Vec<u8>, String> {
    let fonts = super::role_fonts(config);
    let styles = reference.map(super::reference_styles).transpose()?;
    let main = main_text(old, new, &fonts, author, date);
    let document = super::document_with(new, &fonts, &main);
    super::package(&super::parts_with(
        &super::Meta::of(new),
        &fonts,
        styles,
        document,
        settings(),
    ))
}

/// What a sequence of blocks is made of, for the sequence diff: list items are paragraphs.
enum Unit<'v> {
    Para(Vec<Run>),
    Column(&'v ColumnView),
    Table(&'v TableView),
}

impl Unit<'_> {
    fn key(&self) -> String {
        match self {
            Unit::Para(runs) => format!("p:{}", crate::render::view::plain(runs)),
            Unit::Column(c) => format!("c:{}", c.anchor),
            Unit::Table(t) => format!("t:{}", t.anchor),
        }
    }
}

fn units(blocks: &[BlockView]) -> Vec<Unit<'_>> {
    let mut out = Vec::new();
    for b in blocks {
        match b {
            BlockView::Paragraph { runs } => out.push(Unit::Para(runs.clone())),
            BlockView::List { items } => out.extend(items.iter().map(|i| Unit::Para(i.clone()))),
            BlockView::Column(c) => out.push(Unit::Column(c)),
            BlockView::Table(t) => out.push(Unit::Table(t)),
        }
    }
    out
}

/// One side of an aligned pair: in A only, in B only, or in both.
fn pair_mark<T>(old: Option<T>, new: Option<T>) -> Mark {
    match (old.is_some(), new.is_some()) {
        (true, false) => Mark::Del,
        (false, true) => Mark::Ins,
        _ => Mark::Same,
    }
}

struct Writer<'a> {
    out: String,
    kai: &'a str,
    heading: &'a str,
    author: String,
    date: String,
    next_id: u32,
    marks: usize,
}

fn main_text(
    old: &PlanView,
    new: &PlanView,
    fonts: &RoleFonts,
    author: &str,
    date: &str,
) -> String {
    let mut w = Writer {
        out: String::new(),
        kai: fonts.family(FontRole::Kai),
        heading: fonts.family(FontRole::Heading),
        author: attr(author),
        date: text(date),
        next_id: 0,
        marks: 0,
    };
    let title = diff_runs(&[plain_run(&old.title)], &[plain_run(&new.title)]);
    w.para("Title", Mark::Same, &title, "");
    paragraph(&mut w.out, "CoverLine", "", "");
    w.blocks(&old.preface, &new.preface);
    w.headings(&old.chapters, &new.chapters);
    w.out
}

impl<'a> Writer<'a> {
    /// `w:id`, `w:author` and `w:date` of the next revision.
    fn attrs(&mut self) -> String {
        self.next_id += 1;
        format!(
            r#"w:id="{}" w:author="{}" w:date="{}""#,
            self.next_id, self.author, self.date
        )
    }

    /// The properties marking a paragraph mark (or a table row) inserted or deleted.
    fn mark_props(&mut self, mark: Mark) -> String {
        match mark {
            Mark::Same => String::new(),
            Mark::Ins => format!("<w:ins {}/>", self.attrs()),
            Mark::Del => format!("<w:del {}/>", self.attrs()),
        }
    }

    fn para_props(&mut self, mark: Mark) -> String {
        match mark {
            Mark::Same => String::new(),
            m => format!("<w:rPr>{}</w:rPr>", self.mark_props(m)),
        }
    }

    fn seg(&mut self, out: &mut String, s: &str, style: RunStyle, mark: Mark) {
        if s.is_empty() {
            return;
        }
        match mark {
            Mark::Same => run(out, s, style),
            Mark::Ins => {
                out.push_str(&format!("<w:ins {}>", self.attrs()));
                run(out, s, style);
                out.push_str("</w:ins>");
            }
            Mark::Del => {
                out.push_str(&format!("<w:del {}>", self.attrs()));
                run_as(out, s, style, "w:delText");
                out.push_str("</w:del>");
            }
        }
    }

    fn segs(&mut self, out: &mut String, segs: &[Seg]) {
        for s in segs {
            let style = RunStyle {
                bold: s.strong,
                font: s.emph.then_some(self.kai),
                ..RunStyle::default()
            };
            self.seg(out, &s.text, style, s.mark);
        }
    }

    /// A paragraph of `style` with its mark marked `mark`; `before` goes ahead of the runs.
    fn para(&mut self, style: &str, mark: Mark, segs: &[Seg], before: &str) {
        let props = self.para_props(mark);
        let mut body = before.to_string();
        self.segs(&mut body, segs);
        paragraph(&mut self.out, style, &props, &body);
    }

    fn headings(&mut self, old: &[HeadingView], new: &[HeadingView]) {
        let ka: Vec<&str> = old.iter().map(|h| h.anchor.as_str()).collect();
        let kb: Vec<&str> = new.iter().map(|h| h.anchor.as_str()).collect();
        for op in capture_diff_slices(Algorithm::Myers, &ka, &kb) {
            let (tag, o, n) = op.as_tag_tuple();
            if tag == DiffTag::Equal {
                for (a, b) in old[o].iter().zip(&new[n]) {
                    self.heading(Some(a), Some(b));
                }
            } else {
                for a in &old[o] {
                    self.heading(Some(a), None);
                }
                for b in &new[n] {
                    self.heading(None, Some(b));
                }
            }
        }
    }

    /// A heading kept (B's number, its title diffed), inserted or deleted (number and
    /// title as one change, with everything under it).
    fn heading(&mut self, old: Option<&HeadingView>, new: Option<&HeadingView>) {
        let mark = pair_mark(old, new);
        let h = new.or(old).expect("one side");
        let segs = match (old, new) {
            (Some(a), Some(b)) => concat(
                whole(&[plain_run(&b.number)], Mark::Same),
                diff_runs(&[plain_run(&a.title)], &[plain_run(&b.title)]),
            ),
            _ => whole(&[plain_run(&format!("{}{}", h.number, h.title))], mark),
        };
        self.marks += 1;
        // Bookmark ids are kept apart from revision ids.
        let id = 1_000_000 + self.marks;
        let name = bookmark(self.marks);
        let before = format!(r#"<w:bookmarkStart w:id="{id}" w:name="{name}"/>"#);
        let props = self.para_props(mark);
        let mut body = before;
        self.segs(&mut body, &segs);
        body.push_str(&format!(r#"<w:bookmarkEnd w:id="{id}"/>"#));
        paragraph(&mut self.out, heading_style(h.level), &props, &body);
        let none: &[BlockView] = &[];
        let none_h: &[HeadingView] = &[];
        self.blocks(
            old.map_or(none, |a| &a.blocks),
            new.map_or(none, |b| &b.blocks),
        );
        self.headings(
            old.map_or(none_h, |a| &a.sections),
            new.map_or(none_h, |b| &b.sections),
        );
    }

    fn blocks(&mut self, old: &[BlockView], new: &[BlockView]) {
        self.units(units(old), units(new), "Normal");
    }

    /// The sequence diff of blocks (or 专栏 items, in `style`).
    fn units(&mut self, old: Vec<Unit>, new: Vec<Unit>, style: &str) {
        let ka: Vec<String> = old.iter().map(Unit::key).collect();
        let kb: Vec<String> = new.iter().map(Unit::key).collect();
        for op in capture_diff_slices(Algorithm::Myers, &ka, &kb) {
            let (tag, o, n) = op.as_tag_tuple();
            if tag == DiffTag::Equal {
                for (a, b) in old[o].iter().zip(&new[n]) {
                    self.unit(Some(a), Some(b), style);
                }
                continue;
            }
            let (os, ns) = (&old[o], &new[n]);
            let similar = |a: &Unit, b: &Unit| match (a, b) {
                (Unit::Para(x), Unit::Para(y)) => similar_text(x, y),
                _ => false,
            };
            let (mut i, mut j) = (0, 0);
            while i < os.len() || j < ns.len() {
                if i < os.len() && j < ns.len() && similar(&os[i], &ns[j]) {
                    self.unit(Some(&os[i]), Some(&ns[j]), style);
                    i += 1;
                    j += 1;
                } else if i < os.len()
                    && !ns[j..].iter().take(LOOKAHEAD).any(|b| similar(&os[i], b))
                {
                    self.unit(Some(&os[i]), None, style);
                    i += 1;
                } else {
                    self.unit(None, Some(&ns[j]), style);
                    j += 1;
                }
            }
        }
    }

    fn unit(&mut self, old: Option<&Unit>, new: Option<&Unit>, style: &str) {
        let mark = pair_mark(old, new);
        match (old, new) {
            (Some(Unit::Para(a)), Some(Unit::Para(b))) => {
                self.para(style, Mark::Same, &diff_runs(a, b), "")
            }
            (Some(Unit::Column(a)), Some(Unit::Column(b))) => self.column(Some(a), Some(b)),
            (Some(Unit::Table(a)), Some(Unit::Table(b))) => self.table(Some(a), Some(b)),
            (Some(u), None) | (None, Some(u)) => match u {
                Unit::Para(r) => self.para(style, mark, &whole(r, mark), ""),
                Unit::Column(c) => {
                    let (a, b) = if mark == Mark::Del {
                        (Some(*c), None)
                    } else {
                        (None, Some(*c))
                    };
                    self.column(a, b)
                }
                Unit::Table(t) => {
                    let (a, b) = if mark == Mark::Del {
                        (Some(*t), None)
                    } else {
                        (None, Some(*t))
                    };
                    self.table(a, b)
                }
            },
            // Equal keys have equal kinds.
            _ => {}
        }
    }

    /// A caption or 专栏 title: the label (B's, never marked when kept), then the title.
    fn caption(
        &mut self,
        style: &str,
        mark: Mark,
        labels: (Option<&str>, &str),
        titles: (Option<&str>, &str),
    ) {
        let segs = match (labels.0, titles.0) {
            (Some(_), Some(old_title)) => concat(
                whole(&[plain_run(&format!("{}\u{3000}", labels.1))], Mark::Same),
                diff_runs(&[plain_run(old_title)], &[plain_run(titles.1)]),
            ),
            _ => whole(
                &[plain_run(&format!("{}\u{3000}{}", labels.1, titles.1))],
                mark,
            ),
        };
        self.para(style, mark, &segs, "");
    }

    fn column(&mut self, old: Option<&ColumnView>, new: Option<&ColumnView>) {
        let mark = pair_mark(old, new);
        let c = new.or(old).expect("one side");
        let row = self.mark_props(mark);
        column_open(&mut self.out, &row);
        self.caption(
            "ColumnTitle",
            mark,
            (
                old.filter(|_| new.is_some()).map(|a| a.label.as_str()),
                &c.label,
            ),
            (
                old.filter(|_| new.is_some()).map(|a| a.title.as_str()),
                &c.title,
            ),
        );
        let items = |c: Option<&ColumnView>| -> Vec<Unit<'static>> {
            c.map(|c| {
                c.items
                    .iter()
                    .map(|i| Unit::Para(column_item_runs(i)))
                    .collect()
            })
            .unwrap_or_default()
        };
        self.units(items(old), items(new), "ColumnItem");
        if c.items.is_empty() {
            let props = self.para_props(mark);
            paragraph(&mut self.out, "ColumnItem", &props, "");
        }
        self.out.push_str(COLUMN_CLOSE);
        let props = self.para_props(mark);
        paragraph(&mut self.out, "Gap", &props, "");
    }

    fn table(&mut self, old: Option<&TableView>, new: Option<&TableView>) {
        if let (Some(a), Some(b)) = (old, new)
            && table_header(a) != table_header(b)
        {
            // Other columns: the old table goes, the new one comes.
            self.table(Some(a), None);
            self.table(None, Some(b));
            return;
        }
        let mark = pair_mark(old, new);
        let t = new.or(old).expect("one side");
        let kept = old.filter(|_| new.is_some());
        self.caption(
            "TableCaption",
            mark,
            (kept.map(|a| a.label.as_str()), &t.label),
            (kept.map(|a| a.title.as_str()), &t.title),
        );
        let (header, widths) = table_header(t);
        table_open(&mut self.out, &widths);
        let row_props = self.mark_props(mark);
        let mut out = std::mem::take(&mut self.out);
        let font = self.heading;
        header_row_with(
            &mut out,
            &header,
            &widths,
            font,
            &row_props,
            &mut |body, h, style| {
                let props = self.para_props(mark);
                self.seg(body, h, style, mark);
                props
            },
        );
        self.out = out;
        let rows = |t: Option<&TableView>| -> Vec<RowView> {
            t.map(|t| t.rows.clone()).unwrap_or_default()
        };
        let (ra, rb) = (rows(old), rows(new));
        let ka: Vec<&str> = ra.iter().map(|r| r.name.as_str()).collect();
        let kb: Vec<&str> = rb.iter().map(|r| r.name.as_str()).collect();
        for op in capture_diff_slices(Algorithm::Myers, &ka, &kb) {
            let (tag, o, n) = op.as_tag_tuple();
            if tag == DiffTag::Equal {
                for (a, b) in ra[o].iter().zip(&rb[n]) {
                    self.row((old.unwrap(), Some(a)), (new.unwrap(), Some(b)), &widths);
                }
            } else {
                for a in &ra[o] {
                    self.row((old.unwrap(), Some(a)), (t, None), &widths);
                }
                for b in &rb[n] {
                    self.row((t, None), (new.unwrap(), Some(b)), &widths);
                }
            }
        }
        self.out.push_str("</w:tbl>");
        let props = self.para_props(mark);
        paragraph(&mut self.out, "Gap", &props, "");
    }

    /// One indicator row: kept (each cell diffed, B's 序号), inserted or deleted.
    fn row(
        &mut self,
        old: (&TableView, Option<&RowView>),
        new: (&TableView, Option<&RowView>),
        widths: &[u32],
    ) {
        let mark = pair_mark(old.1, new.1);
        let row_props = self.mark_props(mark);
        self.out
            .push_str(&format!("<w:tr><w:trPr><w:cantSplit/>{row_props}</w:trPr>"));
        let a = old.1.map(|r| row_cells(old.0, r));
        let b = new.1.map(|r| row_cells(new.0, r));
        let cells = b.as_ref().or(a.as_ref()).expect("one side");
        for (i, w) in widths.iter().enumerate() {
            let segs = match (&a, &b) {
                (Some(_), Some(b)) if i == 1 => whole(&[plain_run(&b[i])], Mark::Same),
                (Some(a), Some(b)) => diff_runs(&[plain_run(&a[i])], &[plain_run(&b[i])]),
                _ => whole(&[plain_run(&cells[i])], mark),
            };
            let props = self.para_props(mark);
            let mut body = String::new();
            self.segs(&mut body, &segs);
            cell_with(&mut self.out, *w, "", &props, &body);
        }
        self.out.push_str("</w:tr>");
    }
}
