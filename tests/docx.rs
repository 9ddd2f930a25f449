//! `guihua build --format docx`, read back by real consumers: the package is deterministic
//! and well formed, its text is the Markdown output's text, author text stays text, and
//! LibreOffice (headless) converts it to PDF whose pages measure as GB/T 9704 asks.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn guihua(args: &[&str], dir: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_guihua"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "guihua {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The example built to `formats` in a temporary copy; (copy, out dir).
fn build(formats: &str) -> (tempfile::TempDir, PathBuf) {
    let ws = common::example_copy();
    guihua(&["build", "--format", formats], ws.path());
    let out = ws.path().join("out");
    (ws, out)
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

fn part<'a>(parts: &'a [(String, String)], name: &str) -> &'a str {
    &parts.iter().find(|(n, _)| n == name).unwrap().1
}

/// The paragraphs of document.xml: (style id, text), reading order; every part must parse.
fn paragraphs(xml: &str) -> Vec<(String, String)> {
    use quick_xml::events::Event;
    let mut r = quick_xml::Reader::from_str(xml);
    let (mut out, mut style, mut text, mut in_t, mut depth) =
        (Vec::new(), String::new(), String::new(), false, 0i32);
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) => {
                depth += 1;
                match e.name().as_ref() {
                    b"w:p" => {
                        style.clear();
                        text.clear();
                    }
                    b"w:t" => in_t = true,
                    _ => {}
                }
            }
            Event::Empty(e) if e.name().as_ref() == b"w:pStyle" => {
                let v = e.try_get_attribute("w:val").unwrap().unwrap();
                style = String::from_utf8(v.value.to_vec()).unwrap();
            }
            Event::Text(t) if in_t => text.push_str(&t.unescape().unwrap()),
            Event::End(e) => {
                depth -= 1;
                match e.name().as_ref() {
                    b"w:t" => in_t = false,
                    b"w:p" => out.push((style.clone(), text.clone())),
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0, "unbalanced document.xml");
    out
}

