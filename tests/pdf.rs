//! PDF output: the example plans through the embedded Typst, checked with poppler-utils
//! (pdftotext, pdffonts, pdfinfo) the way a reader would see the result.
//!
//! The poppler tools are required: a test that cannot find them fails and says so.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use guihua::build::{BuildError, BuildOptions, Format, build};
use guihua::render::view::PlanView;
use sha2::{Digest, Sha256};

const MM: f64 = 72.0 / 25.4;

fn run(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!("cannot run `{tool}` ({e}): the PDF tests need poppler-utils (apt-get install poppler-utils)")
    });
    assert!(
        out.status.success(),
        "`{tool} {}` failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn build_pdf(root: &Path, out: &Path) -> Vec<PathBuf> {
    let opts = BuildOptions {
        formats: vec![Format::Pdf],
        out_dir: Some(out.to_path_buf()),
    };
    match build(root, &opts) {
        Ok(report) => report.written,
        Err(BuildError::Check(ws, d)) | Err(BuildError::Render(ws, d, _)) => {
            panic!(
                "build failed: {:?}",
                common::locations(&ws, &d)
                    .into_iter()
                    .zip(d.iter().map(|d| d.message.clone()))
                    .collect::<Vec<_>>()
            )
        }
        Err(BuildError::Io(e)) => panic!("build failed: {e}"),
    }
}

