//! `guihua build`: check, render every plan to the requested formats in memory, then write
//! each file atomically. Nothing is written when a check fails or a renderer fails, so the
//! previous outputs stay intact.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostics;
use crate::model::Workspace;
use crate::render::engine::Engine;
use crate::render::html::{self, IndexEntry};
use crate::render::markdown;
use crate::render::templates::TemplateSet;
use crate::render::view::PlanView;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum Format {
    Md,
    Html,
    Pdf,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Md, Format::Html, Format::Pdf];
}

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
}

/// Every output file of a build, held in memory until all renderers have succeeded.
struct Outputs(Vec<(PathBuf, Vec<u8>)>);

pub fn build(root: &Path, opts: &BuildOptions) -> Result<BuildReport, BuildError> {
    let (ws, diags) = crate::check_workspace(root).map_err(|e| BuildError::Io(e.to_string()))?;
    if diags.has_errors() {
        return Err(BuildError::Check(Box::new(ws), diags));
    }
    let out_dir = opts
        .out_dir
        .clone()
        .unwrap_or_else(|| ws.root.join(&ws.config.out_dir));
    let (outputs, notes) = match render_all(&ws, &opts.formats, &out_dir) {
        Ok(x) => x,
        Err((extra, msg)) => {
            let mut all = diags;
            all.extend(extra);
            all.sort(&ws.sources);
            return Err(BuildError::Render(Box::new(ws), all, msg));
        }
    };
    let mut written = Vec::new();
    for (path, bytes) in &outputs.0 {
        crate::output::write_atomic(path, bytes)
            .map_err(|e| BuildError::Io(format!("无法写入 {}：{e}", path.display())))?;
        written.push(path.clone());
    }
    Ok(BuildReport {
        workspace: ws,
        diagnostics: diags,
        written,
        notes,
    })
}

type RenderFailure = (Diagnostics, String);

fn render_all(
    ws: &Workspace,
    formats: &[Format],
    out_dir: &Path,
) -> Result<(Outputs, Vec<String>), RenderFailure> {
    let fail = |msg: String| (Diagnostics::default(), msg);
    let templates = TemplateSet::load(&ws.root.join(&ws.config.templates_dir)).map_err(fail)?;
    let engine = Engine::new(&templates).map_err(fail)?;
    let mut outputs = Outputs(Vec::new());
    let mut notes = Vec::new();
    let mut index = Vec::new();
    let mut formats = formats.to_vec();
    formats.sort();
    formats.dedup();
    let pdf = if formats.contains(&Format::Pdf) {
        let engine = crate::render::pdf::PdfEngine::new(ws).map_err(fail)?;
        notes.extend(engine.font_report());
        Some(engine)
    } else {
        None
    };
    for plan in &ws.plans {
        let view = PlanView::new(plan);
        let dir = out_dir.join(&plan.id);
        let mut entry = IndexEntry {
            id: plan.id.clone(),
            title: view.title.clone(),
            stage: view.stage.clone(),
            period: view.period.clone(),
            region: view.region.clone(),
            issuer: view.issuer.clone(),
            date: view.date.clone(),
            html: None,
            md: None,
            pdf: None,
        };
        for format in &formats {
            let (name, bytes) = match format {
                Format::Md => (
                    format!("{}.md", plan.id),
                    markdown::render_plan(&engine, &view)
                        .map_err(fail)?
                        .into_bytes(),
                ),
                Format::Html => (
                    "index.html".to_string(),
                    html::render_plan(&engine, &view)
                        .map_err(fail)?
                        .into_bytes(),
                ),
                Format::Pdf => {
                    let Some(pdf) = pdf.as_ref() else { continue };
                    let bytes = pdf
                        .render(ws, plan, &view, templates.get("plan.typ"))
                        .map_err(|d| {
                            let mut diags = Diagnostics::default();
                            diags.extend(d);
                            (diags, format!("规划 {} 的 PDF 无法生成", plan.id))
                        })?;
                    (format!("{}.pdf", plan.id), bytes)
                }
            };
            let link = format!("{}/{}", plan.id, name);
            match format {
                Format::Md => entry.md = Some(link),
                Format::Html => entry.html = Some(link),
                Format::Pdf => entry.pdf = Some(link),
            }
            outputs.0.push((dir.join(name), bytes));
        }
        index.push(entry);
    }
    if formats.contains(&Format::Html) {
        let s = html::render_index(&engine, &index).map_err(fail)?;
        outputs.0.push((out_dir.join("index.html"), s.into_bytes()));
    }
    for t in templates.overridden() {
        notes.push(format!("使用工作区模板 {}", t.display()));
    }
    Ok((outputs, notes))
}
