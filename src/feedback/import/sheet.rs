//! 汇总表: an Excel workbook (.xlsx, the first sheet with a comment header) or a CSV file
//! (UTF-8 with or without BOM, or GB18030 as Excel on Chinese Windows saves it). The header
//! row may be preceded by a title row; columns are found by their header.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};

use super::fields::{Columns, Field, guess_kind, parse_date};
use super::{Found, ImportError, Incoming, Position};
use crate::model::PlanDate;
use crate::model::feedback::{Channel, SenderKind};

/// How many rows above the header are searched for it (a title row, a blank row).
const HEADER_SEARCH: usize = 5;

/// Comment sheets are narrow and short: cells right of this column are not read, and a
/// sheet with more cells than this is refused (calamine would build the whole grid).
const MAX_COLUMNS: u32 = 64;
const MAX_CELLS: usize = 1_000_000;

pub(super) fn read_xlsx(path: &Path, bytes: Vec<u8>) -> Result<Found, ImportError> {
    let unreadable = |why: String| {
        ImportError::Unreadable(format!(
            "{}：无法读取 Excel 文件（{why}）；请确认是 .xlsx 格式（旧的 .xls 请另存为 .xlsx 或 .csv）",
            path.display()
        ))
    };
    if !bytes.starts_with(b"PK") {
        return Err(unreadable("不是 .xlsx 工作簿：文件不是 zip 包".into()));
    }
    // calamine inflates what the package declares; the package is first read under limits.
    crate::import::docx::check_zip_limits(bytes.clone()).map_err(|e| {
        unreadable(match e.code {
            crate::import::codes::TOO_LARGE => "解压后的内容超过上限，不是正常的意见汇总表".into(),
            _ => "zip 包已损坏".into(),
        })
    })?;
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable(e.to_string()))?;
    for name in wb.sheet_names() {
        // Cell by cell: a sheet with one far-away cell is not a grid of a billion.
        let mut rows: BTreeMap<u32, Vec<String>> = BTreeMap::new();
        let mut reader = wb
            .worksheet_cells_reader(&name)
            .map_err(|e| unreadable(format!("工作表“{name}”：{e}")))?;
        let mut cells = 0usize;
        while let Some(c) = reader
            .next_cell()
            .map_err(|e| unreadable(format!("工作表“{name}”：{e}")))?
        {
            cells += 1;
            if cells > MAX_CELLS {
                return Err(unreadable(format!(
                    "工作表“{name}”的单元格超过 {MAX_CELLS} 个，不是正常的意见汇总表；请只保留意见所在的行和列"
                )));
            }
            let (r, col) = c.get_position();
            if col >= MAX_COLUMNS {
                continue;
            }
            let text = cell(&Data::from(c.get_value().clone()));
            if text.is_empty() {
                continue;
            }
            let row = rows.entry(r).or_default();
            if row.len() <= col as usize {
                row.resize(col as usize + 1, String::new());
            }
            row[col as usize] = text;
        }
        let numbered: Vec<(usize, Vec<String>)> = rows
            .into_iter()
            .map(|(r, cells)| (r as usize + 1, cells))
            .collect();
        if let Some(found) = rows_to_comments(&numbered) {
            return Ok(found);
        }
    }
    Err(no_header(path))
}

/// A cell as text; Excel dates as ISO dates.
fn cell(d: &Data) -> String {
    match d {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        Data::DateTime(dt) => {
            excel_date(dt.as_f64()).map_or_else(|| dt.as_f64().to_string(), super::fields::iso)
        }
    }
}

/// An Excel serial date (days since 1899-12-30) as a date.
fn excel_date(serial: f64) -> Option<PlanDate> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64 - 25_569;
    let (y, m, d) = crate::model::date::civil_from_days(days);
    PlanDate::new(i32::try_from(y).ok()?, m, Some(d))
}