fn sha256(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Text with every kind of white space removed: line breaks in a PDF are layout, not content.
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Assert that `needles` occur in `hay` in this order; returns the end of the last match.
fn assert_in_order(hay: &str, needles: &[String], what: &str) -> usize {
    let mut pos = 0;
    for n in needles {
        let n = squash(n);
        match hay[pos..].find(&n) {
            Some(i) => pos += i + n.len(),
            None => panic!("{what}: `{n}` not found (in order) in the PDF text"),
        }
    }
    pos
}

#[derive(Debug, Clone)]
struct Word {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
    text: String,
}

struct Page {
    width: f64,
    height: f64,
    words: Vec<Word>,
}

fn attr(tag: &str, name: &str) -> f64 {
    let key = format!("{name}=\"");
    let start = tag
        .find(&key)
        .unwrap_or_else(|| panic!("no {name} in {tag}"))
        + key.len();
    let end = tag[start..].find('"').unwrap() + start;
    tag[start..end].parse().unwrap()
}

/// Pages and words from `pdftotext -bbox`.
fn bbox(pdf: &Path) -> Vec<Page> {
    let html = run("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    let mut pages = Vec::new();
    for chunk in html.split("<page ").skip(1) {
        let head = &chunk[..chunk.find('>').unwrap()];
        let mut page = Page {
            width: attr(head, "width"),
            height: attr(head, "height"),
            words: Vec::new(),
        };
        for w in chunk.split("<word ").skip(1) {
            let tag_end = w.find('>').unwrap();
            let tag = &w[..tag_end];
            let text_end = w.find("</word>").unwrap();
            page.words.push(Word {
                x0: attr(tag, "xMin"),
                y0: attr(tag, "yMin"),
                x1: attr(tag, "xMax"),
                y1: attr(tag, "yMax"),
                text: w[tag_end + 1..text_end].to_string(),
            });
        }
        pages.push(page);
    }
    pages
}

/// The folio of a body page ("— N —" at the foot), as (N, top of its words).
fn folio(page: &Page) -> Option<(u32, f64)> {
    let foot: Vec<&Word> = page
        .words
        .iter()
        .filter(|w| w.y0 > page.height - 35.0 * MM)
        .collect();
    let text: String = foot.iter().map(|w| w.text.as_str()).collect();
    let n = text
        .trim_matches(|c: char| !c.is_ascii_digit())
        .parse()
        .ok()?;
    Some((n, foot.iter().map(|w| w.y0).fold(f64::MAX, f64::min)))
}

/// The most frequent value, to the nearest half point.
fn mode(values: &[f64]) -> f64 {
    let mut counts = std::collections::BTreeMap::new();
    for v in values {
        *counts.entry((v * 2.0).round() as i64).or_insert(0) += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(_, n)| n)
        .map_or(f64::NAN, |(k, _)| k as f64 / 2.0)
}

/// One line of text: the words sharing a baseline.
struct Line {
    y0: f64,
    y1: f64,
    x0: f64,
    x1: f64,
    height: f64,
}

fn lines(page: &Page) -> Vec<Line> {
    // The text block only: not the folio below it, nor the draft mark above it.
    let mut words: Vec<&Word> = page
        .words
        .iter()
        .filter(|w| w.y0 < page.height - 35.0 * MM && w.y1 > 30.0 * MM)
        .collect();
    words.sort_by(|a, b| a.y1.total_cmp(&b.y1));
    let mut lines: Vec<Line> = Vec::new();
    for w in words {
        match lines.last_mut() {
            Some(l) if (l.y1 - w.y1).abs() < 1.0 => {
                l.x0 = l.x0.min(w.x0);
                l.x1 = l.x1.max(w.x1);
                l.y0 = l.y0.min(w.y0);
                l.height = l.height.max(w.y1 - w.y0);
            }
            _ => lines.push(Line {
                y0: w.y0,
                y1: w.y1,
                x0: w.x0,
                x1: w.x1,
                height: w.y1 - w.y0,
            }),
        }
    }
    lines
}

#[test]
fn example_plans_give_a4_pdfs_with_every_heading_embedded_fonts_and_stable_bytes() {
    let ws = common::example_copy();
    let out_a = ws.path().join("out-a");
    let out_b = ws.path().join("out-b");
    let written = build_pdf(ws.path(), &out_a);
    build_pdf(ws.path(), &out_b);
    let (model, _) = guihua::check_workspace(ws.path()).unwrap();
    assert_eq!(written.len(), model.plans.len());

    for plan in &model.plans {
        let pdf = out_a.join(&plan.id).join(format!("{}.pdf", plan.id));
        assert!(pdf.is_file(), "{} missing", pdf.display());
        // Deterministic: a second build gives the same bytes.
        assert_eq!(
            sha256(&pdf),
            sha256(&out_b.join(&plan.id).join(format!("{}.pdf", plan.id))),
            "{} differs between builds",
            plan.id
        );

        let info = run("pdfinfo", &[pdf.to_str().unwrap()]);
        assert!(
            info.contains("595.276 x 841.89 pts (A4)"),
            "{}: not A4:\n{info}",
            plan.id
        );
        assert!(
            info.lines()
                .any(|l| l.starts_with("Title:") && l.contains(&plan.title.value)),
            "{}: title metadata:\n{info}",
            plan.id
        );
        assert!(
            info.lines()
                .any(|l| l.starts_with("Author:")
                    && l.contains(&plan.issuer.as_ref().unwrap().value)),
            "{}: author metadata:\n{info}",
            plan.id
        );

        let fonts = run("pdffonts", &[pdf.to_str().unwrap()]);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{}: no fonts?\n{fonts}", plan.id);
        for row in &rows {
            // name type encoding emb sub uni object ID: emb is the 4th column from the end
            // of the fixed part; check the yes/no columns after the encoding.
            let cols: Vec<&str> = row.split_whitespace().collect();
            let n = cols.len();
            assert!(
                n >= 7 && cols[n - 5] == "yes",
                "{}: font not embedded: {row}",
                plan.id
            );
        }

        // Text: every chapter and section heading, every 专栏 and table title, in order.
        let view = PlanView::new(plan);
        let pages = bbox(&pdf);
        let first_body = pages
            .iter()
            .position(|p| folio(p).is_some_and(|(n, _)| n == 1))
            .expect("no page numbered 1")
            + 1;
        let body = squash(&run(
            "pdftotext",
            &["-f", &first_body.to_string(), pdf.to_str().unwrap(), "-"],
        ));
        let front = squash(&run(
            "pdftotext",
            &[
                "-l",
                &(first_body - 1).to_string(),
                pdf.to_str().unwrap(),
                "-",
            ],
        ));
        assert!(
            front.contains(&squash(&view.title))
                && front.contains(&view.date)
                && front.contains(&squash(&view.issuer))
        );
        assert!(front.contains("目录"), "{}: no 目录", plan.id);
        if !view.stage_mark.is_empty() {
            assert!(
                front.contains(&view.stage_mark),
                "{}: no stage mark on the cover",
                plan.id
            );
        }
        let headings: Vec<String> = view
            .toc
            .iter()
            .map(|e| format!("{}{}", e.number, e.title))
            .collect();
        assert_in_order(&body, &headings, "headings");
        // Bookmarks: every chapter and section, in order and nested (pdftohtml lists them).
        let xml = run(
            "pdftohtml",
            &["-xml", "-stdout", "-i", "-q", pdf.to_str().unwrap()],
        );
        let outline: Vec<String> = xml
            .split("<item ")
            .skip(1)
            .map(|i| i[i.find('>').unwrap() + 1..i.find("</item>").unwrap()].to_string())
            .collect();
        assert_eq!(outline, headings, "{}: PDF outline", plan.id);
        let bytes = std::fs::read(&pdf).unwrap();
        assert!(
            bytes.windows(12).any(|w| w == b"/Lang(zh-CN)"),
            "{}: document language",
            plan.id
        );
        let toc: Vec<String> = view
            .toc
            .iter()
            .filter(|e| e.level <= 1)
            .map(|e| format!("{}{}", e.number, e.title))
            .collect();
        assert_in_order(&front, &toc, "目录");
        let columns: Vec<String> = view
            .column_list
            .iter()
            .map(|c| format!("{}{}", c.label, c.title))
            .collect();
        assert_in_order(&body, &columns, "专栏 titles");
        assert_in_order(&front, &columns, "专栏目录");
        let tables: Vec<String> = view
            .table_list
            .iter()
            .map(|t| format!("{}{}", t.label, t.title))
            .collect();
        assert_in_order(&body, &tables, "table titles");
    }

    // Table 1 of the main example: every indicator with its unit and figures, row by row,
    // read from the layout-preserving text (a reading-order extraction mixes table cells).
    let plan = model.plan("qinhuangdao-2021").unwrap();
    let pdf = out_a.join("qinhuangdao-2021/qinhuangdao-2021.pdf");
    let first_body = bbox(&pdf)
        .iter()
        .position(|p| folio(p).is_some_and(|(n, _)| n == 1))
        .unwrap()
        + 1;
    let layout = run(
        "pdftotext",
        &[
            "-layout",
            "-f",
            &first_body.to_string(),
            pdf.to_str().unwrap(),
            "-",
        ],
    );
    let lines: Vec<String> = layout.lines().map(squash).collect();
    let table = plan
        .tables
        .iter()
        .find(|t| t.number == guihua::model::Placement::At(1))
        .unwrap();
    assert_eq!(table.indicators().count(), 18);
    let title = squash(&format!("表1{}", table.title.value));
    let mut at = lines
        .iter()
        .position(|l| l.contains(&title))
        .expect("Table 1 title not in the body");
    let table_text: String = lines[at..].concat();
    for row in table.indicators() {
        let base = row
            .base
            .as_ref()
            .map(|b| b.value.to_string())
            .unwrap_or_default();
        // 序号 … 单位 基期值 目标值 属性 on one line (the name between may wrap).
        let cells = squash(&format!(
            "{}{}{}{}",
            row.unit.value,
            base,
            row.target.value,
            row.nature.unwrap().value.zh()
        ));
        let seq = row.seq.to_string();
        let on_line = |l: &String| l.find(&cells).is_some_and(|i| l[..i].contains(&seq));
        match lines[at..].iter().position(on_line) {
            Some(i) => at += i + 1,
            None => panic!(
                "Table 1, row {}: `{cells}` not found in order:\n{}",
                row.seq,
                lines[at..].join("\n")
            ),
        }
        assert!(
            table_text.contains(&squash(&row.name.value)) || row.name.value.chars().count() > 8,
            "row name {}",
            row.name.value
        );
    }
}

#[test]
fn body_pages_follow_gb_t_9704() {
    let ws = common::example_copy();
    let out = ws.path().join("out");
    build_pdf(ws.path(), &out);
    let pdf = out.join("qinhuangdao-2021/qinhuangdao-2021.pdf");
    let pages = bbox(&pdf);
    let (w, h) = (pages[0].width, pages[0].height);
    assert!(
        (w - 210.0 * MM).abs() < 0.5 && (h - 297.0 * MM).abs() < 0.5,
        "page {w}×{h} pt is not A4"
    );

    let body: Vec<(usize, &Page, u32, f64)> = pages
        .iter()
        .enumerate()
        .filter_map(|(i, p)| folio(p).map(|(n, top)| (i + 1, p, n, top)))
        .collect();
    assert!(body.len() >= 10, "only {} numbered pages", body.len());
    // Numbered from 1, consecutively, starting on a right-hand page.
    assert_eq!(body[0].2, 1);
    assert!(
        body[0].0 % 2 == 1,
        "page 1 of the body is physical page {}",
        body[0].0
    );
    for pair in body.windows(2) {
        assert_eq!(pair[1].2, pair[0].2 + 1);
    }

    // Full pages of plain 3号 text: every line 16 pt, 22 baselines, pitch 225 mm / 22.
    let pitch = 225.0 * MM / 22.0;
    let mut full = Vec::new();
    let mut max_lines = 0;
    for (phys, page, n, _) in &body {
        let ls = lines(page);
        let body_lines = ls.iter().filter(|l| (l.height - 16.0).abs() < 0.6).count();
        max_lines = max_lines.max(body_lines);
        let plain = body_lines == ls.len();
        if plain && ls.len() == 22 {
            full.push((*phys, *n, ls));
        }
    }
    assert!(
        max_lines <= 22,
        "a body page has {max_lines} lines of 3号 text"
    );
    assert!(
        full.len() >= 3,
        "only {} full body pages of plain text",
        full.len()
    );
    let mut sizes = Vec::new();
    for (phys, n, ls) in &full {
        for pair in ls.windows(2) {
            let d = pair[1].y1 - pair[0].y1;
            assert!(
                (d - pitch).abs() < 0.1,
                "page {n} (physical {phys}): line pitch {d:.2} pt, want {pitch:.2}"
            );
        }
        sizes.extend(ls.iter().map(|l| l.height));
    }
    let size = sizes.iter().sum::<f64>() / sizes.len() as f64;
    assert!((size - 16.0).abs() < 0.5, "body font size {size:.2} pt");

    // Margins from the text itself, over every body page: inside (left on odd pages) 28 mm,
    // outside 26 mm, top 37 mm; the text block ends 35 mm above the foot, and the folio sits
    // 7 mm below it.
    // Left and right edges are the most frequent line starts and ends (justified lines
    // fill the block; a line-initial “（” or a line-final “。” is set half-width, and its
    // glyph box pokes out by half a character).
    let tol = 1.0 * MM;
    let (mut odd_x0, mut odd_x1, mut even_x0, mut even_x1) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut top, mut bottom) = (f64::MAX, 0.0f64);
    let mut folio_tops = Vec::new();
    for (phys, page, _, folio_top) in &body {
        let ls = lines(page);
        let (x0, x1) = if phys % 2 == 1 {
            (&mut odd_x0, &mut odd_x1)
        } else {
            (&mut even_x0, &mut even_x1)
        };
        for l in ls.iter().filter(|l| (l.height - 16.0).abs() < 0.6) {
            x0.push(l.x0);
            x1.push(l.x1);
        }
        top = top.min(ls.iter().map(|l| l.y0).fold(f64::MAX, f64::min));
        bottom = bottom.max(ls.iter().map(|l| l.y1).fold(0.0, f64::max));
        folio_tops.push(*folio_top);
    }
    let (odd_left, odd_right, even_left, even_right) =
        (mode(&odd_x0), mode(&odd_x1), mode(&even_x0), mode(&even_x1));
    let block_bottom_from_folio =
        folio_tops.iter().sum::<f64>() / folio_tops.len() as f64 - 7.0 * MM;
    let mm = |pt: f64| pt / MM;
    let full_last = full.iter().map(|(_, _, ls)| ls[21].y1).sum::<f64>() / full.len() as f64;
    eprintln!(
        "measured: body {size:.2} pt; pitch {:.3} pt; odd pages inside {:.2} mm / outside {:.2} mm; even pages outside {:.2} mm / inside {:.2} mm; \
         top {:.2} mm; bottom (text block, from the folio) {:.2} mm; lowest text {:.2} mm above the foot; \
         22nd baseline {:.2} mm above the foot; {} full pages of 22 lines",
        full.iter()
            .flat_map(|(_, _, ls)| ls.windows(2).map(|p| p[1].y1 - p[0].y1))
            .sum::<f64>()
            / (full.len() * 21) as f64,
        mm(odd_left),
        mm(w - odd_right),
        mm(even_left),
        mm(w - even_right),
        mm(top),
        mm(h - block_bottom_from_folio),
        mm(h - bottom),
        mm(h - full_last),
        full.len(),
    );
    assert!(
        (odd_left - 28.0 * MM).abs() < tol,
        "odd pages: inside margin {:.2} mm",
        mm(odd_left)
    );
    assert!(
        (w - odd_right - 26.0 * MM).abs() < tol,
        "odd pages: outside margin {:.2} mm",
        mm(w - odd_right)
    );
    assert!(
        (even_left - 26.0 * MM).abs() < tol,
        "even pages: outside margin {:.2} mm",
        mm(even_left)
    );
    assert!(
        (w - even_right - 28.0 * MM).abs() < tol,
        "even pages: inside margin {:.2} mm",
        mm(w - even_right)
    );
    assert!(
        (top - 37.0 * MM).abs() < tol,
        "top margin {:.2} mm",
        mm(top)
    );
    assert!(
        (h - block_bottom_from_folio - 35.0 * MM).abs() < tol,
        "bottom margin {:.2} mm",
        mm(h - block_bottom_from_folio)
    );
    assert!(
        bottom <= h - 35.0 * MM + tol,
        "text runs into the bottom margin: {:.2} mm",
        mm(h - bottom)
    );
    // 22 lines fill the block: the 22nd line box (one pitch from the previous baseline)
    // ends at the bottom margin.
    let block_end = full_last + (pitch - 16.0);
    assert!(
        (h - block_end - 35.0 * MM).abs() < tol,
        "22 lines end {:.2} mm above the foot",
        mm(h - block_end)
    );

    // Folios: odd pages on the right, even pages on the left, one character in.
    for (phys, page, _, _) in &body {
        let foot: Vec<&Word> = page
            .words
            .iter()
            .filter(|wd| wd.y0 > h - 35.0 * MM)
            .collect();
        let x0 = foot.iter().map(|wd| wd.x0).fold(f64::MAX, f64::min);
        let x1 = foot.iter().map(|wd| wd.x1).fold(0.0, f64::max);
        let height = foot.iter().map(|wd| wd.y1 - wd.y0).fold(0.0, f64::max);
        assert!((height - 14.0).abs() < 0.6, "folio size {height:.2} pt");
        if phys % 2 == 1 {
            assert!(
                (w - 26.0 * MM - 14.0 - x1).abs() < tol,
                "odd page {phys}: folio ends at {x1:.1}"
            );
        } else {
            assert!(
                (x0 - 26.0 * MM - 14.0).abs() < tol,
                "even page {phys}: folio starts at {x0:.1}"
            );
        }
    }
}

/// A minimal workspace with one chapter whose paragraphs are `body` (YAML list items).
fn tiny_workspace(body: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(
        &common::repo().join("tests/fixtures/load/_base"),
        dir.path(),
    );
    // 送审稿: a 征求意见稿 would also need its consultation arrangements.
    let plan_yaml = dir.path().join("plans/p/plan.yaml");
    let text = std::fs::read_to_string(&plan_yaml)
        .unwrap()
        .replace("stage: 征求意见稿", "stage: 送审稿");
    std::fs::write(plan_yaml, text).unwrap();
    let chapter = format!(
        "id: background\ntitle: 规划背景\nsections:\n  - id: basis\n    title: 发展基础\n    body:\n{body}      - column: projects\n      - table: main\n"
    );
    std::fs::write(dir.path().join("plans/p/chapters/01-背景.yaml"), chapter).unwrap();
    dir
}

#[test]
fn author_text_is_data_never_typst_markup() {
    let hostile = [
        r##"#panic("x")"##,
        "$x^2$",
        "<l>",
        "@r",
        r##"#include "/etc/passwd""##,
        "]",
        r"a\b",
        r"#set page(width: 1cm)",
        r"#[粗]",
        r"// 不是注释",
        r"\*星号\*",
    ];
    let mut body = String::new();
    for h in &hostile {
        // Latin neighbours keep the punctuation check (half-width quotes in Chinese) quiet.
        body.push_str(&format!("      - 'AA {} ZZ'\n", h.replace('\'', "''")));
    }
    body.push_str("      - 正文*强调*正文**加粗**正文。\n");
    let ws = tiny_workspace(&body);
    let out = ws.path().join("out");
    build_pdf(ws.path(), &out);
    let pdf = out.join("p/p.pdf");
    let text = squash(&run("pdftotext", &[pdf.to_str().unwrap(), "-"]));
    for h in &hostile {
        // What the Markdown layer does to a backslash-escaped star, it does everywhere.
        let printed = if *h == r"\*星号\*" { "*星号*" } else { h };
        assert!(
            text.contains(&squash(&format!("AA{printed}ZZ"))),
            "`{printed}` not printed literally:\n{text}"
        );
    }
    assert!(!text.contains("root:"), "a file was read");
    // Markdown emphasis becomes styled text, not literal stars.
    assert!(text.contains("正文强调正文加粗正文。"), "{text}");
    let pages = run("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(pages.contains("595.276 x 841.89 pts (A4)"));
    // **加粗** uses the bold face of the body font.
    let fonts = run("pdffonts", &[pdf.to_str().unwrap()]);
    assert!(fonts.contains("Bold"), "no bold face used:\n{fonts}");
}

#[test]
fn uncovered_character_is_an_error_at_its_yaml_location_and_nothing_is_written() {
    let ws = tiny_workspace("      - 第一段。\n      - 这里有一个生僻字㠠，字体里没有。\n");
    let out = ws.path().join("out");
    let opts = BuildOptions {
        formats: vec![Format::Pdf],
        out_dir: Some(out.clone()),
    };
    // `guihua check` finds it already (the fonts are loaded because of the rare character),
    // so the build stops at its checks, before any PDF is compiled.
    let (_, checked) = guihua::check_workspace(ws.path()).unwrap();
    assert!(
        checked.iter().any(|d| d.code == "P001"),
        "check missed P001"
    );
    let Err(BuildError::Check(model, diags)) = build(ws.path(), &opts) else {
        panic!("the build should fail at its checks")
    };
    let file = "plans/p/chapters/01-背景.yaml";
    let text = std::fs::read_to_string(ws.path().join(file)).unwrap();
    let line = text.lines().position(|l| l.contains('㠠')).unwrap() + 1;
    let col = text
        .lines()
        .nth(line - 1)
        .unwrap()
        .chars()
        .position(|c| c == '㠠')
        .unwrap()
        + 1;
    assert_eq!(
        common::locations(&model, &diags),
        vec![format!("P001 {file}:{line}:{col}")]
    );
    let d = diags.iter().next().unwrap();
    assert!(
        d.message.contains('㠠') && d.message.contains("U+3820"),
        "{}",
        d.message
    );
    let hint = d.hint.as_deref().unwrap();
    assert!(
        hint.contains("guihua.yaml")
            && hint.contains("fonts:")
            && hint.contains("Noto Serif CJK SC"),
        "{hint}"
    );
    assert!(
        !out.exists() || walk_files(&out).is_empty(),
        "something was written"
    );
}

fn walk_files(dir: &Path) -> Vec<PathBuf> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            v.extend(walk_files(&p));
        } else {
            v.push(p);
        }
    }
    v
}

