//! The output layer: every document guihua writes (plans, diffs, release documents, the
//! workspace index) in every format, through one [`Renderer`] per format.
//!
//! A command builds one [`Outputs`] (the template set, the tera engine and a lazily created
//! PDF engine), describes what it wants as [`Job`]s and asks for them in the formats it wants
//! in one call to [`Outputs::render`]. Everything is rendered in memory; [`write_all`] then
//! writes each file atomically, so a failed render writes nothing.
//!
//! Adding a format is one file beside this one (a [`Renderer`]) and one line in the
//! [`formats!`] registry below.

mod docx;
mod html;
mod md;
mod pdf;

pub use html::HtmlSite;

use std::cell::{OnceCell, RefCell};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use crate::diagnostic::Diagnostic;
use crate::diff::PlanDiff;
use crate::model::{Config, Plan, PlanDate, Workspace};
use crate::render::engine::Engine;
use crate::render::html::IndexEntry;
use crate::render::pdf::PdfEngine;
use crate::render::templates::TemplateSet;
use crate::render::view::PlanView;

/// The registry: one line per format, `Variant => renderer`. The variant's lowercase name is
/// its `--format` value; the order is the order in which formats are rendered and written.
macro_rules! formats {
    ($($variant:ident => $renderer:expr),* $(,)?) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
        pub enum Format {
            $($variant),*
        }

        impl Format {
            /// Every format, in registry order.
            pub const ALL: &'static [Format] = &[$(Format::$variant),*];

            pub fn renderer(self) -> &'static dyn Renderer {
                match self {
                    $(Format::$variant => &$renderer),*
                }
            }
        }
    };
}

formats! {
    Md => md::Markdown,
    Html => html::Html,
    Pdf => pdf::Pdf,
    Docx => docx::Docx,
}

impl Format {
    pub fn extension(self) -> &'static str {
        self.renderer().extension()
    }

    /// The formats asked for on a command line: none means all.
    pub fn asked_or_all(asked: Vec<Format>) -> Vec<Format> {
        if asked.is_empty() {
            Format::ALL.to_vec()
        } else {
            asked
        }
    }

    /// The formats asked for, each once, in registry order.
    pub fn selection(asked: &[Format]) -> Vec<Format> {
        let mut formats = asked.to_vec();
        formats.sort();
        formats.dedup();
        formats
    }
}

/// How the PDF renderer names and dates a document other than a plan.
pub struct PdfMeta {
    /// The PDF's document id, e.g. `guihua/<plan>/notice`.
    pub ident: String,
    pub date: PlanDate,
}

/// One document to render.
pub enum Document<'a> {
    Plan {
        ws: &'a Workspace,
        plan: &'a Plan,
        view: &'a PlanView,
    },
    /// A 修订对照表 (the diff command's, or a release's revision table).
    Diff { diff: &'a PlanDiff, pdf: PdfMeta },
    /// A page with its own templates `<template>.md`, `.html`, `.typ`, which receive `data`
    /// as `key` (the 征求意见 notice, the comment form).
    Page {
        template: &'static str,
        key: &'static str,
        data: serde_json::Value,
        pdf: PdfMeta,
    },
    /// The workspace's index page (HTML only).
    Index(&'a [IndexEntry<'a>]),
    /// The 修订稿: version `new` with every change from `old` as a tracked change, by
    /// `author` on `date` (DOCX only: Word's and WPS's 审阅 accept or reject each change).
    Revision {
        config: &'a Config,
        old: &'a PlanView,
        new: &'a PlanView,
        author: String,
        date: PlanDate,
    },
}

impl Document<'_> {
    /// The pages every format writes (the index and the 修订稿 are for one format each).
    fn is_page_like(&self) -> bool {
        !matches!(self, Document::Index(_) | Document::Revision { .. })
    }
}

/// A document and where its files go.
pub struct Job<'a> {
    pub document: Document<'a>,
    path: Box<dyn Fn(&str) -> PathBuf + 'a>,
}

impl<'a> Job<'a> {
    /// Files named `<stem>.<extension>`.
    pub fn new(document: Document<'a>, stem: impl Into<PathBuf>) -> Job<'a> {
        let stem = stem.into();
        Job::named(document, move |ext| {
            let mut name = stem.clone().into_os_string();
            name.push(".");
            name.push(ext);
            PathBuf::from(name)
        })
    }

    /// Files named by `path(extension)`.
    pub fn named(document: Document<'a>, path: impl Fn(&str) -> PathBuf + 'a) -> Job<'a> {
        Job {
            document,
            path: Box::new(path),
        }
    }

