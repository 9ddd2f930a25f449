//! The DOCX renderer, read back by real consumers: LibreOffice (headless) converts it to PDF
//! without error, pdftotext measures the page, and the package is deterministic and keeps
//! author text as text.

mod common;

use std::path::Path;
use std::process::Command;

use guihua::render::view::PlanView;

fn example_docx() -> Vec<u8> {
    let (ws, diags) = guihua::check_workspace(&common::repo()).unwrap();
    assert!(!diags.has_errors());
    let plan = ws.plan("qinhuangdao-2021").unwrap();
    guihua::render::docx::render_plan(&PlanView::new(plan), &ws.config, None).unwrap()
}

fn parts(bytes: &[u8]) -> Vec<(String, String)> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap();
            (f.name().unwrap().to_string(), s)
        })
        .collect()
}

/// Every part parses as XML.
fn assert_well_formed(name: &str, xml: &str) {
    let mut r = quick_xml::Reader::from_str(xml);
    let mut depth = 0i32;
    loop {
        match r.read_event() {
            Ok(quick_xml::events::Event::Start(_)) => depth += 1,
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("{name}: {e}"),
        }
    }
    assert_eq!(depth, 0, "{name}: unbalanced");
}

#[test]
fn the_package_is_deterministic_and_well_formed() {
    let a = example_docx();
    let b = example_docx();
    assert_eq!(a, b, "two renders differ");
    let ps = parts(&a);
    let names: Vec<&str> = ps.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names[0], "[Content_Types].xml");
    for n in [
        "word/document.xml",
        "word/styles.xml",
        "word/footer1.xml",
        "docProps/core.xml",
    ] {
        assert!(names.contains(&n), "{n} missing: {names:?}");
    }
    for (n, x) in &ps {
        assert_well_formed(n, x);
    }
    let doc = &ps.iter().find(|(n, _)| n == "word/document.xml").unwrap().1;
    // Numbers are literal text, headings carry outline levels through their styles.
    assert!(doc.contains(">一、"), "no chapter number");
    assert!(doc.contains(r#"<w:pStyle w:val="Heading1"/>"#));
    assert!(doc.contains(r#"<w:tblHeader/>"#), "no repeated header row");
    assert!(
        doc.contains(r#"<w:vMerge w:val="restart"/>"#),
        "no merged category"
    );
    assert!(doc.contains(r#"<w:pgSz w:w="11906" w:h="16838"/>"#));
    let styles = &ps.iter().find(|(n, _)| n == "word/styles.xml").unwrap().1;
    assert!(styles.contains(r#"<w:outlineLvl w:val="0"/>"#));
    let core = &ps.iter().find(|(n, _)| n == "docProps/core.xml").unwrap().1;
    assert!(core.contains("<dc:title>秦皇岛"), "{core}");
}

/// Where LibreOffice's PDF of the example ends up (kept for looking at).
fn convert(docx: &[u8], dir: &Path) -> std::path::PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let file = dir.join("plan.docx");
    std::fs::write(&file, docx).unwrap();
    let out = Command::new("soffice")
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(&file)
        .env("HOME", dir)
        .output()
        .expect("soffice (libreoffice-writer-nogui) is needed by this test; .ci/run installs it");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = dir.join("plan.pdf");
    assert!(
        pdf.is_file(),
        "no PDF: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    pdf
}

#[test]
fn libreoffice_reads_it() {
    let dir = common::repo().join("target/tmp/docx-example");
    let pdf = convert(&example_docx(), &dir);
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("目") && text.contains("录"), "{text}");
    assert!(
        text.contains("— 1 —") || text.contains("—1—"),
        "no page number: {text}"
    );
}
