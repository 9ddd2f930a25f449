//! Markdown and HTML rendering of the example workspace: golden files, HTML validity, links,
//! escaping, determinism and atomic writes. Set UPDATE_SNAPSHOTS=1 to rewrite the golden
//! files after an intended change, then review the diff.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use guihua::build::{BuildError, BuildOptions, Format, build};

fn build_to(ws: &Path, out: &Path, formats: &[Format]) -> Result<Vec<PathBuf>, String> {
    match build(
        ws,
        &BuildOptions {
            formats: formats.to_vec(),
            out_dir: Some(out.to_path_buf()),
        },
    ) {
        Ok(r) => Ok(r.written),
        Err(BuildError::Check(ws, d)) => {
            Err(guihua::diagnostic::render_human(&ws.sources, &d, false))
        }
        Err(BuildError::Render(ws, d, msg)) => Err(format!(
            "{}{msg}",
            guihua::diagnostic::render_human(&ws.sources, &d, false)
        )),
        Err(BuildError::Io(e)) => Err(e),
    }
}

fn example_outputs() -> (tempfile::TempDir, PathBuf) {
    let ws = common::example_copy();
    let out = ws.path().join("out");
    build_to(ws.path(), &out, &[Format::Md, Format::Html]).expect("example builds");
    (ws, out)
}

fn golden(name: &str, actual: &str) {
    let path = common::repo().join("tests/snapshots").join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, actual).unwrap();
        return;
    }
    let expected = fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing {}; run with UPDATE_SNAPSHOTS=1", path.display()));
    if expected != actual {
        let diff = similar::TextDiff::from_lines(&expected, actual);
        let shown: String = diff
            .unified_diff()
            .context_radius(2)
            .to_string()
            .chars()
            .take(4000)
            .collect();
        panic!("{name} differs from the golden file (UPDATE_SNAPSHOTS=1 to accept):\n{shown}");
    }
}

#[test]
fn example_markdown_and_html_match_golden_files() {
    let (_ws, out) = example_outputs();
    golden(
        "qinhuangdao-2021.md",
        &fs::read_to_string(out.join("qinhuangdao-2021/qinhuangdao-2021.md")).unwrap(),
    );
    golden(
        "qinhuangdao-2021.html",
        &fs::read_to_string(out.join("qinhuangdao-2021/index.html")).unwrap(),
    );
    golden(
        "index.html",
        &fs::read_to_string(out.join("index.html")).unwrap(),
    );
}

#[test]
fn html_parses_cleanly_and_every_in_page_link_resolves() {
    let (_ws, out) = example_outputs();
    for plan in ["qinhuangdao-2021", "beidaihe-2016", "hebei-2023"] {
        let text = fs::read_to_string(out.join(plan).join("index.html")).unwrap();
        let doc = scraper::Html::parse_document(&text);
        assert!(
            doc.errors.is_empty(),
            "{plan}: HTML parse errors: {:?}",
            doc.errors
        );
        let ids: std::collections::HashSet<String> = doc
            .select(&scraper::Selector::parse("[id]").unwrap())
            .map(|e| e.value().attr("id").unwrap().to_string())
            .collect();
        let links: Vec<String> = doc
            .select(&scraper::Selector::parse("a[href^='#']").unwrap())
            .map(|e| e.value().attr("href").unwrap()[1..].to_string())
            .collect();
        assert!(
            links.len() > 20,
            "{plan}: only {} in-page links",
            links.len()
        );
        let broken: Vec<&String> = links.iter().filter(|l| !ids.contains(*l)).collect();
        assert!(
            broken.is_empty(),
            "{plan}: links to missing ids: {broken:?}"
        );
        // Nothing is fetched: no external stylesheet, script or image.
        for sel in ["link[rel=stylesheet]", "script[src]", "img[src^=http]"] {
            assert_eq!(
                doc.select(&scraper::Selector::parse(sel).unwrap()).count(),
                0,
                "{plan}: {sel}"
            );
        }
    }
    let index = fs::read_to_string(out.join("index.html")).unwrap();
    let doc = scraper::Html::parse_document(&index);
    assert!(doc.errors.is_empty(), "index.html: {:?}", doc.errors);
    for plan in ["qinhuangdao-2021", "beidaihe-2016", "hebei-2023"] {
        assert!(
            index.contains(&format!("href=\"{plan}/index.html\"")),
            "index links {plan}"
        );
    }
}

