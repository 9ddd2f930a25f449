//! `guihua feedback report`: the 意见采纳情况表 of the example plan with comments from three
//! senders, every disposition, every kind of anchor, and a release snapshot the sources
//! moved away from (a section moved to another chapter, another deleted).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use guihua::feedback::report::{Counts, report_view, summary_sentence};

const PLAN: &str = "qinhuangdao-2021";
const RELEASE: &str = "2021-09-15-征求意见稿-v1";

const FEEDBACK: &str = r#"release: 2021-09-15-征求意见稿-v1
comments:
  - id: c001
    from: 市卫生健康委
    anchor: {section: health-services, quote: 做优健康服务}
    comment: "建议补充互联网医疗 | 竖线 **未闭合"
    disposition: 采纳
    answer: 已在第四章第一节补充。
  - id: c002
    from: 市发展改革委
    anchor: {column: platform-medical, item: 国家区域医疗中心}
    comment: "<script>alert(1)</script>建议写明建设时限"
    reason: 便于考核
    disposition: 部分采纳
    answer: 时限在实施方案中明确。
  - id: c003
    from: 张三
    kind: 个人
    anchor: {indicator: value-added}
    comment: 增加值目标偏高
    disposition: 未采纳
    answer: 目标与省规划衔接，予以保留。
  - id: c004
    from: 市卫生健康委
    anchor: {label: 全文}
    comment: 统一“生命健康”术语
    disposition: 不涉及
  - id: c005
    from: 市发展改革委
    comment: 建议增加重点项目附表
  - id: c006
    from: 张三
    kind: 个人
    anchor: {section: brands}
    comment: 品牌建设应归入产业体系
    disposition: 采纳
    answer: 已移至第四章。
  - id: c007
    from: 市发展改革委
    anchor: {section: wellness-towns}
    comment: 康养小镇表述过细
    disposition: 未采纳
    answer: 该节已删除，意见不再适用。
"#;

const SENTENCE: &str = "共收到3个单位（个人）7条意见，采纳2条，部分采纳1条，未采纳2条并说明理由，不涉及1条，待处理1条。";

/// Cut the lines from the one starting with `from` up to (not including) the one starting
/// with `to`.
fn cut(text: &str, from: &str, to: &str) -> (String, String) {
    let start = text.find(from).expect(from);
    let end = start + text[start..].find(to).expect(to);
    let mut rest = text[..start].to_string();
    rest.push_str(&text[end..]);
    (rest, text[start..end].to_string())
}

/// The example with the release snapshot of v1 (as `guihua release` copies the sources), then
/// the sources edited since: 培塑行业知名品牌 moved from chapter 五 to the end of chapter 四,
/// 打造一批特色康养小镇 deleted; and the comments of round v1.
fn workspace() -> tempfile::TempDir {
    let ws = common::example_copy();
    let root = ws.path();
    let source = root
        .join("out/releases")
        .join(PLAN)
        .join(RELEASE)
        .join("source");
    common::copy_tree(&root.join("plans"), &source.join("plans"));
    std::fs::copy(root.join("guihua.yaml"), source.join("guihua.yaml")).unwrap();

    let chapters = root.join("plans").join(PLAN).join("chapters");
    let tasks = chapters.join("05-主要任务.yaml");
    let text = std::fs::read_to_string(&tasks).unwrap();
    let (text, brands) = cut(&text, "  - id: brands\n", "  - id: innovation-system\n");
    let (text, _) = cut(
        &text,
        "      - id: wellness-towns\n",
        "  - id: market-entities\n",
    );
    std::fs::write(&tasks, text).unwrap();
    let industry = chapters.join("04-产业体系.yaml");
    let mut text = std::fs::read_to_string(&industry).unwrap();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(&brands);
    std::fs::write(&industry, text).unwrap();

    let feedback = root.join("plans").join(PLAN).join("feedback");
    std::fs::create_dir_all(&feedback).unwrap();
    std::fs::write(feedback.join("v1.yaml"), FEEDBACK).unwrap();
    ws
}