/// `guihua build --format pdf` of `ws` into `out` by the CLI, with the installed fonts
/// switched off (a fresh CI machine) and `font_path` as GUIHUA_FONT_PATH.
fn build_pdf_without_system_fonts(
    ws: &Path,
    out: &Path,
    font_path: Option<&Path>,
) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_guihua"));
    cmd.args(["build", "--format", "pdf", "--out"])
        .arg(out)
        .current_dir(ws)
        .env("GUIHUA_NO_SYSTEM_FONTS", "1");
    if let Some(dir) = font_path {
        cmd.env("GUIHUA_FONT_PATH", dir);
    }
    cmd.output().unwrap()
}

#[test]
fn a_machine_without_cjk_fonts_gets_the_same_pdf_from_the_bundled_fonts() {
    // The CLI with installed fonts switched off stands for a fresh CI machine.
    let ws = common::example_copy();
    let out = ws.path().join("out-bare");
    let status = build_pdf_without_system_fonts(ws.path(), &out, None);
    let stderr = String::from_utf8_lossy(&status.stderr).into_owned()
        + &String::from_utf8_lossy(&status.stdout);
    assert!(status.status.success(), "{stderr}");
    // The report names the font serving each role.
    for role in [
        "标题（小标宋）",
        "一级标题（黑体）",
        "二级标题（楷体）",
        "正文（仿宋）",
        "表格和页码（宋体）",
    ] {
        assert!(
            stderr.contains(&format!("PDF 字体 {role}：")),
            "no font report for {role}:\n{stderr}"
        );
    }
    let pdf = out.join("qinhuangdao-2021/qinhuangdao-2021.pdf");
    let fonts = run("pdffonts", &[pdf.to_str().unwrap()]);
    for row in fonts.lines().skip(2) {
        assert!(
            row.contains("NotoSerifCJK") || row.contains("NotoSansCJK") || row.contains("WenKai"),
            "unexpected font: {row}"
        );
    }
}

