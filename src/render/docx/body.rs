//! document.xml from the plan's view, in the PDF's order: a cover (title, stage mark,
//! issuing body, date) and the 目录 with the lists of 专栏 and tables in a first section
//! without page numbers; then the body, from a right-hand page numbered 1, with the title,
//! the preface and the chapters. Headings carry guihua's numbers as text and an outline
//! level through their style; each 专栏 is a bordered one-cell table; each indicator table
//! is a real table with merged category cells and a header row repeated on every page.

use super::styles::{LINE_PITCH, SIZE_SMALL_4};
use super::xml::{RunStyle, paragraph, run};
use crate::model::FontRole;
use crate::render::view::{
    BlockView, ColumnItemView, ColumnView, HeadingView, PlanView, RowView, Run, TableView,
};

/// Width of the text block: 156 mm in twips.
pub const TEXT_WIDTH: u32 = 8844;

pub struct Body<'a> {
    out: String,
    /// 楷体, for emphasis.
    kai: &'a str,
    /// 黑体, for table headers.
    heading: &'a str,
}

/// Bookmark names must be ASCII-safe and at most 40 characters; anchors are `ch-<id>`,
/// which may hold Chinese: numbered instead, in reading order.
pub(super) fn bookmark(n: usize) -> String {
    format!("_guihua{n}")
}

