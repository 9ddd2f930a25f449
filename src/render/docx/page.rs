//! Release pages and the 修订对照表 as DOCX, from the Markdown their templates render (the
//! same text as the .md files: notice.md, feedback.md, diff.md): headings, paragraphs with
//! bold, emphasis and strikethrough (and the `<strong>` / `<del>` a diff falls back to),
//! lists, and tables as real Word tables whose header row repeats on every page — a 意见反馈表
//! with rows ready to be filled in, a 修订对照表 with 修改前 / 修改后 / 说明 columns. One
//! section, A4 in the plan's margins, "— N —" page numbers.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::body::{TEXT_WIDTH, cell, section_props, table_open};
use super::styles::RoleFonts;
use super::xml::{RunStyle, paragraph, run_as};
use super::{Meta, SETTINGS, package, parts_with};

/// The text style at a point of the Markdown.
#[derive(Default, Clone, Copy)]
struct Style {
    bold: u32,
    emph: u32,
    strike: u32,
}

struct Writer<'f> {
    out: String,
    kai: &'f str,
    heading: &'f str,
    /// Runs of the paragraph or cell being written.
    runs: String,
    /// Text not yet written as a run, and its style (bold, emphasis, strike, header cell):
    /// neighbouring pieces of one style become one run.
    pending: String,
    pending_style: (bool, bool, bool, bool),
    style: Style,
    /// Paragraph style of the block being written.
    block: &'static str,
    /// The table being written: its rows of cells (each cell's runs) and whether the
    /// header row is done.
    table: Option<Vec<Vec<String>>>,
    /// Characters of text in each cell of the table, for the column widths.
    cell_chars: Vec<Vec<usize>>,
    /// Characters written into the cell being written.
    chars: usize,
    header_rows: usize,
    title: Option<String>,
    in_heading: Option<String>,
}

impl Writer<'_> {
    fn text(&mut self, s: &str) {
        if let Some(h) = &mut self.in_heading {
            h.push_str(s);
        }
        self.chars += s.chars().count();
        let st = self.style;
        let key = (
            st.bold > 0,
            st.emph > 0,
            st.strike > 0,
            self.in_table_header(),
        );
        if key != self.pending_style {
            self.flush();
            self.pending_style = key;
        }
        self.pending.push_str(s);
    }

    /// Write the pending text as one run.
    fn flush(&mut self) {
        let (bold, emph, strike, header) = self.pending_style;
        let style = RunStyle {
            bold: bold || header,
            font: if emph {
                Some(self.kai)
            } else if header {
                Some(self.heading)
            } else {
                None
            },
            size: None,
            strike,
        };
        let text = std::mem::take(&mut self.pending);
        run_as(&mut self.runs, &text, style, "w:t");
    }

    /// The runs written so far, the pending text included.
    fn take_runs(&mut self) -> String {
        self.flush();
        std::mem::take(&mut self.runs)
    }

    fn in_table_header(&self) -> bool {
        self.table
            .as_ref()
            .is_some_and(|rows| rows.len() <= self.header_rows && self.header_rows > 0)
    }

    fn end_block(&mut self) {
        let runs = self.take_runs();
        paragraph(&mut self.out, self.block, "", &runs);
        self.block = "Normal";
    }

    /// Inline HTML a template writes for marks CommonMark cannot place: `<del>`, `<strong>`,
    /// `<br>`. Anything else is shown as text.
    fn html(&mut self, tag: &str) {
        match tag.trim().to_ascii_lowercase().as_str() {
            "<del>" | "<s>" => self.style.strike += 1,
            "</del>" | "</s>" => self.style.strike = self.style.strike.saturating_sub(1),
            "<strong>" | "<b>" => self.style.bold += 1,
            "</strong>" | "</b>" => self.style.bold = self.style.bold.saturating_sub(1),
            "<em>" => self.style.emph += 1,
            "</em>" => self.style.emph = self.style.emph.saturating_sub(1),
            "<br>" | "<br/>" | "<br />" => {
                self.flush();
                self.runs.push_str("<w:r><w:br/></w:r>");
            }
            other => self.text(other),
        }
    }

    fn end_table(&mut self) {
        let Some(rows) = self.table.take() else {
            return;
        };
        let columns = rows.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let widths = column_widths(
            &std::mem::take(&mut self.cell_chars),
            self.header_rows,
            columns,
        );
        table_open(&mut self.out, &widths);
        for (i, row) in rows.iter().enumerate() {
            let props = if i < self.header_rows {
                "<w:tblHeader/><w:cantSplit/>"
            } else {
                // Rows ready to be filled in: at least two lines high.
                "<w:trHeight w:val=\"720\" w:hRule=\"atLeast\"/>"
            };
            self.out
                .push_str(&format!("<w:tr><w:trPr>{props}</w:trPr>"));
            for (c, width) in widths.iter().enumerate() {
                cell(
                    &mut self.out,
                    *width,
                    "",
                    row.get(c).map_or("", String::as_str),
                );
            }
            self.out.push_str("</w:tr>");
        }
        self.out.push_str("</w:tbl>");
        paragraph(&mut self.out, "Gap", "", "");
        self.header_rows = 0;
    }
}

