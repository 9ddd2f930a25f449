//! `guihua check --fix` and `--diff` end to end: defects injected into a copy of the example
//! workspace are fixed, exactly and only; a second run changes nothing; and generated
//! fixable text leaves the fixed rules silent and the file loading.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use guihua::diagnostic::Severity;
use proptest::prelude::*;

fn guihua(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_guihua"))
        .args(args)
        .arg(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// Every file under `dir`, by relative path, with its bytes.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Replace the one occurrence of `needle` in `file` (under `root`) by `with`.
fn inject(root: &Path, file: &str, needle: &str, with: &str) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        text.matches(needle).count(),
        1,
        "{file}: `{needle}` must occur exactly once"
    );
    std::fs::write(&path, text.replacen(needle, with, 1)).unwrap();
}

const STRATEGY: &str = "plans/beidaihe-2016/chapters/02-strategy.yaml";
const INDUSTRY: &str = "plans/beidaihe-2016/chapters/03-industry-system.yaml";
const BACKGROUND: &str = "plans/beidaihe-2016/chapters/01-background.yaml";
const SAFEGUARDS: &str = "plans/beidaihe-2016/chapters/06-safeguards.yaml";
const QHD_INDUSTRY: &str = "plans/qinhuangdao-2021/chapters/04-产业体系.yaml";
const QHD_TASKS: &str = "plans/qinhuangdao-2021/chapters/05-主要任务.yaml";

/// 20 defects of 8 kinds (a doubled unit, a doubled 的, half-width brackets, other half-width
/// marks, a wrong range mark, full-width digits, spaces between Han and digits, a space after
/// a Chinese mark), each the reverse of one fix, in 6 files of 2 plans.
const DEFECTS: &[(&str, &str, &str)] = &[
    (STRATEGY, "远期开发（2021—2030年）", "远期开发(2021—2030年)"),
    (STRATEGY, "。2021—2025年，建成", "。2021-2025年，建成"),
    (STRATEGY, "；2026—2030年，全面", ";2026～2030年，全面"),
    (STRATEGY, "用15年时间", "用１５年时间"),
    (
        INDUSTRY,
        "坚持创新驱动、集约发展",
        "坚持创新驱动、 集约发展",
    ),
    (INDUSTRY, "发挥资源优势，做强", "发挥资源优势,做强"),
    (INDUSTRY, "五位一体的生命健康", "五位一体的的生命健康"),
    (INDUSTRY, "市场引领，发挥", "市场引领， 发挥"),
    (
        QHD_INDUSTRY,
        "医疗服务业收入超过250亿元",
        "医疗服务业收入超过250亿元亿元",
    ),
    (
        QHD_INDUSTRY,
        "医药产业收入接近120亿元",
        "医药产业收入接近 120 亿元",
    ),
    (
        QHD_INDUSTRY,
        "健康食品业收入达到100亿元",
        "健康食品业收入达到100亿元亿元",
    ),
    (
        QHD_TASKS,
        "要素集聚。到2025年，力争",
        "要素集聚。到２０２５年，力争",
    ),
    (
        QHD_TASKS,
        "康养小镇。到2025年，力争",
        "康养小镇。到 2025年，力争",
    ),
    (SAFEGUARDS, "（国发〔2016〕23号）", "(国发〔2016〕23号)"),
    (
        BACKGROUND,
        "2013年9月，国务院印发",
        "2013年9月， 国务院印发",
    ),
    (
        BACKGROUND,
        "健康服务业发展的若干意见",
        "健康服务业发展的的若干意见",
    ),
];

/// The summary line of a human report: `…：0 个错误，0 个警告，11 条提示`.
fn summary(out: &Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout);
    stdout
        .lines()
        .rfind(|l| l.starts_with("检查了"))
        .map(|l| l.rsplit('：').next().unwrap().to_string())
        .unwrap_or_default()
}

#[test]
fn twenty_injected_defects_are_fixed_and_no_other_byte_changes() {
    let dir = common::example_copy();
    let root = dir.path();
    let clean = guihua(&["check"], root);
    assert_eq!(clean.status.code(), Some(0));
    let original = tree(root);
    for (file, needle, with) in DEFECTS {
        inject(root, file, needle, with);
    }
    let injected = tree(root);
    assert_ne!(injected, original);
    assert_eq!(guihua(&["check"], root).status.code(), Some(1));

    // --diff shows every change and writes nothing.
    let diff = guihua(&["check", "--diff"], root);
    assert_eq!(
        diff.status.code(),
        Some(1),
        "--diff exits 1 when it would change"
    );
    let shown = String::from_utf8(diff.stdout).unwrap();
    for file in [
        STRATEGY,
        INDUSTRY,
        BACKGROUND,
        SAFEGUARDS,
        QHD_INDUSTRY,
        QHD_TASKS,
    ] {
        assert!(
            shown.contains(&format!("+++ b/{file}\n")),
            "{file}:\n{shown}"
        );
    }
    assert!(shown.contains("+          - 远期开发（2021—2030年）。2021—2025年"));
    assert_eq!(tree(root), injected, "--diff wrote a file");

    let fixed = guihua(&["check", "--fix"], root);
    let report = String::from_utf8_lossy(&fixed.stderr);
    assert!(
        report.contains(
            "已修复 20 处（T003 4 处、T006 6 处、T007 2 处、T008 2 处、T009 3 处、T010 3 处），修改了 6 个文件"
        ),
        "{report}"
    );
    // Each fix undoes one injection exactly: the whole workspace is the original, byte for
    // byte, so nothing outside the fixed spans changed (comments, quoting, line breaks).
    let after = tree(root);
    for (path, bytes) in &original {
        assert!(
            after.get(path) == Some(bytes),
            "{}: differs from the original",
            path.display()
        );
    }
    assert_eq!(after.len(), original.len(), "a file was added");
    assert_eq!(fixed.status.code(), Some(0));
    let check = guihua(&["check"], root);
    assert_eq!(check.status.code(), Some(0));
    assert_eq!(summary(&check), summary(&clean));
    assert!(summary(&check).starts_with("0 个错误，0 个警告"));

    // Idempotent: a second run finds nothing and writes nothing.
    let again = guihua(&["check", "--fix"], root);
    assert!(String::from_utf8_lossy(&again.stderr).contains("没有可以自动修复的问题"));
    assert_eq!(tree(root), after);
    let diff = guihua(&["check", "--diff"], root);
    assert_eq!(diff.status.code(), Some(0));
    assert!(diff.stdout.is_empty());
}