fn guihua(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_guihua"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn succeed(args: &[&str], dir: &Path) -> String {
    let out = guihua(args, dir);
    assert!(
        out.status.success(),
        "guihua {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn out_dir(root: &Path) -> PathBuf {
    root.join("out/feedback").join(PLAN)
}

fn no_whitespace(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn counts_by_unit_totals_sentence_and_locations() {
    let ws = workspace();
    let (loaded, diags) = guihua::load::load(ws.path()).unwrap();
    assert!(
        !diags.has_errors(),
        "{:?}",
        common::locations(&loaded, &diags)
    );
    let plan = loaded.plan(PLAN).unwrap();
    assert!(
        plan.feedback[0].base.is_some(),
        "the release snapshot is read"
    );
    let view = report_view(plan, None).unwrap();
    assert_eq!(view.summary, SENTENCE);
    let round = &view.rounds[0];
    assert_eq!(round.release.as_deref(), Some(RELEASE));
    assert_eq!(round.heading, format!("第1轮（{RELEASE}）"));
    let units: Vec<(&str, &str, [usize; 6])> = round
        .units
        .iter()
        .map(|u| {
            let c = u.counts;
            let n = [c.total, c.adopted, c.partly, c.rejected, c.na, c.pending];
            (u.from.as_str(), u.kind, n)
        })
        .collect();
    assert_eq!(
        units,
        [
            ("市卫生健康委", "单位", [2, 1, 0, 0, 1, 0]),
            ("市发展改革委", "单位", [3, 0, 1, 1, 0, 1]),
            ("张三", "个人", [2, 1, 0, 1, 0, 0]),
        ]
    );
    let expected = Counts {
        units: 3,
        total: 7,
        adopted: 2,
        partly: 1,
        rejected: 2,
        na: 1,
        pending: 1,
    };
    assert_eq!(round.counts, expected);
    assert_eq!(view.counts, expected);
    let rows: Vec<(usize, &str, &str)> = round
        .comments
        .iter()
        .map(|c| (c.seq, c.location.as_str(), c.disposition))
        .collect();
    assert_eq!(
        rows,
        [
            (1, "四、（一）做优“四张”健康服务名片", "采纳"),
            (2, "专栏1 国家区域医疗中心", "部分采纳"),
            (3, "表1 第2项 生命健康产业增加值", "未采纳"),
            (4, "全文", "不涉及"),
            (5, "总体", "待处理"),
            (6, "四、（五）培塑行业知名品牌（原五、（三））", "采纳"),
            (
                7,
                "（原）五、（一）2.打造一批特色康养小镇，已删除",
                "未采纳"
            ),
        ]
    );
    assert_eq!(round.comments[0].quote.as_deref(), Some("做优健康服务"));
    assert_eq!(round.comments[1].reason.as_deref(), Some("便于考核"));
    assert_eq!(round.comments[4].answer, None);
    // The round can be named by its file or by its release; anything else is refused.
    for name in ["v1", RELEASE] {
        assert_eq!(report_view(plan, Some(name)).unwrap().rounds.len(), 1);
    }
    let err = report_view(plan, Some("v2")).unwrap_err().to_string();
    assert!(err.contains("`v2`") && err.contains("v1"), "{err}");
}

#[test]
fn the_sentence_names_na_and_pending_only_when_there_are_any() {
    let counts = Counts {
        units: 2,
        total: 5,
        adopted: 3,
        partly: 0,
        rejected: 2,
        ..Counts::default()
    };
    assert_eq!(
        summary_sentence(&counts),
        "共收到2个单位（个人）5条意见，采纳3条，部分采纳0条，未采纳2条并说明理由。"
    );
    let counts = Counts {
        pending: 4,
        total: 9,
        ..counts
    };
    assert_eq!(
        summary_sentence(&counts),
        "共收到2个单位（个人）9条意见，采纳3条，部分采纳0条，未采纳2条并说明理由，待处理4条。"
    );
}

#[test]
fn every_format_is_written_and_byte_identical_across_runs() {
    let ws = workspace();
    let stdout = succeed(&["feedback", "report", "--plan", PLAN], ws.path());
    assert!(stdout.contains(SENTENCE), "{stdout}");
    let dir = out_dir(ws.path());
    let first: Vec<Vec<u8>> = ["md", "html", "pdf", "docx"]
        .iter()
        .map(|ext| {
            let path = dir.join(format!("adoption-report.{ext}"));
            let shown = format!("out/feedback/{PLAN}/adoption-report.{ext}");
            assert!(stdout.contains(&shown), "{shown} not printed: {stdout}");
            std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        })
        .collect();
    assert!(first.iter().all(|b| !b.is_empty()));
    // Elsewhere, through --out and --round, the same bytes.
    let other = ws.path().join("elsewhere");
    succeed(
        &[
            "feedback",
            "report",
            "--round",
            RELEASE,
            "--out",
            other.to_str().unwrap(),
        ],
        ws.path(),
    );
    for (ext, bytes) in ["md", "html", "pdf", "docx"].iter().zip(&first) {
        let again = std::fs::read(other.join(format!("adoption-report.{ext}"))).unwrap();
        assert!(
            again == *bytes,
            "adoption-report.{ext} differs between runs"
        );
    }
}

#[test]
fn the_markdown_is_gfm_whose_cells_keep_user_text() {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let ws = workspace();
    succeed(&["feedback", "report", "--format", "md"], ws.path());
    let md = std::fs::read_to_string(out_dir(ws.path()).join("adoption-report.md")).unwrap();
    assert!(md.starts_with("# 《秦皇岛市生命健康产业发展“十四五”规划》征求意见采纳情况表\n"));
    assert!(md.contains(SENTENCE));
    // Every row of both tables as parsed: cells' text.
    let mut tables: Vec<Vec<Vec<String>>> = Vec::new();
    let (mut strong, mut in_table) = (0, false);
    for event in Parser::new_ext(&md, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Table(_)) => {
                tables.push(Vec::new());
                in_table = true;
            }
            Event::End(TagEnd::Table) => in_table = false,
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                tables.last_mut().unwrap().push(Vec::new());
            }
            Event::Start(Tag::TableCell) => {
                tables
                    .last_mut()
                    .unwrap()
                    .last_mut()
                    .unwrap()
                    .push(String::new());
            }
            Event::Text(t) if in_table => {
                if let Some(cell) = tables.last_mut().and_then(|t| t.last_mut()?.last_mut()) {
                    cell.push_str(&t);
                }
            }
            Event::Start(Tag::Strong) | Event::End(TagEnd::Strong) => strong += 1,
            _ => {}
        }
    }
    assert_eq!(strong, 0, "no bold in the report");
    assert_eq!(tables.len(), 2, "{md}");
    let summary = &tables[0];
    assert_eq!(summary.len(), 5, "header, three senders, 合计");
    assert_eq!(summary[4], ["合计", "7", "2", "1", "2", "1", "1"]);
    let comments = &tables[1];
    assert_eq!(comments.len(), 8);
    assert!(comments.iter().all(|row| row.len() == 7), "{comments:?}");
    assert_eq!(comments[1][4], "建议补充互联网医疗 | 竖线 **未闭合");
    assert_eq!(
        comments[2][4],
        "<script>alert(1)</script>建议写明建设时限理由：便于考核"
    );
    assert_eq!(comments[6][2], "四、（五）培塑行业知名品牌（原五、（三））");
}

