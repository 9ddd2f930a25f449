//! The semantic diff (修订对照表): two versions of the example plan, one edited in known ways;
//! the diff must list exactly those edits, render them in md / html, and the `guihua diff`
//! command must find the versions as directories and as git revisions.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use guihua::diff::{
    ChangeKind, PlanDiff, SegKind, Segment, Target, diff_plans, render_html, render_md,
};
use guihua::render::engine::Engine;
use guihua::render::templates::TemplateSet;

const PLAN: &str = "qinhuangdao-2021";
const REASON: &str = "根据市卫生健康委意见补充服务对象";

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(
        text.contains(from),
        "{} does not contain {from:?}",
        path.display()
    );
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// The edits of the second version: an indicator target, a section inserted before an
/// existing one, a 专栏 item added, a paragraph reworded, a 专栏 item changed with a reason.
fn apply_edits(root: &Path) {
    let plan = root.join("plans").join(PLAN);
    edit(
        &plan.join("indicators/main.yaml"),
        "        target: 350\n",
        "        target: 360\n",
    );
    let ch = plan.join("chapters/02-总体要求.yaml");
    edit(
        &ch,
        "  - id: development-goals\n",
        "  - id: development-stage\n    title: 发展阶段\n    body:\n      - 我市生命健康产业正处于加快集聚、提质增效的关键阶段。\n  - id: development-goals\n",
    );
    edit(&ch, "扎实推进9项重点工作", "全力推进9项重点工作");
    let col = plan.join("columns/platform-medical.yaml");
    edit(
        &col,
        "各级医疗机构提供第三方医学影像服务。\n",
        &format!("各级医疗机构和体检机构提供第三方医学影像服务。\n    reason: {REASON}\n"),
    );
    let mut text = std::fs::read_to_string(&col).unwrap();
    text.push_str("  - name: 远程医疗中心\n    text: 建设覆盖全市的远程会诊和远程诊断平台。\n");
    std::fs::write(&col, text).unwrap();
}

fn versions() -> (tempfile::TempDir, tempfile::TempDir) {
    let old = common::example_copy();
    let new = common::example_copy();
    apply_edits(new.path());
    (old, new)
}

fn load(root: &Path) -> guihua::model::Workspace {
    let (ws, diags) = guihua::load::load(root).unwrap();
    assert!(!diags.has_errors(), "{:?}", common::locations(&ws, &diags));
    ws
}

fn diff_dirs(old: &Path, new: &Path) -> PlanDiff {
    let (o, n) = (load(old), load(new));
    diff_plans(o.plan(PLAN).unwrap(), n.plan(PLAN).unwrap())
}

fn engine() -> Engine {
    Engine::new(&TemplateSet::load(Path::new("/nonexistent-templates")).unwrap()).unwrap()
}

fn marked(segs: &[Segment], kind: SegKind) -> Vec<&str> {
    segs.iter()
        .filter(|s| s.kind == kind)
        .map(|s| s.text.as_str())
        .collect()
}

fn side_text(segs: &[Segment]) -> String {
    segs.iter().map(|s| s.text.as_str()).collect()
}