#[test]
fn example_page_has_the_documents_anatomy() {
    let (_ws, out) = example_outputs();
    let html = fs::read_to_string(out.join("qinhuangdao-2021/index.html")).unwrap();
    let doc = scraper::Html::parse_document(&html);
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    let text_of = |e: scraper::ElementRef| e.text().collect::<String>();
    assert!(html.contains("（征求意见稿）") && html.contains("二〇二一年九月"));
    // 22 专栏 boxes titled 专栏1 … 专栏22 in order, and the same list in the sidebar.
    let titles: Vec<String> = doc
        .select(&sel("aside.column .label"))
        .map(text_of)
        .collect();
    let expected: Vec<String> = (1..=22).map(|n| format!("专栏{n}")).collect();
    assert_eq!(titles, expected);
    assert_eq!(doc.select(&sel(".toc-columns li")).count(), 22);
    // Table 1: category cells span their rows (3 + 9 + 6 = 18), years head the figures.
    let spans: Vec<String> = doc
        .select(&sel("figure.indicators tbody th"))
        .map(|e| e.value().attr("rowspan").unwrap().to_string())
        .collect();
    assert_eq!(spans, ["3", "9", "6"]);
    let head: Vec<String> = doc
        .select(&sel("figure.indicators thead th"))
        .map(text_of)
        .collect();
    assert_eq!(
        head,
        ["类别", "序号", "指标", "单位", "2019年", "2025年", "属性"]
    );
    assert_eq!(doc.select(&sel("figure.indicators tbody tr")).count(), 18);
    // Chapters numbered 一、… 六、 with stable, id-derived anchors.
    let chapters: Vec<String> = doc
        .select(&sel("section.level0 > h2"))
        .map(text_of)
        .collect();
    assert_eq!(chapters.len(), 6);
    assert!(
        chapters[0].starts_with("一、") && chapters[5].starts_with("六、"),
        "{chapters:?}"
    );
}

fn hostile_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(
        &common::repo().join("tests/fixtures/load/_base"),
        dir.path(),
    );
    let chapter = dir.path().join("plans/p/chapters/01-背景.yaml");
    let text = fs::read_to_string(&chapter).unwrap();
    let text = text.replace(
        "      - column: projects",
        "      - \"<script>alert(1)</script> <img src=x onerror=alert(2)> **粗体<b>** [链接](javascript:alert(3)) & < > \\\" ' | ` # *\"\n      - column: projects",
    );
    fs::write(&chapter, text).unwrap();
    dir
}

#[test]
fn author_text_never_becomes_markup() {
    let ws = hostile_workspace();
    let out = ws.path().join("out");
    build_to(ws.path(), &out, &[Format::Md, Format::Html]).unwrap();
    let html = fs::read_to_string(out.join("p/index.html")).unwrap();
    let doc = scraper::Html::parse_document(&html);
    // Only the page's own search script, no <img>, no <b>, no javascript: link.
    assert_eq!(
        doc.select(&scraper::Selector::parse("script").unwrap())
            .count(),
        1
    );
    assert_eq!(
        doc.select(&scraper::Selector::parse("img, b, a[href^=javascript]").unwrap())
            .count(),
        0
    );
    let body: String = doc
        .select(&scraper::Selector::parse("article").unwrap())
        .flat_map(|e| e.text())
        .collect();
    assert!(
        body.contains("<script>alert(1)</script>"),
        "script text shown literally"
    );
    assert!(body.contains("<img src=x onerror=alert(2)>"));
    assert!(body.contains("粗体<b>"), "bold text with literal tag");
    let md = fs::read_to_string(out.join("p/p.md")).unwrap();
    assert!(!md.contains("<script>"), "Markdown escapes raw HTML");
    assert!(md.contains("&lt;script"), "{md}");
    assert!(
        !md.contains("<img") && !md.contains("[链接](") && md.contains("\\[链接\\]"),
        "no live markup or link in Markdown"
    );
}