/// Where the tests find FandolFang: the directory scripts/test.sh fills
/// (`GUIHUA_TEST_FANDOL_DIR`), or TeX Live's.
fn fandol_dir() -> PathBuf {
    let candidates = [
        std::env::var_os("GUIHUA_TEST_FANDOL_DIR").map(PathBuf::from),
        Some(PathBuf::from(
            "/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol",
        )),
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|d| d.join("FandolFang-Regular.otf").is_file())
        .unwrap_or_else(|| {
            panic!(
                "FandolFang-Regular.otf not found: run the tests with scripts/test.sh (it takes the font \
                 from Debian's texlive-lang-chinese), or install texlive-lang-chinese"
            )
        })
}

#[test]
fn an_open_fangsong_found_on_the_machine_sets_the_body() {
    // No official 仿宋 installed: FandolFang, from GUIHUA_FONT_PATH (or TeX Live's own
    // directory), serves the body; the other roles keep their fonts.
    let ws = common::example_copy();
    let out = ws.path().join("out-fandol");
    let status = build_pdf_without_system_fonts(ws.path(), &out, Some(&fandol_dir()));
    let report = String::from_utf8_lossy(&status.stderr).into_owned();
    assert!(status.status.success(), "{report}");
    assert!(
        report.contains("PDF 字体 正文（仿宋）：FandolFang"),
        "the body is not set in FandolFang:\n{report}"
    );
    let pdf = out.join("qinhuangdao-2021/qinhuangdao-2021.pdf");
    let fonts = run("pdffonts", &[pdf.to_str().unwrap()]);
    assert!(fonts.contains("FandolFang-Regular"), "{fonts}");
    // The body text is in it: most of the characters of a body page.
    let text = run(
        "pdftotext",
        &["-f", "20", "-l", "20", pdf.to_str().unwrap(), "-"],
    );
    assert!(
        text.chars()
            .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
            .count()
            > 300
    );
}

