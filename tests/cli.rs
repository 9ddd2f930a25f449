//! The `guihua` binary end to end: exit codes (0 clean, 1 errors, 2 usage or I/O), output
//! formats, `new`, `list`, `schema`, and finding the workspace root from a subdirectory.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn guihua(args: &[&str], cwd: Option<&Path>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_guihua"));
    cmd.args(args)
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE");
    if let Some(dir) = cwd {
        cmd.current_dir(dir);
    }
    cmd.output().expect("run guihua")
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited with a code, not a signal")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

fn show(o: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
        o.status.code(),
        stdout(o),
        stderr(o)
    )
}

/// The summary line of human `check` output reports no error (warnings and notes may remain).
fn no_errors(out: &str) -> bool {
    out.lines()
        .any(|l| l.starts_with("检查了 ") && (l.contains("未发现问题") || l.contains("：0 个错误")))
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// The example workspace with a guihua.yaml at its root.
fn example_with_config() -> tempfile::TempDir {
    let ws = common::example_copy();
    if !ws.path().join("guihua.yaml").exists() {
        std::fs::write(
            ws.path().join("guihua.yaml"),
            "plans_dir: plans\nout_dir: out\n",
        )
        .unwrap();
    }
    ws
}

/// The example with three problems in qinhuangdao-2021.
fn broken_example() -> tempfile::TempDir {
    let ws = example_with_config();
    let plan = ws.path().join("plans/qinhuangdao-2021/plan.yaml");
    let text = std::fs::read_to_string(&plan).unwrap();
    let text = text
        .replace("stage: 征求意见稿", "stage: 征求稿")
        .replace("issuer:", "isuer:");
    std::fs::write(&plan, text).unwrap();
    let ind = ws
        .path()
        .join("plans/qinhuangdao-2021/indicators/main.yaml");
    let text = std::fs::read_to_string(&ind)
        .unwrap()
        .replacen("target: 350", "target: \"##\"", 1);
    std::fs::write(&ind, text).unwrap();
    ws
}

#[test]
fn check_clean_example_exits_0() {
    let ws = example_with_config();
    let o = guihua(&["check", p(ws.path())], None);
    assert_eq!(code(&o), 0, "{}", show(&o));
    let out = stdout(&o);
    assert!(
        !out.contains("错误[") && !out.contains("error["),
        "{}",
        show(&o)
    );
    assert!(out.contains("检查了 3 个规划"), "{}", show(&o));
    assert!(no_errors(&out), "{}", show(&o));
    assert!(!stderr(&o).contains("错误"), "{}", show(&o));

    let o = guihua(&["check", p(ws.path()), "--format", "json"], None);
    assert_eq!(code(&o), 0, "{}", show(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    // The content checks leave warnings and notes on the seed's wording, never an error.
    let errors: Vec<&Value> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(v["summary"]["errors"], 0);
}

#[test]
fn check_broken_workspace_exits_1_with_json_diagnostics() {
    let ws = broken_example();
    let o = guihua(&["check", p(ws.path()), "--format", "json"], None);
    assert_eq!(code(&o), 1, "{}", show(&o));
    let v: Value =
        serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{e}\n{}", show(&o)));
    let diags = v["diagnostics"].as_array().expect("diagnostics array");
    assert!(!diags.is_empty());
    for d in diags {
        assert!(d["code"].as_str().is_some_and(|c| c.len() == 4), "{d}");
        assert!(
            d["file"]
                .as_str()
                .is_some_and(|f| f.ends_with(".yaml") && !f.contains('\\')),
            "{d}"
        );
        assert!(d["line"].as_u64().is_some_and(|l| l >= 1), "{d}");
        assert!(d["column"].as_u64().is_some_and(|c| c >= 1), "{d}");
        assert!(d["severity"].as_str().is_some(), "{d}");
        assert!(d["message"].as_str().is_some_and(|m| !m.is_empty()), "{d}");
    }
    let found: Vec<String> = diags
        .iter()
        .map(|d| {
            format!(
                "{} {}:{}:{}",
                d["code"].as_str().unwrap(),
                d["file"].as_str().unwrap(),
                d["line"],
                d["column"]
            )
        })
        .collect();
    let expect = |s: &str| assert!(found.iter().any(|f| f == s), "missing {s} in {found:#?}");
    expect("L006 plans/qinhuangdao-2021/plan.yaml:2:1"); // issuer missing: reported at the map
    expect("L004 plans/qinhuangdao-2021/plan.yaml:6:1"); // isuer
    expect("L009 plans/qinhuangdao-2021/plan.yaml:5:8"); // 征求稿
    assert!(
        found
            .iter()
            .any(|f| f.starts_with("L014 plans/qinhuangdao-2021/indicators/main.yaml:")),
        "{found:#?}"
    );
    let summary = &v["summary"];
    let errors = diags.iter().filter(|d| d["severity"] == "error").count() as u64;
    assert_eq!(summary["errors"].as_u64(), Some(errors), "{summary}");
    assert!(
        summary["warnings"].is_u64() && summary["infos"].is_u64(),
        "{summary}"
    );

    // Human output: same exit code, rustc-style locations.
    let o = guihua(&["check", p(ws.path()), "--color", "never"], None);
    assert_eq!(code(&o), 1, "{}", show(&o));
    assert!(
        stdout(&o).contains("plans/qinhuangdao-2021/plan.yaml:6:1"),
        "{}",
        show(&o)
    );
    assert!(stdout(&o).contains("L004"), "{}", show(&o));
}

#[test]
fn nonexistent_path_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-workspace");
    let o = guihua(&["check", p(&missing)], None);
    assert_eq!(code(&o), 2, "{}", show(&o));
    assert!(!stderr(&o).is_empty());
    let o = guihua(&["list", p(&missing)], None);
    assert_eq!(code(&o), 2, "{}", show(&o));
    // A folder without plans is not a clean workspace: a CI job pointed at it must fail.
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(empty.join("plans")).unwrap();
    let o = guihua(&["check", p(&empty)], None);
    assert_eq!(code(&o), 2, "{}", show(&o));
    assert!(stderr(&o).contains("没有任何规划"), "{}", show(&o));
}

#[test]
fn unknown_flag_exits_2() {
    let ws = example_with_config();
    for args in [
        vec!["check", p(ws.path()), "--frobnicate"],
        vec!["check", p(ws.path()), "--format", "xml"],
        vec!["frobnicate"],
        vec![],
    ] {
        let o = guihua(&args, None);
        assert_eq!(code(&o), 2, "{args:?}\n{}", show(&o));
    }
    assert_eq!(code(&guihua(&["--help"], None)), 0);
    assert_eq!(code(&guihua(&["--version"], None)), 0);
}

#[test]
fn new_creates_a_plan_that_checks_clean_and_never_overwrites() {
    let ws = tempfile::tempdir().unwrap();
    let args = [
        "new",
        "demo-2024",
        "--region",
        "秦皇岛市",
        "--period",
        "2024-2027",
        "--workspace",
        p(ws.path()),
    ];
    let o = guihua(&args, None);
    assert_eq!(code(&o), 0, "{}", show(&o));
    let dir = ws.path().join("plans/demo-2024");
    assert!(dir.join("plan.yaml").is_file());
    let chapters: Vec<_> = std::fs::read_dir(dir.join("chapters")).unwrap().collect();
    assert!(!chapters.is_empty());
    // An example of a 专栏 and of an indicator table, placed; out/ kept out of git.
    assert!(dir.join("columns/key-projects.yaml").is_file());
    assert!(dir.join("indicators/main.yaml").is_file());
    let (w, _) = guihua::load::load(ws.path()).unwrap();
    let plan = w.plan("demo-2024").unwrap();
    assert_eq!(plan.columns[0].number, guihua::model::Placement::At(1));
    assert_eq!(plan.tables[0].number, guihua::model::Placement::At(1));
    let ignore = std::fs::read_to_string(ws.path().join(".gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "out/"), "{ignore}");
    for kind in guihua::schema::KINDS {
        assert!(
            ws.path()
                .join(format!("schemas/{kind}.schema.json"))
                .is_file(),
            "{kind}"
        );
    }

    let o = guihua(&["check", p(ws.path())], None);
    assert_eq!(code(&o), 0, "{}", show(&o));
    assert!(no_errors(&stdout(&o)), "{}", show(&o));

    let before = std::fs::read(dir.join("plan.yaml")).unwrap();
    std::fs::write(
        dir.join("plan.yaml"),
        [before.as_slice(), b"# edited by hand\n"].concat(),
    )
    .unwrap();
    let edited = std::fs::read(dir.join("plan.yaml")).unwrap();
    let o = guihua(&args, None);
    assert_eq!(code(&o), 2, "{}", show(&o));
    assert_eq!(
        std::fs::read(dir.join("plan.yaml")).unwrap(),
        edited,
        "plan.yaml was overwritten"
    );
    // A second plan leaves the .gitignore as it is.
    let second = [
        "new",
        "demo-2025",
        "--region",
        "秦皇岛市",
        "--period",
        "2025-2027",
        "--workspace",
        p(ws.path()),
    ];
    assert_eq!(code(&guihua(&second, None)), 0);
    assert_eq!(
        std::fs::read_to_string(ws.path().join(".gitignore")).unwrap(),
        ignore
    );
}

#[test]
fn new_treats_hostile_text_as_data() {
    // Quotes, a newline, `: `, `{{`, a comment mark, anchors, an alias, a tag and flow
    // brackets in the region name, which also goes into the default title and issuer.
    // ASCII around the ASCII punctuation, so that the half-width punctuation rule (T006)
    // has nothing to say and `check` must be clean.
    let region = "Evil\"Town\nA: B {{plan.title}} #x 'C' &a *a !!str [x] {y}";
    let ws = tempfile::tempdir().unwrap();
    let o = guihua(
        &[
            "new",
            "hostile",
            &format!("--region={region}"),
            "--period=2024-2027",
            "--workspace",
            p(ws.path()),
        ],
        None,
    );
    assert_eq!(code(&o), 0, "{}", show(&o));
    let o = guihua(&["check", p(ws.path())], None);
    assert_eq!(code(&o), 0, "{}", show(&o));
    assert!(no_errors(&stdout(&o)), "{}", show(&o));
    let (loaded, diags) = guihua::check_workspace(ws.path()).unwrap();
    assert!(diags.is_empty(), "{:?}", common::locations(&loaded, &diags));
    let plan = loaded.plan("hostile").unwrap();
    assert_eq!(plan.region_name(), region);
    assert_eq!(plan.title.value, format!("{region}发展规划（2024—2027年）"));
    assert_eq!(
        plan.issuer.as_ref().unwrap().value,
        format!("{region}发展和改革委员会")
    );
}

#[test]
fn new_treats_hostile_chinese_text_as_data() {
    // The same characters inside Chinese text. The YAML still loads without a single loader
    // diagnostic and every value comes back verbatim; only the content rules may object to
    // the half-width punctuation, which is what the author typed.
    let region = "秦\"皇\n岛: {{plan.title}} #注 '市' &a *a";
    let title = "标题: [a, b] {{va.target}} \"引号\"\n第二行";
    let issuer = "- 发改委: &a *a !!str";
    let ws = tempfile::tempdir().unwrap();
    let o = guihua(
        &[
            "new",
            "hostile",
            &format!("--region={region}"),
            "--period=2024-2027",
            &format!("--title={title}"),
            &format!("--issuer={issuer}"),
            &format!("--workspace={}", p(ws.path())),
        ],
        None,
    );
    assert_eq!(code(&o), 0, "{}", show(&o));
    let (loaded, diags) = guihua::load::load(ws.path()).unwrap();
    assert!(diags.is_empty(), "{:?}", common::locations(&loaded, &diags));
    let plan = loaded.plan("hostile").unwrap();
    assert_eq!(plan.region_name(), region);
    assert_eq!(plan.title.value, title);
    assert_eq!(plan.issuer.as_ref().unwrap().value, issuer);
    let (_, diags) = guihua::check_workspace(ws.path()).unwrap();
    let loader_codes: Vec<&str> = diags
        .iter()
        .map(|d| d.code)
        .filter(|c| c.starts_with('L'))
        .collect();
    assert!(loader_codes.is_empty(), "{loader_codes:?}");
}

#[test]
fn new_rejects_bad_arguments_with_2() {
    let ws = tempfile::tempdir().unwrap();
    for args in [
        vec![
            "new",
            "bad id",
            "--region",
            "秦皇岛市",
            "--period",
            "2024-2027",
        ],
        vec!["new", "ok", "--region", "秦皇岛市", "--period", "2027-2024"],
        vec!["new", "ok", "--region", "  ", "--period", "2024-2027"],
        vec![
            "new",
            "ok",
            "--region",
            "秦皇岛市",
            "--period",
            "2024-2027",
            "--level",
            "村级",
        ],
        vec!["new", "ok", "--period", "2024-2027"],
    ] {
        let mut args = args.clone();
        args.extend(["--workspace", p(ws.path())]);
        let o = guihua(&args, None);
        assert_eq!(code(&o), 2, "{args:?}\n{}", show(&o));
    }
    assert!(
        !ws.path().join("plans").exists(),
        "a rejected `new` wrote files"
    );
}

#[test]
fn list_prints_every_plan_with_counts() {
    let ws = example_with_config();
    let o = guihua(&["list", p(ws.path())], None);
    assert_eq!(code(&o), 0, "{}", show(&o));
    let out = stdout(&o);
    let line = |id: &str| {
        out.lines()
            .find(|l| l.starts_with(&format!("{id}\t")))
            .unwrap_or_else(|| panic!("{id} missing:\n{out}"))
    };
    let q = line("qinhuangdao-2021");
    for part in [
        "秦皇岛市生命健康产业发展“十四五”规划",
        "征求意见稿",
        "6 章",
        "22 个专栏",
        "1 张表 18 项指标",
    ] {
        assert!(q.contains(part), "{part} not in {q}");
    }
    line("beidaihe-2016");
    line("hebei-2023");
    assert_eq!(out.lines().count(), 3, "{out}");

    let o = guihua(&["list", p(ws.path()), "--format", "json"], None);
    assert_eq!(code(&o), 0, "{}", show(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let plans = v.as_array().unwrap();
    let ids: Vec<&str> = plans.iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["beidaihe-2016", "hebei-2023", "qinhuangdao-2021"]);
    let q = &plans[2];
    assert_eq!(q["chapters"], 6);
    assert_eq!(q["columns"], 22);
    assert_eq!(q["tables"], 1);
    assert_eq!(q["indicators"], 18);
    assert_eq!(
        q["period"],
        serde_json::json!({ "start": 2021, "end": 2025 })
    );
    assert_eq!(q["region"], "秦皇岛市");
    assert_eq!(q["stage"], "征求意见稿");
}

#[test]
fn schema_prints_json_and_rejects_unknown_kinds() {
    for kind in guihua::schema::KINDS {
        let o = guihua(&["schema", kind], None);
        assert_eq!(code(&o), 0, "{}", show(&o));
        let v: Value = serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{kind}: {e}"));
        assert_eq!(v["type"], "object");
        assert_eq!(stdout(&o), guihua::schema::schema_text(kind).unwrap());
    }
    let o = guihua(&["schema", "nope"], None);
    assert_eq!(code(&o), 2, "{}", show(&o));
    assert!(stdout(&o).is_empty());
    assert_eq!(code(&guihua(&["schema"], None)), 2);

    let dir = tempfile::tempdir().unwrap();
    let o = guihua(&["schema", "--out", p(&dir.path().join("s"))], None);
    assert_eq!(code(&o), 0, "{}", show(&o));
    for kind in guihua::schema::KINDS {
        let written =
            std::fs::read_to_string(dir.path().join(format!("s/{kind}.schema.json"))).unwrap();
        assert_eq!(written, guihua::schema::schema_text(kind).unwrap());
    }
}

#[test]
fn check_finds_the_workspace_root_from_a_subdirectory() {
    let ws = example_with_config();
    let sub = ws.path().join("plans/qinhuangdao-2021");
    // (how, args, working directory): every way of pointing into the workspace from below.
    let sub_abs = p(&sub).to_string();
    let ways: Vec<(&str, Vec<&str>, std::path::PathBuf)> = vec![
        (
            "no PATH, cwd = plans/qinhuangdao-2021",
            vec!["check"],
            sub.clone(),
        ),
        (
            "PATH = ., cwd = plans/qinhuangdao-2021/chapters",
            vec!["check", "."],
            sub.join("chapters"),
        ),
        (
            "PATH = .., cwd = plans/qinhuangdao-2021/chapters",
            vec!["check", ".."],
            sub.join("chapters"),
        ),
        (
            "relative PATH plans/qinhuangdao-2021, cwd = root",
            vec!["check", "plans/qinhuangdao-2021"],
            ws.path().to_path_buf(),
        ),
        (
            "absolute PATH of the subdirectory",
            vec!["check", &sub_abs],
            ws.path().to_path_buf(),
        ),
    ];
    let mut failures = Vec::new();
    // Each of these points into one plan's folder: that plan is checked.
    for (how, args, cwd) in &ways {
        let o = guihua(args, Some(cwd));
        if code(&o) != 0 || !stdout(&o).contains("检查了规划 qinhuangdao-2021") {
            failures.push(format!(
                "{how}: did not find the workspace root\n{}",
                show(&o)
            ));
        }
    }
    // From plans/ (no plan's folder) the whole workspace is checked.
    let o = guihua(&["check"], Some(&ws.path().join("plans")));
    if code(&o) != 0 || !stdout(&o).contains("检查了 3 个规划") {
        failures.push(format!(
            "cwd = plans: not the whole workspace\n{}",
            show(&o)
        ));
    }
    // Problems found that way still fail the run.
    let broken = broken_example();
    let o = guihua(
        &["check"],
        Some(&broken.path().join("plans/qinhuangdao-2021")),
    );
    if code(&o) != 1 {
        failures.push(format!(
            "broken workspace, no PATH, cwd = plans/qinhuangdao-2021: expected exit 1\n{}",
            show(&o)
        ));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn one_bad_target_is_one_error() {
    // The loader rejects the value (L014 / L006) and stands a neutral value in for it; the
    // content checks must not report that stand-in as a second problem ("no target value").
    for (what, replacement, want) in [
        ("invalid figure", "target: \"##\"", "L014"),
        // `target:` with nothing is YAML's null, the explicit empty value (like `~` or 待填):
        // a 征求意见稿 may not have one (F007).
        ("empty target", "target:", "F007"),
        ("missing target", "", "L006"),
    ] {
        let ws = example_with_config();
        let ind = ws
            .path()
            .join("plans/qinhuangdao-2021/indicators/main.yaml");
        let text = std::fs::read_to_string(&ind)
            .unwrap()
            .replacen("target: 350", replacement, 1);
        std::fs::write(&ind, text).unwrap();
        let o = guihua(&["check", p(ws.path()), "--format", "json"], None);
        assert_eq!(code(&o), 1, "{}", show(&o));
        let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
        let errors: Vec<String> = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["severity"] == "error")
            .map(|d| {
                format!(
                    "{} {}:{}:{} {}",
                    d["code"].as_str().unwrap(),
                    d["file"].as_str().unwrap(),
                    d["line"],
                    d["column"],
                    d["message"]
                )
            })
            .collect();
        assert!(
            errors.len() == 1 && errors[0].starts_with(want),
            "{what}: expected exactly one {want} error, got\n{}",
            errors.join("\n")
        );
    }
}

/// The scaffold's date comes from `--date`, never from the machine clock: without it a 草稿
/// has no date line and still checks clean; a bad date is a usage error.
#[test]
fn new_takes_the_date_from_the_command_line() {
    let ws = tempfile::tempdir().unwrap();
    let base = [
        "--region",
        "秦皇岛市",
        "--period",
        "2024-2027",
        "--workspace",
        p(ws.path()),
    ];
    let run = |id: &str, extra: &[&str]| {
        let mut args = vec!["new", id];
        args.extend_from_slice(&base);
        args.extend_from_slice(extra);
        guihua(&args, None)
    };
    let o = run("undated", &[]);
    assert_eq!(code(&o), 0, "{}", show(&o));
    let plan = std::fs::read_to_string(ws.path().join("plans/undated/plan.yaml")).unwrap();
    assert!(!plan.contains("date:"), "{plan}");
    let o = run("dated", &["--date", "2024-03"]);
    assert_eq!(code(&o), 0, "{}", show(&o));
    let plan = std::fs::read_to_string(ws.path().join("plans/dated/plan.yaml")).unwrap();
    assert!(plan.contains("date: 2024-03\n"), "{plan}");
    let o = run("bad", &["--date", "2024-13"]);
    assert_eq!(code(&o), 2, "{}", show(&o));
    let o = guihua(&["check", p(ws.path())], None);
    assert_eq!(code(&o), 0, "{}", show(&o));
}

/// `guihua schema --help` names every kind of source file, from the same list the schemas
/// come from.
#[test]
fn schema_help_lists_every_kind() {
    let o = guihua(&["schema", "--help"], None);
    assert_eq!(code(&o), 0);
    for kind in guihua::schema::KINDS {
        assert!(stdout(&o).contains(kind), "{kind} missing:\n{}", stdout(&o));
    }
}

/// `check --quiet` lists errors and warnings only; the summary still counts the notes.
#[test]
fn quiet_check_leaves_the_notes_out() {
    let loud = guihua(&["check", p(&common_repo())], None);
    assert!(stdout(&loud).contains("info["), "{}", show(&loud));
    let quiet = guihua(&["check", "--quiet", p(&common_repo())], None);
    assert_eq!(code(&quiet), code(&loud));
    assert!(!stdout(&quiet).contains("info["), "{}", show(&quiet));
    let last = |o: &Output| stdout(o).lines().last().unwrap_or("").to_string();
    assert_eq!(last(&quiet), last(&loud));
    assert!(last(&quiet).contains("条提示"), "{}", last(&quiet));
}

fn common_repo() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `guihua rules | head`: a reader that goes away ends the command quietly, not with a panic.
#[test]
fn a_closed_pipe_is_not_a_panic() {
    for _ in 0..5 {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_guihua"))
            .arg("rules")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(
            out.status.code().is_some_and(|c| c == 0 || c == 2),
            "{:?}",
            out.status
        );
    }
}

/// The example with an error in hebei-2023, which qinhuangdao-2021 does not implement.
fn example_with_a_broken_sibling() -> tempfile::TempDir {
    let ws = example_with_config();
    let plan = ws.path().join("plans/hebei-2023/plan.yaml");
    let text = std::fs::read_to_string(&plan).unwrap();
    let broken = text.replacen("stage: ", "stage: 征求稿 #", 1);
    assert_ne!(text, broken);
    std::fs::write(&plan, broken).unwrap();
    ws
}

#[test]
fn check_and_build_of_a_plan_folder_are_about_that_plan() {
    let ws = example_with_a_broken_sibling();
    let root = ws.path();
    let whole = guihua(&["check", p(root)], None);
    assert_eq!(code(&whole), 1, "{}", show(&whole));
    assert!(
        stdout(&whole).contains("plans/hebei-2023/plan.yaml"),
        "{}",
        show(&whole)
    );

    // Only qinhuangdao-2021's problems count, with its parent beidaihe-2016 loaded.
    let one = guihua(&["check", "plans/qinhuangdao-2021"], Some(root));
    assert_eq!(code(&one), 0, "{}", show(&one));
    assert!(
        stdout(&one).contains("检查了规划 qinhuangdao-2021"),
        "{}",
        show(&one)
    );
    assert!(!stdout(&one).contains("hebei-2023"), "{}", show(&one));
    // A file inside the plan names the plan too; the broken plan itself still fails.
    let file = guihua(
        &[
            "check",
            "plans/qinhuangdao-2021/plan.yaml",
            "--format",
            "json",
        ],
        Some(root),
    );
    assert_eq!(code(&file), 0, "{}", show(&file));
    let sibling = guihua(&["check", "plans/hebei-2023"], Some(root));
    assert_eq!(code(&sibling), 1, "{}", show(&sibling));

    // build of one plan: only its files are written, the index is left alone, and the
    // broken sibling does not stop it.
    let built = guihua(
        &["build", "plans/qinhuangdao-2021", "--format", "md,html"],
        Some(root),
    );
    assert_eq!(code(&built), 0, "{}", show(&built));
    let out = root.join("out");
    assert!(out.join("qinhuangdao-2021/qinhuangdao-2021.md").is_file());
    assert!(out.join("qinhuangdao-2021/index.html").is_file());
    assert!(
        !out.join("beidaihe-2016").exists(),
        "the parent was rendered too"
    );
    assert!(!out.join("index.html").exists(), "the index was rewritten");
    assert!(
        stderr(&built).contains("构建完成：1 个规划"),
        "{}",
        show(&built)
    );
    // The whole workspace still refuses to build.
    let all = guihua(&["build", "--format", "md"], Some(root));
    assert_eq!(code(&all), 1, "{}", show(&all));

    let missing = guihua(&["check", "plans/no-such-plan"], Some(root));
    assert_eq!(code(&missing), 2, "{}", show(&missing));
    assert!(stderr(&missing).contains("不存在"), "{}", show(&missing));
}

#[test]
fn diagnostic_paths_start_at_the_repository_root_or_at_root() {
    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir(repo.path().join(".git")).unwrap();
    let ws_dir = repo.path().join("docs/plans-ws");
    std::fs::create_dir_all(&ws_dir).unwrap();
    let ws = broken_example();
    common::copy_tree(ws.path(), &ws_dir);
    let annotation_files = |o: &Output| -> Vec<String> {
        stdout(o)
            .lines()
            .filter_map(|l| l.split("file=").nth(1))
            .map(|rest| rest.split(',').next().unwrap_or("").to_string())
            .collect()
    };
    // Default: from the repository root, so GitHub annotations land on the right files.
    let o = guihua(&["check", "--format", "github"], Some(&ws_dir));
    assert_eq!(code(&o), 1, "{}", show(&o));
    let files = annotation_files(&o);
    assert!(!files.is_empty(), "{}", show(&o));
    assert!(
        files.iter().all(|f| f.starts_with("docs/plans-ws/plans/")),
        "{files:?}"
    );
    // SARIF and the human format use the same paths.
    let o = guihua(&["check"], Some(&ws_dir));
    assert!(
        stdout(&o).contains("docs/plans-ws/plans/qinhuangdao-2021/plan.yaml:"),
        "{}",
        show(&o)
    );
    // --root: from there instead.
    let o = guihua(
        &["check", "--format", "github", "--root", p(&ws_dir)],
        Some(&ws_dir),
    );
    let files = annotation_files(&o);
    assert!(files.iter().all(|f| f.starts_with("plans/")), "{files:?}");
    let o = guihua(
        &[
            "--root",
            p(&repo.path().join("docs")),
            "check",
            "--format",
            "json",
        ],
        Some(&ws_dir),
    );
    let json: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let file = json["diagnostics"][0]["file"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(file.starts_with("plans-ws/plans/"), "{}", show(&o));
    // A --root that does not hold the workspace is a usage error.
    let elsewhere = tempfile::tempdir().unwrap();
    let o = guihua(&["check", "--root", p(elsewhere.path())], Some(&ws_dir));
    assert_eq!(code(&o), 2, "{}", show(&o));
    assert!(stderr(&o).contains("--root"), "{}", show(&o));
}

#[test]
fn build_shows_progress_on_a_terminal_only_and_the_time_taken() {
    let ws = example_with_config();
    // A pipe: the plain lines only, and the summary with the time.
    let piped = guihua(&["build", "--format", "md", p(ws.path())], None);
    assert_eq!(code(&piped), 0, "{}", show(&piped));
    assert!(!stderr(&piped).contains("已生成"), "{}", show(&piped));
    let summary = stderr(&piped);
    assert!(
        regex::Regex::new(r"构建完成：3 个规划，\d+ 个文件，用时 \d+\.\d 秒")
            .unwrap()
            .is_match(&summary),
        "{summary}"
    );
    // A terminal (script(1) gives the command one): a progress line rewritten in place,
    // one step per plan and one for the index.
    let command = format!(
        "{} build --format md {}",
        env!("CARGO_BIN_EXE_guihua"),
        p(ws.path())
    );
    let tty = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("NO_COLOR", "1")
        .output()
        .expect("script(1) from util-linux runs the build on a terminal");
    let shown = String::from_utf8_lossy(&tty.stdout);
    assert!(tty.status.success(), "{shown}");
    for step in 1..=4 {
        assert!(shown.contains(&format!("\r已生成 {step}/4")), "{shown:?}");
    }
}
