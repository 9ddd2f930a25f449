//! styles.xml and fontTable.xml: one Word style per role, in the GB/T 9704 measures the PDF
//! uses. A workspace can replace styles.xml with its own (templates/reference.docx, as
//! pandoc's --reference-doc): the document only names the style ids listed in [`STYLE_IDS`].

use super::xml::{attr, fonts, text};
use crate::model::FontRole;

/// Baseline to baseline: 225 mm / 22 lines, in twips (a hair under, so 22 lines fit).
pub const LINE_PITCH: u32 = 579;
/// Half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt, 小四 12 pt.
pub const SIZE_2: u32 = 44;
pub const SIZE_3: u32 = 32;
pub const SIZE_4: u32 = 28;
pub const SIZE_SMALL_4: u32 = 24;

/// The style ids document.xml refers to; a reference styles.xml must define them all.
pub fn style_ids() -> impl Iterator<Item = &'static str> {
    PARAGRAPH_STYLES.iter().map(|s| s.0)
}

/// The family each role is set in (the first of its chain) and the next one, named in
/// fontTable.xml as the alternative a word processor may substitute.
pub struct RoleFonts {
    pub families: Vec<(FontRole, String, Option<String>)>,
}

impl RoleFonts {
    pub fn family(&self, role: FontRole) -> &str {
        self.families
            .iter()
            .find(|(r, ..)| *r == role)
            .map_or("仿宋_GB2312", |(_, f, _)| f.as_str())
    }
}

/// How a paragraph style sits on the page.
#[derive(Clone, Copy)]
enum Layout {
    /// On the grid, first line indented two characters, justified: body text.
    Body,
    /// On the grid, indented two characters, kept with the next paragraph: headings.
    Heading,
    /// On the grid, centred, not indented.
    Centred,
    /// On the grid, flush left, not indented: the first level of the 目录.
    Flush,
    /// A thin gap after a 专栏 or a table (Word needs a paragraph between two tables).
    Gap,
    /// Centred and kept with what follows: 专栏 and table titles.
    Caption,
    /// The second level of the 目录: indented two characters.
    Toc2,
    /// 专栏 items in 四号: off the grid, 22 pt lines.
    ColumnItem,
    /// Table cells in 小四: off the grid, centred.
    Cell,
    /// Headers and footers: off the grid.
    Margin,
}