#[test]
fn a_table_spanning_pages_repeats_its_header_on_each() {
    let ws = tiny_workspace("      - 第一段。\n");
    let mut yaml =
        String::from("title: 主要指标\nbase_year: 2020\ntarget_year: 2025\ncategories:\n");
    for (c, cat) in ["产业规模", "创新能力"].iter().enumerate() {
        yaml.push_str(&format!("  - name: {cat}\n    rows:\n"));
        for r in 0..35 {
            let id = if c == 0 && r == 0 {
                "va".to_string()
            } else {
                format!("row-{c}-{r}")
            };
            yaml.push_str(&format!(
                "      - id: {id}\n        name: 长表指标{c}号{r}项\n        unit: 个\n        base: {}\n        target: {}\n        nature: 预期性\n",
                r + 1,
                r + 10
            ));
        }
    }
    std::fs::write(ws.path().join("plans/p/indicators/main.yaml"), yaml).unwrap();
    let out = ws.path().join("out");
    build_pdf(ws.path(), &out);
    let pdf = out.join("p/p.pdf");
    let n: usize = run("pdfinfo", &[pdf.to_str().unwrap()])
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let mut spanned = 0;
    for page in 1..=n {
        let text = squash(&run(
            "pdftotext",
            &[
                "-f",
                &page.to_string(),
                "-l",
                &page.to_string(),
                pdf.to_str().unwrap(),
                "-",
            ],
        ));
        if text.contains("长表指标") {
            spanned += 1;
            for head in [
                "类别",
                "序号",
                "指标名称",
                "单位",
                "2020年",
                "2025年",
                "属性",
            ] {
                assert!(
                    text.contains(head),
                    "page {page}: table rows without the header cell {head}:\n{text}"
                );
            }
        }
    }
    assert!(spanned >= 2, "the 70-row table fits on {spanned} page(s)");
}

