//! `guihua build`: check, render every plan to the requested formats in memory, then write
//! each file atomically. Nothing is written when a check fails or a renderer fails, so the
//! previous outputs stay intact.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostics;
use crate::model::Workspace;
pub use crate::output::Format;
use crate::output::{Document, File, HtmlSite, Job, LazyPdf, Outputs};
use crate::render::html::IndexEntry;
use crate::render::view::PlanView;

pub struct BuildOptions {
    pub formats: Vec<Format>,
    /// Overrides the workspace's out_dir.
    pub out_dir: Option<PathBuf>,
}

/// Why a build produced nothing.
pub enum BuildError {
    /// The sources have errors; nothing was rendered.
    Check(Box<Workspace>, Diagnostics),
    /// Rendering failed (a template error, a font problem); nothing was written.
    Render(Box<Workspace>, Diagnostics, String),
    /// The workspace could not be read or an output could not be written.
    Io(String),
}

pub struct BuildReport {
    pub workspace: Workspace,
    /// Warnings and hints from the checks (errors stop the build).
    pub diagnostics: Diagnostics,
    pub written: Vec<PathBuf>,
    pub notes: Vec<String>,
    /// The plans rendered: every plan, or the one a plan folder named.
    pub built: Vec<String>,
}

pub fn build(root: &Path, opts: &BuildOptions) -> Result<BuildReport, BuildError> {
    build_at(root, Path::new(""), opts)
}

/// [`build`] for a path inside the workspace: when `inside` lies in a plan's folder, only
/// that plan is checked (its parents loaded for the relations), gated and rendered, and the
/// index page is left as it is; otherwise the whole workspace.
pub fn build_at(
    root: &Path,
    inside: &Path,
    opts: &BuildOptions,
) -> Result<BuildReport, BuildError> {
    build_reporting(root, inside, opts, &mut |_, _| {})
}

/// [`build_at`], calling `progress(done, total)` as each plan (or the index) is rendered.
pub fn build_reporting(
    root: &Path,
    inside: &Path,
    opts: &BuildOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<BuildReport, BuildError> {
    let (ws, mut diags) =
        crate::check_workspace(root).map_err(|e| BuildError::Io(e.to_string()))?;
    let only = ws.plan_at(inside).map(|p| p.id.clone());
    if let Some(plan) = only.as_deref().and_then(|id| ws.plan(id)) {
        ws.keep_plan(plan, &mut diags);
    }
    if diags.has_errors() {
        return Err(BuildError::Check(Box::new(ws), diags));
    }
    let out_dir = opts
        .out_dir
        .clone()
        .unwrap_or_else(|| ws.root.join(&ws.config.out_dir));
    let rendered = render_all(&ws, &opts.formats, &out_dir, only.as_deref(), progress);
    let (outputs, notes) = match rendered {
        Ok(x) => x,
        Err((extra, msg)) => {
            let mut all = diags;
            all.extend(extra);
            all.sort(&ws.sources);
            return Err(BuildError::Render(Box::new(ws), all, msg));
        }
    };
    let mut written = Vec::new();
    crate::output::write_all(&outputs, |p| written.push(p.to_path_buf()))
        .map_err(BuildError::Io)?;
    let built = match only {
        Some(id) => vec![id],
        None => ws.plans.iter().map(|p| p.id.clone()).collect(),
    };
    Ok(BuildReport {
        workspace: ws,
        diagnostics: diags,
        written,
        notes,
        built,
    })
}

/// Every plan in `formats`, then the index page and the web fonts (out/fonts/), all in
/// memory; or the one plan `only` (and the fonts), the index left as it is.
fn render_all(
    ws: &Workspace,
    formats: &[Format],
    out_dir: &Path,
    only: Option<&str>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(Vec<File>, Vec<String>), (Diagnostics, String)> {
    let fail = |msg: String| (Diagnostics::default(), msg);
    let formats = Format::selection(formats);
    let mut outputs = Outputs::new(
        &ws.root.join(&ws.config.templates_dir),
        LazyPdf::new(ws.config.clone()),
    )
    .map_err(fail)?;
    outputs.html = HtmlSite {
        fonts: Some(out_dir.join("fonts")),
        index: Some(out_dir.join("index.html")),
    };
    let mut notes = outputs.prepare(&formats).map_err(fail)?;
    let plans: Vec<_> = ws
        .plans
        .iter()
        .filter(|p| only.is_none_or(|id| id == p.id))
        .collect();
    let views: Vec<PlanView> = plans.iter().map(|p| PlanView::new(p)).collect();
    let mut index = Vec::new();
    let mut jobs = Vec::new();
    for (&plan, view) in plans.iter().zip(&views) {
        let dir = out_dir.join(&plan.id);
        let id = plan.id.as_str();
        // A plan's web page is its directory's index.html.
        let job = Job::named(Document::Plan { ws, plan, view }, move |ext| match ext {
            "html" => dir.join("index.html"),
            _ => dir.join(format!("{id}.{ext}")),
        });
        let mut entry = IndexEntry {
            plan: view,
            outputs: Vec::new(),
            html: None,
            md: None,
            pdf: None,
        };
        for format in job.formats(&formats) {
            let path = job.path(format);
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            entry.link(
                format.renderer().name(),
                format.extension(),
                format!("{id}/{name}"),
            );
        }
        jobs.push(job);
        index.push(entry);
    }
    if only.is_none() {
        jobs.push(Job::new(Document::Index(&index), out_dir.join("index")));
    }
    let rendered = outputs.render_counting(&jobs, &formats, progress);
    let mut files = rendered.map_err(|(_, e)| {
        let mut diags = Diagnostics::default();
        diags.extend(e.diagnostics);
        (diags, e.message)
    })?;
    files.extend(outputs.html_assets(&files));
    for t in outputs.templates.overridden() {
        notes.push(format!("使用工作区模板 {}", t.display()));
    }
    Ok((files, notes))
}
