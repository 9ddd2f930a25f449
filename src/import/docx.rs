//! Word drafts (.docx): the zip package read under size limits, then document.xml streamed
//! with quick-xml. Styles give heading levels, numbering.xml gives the numbers Word shows,
//! tables keep their merged cells, text boxes and one-cell tables become boxes, tracked
//! changes are read as accepted, a table-of-contents field is marked, comments are kept.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use quick_xml::events::{BytesStart, Event};

use super::codes;
use super::draft::{Cell, Comment, Draft, DraftFormat, Located, Para, Piece, ReadError, Table};
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{FileId, Span};

/// No part of a real plan comes near these; a zip bomb does.
const PART_LIMIT: u64 = 64 << 20;
const TOTAL_LIMIT: u64 = 160 << 20;
const ENTRY_LIMIT: usize = 10_000;

fn err(code: &'static str, message: impl Into<String>, hint: impl Into<String>) -> ReadError {
    ReadError {
        code,
        message: message.into(),
        hint: hint.into(),
        at: 0,
    }
}

struct Package {
    archive: zip::ZipArchive<std::io::Cursor<Vec<u8>>>,
    total: u64,
}

impl Package {
    fn open(bytes: Vec<u8>) -> Result<Package, ReadError> {
        if bytes.is_empty() {
            return Err(err(
                codes::EMPTY_DRAFT,
                "文稿为空（0 字节）",
                "请确认选择了正确的文件",
            ));
        }
        if !bytes.starts_with(b"PK") {
            let hint = if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
                "这是旧版 Word 97-2003（.doc）文件：请在 Word 或 WPS 中“另存为”.docx"
            } else {
                "文件不是 zip 包，不是 .docx；如果是纯文本，请改用 .txt 扩展名"
            };
            return Err(err(codes::NOT_DOCX, "文件不是 Word 文档（.docx）", hint));
        }
        let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
            err(
                codes::NOT_DOCX,
                format!("Word 文档的 zip 包已损坏：{e}"),
                "文件可能没有传完整；请重新下载或在 Word 中重新保存",
            )
        })?;
        if archive.len() > ENTRY_LIMIT {
            return Err(err(
                codes::TOO_LARGE,
                format!(
                    "Word 包中有 {} 个条目，超过上限 {ENTRY_LIMIT}",
                    archive.len()
                ),
                "这不是正常的 Word 文档",
            ));
        }
        Ok(Package { archive, total: 0 })
    }

    /// A part's bytes, or None when the package has no such part.
    fn part(&mut self, name: &str) -> Result<Option<Vec<u8>>, ReadError> {
        let mut file = match self.archive.by_name(name) {
            Ok(f) => f,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => {
                return Err(err(
                    codes::NOT_DOCX,
                    format!("无法读取 Word 包中的 {name}：{e}"),
                    "文件可能已损坏；请在 Word 中重新保存",
                ));
            }
        };
        let declared = file.size();
        if declared > PART_LIMIT || self.total + declared > TOTAL_LIMIT {
            return Err(bomb(name));
        }
        let mut buf = Vec::with_capacity(declared.min(PART_LIMIT) as usize);
        // The declared size can lie: read at most the limit, whatever it says.
        let read = (&mut file)
            .take(PART_LIMIT + 1)
            .read_to_end(&mut buf)
            .map_err(|e| {
                err(
                    codes::NOT_DOCX,
                    format!("Word 包中的 {name} 无法解压：{e}"),
                    "文件可能没有传完整；请重新下载或在 Word 中重新保存",
                )
            })?;
        self.total += read as u64;
        if read as u64 > PART_LIMIT || self.total > TOTAL_LIMIT {
            return Err(bomb(name));
        }
        Ok(Some(buf))
    }

    fn names(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .archive
            .file_names()
            .filter_map(Result::ok)
            .map(|n| n.into_owned())
            .collect();
        v.sort();
        v
    }
}

fn bomb(name: &str) -> ReadError {
    err(
        codes::TOO_LARGE,
        format!("Word 包中的 {name} 解压后超过 {} MB", PART_LIMIT >> 20),
        "正常的规划文稿远小于此；这个文件可能是恶意构造的压缩包",
    )
}

