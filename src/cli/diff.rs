//! `guihua diff`: the 修订对照表 between two versions of one plan.
//!
//! Each side is a release directory (its `source/` snapshot), a workspace, or a plan directory
//! (`plans/<id>`); with `--rev A..B`, the two git revisions of the workspace, materialised
//! with `git archive` into temporary directories. Both sides are loaded; load errors in the
//! plan compared stop the diff (exit 1). Outputs are rendered in memory, then written
//! atomically: `<plan>-diff.md`, `.html`, `.pdf`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::build::Format;
use crate::diagnostic::{Diagnostics, render_human};
use crate::model::{Config, Plan, Workspace};
use crate::render::engine::Engine;
use crate::render::pdf::PdfEngine;
use crate::render::templates::TemplateSet;

pub struct Args {
    pub old: Option<PathBuf>,
    pub new: Option<PathBuf>,
    pub rev: Option<String>,
    pub plan: Option<String>,
    pub out: Option<PathBuf>,
    pub format: Vec<crate::build::Format>,
    pub workspace: PathBuf,
}

/// Why the command stopped: the exit code and the message.
struct Failure(u8, String);

fn usage(msg: impl Into<String>) -> Failure {
    Failure(2, msg.into())
}

/// One version, ready to load.
struct Side {
    /// Workspace root to load.
    root: PathBuf,
    /// The plan a plan directory names.
    plan: Option<String>,
    /// How the version is called: release name, revision, path.
    name: String,
    /// Keeps a git checkout alive until the diff is done.
    _tmp: Option<tempfile::TempDir>,
}

pub fn run(args: Args) -> u8 {
    match run_inner(args) {
        Ok(()) => 0,
        Err(Failure(code, msg)) => {
            if !msg.is_empty() {
                eprintln!("错误：{msg}");
            }
            code
        }
    }
}

fn run_inner(args: Args) -> Result<(), Failure> {
    // Absolute, so that the search for guihua.yaml / plans/ can go up from a subdirectory.
    let ws_root = crate::load::find_root(
        &args
            .workspace
            .canonicalize()
            .unwrap_or_else(|_| args.workspace.clone()),
    );
    let (old, new) = match (&args.rev, &args.old, &args.new) {
        (Some(rev), None, None) => {
            let (a, b) = parse_range(rev)?;
            (git_side(&ws_root, &a)?, git_side(&ws_root, &b)?)
        }
        (Some(_), _, _) => return Err(usage("--rev 与 <旧版本> <新版本> 不能同时使用")),
        (None, Some(o), Some(n)) => (path_side(o)?, path_side(n)?),
        _ => {
            return Err(usage(
                "需要两个版本：guihua diff <旧版本> <新版本>，或 guihua diff --rev <旧>..<新>",
            ));
        }
    };
    let mut formats = if args.format.is_empty() {
        Format::ALL.to_vec()
    } else {
        args.format.clone()
    };
    formats.sort();
    formats.dedup();
    // Loading the PDF fonts takes longer than everything else together: start it now, with
    // the new version's font configuration, while the two versions are loaded and compared.
    let mut pdf_engine = formats.contains(&Format::Pdf).then(|| {
        let ws = Workspace {
            config: workspace_config(&new.root),
            ..Workspace::default()
        };
        std::thread::spawn(move || PdfEngine::new(&ws))
    });
    let (old_ws, old_diags) = load(&old)?;
    let (new_ws, new_diags) = load(&new)?;
    let (old_id, new_id) = pick_plan(&args.plan, &old, &new, &old_ws, &new_ws)?;
    let old_plan = old_ws
        .plan(&old_id)
        .ok_or_else(|| usage(format!("旧版本 {} 中没有规划 {old_id}", old.name)))?;
    let new_plan = new_ws
        .plan(&new_id)
        .ok_or_else(|| usage(format!("新版本 {} 中没有规划 {new_id}", new.name)))?;
    let color = super::use_color(super::ColorChoice::Auto, std::io::stderr().is_terminal());
    let mut failed = false;
    for (side, ws, diags, plan, which) in [
        (&old, &old_ws, &old_diags, old_plan, "旧版本"),
        (&new, &new_ws, &new_diags, new_plan, "新版本"),
    ] {
        let errors = plan_errors(ws, diags, plan);
        if !errors.is_empty() {
            eprintln!("{which} {} 的源文件有错误：", side.name);
            eprint!("{}", render_human(&ws.sources, &errors, color));
            failed = true;
        }
    }
    if failed {
        return Err(Failure(1, "源文件有错误，未生成修订对照表".into()));
    }

    let d = crate::diff::diff_plans(old_plan, new_plan)
        .with_labels(&label(&old, old_plan), &label(&new, new_plan));

    let config = if new.root == ws_root {
        new_ws.config.clone()
    } else {
        workspace_config(&ws_root)
    };
    let out_dir = args.out.clone().unwrap_or_else(|| {
        ws_root
            .join(&config.out_dir)
            .join("diff")
            .join(&new_plan.id)
    });
    let templates =
        TemplateSet::load(&ws_root.join(&config.templates_dir)).map_err(|e| Failure(2, e))?;
    let engine = Engine::new(&templates).map_err(|e| Failure(2, e))?;
    let stem = format!("{}-diff", new_plan.id);
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for format in &formats {
        let (ext, bytes) = match format {
            Format::Md => (
                "md",
                crate::diff::render_md(&engine, &d)
                    .map_err(|e| Failure(2, e))?
                    .into_bytes(),
            ),
            Format::Html => (
                "html",
                crate::diff::render_html(&engine, &d)
                    .map_err(|e| Failure(2, e))?
                    .into_bytes(),
            ),
            Format::Pdf => {
                let engine = match pdf_engine.take().map(std::thread::JoinHandle::join) {
                    Some(Ok(engine)) => engine,
                    _ => PdfEngine::new(&new_ws),
                };
                let bytes = engine.and_then(|e| render_pdf(&e, new_plan, &templates, &d));
                (
                    "pdf",
                    bytes.map_err(|e| Failure(1, format!("修订对照表的 PDF 无法生成：{e}")))?,
                )
            }
        };
        files.push((out_dir.join(format!("{stem}.{ext}")), bytes));
    }
    for (path, bytes) in &files {
        crate::output::write_atomic(path, bytes)
            .map_err(|e| Failure(2, format!("无法写入 {}：{e}", path.display())))?;
        println!("已写入 {}", path.display());
    }
    let s = &d.summary;
    eprintln!(
        "修订对照表：{} 处修改（新增 {}、删除 {}、修改 {}、移动 {}），指标变化 {} 项，编号变动 {} 处",
        s.entries, s.added, s.removed, s.changed, s.moved, s.indicator_rows, s.shifts
    );
    Ok(())
}

