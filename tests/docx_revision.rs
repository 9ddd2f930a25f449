//! The 修订稿 (`guihua::render::docx::revision`): version B with every change from version A
//! as a Word tracked change. Accepting all changes gives B's text, rejecting all gives A's;
//! renumbering is not a change, a changed figure is (also where prose references it); the
//! package is deterministic, author text stays text, and LibreOffice reads it.

mod common;

use std::path::Path;
use std::process::Command;

use guihua::render::docx::{render_plan, revision::render_revision};
use guihua::render::view::PlanView;

const AUTHOR: &str = "秦皇岛市人民政府<w:ins>&\"'";
const DATE: &str = "2021-10-15T00:00:00Z";
const HOSTILE: &str = "新增一段<w:p>]]>&\"'</w:t>保持为文本。";

fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join("plans/qinhuangdao-2021").join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        text.matches(from).count(),
        1,
        "{file}: {from:?} not found once"
    );
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// The line of `file` holding `needle`, with its newline.
fn line_with(root: &Path, file: &str, needle: &str) -> String {
    let text = std::fs::read_to_string(root.join("plans/qinhuangdao-2021").join(file)).unwrap();
    let line = text.lines().find(|l| l.contains(needle)).unwrap();
    format!("{line}\n")
}

/// Version B of the example: a sentence changed, a paragraph deleted, one inserted (hostile
/// text), a section added before others (they renumber), one deleted, one retitled, an
/// indicator's target changed (prose references it), the last indicator row replaced by
/// another, a 专栏 item removed.
fn edited_copy() -> tempfile::TempDir {
    let ws = common::example_copy();
    let r = ws.path();
    edit(r, "chapters/01-规划背景.yaml", "初步测算，", "据初步统计，");
    let deleted = line_with(
        r,
        "chapters/01-规划背景.yaml",
        "**多项国家试点蓄积新能量。**",
    );
    edit(r, "chapters/01-规划背景.yaml", &deleted, "");
    let kept = line_with(
        r,
        "chapters/01-规划背景.yaml",
        "**新时代赋予健康中国新使命。**",
    );
    let inserted = format!("      - '{}'\n", HOSTILE.replace('\'', "''"));
    edit(
        r,
        "chapters/01-规划背景.yaml",
        &kept,
        &format!("{kept}{inserted}"),
    );
    edit(
        r,
        "chapters/03-区域布局.yaml",
        "  - id: main-urban-core\n",
        "  - id: coastal-belt\n    title: 打造沿海康养产业带\n    body:\n      - 沿海岸线布局一批康养项目。\n  - id: main-urban-core\n",
    );
    edit(
        r,
        "chapters/01-规划背景.yaml",
        "    title: 发展形势\n",
        "    title: 发展形势与挑战\n",
    );
    let layout =
        std::fs::read_to_string(r.join("plans/qinhuangdao-2021/chapters/03-区域布局.yaml"))
            .unwrap();
    let start = layout.find("  - id: yanshan-belt\n").unwrap();
    let end = start
        + layout[start..]
            .find("  - id: public-health-network\n")
            .unwrap();
    edit(r, "chapters/03-区域布局.yaml", &layout[start..end], "");
    edit(r, "indicators/main.yaml", "target: 350\n", "target: 400\n");
    let main =
        std::fs::read_to_string(r.join("plans/qinhuangdao-2021/indicators/main.yaml")).unwrap();
    let start = main.find("      - id: provincial-towns\n").unwrap();
    edit(
        r,
        "indicators/main.yaml",
        &main[start..],
        "      - id: aids-firms\n        name: 康复辅具示范企业\n        unit: 家\n        base: /\n        target: 20以上\n        nature: 预期性\n",
    );
    let item =
        std::fs::read_to_string(r.join("plans/qinhuangdao-2021/columns/hospital-upgrade.yaml"))
            .unwrap();
    let start = item.find("  - name: 中医医院建设项目").unwrap();
    let end = start + item[start..].find("  - name: 基地项目").unwrap();
    edit(r, "columns/hospital-upgrade.yaml", &item[start..end], "");
    ws
}