fn xml_err(part: &str, xml: &[u8], pos: u64, e: impl std::fmt::Display) -> ReadError {
    let pos = (pos as usize).min(xml.len());
    let line = xml[..pos].iter().filter(|&&b| b == b'\n').count() + 1;
    let col = pos
        - xml[..pos]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1)
        + 1;
    err(
        codes::BAD_XML,
        format!("{part} 第 {line} 行第 {col} 列的 XML 无法解析：{e}"),
        "文件已损坏或不是 Word 保存的；请在 Word 或 WPS 中打开后重新保存为 .docx",
    )
}

fn local(name: &[u8]) -> &[u8] {
    match name.iter().rposition(|&b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

fn attr(e: &BytesStart, key: &[u8]) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (local(a.key.as_ref()) == key).then(|| String::from_utf8_lossy(&a.value).into_owned())
    })
}

/// w:b, w:vMerge …: on unless val says off.
fn on(e: &BytesStart) -> bool {
    !matches!(
        attr(e, b"val").as_deref(),
        Some("0" | "false" | "off" | "none")
    )
}

/// Every event of a part, with DOCTYPE (and so entity declarations) refused.
fn events<'a>(
    part: &str,
    xml: &'a [u8],
    mut f: impl FnMut(&Event<'a>) -> Result<(), ReadError>,
) -> Result<(), ReadError> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    reader.config_mut().check_end_names = true;
    loop {
        let pos = reader.buffer_position();
        match reader.read_event() {
            Ok(Event::Eof) => return Ok(()),
            Ok(Event::DocType(_)) => {
                return Err(xml_err(
                    part,
                    xml,
                    pos,
                    "含有 DOCTYPE 声明（Word 从不写出；可被用来构造实体膨胀攻击）",
                ));
            }
            Ok(ev) => f(&ev)?,
            Err(e) => return Err(xml_err(part, xml, reader.error_position(), e)),
        }
    }
}

fn text_of(ev: &Event) -> Option<String> {
    match ev {
        // Undefined entities (only a DOCTYPE could define them) make unescape fail: such
        // text is dropped rather than guessed at, and DOCTYPE itself is refused.
        Event::Text(t) => Some(t.unescape().map(|c| c.into_owned()).unwrap_or_default()),
        Event::CData(t) => Some(String::from_utf8_lossy(t).into_owned()),
        _ => None,
    }
}

#[derive(Default, Clone)]
struct StyleInfo {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    num: Option<(String, u8)>,
}

fn heading_from_name(name: &str) -> Option<u8> {
    let n = name.to_lowercase();
    let rest = n
        .strip_prefix("heading")
        .or_else(|| n.strip_prefix("标题"))?
        .trim();
    rest.parse::<u8>().ok().filter(|l| (1..=9).contains(l))
}

fn read_styles(xml: &[u8]) -> Result<HashMap<String, StyleInfo>, ReadError> {
    let mut styles = HashMap::new();
    let mut cur: Option<(String, StyleInfo)> = None;
    let mut num_id: Option<String> = None;
    let mut ilvl = 0u8;
    events("word/styles.xml", xml, |ev| {
        match ev {
            Event::Start(e) | Event::Empty(e) => match local(e.name().as_ref()) {
                b"style" => {
                    if let Some(id) = attr(e, b"styleId") {
                        cur = Some((id, StyleInfo::default()));
                    }
                }
                b"name" => {
                    if let Some((_, s)) = cur.as_mut() {
                        s.name = attr(e, b"val").unwrap_or_default();
                    }
                }
                b"basedOn" => {
                    if let Some((_, s)) = cur.as_mut() {
                        s.based_on = attr(e, b"val");
                    }
                }
                b"outlineLvl" => {
                    if let Some((_, s)) = cur.as_mut() {
                        s.outline = attr(e, b"val").and_then(|v| v.parse().ok());
                    }
                }
                b"numId" => num_id = attr(e, b"val"),
                b"ilvl" => ilvl = attr(e, b"val").and_then(|v| v.parse().ok()).unwrap_or(0),
                _ => {}
            },
            Event::End(e) => match local(e.name().as_ref()) {
                b"numPr" => {
                    if let (Some((_, s)), Some(n)) = (cur.as_mut(), num_id.take()) {
                        s.num = Some((n, ilvl));
                    }
                    ilvl = 0;
                }
                b"style" => {
                    if let Some((id, s)) = cur.take() {
                        styles.insert(id, s);
                    }
                }
                _ => {}
            },
            _ => {}
        }
        Ok(())
    })?;
    Ok(styles)
}

