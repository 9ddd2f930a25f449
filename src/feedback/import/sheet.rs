//! 汇总表: an Excel workbook (.xlsx, the first sheet with a comment header) or a CSV file
//! (UTF-8 with or without BOM, or GB18030 as Excel on Chinese Windows saves it). The header
//! row may be preceded by a title row; columns are found by their header.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};

use super::fields::{Columns, Field, guess_kind, parse_date};
use super::{ImportError, Incoming, Position};
use crate::model::PlanDate;
use crate::model::feedback::{Channel, SenderKind};

/// How many rows above the header are searched for it (a title row, a blank row).
const HEADER_SEARCH: usize = 5;

pub(super) fn read_xlsx(path: &Path, bytes: Vec<u8>) -> Result<Vec<Incoming>, ImportError> {
    let unreadable = |why: String| {
        ImportError::Unreadable(format!(
            "{}：无法读取 Excel 文件（{why}）；请确认是 .xlsx 格式（旧的 .xls 请另存为 .xlsx 或 .csv）",
            path.display()
        ))
    };
    // calamine inflates what the package declares; the package is first read under limits.
    crate::import::docx::check_zip_limits(bytes.clone()).map_err(|e| unreadable(e.message))?;
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable(e.to_string()))?;
    let names = wb.sheet_names();
    for name in &names {
        let range = wb
            .worksheet_range(name)
            .map_err(|e| unreadable(format!("工作表“{name}”：{e}")))?;
        // Spreadsheet row numbers: the range may start below row 1.
        let first_row = range.start().map_or(0, |(r, _)| r as usize);
        let rows: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(cell).collect()).collect();
        if let Some(found) = rows_to_comments(&rows, first_row + 1) {
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

pub(super) fn read_csv(path: &Path, bytes: &[u8]) -> Result<Vec<Incoming>, ImportError> {
    let text = decode(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| {
            ImportError::Unreadable(format!(
                "{} 第{}行：CSV 格式有误（{e}）；每行用逗号分隔，含逗号或换行的内容用英文双引号括起",
                path.display(),
                e.position().map_or(i + 1, |p| p.line() as usize)
            ))
        })?;
        rows.push(rec.iter().map(str::to_string).collect::<Vec<_>>());
    }
    rows_to_comments(&rows, 1).ok_or_else(|| no_header(path))
}

/// UTF-8 (BOM dropped) when it is valid UTF-8, else GB18030.
fn decode(bytes: &[u8]) -> String {
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

/// Rows (the first being spreadsheet row `first`) → comments, when a header row is found.
fn rows_to_comments(rows: &[Vec<String>], first: usize) -> Option<Vec<Incoming>> {
    let (h, cols) = rows
        .iter()
        .take(HEADER_SEARCH)
        .enumerate()
        .find_map(|(i, r)| Columns::from_header(r).map(|c| (i, c)))?;
    let mut out = Vec::new();
    for (i, row) in rows.iter().enumerate().skip(h + 1) {
        let Some(comment) = cols.get(row, Field::Comment) else {
            continue;
        };
        let from = cols.get(row, Field::From).unwrap_or_default();
        out.push(Incoming {
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
            position: Position::SheetRow(first + i),
            target: None,
        });
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_in_gb18030_and_utf8_with_bom() {
        let text = "序号,章节,意见,提出单位\n1,四、（一）,改为“加快”,市卫健委\n2,,,\n";
        let (gb, _, _) = encoding_rs::GB18030.encode(text);
        let rows = read_csv(Path::new("a.csv"), &gb).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].from, "市卫健委");
        assert_eq!(rows[0].position, Position::SheetRow(2));
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        assert_eq!(
            read_csv(Path::new("a.csv"), &bom).unwrap()[0].comment,
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
