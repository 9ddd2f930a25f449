//! One 征求意见 round from end to end, as an editor runs it, every step through the `guihua`
//! binary: release v1 of the example plan; two units fill in its 意见反馈表 and a third puts
//! Word comments on its plan .docx (12 comments, scripts/fixtures/make_feedback.py `round`);
//! import them twice (still 12); set the dispositions; edit the sources where comments were
//! adopted, all but one; move a commented section to another chapter; then check (one
//! "adopted but unchanged"), report, release v2 (修改理由 from the comments), and try the
//! 送审稿 while one comment is still 待处理 (refused) and after it is answered (released).

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use guihua::model::feedback::{Target, find_item, normalise};
use guihua::model::{Block, Plan, Section, inline};

const PLAN: &str = "qinhuangdao-2021";
const V1: &str = "2021-09-15-征求意见稿-v1";

fn guihua(ws: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_guihua"))
        .args(args)
        .current_dir(ws)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn ok(out: &Output, what: &str) -> String {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{what}: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn plan(ws: &Path) -> Plan {
    let (w, diags) = guihua::load::load(ws).unwrap();
    assert!(!diags.has_errors(), "the workspace does not load cleanly");
    w.plan(PLAN).unwrap().clone()
}

/// (code, message) of every error and warning `guihua check` reports.
fn problems(ws: &Path) -> Vec<(String, String)> {
    let out = guihua(ws, &["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = common::json_diagnostics(&v);
    list.iter()
        .filter(|d| d["severity"] != "info")
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                d["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// Set a comment's disposition (and answer) in the round file, as an editor does by hand.
fn dispose(ws: &Path, id: &str, disposition: &str, answer: Option<&str>) {
    let path = ws.join("plans").join(PLAN).join("feedback/v1.yaml");
    let text = fs::read_to_string(&path).unwrap();
    let start = text
        .find(&format!("  - id: {id}\n"))
        .unwrap_or_else(|| panic!("no comment {id}"));
    let end = text[start + 4..]
        .find("\n  - id: ")
        .map_or(text.len(), |e| start + 4 + e + 1);
    let block = &text[start..end];
    let line = block
        .lines()
        .find(|l| l.trim_start().starts_with("disposition:"))
        .unwrap();
    let mut new = format!("    disposition: {disposition}");
    if let Some(a) = answer {
        new.push_str(&format!("\n    answer: {a}"));
    }
    let block = block.replacen(line, &new, 1);
    fs::write(&path, format!("{}{block}{}", &text[..start], &text[end..])).unwrap();
}

/// Every paragraph and list item under a chapter or section, in reading order.
fn section_texts<'p>(plan: &'p Plan, id: &str) -> Vec<&'p guihua::model::Text> {
    fn blocks<'p>(body: &'p [Block], out: &mut Vec<&'p guihua::model::Text>) {
        for b in body {
            match b {
                Block::Paragraph(t) => out.push(t),
                Block::List(items) => out.extend(items.iter()),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    if let Some(ch) = plan.chapters.iter().find(|c| c.id.value == id) {
        blocks(&ch.body, &mut out);
        for s in ch.sections.iter().flat_map(Section::walk) {
            blocks(&s.body, &mut out);
        }
    } else if let Some(s) = plan.sections().find(|s| s.id.value == id) {
        for s in s.walk() {
            blocks(&s.body, &mut out);
        }
    }
    out
}

/// Revise the text a comment points at, wherever it is: the paragraph holding its quote (or
/// the section's first), or the 专栏 item. Edits go into the YAML at the value's span.
fn revise(ws: &Path, ids: &[&str]) {
    let (w, _) = guihua::load::load(ws).unwrap();
    let p = w.plan(PLAN).unwrap();
    let round = &p.feedback[0];
    let mut spots: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
    for id in ids {
        let c = round.comments.iter().find(|c| c.id.value == *id).unwrap();
        let target = &c.anchor.target.as_ref().unwrap().value;
        let text = match target {
            Target::Section(s) => {
                let texts = section_texts(p, s);
                let quote = c.anchor.quote.as_ref().map(|q| normalise(&q.value));
                let holding = quote.and_then(|q| {
                    texts
                        .iter()
                        .find(|t| normalise(&inline::expand(p, &t.value)).contains(&q))
                        .copied()
                });
                holding.unwrap_or(texts[0])
            }
            Target::Item { column, item } => {
                let col = p.column(column).unwrap();
                &col.items[find_item(col, item).unwrap()].text
            }
            other => panic!("{id}: no edit for {other:?}"),
        };
        let file = w
            .sources
            .get(text.span.file)
            .path
            .to_string_lossy()
            .into_owned();
        let spot = (text.span.start as usize, text.span.end as usize);
        let list = spots.entry(file).or_default();
        if !list.contains(&spot) {
            list.push(spot);
        }
    }
    for (file, mut list) in spots {
        let path = ws.join(&file);
        let mut text = fs::read_to_string(&path).unwrap();
        list.sort();
        for (start, end) in list.into_iter().rev() {
            let at = start + text[start..end].rfind('。').expect("a sentence to extend");
            text.replace_range(at..at + '。'.len_utf8(), "，并定期评估实施效果。");
        }
        fs::write(&path, text).unwrap();
    }
}

/// Cut the last section of chapter `from` (the file's tail from `  - id: <id>`) and append it
/// to chapter `to`, whose sections are its last key.
fn move_section(ws: &Path, id: &str, from: &str, to: &str) {
    let dir = ws.join("plans").join(PLAN).join("chapters");
    let src = fs::read_to_string(dir.join(from)).unwrap();
    let at = src.find(&format!("  - id: {id}\n")).unwrap();
    let block = src[at..].to_string();
    fs::write(dir.join(from), &src[..at]).unwrap();
    let mut dest = fs::read_to_string(dir.join(to)).unwrap();
    if !dest.ends_with('\n') {
        dest.push('\n');
    }
    dest.push_str(&block);
    fs::write(dir.join(to), dest).unwrap();
}

#[test]
fn a_comment_round_from_release_to_songshengao() {
    let dir = common::example_copy();
    let ws = dir.path();
    ok(
        &guihua(
            ws,
            &[
                "release",
                PLAN,
                "--stage",
                "征求意见稿",
                "--date",
                "2021-09-15",
            ],
        ),
        "release v1",
    );
    let release = ws.join("out/releases").join(PLAN).join(V1);
    common::make_feedback(&[
        "round".as_ref(),
        release.as_os_str(),
        ws.join("fx").as_os_str(),
    ]);

    // Import: two forms, then the commented plan with its unit; then all of it again.
    let forms = ["fx/意见-市卫健委.docx", "fx/意见-市发改委.docx"];
    let import = |extra: &[&str]| {
        let mut a = vec!["feedback", "import"];
        a.extend(forms);
        a.extend(["--round", "v1"]);
        a.extend(extra);
        ok(&guihua(ws, &a), "import the forms");
        let a = [
            "feedback",
            "import",
            "fx/意见-批注.docx",
            "--round",
            "v1",
            "--from",
            "秦皇岛市文化广电和旅游局",
        ];
        ok(&guihua(ws, &a), "import the commented plan")
    };
    import(&[]);
    let again = import(&[]);
    assert!(again.contains("新增 0 条"), "{again}");
    let p = plan(ws);
    assert_eq!(p.feedback.len(), 1);
    let comments = &p.feedback[0].comments;
    assert_eq!(comments.len(), 12, "importing twice must add nothing");
    let mut units: Vec<&str> = comments.iter().map(|c| c.from.value.as_str()).collect();
    units.sort();
    units.dedup();
    assert_eq!(units.len(), 3, "{units:?}");
    let target = |id: &str| {
        comments
            .iter()
            .find(|c| c.id.value == id)
            .and_then(|c| c.anchor.target.as_ref())
            .map(|t| t.value.clone())
    };
    assert_eq!(
        target("c010"),
        Some(Target::Item {
            column: "platform-medical".into(),
            item: "公共检测中心".into()
        }),
        "the Word comment in 专栏1 is anchored on its item"
    );
    assert_eq!(
        target("c011"),
        Some(Target::Indicator("value-added".into()))
    );
    assert_eq!(target("c008"), Some(Target::Section("atmosphere".into())));
    assert!(comments.iter().all(|c| c.anchor.target.is_some()));

    // Dispositions: 8 adopted, 1 partly, 1 rejected, 1 not applicable, 1 left pending.
    for id in [
        "c001", "c002", "c003", "c006", "c007", "c009", "c010", "c012",
    ] {
        dispose(ws, id, "采纳", None);
    }
    dispose(
        ws,
        "c004",
        "部分采纳",
        Some("医养结合已写入，其余在专项规划中安排"),
    );
    dispose(ws, "c005", "未采纳", Some("目标值与省级规划衔接，不作调整"));
    dispose(ws, "c008", "不涉及", None);
    // The sources change where comments were adopted, except c003's.
    revise(
        ws,
        &[
            "c001", "c002", "c004", "c006", "c007", "c009", "c010", "c012",
        ],
    );
    // 六、（六） (c008's) moves to the end of chapter 五.
    move_section(ws, "atmosphere", "06-保障措施.yaml", "05-主要任务.yaml");

    let found = problems(ws);
    let unchanged: Vec<&(String, String)> = found.iter().filter(|(c, _)| c == "C001").collect();
    assert_eq!(unchanged.len(), 1, "{found:?}");
    assert!(unchanged[0].1.contains("c003"), "{found:?}");
    assert!(
        found.iter().all(|(c, _)| c == "C001"),
        "nothing else to report (the moved section's comment is still anchored): {found:?}"
    );

    let report = ok(
        &guihua(ws, &["feedback", "report", "--plan", PLAN]),
        "report",
    );
    assert!(
        report.contains(
            "共收到3个单位（个人）12条意见，采纳8条，部分采纳1条，未采纳1条并说明理由，不涉及1条，待处理1条。"
        ),
        "{report}"
    );
    let table = fs::read_to_string(
        ws.join("out/feedback")
            .join(PLAN)
            .join("adoption-report.md"),
    )
    .unwrap();
    let moved = table
        .lines()
        .find(|l| l.contains("建议与宣传部门衔接"))
        .unwrap();
    assert!(
        moved.contains("五、（十）") && moved.contains("（原六、（六））"),
        "the moved section's comment shows where it is now and was: {moved}"
    );

    // v2, with its own consultation period: the 修订对照表 credits the comments.
    common::consult_again(&ws.join("plans").join(PLAN).join("plan.yaml"));
    ok(
        &guihua(
            ws,
            &[
                "release",
                PLAN,
                "--stage",
                "征求意见稿",
                "--date",
                "2021-10-20",
                "--allow-warnings",
            ],
        ),
        "release v2",
    );
    let revision = fs::read_to_string(
        ws.join("out/releases")
            .join(PLAN)
            .join("2021-10-20-征求意见稿-v2/revision-table.md"),
    )
    .unwrap();
    for credit in [
        "根据秦皇岛市卫生健康委员会意见修改（v1-c001）",
        "根据秦皇岛市卫生健康委员会意见修改（v1-c002）",
        "根据秦皇岛市发展和改革委员会意见修改（v1-c006）",
        "根据秦皇岛市文化广电和旅游局意见修改（v1-c010）",
        "根据秦皇岛市文化广电和旅游局意见修改（v1-c012）",
    ] {
        assert!(revision.contains(credit), "{credit} missing in\n{revision}");
    }
    for never in ["v1-c003", "v1-c005", "v1-c008"] {
        assert!(!revision.contains(never), "{never} changed nothing");
    }

    // The 送审稿: refused while c011 is pending, released once it is answered.
    let review = [
        "release",
        PLAN,
        "--stage",
        "送审稿",
        "--date",
        "2021-11-15",
        "--allow-warnings",
    ];
    let refused = guihua(ws, &review);
    assert_eq!(refused.status.code(), Some(1));
    let said = String::from_utf8_lossy(&refused.stderr).into_owned()
        + &String::from_utf8_lossy(&refused.stdout);
    assert!(said.contains("C005") && said.contains("c011"), "{said}");
    let releases = ws.join("out/releases").join(PLAN);
    assert!(!releases.join("2021-11-15-送审稿-v3").exists());
    dispose(
        ws,
        "c011",
        "未采纳",
        Some("统计口径见指标解释，不在规划正文中说明"),
    );
    ok(&guihua(ws, &review), "release the 送审稿");
    assert!(
        releases
            .join("2021-11-15-送审稿-v3/manifest.json")
            .is_file()
    );
}

/// 修改理由 go only to the rows a comment is about: a quoted paragraph that did not change
/// credits nothing, whatever else changed in its section or chapter; a comment on a whole
/// chapter without a quote is credited for a change inside it.
#[test]
fn credits_go_only_to_the_rows_a_comment_is_about() {
    let dir = common::example_copy();
    let ws = dir.path();
    let release = ws.join("out/releases").join(PLAN).join(V1).join("source");
    common::copy_tree(&ws.join("plans"), &release.join("plans"));
    fs::create_dir_all(ws.join("plans").join(PLAN).join("feedback")).unwrap();
    fs::write(
        ws.join("plans").join(PLAN).join("feedback/v1.yaml"),
        format!(
            "release: {V1}
comments:
  - id: c001
    from: 甲单位
    anchor: {{section: industry-system, quote: 建成特色医疗高地和精准医疗中心。到2025年，国家区域医疗中心基本建成}}
    comment: 建议写明时间节点
    disposition: 采纳
  - id: c002
    from: 乙单位
    anchor: {{section: industry-system}}
    comment: 建议充实赛事内容
    disposition: 采纳
  - id: c003
    from: 丙单位
    anchor: {{section: sports-fitness, quote: 大力发展滨海水上运动……建成国家级水上运动训练基地}}
    comment: 建议增加帆船赛事
    disposition: 采纳
"
        ),
    )
    .unwrap();
    let chapter = ws
        .join("plans")
        .join(PLAN)
        .join("chapters/04-产业体系.yaml");
    let text = fs::read_to_string(&chapter).unwrap();
    assert!(text.contains("发展“赛事经济”，承办"));
    fs::write(
        &chapter,
        text.replacen("发展“赛事经济”，承办", "发展“赛事经济”，积极承办", 1),
    )
    .unwrap();
    let release_dir = format!("out/releases/{PLAN}/{V1}");
    ok(
        &guihua(
            ws,
            &["diff", &release_dir, ".", "--plan", PLAN, "--format", "md"],
        ),
        "diff",
    );
    let table = fs::read_to_string(
        ws.join("out/diff")
            .join(PLAN)
            .join(format!("{PLAN}-diff.md")),
    )
    .unwrap();
    let row = table.lines().find(|l| l.contains("精品赛事")).unwrap();
    assert!(row.contains("根据乙单位意见修改（v1-c002）"), "{row}");
    assert!(!row.contains("c001") && !row.contains("c003"), "{row}");
    // Without the edit, C001 reports the two quoted comments, not the chapter-wide one.
    let found = problems(ws);
    let unchanged: Vec<&String> = found
        .iter()
        .filter(|(c, _)| c == "C001")
        .map(|(_, m)| m)
        .collect();
    assert_eq!(unchanged.len(), 2, "{found:?}");
    assert!(
        unchanged.iter().any(|m| m.contains("c001"))
            && unchanged.iter().any(|m| m.contains("c003"))
    );
}
