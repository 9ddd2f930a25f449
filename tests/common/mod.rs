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
pub fn locations(ws: &guihua::model::Workspace, diags: &guihua::diagnostic::Diagnostics) -> Vec<String> {
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
