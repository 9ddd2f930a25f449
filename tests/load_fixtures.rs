//! Malformed-input fixtures for the loader: tests/fixtures/load/*.case.
//!
//! A case overlays files on the valid workspace in `_base/` and lists the diagnostics it
//! must produce as `expect: CODE path:line:column`. The set of diagnostics must match
//! exactly: nothing missing, nothing extra. `<0xNN>` in a file stands for that raw byte.

mod common;

use std::fs;
use std::path::Path;

fn decode(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("<0x") {
        out.extend_from_slice(rest[..i].as_bytes());
        let hex = &rest[i + 3..i + 5];
        out.push(u8::from_str_radix(hex, 16).expect("hex byte"));
        rest = &rest[i + 6..];
    }
    out.extend_from_slice(rest.as_bytes());
    out
}

fn run_case(path: &Path) -> Result<(), String> {
    let text = fs::read_to_string(path).unwrap();
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(&common::repo().join("tests/fixtures/load/_base"), dir.path());
    let mut expected = Vec::new();
    let mut current: Option<(String, String)> = None;
    let mut files = Vec::new();
    for line in text.lines() {
        if let Some(e) = line.strip_prefix("expect: ") {
            expected.push(e.trim().to_string());
        } else if let Some(p) = line.strip_prefix("=== ") {
            files.extend(current.take());
            current = Some((p.trim().to_string(), String::new()));
        } else if let Some((_, body)) = current.as_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    files.extend(current);
    assert!(!expected.is_empty(), "{} has no expect: line", path.display());
    for (p, body) in files {
        let dest = dir.path().join(&p);
        fs::create_dir_all(dest.parent().unwrap()).unwrap();
        fs::write(dest, decode(&body)).unwrap();
    }
    let (ws, diags) = guihua::load::load(dir.path()).map_err(|e| e.to_string())?;
    let mut got = common::locations(&ws, &diags);
    got.sort();
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
        .filter_map(|c| run_case(c).err().map(|e| format!("{}: {e}", c.file_name().unwrap().to_string_lossy())))
        .collect();
    assert!(failures.is_empty(), "{} of {} fixtures failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

#[test]
fn base_workspace_is_clean() {
    let (_, diags) = guihua::load::load(&common::repo().join("tests/fixtures/load/_base")).unwrap();
    assert!(diags.is_empty(), "{diags:?}");
}
