//! Fixtures for every check rule: tests/fixtures/rules/<CODE>/{bad,good}-N.case, overlaid
//! on tests/fixtures/rules/_base. A bad case lists every diagnostic it must produce
//! (`expect: CODE path:line:column`, nothing more, nothing less); a good case says
//! `expect: none` and must produce no diagnostic at all.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

fn cases() -> Vec<PathBuf> {
    let root = common::repo().join("tests/fixtures/rules");
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(&root)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "case"))
        .collect();
    out.sort();
    out
}

fn run_case(path: &Path) -> Result<(), String> {
    let text = fs::read_to_string(path).unwrap();
    let case = common::parse_case(&text);
    let dir = common::case_workspace(&common::repo().join("tests/fixtures/rules/_base"), &case);
    let (ws, diags) = guihua::check_workspace(dir.path()).map_err(|e| e.to_string())?;
    let mut got = common::locations(&ws, &diags);
    got.sort();
    let mut expected = case.expected;
    expected.sort();
    let name = path.file_name().unwrap().to_string_lossy();
    if name.starts_with("bad") && expected.is_empty() {
        return Err("a bad case must expect at least one diagnostic".into());
    }
    if got == expected {
        Ok(())
    } else {
        Err(format!(
            "expected {expected:#?}\n     got {got:#?}\n{}",
            guihua::diagnostic::render_human(&ws.sources, &diags, false)
        ))
    }
}

#[test]
fn base_is_clean() {
    let (ws, diags) =
        guihua::check_workspace(&common::repo().join("tests/fixtures/rules/_base")).unwrap();
    assert!(
        diags.is_empty(),
        "{}",
        guihua::diagnostic::render_human(&ws.sources, &diags, false)
    );
}

#[test]
fn every_rule_has_two_bad_and_two_good_fixtures() {
    let all = cases();
    assert!(all.len() >= 60, "only {} rule fixtures", all.len());
    for rule in guihua::check::RULES {
        let dir = common::repo().join("tests/fixtures/rules").join(rule.code);
        let count = |prefix: &str| {
            all.iter()
                .filter(|p| {
                    p.parent() == Some(dir.as_path())
                        && p.file_name().unwrap().to_string_lossy().starts_with(prefix)
                })
                .count()
        };
        assert!(
            count("bad") >= 2 && count("good") >= 2,
            "{}: {} bad, {} good fixtures",
            rule.code,
            count("bad"),
            count("good")
        );
    }
}

#[test]
fn rule_fixtures() {
    let failures: Vec<String> = cases()
        .iter()
        .filter_map(|c| {
            run_case(c).err().map(|e| {
                format!(
                    "{}: {e}",
                    c.strip_prefix(common::repo().join("tests/fixtures/rules"))
                        .unwrap()
                        .display()
                )
            })
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} fixtures failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// Seed 000's printed defects, restated in YAML, are all caught — and the legitimate
/// passages next to them (承德市 and 锦州市 as partners, “五位一体” over five items,
/// 八大产业园区 over eight) produce nothing. See tests/fixtures/seed000/README.md.
#[test]
fn seed_000_defects_are_caught_completely() {
    let root = common::repo().join("tests/fixtures/seed000");
    let (ws, diags) = guihua::check_workspace(&root).unwrap();
    let mut got = common::locations(&ws, &diags);
    got.sort();
    let mut expected: Vec<String> = fs::read_to_string(root.join("expected.txt"))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    expected.sort();
    assert_eq!(
        got,
        expected,
        "\n{}",
        guihua::diagnostic::render_human(&ws.sources, &diags, false)
    );
}
