//! `guihua check` as CI runs it: SARIF validated against the OASIS schema, GitHub workflow
//! commands, `--deny warnings`, severities and allow markers, and `guihua rules`.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn guihua(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_guihua"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn seed000() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(&common::repo().join("tests/fixtures/seed000"), dir.path());
    dir
}

#[test]
fn sarif_output_validates_against_the_sarif_2_1_0_schema() {
    let ws = seed000();
    let out = guihua(&["check", "--format", "sarif"], ws.path());
    assert_eq!(out.status.code(), Some(1));
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let schema: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(common::repo().join("tests/fixtures/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF schema violations:\n{}",
        errors.join("\n")
    );
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 11);
    // Every result names a rule the driver describes, at the right index.
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for r in results {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
    }
    let j001 = results.iter().find(|r| r["ruleId"] == "J001").unwrap();
    let region = &j001["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(7), Some(35))
    );
    // A schema check that can fail: a result without a message is rejected.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]
        .as_object_mut()
        .unwrap()
        .remove("message");
    assert!(!validator.is_valid(&broken));
}

#[test]
fn github_output_is_one_workflow_command_per_diagnostic() {
    let ws = seed000();
    let out = guihua(&["check", "--format", "github"], ws.path());
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let re = regex::Regex::new(r"^::(error|warning|notice) file=[^,:]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=guihua [A-Z]\d{3}::\[[A-Z]\d{3}\] [^\n]+$").unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 11);
    for l in &lines {
        assert!(re.is_match(l), "not a workflow command: {l}");
    }
    assert!(
        lines
            .iter()
            .any(|l| l
                .starts_with("::error file=plans/qhd/chapters/01-规划背景.yaml,line=7,col=35,"))
    );
    // The hint goes on a second line of the message, escaped as %0A.
    assert!(lines.iter().all(|l| l.contains("%0A提示：")));
}

fn warning_only_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(
        &common::repo().join("tests/fixtures/rules/_base"),
        dir.path(),
    );
    let ch = dir.path().join("plans/p/chapters/01-背景.yaml");
    let mut text = fs::read_to_string(&ch).unwrap();
    text.push_str("      - 学习借鉴杭州市的经验。\n      - 到 2025 年建成。\n");
    fs::write(&ch, text).unwrap();
    dir
}

#[test]
fn deny_warnings_turns_warnings_into_failure() {
    let ws = warning_only_workspace();
    let plain = guihua(&["check"], ws.path());
    assert_eq!(
        plain.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&plain.stdout)
    );
    let text = String::from_utf8_lossy(&plain.stdout);
    assert!(
        text.contains("warning[J002]") && text.contains("warning[T009]"),
        "{text}"
    );
    let denied = guihua(&["check", "--deny", "warnings"], ws.path());
    assert_eq!(denied.status.code(), Some(1));
}

#[test]
fn guihua_yaml_sets_severities_and_markers_acknowledge_one_place() {
    let ws = warning_only_workspace();
    fs::write(
        ws.path().join("guihua.yaml"),
        "rules:\n  J002: off\n  T009: error\n",
    )
    .unwrap();
    let out = guihua(&["check", "--format", "json"], ws.path());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<(&str, &str)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap(), d["severity"].as_str().unwrap()))
        .collect();
    assert_eq!(codes, [("T009", "error"), ("T009", "error")]);
    assert_eq!(out.status.code(), Some(1));

    // A marker on the line acknowledges that one place only.
    let ch = ws.path().join("plans/p/chapters/01-背景.yaml");
    let text = fs::read_to_string(&ch).unwrap().replace(
        "      - 到 2025 年建成。",
        "      - 到 2025 年建成。  # guihua-allow: T009 引用原文格式",
    );
    fs::write(&ch, text).unwrap();
    let out = guihua(&["check", "--format", "json"], ws.path());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["summary"]["errors"], 0, "{report}");
    assert_eq!(out.status.code(), Some(0));

    // An unknown code in guihua.yaml is itself reported, with a suggestion.
    fs::write(ws.path().join("guihua.yaml"), "rules:\n  T09: off\n").unwrap();
    let out = guihua(&["check", "--format", "json"], ws.path());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "L009")
        .expect("L009 for unknown code");
    assert_eq!(
        (d["file"].as_str(), d["line"].as_u64(), d["column"].as_u64()),
        (Some("guihua.yaml"), Some(2), Some(3))
    );
    assert!(d["hint"].as_str().unwrap().contains("T009"));
}

#[test]
fn rules_command_documents_every_rule() {
    let dir = tempfile::tempdir().unwrap();
    let out = guihua(&["rules", "--format", "json"], dir.path());
    assert!(out.status.success());
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    for r in guihua::check::RULES {
        assert!(
            codes.contains(&r.code),
            "{} missing from guihua rules",
            r.code
        );
        assert!(
            !r.info.explanation.is_empty()
                && r.info
                    .example
                    .is_some_and(|(bad, good)| !bad.is_empty() && !good.is_empty()),
            "{} lacks documentation",
            r.code
        );
    }
    let one = guihua(&["rules", "T003"], dir.path());
    let text = String::from_utf8(one.stdout).unwrap();
    assert!(
        text.contains("doubled-word") && text.contains("错误示例") && text.contains("亿元亿元")
    );
    let bad = guihua(&["rules", "T999"], dir.path());
    assert_eq!(bad.status.code(), Some(2));
}

/// `# guihua-allow:` with a code that does not exist (J02), or one that no longer silences
/// anything, is an L019 warning at the code; one that silences a finding is not.
#[test]
fn unknown_and_unused_allow_comments_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(
        &common::repo().join("tests/fixtures/rules/_base"),
        dir.path(),
    );
    let chapter = dir.path().join("plans/p/chapters/01-背景.yaml");
    let mut text = std::fs::read_to_string(&chapter).unwrap();
    text.push_str("      - 引进and项目。  # guihua-allow: T004 原文如此\n");
    text.push_str("      - 建设康复中心。  # guihua-allow: J02 笔误\n");
    text.push_str("      # guihua-allow: T003 已改\n      - 建设养老中心。\n");
    std::fs::write(&chapter, text).unwrap();
    let (ws, diags) = guihua::check_workspace(dir.path()).unwrap();
    let found = common::locations(&ws, &diags);
    assert_eq!(
        found,
        [
            "L019 plans/p/chapters/01-背景.yaml:11:34".to_string(),
            "L019 plans/p/chapters/01-背景.yaml:12:23".to_string(),
        ],
        "{}",
        common::snapshot(&ws, &diags)
    );
    let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
    assert!(messages[0].contains("`J02` 不存在"), "{messages:?}");
    assert!(
        diags
            .iter()
            .next()
            .unwrap()
            .hint
            .as_deref()
            .unwrap_or("")
            .contains("是不是 `J002`")
    );
    assert!(messages[1].contains("没有用到"), "{messages:?}");
}
