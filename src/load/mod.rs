//! Load a workspace: files → model with spans, plus every diagnostic found on the way.
//! This is the only module that touches the file system for sources; later stages get the
//! [`Workspace`] and never re-read or re-parse.

pub mod codes;
pub mod feedback;
pub(crate) mod parts;
mod plan;
pub mod reader;
mod recover;
mod relations;
mod resolve;
pub mod shapes;
pub mod yaml;

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::files::{Disk, FileSystem};
use crate::model::{Config, Workspace};
use crate::source::{FileId, SourceMap, Span};
use reader::{Diags, MapReader};
use yaml::Node;

pub use parts::stem_id;
pub use reader::is_valid_id;

/// Failure that stops loading before any source is read (exit code 2).
#[derive(Debug)]
pub struct LoadError(pub String);

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LoadError {}

/// Find the workspace root for `path`: the nearest directory, from `path` up, that holds a
/// guihua.yaml or a plans/ directory; `path` itself when there is none.
pub fn find_root(path: &Path) -> PathBuf {
    // Absolute first, so that "." can walk up to its parents.
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let path = abs.as_path();
    let start = if path.is_file() {
        path.parent().unwrap_or(path)
    } else {
        path
    };
    let mut dir = Some(start);
    while let Some(d) = dir {
        if d.join("guihua.yaml").is_file() || d.join("plans").is_dir() {
            return d.to_path_buf();
        }
        dir = d.parent();
    }
    start.to_path_buf()
}

pub(crate) struct Loader<'a> {
    /// Where every byte comes from.
    pub fs: &'a dyn FileSystem,
    pub root: PathBuf,
    pub sources: SourceMap,
    pub diags: Diags,
    /// What syntax-error recovery blanked out, per file.
    pub lost: Vec<recover::Lost>,
}

impl Loader<'_> {
    fn rel(&self, abs: &Path) -> PathBuf {
        abs.strip_prefix(&self.root).unwrap_or(abs).to_path_buf()
    }

    /// Register a file without readable text, so a diagnostic can still name it.
    pub fn placeholder(&mut self, abs: &Path) -> FileId {
        let rel = self.rel(abs);
        self.sources.add(rel, String::new())
    }

    /// Read and parse one YAML file. Returns the file id even when parsing failed.
    pub fn read(&mut self, abs: &Path) -> (FileId, Option<Node>) {
        let rel = self.rel(abs);
        let bytes = match self.fs.read(abs) {
            Ok(b) => b,
            Err(e) => {
                let id = self.sources.add(rel, String::new());
                self.diags.push(
                    Diagnostic::error(
                        codes::IO_ERROR,
                        Span::new(id, 0..0),
                        format!("无法读取文件：{e}"),
                    )
                    .with_hint("检查文件是否存在以及读取权限"),
                );
                return (id, None);
            }
        };
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
                let id = self.sources.add(rel, lossy);
                self.diags.push(
                    Diagnostic::error(
                        codes::INVALID_UTF8,
                        Span::new(id, at..at + 3),
                        "文件不是有效的 UTF-8 编码",
                    )
                    .with_label("从这里开始无法按 UTF-8 解码")
                    .with_hint("用 UTF-8 编码重新保存（例如在编辑器中选择“以 UTF-8 编码保存”）"),
                );
                return (id, None);
            }
        };
        let text = text
            .strip_prefix('\u{feff}')
            .map(str::to_string)
            .unwrap_or(text);
        let id = self.sources.add(rel, text);
        let (node, lost) = recover::parse(id, self.sources.get(id), &mut self.diags);
        if lost.error.is_some() {
            self.lost.push(lost);
        }
        if node.is_none() && !self.diags.iter().any(|d| d.span.file == id) {
            self.diags.push(
                Diagnostic::error(codes::EMPTY_FILE, Span::new(id, 0..0), "文件为空")
                    .with_label("没有内容")
                    .with_hint("写入内容，或删除这个文件"),
            );
        }
        (id, node)
    }
}

/// Load the workspace at `root` from the disk. Problems in the sources are diagnostics; only
/// an unusable root is an error.
pub fn load(root: &Path) -> Result<(Workspace, Diagnostics), LoadError> {
    load_from(&Disk, root)
}

/// Load the workspace at `root` as `fs` has it: the disk, or editor buffers over the disk
/// ([`crate::files::Overlay`]).
pub fn load_from(fs: &dyn FileSystem, root: &Path) -> Result<(Workspace, Diagnostics), LoadError> {
    load_inner(fs, root, true)
}