fn paragraph_props(layout: Layout) -> String {
    let grid = format!(
        r#"<w:spacing w:before="0" w:after="0" w:line="{LINE_PITCH}" w:lineRule="exact"/>"#
    );
    let off_grid = |line: u32, rule: &str| {
        format!(
            r#"<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="{line}" w:lineRule="{rule}"/>"#
        )
    };
    let indent = r#"<w:ind w:firstLineChars="200" w:firstLine="640"/>"#;
    let no_indent = r#"<w:ind w:firstLineChars="0" w:firstLine="0"/>"#;
    let center = r#"<w:jc w:val="center"/>"#;
    let justify = r#"<w:jc w:val="both"/>"#;
    match layout {
        Layout::Body => format!("{grid}{indent}{justify}"),
        Layout::Heading => format!("<w:keepNext/>{grid}{indent}"),
        Layout::Centred => format!("{grid}{no_indent}{center}"),
        Layout::Flush => format!("{grid}{no_indent}"),
        Layout::Gap => format!("{}{no_indent}", off_grid(240, "exact")),
        Layout::Caption => format!("<w:keepNext/>{grid}{no_indent}{center}"),
        Layout::Toc2 => format!(r#"{grid}<w:ind w:left="640" w:firstLine="0"/>"#),
        Layout::ColumnItem => format!("{}{indent}{justify}", off_grid(420, "exact")),
        Layout::Cell => format!("{}{no_indent}{center}", off_grid(320, "atLeast")),
        Layout::Margin => format!("{}{no_indent}", off_grid(240, "auto")),
    }
}

use FontRole::{Body as B, Heading as H, Kai as K, Song as S, Title as T};
use Layout::*;

/// A paragraph style: id, name, outline level, layout, font role, size, bold.
type StyleSpec = (
    &'static str,
    &'static str,
    Option<u8>,
    Layout,
    FontRole,
    u32,
    bool,
);

#[rustfmt::skip]
const PARAGRAPH_STYLES: [StyleSpec; 18] = [
    ("Normal", "Normal", None, Body, B, SIZE_3, false),
    ("Title", "Title", None, Centred, T, SIZE_2, false),
    ("Heading1", "heading 1", Some(0), Heading, H, SIZE_3, false),
    ("Heading2", "heading 2", Some(1), Heading, K, SIZE_3, false),
    ("Heading3", "heading 3", Some(2), Heading, B, SIZE_3, true),
    ("Heading4", "heading 4", Some(3), Heading, B, SIZE_3, false),
    ("StageMark", "规划阶段", None, Centred, K, SIZE_3, false),
    ("CoverLine", "封面署名", None, Centred, B, SIZE_3, false),
    ("TOCHeading", "TOC Heading", None, Centred, T, SIZE_2, false),
    ("TOC1", "toc 1", None, Flush, H, SIZE_3, false),
    ("TOC2", "toc 2", None, Toc2, B, SIZE_3, false),
    ("ListHeading", "目录小标题", None, Caption, H, SIZE_3, false),
    ("ColumnTitle", "专栏标题", None, Caption, H, SIZE_3, false),
    ("ColumnItem", "专栏条目", None, ColumnItem, B, SIZE_4, false),
    ("TableCaption", "表标题", None, Caption, H, SIZE_3, false),
    ("TableText", "表格文字", None, Cell, S, SIZE_SMALL_4, false),
    ("Footer", "footer", None, Margin, S, SIZE_4, false),
    ("Gap", "间隔", None, Gap, B, SIZE_SMALL_4, false),
];

fn style(
    out: &mut String,
    f: &RoleFonts,
    spec: (&str, &str, Option<u8>, Layout, FontRole, u32, bool),
) {
    let (id, name, outline, layout, role, size, bold) = spec;
    // Word's built-in styles (Normal, headings, toc, footer) keep their identity; ours are custom.
    let builtin = id.starts_with("Heading")
        || id.starts_with("TOC")
        || matches!(id, "Normal" | "Title" | "Footer");
    out.push_str(&format!(
        r#"<w:style w:type="paragraph"{} w:customStyle="{}" w:styleId="{id}"><w:name w:val="{}"/>"#,
        // Paragraphs without a style (a page break, a section's end) are Normal.
        if id == "Normal" {
            r#" w:default="1""#
        } else {
            ""
        },
        u8::from(!builtin),
        text(name),
    ));
    if id != "Normal" {
        out.push_str(r#"<w:basedOn w:val="Normal"/>"#);
    }
    // Punctuation stays inside the text block (no hanging 。，into the margin).
    out.push_str(r#"<w:qFormat/><w:pPr><w:overflowPunct w:val="0"/>"#);
    out.push_str(&paragraph_props(layout));
    if let Some(level) = outline {
        out.push_str(&format!(r#"<w:outlineLvl w:val="{level}"/>"#));
    }
    out.push_str("</w:pPr><w:rPr>");
    out.push_str(&fonts(f.family(role)));
    if bold {
        out.push_str("<w:b/><w:bCs/>");
    }
    // 28 characters a line in 三号, as the PDF sets them: 156 mm / 28 is 15.75 pt a character.
    if size == SIZE_3 {
        out.push_str(r#"<w:spacing w:val="-5"/>"#);
    }
    out.push_str(&format!(
        r#"<w:kern w:val="0"/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:style>"#
    ));
}

pub fn styles_xml(f: &RoleFonts) -> String {
    let mut out = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    );
    out.push_str(&format!(
        r#"<w:docDefaults><w:rPrDefault><w:rPr>{}<w:sz w:val="{SIZE_3}"/><w:szCs w:val="{SIZE_3}"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:overflowPunct w:val="0"/>{}</w:pPr></w:pPrDefault></w:docDefaults>"#,
        fonts(f.family(FontRole::Body)),
        paragraph_props(Layout::Centred),
    ));
    for spec in PARAGRAPH_STYLES {
        style(&mut out, f, spec);
    }
    out.push_str(r#"<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>"#);
    out.push_str("</w:styles>");
    out
}

pub fn font_table_xml(f: &RoleFonts) -> String {
    let mut out = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    );
    let mut seen: Vec<&str> = Vec::new();
    for (_, family, alt) in &f.families {
        if seen.contains(&family.as_str()) {
            continue;
        }
        seen.push(family);
        out.push_str(&format!(r#"<w:font w:name="{}">"#, attr(family)));
        if let Some(a) = alt {
            out.push_str(&format!(r#"<w:altName w:val="{}"/>"#, attr(a)));
        }
        out.push_str(r#"<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>"#);
    }
    out.push_str("</w:fonts>");
    out
}