#[test]
fn outputs_are_deterministic() {
    let ws = common::example_copy();
    let a = ws.path().join("a");
    let b = ws.path().join("b");
    build_to(ws.path(), &a, &[Format::Md, Format::Html]).unwrap();
    build_to(ws.path(), &b, &[Format::Md, Format::Html]).unwrap();
    let mut n = 0;
    for entry in walkdir::WalkDir::new(&a)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let rel = entry.path().strip_prefix(&a).unwrap();
        assert_eq!(
            fs::read(entry.path()).unwrap(),
            fs::read(b.join(rel)).unwrap(),
            "{}",
            rel.display()
        );
        n += 1;
    }
    assert_eq!(n, 11, "three plans × (md + html) + index + 4 web fonts");
}

#[test]
fn a_failed_build_leaves_previous_outputs_intact() {
    let ws = common::example_copy();
    let out = ws.path().join("out");
    build_to(ws.path(), &out, &[Format::Md, Format::Html]).unwrap();
    let before = fs::read(out.join("qinhuangdao-2021/index.html")).unwrap();
    // Break one source: the build is refused and writes nothing.
    let table = ws
        .path()
        .join("plans/qinhuangdao-2021/indicators/main.yaml");
    let text = fs::read_to_string(&table)
        .unwrap()
        .replacen("target: 350", "target: \"##\"", 1);
    fs::write(&table, text).unwrap();
    assert!(build_to(ws.path(), &out, &[Format::Md, Format::Html]).is_err());
    assert_eq!(
        fs::read(out.join("qinhuangdao-2021/index.html")).unwrap(),
        before
    );
    let leftovers: Vec<_> = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    // A broken workspace template is also refused before anything is written.
    fs::write(
        &table,
        fs::read_to_string(common::repo().join("plans/qinhuangdao-2021/indicators/main.yaml"))
            .unwrap(),
    )
    .unwrap();
    fs::create_dir_all(ws.path().join("templates")).unwrap();
    fs::write(ws.path().join("templates/plan.html"), "{% if %}").unwrap();
    let err = build_to(ws.path(), &out, &[Format::Md, Format::Html]).unwrap_err();
    assert!(err.contains("模板有错误"), "{err}");
    assert_eq!(
        fs::read(out.join("qinhuangdao-2021/index.html")).unwrap(),
        before
    );
}

#[test]
fn workspace_templates_override_builtins() {
    let ws = common::example_copy();
    fs::create_dir_all(ws.path().join("templates")).unwrap();
    fs::write(
        ws.path().join("templates/plan.md"),
        "# {{ plan.title | md }}（自定义）\n",
    )
    .unwrap();
    let out = ws.path().join("out");
    build_to(ws.path(), &out, &[Format::Md]).unwrap();
    let md = fs::read_to_string(out.join("hebei-2023/hebei-2023.md")).unwrap();
    assert_eq!(
        md,
        "# 北戴河生命健康产业创新示范区高质量建设实施方案（自定义）\n"
    );
}

/// Every bold span of the Markdown renders as bold in two GFM implementations, pandoc and
/// pulldown-cmark: none is left as literal `**…。**` (CommonMark does not close `**` after 。
/// when a character follows).
#[test]
fn every_bold_span_of_the_markdown_renders_as_strong() {
    let (_ws, out) = example_outputs();
    for plan in ["qinhuangdao-2021", "beidaihe-2016", "hebei-2023"] {
        let md = fs::read_to_string(out.join(plan).join(format!("{plan}.md"))).unwrap();
        let pandoc = Command::new("pandoc")
            .args(["-f", "gfm", "-t", "html"])
            .arg(out.join(plan).join(format!("{plan}.md")))
            .output()
            .expect("pandoc is needed (scripts/test.sh installs it)");
        let pandoc = String::from_utf8(pandoc.stdout).unwrap();
        // pulldown-cmark: its Strong spans, and any text still holding **.
        use pulldown_cmark::{Event, Options, Parser, Tag};
        let (mut pulldown_strong, mut pulldown_left) = (0, Vec::new());
        for event in Parser::new_ext(&md, Options::ENABLE_TABLES) {
            match event {
                Event::Start(Tag::Strong) => pulldown_strong += 1,
                Event::Html(h) | Event::InlineHtml(h) if h.as_ref() == "<strong>" => {
                    pulldown_strong += 1
                }
                Event::Text(t) if t.contains("**") => pulldown_left.push(t.to_string()),
                _ => {}
            }
        }
        assert!(
            pulldown_left.is_empty(),
            "{plan}, pulldown-cmark: literal ** left: {pulldown_left:?}"
        );
        let left: Vec<&str> = pandoc.lines().filter(|l| l.contains("**")).collect();
        assert!(
            left.is_empty(),
            "{plan}, pandoc: literal ** left:\n{}",
            left.join("\n")
        );
        let strong = |html: &str| html.matches("<strong>").count();
        assert_eq!(strong(&pandoc), pulldown_strong, "{plan}: the two disagree");
        let marks = md.matches("**").count() / 2 + md.matches("<strong>").count();
        assert_eq!(strong(&pandoc), marks, "{plan}: every bold span is bold");
        if plan == "qinhuangdao-2021" {
            assert!(strong(&pandoc) > 200, "{}", strong(&pandoc));
        }
    }
}

