//! `guihua feedback import` end to end: v1 of the example plan is released into a temporary
//! workspace, scripts/fixtures/make_feedback.py fills in its 意见反馈表 (two units), puts Word
//! comments on its plan .docx and writes an Excel and a GB18030 CSV 汇总表; the import anchors
//! each comment, appends to feedback/v1.yaml, adds nothing the second time, keeps hand edits,
//! and refuses unreadable files without writing anything.

mod common;

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use guihua::feedback::import::anchor_label;
use guihua::model::feedback::{Target, headings};
use guihua::model::{Plan, PlanDate, Stage};

const PLAN: &str = "qinhuangdao-2021";
const RELEASE: &str = "2021-09-15-征求意见稿-v1";

/// The example workspace with release v1 and the fixtures in `fx/`, made once.
fn prepared() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let ws = common::example_copy();
        let opts = guihua::release::ReleaseOptions {
            plan: PLAN.into(),
            stage: Stage::parse("征求意见稿").unwrap(),
            version: Some(1),
            allow_warnings: true,
            date: PlanDate::new(2021, 9, Some(15)).unwrap(),
            out: None,
        };
        if guihua::release::release(ws.path(), &opts).is_err() {
            panic!("release v1 of the example plan failed");
        }
        let release = ws.path().join("out/releases").join(PLAN).join(RELEASE);
        common::make_feedback(&[
            "all".as_ref(),
            release.as_os_str(),
            ws.path().join("fx").as_os_str(),
        ]);
        ws
    })
    .path()
}

/// A fresh copy of the prepared workspace for one test.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(prepared(), dir.path());
    dir
}