/// The heading level (1-based) of a style, following basedOn up to a few steps.
fn style_heading(styles: &HashMap<String, StyleInfo>, id: &str) -> Option<u8> {
    let mut cur = styles.get(id);
    for _ in 0..8 {
        let s = cur?;
        if let Some(l) = heading_from_name(&s.name) {
            return Some(l);
        }
        if let Some(o) = s.outline.filter(|&o| o < 9) {
            return Some(o + 1);
        }
        cur = s.based_on.as_deref().and_then(|b| styles.get(b));
    }
    None
}

fn style_is_toc(styles: &HashMap<String, StyleInfo>, id: &str) -> bool {
    let name = styles
        .get(id)
        .map_or(id, |s| s.name.as_str())
        .to_lowercase();
    name.starts_with("toc") || name.starts_with("目录")
}

#[derive(Clone, Default)]
struct Level {
    start: u32,
    fmt: String,
    text: String,
}

#[derive(Default)]
struct Numbering {
    abstracts: HashMap<String, Vec<Level>>,
    /// numId → (abstractNumId, start overrides by level).
    nums: HashMap<String, (String, HashMap<u8, u32>)>,
    counters: HashMap<String, [u32; 9]>,
}

fn read_numbering(xml: &[u8]) -> Result<Numbering, ReadError> {
    let mut n = Numbering::default();
    let mut abs: Option<(String, Vec<Level>)> = None;
    let mut lvl: Option<(u8, Level)> = None;
    let mut num: Option<(String, String, HashMap<u8, u32>)> = None;
    let mut override_lvl: Option<u8> = None;
    events("word/numbering.xml", xml, |ev| {
        match ev {
            Event::Start(e) | Event::Empty(e) => match local(e.name().as_ref()) {
                b"abstractNum" => {
                    abs = attr(e, b"abstractNumId").map(|id| (id, Vec::new()));
                }
                b"lvl" => {
                    let i = attr(e, b"ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                    lvl = Some((
                        i,
                        Level {
                            start: 1,
                            ..Level::default()
                        },
                    ));
                }
                b"start" => {
                    let v = attr(e, b"val").and_then(|v| v.parse().ok()).unwrap_or(1);
                    if let Some((_, l)) = lvl.as_mut() {
                        l.start = v;
                    }
                }
                b"startOverride" => {
                    let v = attr(e, b"val").and_then(|v| v.parse().ok()).unwrap_or(1);
                    if let (Some((_, _, o)), Some(i)) = (num.as_mut(), override_lvl) {
                        o.insert(i, v);
                    }
                }
                b"numFmt" => {
                    if let Some((_, l)) = lvl.as_mut() {
                        l.fmt = attr(e, b"val").unwrap_or_default();
                    }
                }
                b"lvlText" => {
                    if let Some((_, l)) = lvl.as_mut() {
                        l.text = attr(e, b"val").unwrap_or_default();
                    }
                }
                b"num" => {
                    num = attr(e, b"numId").map(|id| (id, String::new(), HashMap::new()));
                }
                b"abstractNumId" => {
                    if let Some((_, a, _)) = num.as_mut() {
                        *a = attr(e, b"val").unwrap_or_default();
                    }
                }
                b"lvlOverride" => {
                    override_lvl = attr(e, b"ilvl").and_then(|v| v.parse().ok());
                }
                _ => {}
            },
            Event::End(e) => match local(e.name().as_ref()) {
                b"lvl" => {
                    if let (Some((_, levels)), Some((i, l))) = (abs.as_mut(), lvl.take()) {
                        let i = usize::from(i.min(8));
                        if levels.len() <= i {
                            levels.resize(i + 1, Level::default());
                        }
                        levels[i] = l;
                    }
                }
                b"abstractNum" => {
                    if let Some((id, levels)) = abs.take() {
                        n.abstracts.insert(id, levels);
                    }
                }
                b"num" => {
                    if let Some((id, a, o)) = num.take() {
                        n.nums.insert(id, (a, o));
                    }
                }
                _ => {}
            },
            _ => {}
        }
        Ok(())
    })?;
    Ok(n)
}