fn render_pdf(
    engine: &PdfEngine,
    plan: &Plan,
    templates: &TemplateSet,
    d: &crate::diff::PlanDiff,
) -> Result<Vec<u8>, String> {
    // A workspace override, else the built-in (compiled in here while the template set does
    // not list diff.typ yet).
    let template = match templates.get("diff.typ") {
        "" => include_str!("../../templates/diff.typ"),
        t => t,
    };
    engine.render_document(
        template,
        d,
        &format!("guihua/{}/diff", plan.id),
        plan.document_date(),
    )
}

/// `A..B`; `A..` means `A..HEAD`.
fn parse_range(rev: &str) -> Result<(String, String), Failure> {
    match rev.split_once("..") {
        Some((a, b)) if !a.is_empty() && !b.starts_with('.') => {
            let b = if b.is_empty() { "HEAD" } else { b };
            Ok((a.to_string(), b.to_string()))
        }
        _ => Err(usage(format!(
            "--rev 应写成 <旧版本>..<新版本>，如 v1..HEAD（收到 `{rev}`）"
        ))),
    }
}

fn path_side(p: &Path) -> Result<Side, Failure> {
    let name = p.display().to_string();
    if !p.is_dir() {
        return Err(usage(format!(
            "{name} 不是目录：应为发布目录、工作区或规划目录"
        )));
    }
    if p.join("source").is_dir() {
        let name = p
            .canonicalize()
            .ok()
            .and_then(|c| c.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or(name);
        return Ok(Side {
            root: p.join("source"),
            plan: None,
            name,
            _tmp: None,
        });
    }
    if p.join("plan.yaml").is_file() {
        let abs = p
            .canonicalize()
            .map_err(|e| usage(format!("无法读取 {name}：{e}")))?;
        let id = abs
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let root = abs
            .parent()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .unwrap_or_else(|| abs.clone());
        return Ok(Side {
            root,
            plan: Some(id),
            name,
            _tmp: None,
        });
    }
    if p.join("guihua.yaml").is_file() || p.join("plans").is_dir() {
        return Ok(Side {
            root: p.to_path_buf(),
            plan: None,
            name,
            _tmp: None,
        });
    }
    Err(usage(format!(
        "{name} 既不是发布目录（含 source/），也不是工作区（含 guihua.yaml 或 plans/）或规划目录（含 plan.yaml）"
    )))
}

fn git(ws: &Path, args: &[&str]) -> Result<std::process::Output, Failure> {
    Command::new("git")
        .arg("-C")
        .arg(ws)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => usage("未找到 git：--rev 需要安装 git"),
            _ => usage(format!("无法运行 git：{e}")),
        })
}

fn stderr_text(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).trim().to_string()
}

