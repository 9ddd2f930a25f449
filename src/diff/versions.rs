//! Where the two versions of a 修订对照表 come from: a release directory (its `source/`
//! snapshot), a workspace, a plan directory (`plans/<id>`), or a git revision of the
//! workspace, read from the repository with libgit2 (no `git` or `tar` binary) and
//! materialised into a temporary directory.

use std::path::{Component, Path, PathBuf};

/// One version, ready to load.
pub struct Version {
    /// Workspace root to load.
    pub root: PathBuf,
    /// The plan a plan directory names.
    pub plan: Option<String>,
    /// How the version is called: release name, revision, path.
    pub name: String,
    /// Keeps a git checkout alive as long as the version.
    _checkout: Option<tempfile::TempDir>,
}

/// `A..B`; `A..` means `A..HEAD`.
pub fn parse_range(rev: &str) -> Result<(String, String), String> {
    match rev.split_once("..") {
        Some((a, b)) if !a.is_empty() && !b.starts_with('.') => {
            let b = if b.is_empty() { "HEAD" } else { b };
            Ok((a.to_string(), b.to_string()))
        }
        _ => Err(format!(
            "--rev 应写成 <旧版本>..<新版本>，如 v1..HEAD（收到 `{rev}`）"
        )),
    }
}

/// A release directory, a workspace or a plan directory.
pub fn from_path(p: &Path) -> Result<Version, String> {
    let name = p.display().to_string();
    let version = |root: PathBuf, plan: Option<String>, name: String| Version {
        root,
        plan,
        name,
        _checkout: None,
    };
    if !p.is_dir() {
        return Err(format!("{name} 不是目录：应为发布目录、工作区或规划目录"));
    }
    if p.join("source").is_dir() {
        let name = p
            .canonicalize()
            .ok()
            .and_then(|c| c.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or(name);
        return Ok(version(p.join("source"), None, name));
    }
    if p.join("plan.yaml").is_file() {
        let abs = p
            .canonicalize()
            .map_err(|e| format!("无法读取 {name}：{e}"))?;
        let id = abs
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let root = abs
            .parent()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .unwrap_or_else(|| abs.clone());
        return Ok(version(root, Some(id), name));
    }
    if p.join("guihua.yaml").is_file() || p.join("plans").is_dir() {
        return Ok(version(p.to_path_buf(), None, name));
    }
    Err(format!(
        "{name} 既不是发布目录（含 source/），也不是工作区（含 guihua.yaml 或 plans/）或规划目录（含 plan.yaml）"
    ))
}

/// The workspace `ws`'s guihua.yaml and plans directory as they were at revision `rev` of
/// the git repository holding it, labelled `rev（<8 hex digits>）`.
pub fn from_git(ws: &Path, rev: &str) -> Result<Version, String> {
    let missing = |why: String| format!("git 版本 `{rev}` 不存在（仓库 {}）{why}", ws.display());
    let repo = git2::Repository::discover(ws)
        .map_err(|_| missing(format!("：{} 不在 git 仓库中", ws.display())))?;
    let commit = repo
        .revparse_single(rev)
        .and_then(|o| o.peel_to_commit())
        .map_err(|_| missing(String::new()))?;
    let id = commit.id().to_string();
    let unreadable = |e: git2::Error| format!("无法读取 git 版本 `{rev}`：{}", e.message());
    // The workspace may be a subdirectory of the repository: read the tree from there.
    let root = commit.tree().map_err(unreadable)?;
    let tree = match workspace_prefix(&repo, ws) {
        Some(prefix) if !prefix.as_os_str().is_empty() => root
            .get_path(&prefix)
            .and_then(|e| e.to_object(&repo))
            .and_then(|o| o.peel_to_tree())
            .ok(),
        _ => Some(root),
    };
    let tmp = tempfile::Builder::new()
        .prefix("guihua-diff-")
        .tempdir()
        .map_err(|e| format!("无法创建临时目录：{e}"))?;
    let write_failed = |e: std::io::Error| format!("无法写入临时目录：{e}");
    let blob = |tree: &git2::Tree, path: &Path| {
        let entry = tree.get_path(path).ok()?;
        repo.find_blob(entry.id()).ok()
    };
    let mut plans_dir = PathBuf::from("plans");
    if let Some(config) = tree
        .as_ref()
        .and_then(|t| blob(t, Path::new("guihua.yaml")))
    {
        std::fs::write(tmp.path().join("guihua.yaml"), config.content()).map_err(write_failed)?;
        plans_dir = crate::load::load_config(tmp.path()).0.plans_dir;
    }
    let plans = tree.as_ref().and_then(|t| {
        let entry = t.get_path(&relative(&plans_dir)?).ok()?;
        entry.to_object(&repo).ok()?.into_tree().ok()
    });
    let Some(plans) = plans else {
        return Err(format!(
            "无法从 git 版本 `{rev}` 取出 {}：该版本中没有这个目录",
            plans_dir.display()
        ));
    };
    materialise(&repo, &plans, &tmp.path().join(&plans_dir)).map_err(|e| match e {
        Materialise::Git(e) => unreadable(e),
        Materialise::Io(e) => write_failed(e),
    })?;
    let short = id.get(..8).unwrap_or(&id);
    Ok(Version {
        root: tmp.path().to_path_buf(),
        plan: None,
        name: format!("{rev}（{short}）"),
        _checkout: Some(tmp),
    })
}

/// Where the workspace is inside the repository's work tree.
fn workspace_prefix(repo: &git2::Repository, ws: &Path) -> Option<PathBuf> {
    let workdir = repo.workdir()?.canonicalize().ok()?;
    let ws = ws.canonicalize().ok()?;
    ws.strip_prefix(&workdir).ok().map(Path::to_path_buf)
}

/// A path inside the tree: `.` parts dropped; none for an absolute path or one with `..`.
fn relative(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    (!out.as_os_str().is_empty()).then_some(out)
}

enum Materialise {
    Git(git2::Error),
    Io(std::io::Error),
}

/// Write the files of `tree` below `dir`: blobs as files, subtrees as directories. Links and
/// submodules are left out, as are names that could step outside `dir`.
fn materialise(repo: &git2::Repository, tree: &git2::Tree, dir: &Path) -> Result<(), Materialise> {
    std::fs::create_dir_all(dir).map_err(Materialise::Io)?;
    for entry in tree.iter() {
        let Some(name) = entry
            .name()
            .ok()
            .filter(|n| !n.is_empty() && *n != "." && *n != ".." && !n.contains(['/', '\\']))
        else {
            continue;
        };
        let path = dir.join(name);
        match entry.kind() {
            Some(git2::ObjectType::Tree) => {
                let sub = repo.find_tree(entry.id()).map_err(Materialise::Git)?;
                materialise(repo, &sub, &path)?;
            }
            Some(git2::ObjectType::Blob) if entry.filemode() != 0o120000 => {
                let blob = repo.find_blob(entry.id()).map_err(Materialise::Git)?;
                std::fs::write(&path, blob.content()).map_err(Materialise::Io)?;
            }
            _ => {}
        }
    }
    Ok(())
}
