//! Plain-text drafts: decoding (UTF-8, UTF-16 with a BOM, GB18030), paragraphs from lines,
//! text re-flowed from PDF extraction, and tab-separated tables.

use std::path::Path;

use unicode_width::UnicodeWidthStr;

use super::codes;
use super::draft::{Cell, Draft, DraftFormat, Located, Para, Piece, ReadError, Table};
use super::number;
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};

/// Decode a text file. GB18030 (and its GBK / GB2312 subsets) is common in plan offices:
/// it is detected when the bytes are not UTF-8 and decode cleanly as GB18030.
pub fn decode(bytes: &[u8]) -> Result<(String, Option<&'static str>), ReadError> {
    if bytes.is_empty() || bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ReadError {
            code: codes::EMPTY_DRAFT,
            message: "文稿为空".into(),
            hint: "文稿中没有任何文字；请确认选择了正确的文件".into(),
            at: 0,
        });
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest, 3).map(|t| (t, None));
    }
    for (bom, enc) in [
        (&b"\xFF\xFE"[..], encoding_rs::UTF_16LE),
        (&b"\xFE\xFF"[..], encoding_rs::UTF_16BE),
    ] {
        if bytes.starts_with(bom) {
            let (text, had_errors) = enc.decode_without_bom_handling(&bytes[2..]);
            if had_errors {
                return Err(ReadError {
                    code: codes::NOT_TEXT,
                    message: format!(
                        "文件以 {} 字节顺序标记开头，但内容无法按该编码解码",
                        enc.name()
                    ),
                    hint: "用 UTF-8 编码重新保存".into(),
                    at: 0,
                });
            }
            return Ok((text.into_owned(), Some(enc.name())));
        }
    }
    if let Some(at) = memchr::memchr(0, bytes) {
        return Err(ReadError {
            code: codes::NOT_TEXT,
            message: "文件含有 NUL 字节，不是文本文件".into(),
            hint: "Word 文档请使用 .docx 扩展名；旧版 .doc 请先在 Word 或 WPS 中另存为 .docx"
                .into(),
            at,
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(t) => Ok((t.to_string(), None)),
        Err(e) => {
            let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            if had_errors {
                Err(ReadError {
                    code: codes::NOT_TEXT,
                    message: "文件既不是有效的 UTF-8，也不是 GB18030（GBK）编码的文本".into(),
                    hint: "用 UTF-8 编码重新保存（记事本“另存为”中选择 UTF-8）".into(),
                    at: e.valid_up_to(),
                })
            } else {
                Ok((text.into_owned(), Some("GB18030")))
            }
        }
    }
}

fn utf8(bytes: &[u8], base: usize) -> Result<String, ReadError> {
    std::str::from_utf8(bytes)
        .map(str::to_string)
        .map_err(|e| ReadError {
            code: codes::NOT_TEXT,
            message: "文件以 UTF-8 标记开头，但内容不是有效的 UTF-8".into(),
            hint: "用 UTF-8 编码重新保存".into(),
            at: base + e.valid_up_to(),
        })
}

/// A line of the file: its text (without the line break) and byte offset.
#[derive(Clone, Copy)]
struct Line<'a> {
    text: &'a str,
    at: usize,
    number: usize,
}

fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut at = 0;
    for (i, raw) in text.split('\n').enumerate() {
        let t = raw.strip_suffix('\r').unwrap_or(raw);
        out.push(Line {
            text: t,
            at,
            number: i + 1,
        });
        at += raw.len() + 1;
    }
    out
}

/// Characters that end a sentence or a clause a paragraph may end with.
pub fn ends_paragraph(s: &str) -> bool {
    s.trim_end()
        .chars()
        .last()
        .is_some_and(|c| "。！？；：”’）」』!?;:)】〉》".contains(c))
}