fn format_number(fmt: &str, n: u32) -> String {
    use super::number::zh_numeral;
    match fmt {
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand" => zh_numeral(n),
        "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand" => n
            .to_string()
            .chars()
            .map(|c| {
                "〇一二三四五六七八九"
                    .chars()
                    .nth(c as usize - '0' as usize)
                    .unwrap_or(c)
            })
            .collect(),
        "ideographTraditional" => "甲乙丙丁戊己庚辛壬癸"
            .chars()
            .nth((n as usize).saturating_sub(1) % 10)
            .map_or_else(|| n.to_string(), |c| c.to_string()),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => {
            char::from_u32(0x2460 + n.saturating_sub(1).min(19))
                .map_or_else(String::new, |c| c.to_string())
        }
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|c| char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap_or(c))
            .collect(),
        "upperLetter" | "lowerLetter" => {
            let base = if fmt == "upperLetter" { b'A' } else { b'a' };
            let k = (n.saturating_sub(1) % 26) as u8;
            ((base + k) as char).to_string()
        }
        "upperRoman" | "lowerRoman" => {
            let r = roman(n);
            if fmt == "lowerRoman" {
                r.to_lowercase()
            } else {
                r
            }
        }
        "bullet" | "none" => String::new(),
        _ => n.to_string(),
    }
}

fn roman(mut n: u32) -> String {
    let table = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in table {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

impl Numbering {
    /// The number Word shows for the next paragraph of list `num` at level `ilvl`.
    fn next(&mut self, num: &str, ilvl: u8) -> Option<String> {
        let (abs_id, overrides) = self.nums.get(num)?;
        let levels = self.abstracts.get(abs_id)?;
        let i = usize::from(ilvl.min(8));
        let level = levels.get(i)?;
        if level.fmt == "bullet" || level.fmt == "none" {
            return None;
        }
        let starts: Vec<u32> = (0..9)
            .map(|k| {
                overrides
                    .get(&(k as u8))
                    .copied()
                    .or_else(|| levels.get(k).map(|l| l.start))
                    .unwrap_or(1)
            })
            .collect();
        let counters = self.counters.entry(abs_id.clone()).or_insert([0; 9]);
        counters[i] = if counters[i] == 0 {
            starts[i]
        } else {
            counters[i] + 1
        };
        for c in counters.iter_mut().skip(i + 1) {
            *c = 0;
        }
        let mut out = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%'
                && let Some(d) = chars.peek().and_then(|d| d.to_digit(10))
            {
                chars.next();
                let k = (d as usize).saturating_sub(1).min(8);
                let value = if counters[k] == 0 {
                    starts[k]
                } else {
                    counters[k]
                };
                let fmt = levels.get(k).map_or("decimal", |l| l.fmt.as_str());
                out.push_str(&format_number(fmt, value));
            } else {
                out.push(c);
            }
        }
        Some(out)
    }
}

/// A paragraph being read.
#[derive(Default)]
struct ParaState {
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
    toc: bool,
}

struct Reader<'s> {
    styles: &'s HashMap<String, StyleInfo>,
    numbering: Numbering,
    /// The located text: one paragraph per line.
    text: String,
    pieces: Vec<Piece>,
    paragraphs: usize,
    nonblank: usize,
    /// Open paragraphs: the body's, then a text box's inside it.
    paras: Vec<ParaState>,
    /// Open tables, innermost last: rows of cells of paragraphs.
    tables: Vec<TableState>,
    /// Open text boxes: their paragraphs.
    boxes: Vec<Vec<Para>>,
    /// Boxes closed inside the current body paragraph, emitted after it.
    pending_boxes: Vec<Vec<Para>>,
    skip: usize,
    run_bold: bool,
    in_run_props: bool,
    in_text: bool,
    in_instr: bool,
    instr: String,
    /// Field nesting: whether each open field is a TOC, and whether past its separator.
    fields: Vec<(bool, bool)>,
    toc_depth: usize,
    sdt_toc: Vec<bool>,
    insertions: usize,
    deletions: usize,
    comment_starts: HashMap<String, usize>,
    comment_quotes: HashMap<String, String>,
    open_comments: Vec<String>,
}

#[derive(Default)]
struct TableState {
    rows: Vec<Vec<(Vec<Para>, usize, bool)>>,
    cell: Option<(Vec<Para>, usize, bool)>,
    first: usize,
}