/// The workspace's `guihua.yaml` and plans directory as they were at `rev`.
fn git_side(ws: &Path, rev: &str) -> Result<Side, Failure> {
    let verify = git(
        ws,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
    )?;
    if !verify.status.success() {
        let why = stderr_text(&verify);
        let why = if why.is_empty() {
            String::new()
        } else {
            format!("：{why}")
        };
        return Err(usage(format!(
            "git 版本 `{rev}` 不存在（仓库 {}）{why}",
            ws.display()
        )));
    }
    let commit = String::from_utf8_lossy(&verify.stdout).trim().to_string();
    let tmp = tempfile::Builder::new()
        .prefix("guihua-diff-")
        .tempdir()
        .map_err(|e| usage(format!("无法创建临时目录：{e}")))?;
    let config = git(ws, &["show", &format!("{commit}:./guihua.yaml")])?;
    let mut plans_dir = PathBuf::from("plans");
    if config.status.success() {
        std::fs::write(tmp.path().join("guihua.yaml"), &config.stdout)
            .map_err(|e| usage(format!("无法写入临时目录：{e}")))?;
        if let Ok((ws, _)) = crate::load::load(tmp.path()) {
            plans_dir = ws.config.plans_dir;
        }
    }
    let mut archive = Command::new("git")
        .arg("-C")
        .arg(ws)
        .args(["archive", "--format=tar", &commit, "--"])
        .arg(&plans_dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| usage(format!("无法运行 git archive：{e}")))?;
    let Some(stdout) = archive.stdout.take() else {
        return Err(usage("无法读取 git archive 的输出"));
    };
    let tar = Command::new("tar")
        .arg("-x")
        .arg("-C")
        .arg(tmp.path())
        .stdin(stdout)
        .stderr(Stdio::piped())
        .output();
    let archived = archive
        .wait_with_output()
        .map_err(|e| usage(format!("git archive 失败：{e}")))?;
    if !archived.status.success() {
        return Err(usage(format!(
            "无法从 git 版本 `{rev}` 取出 {}：{}",
            plans_dir.display(),
            stderr_text(&archived)
        )));
    }
    let tar = tar.map_err(|e| usage(format!("无法运行 tar：{e}")))?;
    if !tar.status.success() {
        return Err(usage(format!("tar 解包失败：{}", stderr_text(&tar))));
    }
    let short = commit.get(..8).unwrap_or(&commit);
    Ok(Side {
        root: tmp.path().to_path_buf(),
        plan: None,
        name: format!("{rev}（{short}）"),
        _tmp: Some(tmp),
    })
}

fn load(side: &Side) -> Result<(Workspace, Diagnostics), Failure> {
    crate::load::load(&side.root).map_err(|e| usage(format!("无法读取 {}：{e}", side.name)))
}

/// Errors located in the plan's own files or in guihua.yaml: those make the model unreliable.
fn plan_errors(ws: &Workspace, diags: &Diagnostics, plan: &Plan) -> Diagnostics {
    let mut out = Diagnostics::default();
    for d in diags
        .iter()
        .filter(|d| d.severity == crate::diagnostic::Severity::Error)
    {
        let path = ws.sources.path(d.span.file);
        if path.starts_with(&plan.dir) || path == Path::new("guihua.yaml") {
            out.push(d.clone());
        }
    }
    out
}

/// The plan to compare on each side: `--plan`, what a plan directory names, or the only
/// plan both versions have.
fn pick_plan(
    flag: &Option<String>,
    old: &Side,
    new: &Side,
    ow: &Workspace,
    nw: &Workspace,
) -> Result<(String, String), Failure> {
    if let Some(id) = flag {
        return Ok((id.clone(), id.clone()));
    }
    match (&old.plan, &new.plan) {
        (Some(a), Some(b)) => return Ok((a.clone(), b.clone())),
        (Some(a), None) | (None, Some(a)) => return Ok((a.clone(), a.clone())),
        (None, None) => {}
    }
    let common: Vec<&str> = nw
        .plans
        .iter()
        .map(|p| p.id.as_str())
        .filter(|id| ow.plan(id).is_some())
        .collect();
    match common.as_slice() {
        [one] => Ok((one.to_string(), one.to_string())),
        [] => Err(usage(
            "两个版本中没有相同 id 的规划；用 --plan 指定，或直接给出规划目录",
        )),
        many => Err(usage(format!(
            "两个版本中都有多个规划（{}），请用 --plan 指定其中一个",
            many.join("、")
        ))),
    }
}

fn label(side: &Side, plan: &Plan) -> String {
    format!("{} {}", side.name, crate::diff::version_label(plan))
}

/// The configuration of a workspace without loading its plans.
fn workspace_config(root: &Path) -> Config {
    let file = root.join("guihua.yaml");
    if !file.is_file() {
        return Config::default();
    }
    let Ok(tmp) = tempfile::tempdir() else {
        return Config::default();
    };
    if std::fs::copy(&file, tmp.path().join("guihua.yaml")).is_err() {
        return Config::default();
    }
    crate::load::load(tmp.path())
        .map(|(ws, _)| ws.config)
        .unwrap_or_default()
}
