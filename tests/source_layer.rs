//! The loader reads through a file system: buffers laid over the disk (what the language
//! server and the preview server will give it) are loaded and checked as if saved, without
//! touching the files on disk.

mod common;

use std::path::Path;

use guihua::files::{Disk, FileSystem, Overlay};

fn check(
    fs: &dyn FileSystem,
    root: &Path,
) -> (guihua::model::Workspace, guihua::diagnostic::Diagnostics) {
    guihua::check_workspace_from(fs, root).expect("workspace loads")
}

#[test]
fn an_unsaved_buffer_is_checked_instead_of_the_file_on_disk() {
    let root = common::repo();
    let chapter = root.join("plans/qinhuangdao-2021/chapters/01-规划背景.yaml");
    let on_disk = std::fs::read_to_string(&chapter).unwrap();
    let (_, clean) = check(&Disk, &root);
    assert!(!clean.has_errors());

    // The buffer adds an unknown key on a new line 2; the disk keeps its text.
    let mut lines: Vec<&str> = on_disk.lines().collect();
    lines.insert(1, "titel: 规划背景");
    let mut fs = Overlay::over(&Disk);
    fs.insert(&chapter, lines.join("\n"));
    let (ws, diags) = check(&fs, &root);
    let found: Vec<String> = common::locations(&ws, &diags);
    assert!(
        found
            .iter()
            .any(|l| l == "L004 plans/qinhuangdao-2021/chapters/01-规划背景.yaml:2:1"),
        "{found:#?}"
    );
    assert_eq!(std::fs::read_to_string(&chapter).unwrap(), on_disk);

    // Dropping the buffer gives the disk's file back.
    fs.remove(&chapter);
    let (_, again) = check(&fs, &root);
    assert_eq!(again.len(), clean.len());
}

#[test]
fn a_workspace_that_exists_only_in_memory_loads() {
    let src = common::repo().join("tests/fixtures/rules/_base");
    let mut fs = Overlay::in_memory();
    let root = Path::new("/memory/ws");
    for entry in walkdir::WalkDir::new(&src)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(&src).unwrap();
            fs.insert(root.join(rel), std::fs::read(entry.path()).unwrap());
        }
    }
    let (ws, diags) = check(&fs, root);
    assert!(!ws.plans.is_empty());
    let (disk_ws, disk_diags) = guihua::check_workspace(&src).unwrap();
    assert_eq!(ws.plans.len(), disk_ws.plans.len());
    assert_eq!(
        common::locations(&ws, &diags),
        common::locations(&disk_ws, &disk_diags)
    );
    assert!(guihua::load::load_from(&fs, Path::new("/memory/none")).is_err());
}