fn import(ws: &Path, files: &[&str], extra: &[&str]) -> Output {
    let mut args = vec!["feedback", "import"];
    args.extend_from_slice(files);
    args.extend_from_slice(&["--round", "v1"]);
    args.extend_from_slice(extra);
    Command::new(env!("CARGO_BIN_EXE_guihua"))
        .args(&args)
        .current_dir(ws)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn round_file(ws: &Path) -> PathBuf {
    ws.join("plans").join(PLAN).join("feedback/v1.yaml")
}

/// The workspace loaded: the plan, and the diagnostics about the round file.
fn load(ws: &Path) -> (Plan, Vec<String>) {
    let (w, diags) = guihua::load::load(ws).unwrap();
    let on_round: Vec<String> = common::locations(&w, &diags)
        .into_iter()
        .filter(|l| l.contains("feedback/"))
        .collect();
    (w.plan(PLAN).unwrap().clone(), on_round)
}

/// Each comment's id → (target, from).
fn comments(plan: &Plan) -> HashMap<String, (Option<Target>, String)> {
    let round = plan.feedback.iter().find(|r| r.name == "v1").unwrap();
    round
        .comments
        .iter()
        .map(|c| {
            (
                c.id.value.clone(),
                (
                    c.anchor.target.as_ref().map(|t| t.value.clone()),
                    c.from.value.clone(),
                ),
            )
        })
        .collect()
}

/// The id of the section at a number path (四、（一）1.) in the plan.
fn section(plan: &Plan, path: &str) -> Target {
    let (id, _, _) = headings(plan)
        .into_iter()
        .find(|(_, p, _)| p == path)
        .unwrap_or_else(|| panic!("no section {path}"));
    Target::Section(id)
}

fn item(column: &str, item: &str) -> Target {
    Target::Item {
        column: column.into(),
        item: item.into(),
    }
}

#[test]
fn every_kind_of_file_imports_with_its_anchors() {
    let ws = workspace();
    let ws = ws.path();
    let expect = [
        (
            "fx/反馈表-市卫健委.docx",
            "（意见反馈表）：读到 4 条意见，新增 4 条，已导入过 0 条",
        ),
        (
            "fx/反馈表-市发改委.docx",
            "（意见反馈表）：读到 3 条意见，新增 3 条，已导入过 0 条",
        ),
        (
            "fx/汇总表-gb18030.csv",
            "（汇总表）：读到 2 条意见，新增 2 条，已导入过 0 条",
        ),
        (
            "fx/汇总表.xlsx",
            "（汇总表）：读到 3 条意见，新增 3 条，已导入过 0 条",
        ),
        (
            "fx/规划-批注.docx",
            "（批注）：读到 3 条意见，新增 3 条，已导入过 0 条",
        ),
    ];
    for (file, counts) in expect {
        let out = import(ws, &[file], &[]);
        assert_eq!(out.status.code(), Some(0), "{file}: {}", stderr(&out));
        assert!(
            stdout(&out).contains(&format!("{file}{counts}")),
            "{file}: {}",
            stdout(&out)
        );
        assert!(stdout(&out).contains("已写入 plans/qinhuangdao-2021/feedback/v1.yaml"));
    }
    let (plan, diags) = load(ws);
    assert!(
        diags.is_empty(),
        "the written file has diagnostics: {diags:?}"
    );
    let c = comments(&plan);
    assert_eq!(c.len(), 15);
    let want: Vec<(&str, Option<Target>, &str)> = vec![
        (
            "c001",
            Some(section(&plan, "四、（一）1.")),
            "秦皇岛市卫生健康委员会",
        ),
        (
            "c002",
            Some(item("platform-medical", "国家区域医疗中心")),
            "秦皇岛市第一医院",
        ),
        ("c003", None, "秦皇岛市卫生健康委员会"),
        (
            "c004",
            Some(section(&plan, "四、（二）1.")),
            "秦皇岛市卫生健康委员会",
        ),
        (
            "c005",
            Some(Target::Indicator("value-added".into())),
            "秦皇岛市发展和改革委员会",
        ),
        (
            "c006",
            Some(section(&plan, "二、（三）")),
            "秦皇岛市发展和改革委员会",
        ),
        (
            "c007",
            Some(section(&plan, "二、（三）")),
            "秦皇岛市发展和改革委员会",
        ),
        ("c008", Some(Target::Table("main".into())), "王五"),
        (
            "c009",
            Some(section(&plan, "三、")),
            "秦皇岛市北戴河区人民政府",
        ),
        (
            "c010",
            Some(Target::Column("eldercare-projects".into())),
            "市民政局",
        ),
        ("c011", Some(section(&plan, "四、（一）4.")), "市体育局"),
        (
            "c012",
            Some(Target::Indicator("health-food-va".into())),
            "市农业农村局",
        ),
        ("c013", Some(section(&plan, "四、（一）1.")), "张三"),
        (
            "c014",
            Some(item("platform-medical", "公共检测中心")),
            "张三",
        ),
        (
            "c015",
            Some(Target::Indicator("value-added".into())),
            "李四",
        ),
    ];
    for (id, target, from) in want {
        assert_eq!(c[id], (target, from.to_string()), "{id}");
    }
    let text = fs::read_to_string(round_file(ws)).unwrap();
    assert!(text.starts_with(
        "# yaml-language-server: $schema=../../../schemas/feedback.schema.json\nrelease: 2021-09-15-征求意见稿-v1\ncomments:\n"
    ));
    // Header fields of the form, the GB18030 text, the Excel date, the Word comment's date.
    for line in [
        "contact: '0335-3030000'",
        "received: '2021-09-20'",
        "comment: 建议明确各区县的分工，\"北戴河区\"要突出。",
        "received: '2021-09-23'",
        "received: '2021-09-21'",
        "kind: 个人",
        "via: 批注",
    ] {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }
}

#[test]
fn reimport_adds_nothing_and_hand_edits_survive() {
    let ws = workspace();
    let ws = ws.path();
    assert!(
        import(ws, &["fx/反馈表-市卫健委.docx"], &[])
            .status
            .success()
    );
    let path = round_file(ws);
    let edited = fs::read_to_string(&path).unwrap().replacen(
        "disposition: 待处理",
        "disposition: 采纳\n    answer: 已补充人才内容。",
        1,
    );
    fs::write(&path, &edited).unwrap();

    let again = import(ws, &["fx/反馈表-市卫健委.docx"], &[]);
    assert_eq!(again.status.code(), Some(0));
    assert!(
        stdout(&again).contains("读到 4 条意见，新增 0 条，已导入过 4 条"),
        "{}",
        stdout(&again)
    );
    assert!(stdout(&again).contains("没有新意见"));
    assert_eq!(fs::read_to_string(&path).unwrap(), edited);

    // Two files with the same comment text, from different senders, both import.
    let csv = "章节条目,修改意见,提出单位或个人\n第三章,建议增加区县分工表。,";
    fs::write(ws.join("a.csv"), format!("{csv}市民政局\n")).unwrap();
    fs::write(ws.join("b.csv"), format!("{csv}市商务局\n")).unwrap();
    let both = import(ws, &["a.csv", "b.csv"], &[]);
    assert!(stdout(&both).contains("a.csv（汇总表）：读到 1 条意见，新增 1 条"));
    assert!(stdout(&both).contains("b.csv（汇总表）：读到 1 条意见，新增 1 条"));
    let text = fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with(&edited),
        "the file before the import was changed"
    );
    assert!(text.contains("- id: c005\n") && text.contains("- id: c006\n"));
    assert!(!text.contains("c007"));
    let (plan, diags) = load(ws);
    assert!(diags.is_empty(), "{diags:?}");
    let round = plan.feedback.iter().find(|r| r.name == "v1").unwrap();
    assert_eq!(round.comments[0].disposition.value.zh(), "采纳");
    assert_eq!(round.comments.len(), 6);
}