impl<'a> Body<'a> {
    pub fn new(fonts: &'a super::styles::RoleFonts) -> Body<'a> {
        Body {
            out: String::new(),
            kai: fonts.family(FontRole::Kai),
            heading: fonts.family(FontRole::Heading),
        }
    }

    fn runs(&self, out: &mut String, runs: &[Run], size: Option<u32>) {
        for r in runs {
            run(
                out,
                &r.text,
                RunStyle {
                    bold: r.strong,
                    font: r.emph.then_some(self.kai),
                    size,
                    ..RunStyle::default()
                },
            );
        }
    }

    fn plain(&mut self, style: &str, s: &str) {
        let mut body = String::new();
        run(&mut body, s, RunStyle::default());
        paragraph(&mut self.out, style, "", &body);
    }

    fn empty_lines(&mut self, n: usize) {
        for _ in 0..n {
            paragraph(&mut self.out, "CoverLine", "", "");
        }
    }

    fn page_break(&mut self) {
        self.out
            .push_str(r#"<w:p><w:r><w:br w:type="page"/></w:r></w:p>"#);
    }

    pub fn cover(&mut self, v: &PlanView) {
        self.empty_lines(3);
        self.plain("Title", &v.title);
        if !v.stage_mark.is_empty() {
            self.empty_lines(1);
            self.plain("StageMark", &v.stage_mark);
        }
        // The issuing body and the date stand near the foot of the cover (22 lines a page).
        let used = 4 + if v.stage_mark.is_empty() { 0 } else { 2 };
        self.empty_lines(22usize.saturating_sub(used + 5));
        self.plain("CoverLine", &v.issuer);
        self.plain("CoverLine", &v.date);
        self.page_break();
    }

    /// The 目录 as a TOC field (levels 1–2, as the PDF lists them) whose cached result lists
    /// the headings; Word and WPS fill in the page numbers when the field is updated.
    pub fn contents(&mut self, v: &PlanView) {
        self.plain("TOCHeading", "目\u{3000}录");
        let entries: Vec<_> = v.toc.iter().filter(|e| e.level <= 1).collect();
        let begin = r#"<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \o "1-2" \h \z \u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>"#;
        let end = r#"<w:r><w:fldChar w:fldCharType="end"/></w:r>"#;
        if entries.is_empty() {
            paragraph(&mut self.out, "TOC1", "", &format!("{begin}{end}"));
        }
        for (i, e) in entries.iter().enumerate() {
            let mut body = String::new();
            if i == 0 {
                body.push_str(begin);
            }
            run(
                &mut body,
                &format!("{}{}", e.number, e.title),
                RunStyle::default(),
            );
            if i + 1 == entries.len() {
                body.push_str(end);
            }
            let style = if e.level == 0 { "TOC1" } else { "TOC2" };
            paragraph(&mut self.out, style, "", &body);
        }
        for (title, list) in [("专栏目录", &v.column_list), ("表目录", &v.table_list)] {
            if list.is_empty() {
                continue;
            }
            self.plain("ListHeading", title);
            for item in list.iter() {
                self.plain("TOC1", &format!("{}\u{3000}{}", item.label, item.title));
            }
        }
    }

    pub fn main_text(&mut self, v: &PlanView) {
        self.plain("Title", &v.title);
        self.empty_lines(1);
        self.blocks(&v.preface);
        let mut marks = 0;
        for c in &v.chapters {
            self.heading(c, &mut marks);
        }
    }

    fn heading(&mut self, h: &HeadingView, marks: &mut usize) {
        let style = heading_style(h.level);
        *marks += 1;
        let name = bookmark(*marks);
        let mut body = format!(r#"<w:bookmarkStart w:id="{marks}" w:name="{name}"/>"#);
        run(
            &mut body,
            &format!("{}{}", h.number, h.title),
            RunStyle::default(),
        );
        body.push_str(&format!(r#"<w:bookmarkEnd w:id="{marks}"/>"#));
        paragraph(&mut self.out, style, "", &body);
        self.blocks(&h.blocks);
        for s in &h.sections {
            self.heading(s, marks);
        }
    }

    fn blocks(&mut self, blocks: &[BlockView]) {
        for b in blocks {
            match b {
                BlockView::Paragraph { runs } => {
                    let mut body = String::new();
                    self.runs(&mut body, runs, None);
                    paragraph(&mut self.out, "Normal", "", &body);
                }
                BlockView::List { items } => {
                    for item in items {
                        let mut body = String::new();
                        self.runs(&mut body, item, None);
                        paragraph(&mut self.out, "Normal", "", &body);
                    }
                }
                BlockView::Column(c) => self.column(c),
                BlockView::Table(t) => self.table(t),
            }
        }
    }

    /// A 专栏: a bordered one-cell table, its title centred in 黑体, its items in 四号.
    fn column(&mut self, c: &ColumnView) {
        column_open(&mut self.out, "");
        self.plain("ColumnTitle", &format!("{}\u{3000}{}", c.label, c.title));
        for item in &c.items {
            let mut body = String::new();
            self.runs(&mut body, &column_item_runs(item), None);
            paragraph(&mut self.out, "ColumnItem", "", &body);
        }
        if c.items.is_empty() {
            paragraph(&mut self.out, "ColumnItem", "", "");
        }
        self.out.push_str(COLUMN_CLOSE);
        // Two tables cannot touch: a thin gap after each.
        paragraph(&mut self.out, "Gap", "", "");
    }

    /// An indicator table: caption, a header row repeated on every page, category cells
    /// merged down their rows.
    fn table(&mut self, t: &TableView) {
        self.plain("TableCaption", &format!("{}\u{3000}{}", t.label, t.title));
        let (header, widths) = table_header(t);
        table_open(&mut self.out, &widths);
        header_row(&mut self.out, &header, &widths, self.heading, "");
        for row in &t.rows {
            self.out
                .push_str(r#"<w:tr><w:trPr><w:cantSplit/></w:trPr>"#);
            let merge = match &row.category {
                Some(c) if c.rowspan > 1 => r#"<w:vMerge w:val="restart"/>"#,
                Some(_) => "",
                None => "<w:vMerge/>",
            };
            let mut cells = row_cells(t, row);
            cells[0] = row
                .category
                .as_ref()
                .map(|c| c.name.clone())
                .unwrap_or_default();
            for (i, (s, w)) in cells.iter().zip(&widths).enumerate() {
                let mut body = String::new();
                run(&mut body, s, RunStyle::default());
                cell(&mut self.out, *w, if i == 0 { merge } else { "" }, &body);
            }
            self.out.push_str("</w:tr>");
        }
        self.out.push_str("</w:tbl>");
        paragraph(&mut self.out, "Gap", "", "");
    }

    pub fn finish(self) -> String {
        self.out
    }
}

/// The paragraph style of a heading of `level` (0 = chapter).
pub(super) fn heading_style(level: usize) -> &'static str {
    match level {
        0 => "Heading1",
        1 => "Heading2",
        2 => "Heading3",
        _ => "Heading4",
    }
}

/// A 专栏's box up to its one cell's content; `row_props` go into the row's `<w:trPr>`.
pub(super) fn column_open(out: &mut String, row_props: &str) {
    let border = r#"w:val="single" w:sz="8" w:space="0" w:color="000000""#;
    let tr = if row_props.is_empty() {
        String::new()
    } else {
        format!("<w:trPr>{row_props}</w:trPr>")
    };
    out.push_str(&format!(
        r#"<w:tbl><w:tblPr><w:tblW w:w="{TEXT_WIDTH}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders><w:top {border}/><w:left {border}/><w:bottom {border}/><w:right {border}/></w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="113" w:type="dxa"/><w:left w:w="170" w:type="dxa"/><w:bottom w:w="113" w:type="dxa"/><w:right w:w="170" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid><w:gridCol w:w="{TEXT_WIDTH}"/></w:tblGrid><w:tr>{tr}<w:tc><w:tcPr><w:tcW w:w="{TEXT_WIDTH}" w:type="dxa"/></w:tcPr>"#
    ));
}

pub(super) const COLUMN_CLOSE: &str = "</w:tc></w:tr></w:tbl>";

/// The runs of a 专栏 item as set: a lozenge, the bold lead with its 。, the text.
pub(super) fn column_item_runs(item: &ColumnItemView) -> Vec<Run> {
    let plain = |text: String, strong: bool| Run {
        text,
        strong,
        emph: false,
    };
    let mut runs = vec![plain("◆ ".into(), false)];
    if let Some(name) = &item.name {
        runs.push(plain(format!("{name}。"), true));
    }
    runs.extend(item.runs.iter().cloned());
    runs
}

/// The header cells of an indicator table and the column widths (twips) that fill the text
/// block. Relative widths: 属性 holds 预期性 / 约束性 on one line, 序号 two digits.
pub fn table_header(t: &TableView) -> (Vec<String>, Vec<u32>) {
    let mut header: Vec<(String, u32)> = vec![
        ("类别".into(), 12),
        ("序号".into(), 7),
        ("指标".into(), 32),
        ("单位".into(), 10),
    ];
    if let Some(b) = t.base_year {
        header.push((format!("{b}年"), 11));
    }
    header.push((format!("{}年", t.target_year), 11));
    header.push(("属性".into(), 11));
    if t.has_responsible {
        header.push(("责任单位".into(), 16));
    }
    header.extend(t.extra_columns.iter().map(|c| (c.clone(), 14)));
    let total: u32 = header.iter().map(|(_, w)| w).sum();
    let widths = header.iter().map(|(_, w)| TEXT_WIDTH * w / total).collect();
    (header.into_iter().map(|(h, _)| h).collect(), widths)
}

/// The cells of one row, its category's name in the first.
pub fn row_cells(t: &TableView, row: &RowView) -> Vec<String> {
    let mut cells = vec![
        row.category_name.clone(),
        row.seq.to_string(),
        row.name.clone(),
        row.unit.clone(),
    ];
    if t.base_year.is_some() {
        cells.push(row.base.clone().unwrap_or_default());
    }
    cells.push(row.target.clone());
    cells.push(row.nature.clone());
    if t.has_responsible {
        cells.push(row.responsible.clone().unwrap_or_default());
    }
    cells.extend(row.extra.iter().cloned());
    cells
}

/// `<w:tbl>` with thin borders and the given grid, up to its first row.
pub fn table_open(out: &mut String, widths: &[u32]) {
    let border = r#"w:val="single" w:sz="4" w:space="0" w:color="000000""#;
    out.push_str(&format!(
        r#"<w:tbl><w:tblPr><w:tblW w:w="{TEXT_WIDTH}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders><w:top {border}/><w:left {border}/><w:bottom {border}/><w:right {border}/><w:insideH {border}/><w:insideV {border}/></w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>"#
    ));
    for w in widths {
        out.push_str(&format!(r#"<w:gridCol w:w="{w}"/>"#));
    }
    out.push_str("</w:tblGrid>");
}

/// The header row of `header` texts in 黑体, repeated on every page, with `row_props` added
/// to its row properties.
pub fn header_row(
    out: &mut String,
    header: &[String],
    widths: &[u32],
    font: &str,
    row_props: &str,
) {
    header_row_with(
        out,
        header,
        widths,
        font,
        row_props,
        &mut |body, h, style| {
            run(body, h, style);
            String::new()
        },
    );
}

/// [`header_row`] with each cell's body written by `write`, which returns the cell
/// paragraph's extra properties (a tracked change of its mark).
pub(super) fn header_row_with(
    out: &mut String,
    header: &[String],
    widths: &[u32],
    font: &str,
    row_props: &str,
    write: &mut dyn FnMut(&mut String, &str, RunStyle) -> String,
) {
    out.push_str(&format!(
        r#"<w:tr><w:trPr><w:tblHeader/><w:cantSplit/>{row_props}</w:trPr>"#
    ));
    for (h, w) in header.iter().zip(widths) {
        let mut body = String::new();
        let props = write(
            &mut body,
            h,
            RunStyle {
                font: Some(font),
                ..RunStyle::default()
            },
        );
        cell_with(out, *w, "", &props, &body);
    }
    out.push_str("</w:tr>");
}

pub fn cell(out: &mut String, width: u32, props: &str, body: &str) {
    cell_with(out, width, props, "", body);
}

/// A cell whose paragraph has `para_props` as well.
pub(super) fn cell_with(out: &mut String, width: u32, props: &str, para_props: &str, body: &str) {
    out.push_str(&format!(
        r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{props}<w:vAlign w:val="center"/></w:tcPr>"#
    ));
    paragraph(out, "TableText", para_props, body);
    out.push_str("</w:tc>");
}

/// The page numbers "— N —" in 四号 宋体, one character in from the outer edge: right on odd
/// pages, left on even ones.
pub fn footer_xml(odd: bool) -> String {
    let (jc, ind) = if odd {
        ("right", r#"<w:ind w:right="280" w:firstLine="0"/>"#)
    } else {
        ("left", r#"<w:ind w:left="280" w:firstLine="0"/>"#)
    };
    let mut body = String::new();
    run(&mut body, "— ", RunStyle::default());
    body.push_str(r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>"#);
    run(&mut body, " —", RunStyle::default());
    margin_part("w:ftr", &format!(r#"<w:jc w:val="{jc}"/>{ind}"#), &body)
}

/// A header (`w:hdr`) or footer (`w:ftr`) part holding one Footer-style paragraph.
fn margin_part(tag: &str, props: &str, body: &str) -> String {
    let mut out = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<{tag} xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
    );
    paragraph(&mut out, "Footer", props, body);
    out.push_str(&format!("</{tag}>"));
    out
}

/// Drafts carry their stage mark in the top margin of every body page, on the outer side,
/// in 小四 楷体.
pub fn header_xml(stage_mark: &str, odd: bool, kai: &str) -> String {
    let mut body = String::new();
    run(
        &mut body,
        stage_mark,
        RunStyle {
            font: Some(kai),
            size: Some(SIZE_SMALL_4),
            ..RunStyle::default()
        },
    );
    let jc = if odd { "right" } else { "left" };
    margin_part("w:hdr", &format!(r#"<w:jc w:val="{jc}"/>"#), &body)
}

/// `<w:sectPr>` of A4 with GB/T 9704 margins (天头 37 mm, bottom 35 mm, inside 28 mm,
/// outside 26 mm; mirrored in settings.xml) and a grid of 22 lines. A line set exactly on
/// the 28.95 pt grid puts its leading above the characters, so the top margin is 35 mm for
/// the first line's characters to start 37 mm from the top edge (measured on LibreOffice's
/// PDF in tests/docx.rs).
pub fn section_props(refs: &str, odd_start: bool, numbered: bool) -> String {
    let kind = if odd_start { "oddPage" } else { "nextPage" };
    let numbering = if numbered {
        r#"<w:pgNumType w:start="1"/>"#
    } else {
        ""
    };
    format!(
        r#"<w:sectPr>{refs}<w:type w:val="{kind}"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1984" w:right="1474" w:bottom="1984" w:left="1587" w:header="1134" w:footer="1304" w:gutter="0"/>{numbering}<w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="{LINE_PITCH}"/></w:sectPr>"#
    )
}