impl Reader<'_> {
    fn in_toc(&self) -> bool {
        self.toc_depth > 0 || self.sdt_toc.iter().any(|&t| t)
    }

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
            b"fldChar" => match attr(e, b"fldCharType").as_deref() {
                Some("begin") => {
                    self.instr.clear();
                    self.fields.push((false, false));
                }
                Some("separate") => {
                    let toc = self.instr.trim_start().starts_with("TOC");
                    if let Some(f) = self.fields.last_mut() {
                        *f = (toc, true);
                    }
                    if toc {
                        self.toc_depth += 1;
                        if let Some(p) = self.paras.last_mut() {
                            p.toc = true;
                        }
                    }
                }
                Some("end") => {
                    if let Some((toc, _)) = self.fields.pop()
                        && toc
                    {
                        self.toc_depth = self.toc_depth.saturating_sub(1);
                    }
                }
                _ => {}
            },
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
            b"commentRangeStart" => {
                if let Some(id) = attr(e, b"id") {
                    self.comment_starts.insert(id.clone(), self.paragraphs + 1);
                    self.open_comments.push(id);
                }
            }
            b"commentRangeEnd" => {
                if let Some(id) = attr(e, b"id") {
                    self.open_comments.retain(|c| *c != id);
                }
            }
            b"commentReference" => {
                if let Some(id) = attr(e, b"id") {
                    self.comment_starts.entry(id).or_insert(self.paragraphs + 1);
                }
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

    fn end_table(&mut self, t: TableState) {
        let cols = t
            .rows
            .iter()
            .map(|r| r.iter().map(|c| c.1).sum::<usize>())
            .max()
            .unwrap_or(0);
        let paras: Vec<Para> = t
            .rows
            .iter()
            .flat_map(|r| r.iter().flat_map(|c| c.0.iter().cloned()))
            .collect();
        if self.tables.is_empty() {
            self.nonblank += if cols <= 1 {
                paras.iter().filter(|p| !p.text.is_blank()).count()
            } else {
                t.rows
                    .iter()
                    .filter(|r| r.iter().any(|c| c.0.iter().any(|p| !p.text.is_blank())))
                    .count()
            };
        }
        // A table inside a table, a box or a one-column table: its paragraphs, as a box.
        if cols <= 1 {
            if let Some(outer) = self.tables.last_mut().and_then(|o| o.cell.as_mut()) {
                outer.0.extend(paras);
            } else if let Some(b) = self.boxes.last_mut() {
                b.extend(paras);
            } else {
                self.pieces.push(Piece::Boxed(paras));
            }
            return;
        }
        if let Some(outer) = self.tables.last_mut().and_then(|o| o.cell.as_mut()) {
            outer.0.extend(paras);
            return;
        }
        let rows = t
            .rows
            .into_iter()
            .map(|r| {
                r.into_iter()
                    .map(|(ps, span, up)| {
                        let mut text = Located::default();
                        let number = ps.first().map_or(t.first, |p| p.number);
                        for (k, p) in ps.iter().enumerate() {
                            if k > 0 {
                                text.push_synthetic(" ");
                            }
                            text.append(&p.text);
                        }
                        Cell {
                            text,
                            span,
                            merged_up: up,
                            number,
                        }
                    })
                    .collect()
            })
            .collect();
        let table = Table {
            rows,
            number: t.first,
        };
        if let Some(b) = self.boxes.last_mut() {
            // A table in a text box: keep its text as the box's paragraphs.
            for row in &table.rows {
                for c in row {
                    b.push(Para {
                        text: c.text.clone(),
                        number: c.number,
                        ..Para::default()
                    });
                }
            }
        } else {
            self.pieces.push(Piece::Table(table));
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

fn read_comments(xml: &[u8]) -> Result<Vec<(String, String, String, String)>, ReadError> {
    let mut out = Vec::new();
    let mut cur: Option<(String, String, String, String)> = None;
    let mut in_t = false;
    events("word/comments.xml", xml, |ev| {
        match ev {
            Event::Start(e) => match local(e.name().as_ref()) {
                b"comment" => {
                    cur = Some((
                        attr(e, b"id").unwrap_or_default(),
                        attr(e, b"author").unwrap_or_default(),
                        attr(e, b"date").unwrap_or_default(),
                        String::new(),
                    ));
                }
                b"t" => in_t = true,
                _ => {}
            },
            Event::End(e) => match local(e.name().as_ref()) {
                b"comment" => out.extend(cur.take()),
                b"t" => in_t = false,
                b"p" => {
                    if let Some(c) = cur.as_mut()
                        && !c.3.is_empty()
                    {
                        c.3.push('\n');
                    }
                }
                _ => {}
            },
            ev => {
                if in_t && let (Some(c), Some(t)) = (cur.as_mut(), text_of(ev)) {
                    c.3.push_str(&t);
                }
            }
        }
        Ok(())
    })?;
    for c in &mut out {
        c.3 = c.3.trim().to_string();
    }
    Ok(out)
}

/// The plain text of every paragraph of a part (footnotes, headers, footers).
fn part_paragraphs(
    part: &str,
    xml: &[u8],
    skip_separators: bool,
) -> Result<Vec<String>, ReadError> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_t = false;
    let mut skip = false;
    events(part, xml, |ev| {
        match ev {
            Event::Start(e) => match local(e.name().as_ref()) {
                b"footnote" | b"endnote" if skip_separators => {
                    skip = attr(e, b"type").is_some_and(|t| t != "normal");
                }
                b"t" => in_t = true,
                _ => {}
            },
            Event::End(e) => match local(e.name().as_ref()) {
                b"t" => in_t = false,
                b"p" => {
                    let t = std::mem::take(&mut cur);
                    if !skip && !t.trim().is_empty() {
                        out.push(t.trim().to_string());
                    }
                }
                _ => {}
            },
            ev => {
                if in_t && let Some(t) = text_of(ev) {
                    cur.push_str(&t);
                }
            }
        }
        Ok(())
    })?;
    Ok(out)
}

pub fn read(path: &Path, bytes: Vec<u8>) -> Result<Draft, ReadError> {
    let mut pkg = Package::open(bytes)?;
    let doc = pkg.part("word/document.xml")?.ok_or_else(|| {
        err(
            codes::NOT_DOCX,
            "zip 包中没有 word/document.xml，不是 Word 文档",
            "请在 Word 或 WPS 中打开后重新保存为 .docx",
        )
    })?;
    let styles = match pkg.part("word/styles.xml")? {
        Some(x) => read_styles(&x)?,
        None => HashMap::new(),
    };
    let numbering = match pkg.part("word/numbering.xml")? {
        Some(x) => read_numbering(&x)?,
        None => Numbering::default(),
    };
    let mut r = Reader {
        styles: &styles,
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
    };
    let mut depth = 0usize;
    events("word/document.xml", &doc, |ev| {
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
    let mut diags = Vec::new();
    if r.insertions + r.deletions > 0 {
        diags.push(
            Diagnostic::new(
                codes::TRACKED,
                Severity::Warning,
                Span::new(FileId(0), 0..0),
                format!(
                    "文稿含有未处理的修订（插入 {} 处、删除 {} 处），已按“接受全部修订”读取",
                    r.insertions, r.deletions
                ),
            )
            .with_hint("如果有修订不应接受，请先在 Word 或 WPS 的“审阅”中逐条处理后再导入"),
        );
    }
    let comments = match pkg.part("word/comments.xml")? {
        Some(x) => read_comments(&x)?
            .into_iter()
            .map(|(id, author, date, text)| Comment {
                paragraph: r.comment_starts.get(&id).copied().unwrap_or(0),
                quoted: r.comment_quotes.get(&id).cloned().unwrap_or_default(),
                author,
                date,
                text,
            })
            .collect(),
        None => Vec::new(),
    };
    let mut extras = Vec::new();
    for name in pkg.names() {
        let kind = if name.starts_with("word/footnotes") {
            "脚注"
        } else if name.starts_with("word/endnotes") {
            "尾注"
        } else if name.starts_with("word/header") && name.ends_with(".xml") {
            "页眉"
        } else if name.starts_with("word/footer") && name.ends_with(".xml") {
            "页脚"
        } else {
            continue;
        };
        if let Some(x) = pkg.part(&name)? {
            for t in part_paragraphs(&name, &x, matches!(kind, "脚注" | "尾注"))? {
                extras.push(format!("{kind}：{t}"));
            }
        }
    }
    Ok(Draft {
        path: path.to_path_buf(),
        format: DraftFormat::Docx,
        text: r.text,
        paragraphs_read: r.nonblank,
        pieces: r.pieces,
        comments,
        diags,
        extras,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_chinese_formats() {
        assert_eq!(format_number("chineseCounting", 12), "十二");
        assert_eq!(format_number("decimalEnclosedCircle", 3), "③");
        assert_eq!(format_number("upperRoman", 14), "XIV");
        assert_eq!(format_number("ideographTraditional", 2), "乙");
    }

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