#[test]
fn unanchorable_comment_is_imported_with_a_warning_naming_the_nearest_section() {
    let ws = workspace();
    let out = import(ws.path(), &["fx/反馈表-市卫健委.docx"], &[]);
    assert!(out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("警告：反馈表-市卫健委.docx 第3行的意见无法定位到规划中的位置（最接近：四、（一）1.医疗服务）；已导入，请在 plans/qinhuangdao-2021/feedback/v1.yaml 中补写 anchor"),
        "{err}"
    );
    assert_eq!(err.matches("警告").count(), 1, "{err}");
    let text = fs::read_to_string(round_file(ws.path())).unwrap();
    assert!(text.contains(
        "    anchor:\n      label: 第十章\n      quote: 举全市之力高标准建设国家级区域医疗中心和精准医疗高地\n"
    ));
}

#[test]
fn word_comments_take_the_unit_from_the_option() {
    let ws = workspace();
    let out = import(
        ws.path(),
        &["fx/规划-批注.docx"],
        &["--from", "秦皇岛市民政局"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let (plan, _) = load(ws.path());
    let c = comments(&plan);
    assert_eq!(c.len(), 3);
    assert!(c.values().all(|(_, from)| from == "秦皇岛市民政局"));
    let text = fs::read_to_string(round_file(ws.path())).unwrap();
    assert!(!text.contains("kind: 个人"));
}

/// A comment on a line of the 目录 or the 专栏目录 is about the heading or 专栏 it lists.
#[test]
fn comments_on_table_of_contents_lines_anchor_on_what_they_list() {
    let ws = workspace();
    let release = ws.path().join("out/releases").join(PLAN).join(RELEASE);
    common::make_feedback(&[
        "toc".as_ref(),
        release.as_os_str(),
        ws.path().join("fx").as_os_str(),
    ]);
    let out = import(ws.path(), &["fx/目录-批注.docx"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("无法定位"), "{}", stderr(&out));
    let (plan, _) = load(ws.path());
    let c = comments(&plan);
    assert_eq!(c["c001"].0, Some(section(&plan, "四、（二）")));
    assert_eq!(c["c002"].0, Some(Target::Column("tourism-projects".into())));
}

#[test]
fn unreadable_files_are_located_and_nothing_is_written() {
    let ws = workspace();
    let ws = ws.path();
    fs::write(ws.join("损坏.docx"), b"PK\x03\x04 not really a zip").unwrap();
    fs::write(ws.join("意见.pdf"), b"%PDF-1.4").unwrap();
    let cases = [
        (vec!["fx/反馈表-市卫健委.docx", "损坏.docx"], "损坏.docx："),
        (vec!["意见.pdf"], "意见.pdf：无法识别的文件类型（.pdf）"),
        (vec!["没有这个文件.csv"], "没有这个文件.csv：无法读取文件"),
    ];
    for (files, message) in cases {
        let out = import(ws, &files, &[]);
        assert_eq!(out.status.code(), Some(2), "{files:?}");
        assert!(
            stderr(&out).contains(message),
            "{files:?}: {}",
            stderr(&out)
        );
        assert!(stderr(&out).contains("未写入任何内容"));
        assert!(!round_file(ws).exists(), "{files:?} wrote the round file");
    }
    // A docx that is neither a form nor commented.
    let notice = ws
        .join("out/releases")
        .join(PLAN)
        .join(RELEASE)
        .join("notice.docx");
    let out = import(ws, &[notice.to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("既没有意见反馈表的表格，也没有批注"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn missing_release_and_misplaced_comments_key_are_refused() {
    let ws = workspace();
    let ws = ws.path();
    let mut args = vec!["feedback", "import", "fx/汇总表.xlsx", "--round", "v2"];
    let out = Command::new(env!("CARGO_BIN_EXE_guihua"))
        .args(&args)
        .current_dir(ws)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("v2") && err.contains("source 不存在"), "{err}");
    assert!(
        err.contains("guihua release qinhuangdao-2021 --stage 征求意见稿"),
        "{err}"
    );

    let path = round_file(ws);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let text = "comments:\n  - id: c001\n    from: 市民政局\n    comment: 建议。\nrelease: 2021-09-15-征求意见稿-v1\n";
    fs::write(&path, text).unwrap();
    args[4] = "v1";
    let out = Command::new(env!("CARGO_BIN_EXE_guihua"))
        .args(&args)
        .current_dir(ws)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("v1.yaml 第5行：最后一个顶层键是 `release`"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn labels_resolve_on_the_released_plan() {
    let source = prepared()
        .join("out/releases")
        .join(PLAN)
        .join(RELEASE)
        .join("source");
    let (w, _) = guihua::load::load(&source).unwrap();
    let plan = w.plan(PLAN).unwrap();
    let cases: Vec<(&str, Option<&str>, Option<Target>)> = vec![
        (
            "四、（一）1.医疗服务",
            None,
            Some(section(plan, "四、（一）1.")),
        ),
        ("四（一）1", None, Some(section(plan, "四、（一）1."))),
        ("第四章第二节", None, Some(section(plan, "四、（二）"))),
        (
            "专栏三",
            None,
            Some(Target::Column(
                plan.columns
                    .iter()
                    .find(|c| c.number.get() == Some(3))
                    .unwrap()
                    .id
                    .value
                    .clone(),
            )),
        ),
        (
            "表1 序号2",
            None,
            Some(Target::Indicator("value-added".into())),
        ),
        (
            "表1第2项",
            None,
            Some(Target::Indicator("value-added".into())),
        ),
        // A label that does not resolve gives way to the quote, which finds the 专栏 item.
        (
            "第九十章",
            Some("配置PET-CT等大型影像设备"),
            Some(item("platform-medical", "医学影像中心")),
        ),
        // A resolving section label is narrowed down by the quote inside it.
        (
            "四、（一）",
            Some("配置PET-CT等大型影像设备"),
            Some(item("platform-medical", "医学影像中心")),
        ),
        ("第九十章", Some("这句话不在规划里"), None),
        ("", None, None),
    ];
    for (label, quote, want) in cases {
        assert_eq!(
            anchor_label(plan, label, quote),
            want,
            "{label} / {quote:?}"
        );
    }
}

/// A form that goes on in a 续表: the second table's comments are read too.
#[test]
fn a_form_continued_in_a_second_table_is_read_whole() {
    let ws = workspace();
    let (src, dest) = (
        ws.path().join("fx/反馈表-市卫健委.docx"),
        ws.path().join("续表.docx"),
    );
    common::make_feedback(&["continued".as_ref(), src.as_os_str(), dest.as_os_str()]);
    let out = import(ws.path(), &["续表.docx"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("读到 5 条意见"), "{}", stdout(&out));
    let text = fs::read_to_string(round_file(ws.path())).unwrap();
    assert!(text.contains("续表中的意见"), "{text}");
}

/// Sheets grow and get re-exported: importing the longer one adds only the new rows.
#[test]
fn a_grown_sheet_adds_only_its_new_rows() {
    let ws = workspace();
    let head = "序号,章节条目,修改意见,提出单位\n1,四、（一）1.,建议补充人才培养,市卫健委\n";
    fs::write(ws.path().join("a.csv"), head).unwrap();
    assert!(stdout(&import(ws.path(), &["a.csv"], &[])).contains("新增 1 条"));
    fs::write(
        ws.path().join("a.csv"),
        format!("{head}2,专栏 6,建议增加社区养老项目,市民政局\n"),
    )
    .unwrap();
    let out = import(ws.path(), &["a.csv"], &[]);
    assert!(
        stdout(&out).contains("新增 1 条，已导入过 1 条"),
        "{}",
        stdout(&out)
    );
    let (plan, _) = load(ws.path());
    assert_eq!(comments(&plan).len(), 2);
}

/// A stray quote swallows the rest of a CSV into one cell: the row is named, not lost
/// silently.
#[test]
fn a_row_with_text_but_no_comment_is_reported() {
    let ws = workspace();
    fs::write(
        ws.path().join("bad.csv"),
        "序号,章节条目,修改意见,提出单位\n1,\"四、（一）,建议补充,市卫健委\n2,专栏 6,建议增加项目,市民政局\n",
    )
    .unwrap();
    let out = import(ws.path(), &["bad.csv"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("bad.csv 第2行有内容但没有“修改意见”"),
        "{}",
        stderr(&out)
    );
}

/// Excel's “Unicode 文本”: UTF-16 with a BOM, tab-separated.
#[test]
fn a_utf16_tab_separated_sheet_reads() {
    let ws = workspace();
    let text =
        "序号\t章节条目\t修改意见\t提出单位\r\n1\t四、（一）1.\t建议补充人才培养\t市卫健委\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    fs::write(ws.path().join("unicode.csv"), bytes).unwrap();
    let out = import(ws.path(), &["unicode.csv"], &[]);
    assert!(
        stdout(&out).contains("新增 1 条"),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let (plan, _) = load(ws.path());
    assert_eq!(
        comments(&plan)["c001"],
        (Some(section(&plan, "四、（一）1.")), "市卫健委".to_string())
    );
}

/// A comment quoting a heading's title is on that heading, not on a 专栏 below it that
/// happens to hold the same words.
#[test]
fn a_quoted_title_anchors_on_its_heading() {
    let ws = workspace();
    fs::write(
        ws.path().join("t.csv"),
        "序号,章节条目,原文,修改意见,提出单位\n1,四、（一）,医疗服务,建议标题改为“医疗卫生服务”,市卫健委\n",
    )
    .unwrap();
    assert!(import(ws.path(), &["t.csv"], &[]).status.success());
    let (plan, _) = load(ws.path());
    assert_eq!(
        comments(&plan)["c001"].0,
        Some(section(&plan, "四、（一）1."))
    );
}

/// v1.yml next to v1.yaml: two files of one round are an error, and import appends to the
/// round's own file.
#[test]
fn one_round_is_one_file() {
    let ws = workspace();
    assert!(
        import(ws.path(), &["fx/汇总表-gb18030.csv"], &[])
            .status
            .success()
    );
    let yml = round_file(ws.path()).with_extension("yml");
    fs::rename(round_file(ws.path()), &yml).unwrap();
    let out = import(ws.path(), &["fx/汇总表.xlsx"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!round_file(ws.path()).exists(), "a second file was started");
    assert!(fs::read_to_string(&yml).unwrap().contains("c005"));
    fs::copy(&yml, round_file(ws.path())).unwrap();
    let (w, diags) = guihua::load::load(ws.path()).unwrap();
    let found = common::locations(&w, &diags);
    assert!(
        found
            .iter()
            .any(|l| l.starts_with("L007 plans/qinhuangdao-2021/feedback/v1.y")),
        "{found:?}"
    );
}