#[test]
fn lists_exactly_the_edits() {
    let (old, new) = versions();
    let d = diff_dirs(old.path(), new.path());
    let rows: Vec<(ChangeKind, Target, &str)> = d
        .entries
        .iter()
        .map(|e| (e.kind, e.target, e.location.as_str()))
        .collect();
    assert_eq!(
        rows,
        vec![
            (
                ChangeKind::Changed,
                Target::Paragraph,
                "二、（一）指导思想 第1段"
            ),
            (ChangeKind::Added, Target::Section, "二、（三）发展阶段"),
            // The sentence citing {{value-added.target}}: its source is the same, what the
            // reader sees changed from 350 to 360.
            (
                ChangeKind::Changed,
                Target::ListItem,
                "二、（四）发展目标 第2段第2项"
            ),
            (
                ChangeKind::Changed,
                Target::ColumnItem,
                "专栏1 平台型医疗服务重点项目·医学影像中心"
            ),
            (
                ChangeKind::Added,
                Target::ColumnItem,
                "专栏1 平台型医疗服务重点项目·远程医疗中心"
            ),
        ],
        "{:#?}",
        d.entries
    );
    assert_eq!(
        d.entries.iter().map(|e| e.seq).collect::<Vec<_>>(),
        vec![1, 2, 3, 4, 5]
    );
    let cited = &d.entries[2];
    assert!(side_text(&cited.old).contains("增加值超过350亿元"));
    assert!(side_text(&cited.new).contains("增加值超过360亿元"));

    // The indicator value, once, in the indicator table.
    assert_eq!(d.indicators.len(), 1, "{:#?}", d.indicators);
    let i = &d.indicators[0];
    assert_eq!(
        (
            i.id.as_str(),
            i.kind,
            i.old.as_str(),
            i.new.as_str(),
            i.unit.as_str()
        ),
        ("value-added", ChangeKind::Changed, "350", "360", "亿元")
    );
    assert_eq!(i.indicator, "生命健康产业增加值");
    assert!(i.field.starts_with("目标值"), "{}", i.field);

    // Renumbered siblings are shifts, not changes.
    assert_eq!(d.shifts.len(), 1, "{:#?}", d.shifts);
    assert_eq!(
        (d.shifts[0].old.as_str(), d.shifts[0].new.as_str()),
        ("二、（三）发展目标", "二、（四）发展目标")
    );
    assert_eq!(d.shifts[0].target, Target::Section);
    assert!(
        d.entries
            .iter()
            .filter(|e| e.location.contains("发展目标"))
            .all(|e| e.target == Target::ListItem && side_text(&e.new).contains("360亿元"))
    );

    assert_eq!(
        (
            d.summary.entries,
            d.summary.added,
            d.summary.changed,
            d.summary.removed,
            d.summary.moved
        ),
        (5, 2, 3, 0, 0)
    );
    assert_eq!(
        (
            d.summary.indicators_changed,
            d.summary.indicators_added,
            d.summary.indicators_removed,
            d.summary.shifts
        ),
        (1, 0, 0, 1)
    );
}

#[test]
fn char_diff_marks_exactly_the_changed_characters() {
    let (old, new) = versions();
    let d = diff_dirs(old.path(), new.path());
    let para = &d.entries[0];
    assert_eq!(marked(&para.old, SegKind::Delete), vec!["扎实"]);
    assert_eq!(marked(&para.new, SegKind::Insert), vec!["全力"]);
    assert!(
        marked(&para.old, SegKind::Insert).is_empty()
            && marked(&para.new, SegKind::Delete).is_empty()
    );
    let (o, n) = (side_text(&para.old), side_text(&para.new));
    assert!(
        o.contains("聚焦12个重点领域，扎实推进9项重点工作")
            && n.contains("聚焦12个重点领域，全力推进9项重点工作")
    );
    assert_eq!(o.replace("扎实推进", "全力推进"), n);
    assert_eq!(para.reason, None);

    let item = &d.entries[3];
    assert!(marked(&item.old, SegKind::Delete).is_empty());
    assert_eq!(marked(&item.new, SegKind::Insert), vec!["和体检机构"]);
    assert_eq!(item.reason.as_deref(), Some(REASON));

    let added = &d.entries[1];
    assert!(added.old.is_empty());
    assert!(added.new.iter().all(|s| s.kind == SegKind::Insert));
    assert_eq!(
        side_text(&added.new),
        "二、（三）发展阶段\n我市生命健康产业正处于加快集聚、提质增效的关键阶段。"
    );
}

