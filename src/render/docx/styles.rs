//! styles.xml and fontTable.xml: one Word style per role, in the GB/T 9704 measures the PDF
//! uses. A workspace can replace styles.xml with its own (templates/reference.docx, as
//! pandoc's --reference-doc): the document only names the style ids listed in [`STYLE_IDS`].

use super::xml::{fonts, text};
use crate::model::FontRole;

/// Baseline to baseline: 225 mm / 22 lines, in twips (a hair under, so 22 lines fit).
pub const LINE_PITCH: u32 = 579;
/// Half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt, 小四 12 pt.
pub const SIZE_2: u32 = 44;
pub const SIZE_3: u32 = 32;
pub const SIZE_4: u32 = 28;
pub const SIZE_SMALL_4: u32 = 24;

/// The style ids document.xml refers to; a reference styles.xml must define them all.
pub const STYLE_IDS: [&str; 17] = [
    "Normal",
    "Title",
    "Heading1",
    "Heading2",
    "Heading3",
    "Heading4",
    "StageMark",
    "CoverLine",
    "TOCHeading",
    "TOC1",
    "TOC2",
    "ListHeading",
    "ColumnTitle",
    "ColumnItem",
    "TableCaption",
    "TableText",
    "Footer",
];

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

/// Exact line spacing on the grid pitch: every line of body text takes one grid line.
fn on_grid() -> String {
    format!(r#"<w:spacing w:before="0" w:after="0" w:line="{LINE_PITCH}" w:lineRule="exact"/>"#)
}

/// One paragraph style: id, display name, outline level (headings), paragraph properties,
/// font family, size in half-points, bold.
struct Spec<'a>(&'a str, &'a str, Option<u8>, String, &'a str, u32, bool);