    pub fn path(&self, format: Format) -> PathBuf {
        (self.path)(format.extension())
    }

    /// The formats of `formats` that render this document.
    pub fn formats(&self, formats: &[Format]) -> Vec<Format> {
        formats
            .iter()
            .copied()
            .filter(|f| f.renderer().accepts(&self.document))
            .collect()
    }
}

/// One rendered file, in memory.
pub struct File {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    pub format: Format,
}

/// Why a renderer produced nothing.
#[derive(Debug)]
pub struct RenderFailure {
    /// Problems located in the sources (a character no font has …).
    pub diagnostics: Vec<Diagnostic>,
    pub message: String,
    /// Typesetting failed on the content (the PDF), rather than a template or the tool.
    pub typesetting: bool,
}

impl RenderFailure {
    pub fn message(message: impl Into<String>) -> RenderFailure {
        RenderFailure {
            diagnostics: Vec::new(),
            message: message.into(),
            typesetting: false,
        }
    }
}

/// A format: its name, its file extension, and how it renders each document.
pub trait Renderer: Sync {
    fn name(&self) -> &'static str;
    fn extension(&self) -> &'static str;
    /// Whether the format renders this document at all (the index is HTML only).
    fn accepts(&self, _document: &Document) -> bool {
        true
    }
    /// Work to do once before rendering, with notes for the user (the PDF fonts in use).
    fn prepare(&self, _outputs: &Outputs) -> Result<Vec<String>, String> {
        Ok(Vec::new())
    }
    fn render(&self, outputs: &Outputs, document: &Document) -> Result<Vec<u8>, RenderFailure>;
    /// Render a job's document as one of its files, knowing the job's other `formats` (a
    /// page links to them). By default, as [`Renderer::render`].
    fn render_job(
        &self,
        outputs: &Outputs,
        job: &Job,
        formats: &[Format],
    ) -> Result<Vec<u8>, RenderFailure> {
        let _ = formats;
        self.render(outputs, &job.document)
    }
}

/// A [`Document::Page`] through its tera template `<template>.<extension>`.
/// A page document through its template; `links` (the web fonts) for HTML.
fn tera_page(
    engine: &Engine,
    page: &Document,
    extension: &str,
    links: Option<&crate::render::html::PageLinks>,
) -> Result<String, String> {
    match page {
        Document::Page {
            template,
            key,
            data,
            ..
        } => {
            let mut ctx = crate::render::engine::context(key, data);
            if let Some(links) = links {
                ctx.insert("page", links);
            }
            engine.render(&format!("{template}.{extension}"), &ctx)
        }
        _ => Ok(String::new()),
    }
}

/// The PDF engine, created on first use: loading the fonts is slow, so a command may start
/// it on a thread early ([`LazyPdf::start`]) and collect it when the first PDF is rendered.
pub struct LazyPdf {
    config: Config,
    starting: RefCell<Option<JoinHandle<Result<PdfEngine, String>>>>,
    engine: OnceCell<Result<PdfEngine, String>>,
}

impl LazyPdf {
    /// An engine with the fonts configured in `config`, not loaded yet.
    pub fn new(config: Config) -> LazyPdf {
        LazyPdf {
            config,
            starting: RefCell::new(None),
            engine: OnceCell::new(),
        }
    }

    /// Load the fonts now, on a thread.
    pub fn start(config: Config) -> LazyPdf {
        let ws = workspace_with(config.clone());
        let pdf = LazyPdf::new(config);
        *pdf.starting.borrow_mut() = Some(std::thread::spawn(move || PdfEngine::new(&ws)));
        pdf
    }

    /// The workspace configuration the engine was made for (its font chains).
    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn get(&self) -> Result<&PdfEngine, String> {
        self.engine
            .get_or_init(|| {
                let started = self.starting.borrow_mut().take();
                match started.map(JoinHandle::join) {
                    Some(Ok(engine)) => engine,
                    _ => PdfEngine::new(&workspace_with(self.config.clone())),
                }
            })
            .as_ref()
            .map_err(Clone::clone)
    }
}

fn workspace_with(config: Config) -> Workspace {
    Workspace {
        config,
        ..Workspace::default()
    }
}