#[test]
fn references_are_expanded_but_compared_as_written() {
    // A paragraph quoting {{value-added.target}} that is also reworded shows both values,
    // each on its own side, without marking the number as a prose change.
    let (old, new) = versions();
    let ch = new
        .path()
        .join("plans")
        .join(PLAN)
        .join("chapters/02-总体要求.yaml");
    edit(&ch, "新产业新业态不断涌现", "新产业新业态加快涌现");
    let d = diff_dirs(old.path(), new.path());
    let e = d
        .entries
        .iter()
        .find(|e| side_text(&e.new).contains("加快涌现"))
        .expect("reworded list item");
    assert_eq!(e.target, Target::ListItem);
    assert_eq!(marked(&e.old, SegKind::Delete), vec!["不断"]);
    assert_eq!(marked(&e.new, SegKind::Insert), vec!["加快"]);
    assert!(
        side_text(&e.old).contains("增加值超过350亿元"),
        "{}",
        side_text(&e.old)
    );
    assert!(
        side_text(&e.new).contains("增加值超过360亿元"),
        "{}",
        side_text(&e.new)
    );
    assert!(!side_text(&e.new).contains("{{"));
    assert_eq!(d.indicators.len(), 1);
}

#[test]
fn markdown_and_html_show_the_table() {
    let (old, new) = versions();
    let d = diff_dirs(old.path(), new.path()).with_labels("第1版", "第2版");
    let engine = engine();
    let md = render_md(&engine, &d).unwrap();
    for want in [
        "# 修订对照表",
        "秦皇岛市生命健康产业发展“十四五”规划",
        "第1版",
        "第2版",
        "| 序号 | 位置 | 原文 | 修改后 | 说明 |",
        "~~扎实~~推进",
        "**全力**推进",
        "**和体检机构**",
        REASON,
        "## 指标变化",
        "| 生命健康产业增加值 | 目标值（2025年） | 350 | 360 | 亿元 |",
        "## 编号变动",
        "二、（三）发展目标 → 二、（四）发展目标",
        "二、（三）发展阶段**<br>**我市",
    ] {
        assert!(md.contains(want), "missing {want:?} in\n{md}");
    }
    // One table row per entry.
    assert_eq!(
        md.lines()
            .filter(|l| l.starts_with("| ") && l.chars().nth(2).is_some_and(|c| c.is_ascii_digit()))
            .count(),
        5,
        "{md}"
    );

    let html = render_html(&engine, &d, &Default::default()).unwrap();
    let doc = scraper::Html::parse_document(&html);
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    assert_eq!(doc.select(&sel("table.revisions tbody tr")).count(), 5);
    let dels: Vec<String> = doc
        .select(&sel("table.revisions del"))
        .map(|e| e.text().collect())
        .collect();
    let ins: Vec<String> = doc
        .select(&sel("table.revisions ins"))
        .map(|e| e.text().collect())
        .collect();
    // 扎实 reworded; the cited figure 350 → 360, as a whole number.
    assert_eq!(dels, vec!["扎实", "350"]);
    assert!(
        ins.contains(&"全力".to_string()) && ins.contains(&"和体检机构".to_string()),
        "{ins:?}"
    );
    assert!(
        doc.select(&sel("td.reason"))
            .any(|e| e.text().collect::<String>() == REASON)
    );
    assert_eq!(doc.select(&sel("table.indicators tbody tr")).count(), 1);
    assert!(html.contains("<style>") && html.contains("landscape") && !html.contains("<link"));
}

#[test]
fn author_text_is_escaped() {
    let (old, new) = versions();
    let ch = new
        .path()
        .join("plans")
        .join(PLAN)
        .join("chapters/02-总体要求.yaml");
    edit(
        &ch,
        "全力推进9项重点工作",
        "全力推进<script>alert(1)</script>|~9~项重点工作",
    );
    let d = diff_dirs(old.path(), new.path());
    let engine = engine();
    let html = render_html(&engine, &d, &Default::default()).unwrap();
    assert!(!html.contains("<script>alert") && html.contains("&lt;script&gt;"));
    let md = render_md(&engine, &d).unwrap();
    assert!(!md.contains("<script>") && md.contains("\\|") && md.contains("\\~9\\~"));
}

#[test]
fn identical_versions_give_an_empty_diff() {
    let a = common::example_copy();
    let b = common::example_copy();
    let d = diff_dirs(a.path(), b.path());
    assert!(d.is_empty(), "{d:#?}");
    assert_eq!(d.summary, guihua::diff::Summary::default());
    let md = render_md(&engine(), &d).unwrap();
    assert!(md.contains("没有修改"), "{md}");
    // Every plan of the example against itself.
    let ws = load(a.path());
    for p in &ws.plans {
        assert!(diff_plans(p, p).is_empty(), "{}", p.id);
    }
}

