//! guihua（规划）：把结构化的规划源文件编译为 Markdown、HTML、PDF，检查规划内外的一致性，并发布征求意见稿。
//!
//! Data flows one way: [`load`] (files → model with spans) → checks (model → diagnostics) →
//! renderers (model → md / html / pdf) → release.

#![forbid(unsafe_code)]

pub mod diagnostic;
pub mod feedback;
pub mod files;
pub mod fix;
pub mod import;
pub mod load;
pub mod lsp;
pub mod model;
pub mod output;
pub mod registry;
pub mod release;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod serve;
pub mod source;
pub mod suggest;

pub mod build;
pub mod check;
pub mod cli;
pub mod diff;

/// Load a workspace and run every check on it: the `guihua check` pipeline as a function.
pub fn check_workspace(
    root: &std::path::Path,
) -> Result<(model::Workspace, diagnostic::Diagnostics), load::LoadError> {
    check_workspace_from(&files::Disk, root)
}

/// [`check_workspace`] on the files `fs` has: the disk, or editor buffers over it.
pub fn check_workspace_from(
    fs: &dyn files::FileSystem,
    root: &std::path::Path,
) -> Result<(model::Workspace, diagnostic::Diagnostics), load::LoadError> {
    let (ws, mut diags) = load::load_from(fs, root)?;
    diags.extend(check::run(&ws));
    diags.sort(&ws.sources);
    Ok((ws, diags))
}