fn style(out: &mut String, spec: Spec) {
    let Spec(id, name, outline, ppr, family, size, bold) = spec;
    out.push_str(&format!(
        r#"<w:style w:type="paragraph" w:customStyle="{custom}" w:styleId="{id}"><w:name w:val="{name}"/>"#,
        custom = if id.starts_with("Heading") || matches!(id, "Normal" | "Title" | "Footer" | "TOC1" | "TOC2" | "TOCHeading") { 0 } else { 1 },
        name = text(name),
    ));
    if id != "Normal" {
        out.push_str(r#"<w:basedOn w:val="Normal"/><w:qFormat/>"#);
    } else {
        out.push_str("<w:qFormat/>");
    }
    out.push_str("<w:pPr>");
    out.push_str(&ppr);
    if let Some(level) = outline {
        out.push_str(&format!(r#"<w:keepNext/><w:outlineLvl w:val="{level}"/>"#));
    }
    out.push_str("</w:pPr><w:rPr>");
    out.push_str(&fonts(family));
    if bold {
        out.push_str("<w:b/><w:bCs/>");
    }
    out.push_str(&format!(
        r#"<w:kern w:val="0"/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:style>"#
    ));
}

pub fn styles_xml(f: &RoleFonts) -> String {
    let body = f.family(FontRole::Body);
    let heading = f.family(FontRole::Heading);
    let kai = f.family(FontRole::Kai);
    let title = f.family(FontRole::Title);
    let song = f.family(FontRole::Song);
    let grid = on_grid();
    let indent = r#"<w:ind w:firstLineChars="200" w:firstLine="640"/>"#;
    let no_indent = r#"<w:ind w:firstLineChars="0" w:firstLine="0"/>"#;
    let center = r#"<w:jc w:val="center"/>"#;
    let mut out = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    );
    out.push_str(&format!(
        r#"<w:docDefaults><w:rPrDefault><w:rPr>{}<w:sz w:val="{SIZE_3}"/><w:szCs w:val="{SIZE_3}"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>{grid}</w:pPr></w:pPrDefault></w:docDefaults>"#,
        fonts(body)
    ));
    let justify = r#"<w:jc w:val="both"/>"#;
    style(
        &mut out,
        Spec(
            "Normal",
            "Normal",
            None,
            format!("{grid}{indent}{justify}"),
            body,
            SIZE_3,
            false,
        ),
    );
    style(
        &mut out,
        Spec(
            "Title",
            "Title",
            None,
            format!("{grid}{no_indent}{center}"),
            title,
            SIZE_2,
            false,
        ),
    );
    style(
        &mut out,
        Spec(
            "Heading1",
            "heading 1",
            Some(0),
            format!("{grid}{indent}"),
            heading,
            SIZE_3,
            false,
        ),
    );
    style(
        &mut out,
        Spec(
            "Heading2",
            "heading 2",
            Some(1),
            format!("{grid}{indent}"),
            kai,
            SIZE_3,
            false,
        ),
    );
    style(
        &mut out,
        Spec(
            "Heading3",
            "heading 3",
            Some(2),
            format!("{grid}{indent}"),
            body,
            SIZE_3,
            true,
        ),
    );
    style(
        &mut out,
        Spec(
            "Heading4",
            "heading 4",
            Some(3),
            format!("{grid}{indent}"),
            body,
            SIZE_3,
            false,
        ),
    );
    style(
        &mut out,
        Spec(
            "StageMark",
            "规划阶段",
            None,
            format!("{grid}{no_indent}{center}"),
            kai,
            SIZE_3,
            false,
        ),
    );
    style(
        &mut out,
        Spec(
            "CoverLine",
            "封面署名",
            None,
            format!("{grid}{no_indent}{center}"),
            body,
            SIZE_3,
            false,
        ),
    );
    style(
        &mut out,
        Spec(
            "TOCHeading",
            "TOC Heading",
            None,
            format!("{grid}{no_indent}{center}"),
            title,
            SIZE_2,
            false,
        ),
    );
    style(
        &mut out,
        Spec(
            "TOC1",
            "toc 1",
            None,
            format!("{grid}{no_indent}"),
            heading,
            SIZE_3,
            false,
        ),
    );
    style(
        &mut out,
        Spec(
            "TOC2",
            "toc 2",
            None,
            format!(r#"{grid}<w:ind w:left="640" w:firstLine="0"/>"#),
            body,
            SIZE_3,
            false,
        ),
    );
    style(
        &mut out,
        Spec(
            "ListHeading",
            "目录小标题",
            None,
            format!("{grid}{no_indent}{center}"),
            heading,
            SIZE_3,
            false,
        ),
    );
    style(
        &mut out,
        Spec(
            "ColumnTitle",
            "专栏标题",
            None,
            format!("{grid}{no_indent}{center}"),
            heading,
            SIZE_3,
            false,
        ),
    );
    style(
        &mut out,
        Spec(
            "ColumnItem",
            "专栏条目",
            None,
            format!(
                r#"<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="440" w:lineRule="exact"/>{indent}{justify}"#
            ),
            body,
            SIZE_4,
            false,
        ),
    );
    style(
        &mut out,
        Spec(
            "TableCaption",
            "表标题",
            None,
            format!("{grid}{no_indent}{center}"),
            heading,
            SIZE_3,
            false,
        ),
    );
    style(
        &mut out,
        Spec(
            "TableText",
            "表格文字",
            None,
            format!(
                r#"<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="320" w:lineRule="atLeast"/>{no_indent}{center}"#
            ),
            song,
            SIZE_SMALL_4,
            false,
        ),
    );
    style(
        &mut out,
        Spec(
            "Footer",
            "footer",
            None,
            format!(
                r#"<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>{no_indent}"#
            ),
            song,
            SIZE_4,
            false,
        ),
    );
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
        out.push_str(&format!(r#"<w:font w:name="{}">"#, text(family)));
        if let Some(a) = alt {
            out.push_str(&format!(r#"<w:altName w:val="{}"/>"#, text(a)));
        }
        out.push_str(r#"<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>"#);
    }
    out.push_str("</w:fonts>");
    out
}
