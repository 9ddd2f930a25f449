//! Property tests for the feedback importers: no file a unit sends back makes
//! `guihua feedback import`'s readers panic. Random bytes as .docx / .xlsx / .csv, random
//! byte flips in a real Word file and a real Excel workbook, random CSV text, and an .xlsx
//! zip bomb refused before it is inflated.

mod common;

use std::io::Write;
use std::path::Path;
use std::sync::OnceLock;

use guihua::feedback::import::read_file;
use guihua::model::Plan;
use proptest::prelude::*;
use proptest::sample::select;

/// The example plan, the release every comment is anchored on.
fn base() -> &'static Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    PLAN.get_or_init(|| {
        let (ws, _) = guihua::load::load(&common::repo()).unwrap();
        ws.plan("qinhuangdao-2021").unwrap().clone()
    })
}

fn run(name: &str, bytes: Vec<u8>) {
    // Either error (reported to the user) or comments; never a panic.
    let _ = read_file(Path::new(name), bytes, base(), None);
}

/// A small real workbook: a header and two comments.
fn xlsx() -> Vec<u8> {
    xlsx_with("")
}

/// The small workbook with `extra` rows of sheet XML after its own.
fn xlsx_with(extra: &str) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    let opts = zip::write::SimpleFileOptions::default();
    let parts: [(&str, &str); 5] = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="意见汇总" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
        (
            "xl/worksheets/sheet1.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>序号</t></is></c><c r="B1" t="inlineStr"><is><t>提出单位</t></is></c><c r="C1" t="inlineStr"><is><t>章节条目</t></is></c><c r="D1" t="inlineStr"><is><t>修改意见</t></is></c></row><row r="2"><c r="A2"><v>1</v></c><c r="B2" t="inlineStr"><is><t>市民政局</t></is></c><c r="C2" t="inlineStr"><is><t>专栏 6</t></is></c><c r="D2" t="inlineStr"><is><t>建议增加社区养老项目。</t></is></c></row><row r="3"><c r="A3"><v>2</v></c><c r="B3" t="inlineStr"><is><t>市体育局</t></is></c><c r="C3" t="inlineStr"><is><t>四、（一）4.</t></is></c><c r="D3" t="inlineStr"><is><t>建议增加冰雪运动。</t></is></c></row>EXTRA</sheetData></worksheet>"#,
        ),
    ];
    for (name, text) in parts {
        z.start_file(name, opts).unwrap();
        z.write_all(text.replace("EXTRA", extra).as_bytes())
            .unwrap();
    }
    z.finish().unwrap();
    buf.into_inner()
}

fn docx() -> Vec<u8> {
    std::fs::read(common::repo().join("tests/fixtures/import/combined.docx")).unwrap()
}

#[test]
fn the_small_workbook_reads() {
    let got =
        read_file(Path::new("a.xlsx"), xlsx(), base(), None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(got.comments.len(), 2);
}

fn flips() -> impl Strategy<Value = Vec<(usize, u8)>> {
    prop::collection::vec((any::<usize>(), any::<u8>()), 1..16)
}

fn flipped(mut bytes: Vec<u8>, flips: &[(usize, u8)]) -> Vec<u8> {
    let n = bytes.len();
    for &(at, b) in flips {
        bytes[at % n] = b;
    }
    bytes
}

fn csv_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        select(vec![
            "序号",
            "章节条目",
            "原文",
            "修改意见",
            "理由",
            "提出单位或个人",
            "联系方式",
            "日期",
            "四、（一）1.",
            "专栏3",
            "表1第2项",
            "第三章第二节",
            "2021年9月20日",
            "\"",
            "\"\"",
            ",",
            "\n",
            "\r\n",
            "市民政局",
            "<script>",
            "{{va.target}}",
            "**",
            "|",
            "\u{feff}",
        ])
        .prop_map(str::to_string),
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(ext in select(vec!["docx", "xlsx", "csv"]), bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        run(&format!("a.{ext}"), bytes);
    }

    #[test]
    fn flipped_workbooks_never_panic(f in flips()) {
        run("a.xlsx", flipped(xlsx(), &f));
    }

    #[test]
    fn flipped_word_files_never_panic(f in flips()) {
        run("a.docx", flipped(docx(), &f));
    }

    #[test]
    fn csv_text_never_panics(rows in prop::collection::vec(prop::collection::vec(csv_cell(), 0..8), 0..12), gb in any::<bool>()) {
        let text: String = rows.iter().map(|r| r.join(",") + "\n").collect();
        let bytes = if gb { encoding_rs::GB18030.encode(&text).0.into_owned() } else { text.into_bytes() };
        run("a.csv", bytes);
    }
}

/// An .xlsx whose sheet inflates to a gigabyte is refused before calamine inflates it.
#[test]
fn xlsx_zip_bomb_is_refused_quickly() {
    let bomb = common::zip_bomb("xl/worksheets/sheet1.xml");
    let t = std::time::Instant::now();
    let e = read_file(Path::new("bomb.xlsx"), bomb, base(), None)
        .err()
        .expect("a zip bomb must be refused");
    assert!(e.to_string().contains("bomb.xlsx"), "{e}");
    assert!(t.elapsed().as_secs_f32() < 2.0, "{:?}", t.elapsed());
}

/// One cell in the last row and column of a sheet: read cell by cell, not as a grid of 17
/// billion cells (which aborted the process).
#[test]
fn a_far_away_cell_is_not_a_grid() {
    let far = r#"<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c><c r="XFD1048576" t="inlineStr"><is><t>y</t></is></c></row>"#;
    let t = std::time::Instant::now();
    let got = read_file(Path::new("far.xlsx"), xlsx_with(far), base(), None)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(got.comments.len(), 2);
    assert_eq!(got.skipped.len(), 1, "the far row has text but no comment");
    assert!(t.elapsed().as_secs_f32() < 2.0, "{:?}", t.elapsed());
}