#[test]
fn the_package_is_deterministic_well_formed_and_structured() {
    let (_a, out_a) = build("docx");
    let (_b, out_b) = build("docx");
    let file = "qinhuangdao-2021/qinhuangdao-2021.docx";
    let bytes = std::fs::read(out_a.join(file)).unwrap();
    assert_eq!(
        bytes,
        std::fs::read(out_b.join(file)).unwrap(),
        "two builds differ"
    );
    let ps = parts(&bytes);
    let names: Vec<&str> = ps.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names[0], "[Content_Types].xml");
    for (n, x) in &ps {
        let mut r = quick_xml::Reader::from_str(x);
        while !matches!(r.read_event(), Ok(quick_xml::events::Event::Eof)) {}
        assert!(r.buffer_position() > 0, "{n} is empty");
    }
    let doc = part(&ps, "word/document.xml");
    let paras = paragraphs(doc);
    assert!(
        paras
            .iter()
            .any(|(s, t)| s == "Heading1" && t.starts_with("一、"))
    );
    assert!(
        paras
            .iter()
            .any(|(s, t)| s == "Heading2" && t.starts_with("（一）"))
    );
    assert!(
        paras
            .iter()
            .any(|(s, t)| s == "ColumnTitle" && t.starts_with("专栏1\u{3000}"))
    );
    assert!(
        paras
            .iter()
            .any(|(s, t)| s == "TableCaption" && t.starts_with("表1\u{3000}"))
    );
    assert!(
        paras
            .iter()
            .any(|(s, t)| s == "StageMark" && t == "（征求意见稿）")
    );
    assert!(doc.contains("<w:tblHeader/>"), "no repeated header row");
    assert!(
        doc.contains(r#"<w:vMerge w:val="restart"/>"#),
        "no merged category"
    );
    assert!(doc.contains(r#"<w:pgSz w:w="11906" w:h="16838"/>"#));
    assert!(doc.contains(r#"w:top="1984""#) && doc.contains(r#"w:left="1587""#));
    assert!(doc.contains(r#"<w:docGrid w:type="lines" w:linePitch="579"/>"#));
    assert!(doc.contains(r#"<w:pgNumType w:start="1"/>"#));
    let styles = part(&ps, "word/styles.xml");
    for level in 0..4 {
        assert!(styles.contains(&format!(r#"<w:outlineLvl w:val="{level}"/>"#)));
    }
    assert!(styles.contains(r#"w:eastAsia="仿宋_GB2312""#), "body font");
    assert!(part(&ps, "word/settings.xml").contains("<w:evenAndOddHeaders/>"));
    assert!(part(&ps, "word/footer1.xml").contains(r#"<w:jc w:val="right"/>"#));
    assert!(part(&ps, "word/footer2.xml").contains(r#"<w:jc w:val="left"/>"#));
    let core = part(&ps, "docProps/core.xml");
    assert!(
        core.contains("<dc:title>秦皇岛市生命健康产业发展"),
        "{core}"
    );
    assert!(
        core.contains("<dc:creator>秦皇岛市发展和改革委员会</dc:creator>"),
        "{core}"
    );
    assert!(core.contains("2021-09-01T00:00:00Z"), "{core}");
}

/// Markdown text without its markup: no headings' #, no > or list dashes, no emphasis marks,
/// no table pipes or separator rows, no escapes, no 〃 (the category repeat mark), no spaces.
fn markdown_text(md: &str) -> String {
    let mut out = String::new();
    for line in md.lines() {
        let t = line.trim();
        if t.starts_with("| ---") {
            continue;
        }
        let t = t
            .trim_start_matches('#')
            .trim_start_matches('>')
            .trim_start();
        let t = t.strip_prefix("- ").unwrap_or(t);
        let mut prev = ' ';
        for c in t.chars() {
            let escaped = prev == '\\';
            prev = if escaped { ' ' } else { c };
            if c == '\\' && !escaped {
                continue;
            }
            if !escaped && matches!(c, '*' | '|' | '〃') || c.is_whitespace() {
                continue;
            }
            out.push(c);
        }
    }
    out
}

/// `docx` (as `reader` read it) equals `md`, else a panic showing where they part.
fn assert_same_text(reader: &str, docx: &str, md: &str) {
    if docx == md {
        return;
    }
    let at = docx
        .chars()
        .zip(md.chars())
        .take_while(|(a, b)| a == b)
        .count();
    let show = |s: &str| {
        s.chars()
            .skip(at.saturating_sub(20))
            .take(60)
            .collect::<String>()
    };
    panic!(
        "{reader} reads other text at character {at}:\n docx: {}\n   md: {}",
        show(docx),
        show(md)
    );
}

#[test]
fn its_text_is_the_markdown_text() {
    let (_ws, out) = build("md,docx");
    let md = std::fs::read_to_string(out.join("qinhuangdao-2021/qinhuangdao-2021.md")).unwrap();
    let docx = std::fs::read(out.join("qinhuangdao-2021/qinhuangdao-2021.docx")).unwrap();
    let paras = paragraphs(part(&parts(&docx), "word/document.xml"));
    // From the first chapter on: the cover, 目录 and preface are laid out differently.
    let first = paras.iter().position(|(s, _)| s == "Heading1").unwrap();
    let docx_text: String = paras[first..]
        .iter()
        .flat_map(|(_, t)| t.chars())
        .filter(|c| !c.is_whitespace())
        .collect();
    let start = md.lines().position(|l| l.starts_with("## 一、")).unwrap();
    let md_text = markdown_text(&md.lines().skip(start).collect::<Vec<_>>().join("\n"));
    assert_same_text("our reader", &docx_text, &md_text);
    assert!(docx_text.chars().count() > 10_000);

    // The same through python-docx, a reader that is not ours: body paragraphs and table
    // cells in document order.
    let script = r#"
import sys, docx
from docx.table import Table
from docx.text.paragraph import Paragraph
d = docx.Document(sys.argv[1])
out = []
started = False
for child in d.element.body.iterchildren():
    tag = child.tag.rsplit('}', 1)[-1]
    if tag == 'p':
        p = Paragraph(child, d)
        started = started or (p.style is not None and p.style.style_id == 'Heading1')
        if started:
            out.append(p.text)
    elif tag == 'tbl' and started:
        # A vertically merged cell is the same cell in every row it spans: read it once.
        seen = []
        for row in Table(child, d).rows:
            for c in row.cells:
                if c._tc in seen:
                    continue
                seen.append(c._tc)
                out.append(c.text)
sys.stdout.write('\n'.join(out))
"#;
    let read = Command::new("python3")
        .args(["-c", script])
        .arg(out.join("qinhuangdao-2021/qinhuangdao-2021.docx"))
        .output()
        .expect("python3 is needed");
    assert!(
        read.status.success(),
        "python-docx could not read the DOCX (scripts/test.sh installs python-docx): {}",
        String::from_utf8_lossy(&read.stderr)
    );
    let text = String::from_utf8(read.stdout).unwrap();
    let theirs: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert_same_text("python-docx", &theirs, &md_text);
}

#[test]
fn author_text_cannot_change_the_document_structure() {
    let ws = tempfile::tempdir().unwrap();
    common::copy_tree(
        &common::repo().join("tests/fixtures/rules/_base"),
        ws.path(),
    );
    let chapter = ws.path().join("plans/p/chapters/01-背景.yaml");
    let hostile = "攻击</w:t></w:r></w:p><w:p><w:r><w:t>注入]]>&\u{202E}倒序\u{7}铃";
    let yaml = std::fs::read_to_string(&chapter).unwrap()
        + &format!("      - \"{}\"\n", hostile.replace('\u{7}', "\\a"));
    std::fs::write(&chapter, yaml).unwrap();
    guihua(&["build", "--format", "docx"], ws.path());
    let bytes = std::fs::read(ws.path().join("out/p/p.docx")).unwrap();
    let paras = paragraphs(part(&parts(&bytes), "word/document.xml"));
    let expected = hostile.replace('\u{7}', "");
    let found: Vec<&(String, String)> = paras.iter().filter(|(_, t)| t.contains("攻击")).collect();
    assert_eq!(found.len(), 1, "{paras:#?}");
    assert_eq!(found[0], &("Normal".to_string(), expected));
    assert!(!paras.iter().any(|(_, t)| t == "注入"));
}

/// `soffice` converts `docx` to PDF in `dir`, with guihua's bundled fonts as the user's fonts
/// (no CJK font is installed on CI); the PDF's path.
fn libreoffice_pdf(docx: &Path, dir: &Path) -> PathBuf {
    let fonts = dir.join(".fonts");
    std::fs::create_dir_all(&fonts).unwrap();
    for f in std::fs::read_dir(common::repo().join("fonts")).unwrap() {
        let p = f.unwrap().path();
        if matches!(p.extension().and_then(|e| e.to_str()), Some("otf" | "ttf")) {
            std::fs::copy(&p, fonts.join(p.file_name().unwrap())).unwrap();
        }
    }
    let out = Command::new("soffice")
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(docx)
        .env("HOME", dir)
        .output()
        .expect(
            "soffice (Debian libreoffice-writer-nogui) is needed by this test; .ci/run installs it",
        );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = dir.join(docx.with_extension("pdf").file_name().unwrap());
    assert!(
        pdf.is_file(),
        "no PDF: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    pdf
}

fn pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo (poppler-utils) is needed");
    let info = String::from_utf8_lossy(&out.stdout);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap()
}

/// A word of `pdftotext -bbox`: its box in points and its text.
struct Word {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
    text: String,
}

fn words(pdf: &Path, page: usize) -> Vec<Word> {
    let n = page.to_string();
    let out = Command::new("pdftotext")
        .args(["-bbox", "-f", &n, "-l", &n])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed");
    let html = String::from_utf8_lossy(&out.stdout);
    let num = |s: &str, key: &str| -> f64 {
        let at = s.find(key).unwrap() + key.len();
        s[at..].split('"').next().unwrap().parse().unwrap()
    };
    html.split("<word ")
        .skip(1)
        .map(|w| Word {
            x0: num(w, "xMin=\""),
            y0: num(w, "yMin=\""),
            x1: num(w, "xMax=\""),
            y1: num(w, "yMax=\""),
            text: w
                .split('>')
                .nth(1)
                .unwrap()
                .split('<')
                .next()
                .unwrap()
                .to_string(),
        })
        .collect()
}

const MM: f64 = 72.0 / 25.4;

#[test]
fn libreoffice_lays_it_out_as_the_pdf_is() {
    let (ws, out) = build("docx,pdf");
    let pdf = out.join("qinhuangdao-2021/qinhuangdao-2021.pdf");
    let lo = libreoffice_pdf(
        &out.join("qinhuangdao-2021/qinhuangdao-2021.docx"),
        ws.path(),
    );
    // Kept for looking at: target/tmp/docx-example/.
    let keep = common::repo().join("target/tmp/docx-example");
    std::fs::create_dir_all(&keep).unwrap();
    std::fs::copy(&lo, keep.join("libreoffice.pdf")).unwrap();

    let (ours, theirs) = (pages(&pdf), pages(&lo));
    let ratio = theirs as f64 / ours as f64;
    assert!(
        (0.9..=1.1).contains(&ratio),
        "{theirs} pages against {ours}"
    );

    let total = theirs;
    let mut full_page_lines = 0;
    let mut checked = 0;
    let mut tops = Vec::new();
    // Body pages: after the cover and the 目录; every page has its header and footer.
    for page in 6..total.min(30) {
        let ws = words(&lo, page);
        let body: Vec<&Word> = ws
            .iter()
            .filter(|w| w.y0 > 30.0 * MM && w.y1 < 270.0 * MM && !w.text.contains('（'))
            .collect();
        if body.is_empty() {
            continue;
        }
        // The first line's characters start 37 mm from the top edge (lower on a page that
        // opens with a 专栏 box or a table, never higher).
        let top = body.iter().map(|w| w.y0).fold(f64::MAX, f64::min) / MM;
        assert!(top >= 35.5, "page {page}: text starts {top:.1} mm down");
        tops.push(top);
        // The binding side: 28 mm on the left of odd pages, on the right of even ones,
        // measured on 三号 lines (专栏 items and table cells sit inside their frames), on
        // pages with at least eight of them.
        let body: Vec<&Word> = body.into_iter().filter(|w| w.y1 - w.y0 > 19.5).collect();
        let mut lines: Vec<i64> = body.iter().map(|w| w.y1.round() as i64).collect();
        lines.sort();
        lines.dedup();
        full_page_lines = full_page_lines.max(lines.len());
        let odd = page % 2 == 1;
        if lines.len() < 8 {
            continue;
        }
        if odd {
            let left = body.iter().map(|w| w.x0).fold(f64::MAX, f64::min) / MM;
            assert!(
                (left - 28.0).abs() <= 1.5,
                "page {page}: left margin {left:.1} mm"
            );
        } else {
            // LibreOffice hangs a line's closing punctuation into the margin whatever
            // w:overflowPunct says (Word honours it): the block ends before that mark.
            // A full line ends at the block's edge with a character, or just past it with a
            // hanging mark.
            let punct = |w: &&&Word| {
                w.text
                    .ends_with(['，', '。', '；', '：', '、', '！', '？', '）', '”', '》'])
            };
            let plain_end = body.iter().filter(|w| !punct(w)).map(|w| w.x1);
            let marked_end = body.iter().filter(punct).map(|w| w.x1 - 16.0);
            let right = 210.0 - plain_end.chain(marked_end).fold(0.0, f64::max) / MM;
            assert!(
                (right - 28.0).abs() <= 1.5,
                "page {page}: right margin {right:.1} mm"
            );
        }
        // 三号 body text: a line that is not stretched (a paragraph's last) advances 16 pt a
        // character.
        let advances: Vec<f64> = body
            .iter()
            .filter(|w| w.text.chars().count() >= 6 && w.text.chars().all(|c| c as u32 >= 0x4E00))
            .map(|w| (w.x1 - w.x0) / w.text.chars().count() as f64)
            .collect();
        if let Some(min) = advances.iter().copied().reduce(f64::min) {
            assert!(
                (min - 16.0).abs() <= 0.5,
                "page {page}: {min:.2} pt a character"
            );
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} body pages measured");
    tops.sort_by(f64::total_cmp);
    let top = tops[tops.len() / 2];
    assert!(
        (top - 37.0).abs() <= 1.5,
        "text starts {top:.1} mm down (median of {tops:?})"
    );
    assert!(
        (21..=23).contains(&full_page_lines),
        "{full_page_lines} lines on a full page"
    );
}

/// Rewrite one part of a package.
fn with_part(bytes: &[u8], name: &str, edit: impl Fn(&str) -> String) -> Vec<u8> {
    use std::io::Write;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (n, text) in parts(bytes) {
        out.start_file(n.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        let text = if n == name { edit(&text) } else { text };
        out.write_all(text.as_bytes()).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn a_reference_docx_gives_the_styles_and_a_broken_one_is_refused() {
    let (ws, out) = build("docx");
    let docx = out.join("qinhuangdao-2021/qinhuangdao-2021.docx");
    let built = std::fs::read(&docx).unwrap();
    // The office's own styles: 方正仿宋 for the body.
    let reference = with_part(&built, "word/styles.xml", |s| {
        s.replace("仿宋_GB2312", "方正仿宋_GBK")
    });
    let templates = ws.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("reference.docx"), &reference).unwrap();
    guihua(&["build", "--format", "docx"], ws.path());
    let styles = parts(&std::fs::read(&docx).unwrap())
        .into_iter()
        .find(|(n, _)| n == "word/styles.xml")
        .unwrap()
        .1;
    assert!(styles.contains("方正仿宋_GBK") && !styles.contains("仿宋_GB2312"));

    // A reference without the 专栏 styles: the build fails, naming them, and the DOCX built
    // before stays as it was.
    let before = std::fs::read(&docx).unwrap();
    let broken = with_part(&built, "word/styles.xml", |s| {
        s.replace(r#"w:styleId="ColumnTitle""#, r#"w:styleId="Other1""#)
            .replace(r#"w:styleId="ColumnItem""#, r#"w:styleId="Other2""#)
    });
    std::fs::write(templates.join("reference.docx"), broken).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_guihua"))
        .args(["build", "--format", "docx"])
        .current_dir(ws.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_ne!(o.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("ColumnTitle、ColumnItem"), "{stderr}");
    assert_eq!(std::fs::read(&docx).unwrap(), before);
}

#[test]
fn a_release_carries_every_document_as_docx_and_libreoffice_opens_them() {
    let ws = common::example_copy();
    let release = |date: &str| {
        guihua(
            &[
                "release",
                "qinhuangdao-2021",
                "--stage",
                "征求意见稿",
                "--allow-warnings",
                "--date",
                date,
            ],
            ws.path(),
        )
    };
    release("2021-09-15");
    // A second round with one sentence changed: the bundle gains the 修订对照表 and the 修订稿.
    let chapter = ws
        .path()
        .join("plans/qinhuangdao-2021/chapters/01-规划背景.yaml");
    let text = std::fs::read_to_string(&chapter).unwrap();
    std::fs::write(&chapter, text.replacen("。", "，并持续推进。", 1)).unwrap();
    release("2021-10-15");
    let dir = ws
        .path()
        .join("out/releases/qinhuangdao-2021/2021-10-15-征求意见稿-v2");
    let manifest = std::fs::read_to_string(dir.join("manifest.json")).unwrap();
    for name in [
        "qinhuangdao-2021.docx",
        "notice.docx",
        "feedback-form.docx",
        "revision-table.docx",
        "revised-draft.docx",
    ] {
        let file = dir.join(name);
        assert!(file.is_file(), "{name} missing");
        assert!(manifest.contains(name), "{name} not in the manifest");
        if name != "qinhuangdao-2021.docx" {
            let out = tempfile::tempdir().unwrap();
            let pdf = libreoffice_pdf(&file, out.path());
            assert!(pages(&pdf) >= 1, "{name}");
        }
    }
    // The comment form: a header row repeated on every page and eight rows to fill in.
    let form = parts(&std::fs::read(dir.join("feedback-form.docx")).unwrap());
    let doc = part(&form, "word/document.xml");
    assert_eq!(doc.matches("<w:tblHeader/>").count(), 1);
    assert_eq!(doc.matches(r#"<w:trHeight w:val="720""#).count(), 8);
    // The 修订稿: the changed sentence is a tracked insertion by the issuing body.
    let revised = parts(&std::fs::read(dir.join("revised-draft.docx")).unwrap());
    let doc = part(&revised, "word/document.xml");
    assert!(
        doc.contains(r#"w:author="秦皇岛市发展和改革委员会""#),
        "no author"
    );
    assert!(doc.contains("并持续推进"), "the insertion is missing");
    assert!(doc.contains("<w:ins "), "no tracked insertion");
    // The 修订对照表 lists the change with its old and new text.
    let table = parts(&std::fs::read(dir.join("revision-table.docx")).unwrap());
    let doc = part(&table, "word/document.xml");
    assert!(doc.contains("修订对照表"), "{doc}");
    assert!(doc.contains("并持续推进"));
}