/// A line that starts a unit of its own: a numbered heading, a 专栏 or 表 caption, a bullet.
fn starts_unit(s: &str) -> bool {
    let t = s.trim_start_matches([' ', '\u{3000}', '\t']);
    number::parse(t).is_some()
        || t.starts_with("专栏")
        || t.starts_with("专 栏")
        || number::table_caption(t).is_some()
        || t.starts_with(['◆', '●', '■', '•', '▪', '★', '—', '-', '*'])
        || t.contains('\t')
}

/// The display width a PDF was typeset at, when the text came out of one with a hard break at
/// the end of every line: most long lines then have the same width.
fn wrap_width(lines: &[Line]) -> Option<usize> {
    let widths: Vec<usize> = lines
        .iter()
        .map(|l| l.text.trim().width())
        .filter(|&w| w >= 30)
        .collect();
    if widths.len() < 20 {
        return None;
    }
    let mut counts = std::collections::BTreeMap::new();
    for &w in &widths {
        *counts.entry(w).or_insert(0usize) += 1;
    }
    // The most common width, with its neighbours (a half-width character shifts it by one).
    let (&mode, _) = counts
        .iter()
        .max_by_key(|&(&w, &n)| (n, std::cmp::Reverse(w)))?;
    // A PDF's lines fill the measure, give or take half-width characters and boxes set in
    // a smaller size: most long lines are near the most common width, few are much longer.
    let near = widths
        .iter()
        .filter(|&&w| w * 100 >= mode * 85 && w <= mode + 14)
        .count();
    let longer = widths.iter().filter(|&&w| w > mode + 16).count();
    (near * 2 >= widths.len() && longer * 10 <= widths.len()).then_some(mode)
}

pub fn read(path: &Path, bytes: &[u8]) -> Result<Draft, ReadError> {
    let (text, encoding) = decode(bytes)?;
    let mut diags = Vec::new();
    if let Some(enc) = encoding {
        diags.push(
            Diagnostic::new(
                codes::ENCODING,
                crate::diagnostic::Severity::Info,
                Span::new(FileId(0), 0..0),
                format!("文稿按 {enc} 编码读取"),
            )
            .with_hint("guihua 的源文件一律为 UTF-8；导入后写出的文件已是 UTF-8"),
        );
    }
    let all = lines(&text);
    let width = wrap_width(&all);
    let mut pieces = Vec::new();
    let mut read = 0;
    let mut joined = 0;
    let mut i = 0;
    while i < all.len() {
        let line = all[i];
        if line.text.trim().is_empty() {
            i += 1;
            continue;
        }
        // A run of tab-separated lines with three or more cells is a table.
        if line.text.contains('\t') {
            let mut j = i;
            let mut rows = Vec::new();
            while j < all.len() && all[j].text.contains('\t') {
                rows.push(all[j]);
                j += 1;
            }
            let cells = rows
                .iter()
                .map(|l| l.text.split('\t').count())
                .max()
                .unwrap_or(0);
            if rows.len() >= 2 && cells >= 3 {
                read += rows.len();
                pieces.push(Piece::Table(table(&rows)));
                i = j;
                continue;
            }
        }
        read += 1;
        let mut para = Located::default();
        push_trimmed(&mut para, line);
        let first = line.number;
        let mut k = i + 1;
        // Join the lines of one paragraph: a PDF's hard-wrapped lines, or a paragraph a page
        // break cut in two (a long line that ends mid-sentence).
        loop {
            let last = &para.text;
            let next = (k..all.len()).find(|&n| !all[n].text.trim().is_empty());
            let Some(n) = next else { break };
            let cand = all[n];
            // A heading is short; a numbered line that fills a PDF's measure is the first
            // line of a numbered paragraph.
            let full_line = width.is_some_and(|w| line_width(&all, k - 1) * 100 >= w * 85)
                && number::parse(last).is_some_and(|t| {
                    let rest = &last[t.len..];
                    rest.contains(['，', '、', '；']) || unbalanced(rest)
                });
            if starts_unit(cand.text)
                || (is_heading_line(last) && !full_line)
                || ends_with_break_mark(last)
            {
                break;
            }
            let full = match width {
                Some(w) => {
                    let lw = line_width(&all, k - 1);
                    lw * 100 >= w * 85 || (lw * 100 >= w * 60 && !ends_paragraph(last))
                }
                None => false,
            };
            let cut = width.is_none() && last.chars().count() >= 60 && !ends_paragraph(last);
            if !(full || cut) {
                break;
            }
            if width.is_none() {
                joined += 1;
            }
            push_trimmed(&mut para, cand);
            k = n + 1;
        }
        pieces.push(Piece::Para(Para {
            text: para,
            number: first,
            ..Para::default()
        }));
        i = k;
    }
    if joined > 0 {
        diags.push(
            Diagnostic::new(
                codes::JOINED,
                crate::diagnostic::Severity::Info,
                Span::new(FileId(0), 0..0),
                format!("有 {joined} 处段落在句子中间断行（多为分页所致），已接回上一段"),
            )
            .with_hint("导入报告逐处列出；如有误接，在导入后的章节文件中拆开即可"),
        );
    }
    Ok(Draft {
        path: path.to_path_buf(),
        format: DraftFormat::Text,
        text,
        pieces,
        paragraphs_read: read,
        comments: Vec::new(),
        diags,
        extras: Vec::new(),
    })
}