/// What every renderer of one command shares.
pub struct Outputs {
    pub templates: TemplateSet,
    pub engine: Engine,
    pub pdf: LazyPdf,
    /// Where HTML pages find their fonts and the index (default: nowhere).
    pub html: HtmlSite,
}

impl Outputs {
    /// The templates of `templates_dir` (built-ins where it has none) and the PDF engine.
    pub fn new(templates_dir: &Path, pdf: LazyPdf) -> Result<Outputs, String> {
        let templates = TemplateSet::load(templates_dir)?;
        let engine = Engine::new(&templates)?;
        Ok(Outputs {
            templates,
            engine,
            pdf,
            html: HtmlSite::default(),
        })
    }

    /// Each format's one-time preparation, in order; the notes they give.
    pub fn prepare(&self, formats: &[Format]) -> Result<Vec<String>, String> {
        let mut notes = Vec::new();
        for format in formats {
            notes.extend(format.renderer().prepare(self)?);
        }
        Ok(notes)
    }

    /// Every job in every format of `formats` that renders it, job by job, in memory.
    pub fn render(
        &self,
        jobs: &[Job],
        formats: &[Format],
    ) -> Result<Vec<File>, (Format, RenderFailure)> {
        self.render_counting(jobs, formats, &mut |_, _| {})
    }

    /// [`Outputs::render`], calling `done(n, total)` after each job: progress for long runs.
    pub fn render_counting(
        &self,
        jobs: &[Job],
        formats: &[Format],
        done: &mut dyn FnMut(usize, usize),
    ) -> Result<Vec<File>, (Format, RenderFailure)> {
        let mut files = Vec::new();
        for (n, job) in jobs.iter().enumerate() {
            let formats = job.formats(formats);
            for &format in &formats {
                let bytes = format
                    .renderer()
                    .render_job(self, job, &formats)
                    .map_err(|e| (format, e))?;
                files.push(File {
                    path: job.path(format),
                    bytes,
                    format,
                });
            }
            done(n + 1, jobs.len());
        }
        Ok(files)
    }
}

/// Write every file atomically, in order, calling `written` after each; stop at the first
/// failure with `无法写入 <path>：<why>`.
pub fn write_all(files: &[File], mut written: impl FnMut(&Path)) -> Result<(), String> {
    for file in files {
        write_atomic(&file.path, &file.bytes)
            .map_err(|e| format!("无法写入 {}：{e}", file.path.display()))?;
        written(&file.path);
    }
    Ok(())
}

/// Writing outputs so that nothing is ever half-written: write to a temporary file in the
/// destination directory, flush it to disk, then rename over the target.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".guihua-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    // tempfile creates files readable by the owner only; outputs are for publishing.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use clap::ValueEnum;

    use super::*;

    /// `--format md` names the format whose files end in `.md`, and no two formats collide.
    #[test]
    fn registry_names_match_extensions() {
        let mut seen = std::collections::HashSet::new();
        for format in Format::ALL {
            let value = format.to_possible_value().unwrap();
            assert_eq!(value.get_name(), format.extension());
            assert!(seen.insert(format.extension()), "{format:?} twice");
            assert!(!format.renderer().name().is_empty());
        }
        assert_eq!(
            Format::selection(&[Format::Pdf, Format::Md, Format::Pdf]),
            [Format::Md, Format::Pdf]
        );
    }

    #[test]
    fn the_index_is_html_only() {
        let index = Document::Index(&[]);
        let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules/_base");
        let (ws, _) = crate::load::load(&base).unwrap();
        let config = Config::default();
        let view = PlanView::new(&ws.plans[0]);
        let revision = Document::Revision {
            config: &config,
            old: &view,
            new: &view,
            author: String::new(),
            date: PlanDate::parse_iso("2021-09").unwrap(),
        };
        let takers: Vec<&str> = Format::ALL
            .iter()
            .filter(|f| f.renderer().accepts(&revision))
            .map(|f| f.extension())
            .collect();
        assert_eq!(takers, ["docx"]);
        let takers: Vec<&str> = Format::ALL
            .iter()
            .filter(|f| f.renderer().accepts(&index))
            .map(|f| f.extension())
            .collect();
        assert_eq!(takers, ["html"]);
        let plan_only: Vec<&str> = Format::ALL
            .iter()
            .filter(|f| !f.renderer().accepts(&index))
            .map(|f| f.extension())
            .collect();
        assert_eq!(plan_only, ["md", "pdf", "docx"]);
    }
}