fn view(root: &Path) -> (PlanView, guihua::model::Config) {
    let (ws, diags) = guihua::check_workspace(root).unwrap();
    let errors: Vec<String> = common::locations(&ws, &diags)
        .into_iter()
        .zip(diags.iter())
        .filter(|(_, d)| d.severity == guihua::diagnostic::Severity::Error)
        .map(|(l, d)| format!("{l} {}", d.message))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let plan = ws
        .plans
        .iter()
        .find(|p| p.id == "qinhuangdao-2021")
        .unwrap();
    (PlanView::new(plan), ws.config.clone())
}

fn document(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut s)
        .unwrap();
    s
}

#[derive(Clone, Copy, PartialEq)]
enum Read {
    /// As written (no tracked changes expected).
    Plain,
    /// All changes accepted: `w:del` dropped, `w:ins` unwrapped, paragraphs and rows whose
    /// mark is deleted dropped.
    Accept,
    /// All changes rejected: `w:ins` dropped, inserted paragraphs and rows dropped,
    /// `w:delText` read as text.
    Reject,
}

/// (style, text) of the paragraphs of document.xml as `mode` reads them. A vertically
/// merged cell reads as its merge's first cell (what a reader sees in every row).
fn paragraphs(xml: &str, mode: Read) -> Vec<(String, String)> {
    use quick_xml::events::Event;
    let mut r = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let (mut style, mut text) = (String::new(), String::new());
    let (mut in_text, mut in_ins, mut in_del) = (false, 0, 0);
    let (mut in_ppr, mut in_trpr) = (false, false);
    let (mut p_ins, mut p_del, mut row_ins, mut row_del) = (false, false, false, false);
    let (mut col, mut merged, mut restart) = (0usize, false, false);
    let mut merges: Vec<String> = Vec::new();
    let mut depth = 0i32;
    loop {
        let ev = r.read_event().unwrap();
        match &ev {
            Event::Start(e) => {
                depth += 1;
                match e.name().as_ref() {
                    b"w:p" => {
                        style.clear();
                        text.clear();
                        p_ins = false;
                        p_del = false;
                    }
                    b"w:pPr" => in_ppr = true,
                    b"w:trPr" => in_trpr = true,
                    b"w:tr" => {
                        row_ins = false;
                        row_del = false;
                        col = 0;
                    }
                    b"w:tc" => {
                        merged = false;
                        restart = false;
                    }
                    b"w:t" | b"w:delText" => in_text = true,
                    b"w:ins" => in_ins += 1,
                    b"w:del" => in_del += 1,
                    _ => {}
                }
            }
            Event::Empty(e) => match e.name().as_ref() {
                b"w:pStyle" => {
                    let v = e.try_get_attribute("w:val").unwrap().unwrap();
                    style = String::from_utf8(v.value.to_vec()).unwrap();
                }
                b"w:ins" if in_ppr => p_ins = true,
                b"w:del" if in_ppr => p_del = true,
                b"w:ins" if in_trpr => row_ins = true,
                b"w:del" if in_trpr => row_del = true,
                b"w:vMerge" => {
                    merged = true;
                    restart = e.try_get_attribute("w:val").unwrap().is_some();
                }
                _ => {}
            },
            Event::Text(t) if in_text => {
                let keep = match mode {
                    Read::Plain => {
                        assert!(in_ins == 0 && in_del == 0, "a change in a plain document");
                        true
                    }
                    Read::Accept => in_del == 0,
                    Read::Reject => in_ins == 0,
                };
                if keep {
                    text.push_str(&t.unescape().unwrap());
                }
            }
            Event::End(e) => {
                depth -= 1;
                match e.name().as_ref() {
                    b"w:t" | b"w:delText" => in_text = false,
                    b"w:pPr" => in_ppr = false,
                    b"w:trPr" => in_trpr = false,
                    b"w:ins" => in_ins -= 1,
                    b"w:del" => in_del -= 1,
                    b"w:tc" => {
                        col += 1;
                        merged = false;
                    }
                    b"w:tr" => {
                        row_ins = false;
                        row_del = false;
                    }
                    b"w:p" => {
                        let dropped = match mode {
                            Read::Plain => false,
                            Read::Accept => p_del || row_del,
                            Read::Reject => p_ins || row_ins,
                        };
                        if merged {
                            if merges.len() <= col {
                                merges.resize(col + 1, String::new());
                            }
                            if restart {
                                merges[col] = text.clone();
                            } else if text.is_empty() {
                                text = merges[col].clone();
                            }
                        }
                        if !dropped {
                            out.push((style.clone(), text.clone()));
                        }
                    }
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

/// `left == right`, or a panic naming the first paragraph where they part.
fn assert_same<T: PartialEq + std::fmt::Debug>(left: &[T], right: &[T], what: &str) {
    if let Some(i) = (0..left.len().max(right.len())).find(|&i| left.get(i) != right.get(i)) {
        panic!(
            "{what}: paragraph {i} of {}/{}:\n  {:?}\n≠ {:?}",
            left.len(),
            right.len(),
            left.get(i),
            right.get(i)
        );
    }
}

/// The paragraphs from the first chapter heading on.
fn main_text(mut ps: Vec<(String, String)>) -> Vec<(String, String)> {
    let first = ps.iter().position(|(s, _)| s == "Heading1").unwrap();
    ps.drain(..first);
    ps
}

/// A heading's text without its number (一、 （一） 1. （1）).
fn unnumbered(s: &str) -> &str {
    if let Some(rest) = s.strip_prefix('（')
        && let Some(i) = rest.find('）')
    {
        return &rest[i + '）'.len_utf8()..];
    }
    match s.char_indices().find(|&(_, c)| c == '、' || c == '.') {
        Some((i, c)) if i <= 12 => &s[i + c.len_utf8()..],
        _ => s,
    }
}

fn without_heading_numbers(ps: Vec<(String, String)>) -> Vec<(String, String)> {
    ps.into_iter()
        .map(|(s, t)| {
            let t = if s.starts_with("Heading") {
                unnumbered(&t).to_string()
            } else {
                t
            };
            (s, t)
        })
        .collect()
}

struct Fixture {
    _a: tempfile::TempDir,
    _b: tempfile::TempDir,
    old: PlanView,
    new: PlanView,
    config: guihua::model::Config,
    bytes: Vec<u8>,
}

fn fixture() -> Fixture {
    let a = common::example_copy();
    let b = edited_copy();
    let (old, config) = view(a.path());
    let (new, _) = view(b.path());
    let bytes = render_revision(&old, &new, &config, None, AUTHOR, DATE).unwrap();
    Fixture {
        _a: a,
        _b: b,
        old,
        new,
        config,
        bytes,
    }
}

/// The `<w:p>…</w:p>` elements of document.xml holding `needle`.
fn paragraphs_with<'a>(xml: &'a str, needle: &str) -> Vec<&'a str> {
    xml.split("<w:p>")
        .map(|p| p.split("</w:p>").next().unwrap())
        .filter(|p| p.contains(needle))
        .collect()
}

#[test]
fn accepting_all_gives_b_and_rejecting_all_gives_a() {
    let f = fixture();
    let doc = document(&f.bytes);
    let b = main_text(paragraphs(
        &document(&render_plan(&f.new, &f.config, None).unwrap()),
        Read::Plain,
    ));
    let a = main_text(paragraphs(
        &document(&render_plan(&f.old, &f.config, None).unwrap()),
        Read::Plain,
    ));
    assert_ne!(a, b, "the versions do not differ");
    let accepted = main_text(paragraphs(&doc, Read::Accept));
    assert_same(&accepted, &b, "accept all ≠ B");
    // Headings keep B's numbers when kept (renumbering is not a change): compared without.
    let rejected = main_text(paragraphs(&doc, Read::Reject));
    assert_same(
        &without_heading_numbers(rejected),
        &without_heading_numbers(a),
        "reject all ≠ A",
    );
    // The inserted paragraph is there as text, the deleted one and the removed item too.
    assert!(accepted.iter().any(|(_, t)| t == HOSTILE));
    for needle in ["多项国家试点蓄积新能量。", "中医医院建设项目。"] {
        let p = paragraphs_with(&doc, needle);
        assert_eq!(p.len(), 1, "{needle}");
        assert!(
            p[0].contains("<w:rPr><w:del "),
            "mark not deleted: {needle}"
        );
        assert!(!p[0].contains("<w:t "), "text not deleted: {needle}");
    }
    let p = paragraphs_with(&doc, "沿海康养产业带");
    assert!(p.iter().any(|p| p.contains("<w:rPr><w:ins ")));
    // A retitled section: its title diffed, its number not.
    let p = paragraphs_with(&doc, "发展形势");
    let p: Vec<&str> = p.into_iter().filter(|p| p.contains("Heading2")).collect();
    assert_eq!(p.len(), 1);
    assert!(
        p[0].contains(r#"<w:t xml:space="preserve">（三）发展形势</w:t>"#),
        "{}",
        p[0]
    );
    assert!(
        p[0].contains(r#"<w:t xml:space="preserve">与挑战</w:t></w:r></w:ins>"#),
        "{}",
        p[0]
    );
    // A deleted section: heading and paragraphs deleted, marks too.
    let p = paragraphs_with(&doc, "加快隆起燕山生态康养产业带");
    let p: Vec<&str> = p.into_iter().filter(|p| p.contains("Heading2")).collect();
    assert_eq!(p.len(), 1);
    assert!(
        p[0].contains("<w:rPr><w:del ") && !p[0].contains("<w:t "),
        "{}",
        p[0]
    );
    // Rows: the deleted one and the inserted one marked as rows.
    let rows: Vec<&str> = doc.split("<w:tr>").collect();
    let row = |name: &str| rows.iter().find(|r| r.contains(name)).copied().unwrap();
    assert!(row("省级特色小镇").starts_with("<w:trPr><w:cantSplit/><w:del "));
    assert!(row("康复辅具示范企业</w:t>").starts_with("<w:trPr><w:cantSplit/><w:ins "));
    assert!(!doc.contains("<w:vMerge"), "merged cells in the 修订稿");
    let p = paragraphs_with(&doc, "据初步统计");
    assert_eq!(p.len(), 1);
    assert!(
        p[0].contains(r#"<w:delText xml:space="preserve">初步测算"#),
        "{}",
        p[0]
    );
}

#[test]
fn renumbering_is_not_a_change_and_a_changed_figure_is() {
    let f = fixture();
    let doc = document(&f.bytes);
    // （二） was 优化提升主城区… in A; the added section before it makes it （三）.
    let h = paragraphs_with(&doc, "优化提升主城区生命健康产业创新引领核");
    let h: Vec<&str> = h.into_iter().filter(|p| p.contains("Heading2")).collect();
    assert_eq!(h.len(), 1);
    assert!(
        h[0].contains(r#"<w:t xml:space="preserve">（三）优化提升主城区"#),
        "{}",
        h[0]
    );
    assert!(
        !h[0].contains("<w:ins ") && !h[0].contains("<w:del "),
        "{}",
        h[0]
    );
    let added = paragraphs_with(&doc, "打造沿海康养产业带");
    assert!(
        added
            .iter()
            .any(|p| p.contains("Heading2") && p.contains("<w:ins "))
    );
    let del = r#"<w:delText xml:space="preserve">350</w:delText>"#;
    let ins = r#"<w:t xml:space="preserve">400</w:t>"#;
    // In the table …
    let cells: Vec<&str> = paragraphs_with(&doc, del)
        .into_iter()
        .filter(|p| p.contains("TableText"))
        .collect();
    assert_eq!(cells.len(), 1);
    assert!(cells[0].contains(ins), "{}", cells[0]);
    // … and in the prose that references it ({{value-added.target}}).
    let prose = paragraphs_with(&doc, "创造千亿产业规模");
    assert_eq!(prose.len(), 1);
    assert!(
        prose[0].contains(del) && prose[0].contains(ins),
        "{}",
        prose[0]
    );
    let ins_at = prose[0].find(ins).unwrap();
    assert!(prose[0][..ins_at].rfind("<w:ins ") > prose[0][..ins_at].rfind("</w:ins>"));
    // Every change names the issuing body and the release date; ids run from 1.
    let ids: Vec<u32> = doc
        .match_indices(" w:id=\"")
        .filter(|(i, _)| doc[..*i].ends_with("<w:ins") || doc[..*i].ends_with("<w:del"))
        .map(|(i, m)| {
            let rest = &doc[i + m.len()..];
            rest[..rest.find('"').unwrap()].parse().unwrap()
        })
        .collect();
    assert!(ids.len() > 10);
    assert_eq!(ids, (1..=ids.len() as u32).collect::<Vec<_>>());
    let settings = {
        use std::io::Read;
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&f.bytes[..])).unwrap();
        let mut s = String::new();
        zip.by_name("word/settings.xml")
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        s
    };
    assert!(settings.contains("<w:trackRevisions/>"));
}

#[test]
fn the_revision_is_deterministic_and_author_text_stays_text() {
    let f = fixture();
    let again = render_revision(&f.old, &f.new, &f.config, None, AUTHOR, DATE).unwrap();
    assert!(again == f.bytes, "two renders differ");
    let doc = document(&f.bytes);
    // The author is an attribute value, escaped; the hostile paragraph one run of text.
    let escaped = "w:author=\"秦皇岛市人民政府&lt;w:ins&gt;&amp;&quot;&apos;\"";
    assert!(doc.contains(escaped));
    assert!(!doc.contains("<w:p>]]>"));
    let mut r = quick_xml::Reader::from_str(&doc);
    loop {
        match r.read_event().unwrap() {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)
                if e.name().as_ref() == b"w:ins" =>
            {
                let a = e.try_get_attribute("w:author").unwrap().unwrap();
                assert_eq!(a.unescape_value().unwrap(), AUTHOR);
                let d = e.try_get_attribute("w:date").unwrap().unwrap();
                assert_eq!(d.unescape_value().unwrap(), DATE);
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    // A version against itself has no change at all.
    let same = render_revision(&f.new, &f.new, &f.config, None, AUTHOR, DATE).unwrap();
    let doc = document(&same);
    let at = doc.find("<w:ins ").or(doc.find("<w:del ")).unwrap_or(0);
    assert!(
        !doc.contains("<w:ins ") && !doc.contains("<w:del "),
        "{}",
        &doc[doc.floor_char_boundary(at.saturating_sub(600))..doc.floor_char_boundary(at + 300)]
    );
    assert_eq!(
        main_text(paragraphs(&doc, Read::Plain)),
        main_text(paragraphs(
            &document(&render_plan(&f.new, &f.config, None).unwrap()),
            Read::Plain
        ))
    );
}

#[test]
fn libreoffice_converts_the_revision_to_pdf() {
    let f = fixture();
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("修订稿.docx");
    std::fs::write(&docx, &f.bytes).unwrap();
    let out = match Command::new("soffice")
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&docx)
        .env("HOME", dir.path())
        .output()
    {
        Ok(out) => out,
        Err(e) => panic!(
            "soffice (Debian libreoffice-writer-nogui) is needed by this test ({e}); .ci/run installs it"
        ),
    };
    assert!(
        out.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = dir.path().join("修订稿.pdf");
    assert!(
        pdf.is_file() && std::fs::metadata(&pdf).unwrap().len() > 10_000,
        "no PDF: {} {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A Basic macro that opens a document, accepts (or rejects) all tracked changes with
/// LibreOffice's own commands and stores the text as UTF-8.
const MACRO: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub Resolve(inPath As String, outPath As String, command As String)
  Dim load(0) As New com.sun.star.beans.PropertyValue
  load(0).Name = &quot;Hidden&quot;
  load(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(inPath), &quot;_blank&quot;, 0, load())
  helper = createUnoService(&quot;com.sun.star.frame.DispatchHelper&quot;)
  helper.executeDispatch(doc.getCurrentController().getFrame(), command, &quot;&quot;, 0, Array())
  Dim store(1) As New com.sun.star.beans.PropertyValue
  store(0).Name = &quot;FilterName&quot;
  store(0).Value = &quot;Text (encoded)&quot;
  store(1).Name = &quot;FilterOptions&quot;
  store(1).Value = &quot;UTF8,LF&quot;
  doc.storeToURL(ConvertToURL(outPath), store())
  doc.close(True)
End Sub
</script:module>"#;

/// The text LibreOffice gives `docx` after running `command` on it (a fresh profile in
/// `home` holding [`MACRO`]).
fn libreoffice_text(home: &Path, docx: &Path, command: &str, out: &Path) -> String {
    let module = home.join(".config/libreoffice/4/user/basic/Standard/Module1.xba");
    if !module.is_file() {
        let status = Command::new("soffice")
            .args(["--headless", "--terminate_after_init"])
            .env("HOME", home)
            .status()
            .expect("soffice (Debian libreoffice-writer-nogui) is needed by this test");
        assert!(status.success(), "soffice could not create a profile");
        std::fs::write(&module, MACRO).unwrap();
    }
    let url = format!(
        "macro:///Standard.Module1.Resolve(\"{}\",\"{}\",\"{command}\")",
        docx.display(),
        out.display()
    );
    let run = Command::new("soffice")
        .args(["--headless", "--invisible", &url])
        .env("HOME", home)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "soffice {url}: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    std::fs::read_to_string(out)
        .unwrap_or_else(|e| panic!("soffice wrote no text for {command} ({e})"))
}

#[test]
fn libreoffice_accepts_and_rejects_all_changes() {
    let f = fixture();
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let docx = dir.path().join("rev.docx");
    std::fs::write(&docx, &f.bytes).unwrap();
    let accepted = libreoffice_text(
        &home,
        &docx,
        ".uno:AcceptAllTrackedChanges",
        &dir.path().join("accepted.txt"),
    );
    let rejected = libreoffice_text(
        &home,
        &docx,
        ".uno:RejectAllTrackedChanges",
        &dir.path().join("rejected.txt"),
    );
    let plan = |v: &PlanView| {
        main_text(paragraphs(
            &document(&render_plan(v, &f.config, None).unwrap()),
            Read::Plain,
        ))
    };
    let (a, b) = (plan(&f.old), plan(&f.new));
    assert_eq!(
        lines(&accepted, &b[0].1),
        texts(b),
        "LibreOffice: accept all ≠ B"
    );
    // LibreOffice's text has no styles: the headings are where A has them.
    let styles: Vec<String> = a
        .iter()
        .filter(|(_, t)| !t.is_empty())
        .map(|(s, _)| s.clone())
        .collect();
    let rejected: Vec<(String, String)> =
        styles.into_iter().zip(lines(&rejected, &a[0].1)).collect();
    assert_eq!(
        texts(without_heading_numbers(rejected)),
        texts(without_heading_numbers(a)),
        "LibreOffice: reject all ≠ A"
    );
}

/// The non-empty paragraph texts.
fn texts(ps: Vec<(String, String)>) -> Vec<String> {
    ps.into_iter()
        .map(|(_, t)| t)
        .filter(|t| !t.is_empty())
        .collect()
}

/// The non-empty lines of LibreOffice's text from the main text's first chapter heading on
/// (its last occurrence: the 目录 lists it first), heading numbers left out.
fn lines(text: &str, first: &str) -> Vec<String> {
    let all: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let start = all
        .iter()
        .rposition(|l| *l == first)
        .expect("no first heading");
    all[start..].iter().map(|l| l.to_string()).collect()
}