/// An opening bracket or quote without its close: the sentence goes on on the next line.
fn unbalanced(s: &str) -> bool {
    [('《', '》'), ('（', '）'), ('“', '”'), ('(', ')')]
        .iter()
        .any(|&(o, c)| s.matches(o).count() > s.matches(c).count())
}

fn line_width(all: &[Line], k: usize) -> usize {
    // The width of the last non-blank line at or before k.
    (0..=k)
        .rev()
        .find(|&n| !all[n].text.trim().is_empty())
        .map_or(0, |n| all[n].text.trim().width())
}

fn is_heading_line(s: &str) -> bool {
    number::parse(s).is_some_and(|n| s.len() - n.len <= 90 && !s.contains('。'))
}

fn ends_with_break_mark(s: &str) -> bool {
    s.ends_with(['。', '！', '？']) && s.chars().count() < 20
}

/// Push a line without its leading and trailing blanks (ASCII and full-width indentation).
fn push_trimmed(out: &mut Located, line: Line) {
    let t = line.text;
    let lead = t.len()
        - t.trim_start_matches([' ', '\u{3000}', '\t', '\u{a0}'])
            .len();
    let body = t[lead..].trim_end_matches([' ', '\u{3000}', '\t', '\u{a0}']);
    out.push(body, line.at + lead);
}

fn table(rows: &[Line]) -> Table {
    let mut out = Table {
        rows: Vec::new(),
        number: rows[0].number,
    };
    for line in rows {
        let mut at = line.at;
        let mut row = Vec::new();
        for cell in line.text.split('\t') {
            let lead = cell.len() - cell.trim_start().len();
            row.push(Cell {
                text: Located::new(cell.trim(), at + lead),
                span: 1,
                merged_up: false,
                number: line.number,
            });
            at += cell.len() + 1;
        }
        out.rows.push(row);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gb18030_is_detected_and_decoded() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("一、总体要求\n发展目标。\n");
        let (text, enc) = decode(&bytes).unwrap();
        assert_eq!(enc, Some("GB18030"));
        assert!(text.starts_with("一、总体要求"));
    }

    #[test]
    fn binary_is_not_text() {
        let e = decode(b"PK\x03\x04\x00\x00abc").unwrap_err();
        assert_eq!(e.code, codes::NOT_TEXT);
        assert_eq!(e.at, 4);
    }

    #[test]
    fn pdf_wrapped_lines_are_joined() {
        let mut s = String::new();
        for _ in 0..30 {
            s.push_str("这是一个被排版软件按固定宽度折行的段落文字内容示例啊\n\n");
        }
        s.push_str("结束。\n");
        let d = read(Path::new("a.txt"), s.as_bytes()).unwrap();
        assert_eq!(d.pieces.len(), 1);
        assert_eq!(d.paragraphs_read, 1);
    }
}