#[test]
fn font_chains_come_from_guihua_yaml_and_the_build_reports_them() {
    let ws = tiny_workspace("      - 正文。\n");
    std::fs::write(
        ws.path().join("guihua.yaml"),
        "fonts:\n  body: [仿宋_GB2312, Guihua WenKai]\n  title: [没有这个字体]\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_guihua"))
        .args(["build", "--format", "pdf", "--color", "never"])
        .current_dir(ws.path())
        .env("GUIHUA_NO_SYSTEM_FONTS", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("PDF 字体 正文（仿宋）：Guihua WenKai（内置开源字体）；未找到 仿宋_GB2312"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "PDF 字体 标题（小标宋）：Noto Serif CJK SC（内置开源字体）；未找到 没有这个字体"
        ),
        "{stderr}"
    );
    let fonts = run(
        "pdffonts",
        &[ws.path().join("out/p/p.pdf").to_str().unwrap()],
    );
    assert!(fonts.contains("GuihuaWenKai"), "{fonts}");
}

#[test]
fn typst_warnings_such_as_an_unknown_font_are_errors_not_swallowed() {
    let ws = tiny_workspace("      - 正文。\n");
    std::fs::create_dir_all(ws.path().join("templates")).unwrap();
    std::fs::write(ws.path().join("templates/plan.typ"), "#let data = json(\"/guihua-data.json\")\n#text(font: \"No Such Font\")[#data.plan.title]\n").unwrap();
    let opts = BuildOptions {
        formats: vec![Format::Pdf],
        out_dir: Some(ws.path().join("out")),
    };
    let Err(BuildError::Render(_, diags, _)) = build(ws.path(), &opts) else {
        panic!("the build should fail")
    };
    let d = diags.iter().find(|d| d.code == "P003").expect("no P003");
    assert!(
        d.message.contains("unknown font family") && d.message.contains("第 2 行"),
        "{}",
        d.message
    );

    // A template may not read files: only its data file exists.
    std::fs::write(
        ws.path().join("templates/plan.typ"),
        "#read(\"/etc/passwd\")\n",
    )
    .unwrap();
    let Err(BuildError::Render(_, diags, _)) = build(ws.path(), &opts) else {
        panic!("reading a file should fail")
    };
    assert!(
        diags.iter().any(|d| d.code == "P002"),
        "{:?}",
        diags.iter().map(|d| &d.message).collect::<Vec<_>>()
    );
}