/// Column widths (twips) across the text width. A table with rows to fill in (no text below
/// its header) has equal columns. A filled one gives every column room for up to four
/// characters of its longest cell (小四, 240 twips a character, plus the cell margins), then
/// shares what is left by the length of that cell, counted up to 30 characters.
fn column_widths(chars: &[Vec<usize>], header_rows: usize, columns: usize) -> Vec<u32> {
    const CHAR: u32 = 240;
    const MARGINS: u32 = 216;
    let body = chars.get(header_rows..).unwrap_or(&[]);
    if body.iter().all(|r| r.iter().all(|&n| n == 0)) {
        return vec![TEXT_WIDTH / columns as u32; columns];
    }
    let longest: Vec<u32> = (0..columns)
        .map(|c| {
            let n = chars.iter().map(|r| r.get(c).copied().unwrap_or(0)).max();
            n.unwrap_or(0).min(30) as u32
        })
        .collect();
    let least: Vec<u32> = longest
        .iter()
        .map(|&n| n.clamp(1, 4) * CHAR + MARGINS)
        .collect();
    let floor: u32 = least.iter().sum();
    if floor >= TEXT_WIDTH {
        return least.iter().map(|w| w * TEXT_WIDTH / floor).collect();
    }
    let extra: Vec<u32> = longest.iter().map(|&n| n.saturating_sub(4)).collect();
    let weight: u32 = extra.iter().sum::<u32>().max(1);
    let spare = TEXT_WIDTH - floor;
    least
        .iter()
        .zip(&extra)
        .map(|(l, e)| l + spare * e / weight)
        .collect()
}

/// document.xml of a page written in Markdown, and its first heading (the page's title).
fn document(md: &str, fonts: &RoleFonts) -> (String, String) {
    let mut w = Writer {
        out: String::new(),
        kai: fonts.family(crate::model::FontRole::Kai),
        heading: fonts.family(crate::model::FontRole::Heading),
        runs: String::new(),
        pending: String::new(),
        pending_style: (false, false, false, false),
        style: Style::default(),
        block: "Normal",
        table: None,
        cell_chars: Vec::new(),
        chars: 0,
        header_rows: 0,
        title: None,
        in_heading: None,
    };
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(md, options) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                w.block = match level as u8 {
                    1 => "Title",
                    2 => "Heading1",
                    3 => "Heading2",
                    4 => "Heading3",
                    _ => "Heading4",
                };
                w.in_heading = Some(String::new());
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = w.in_heading.take()
                    && w.title.is_none()
                {
                    w.title = Some(h);
                }
                w.end_block();
            }
            Event::Start(Tag::Paragraph) if w.table.is_none() => {}
            Event::End(TagEnd::Paragraph) if w.table.is_none() => w.end_block(),
            Event::Start(Tag::Item) => w.text("· "),
            Event::End(TagEnd::Item) => w.end_block(),
            Event::Start(Tag::Strong) => w.style.bold += 1,
            Event::End(TagEnd::Strong) => w.style.bold = w.style.bold.saturating_sub(1),
            Event::Start(Tag::Emphasis) => w.style.emph += 1,
            Event::End(TagEnd::Emphasis) => w.style.emph = w.style.emph.saturating_sub(1),
            Event::Start(Tag::Strikethrough) => w.style.strike += 1,
            Event::End(TagEnd::Strikethrough) => w.style.strike = w.style.strike.saturating_sub(1),
            Event::Start(Tag::Table(_)) => {
                w.table = Some(Vec::new());
                w.cell_chars.clear();
            }
            Event::End(TagEnd::Table) => w.end_table(),
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => {
                if matches!(event, Event::Start(Tag::TableHead)) {
                    w.header_rows = 1;
                }
                if let Some(rows) = &mut w.table {
                    rows.push(Vec::new());
                    w.cell_chars.push(Vec::new());
                }
            }
            Event::Start(Tag::TableCell) => w.chars = 0,
            Event::End(TagEnd::TableCell) => {
                let runs = w.take_runs();
                if let Some(row) = w.table.as_mut().and_then(|rows| rows.last_mut()) {
                    row.push(runs);
                }
                if let Some(lens) = w.cell_chars.last_mut() {
                    lens.push(w.chars);
                }
            }
            Event::Text(t) | Event::Code(t) => w.text(&t),
            Event::InlineHtml(h) | Event::Html(h) => w.html(&h),
            Event::SoftBreak => {}
            Event::HardBreak => {
                w.flush();
                w.runs.push_str("<w:r><w:br/></w:r>");
            }
            Event::Rule => paragraph(&mut w.out, "Gap", "", ""),
            _ => {}
        }
    }
    if !w.runs.is_empty() || !w.pending.is_empty() {
        w.end_block();
    }
    let title = w.title.clone().unwrap_or_default();
    (w.out, title)
}

