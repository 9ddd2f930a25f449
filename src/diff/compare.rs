//! The `guihua diff` pipeline as a function: find the two versions, load them, refuse a plan
//! with errors, compare, render the 修订对照表 in the formats asked for and write it
//! atomically to `<plan>-diff.<ext>`.

use std::path::{Path, PathBuf};

use super::versions::{self, Version};
use super::{Summary, diff_plans, version_label};
use crate::diagnostic::{Diagnostics, Severity};
use crate::model::{Plan, Workspace};
use crate::output::{Document, Format, Job, LazyPdf, Outputs, PdfMeta};
use crate::render::view::PlanView;

/// Where the two versions are.
pub enum Versions {
    /// Release directories, workspaces or plan directories.
    Paths(PathBuf, PathBuf),
    /// `A..B`: two git revisions of the workspace.
    Revisions(String),
}

pub struct Request {
    pub versions: Versions,
    /// The plan to compare; needed when both versions hold several.
    pub plan: Option<String>,
    /// Overrides `<out_dir>/diff/<plan>`.
    pub out: Option<PathBuf>,
    /// None means all.
    pub formats: Vec<Format>,
    /// The workspace of `--rev`, the templates and the default output directory.
    pub workspace: PathBuf,
}

/// The errors of the plan compared in one version.
pub struct SourceErrors {
    /// 旧版本 or 新版本.
    pub which: &'static str,
    /// How the version is called.
    pub name: String,
    pub workspace: Box<Workspace>,
    pub errors: Diagnostics,
}

pub enum DiffError {
    /// A version cannot be found or read, a template is broken, an output cannot be written.
    Failed(String),
    /// The plan has errors in one version or both: the comparison would be unreliable.
    Sources(Vec<SourceErrors>),
    /// The PDF could not be typeset.
    Typesetting(String),
}

impl From<String> for DiffError {
    fn from(message: String) -> DiffError {
        DiffError::Failed(message)
    }
}