/// The text of a PDF as a reader's eye follows it: every line of every page, in order,
/// with where each line ends (as char offsets into the joined text) and each line's page.
struct Flow {
    text: Vec<char>,
    /// Char offsets at which a line (or a page) ends and the next begins.
    breaks: Vec<usize>,
}

fn flow(pages: &[Page]) -> Flow {
    let mut text = Vec::new();
    let mut breaks = Vec::new();
    for page in pages {
        let mut words: Vec<&Word> = page.words.iter().collect();
        words.sort_by(|a, b| a.y1.total_cmp(&b.y1).then(a.x0.total_cmp(&b.x0)));
        let mut last_y: Option<f64> = None;
        for w in words {
            if last_y.is_some_and(|y| (y - w.y1).abs() >= 1.0) && !text.is_empty() {
                breaks.push(text.len());
            }
            last_y = Some(w.y1);
            text.extend(w.text.chars());
        }
        if !text.is_empty() && breaks.last() != Some(&text.len()) {
            breaks.push(text.len());
        }
    }
    Flow { text, breaks }
}

/// Char offsets of every occurrence of `needle` in `hay`.
fn find_all(hay: &[char], needle: &[char]) -> Vec<usize> {
    if needle.is_empty() || needle.len() > hay.len() {
        return Vec::new();
    }
    (0..=hay.len() - needle.len())
        .filter(|&i| hay[i..i + needle.len()] == *needle)
        .collect()
}

/// Where `titles` are printed as titles in `f` (at the start of a line, or after their
/// 专栏/表 label; the same words in prose may break anywhere): how many were found, how many
/// of their line breaks there were, and each break that falls inside a word.
fn title_breaks(f: &Flow, titles: &[String]) -> (usize, usize, Vec<String>) {
    use guihua::render::pdf::breaks::word_pieces;
    let (mut found, mut breaks, mut bad) = (0, 0, Vec::new());
    for title in titles {
        let t: Vec<char> = title.chars().filter(|c| !c.is_whitespace()).collect();
        let pieces = word_pieces(title);
        let mut bounds = vec![0];
        for p in &pieces {
            bounds.push(bounds.last().unwrap() + p.chars().filter(|c| !c.is_whitespace()).count());
        }
        for start in find_all(&f.text, &t) {
            let line_start = f
                .breaks
                .iter()
                .rev()
                .find(|&&b| b <= start)
                .copied()
                .unwrap_or(0);
            let before: String = f.text[line_start..start].iter().collect();
            let label = ["专栏", "表"].iter().any(|l| {
                before
                    .strip_prefix(l)
                    .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
            });
            if !before.is_empty() && !label {
                continue;
            }
            found += 1;
            for &b in f
                .breaks
                .iter()
                .filter(|&&b| b > start && b < start + t.len())
            {
                breaks += 1;
                if !bounds.contains(&(b - start)) {
                    bad.push(format!(
                        "the title `{title}` breaks inside a word, after `{}` (words: {pieces:?})",
                        t[..b - start].iter().collect::<String>()
                    ));
                }
            }
        }
    }
    (found, breaks, bad)
}