pub(super) fn read_csv(path: &Path, bytes: &[u8]) -> Result<Found, ImportError> {
    let text = decode(bytes);
    // Excel's “Unicode 文本” is tab-separated UTF-16; a header line with tabs and no commas
    // is read that way whatever the encoding.
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.contains('\t') && !first.contains(',') {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for rec in reader.records() {
        let rec = rec.map_err(|e| {
            ImportError::Unreadable(format!(
                "{} 第{}行：CSV 格式有误（{e}）；每行用逗号分隔，含逗号或换行的内容用英文双引号括起",
                path.display(),
                e.position().map_or(0, |p| p.line() as usize)
            ))
        })?;
        let line = rec.position().map_or(rows.len() + 1, |p| p.line() as usize);
        rows.push((line, rec.iter().map(str::to_string).collect::<Vec<_>>()));
    }
    rows_to_comments(&rows).ok_or_else(|| no_header(path))
}

/// UTF-16 with its BOM (Excel's “Unicode 文本”); else UTF-8 (BOM dropped) when it is valid
/// UTF-8; else GB18030.
fn decode(bytes: &[u8]) -> String {
    if let Some((enc, _)) = encoding_rs::Encoding::for_bom(bytes)
        && enc != encoding_rs::UTF_8
    {
        return enc.decode_with_bom_removal(bytes).0.into_owned();
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

fn no_header(path: &Path) -> ImportError {
    ImportError::Unreadable(format!(
        "{}：找不到意见汇总表的表头；表头一行应含“修改意见”（或“意见”“建议”）及“章节条目”“原文”“提出单位或个人”之一",
        path.display()
    ))
}

/// Rows, each with the number the file gives it, → the comments, and the rows with text
/// but no 修改意见 (a stray quote in a CSV swallows the rest of the file into one cell);
/// `None` when no header row is found.
fn rows_to_comments(rows: &[(usize, Vec<String>)]) -> Option<Found> {
    let (h, cols) = rows
        .iter()
        .take(HEADER_SEARCH)
        .enumerate()
        .find_map(|(i, (_, r))| Columns::from_header(r).map(|c| (i, c)))?;
    let mut found = Found::default();
    for (n, row) in rows.iter().skip(h + 1) {
        let Some(comment) = cols.get(row, Field::Comment) else {
            if row.iter().any(|c| !c.trim().is_empty()) {
                found.skipped.push(Position::SheetRow(*n));
            }
            continue;
        };
        let from = cols.get(row, Field::From).unwrap_or_default();
        found.comments.push(Incoming {
            kind: cols
                .get(row, Field::Kind)
                .and_then(|k| SenderKind::parse(&k))
                .unwrap_or_else(|| guess_kind(&from)),
            from,
            contact: cols.get(row, Field::Contact),
            received: cols.get(row, Field::Date).and_then(|d| parse_date(&d)),
            channel: Channel::Sheet,
            label: cols.get(row, Field::Label),
            quote: cols.get(row, Field::Quote),
            comment,
            reason: cols.get(row, Field::Reason),
            answer: cols.get(row, Field::Answer),
            position: Position::SheetRow(*n),
            target: None,
        });
    }
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_in_gb18030_and_utf8_with_bom() {
        let text = "序号,章节,意见,提出单位\n1,四、（一）,改为“加快”,市卫健委\n2,,,\n";
        let (gb, _, _) = encoding_rs::GB18030.encode(text);
        let rows = read_csv(Path::new("a.csv"), &gb).unwrap().comments;
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].from, "市卫健委");
        assert_eq!(rows[0].position, Position::SheetRow(2));
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        assert_eq!(
            read_csv(Path::new("a.csv"), &bom).unwrap().comments[0].comment,
            "改为“加快”"
        );
    }

    #[test]
    fn excel_serial_dates() {
        assert_eq!(
            excel_date(44459.0)
                .map(super::super::fields::iso)
                .as_deref(),
            Some("2021-09-20")
        );
    }
}