#[test]
fn markdown_survives_pandoc_gfm_without_warnings() {
    let (_ws, out) = example_outputs();
    for plan in ["qinhuangdao-2021", "beidaihe-2016", "hebei-2023"] {
        let md = out.join(plan).join(format!("{plan}.md"));
        let result = Command::new("pandoc")
            .args(["-f", "gfm", "-t", "html", "--fail-if-warnings", "-o", "/dev/null"])
            .arg(&md)
            .output()
            .expect("pandoc is needed for this test (apt-get install pandoc; scripts/test.sh installs it)");
        assert!(
            result.status.success(),
            "{plan}: pandoc: {}",
            String::from_utf8_lossy(&result.stderr)
        );
        assert!(
            result.stderr.is_empty(),
            "{plan}: pandoc warnings: {}",
            String::from_utf8_lossy(&result.stderr)
        );
    }
    // The 目录 links point at the identifiers pandoc gives the headings.
    let html = Command::new("pandoc")
        .args(["-f", "gfm", "-t", "html"])
        .arg(out.join("qinhuangdao-2021/qinhuangdao-2021.md"))
        .output()
        .unwrap();
    let html = String::from_utf8(html.stdout).unwrap();
    let doc = scraper::Html::parse_document(&html);
    let ids: std::collections::HashSet<&str> = doc
        .select(&scraper::Selector::parse("[id]").unwrap())
        .filter_map(|e| e.value().attr("id"))
        .collect();
    let links: Vec<&str> = doc
        .select(&scraper::Selector::parse("a[href^='#']").unwrap())
        .filter_map(|e| e.value().attr("href"))
        .map(|h| &h[1..])
        .collect();
    assert!(links.len() >= 50);
    let broken: Vec<&&str> = links.iter().filter(|l| !ids.contains(**l)).collect();
    assert!(
        broken.is_empty(),
        "目录 links pandoc cannot resolve: {broken:?}"
    );
}

/// The `@font-face` URLs of a page, without their `?v=` query.
fn font_urls(html: &str) -> Vec<String> {
    html.split("@font-face")
        .skip(1)
        .filter_map(|rule| {
            let start = rule.find("url(\"")? + 5;
            let end = start + rule[start..].find('"')?;
            Some(rule[start..end].split('?').next().unwrap().to_string())
        })
        .collect()
}