/// Run the comparison; `written` is called after each file is written.
pub fn compare(req: &Request, written: impl FnMut(&Path)) -> Result<Summary, DiffError> {
    // Absolute, so that the search for guihua.yaml / plans/ can go up from a subdirectory.
    let ws_root = crate::load::find_root(
        &req.workspace
            .canonicalize()
            .unwrap_or_else(|_| req.workspace.clone()),
    );
    let (old, new) = match &req.versions {
        Versions::Revisions(rev) => {
            let (a, b) = versions::parse_range(rev)?;
            (
                versions::from_git(&ws_root, &a)?,
                versions::from_git(&ws_root, &b)?,
            )
        }
        Versions::Paths(o, n) => (versions::from_path(o)?, versions::from_path(n)?),
    };
    let formats = Format::selection(&Format::asked_or_all(req.formats.clone()));
    // Loading the PDF fonts takes longer than everything else together: start it now, with
    // the new version's font configuration, while the two versions are loaded and compared.
    let fonts = crate::load::load_config(&new.root).0;
    let pdf = if formats.contains(&Format::Pdf) {
        LazyPdf::start(fonts)
    } else {
        LazyPdf::new(fonts)
    };
    let (old_ws, old_diags) = load(&old)?;
    let (new_ws, new_diags) = load(&new)?;
    let (old_id, new_id) = pick_plan(&req.plan, &old, &new, &old_ws, &new_ws)?;
    let old_plan = old_ws
        .plan(&old_id)
        .ok_or_else(|| format!("旧版本 {} 中没有规划 {old_id}", old.name))?;
    let new_plan = new_ws
        .plan(&new_id)
        .ok_or_else(|| format!("新版本 {} 中没有规划 {new_id}", new.name))?;
    let old_errors = plan_errors(&old_ws, &old_diags, old_plan);
    let new_errors = plan_errors(&new_ws, &new_diags, new_plan);
    if !old_errors.is_empty() || !new_errors.is_empty() {
        let sides = [
            ("旧版本", old, old_ws, old_errors),
            ("新版本", new, new_ws, new_errors),
        ];
        let failed = sides
            .into_iter()
            .filter(|(.., errors)| !errors.is_empty())
            .map(|(which, version, ws, errors)| SourceErrors {
                which,
                name: version.name,
                workspace: Box::new(ws),
                errors,
            });
        return Err(DiffError::Sources(failed.collect()));
    }

    let mut diff =
        diff_plans(old_plan, new_plan).with_labels(&label(&old, old_plan), &label(&new, new_plan));
    // 修改理由 from the comments of the round the old version was released for.
    let rounds = crate::feedback::reasons::rounds_for(new_plan, &old.name);
    crate::feedback::reasons::attribute(&mut diff, new_plan, &rounds);
    let config = if new.root == ws_root {
        new_ws.config.clone()
    } else {
        crate::load::load_config(&ws_root).0
    };
    let out_dir = req.out.clone().unwrap_or_else(|| {
        ws_root
            .join(&config.out_dir)
            .join("diff")
            .join(&new_plan.id)
    });
    let outputs = Outputs::new(&ws_root.join(&config.templates_dir), pdf)?;
    let document = Document::Diff {
        diff: &diff,
        pdf: PdfMeta {
            ident: format!("guihua/{}/diff", new_plan.id),
            date: new_plan.document_date(),
        },
    };
    let (old_view, new_view) = (PlanView::new(old_plan), PlanView::new(new_plan));
    // The 修订稿: the new version with every change tracked, by the issuing body.
    let revised = Document::Revision {
        config: &config,
        old: &old_view,
        new: &new_view,
        author: new_view.issuer.clone(),
        date: new_plan.document_date(),
    };
    let jobs = [
        Job::new(document, out_dir.join(format!("{}-diff", new_plan.id))),
        Job::new(revised, out_dir.join(format!("{}-revised", new_plan.id))),
    ];
    let files = outputs
        .render(&jobs, &formats)
        .map_err(|(_, e)| match e.typesetting {
            true => DiffError::Typesetting(format!("修订对照表的 PDF 无法生成：{}", e.message)),
            false => DiffError::Failed(e.message),
        })?;
    crate::output::write_all(&files, written)?;
    drop(jobs);
    Ok(diff.summary)
}

fn load(version: &Version) -> Result<(Workspace, Diagnostics), String> {
    crate::load::load(&version.root).map_err(|e| format!("无法读取 {}：{e}", version.name))
}

/// Errors located in the plan's own files or in guihua.yaml: those make the model unreliable.
fn plan_errors(ws: &Workspace, diags: &Diagnostics, plan: &Plan) -> Diagnostics {
    let mut out = Diagnostics::default();
    for d in diags.iter().filter(|d| d.severity == Severity::Error) {
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
    old: &Version,
    new: &Version,
    old_ws: &Workspace,
    new_ws: &Workspace,
) -> Result<(String, String), String> {
    if let Some(id) = flag {
        return Ok((id.clone(), id.clone()));
    }
    match (&old.plan, &new.plan) {
        (Some(a), Some(b)) => return Ok((a.clone(), b.clone())),
        (Some(a), None) | (None, Some(a)) => return Ok((a.clone(), a.clone())),
        (None, None) => {}
    }
    let common: Vec<&str> = new_ws
        .plans
        .iter()
        .map(|p| p.id.as_str())
        .filter(|id| old_ws.plan(id).is_some())
        .collect();
    match common.as_slice() {
        [one] => Ok((one.to_string(), one.to_string())),
        [] => Err("两个版本中没有相同 id 的规划；用 --plan 指定，或直接给出规划目录".into()),
        many => Err(format!(
            "两个版本中都有多个规划（{}），请用 --plan 指定其中一个",
            many.join("、")
        )),
    }
}

fn label(version: &Version, plan: &Plan) -> String {
    format!("{} {}", version.name, version_label(plan))
}