#[test]
fn html_keeps_hostile_text_as_text() {
    let ws = workspace();
    succeed(&["feedback", "report", "--format", "html"], ws.path());
    let html = std::fs::read_to_string(out_dir(ws.path()).join("adoption-report.html")).unwrap();
    assert!(!html.contains("<script>"), "raw script tag in the HTML");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;建议写明建设时限"));
    assert!(
        html.contains("<title>《秦皇岛市生命健康产业发展“十四五”规划》征求意见采纳情况表</title>")
    );
    assert!(html.contains(SENTENCE));
    assert!(html.contains("--fang:"), "the site's style.css is included");
}

/// The text of every `w:t` of document.xml, one string.
fn docx_text(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut text, mut in_t) = (String::new(), false);
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Start(e) if e.name().as_ref() == b"w:t" => in_t = true,
            quick_xml::events::Event::End(e) if e.name().as_ref() == b"w:t" => in_t = false,
            quick_xml::events::Event::Text(t) if in_t => text.push_str(&t.unescape().unwrap()),
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    text
}

#[test]
fn the_docx_holds_every_comment_and_the_sentence() {
    let ws = workspace();
    succeed(&["feedback", "report", "--format", "docx"], ws.path());
    let bytes = std::fs::read(out_dir(ws.path()).join("adoption-report.docx")).unwrap();
    let text = docx_text(&bytes);
    for needle in [
        SENTENCE,
        "建议补充互联网医疗 | 竖线 **未闭合",
        "<script>alert(1)</script>建议写明建设时限",
        "增加值目标偏高",
        "统一“生命健康”术语",
        "建议增加重点项目附表",
        "品牌建设应归入产业体系",
        "康养小镇表述过细",
        "（原）五、（一）2.打造一批特色康养小镇，已删除",
        "时限在实施方案中明确。",
    ] {
        assert!(
            text.contains(needle),
            "`{needle}` missing from the DOCX: {text}"
        );
    }
}

#[test]
fn the_pdf_text_holds_the_sentence() {
    let ws = workspace();
    succeed(&["feedback", "report", "--format", "pdf"], ws.path());
    let pdf = out_dir(ws.path()).join("adoption-report.pdf");
    let out = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed");
    assert!(out.status.success());
    let text = no_whitespace(&String::from_utf8_lossy(&out.stdout));
    assert!(text.contains(SENTENCE), "{text}");
    assert!(text.contains("征求意见采纳情况表"));
    assert!(text.contains("<script>alert(1)</script>"), "{text}");
}

#[test]
fn unknown_plans_rounds_and_missing_feedback_are_explained() {
    let ws = workspace();
    let root = ws.path();
    let out = guihua(&["feedback", "report", "--plan", "nowhere"], root);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("nowhere") && err.contains(PLAN) && err.contains("hebei-2023"));

    let out = guihua(
        &["feedback", "report", "--plan", PLAN, "--round", "v9"],
        root,
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("v9") && err.contains(&format!("v1（{RELEASE}）")),
        "{err}"
    );

    let out = guihua(&["feedback", "report", "--plan", "hebei-2023"], root);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("plans/hebei-2023/feedback/v1.yaml"), "{err}");
    assert!(err.contains("guihua feedback import"), "{err}");
    assert!(!root.join("out/feedback").exists(), "nothing written");
}

#[test]
fn source_errors_are_shown_and_nothing_is_written() {
    let ws = workspace();
    let root = ws.path();
    let file = root.join("plans").join(PLAN).join("feedback/v1.yaml");
    let text = FEEDBACK.replace("disposition: 部分采纳", "disposition: 大概采纳");
    std::fs::write(&file, text).unwrap();
    let out = guihua(&["feedback", "report"], root);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("大概采纳") && err.contains("feedback/v1.yaml"),
        "{err}"
    );
    assert!(!root.join("out/feedback").exists(), "nothing written");
}