#[test]
fn output_is_deterministic() {
    let (old, new) = versions();
    let a = diff_dirs(old.path(), new.path());
    let b = diff_dirs(old.path(), new.path());
    assert_eq!(a, b);
    let engine = engine();
    assert_eq!(
        render_md(&engine, &a).unwrap(),
        render_md(&engine, &b).unwrap()
    );
    assert_eq!(
        render_html(&engine, &a, &Default::default()).unwrap(),
        render_html(&engine, &b, &Default::default()).unwrap()
    );
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
}

#[test]
fn moves_removals_and_renamed_items() {
    let old = common::example_copy();
    let new = common::example_copy();
    let ch = new
        .path()
        .join("plans")
        .join(PLAN)
        .join("chapters/02-总体要求.yaml");
    let text = std::fs::read_to_string(&ch).unwrap();
    // Swap 指导思想 and 基本原则: one of them moved, the other renumbered.
    let start = text.find("  - id: guiding-ideology\n").unwrap();
    let mid = text.find("  - id: basic-principles\n").unwrap();
    let end = text.find("  - id: development-goals\n").unwrap();
    let swapped = format!(
        "{}{}{}{}",
        &text[..start],
        &text[mid..end],
        &text[start..mid],
        &text[end..]
    );
    std::fs::write(&ch, swapped).unwrap();
    // Remove the third 基本原则; rename a 专栏 item.
    let line = text
        .lines()
        .find(|l| l.contains("坚持创新驱动、融合发展"))
        .unwrap();
    edit(&ch, &format!("{line}\n"), "");
    edit(
        &new.path()
            .join("plans")
            .join(PLAN)
            .join("columns/platform-medical.yaml"),
        "  - name: 公共检测中心\n",
        "  - name: 公共检测中心（新）\n",
    );
    let d = diff_dirs(old.path(), new.path());
    let rows: Vec<(ChangeKind, Target, &str)> = d
        .entries
        .iter()
        .map(|e| (e.kind, e.target, e.location.as_str()))
        .collect();
    assert_eq!(
        rows,
        vec![
            (ChangeKind::Moved, Target::Section, "二、（一）基本原则"),
            // Removed: at its old place, with its old number.
            (
                ChangeKind::Removed,
                Target::ListItem,
                "二、（二）基本原则 第1段第3项"
            ),
            // Renamed, yet similar enough: one changed item, not a removal and an addition.
            (
                ChangeKind::Changed,
                Target::ColumnItem,
                "专栏1 平台型医疗服务重点项目·公共检测中心（新）"
            ),
        ],
        "{:#?}",
        d.entries
    );
    assert_eq!(
        d.entries[0].old_location.as_deref(),
        Some("二、（二）基本原则")
    );
    assert!(
        marked(&d.entries[1].old, SegKind::Delete)
            .concat()
            .contains("坚持创新驱动、融合发展。")
    );
    assert_eq!(marked(&d.entries[2].new, SegKind::Insert), vec!["（新）"]);
    let shifts: Vec<(&str, &str)> = d
        .shifts
        .iter()
        .map(|s| (s.old.as_str(), s.new.as_str()))
        .collect();
    assert_eq!(shifts, vec![("二、（一）指导思想", "二、（二）指导思想")]);
}

// ---- the command ----------------------------------------------------------------------------

fn guihua(args: &[&str], cwd: Option<&Path>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_guihua"));
    cmd.args(args).env("NO_COLOR", "1");
    if let Some(dir) = cwd {
        cmd.current_dir(dir);
    }
    cmd.output().expect("run guihua")
}