#[test]
fn long_titles_break_between_words() {
    let ws = tiny_workspace("      - 正文。\n");
    let plan_yaml = ws.path().join("plans/p/plan.yaml");
    let title = "秦皇岛市北戴河生命健康产业创新示范区建设国际一流康养旅游目的地“十四五”规划";
    let text = std::fs::read_to_string(&plan_yaml).unwrap();
    let text = regex::Regex::new(r"(?m)^title: .*$")
        .unwrap()
        .replace(&text, format!("title: {title}").as_str())
        .into_owned();
    std::fs::write(&plan_yaml, text).unwrap();
    let chapter = ws.path().join("plans/p/chapters/01-背景.yaml");
    let heads = [
        "加快推进生命健康产业创新示范区与京津冀协同发展示范区建设",
        "着力构建以医疗康养为核心的现代化国际化沿海强市美丽港城产业体系",
        "大力发展中医药健康旅游和国际医疗旅游先行区示范基地",
    ];
    let mut text = std::fs::read_to_string(&chapter)
        .unwrap()
        .replacen("title: 规划背景", &format!("title: {}", heads[0]), 1)
        .replacen("title: 发展基础", &format!("title: {}", heads[1]), 1);
    text.push_str(&format!(
        "  - id: more\n    title: {}\n    body:\n      - 正文。\n",
        heads[2]
    ));
    std::fs::write(&chapter, text).unwrap();
    let out = ws.path().join("out");
    let pdfs = build_pdf(ws.path(), &out);
    let pdf = pdfs
        .iter()
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .unwrap();
    let f = flow(&bbox(pdf));
    let mut titles = vec![title.to_string()];
    titles.extend(
        ["一、", "（一）", "（二）"]
            .iter()
            .zip(heads)
            .map(|(n, h)| format!("{n}{h}")),
    );
    let (found, breaks, bad) = title_breaks(&f, &titles);
    assert!(found >= 4, "only {found} of the titles found in the PDF");
    assert!(
        breaks >= 3,
        "the long titles took one line each ({breaks} breaks): the test proves nothing"
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn lines_break_between_words_never_inside_dates_figures_or_paragraph_ends() {
    use guihua::render::pdf::breaks::unbreakable;
    let ws = common::example_copy();
    let out = ws.path().join("out");
    build_pdf(ws.path(), &out);
    let (loaded, _) = guihua::check_workspace(ws.path()).unwrap();
    let mut checked_titles = 0;
    let mut broken_titles = 0;
    for plan in &loaded.plans {
        let pdf = out.join(format!("{0}/{0}.pdf", plan.id));
        let pages = bbox(&pdf);
        let view = PlanView::new(plan);

        // The 目录 starts on a right-hand page: the back of the cover is blank.
        assert!(
            pages[1].words.is_empty(),
            "{}: the back of the cover holds text",
            plan.id
        );
        let toc_page = pages
            .iter()
            .position(|p| {
                squash(&p.words.iter().map(|w| w.text.as_str()).collect::<String>())
                    .starts_with("目录")
            })
            .expect("a 目录 page");
        assert_eq!(
            toc_page % 2,
            0,
            "{}: the 目录 is on physical page {}",
            plan.id,
            toc_page + 1
        );

        // Titles (the plan's, headings, 专栏 and tables) break only between their words.
        let f = flow(&pages);
        let mut titles = vec![view.title.clone()];
        titles.extend(view.toc.iter().map(|e| format!("{}{}", e.number, e.title)));
        titles.extend(view.column_list.iter().map(|c| c.title.clone()));
        titles.extend(view.table_list.iter().map(|t| t.title.clone()));
        let (n, broken, bad) = title_breaks(&f, &titles);
        checked_titles += n;
        broken_titles += broken;
        assert!(bad.is_empty(), "{}: {}", plan.id, bad.join("\n"));

        // No line break inside a date or between a number and its unit.
        let joined: String = f.text.iter().collect();
        let byte_of: Vec<usize> = joined
            .char_indices()
            .map(|(i, _)| i)
            .chain([joined.len()])
            .collect();
        let break_bytes: Vec<usize> = f.breaks.iter().map(|&b| byte_of[b]).collect();
        for r in unbreakable(&joined) {
            if let Some(&b) = break_bytes.iter().find(|&&b| b > r.start && b < r.end) {
                panic!(
                    "{}: a line breaks inside `{}` (after `{}`)",
                    plan.id,
                    &joined[r.clone()],
                    &joined[r.start..b]
                );
            }
        }

        // No orphan (a paragraph's first line alone at the foot of a page) and no widow
        // (its last line alone at the head of the next), over the body pages' 3号 prose.
        let body: Vec<Vec<Line>> = pages
            .iter()
            .filter(|p| folio(p).is_some())
            .map(|p| {
                lines(p)
                    .into_iter()
                    .filter(|l| (l.height - 16.0).abs() < 0.6)
                    .collect()
            })
            .collect();
        for (k, pair) in body.windows(2).enumerate() {
            let (Some(last), Some(first)) = (pair[0].last(), pair[1].first()) else {
                continue;
            };
            let edges = |ls: &[Line]| {
                (
                    ls.iter().map(|l| l.x0).fold(f64::MAX, f64::min),
                    ls.iter().map(|l| l.x1).fold(0.0, f64::max),
                )
            };
            let (l0, r0) = edges(&pair[0]);
            let (l1, r1) = edges(&pair[1]);
            let indented = |l: &Line, left: f64| l.x0 > left + 16.0;
            let full = |l: &Line, right: f64| l.x1 > right - 12.0;
            // The last line on a page opens a paragraph that goes on over the page.
            let opens = indented(last, l0) && full(last, r0) && !indented(first, l1);
            // The first line on a page ends a paragraph begun on the page before.
            let ends =
                !indented(first, l1) && !full(first, r1) && full(last, r0) && pair[1].len() > 1;
            let ends = ends && {
                let second = &pair[1][1];
                indented(second, l1) || !full(second, r1)
            };
            assert!(
                !opens,
                "{}: orphan at the foot of body page {}",
                plan.id,
                k + 1
            );
            assert!(
                !ends,
                "{}: widow at the head of body page {}",
                plan.id,
                k + 2
            );
        }

        // A 专栏 carried over to a new page says so: a page whose text opens with 专栏
        // items (4号) starts with “专栏N（续）”.
        for (k, p) in pages.iter().enumerate().filter(|(_, p)| folio(p).is_some()) {
            let ls = lines(p);
            let Some(first) = ls.first() else { continue };
            let first_text: String = p
                .words
                .iter()
                .filter(|w| (w.y1 - first.y1).abs() < 1.0)
                .map(|w| w.text.as_str())
                .collect();
            let item_line = (first.height - 14.0).abs() < 0.6;
            assert!(
                !item_line || first_text.contains("（续）"),
                "{}: page {} opens inside a 专栏 without （续）: `{first_text}`",
                plan.id,
                k + 1
            );
        }
    }
    assert!(
        checked_titles > 50,
        "only {checked_titles} titles found in the PDFs"
    );
    eprintln!(
        "{checked_titles} titles checked, {broken_titles} of their line breaks between words"
    );
}
