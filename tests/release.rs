//! `guihua release` end to end: v1 of the example plan, edits, v2 with a 修订对照表 that lists
//! exactly those edits; refusals leave nothing behind; a killed release leaves no release
//! directory; the same sources released twice are byte-identical.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn guihua(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_guihua"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("GUIHUA_FAILPOINT")
        .output()
        .unwrap()
}

/// `guihua release qinhuangdao-2021 --stage 征求意见稿 --date <date> <extra…>` in `dir`.
fn release(dir: &Path, date: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "release",
        "qinhuangdao-2021",
        "--stage",
        "征求意见稿",
        "--date",
        date,
    ];
    args.extend_from_slice(extra);
    guihua(&args, dir)
}

fn release_dirs(ws: &Path) -> Vec<String> {
    let dir = ws.join("out/releases/qinhuangdao-2021");
    let mut v: Vec<String> = fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    v.sort();
    v
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(
        text.contains(from),
        "{} does not contain {from:?}",
        path.display()
    );
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn release_v1_edit_release_v2_with_revision_table() {
    let ws = common::example_copy();
    let root = ws.path();
    let out = release(root, "2021-09-15", &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(release_dirs(root), ["2021-09-15-征求意见稿-v1"]);
    let v1 = root.join("out/releases/qinhuangdao-2021/2021-09-15-征求意见稿-v1");
    for f in [
        "qinhuangdao-2021.md",
        "qinhuangdao-2021.html",
        "qinhuangdao-2021.pdf",
        "notice.md",
        "notice.html",
        "notice.pdf",
        "feedback-form.md",
        "feedback-form.html",
        "feedback-form.pdf",
        "manifest.json",
        "source/plans/qinhuangdao-2021/plan.yaml",
    ] {
        assert!(v1.join(f).is_file(), "{f} missing from the release");
    }
    assert!(
        !v1.join("revision-table.md").exists(),
        "v1 has no previous release to compare with"
    );
    let notice = fs::read_to_string(v1.join("notice.md")).unwrap();
    assert!(
        // GB/T 9704: the dates of an official document in Arabic numerals.
        notice.contains("2021年9月15日至2021年10月15日") && notice.contains("（共31日）"),
        "{notice}"
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(v1.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["release"]["version"], 1);
    assert_eq!(manifest["checks"]["errors"], 0);
    assert_eq!(
        manifest["source"]["tree_sha256"].as_str().unwrap().len(),
        64
    );
    let listed: Vec<&str> = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(listed.contains(&"qinhuangdao-2021.pdf") && listed.contains(&"notice.pdf"));
    for f in manifest["files"].as_array().unwrap() {
        let bytes = fs::read(v1.join(f["path"].as_str().unwrap())).unwrap();
        assert_eq!(f["bytes"].as_u64().unwrap() as usize, bytes.len());
    }

    // The edits: a target in Table 1, a new section before an existing one, a 专栏 item,
    // a reworded paragraph (with a reason).
    let plan = root.join("plans/qinhuangdao-2021");
    edit(
        &plan.join("indicators/main.yaml"),
        "target: 350",
        "target: 360",
    );
    let chapter = plan.join("chapters/06-保障措施.yaml");
    let text = fs::read_to_string(&chapter).unwrap();
    let first = text.find("  - id:").expect("a section");
    let inserted = format!(
        "{}  - id: digital-governance\n    title: 推进数字治理\n    body:\n      - 建设生命健康产业运行监测平台，按季度发布产业运行分析。\n{}",
        &text[..first],
        &text[first..]
    );
    fs::write(&chapter, inserted).unwrap();
    let column = plan.join("columns/platform-medical.yaml");
    let mut c = fs::read_to_string(&column).unwrap();
    c.push_str("  - name: 远程会诊中心\n    text: 建设覆盖全市的远程会诊网络。\n    reason: 采纳市卫生健康委意见\n");
    fs::write(&column, c).unwrap();
    edit(
        &plan.join("chapters/01-规划背景.yaml"),
        "我市生命健康产业也进入谋求长足发展的关键五年",
        "我市生命健康产业也进入加快发展的关键五年",
    );

    // v2 goes out for comment again, for its own period.
    common::consult_again(&plan.join("plan.yaml"));
    let out = release(root, "2021-10-20", &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v2 = root.join("out/releases/qinhuangdao-2021/2021-10-20-征求意见稿-v2");
    assert!(v2.join("revision-table.pdf").is_file());
    let table = fs::read_to_string(v2.join("revision-table.md")).unwrap();
    assert!(
        table.contains("推进数字治理"),
        "inserted section listed:\n{table}"
    );
    assert!(
        table.contains("远程会诊中心") && table.contains("采纳市卫生健康委意见"),
        "added item and its reason:\n{table}"
    );
    assert!(
        table.contains("350") && table.contains("360"),
        "changed target:\n{table}"
    );
    assert!(
        table.contains("~~谋求长足~~") && table.contains("**加快**"),
        "reworded paragraph, by characters:\n{table}"
    );
    // Exactly the four edits: three rows and one indicator change, plus the sentence that
    // cites the changed target (its source is the same, its text reads 360 now); the insertion
    // shifts the six later sections of chapter 六, which are listed as shifts, not rewrites.
    assert!(
        table.contains("共4处修改（新增2、删除0、修改2、移动0），指标变化1项，编号变动6处"),
        "{table}"
    );
    assert!(table.contains("增加值超过~~350~~亿元") && table.contains("增加值超过**360**亿元"));
    assert!(
        table.contains("六、（一）加强组织领导 → 六、（二）加强组织领导"),
        "{table}"
    );
    let d: serde_json::Value =
        serde_json::from_slice(&fs::read(v2.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(d["release"]["previous"], "2021-09-15-征求意见稿-v1");
}

#[test]
fn a_release_with_errors_is_refused_and_leaves_nothing() {
    let ws = common::example_copy();
    edit(
        &ws.path()
            .join("plans/qinhuangdao-2021/indicators/main.yaml"),
        "target: 350",
        "target: \"##\"",
    );
    let out = release(ws.path(), "2021-09-15", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("L014"));
    assert!(release_dirs(ws.path()).is_empty());
    let releases = ws.path().join("out/releases/qinhuangdao-2021");
    assert!(
        !releases.exists() || fs::read_dir(&releases).unwrap().next().is_none(),
        "nothing written"
    );
}

#[test]
fn warnings_refuse_unless_allowed_and_versions_are_never_overwritten() {
    let ws = common::example_copy();
    // A consultation of 16 days is a warning (R001).
    edit(
        &ws.path().join("plans/qinhuangdao-2021/plan.yaml"),
        "end: 2021-10-15",
        "end: 2021-09-30",
    );
    let out = release(ws.path(), "2021-09-15", &[]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("R001"));
    let out = release(ws.path(), "2021-09-15", &["--allow-warnings"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let again = release(
        ws.path(),
        "2021-09-15",
        &["--allow-warnings", "--version", "1"],
    );
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("v1 已存在"));
}

fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut v: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn same_sources_released_twice_are_byte_identical() {
    let ws = common::example_copy();
    let a = ws.path().join("a");
    let b = ws.path().join("b");
    for out in [&a, &b] {
        let o = release(ws.path(), "2021-09-15", &["--out", out.to_str().unwrap()]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let (ta, tb) = (tree(&a), tree(&b));
    assert!(ta.len() > 10);
    assert_eq!(ta.len(), tb.len());
    for ((pa, ba), (pb, bb)) in ta.iter().zip(&tb) {
        assert_eq!(pa, pb);
        assert!(
            ba == bb,
            "{} differs between two releases of the same sources",
            pa.display()
        );
    }
}

#[test]
fn a_killed_release_leaves_no_release_directory() {
    let ws = common::example_copy();
    let mut child = Command::new(env!("CARGO_BIN_EXE_guihua"))
        .args([
            "release",
            "qinhuangdao-2021",
            "--stage",
            "征求意见稿",
            "--date",
            "2021-09-15",
        ])
        .current_dir(ws.path())
        .env("GUIHUA_FAILPOINT", "release-before-rename")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until everything is staged (the manifest is written last), then kill -9.
    let releases = ws.path().join("out/releases/qinhuangdao-2021");
    let staged = || {
        fs::read_dir(&releases)
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .any(|e| {
                e.file_name().to_string_lossy().starts_with(".staging-")
                    && e.path().join("manifest.json").is_file()
            })
    };
    let start = std::time::Instant::now();
    while !staged() {
        assert!(
            start.elapsed().as_secs() < 120,
            "release never reached the failpoint"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert!(
        release_dirs(ws.path()).is_empty(),
        "a killed release must leave no release directory"
    );
    // The next release cleans up the staging leftovers and succeeds.
    let out = release(ws.path(), "2021-09-15", &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(release_dirs(ws.path()), ["2021-09-15-征求意见稿-v1"]);
    let leftovers = fs::read_dir(&releases)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".staging-"))
        .count();
    assert_eq!(leftovers, 0);
}

/// The small base workspace of the rule fixtures: one plan `p`, a 征求意见稿.
fn small_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(
        &common::repo().join("tests/fixtures/rules/_base"),
        dir.path(),
    );
    dir
}

fn release_p(dir: &Path, date: &str, extra: &[&str]) -> Output {
    let mut args = vec!["release", "p", "--stage", "征求意见稿", "--date", date];
    args.extend_from_slice(extra);
    guihua(&args, dir)
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// 20 releases of one plan at once: they take turns on the plan's lock, each takes its own
/// version, and every version directory is complete and verifies against its manifest.
#[test]
fn concurrent_releases_of_one_plan_take_turns() {
    let ws = small_workspace();
    let children: Vec<std::process::Child> = (0..20)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_guihua"))
                .args([
                    "release",
                    "p",
                    "--stage",
                    "征求意见稿",
                    "--date",
                    "2021-09-15",
                ])
                .arg("--allow-warnings")
                .current_dir(ws.path())
                .env("NO_COLOR", "1")
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let releases = ws.path().join("out/releases/p");
    let mut names: Vec<String> = fs::read_dir(&releases)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort_by_key(|n| n.rsplit_once("-v").unwrap().1.parse::<u32>().unwrap());
    let want: Vec<String> = (1..=20)
        .map(|v| format!("2021-09-15-征求意见稿-v{v}"))
        .collect();
    assert_eq!(names, want);
    for name in &names {
        let dir = releases.join(name);
        let manifest: serde_json::Value =
            serde_json::from_slice(&fs::read(dir.join("manifest.json")).unwrap()).unwrap();
        let files = manifest["files"].as_array().unwrap();
        assert!(files.len() > 5, "{name}");
        for f in files {
            let bytes = fs::read(dir.join(f["path"].as_str().unwrap())).unwrap();
            assert_eq!(f["sha256"].as_str().unwrap(), sha256(&bytes), "{name}/{f}");
        }
    }
}

/// A version directory without its manifest is named, with how to remove it, and nothing
/// is released past it.
#[test]
fn a_broken_version_directory_is_named() {
    let ws = small_workspace();
    let broken = ws.path().join("out/releases/p/2021-09-15-征求意见稿-v1");
    fs::create_dir_all(broken.join("source")).unwrap();
    let out = release_p(ws.path(), "2021-09-15", &[]);
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("2021-09-15-征求意见稿-v1")
            && said.contains("没有 manifest.json")
            && said.contains("rm -r"),
        "{said}"
    );
    assert!(
        !ws.path()
            .join("out/releases/p/2021-09-15-征求意见稿-v2")
            .exists()
    );
}

/// The same sources released again: refused unless the editor insists, then released with
/// a warning.
#[test]
fn an_unchanged_rerelease_is_not_silent() {
    let ws = small_workspace();
    assert!(release_p(ws.path(), "2021-09-15", &[]).status.success());
    let again = release_p(ws.path(), "2021-09-16", &[]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&again.stderr)
            .contains("源文件与上一版本 2021-09-15-征求意见稿-v1 完全相同")
    );
    let forced = release_p(ws.path(), "2021-09-16", &["--allow-warnings"]);
    assert!(forced.status.success());
    assert!(String::from_utf8_lossy(&forced.stderr).contains("警告：源文件与上一版本"));
}

/// A 征求意见稿 whose consultation is over by the release date is refused, at the date.
#[test]
fn a_consultation_already_over_is_refused() {
    let ws = small_workspace();
    let out = release_p(ws.path(), "2021-10-16", &[]);
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("plans/p/plan.yaml:14:") && said.contains("征求意见截止日期"),
        "{said}"
    );
    assert!(!ws.path().join("out/releases/p").exists() || release_count(ws.path()) == 0);
}

fn release_count(ws: &Path) -> usize {
    fs::read_dir(ws.join("out/releases/p"))
        .unwrap()
        .filter(|e| {
            !e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with('.')
        })
        .count()
}

/// An error in another plan of the workspace neither blocks the release nor goes into its
/// snapshot; the snapshot holds the plan and guihua.yaml.
#[test]
fn a_release_is_about_its_plan_and_parents_only() {
    let ws = small_workspace();
    common::copy_tree(&ws.path().join("plans/p"), &ws.path().join("plans/other"));
    fs::write(ws.path().join("guihua.yaml"), "out_dir: out\n").unwrap();
    let main = ws.path().join("plans/other/indicators/main.yaml");
    let text = fs::read_to_string(&main).unwrap();
    fs::write(&main, text.replace("target: 350", "target: \"##\"")).unwrap();
    let out = release_p(ws.path(), "2021-09-15", &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let source = ws
        .path()
        .join("out/releases/p/2021-09-15-征求意见稿-v1/source");
    assert!(source.join("plans/p/plan.yaml").is_file());
    assert!(source.join("guihua.yaml").is_file());
    assert!(!source.join("plans/other").exists());
}

/// Every document a release writes for people to read passes guihua's own text rules
/// (T001–T012), read back as a draft: the notice, the comment form, the 修订对照表 and the
/// 意见采纳情况表. A tool that flags stray spaces must not print them.
#[test]
fn generated_documents_pass_the_text_rules() {
    let ws = common::example_copy();
    let root = ws.path();
    assert!(release(root, "2021-09-15", &[]).status.success());
    let plan = root.join("plans/qinhuangdao-2021");
    edit(
        &plan.join("chapters/04-产业体系.yaml"),
        "举全市之力建设国家区域医疗中心",
        "举全市之力高标准建设国家区域医疗中心",
    );
    common::consult_again(&plan.join("plan.yaml"));
    fs::create_dir_all(plan.join("feedback")).unwrap();
    fs::write(
        plan.join("feedback/v1.yaml"),
        "release: 2021-09-15-征求意见稿-v1\ncomments:\n  - id: c001\n    from: 秦皇岛市卫生健康委员会\n    anchor: {section: medical-services, quote: 举全市之力建设国家区域医疗中心}\n    comment: 建议写明建设标准。\n    disposition: 采纳\n    answer: 已补充“高标准”。\n",
    )
    .unwrap();
    let out = release(root, "2021-10-20", &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = guihua(&["feedback", "report", "--plan", "qinhuangdao-2021"], root);
    assert!(
        report.status.success(),
        "{}",
        String::from_utf8_lossy(&report.stderr)
    );
    let v2 = root.join("out/releases/qinhuangdao-2021/2021-10-20-征求意见稿-v2");
    let documents = [
        v2.join("notice.md"),
        v2.join("feedback-form.md"),
        v2.join("revision-table.md"),
        root.join("out/feedback/qinhuangdao-2021/adoption-report.md"),
    ];
    for doc in documents {
        let (sources, diags) = guihua::import::check_draft(&doc).unwrap();
        let text_rules: Vec<String> = diags
            .iter()
            .filter(|d| d.code.starts_with('T'))
            .map(|d| {
                let f = sources.get(d.span.file);
                let (line, col) = f.line_col(d.span.start as usize);
                format!("{} {line}:{col} {}", d.code, d.message)
            })
            .collect();
        assert!(
            text_rules.is_empty(),
            "{}:\n{}",
            doc.display(),
            text_rules.join("\n")
        );
    }
}