fn show(o: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// `guihua diff OLD NEW --plan PLAN --out OUT`.
fn diff_into(old: &Path, new: &Path, out: &Path) -> Output {
    guihua(
        &["diff", p(old), p(new), "--plan", PLAN, "--out", p(out)],
        None,
    )
}

#[test]
fn command_writes_the_files() {
    let (old, new) = versions();
    let out = tempfile::tempdir().unwrap();
    let o = diff_into(old.path(), new.path(), out.path());
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    let md = std::fs::read_to_string(out.path().join(format!("{PLAN}-diff.md"))).unwrap();
    assert!(md.contains("**全力**") && md.contains(REASON), "{md}");
    let html = std::fs::read_to_string(out.path().join(format!("{PLAN}-diff.html"))).unwrap();
    assert!(html.contains("<ins>全力</ins>"));
    let pdf = std::fs::read(out.path().join(format!("{PLAN}-diff.pdf"))).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains(&format!("{PLAN}-diff.md"))
            && stdout.contains(&format!("{PLAN}-diff.html")),
        "{stdout}"
    );

    // Same inputs, same bytes.
    let again = tempfile::tempdir().unwrap();
    let o = diff_into(old.path(), new.path(), again.path());
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    for ext in ["md", "html", "pdf"] {
        let name = format!("{PLAN}-diff.{ext}");
        assert_eq!(
            std::fs::read(out.path().join(&name)).unwrap(),
            std::fs::read(again.path().join(&name)).unwrap(),
            "{name}"
        );
    }
}