/// A page (its Markdown) as a .docx package in the workspace's fonts and, when it has one,
/// its reference document's styles; by `creator`, dated `date`.
pub fn render_markdown(
    md: &str,
    config: &crate::model::Config,
    reference: Option<&[u8]>,
    creator: &str,
    date: crate::model::PlanDate,
) -> Result<Vec<u8>, String> {
    let fonts = super::role_fonts(config);
    let styles = reference.map(super::reference_styles).transpose()?;
    let date = format!(
        "{:04}-{:02}-{:02}T00:00:00Z",
        date.year,
        date.month,
        date.day.unwrap_or(1)
    );
    render_page(md, &fonts, styles, creator, date)
}

fn render_page(
    md: &str,
    fonts: &RoleFonts,
    styles: Option<String>,
    creator: &str,
    date: String,
) -> Result<Vec<u8>, String> {
    let (main, title) = document(md, fonts);
    let refs = r#"<w:headerReference w:type="default" r:id="rId6"/><w:headerReference w:type="even" r:id="rId7"/><w:footerReference w:type="default" r:id="rId4"/><w:footerReference w:type="even" r:id="rId5"/>"#;
    let sect = section_props(refs, false, true);
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>{main}{sect}</w:body></w:document>"#
    );
    let meta = Meta {
        title: &title,
        subject: "",
        creator,
        keywords: "",
        date,
        stage_mark: "",
    };
    package(&parts_with(
        &meta,
        fonts,
        styles,
        document,
        SETTINGS.to_string(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> RoleFonts {
        super::super::role_fonts(&crate::model::Config::default())
    }

    #[test]
    fn filled_tables_give_their_columns_room_by_their_text() {
        // A form to fill in: equal columns.
        let form = [vec![2, 4, 2], vec![0, 0, 0], vec![0, 0, 0]];
        assert_eq!(column_widths(&form, 1, 3), vec![TEXT_WIDTH / 3; 3]);
        // 序号 | 意见 | 处理结果: the short columns keep room for their words, the long one
        // takes the rest.
        let filled = [vec![2, 2, 4], vec![1, 120, 3], vec![2, 40, 3]];
        let w = column_widths(&filled, 1, 3);
        assert!(w.iter().sum::<u32>() <= TEXT_WIDTH);
        assert!(w[0] >= 2 * 240 + 216 && w[2] >= 4 * 240 + 216, "{w:?}");
        assert!(w[1] > w[0] + w[2], "{w:?}");
    }

    #[test]
    fn markdown_becomes_paragraphs_and_tables() {
        let md = "# 意见反馈表\n\n说明**加粗**与~~删去~~、<del>旧</del><strong>新</strong>。\n\n| 序号 | 原文 |\n| ---: | --- |\n| 1 | &lt;w:p&gt;注入 |\n| 2 |  |\n";
        let (xml, title) = document(md, &fonts());
        assert_eq!(title, "意见反馈表");
        assert!(xml.contains(r#"<w:pStyle w:val="Title"/>"#));
        assert!(xml.contains("<w:strike/>"), "{xml}");
        assert!(xml.contains("<w:b/>"));
        assert_eq!(xml.matches("<w:tr>").count(), 3, "{xml}");
        assert_eq!(xml.matches("<w:tblHeader/>").count(), 1);
        assert!(xml.contains(">&lt;w:p&gt;注入<"), "{xml}");
        assert!(!xml.contains("<w:p>注入"));
    }
}
