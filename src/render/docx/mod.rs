//! DOCX in 公文 layout, written with zip + quick-xml's escaping rules (our own writer, see
//! docs/design.md): page setup, styles per role, cover, 目录 field, numbered headings with
//! outline levels, 专栏 boxes, indicator tables with merged category cells and repeated
//! headers, "— N —" page numbers on the outer side, document properties.
//!
//! Deterministic: parts in a fixed order, every zip entry dated 1980-01-01, no generated
//! ids (bookmarks are numbered in reading order), so the same plan gives the same bytes.

mod body;
pub mod page;
pub mod revision;
pub mod styles;
mod xml;

use std::io::Write;

use crate::model::{Config, FontRole};
use crate::render::view::PlanView;
use styles::RoleFonts;

/// The role fonts of a workspace: the first family of each chain (guihua.yaml `fonts:`, else
/// the PDF's official defaults), with the bundled open family as the alternative, which
/// LibreOffice and Word substitute when the official font is not installed.
pub fn role_fonts(config: &Config) -> RoleFonts {
    RoleFonts {
        families: FontRole::ALL
            .iter()
            .map(|&role| {
                let fonts = crate::render::pdf::fonts::chain(config, role);
                let stand_in = crate::render::pdf::fonts::stand_in(role).to_string();
                let first = fonts.into_iter().next().unwrap_or_else(|| stand_in.clone());
                (role, first, Some(stand_in))
            })
            .collect(),
    }
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"#;

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/><Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/><Relationship Id="rId6" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/></Relationships>"#;

/// Odd and even pages have their own headers and footers; margins mirror (inside 28 mm);
/// fields (the 目录) are updated when the document is opened.
const SETTINGS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:mirrorMargins/><w:updateFields w:val="true"/><w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/><w:characterSpacingControl w:val="compressPunctuation"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat><w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/></w:settings>"#;

/// What docProps/core.xml says of a document.
pub(super) struct Meta<'a> {
    pub title: &'a str,
    pub subject: &'a str,
    pub creator: &'a str,
    pub keywords: &'a str,
    /// W3CDTF: 2021-09-01T00:00:00Z.
    pub date: String,
    /// The stage mark in the page headers; empty for none.
    pub stage_mark: &'a str,
}

impl<'a> Meta<'a> {
    pub(super) fn of(v: &'a PlanView) -> Meta<'a> {
        // W3CDTF wants a full date: the plan's month alone stands for its first day.
        let date = match v.date_iso.len() {
            7 => format!("{}-01T00:00:00Z", v.date_iso),
            10 => format!("{}T00:00:00Z", v.date_iso),
            _ => format!("{:04}-01-01T00:00:00Z", v.year),
        };
        Meta {
            title: &v.title,
            subject: v.subject.as_deref().unwrap_or(&v.stage),
            creator: &v.issuer,
            keywords: &v.stage,
            date,
            stage_mark: &v.stage_mark,
        }
    }
}

fn core_xml(m: &Meta) -> String {
    let t = xml::text;
    let date = &m.date;
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:creator>{}</dc:creator><cp:keywords>{}</cp:keywords><dc:language>zh-CN</dc:language><dcterms:created xsi:type="dcterms:W3CDTF">{date}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{date}</dcterms:modified></cp:coreProperties>"#,
        t(m.title),
        t(m.subject),
        t(m.creator),
        t(m.keywords),
    )
}

fn app_xml(m: &Meta) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>guihua {}</Application><Company>{}</Company></Properties>"#,
        env!("CARGO_PKG_VERSION"),
        xml::text(m.creator)
    )
}

fn document_xml(v: &PlanView, fonts: &RoleFonts) -> String {
    let mut b = body::Body::new(fonts);
    b.main_text(v);
    document_with(v, fonts, &b.finish())
}

/// document.xml: the cover and 目录 of `v`, then `main` (the main text's body) in the
/// numbered section.
fn document_with(v: &PlanView, fonts: &RoleFonts, main: &str) -> String {
    let mut b = body::Body::new(fonts);
    b.cover(v);
    b.contents(v);
    let front = b.finish();
    let front_sect = body::section_props("", false, false);
    let refs = r#"<w:headerReference w:type="default" r:id="rId6"/><w:headerReference w:type="even" r:id="rId7"/><w:footerReference w:type="default" r:id="rId4"/><w:footerReference w:type="even" r:id="rId5"/>"#;
    let main_sect = body::section_props(refs, true, true);
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>{front}<w:p><w:pPr>{front_sect}</w:pPr></w:p>{main}{main_sect}</w:body></w:document>"#
    )
}

