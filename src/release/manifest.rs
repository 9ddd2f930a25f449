//! manifest.json: what was released, from which sources, checked how, with a digest of
//! every file. No clock time: the same sources give the same manifest.

use std::path::Path;

use serde_json::json;
use sha2::{Digest, Sha256};

use super::ReleaseOptions;
use crate::diagnostic::{Diagnostics, Severity};
use crate::model::{Plan, Workspace};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// sha256 over the source files the loader read that `include` keeps, in path order: path,
/// NUL, text, NUL.
pub fn source_tree_hash(ws: &Workspace, include: impl Fn(&Path) -> bool) -> String {
    let mut files: Vec<(String, &str)> = ws
        .sources
        .files()
        .filter(|(_, f)| include(&f.path))
        .map(|(_, f)| (f.path.to_string_lossy().replace('\\', "/"), f.text.as_str()))
        .collect();
    files.sort();
    let mut h = Sha256::new();
    for (p, t) in files {
        h.update(p.as_bytes());
        h.update([0]);
        h.update(t.as_bytes());
        h.update([0]);
    }
    hex(&h.finalize())
}

/// The workspace's git commit, and whether the plans or guihua.yaml differ from it.
fn git_state(root: &Path) -> (Option<String>, Option<bool>) {
    let run = |args: &[&str]| {
        std::process::Command::new("git")
            .arg("-C")
            .arg(root)
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    let commit = run(&["rev-parse", "HEAD"]).filter(|c| c.len() == 40);
    let dirty = commit
        .as_ref()
        .and_then(|_| run(&["status", "--porcelain", "--", "plans", "guihua.yaml"]))
        .map(|s| !s.is_empty());
    (commit, dirty)
}

#[allow(clippy::too_many_arguments)]
pub fn build(
    ws: &Workspace,
    plan: &Plan,
    opts: &ReleaseOptions,
    version: u32,
    name: &str,
    previous: Option<&str>,
    diags: &Diagnostics,
    staged: &Path,
) -> std::io::Result<Vec<u8>> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(staged).sort_by_file_name() {
        let entry = entry?;
        if !entry.file_type().is_file() {
            continue;
        }
        let bytes = std::fs::read(entry.path())?;
        let rel = entry
            .path()
            .strip_prefix(staged)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        files.push(
            json!({ "path": rel, "bytes": bytes.len(), "sha256": hex(&Sha256::digest(&bytes)) }),
        );
    }
    let (commit, dirty) = git_state(&ws.root);
    let dirs = super::scope(ws, &plan.id);
    let rules: Vec<&str> = crate::check::RULES
        .iter()
        .filter(|r| !ws.config.is_off(r.code))
        .map(|r| r.code)
        .collect();
    let d = opts.date;
    let manifest = json!({
        "tool": { "name": "guihua", "version": env!("CARGO_PKG_VERSION") },
        "release": {
            "name": name,
            "plan": plan.id,
            "title": plan.title.value,
            "stage": opts.stage.zh(),
            "version": version,
            "date": format!("{:04}-{:02}-{:02}", d.year, d.month, d.day.unwrap_or(1)),
            "previous": previous,
        },
        "source": {
            "tree_sha256": source_tree_hash(ws, |p| super::in_scope(&dirs, p)),
            "files": ws.sources.files().filter(|(_, f)| super::in_scope(&dirs, &f.path)).count(),
            "git_commit": commit,
            "git_dirty": dirty,
        },
        "checks": {
            "rules": rules,
            "errors": diags.count(Severity::Error),
            "warnings": diags.count(Severity::Warning),
            "infos": diags.count(Severity::Info),
            "result": if diags.count(Severity::Warning) > 0 { "passed-with-warnings" } else { "passed" },
            "allow_warnings": opts.allow_warnings,
        },
        "files": files,
    });
    let mut s = serde_json::to_vec_pretty(&manifest).unwrap_or_default();
    s.push(b'\n');
    Ok(s)
}
