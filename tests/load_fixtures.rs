//! Malformed-input fixtures for the loader: tests/fixtures/load/*.case.
//!
//! A case overlays files on the valid workspace in `_base/` and lists the diagnostics it
//! must produce as `expect: CODE path:line:column`. The set of diagnostics must match
//! exactly: nothing missing, nothing extra. `<0xNN>` in a file stands for that raw byte.

mod common;

use std::fs;
use std::path::Path;

fn run_case(path: &Path) -> Result<(), String> {
    let case = common::parse_case(&fs::read_to_string(path).unwrap());
    assert!(
        !case.expected.is_empty(),
        "{} has no expect: line",
        path.display()
    );
    let dir = common::case_workspace(&common::repo().join("tests/fixtures/load/_base"), &case);
    let (ws, diags) = guihua::load::load(dir.path()).map_err(|e| e.to_string())?;
    let mut got = common::locations(&ws, &diags);
    got.sort();
    let mut expected = case.expected;
    expected.sort();
    if got == expected {
        Ok(())
    } else {
        Err(format!("expected {expected:#?}\n     got {got:#?}"))
    }
}

#[test]
fn malformed_inputs_are_located_exactly() {
    let dir = common::repo().join("tests/fixtures/load");
    let mut cases: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "case"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 25, "only {} fixtures", cases.len());
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| {
            run_case(c)
                .err()
                .map(|e| format!("{}: {e}", c.file_name().unwrap().to_string_lossy()))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} fixtures failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn base_workspace_is_clean() {
    let (_, diags) = guihua::load::load(&common::repo().join("tests/fixtures/load/_base")).unwrap();
    assert!(diags.is_empty(), "{diags:?}");
}