/// Load; with `releases`, also read each 征求意见 round's release from `<out_dir>/releases`
/// (not when loading a release's own snapshot).
fn load_inner(
    fs: &dyn FileSystem,
    root: &Path,
    releases: bool,
) -> Result<(Workspace, Diagnostics), LoadError> {
    if !fs.is_dir(root) {
        return Err(LoadError(format!("工作区目录不存在：{}", root.display())));
    }
    let mut loader = Loader {
        fs,
        root: root.to_path_buf(),
        sources: SourceMap::default(),
        diags: Vec::new(),
        lost: Vec::new(),
    };
    let config = read_config(&mut loader);
    let plans_dir = root.join(&config.plans_dir);
    let mut plans = Vec::new();
    if fs.is_dir(&plans_dir) {
        let mut dirs: Vec<PathBuf> = match fs.entries(&plans_dir) {
            Ok(entries) => entries.into_iter().filter(|p| fs.is_dir(p)).collect(),
            Err(e) => {
                return Err(LoadError(format!(
                    "无法读取规划目录 {}：{e}",
                    plans_dir.display()
                )));
            }
        };
        dirs.sort();
        for dir in dirs {
            if dir
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'))
            {
                continue;
            }
            if let Some(plan) = plan::load_plan(&mut loader, &dir) {
                plans.push(plan);
            }
        }
    }
    let mut ws = Workspace {
        root: root.to_path_buf(),
        config,
        sources: loader.sources,
        plans,
    };
    resolve::resolve_workspace(&mut ws, &mut loader.diags);
    if !loader.lost.is_empty() {
        let defined = |id: &str| {
            ws.plans.iter().any(|p| {
                p.column(id).is_some() || p.table(id).is_some() || p.indicator(id).is_some()
            })
        };
        recover::mark_caused(&loader.lost, &ws.sources, &mut loader.diags, defined);
    }
    if releases {
        feedback::attach_releases(fs, &mut ws);
    }
    let mut diags = Diagnostics::default();
    diags.extend(loader.diags);
    diags.sort(&ws.sources);
    Ok((ws, diags))
}

/// The configuration of the workspace at `root` (its guihua.yaml, or the defaults), without
/// reading any plan: for commands that need only the output or template directories or the
/// font chains. Problems in guihua.yaml come back as diagnostics.
pub fn load_config(root: &Path) -> (Config, Diagnostics) {
    let mut loader = Loader {
        fs: &Disk,
        root: root.to_path_buf(),
        sources: SourceMap::default(),
        diags: Vec::new(),
        lost: Vec::new(),
    };
    let config = read_config(&mut loader);
    let mut diags = Diagnostics::default();
    diags.extend(loader.diags);
    diags.sort(&loader.sources);
    (config, diags)
}

/// `rules: {T004: off, J002: error}`. Codes are checked against the registry by the checks.
fn read_rule_levels(node: &Node, config: &mut Config, diags: &mut Diags) {
    let yaml::NodeKind::Map(entries) = &node.kind else {
        diags.push(
            reader::wrong_type(node, "rules 应当是映射，如 `rules: {T004: off}`")
                .with_hint("每行写 `代码: off | error | warning | info`"),
        );
        return;
    };
    for (k, v) in entries {
        let Some(code) = reader::text(k, diags) else {
            continue;
        };
        if let Some(level) = reader::choice(v, "规则级别", &crate::diagnostic::Level::ALL, diags)
        {
            config.rules.push((code, level));
        }
    }
}

fn read_config(loader: &mut Loader) -> Config {
    let mut config = Config::default();
    let path = loader.root.join("guihua.yaml");
    if !loader.fs.is_file(&path) {
        return config;
    }
    let (_, node) = loader.read(&path);
    let Some(node) = node else { return config };
    let mut diags = Vec::new();
    if let Some(m) = MapReader::new(&node, &shapes::WORKSPACE, &mut diags) {
        for (key, slot) in [
            ("plans_dir", &mut config.plans_dir),
            ("out_dir", &mut config.out_dir),
            ("templates_dir", &mut config.templates_dir),
        ] {
            if let Some(t) = m.opt_text(key, &mut diags) {
                *slot = PathBuf::from(t.value);
            }
        }
        config.latin_allow = m.opt_list("latin_allow", &mut diags);
        if let Some(n) = m.get("pending_error_from") {
            let stages = crate::model::Stage::ALL.map(|s| (s, s.zh()));
            config.pending_error_from = reader::choice(n, "阶段", &stages, &mut diags);
        }
        if let Some(g) = m.get("glossary") {
            for entry in reader::seq(g, "glossary ", &mut diags) {
                let Some(em) = MapReader::new(entry, &shapes::GLOSSARY_ENTRY, &mut diags) else {
                    continue;
                };
                if let Some(name) = em.req_text("name", &mut diags) {
                    let variants = em.opt_list("variants", &mut diags);
                    let scope = em.opt_list("scope", &mut diags);
                    config.glossary.push(crate::model::GlossaryEntry {
                        name,
                        variants,
                        scope,
                    });
                }
            }
        }
        if let Some(rules) = m.get("rules") {
            read_rule_levels(rules, &mut config, &mut diags);
        }
        if let Some(fonts) = m.get("fonts")
            && let Some(fm) = MapReader::new(fonts, &shapes::FONTS, &mut diags)
        {
            for role in crate::model::FontRole::ALL {
                let chain = fm.opt_list(role.key(), &mut diags);
                if !chain.is_empty() {
                    config.fonts.push((role, chain));
                }
            }
        }
    }
    loader.diags.extend(diags);
    config
}
