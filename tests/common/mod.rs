//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copy a directory tree.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A temporary copy of the example workspace (plans/ and guihua.yaml).
pub fn example_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("plans"), &dir.path().join("plans"));
    if repo().join("guihua.yaml").exists() {
        std::fs::copy(repo().join("guihua.yaml"), dir.path().join("guihua.yaml")).unwrap();
    }
    dir
}

/// (code, file, line, column) of every diagnostic.
pub fn locations(
    ws: &guihua::model::Workspace,
    diags: &guihua::diagnostic::Diagnostics,
) -> Vec<String> {
    diags
        .iter()
        .map(|d| {
            let f = ws.sources.get(d.span.file);
            let (l, c) = f.line_col(d.span.start as usize);
            let path = f.path.to_string_lossy().replace('\\', "/");
            format!("{} {}:{}:{}", d.code, path, l, c)
        })
        .collect()
}

/// Decode `<0xNN>` escapes into raw bytes.
pub fn decode(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("<0x") {
        out.extend_from_slice(&rest.as_bytes()[..i]);
        let hex = &rest[i + 3..i + 5];
        out.push(u8::from_str_radix(hex, 16).expect("hex byte"));
        rest = &rest[i + 6..];
    }
    out.extend_from_slice(rest.as_bytes());
    out
}

/// A fixture case: `expect:` lines and files to overlay on a base workspace.
/// `=== path` replaces (or creates) a file; `=== path (append)` appends to it.
pub struct Case {
    pub expected: Vec<String>,
    pub files: Vec<(String, bool, String)>,
}

pub fn parse_case(text: &str) -> Case {
    let mut expected = Vec::new();
    let mut current: Option<(String, bool, String)> = None;
    let mut files = Vec::new();
    for line in text.lines() {
        if let Some(e) = line.strip_prefix("expect: ") {
            if e.trim() != "none" {
                expected.push(e.trim().to_string());
            }
        } else if let Some(p) = line.strip_prefix("=== ") {
            files.extend(current.take());
            let p = p.trim();
            let (path, append) = match p.strip_suffix("(append)") {
                Some(x) => (x.trim().to_string(), true),
                None => (p.to_string(), false),
            };
            current = Some((path, append, String::new()));
        } else if let Some((_, _, body)) = current.as_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    files.extend(current);
    Case { expected, files }
}

/// Build the case's workspace in a temp dir: `base` copied, then the overlays applied.
pub fn case_workspace(base: &Path, case: &Case) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(base, dir.path());
    for (p, append, body) in &case.files {
        let dest = dir.path().join(p);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        let mut bytes = if *append {
            std::fs::read(&dest).unwrap_or_default()
        } else {
            Vec::new()
        };
        bytes.extend(decode(body));
        std::fs::write(dest, bytes).unwrap();
    }
    dir
}