#[test]
fn unsafe_fixes_need_fix_or_diff() {
    let dir = common::example_copy();
    let out = guihua(&["check", "--unsafe-fixes"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--unsafe-fixes 要与 --fix"));
}

/// A fix that needs a human's eye: a glossary variant (N001) written into a chapter. `--fix`
/// leaves it and says so; `--unsafe-fixes` writes the canonical name in its place and changes
/// no other byte.
#[test]
fn unsafe_fixes_apply_only_when_asked() {
    let dir = common::example_copy();
    let root = dir.path();
    let original = tree(root);
    let (ws, _) = guihua::load::load(root).unwrap();
    let entry = &ws.config.glossary[0];
    let (name, variant) = (&entry.name.value, &entry.variants[0].value);
    let needle = "医疗服务业收入超过250亿元";
    inject(root, QHD_INDUSTRY, needle, &format!("{name}{needle}"));
    let with_name = tree(root);
    inject(
        root,
        QHD_INDUSTRY,
        &format!("{name}{needle}"),
        &format!("{variant}{needle}"),
    );
    let injected = tree(root);

    let safe = guihua(&["check", "--fix"], root);
    let report = String::from_utf8_lossy(&safe.stderr);
    assert!(report.contains("没有可以自动修复的问题"), "{report}");
    assert!(
        report.contains("另有 1 处需人工确认的修复，加 --unsafe-fixes 才会应用"),
        "{report}"
    );
    assert_eq!(tree(root), injected);

    let diff = guihua(&["check", "--diff", "--unsafe-fixes"], root);
    let shown = String::from_utf8(diff.stdout).unwrap();
    assert!(
        shown.contains(&format!("+++ b/{QHD_INDUSTRY}\n")),
        "{shown}"
    );
    let changed = |sign: char, word: &str| {
        shown
            .lines()
            .any(|l| l.starts_with(sign) && l.contains(&format!("{word}{needle}")))
    };
    assert!(changed('-', variant) && changed('+', name), "{shown}");
    assert_eq!(tree(root), injected, "--diff wrote a file");

    let fixed = guihua(&["check", "--fix", "--unsafe-fixes"], root);
    let report = String::from_utf8_lossy(&fixed.stderr);
    assert!(
        report.contains("已修复 1 处（N001 1 处），修改了 1 个文件"),
        "{report}"
    );
    assert_eq!(tree(root), with_name);
    assert_ne!(with_name, original);
}

/// Han words, and fixable defects: doubled units and 的, half-width marks after Han text,
/// wrong range marks, full-width digits, stray spaces.
const PIECES: &[&str] = &[
    "发展",
    "产业",
    "健康",
    "建设",
    "园区",
    "亿元亿元",
    "的的",
    ",",
    ";",
    "到 2025 年",
    "、 ",
    "２０２５年",
    "2021-2025年",
    "1-2家",
    "(重点)",
    "。 ",
];

/// The pieces of [`PIECES`] without a defect.
const CLEAN: &[&str] = &["发展", "产业", "健康", "建设", "园区"];

/// The codes whose fixes are all safe and certain: after `--fix` none of them may remain.
const FIXED: &[&str] = &["T003", "T006", "T007", "T008", "T009", "T010"];

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Generated sentences full of fixable defects: after fixing, the file loads, the fixed
    /// rules are silent, and fixing again changes nothing.
    #[test]
    fn fixed_text_is_silent_and_loads(
        words in proptest::collection::vec(proptest::sample::select(PIECES), 1..12),
    ) {
        let line = format!("建设{}。", words.concat());
        let case = format!("=== plans/p/chapters/01-背景.yaml (append)\n      - {line}\n");
        let dir = common::case_workspace(
            &common::repo().join("tests/fixtures/rules/_base"),
            &common::parse_case(&case),
        );
        let fs = guihua::files::Disk;
        let outcome = guihua::fix::fix_workspace(&fs, dir.path(), false).unwrap();
        prop_assert!(outcome.refused.is_empty(), "{:?}", outcome.refused);
        let defects = words.iter().filter(|w| !CLEAN.contains(w)).count();
        prop_assert_eq!(outcome.applied_total() > 0, defects > 0, "{}", line);
        let left: Vec<String> = outcome
            .diags
            .iter()
            .filter(|d| FIXED.contains(&d.code) || d.severity == Severity::Error && d.code.starts_with('L'))
            .map(|d| format!("{} {}", d.code, d.message))
            .collect();
        prop_assert!(left.is_empty(), "{line}: {left:?}");
        for c in &outcome.changes {
            std::fs::write(&c.full_path, &c.after).unwrap();
        }
        let again = guihua::fix::fix_workspace(&fs, dir.path(), false).unwrap();
        prop_assert_eq!(again.applied_total(), 0);
        prop_assert!(again.changes.is_empty());
    }
}