/// Each `@font-face` of `page` names a family the stylesheet uses and loads a WOFF2 file that
/// exists at its relative URL; all of fonts/web/ is declared, and `families` are used.
fn assert_fonts_resolve(page: &Path, families: &[&str]) {
    let html = fs::read_to_string(page).unwrap();
    let urls = font_urls(&html);
    let mut names: Vec<String> = urls
        .iter()
        .map(|u| u.rsplit('/').next().unwrap().to_string())
        .collect();
    names.sort();
    let mut bundled: Vec<String> = fs::read_dir(common::repo().join("fonts/web"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    bundled.sort();
    assert_eq!(names, bundled, "{}: @font-face files", page.display());
    for url in &urls {
        assert!(
            !url.starts_with('/') && !url.contains(':'),
            "{url} is not relative"
        );
        let file = page.parent().unwrap().join(url);
        let bytes = fs::read(&file).unwrap_or_else(|e| panic!("{}: {url}: {e}", page.display()));
        assert_eq!(&bytes[..4], b"wOF2", "{} is not WOFF2", file.display());
    }
    for family in families {
        assert!(
            html.contains(&format!("font-family: \"{family}\""))
                && html.matches(&format!("\"{family}\", ")).count() >= 1,
            "{}: {family} is declared and used in a font stack",
            page.display()
        );
    }
}

#[test]
fn built_pages_load_the_web_fonts_from_beside_them() {
    let (_ws, out) = example_outputs();
    let all = ["guihua-song", "guihua-hei", "guihua-kai"];
    for page in ["qinhuangdao-2021/index.html", "hebei-2023/index.html"] {
        assert_fonts_resolve(&out.join(page), &all);
    }
    assert_fonts_resolve(&out.join("index.html"), &all[..2]);
    // The fonts are the bundled ones: the same bytes as fonts/web/.
    for e in fs::read_dir(common::repo().join("fonts/web")).unwrap() {
        let e = e.unwrap();
        assert_eq!(
            fs::read(out.join("fonts").join(e.file_name())).unwrap(),
            fs::read(e.path()).unwrap()
        );
    }
}

#[test]
fn a_release_carries_its_web_fonts_and_lists_them() {
    let ws = common::example_copy();
    let out = ws.path().join("rel");
    let opts = guihua::release::ReleaseOptions {
        plan: "qinhuangdao-2021".into(),
        stage: guihua::model::Stage::ForComment,
        version: None,
        allow_warnings: false,
        date: guihua::model::PlanDate::parse_iso("2021-09-15").unwrap(),
        out: Some(out.clone()),
    };
    let report = match guihua::release::release(ws.path(), &opts) {
        Ok(r) => r,
        Err(guihua::release::ReleaseError::Refused(ws, d, m)) => panic!(
            "{m}\n{}",
            guihua::diagnostic::render_human(&ws.sources, &d, false)
        ),
        Err(guihua::release::ReleaseError::Failed(m)) => panic!("{m}"),
    };
    assert_fonts_resolve(
        &report.dir.join("qinhuangdao-2021.html"),
        &["guihua-song", "guihua-hei", "guihua-kai"],
    );
    // The notice and the comment form load the same fonts from the same directory.
    assert_fonts_resolve(&report.dir.join("notice.html"), &["guihua-song"]);
    assert_fonts_resolve(
        &report.dir.join("feedback-form.html"),
        &["guihua-song", "guihua-hei"],
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(report.dir.join("manifest.json")).unwrap()).unwrap();
    let listed: Vec<&str> = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .filter(|p| p.starts_with("fonts/"))
        .collect();
    assert_eq!(listed.len(), 4, "{listed:?}");
    // The plan page links its siblings in the release (every format), and there is no index.
    let html = fs::read_to_string(report.dir.join("qinhuangdao-2021.html")).unwrap();
    for href in [
        "qinhuangdao-2021.pdf",
        "qinhuangdao-2021.md",
        "qinhuangdao-2021.docx",
    ] {
        assert!(html.contains(&format!("href=\"{href}\"")), "{href}");
        assert!(report.dir.join(href).is_file());
    }
    assert!(!html.contains("rel=\"index\""));
}

/// The `.doc-links` of a plan page: (text, href).
fn doc_links(html: &str) -> Vec<(String, String)> {
    let doc = scraper::Html::parse_document(html);
    doc.select(&scraper::Selector::parse(".doc-links a").unwrap())
        .map(|a| {
            (
                a.text().collect::<String>(),
                a.value().attr("href").unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn plan_pages_link_the_formats_built_and_the_index() {
    let ws = common::example_copy();
    let out = ws.path().join("out");
    build_to(ws.path(), &out, &[Format::Md, Format::Html]).unwrap();
    let page = out.join("beidaihe-2016/index.html");
    let links = doc_links(&fs::read_to_string(&page).unwrap());
    assert_eq!(
        links,
        [
            ("全部规划".to_string(), "../index.html".to_string()),
            ("Markdown".to_string(), "beidaihe-2016.md".to_string()),
        ]
    );
    for (_, href) in &links {
        assert!(page.parent().unwrap().join(href).is_file(), "{href}");
    }
    // Only what is built: HTML alone links nothing but the index.
    let html_only = ws.path().join("html-only");
    build_to(ws.path(), &html_only, &[Format::Html]).unwrap();
    let links = doc_links(&fs::read_to_string(html_only.join("beidaihe-2016/index.html")).unwrap());
    assert_eq!(links.len(), 1, "{links:?}");
}