#[test]
fn command_accepts_plan_and_release_directories() {
    let (old, new) = versions();
    // A release directory: the workspace snapshot under source/.
    let release = tempfile::tempdir().unwrap();
    common::copy_tree(old.path(), &release.path().join("source"));
    let o = guihua(
        &[
            "diff",
            p(release.path()),
            p(&new.path().join("plans").join(PLAN)),
            "--format",
            "md",
            "--workspace",
            p(new.path()),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    // Default output: <workspace>/<out_dir>/diff/<plan>/.
    let md = new
        .path()
        .join("out/diff")
        .join(PLAN)
        .join(format!("{PLAN}-diff.md"));
    let text = std::fs::read_to_string(&md)
        .unwrap_or_else(|e| panic!("{}: {e}\n{}", md.display(), show(&o)));
    assert!(text.contains("~~扎实~~"));
    assert!(
        !new.path()
            .join("out/diff")
            .join(PLAN)
            .join(format!("{PLAN}-diff.html"))
            .exists()
    );
}

#[test]
fn command_refuses_bad_input() {
    let (old, new) = versions();
    // Only one side.
    let o = guihua(&["diff", p(old.path())], None);
    assert_eq!(o.status.code(), Some(2), "{}", show(&o));
    // Not a version.
    let empty = tempfile::tempdir().unwrap();
    let o = guihua(
        &["diff", p(empty.path()), p(new.path()), "--plan", PLAN],
        None,
    );
    assert_eq!(o.status.code(), Some(2), "{}", show(&o));
    // Several plans and no --plan.
    let o = guihua(&["diff", p(old.path()), p(new.path())], None);
    assert_eq!(o.status.code(), Some(2), "{}", show(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--plan"));
    // A load error in the plan compared.
    std::fs::write(
        new.path()
            .join("plans")
            .join(PLAN)
            .join("chapters/02-总体要求.yaml"),
        "title: [unclosed\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = diff_into(old.path(), new.path(), out.path());
    assert_eq!(o.status.code(), Some(1), "{}", show(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("L0"),
        "{}",
        show(&o)
    );
    assert!(
        std::fs::read_dir(out.path()).unwrap().next().is_none(),
        "nothing written"
    );
}

/// The tests make their repositories with the `git` binary (guihua itself reads them with
/// libgit2): without it they fail rather than pass having tested nothing.
fn require_git() {
    let found = Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found,
        "these tests need the git binary to create their repositories"
    );
}

fn git(repo: &Path, args: &[&str]) {
    let o = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args([
            "-c",
            "user.name=guihua",
            "-c",
            "user.email=guihua@example.org",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// The example as commit v1, the known edits as commit v2.
fn two_commits() -> tempfile::TempDir {
    require_git();
    let repo = common::example_copy();
    git(repo.path(), &["init", "-q"]);
    git(repo.path(), &["add", "-A"]);
    git(repo.path(), &["commit", "-q", "-m", "v1"]);
    apply_edits(repo.path());
    git(repo.path(), &["add", "-A"]);
    git(repo.path(), &["commit", "-q", "-m", "v2"]);
    repo
}

#[test]
fn command_compares_git_revisions() {
    let repo = two_commits();
    // An uncommitted edit must not show: the revisions are read from git, not the directory.
    edit(
        &repo
            .path()
            .join("plans")
            .join(PLAN)
            .join("chapters/02-总体要求.yaml"),
        "全力推进",
        "全速推进",
    );
    let out = tempfile::tempdir().unwrap();
    let o = guihua(
        &[
            "diff",
            "--rev",
            "HEAD~1..HEAD",
            "--workspace",
            p(repo.path()),
            "--plan",
            PLAN,
            "--format",
            "md,html",
            "--out",
            p(out.path()),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    let md = std::fs::read_to_string(out.path().join(format!("{PLAN}-diff.md"))).unwrap();
    assert!(md.contains("**全力**") && !md.contains("全速"), "{md}");
    assert!(
        md.contains("| 350 | 360 |") && md.contains("HEAD\\~1") && md.contains(REASON),
        "{md}"
    );
    assert!(md.contains("二、（三）发展目标 → 二、（四）发展目标"));

    let o = guihua(
        &[
            "diff",
            "--rev",
            "no-such-rev..HEAD",
            "--workspace",
            p(repo.path()),
            "--plan",
            PLAN,
            "--out",
            p(out.path()),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(2), "{}", show(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("git 版本 `no-such-rev` 不存在（仓库 "),
        "{}",
        show(&o)
    );
}

/// Revisions are read from the repository by the library: no git or tar binary is run (the
/// command finds none on an empty PATH), and `A..` means `A..HEAD`.
#[test]
fn git_revisions_need_no_binaries() {
    let repo = two_commits();
    let out = tempfile::tempdir().unwrap();
    let empty = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_guihua"))
        .args([
            "diff", "--rev", "HEAD~1..", "--plan", PLAN, "--format", "md",
        ])
        .args(["--out", p(out.path())])
        .current_dir(repo.path().join("plans"))
        .env("PATH", empty.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    let md = std::fs::read_to_string(out.path().join(format!("{PLAN}-diff.md"))).unwrap();
    assert!(
        md.contains("**全力**") && md.contains("| 350 | 360 |"),
        "{md}"
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("修订对照表："), "{stderr}");
}

/// A workspace in a subdirectory of the repository: its guihua.yaml and plans are read from
/// that subdirectory of each commit.
#[test]
fn git_revisions_of_a_workspace_inside_a_larger_repository() {
    require_git();
    let repo = tempfile::tempdir().unwrap();
    let ws = repo.path().join("规划").join("ws");
    common::copy_tree(&common::repo().join("plans"), &ws.join("plans"));
    git(repo.path(), &["init", "-q"]);
    git(repo.path(), &["add", "-A"]);
    git(repo.path(), &["commit", "-q", "-m", "v1"]);
    apply_edits(&ws);
    git(repo.path(), &["add", "-A"]);
    git(repo.path(), &["commit", "-q", "-m", "v2"]);
    let o = guihua(
        &[
            "diff",
            "--rev",
            "HEAD~1..HEAD",
            "--plan",
            PLAN,
            "--format",
            "md",
        ],
        Some(&ws),
    );
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    let md = std::fs::read_to_string(
        ws.join("out/diff")
            .join(PLAN)
            .join(format!("{PLAN}-diff.md")),
    )
    .unwrap();
    assert!(
        md.contains("**全力**") && md.contains("| 350 | 360 |"),
        "{md}"
    );
}

#[test]
fn git_revision_outside_a_repository_names_the_directory() {
    let ws = common::example_copy();
    let o = guihua(
        &["diff", "--rev", "v1..v2", "--workspace", p(ws.path())],
        None,
    );
    assert_eq!(o.status.code(), Some(2), "{}", show(&o));
    let root = ws.path().canonicalize().unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains(&format!("git 版本 `v1` 不存在（仓库 {}）", root.display()))
            && stderr.contains("不在 git 仓库中"),
        "{stderr}"
    );
}