/// The parts of a plan's package, in the order they are zipped. `styles` replaces the
/// built-in styles.xml (a workspace's reference document).
pub fn plan_parts(
    v: &PlanView,
    fonts: &RoleFonts,
    styles: Option<String>,
) -> Vec<(&'static str, String)> {
    parts_with(
        &Meta::of(v),
        fonts,
        styles,
        document_xml(v, fonts),
        SETTINGS.to_string(),
    )
}

/// The package parts around a given document.xml and settings.xml.
pub(super) fn parts_with(
    m: &Meta,
    fonts: &RoleFonts,
    styles: Option<String>,
    document: String,
    settings: String,
) -> Vec<(&'static str, String)> {
    let kai = fonts.family(FontRole::Kai);
    vec![
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", PACKAGE_RELS.to_string()),
        ("docProps/core.xml", core_xml(m)),
        ("docProps/app.xml", app_xml(m)),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.to_string()),
        (
            "word/styles.xml",
            styles.unwrap_or_else(|| styles::styles_xml(fonts)),
        ),
        ("word/settings.xml", settings),
        ("word/fontTable.xml", styles::font_table_xml(fonts)),
        ("word/footer1.xml", body::footer_xml(true)),
        ("word/footer2.xml", body::footer_xml(false)),
        (
            "word/header1.xml",
            body::header_xml(m.stage_mark, true, kai),
        ),
        (
            "word/header2.xml",
            body::header_xml(m.stage_mark, false, kai),
        ),
    ]
}

/// Zip `parts` deterministically: deflated, in the given order, every entry dated
/// 1980-01-01 00:00 with mode 0644.
pub fn package(parts: &[(&str, String)]) -> Result<Vec<u8>, String> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let fail = |e: &dyn std::fmt::Display| format!("无法生成 DOCX：{e}");
    for (name, content) in parts {
        zip.start_file(*name, options).map_err(|e| fail(&e))?;
        zip.write_all(content.as_bytes()).map_err(|e| fail(&e))?;
    }
    let cursor = zip.finish().map_err(|e| fail(&e))?;
    Ok(cursor.into_inner())
}

/// One part of a package, at most 16 MB of it (a styles.xml is a few hundred KB).
fn read_part(bytes: &[u8], name: &str) -> Result<String, String> {
    use std::io::Read;
    const LIMIT: u64 = 16 << 20;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let part = zip.by_name(name).map_err(|e| format!("{name}：{e}"))?;
    let mut text = String::new();
    part.take(LIMIT + 1)
        .read_to_string(&mut text)
        .map_err(|e| format!("{name}：{e}"))?;
    if text.len() as u64 > LIMIT {
        return Err(format!("{name} 超过 16 MB"));
    }
    Ok(text)
}

/// The styles.xml of a reference document (templates/reference.docx), read with the
/// importer's limits; it must define every style id the document uses.
pub fn reference_styles(bytes: &[u8]) -> Result<String, String> {
    let styles = read_part(bytes, "word/styles.xml")
        .map_err(|e| format!("参考文档 reference.docx 无法读取：{e}"))?;
    let missing: Vec<&str> = styles::style_ids()
        .filter(|id| !styles.contains(&format!("w:styleId=\"{id}\"")))
        .collect();
    if missing.is_empty() {
        Ok(styles)
    } else {
        Err(format!(
            "参考文档 reference.docx 的 styles.xml 缺少样式：{}（可先用 guihua build --format docx 生成一份，在 Word 中修改样式后另存为 templates/reference.docx）",
            missing.join("、")
        ))
    }
}

/// The plan as a .docx package.
pub fn render_plan(
    v: &PlanView,
    config: &Config,
    reference: Option<&[u8]>,
) -> Result<Vec<u8>, String> {
    let fonts = role_fonts(config);
    let styles = reference.map(reference_styles).transpose()?;
    package(&plan_parts(v, &fonts, styles))
}
