//! The served site, in memory: every plan's page, the index, the PDFs asked for. Rebuilt on
//! each change; a plan's page is rendered again only when what it is made of changed (its
//! view, its diagnostics, the templates), and only the pages that changed are reloaded.

use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::marks::{self, Mark};
use super::page;
use super::route::{Route, route};
use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::files::Disk;
use crate::model::Workspace;
use crate::output::{Document, Format, HtmlSite, Job, LazyPdf, Outputs};
use crate::render::view::PlanView;

/// The loader's codes after which a file's content is missing from the model: the page
/// would be incomplete, so the located error replaces it.
const STOPS_LOADING: &[&str] = &["L001", "L002", "L003", "L010", "L011", "L015"];

/// One plan of the site.
struct PlanPage {
    title: String,
    stage: String,
    errors: usize,
    warnings: usize,
    /// What the page was made from; equal hashes mean the same page.
    hash: u64,
    html: String,
    /// The page is the located error, not the plan.
    failed: bool,
    /// The generation that rendered it.
    version: u64,
}

/// An answer to a request.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    /// For a redirect (301).
    pub location: Option<String>,
}

impl Response {
    fn html(status: u16, body: String) -> Response {
        Response {
            status,
            content_type: "text/html; charset=utf-8",
            body: body.into_bytes(),
            location: None,
        }
    }
}

/// What a rebuild changed: the ids of the plans whose page changed (removed ones included),
/// and whether the index did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub plans: Vec<String>,
    pub index: bool,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.plans.is_empty() && !self.index
    }
}

pub struct Site {
    root: PathBuf,
    /// Counts rebuilds that changed something.
    pub generation: u64,
    workspace: Option<Workspace>,
    /// The templates' hash and the outputs made from them; kept across rebuilds so that the
    /// PDF engine (fonts, typst's memoised work) is made once.
    outputs: Option<(u64, Result<Outputs, String>)>,
    plans: BTreeMap<String, PlanPage>,
    index: String,
    index_version: u64,
    /// Why the whole workspace could not be read, when it could not.
    fatal: Option<String>,
    pdfs: HashMap<String, (u64, Vec<u8>)>,
    /// How long each PDF took, in ms, in order (for the status and the benchmark).
    pub pdf_times: Vec<u128>,
    /// How many plan pages were rendered (not reused) by the last rebuild.
    pub rendered: usize,
}

impl Site {
    /// The site of the workspace at `root`, built.
    pub fn open(root: &Path) -> Site {
        let mut site = Site {
            root: root.to_path_buf(),
            generation: 0,
            workspace: None,
            outputs: None,
            plans: BTreeMap::new(),
            index: String::new(),
            index_version: 0,
            fatal: None,
            pdfs: HashMap::new(),
            pdf_times: Vec::new(),
            rendered: 0,
        };
        site.rebuild();
        site
    }

    /// The ids of the site's plans, in order.
    pub fn plan_ids(&self) -> Vec<String> {
        self.plans.keys().cloned().collect()
    }

    /// Read, check and render again; what changed.
    pub fn rebuild(&mut self) -> Changes {
        self.rendered = 0;
        let next = self.generation + 1;
        let (ws, load_diags) = match crate::load::load_from(&Disk, &self.root) {
            Ok(x) => x,
            Err(e) => {
                let changed = self.fatal.as_deref() != Some(e.0.as_str());
                self.fatal = Some(e.0);
                self.workspace = None;
                let plans = std::mem::take(&mut self.plans).into_keys().collect();
                if changed {
                    self.index = page::fatal_page(self.fatal.as_deref().unwrap_or_default(), next);
                    self.index_version = next;
                    self.generation = next;
                }
                return Changes {
                    plans,
                    index: changed,
                };
            }
        };
        self.fatal = None;
        let mut all = Diagnostics::default();
        all.extend(load_diags.iter().cloned());
        all.extend(crate::check::run(&ws));
        all.sort(&ws.sources);
        let key = templates_key(&ws);
        if self.outputs.as_ref().is_none_or(|(k, _)| *k != key) {
            let outputs = Outputs::new(
                &ws.root.join(&ws.config.templates_dir),
                LazyPdf::new(ws.config.clone()),
            )
            .map(|mut o| {
                // Plan pages are served at /<plan>/: fonts from /fonts/, the index at /.
                o.html = HtmlSite {
                    fonts: Some(PathBuf::from("../fonts")),
                    index: Some(PathBuf::from("../index.html")),
                };
                o
            });
            self.outputs = Some((key, outputs));
            self.pdfs.clear();
        }
        let mut pages = BTreeMap::new();
        let mut changes = Changes::default();
        let all: Vec<&Diagnostic> = all.iter().collect();
        let outputs = self.outputs.as_ref().map(|(_, o)| o);
        for id in plan_dirs(&ws) {
            let old = self.plans.remove(&id);
            let input = PlanInput {
                ws: &ws,
                id: &id,
                diags: &all,
                load_diags: &load_diags,
                key,
                version: next,
            };
            let page = match old {
                // The same inputs make the same page: keep it.
                Some(old) if old.hash == input.hash() => old,
                old => {
                    changes.plans.push(id.clone());
                    self.rendered += 1;
                    let _ = old;
                    input.page(outputs)
                }
            };
            pages.insert(id, page);
        }
        // Plans gone since the last rebuild.
        changes
            .plans
            .extend(std::mem::take(&mut self.plans).into_keys());
        changes.plans.sort();
        self.plans = pages;
        let rows = self.index_rows();
        changes.index = page::index_page(&rows, self.index_version) != self.index;
        if changes.index {
            self.index = page::index_page(&rows, next);
            self.index_version = next;
        }
        self.workspace = Some(ws);
        if !changes.is_empty() {
            self.generation = next;
        }
        changes
    }

    fn index_rows(&self) -> Vec<page::IndexRow<'_>> {
        self.plans
            .iter()
            .map(|(id, p)| page::IndexRow {
                id,
                title: &p.title,
                stage: &p.stage,
                errors: p.errors,
                warnings: p.warnings,
                failed: p.failed,
            })
            .collect()
    }

    /// The answer to a request for `target` (the path and query of the request line).
    pub fn respond(&mut self, target: &str) -> Response {
        let route = match route(target) {
            Ok(r) => r,
            Err(refused) => {
                return Response::html(400, page::message_page("请求被拒绝", &refused.0));
            }
        };
        match route {
            Route::Index => Response::html(200, self.index.clone()),
            Route::Plan(id) => match self.plans.get(&id) {
                Some(p) => Response::html(200, p.html.clone()),
                None => self.not_found(&id),
            },
            Route::PlanSlash(id) if self.plans.contains_key(&id) => Response {
                location: Some(format!("/{}/", page::encode(&id))),
                ..Response::html(301, String::new())
            },
            Route::PlanSlash(id) => self.not_found(&id),
            Route::Pdf(id) => self.pdf(&id),
            Route::Font(file) => match crate::render::html::WEB_FONTS
                .iter()
                .find(|f| f.file == file)
            {
                Some(f) => Response {
                    status: 200,
                    content_type: "font/woff2",
                    body: f.bytes.to_vec(),
                    location: None,
                },
                None => self.not_found(target),
            },
            Route::Favicon => Response {
                status: 204,
                content_type: "image/x-icon",
                body: Vec::new(),
                location: None,
            },
            Route::Status => Response {
                status: 200,
                content_type: "application/json",
                body: self.status_json().into_bytes(),
                location: None,
            },
            // The event stream is the HTTP layer's; without it, as any unknown page.
            Route::Events | Route::NotFound => self.not_found(target),
        }
    }

    fn not_found(&self, what: &str) -> Response {
        let ids = self.plan_ids().join("、");
        Response::html(
            404,
            page::message_page(
                "找不到页面",
                &format!("没有“{what}”；可以打开 / 或这些规划：{ids}"),
            ),
        )
    }

    /// The generation, each plan's counts and the PDF times, as JSON.
    pub fn status_json(&self) -> String {
        let plans: serde_json::Map<String, serde_json::Value> = self
            .plans
            .iter()
            .map(|(id, p)| {
                (
                    id.clone(),
                    serde_json::json!({"errors": p.errors, "warnings": p.warnings, "failed": p.failed, "version": p.version}),
                )
            })
            .collect();
        serde_json::json!({
            "generation": self.generation,
            "index_version": self.index_version,
            "plans": plans,
            "pdf_ms": self.pdf_times,
        })
        .to_string()
    }

    /// The plan's PDF, rendered when its page changed since the last one.
    fn pdf(&mut self, id: &str) -> Response {
        let Some(p) = self.plans.get(id) else {
            return self.not_found(&format!("{id}.pdf"));
        };
        if p.failed {
            return Response::html(409, p.html.clone());
        }
        let hash = p.hash;
        if let Some((h, bytes)) = self.pdfs.get(id)
            && *h == hash
        {
            return pdf_response(bytes.clone());
        }
        let (Some(ws), Some((_, Ok(outputs)))) = (&self.workspace, &self.outputs) else {
            return Response::html(500, p.html.clone());
        };
        let Some(plan) = ws.plans.iter().find(|p| p.id == id) else {
            return self.not_found(id);
        };
        let started = Instant::now();
        let view = PlanView::new(plan);
        let job = Job::new(
            Document::Plan {
                ws,
                plan,
                view: &view,
            },
            id,
        );
        match outputs.render(&[job], &[Format::Pdf]) {
            Ok(mut files) if !files.is_empty() => {
                let bytes = files.remove(0).bytes;
                self.pdf_times.push(started.elapsed().as_millis());
                self.pdfs.insert(id.to_string(), (hash, bytes.clone()));
                pdf_response(bytes)
            }
            Ok(_) => Response::html(500, page::message_page("PDF 无法生成", "没有生成任何文件")),
            Err((_, failure)) => {
                let mut diags = Diagnostics::default();
                diags.extend(failure.diagnostics);
                let located = crate::diagnostic::render_human(&ws.sources, &diags, false);
                Response::html(500, page::error_page(id, None, &failure.message, &located))
            }
        }
    }
}

fn pdf_response(body: Vec<u8>) -> Response {
    Response {
        status: 200,
        content_type: "application/pdf",
        body,
        location: None,
    }
}

/// What one plan's page is made of.
struct PlanInput<'a> {
    ws: &'a Workspace,
    id: &'a str,
    diags: &'a [&'a Diagnostic],
    load_diags: &'a Diagnostics,
    /// The templates' hash.
    key: u64,
    /// The generation rendering it.
    version: u64,
}

impl PlanInput<'_> {
    fn dir(&self) -> PathBuf {
        self.ws.config.plans_dir.join(self.id)
    }

    fn plan(&self) -> Option<&crate::model::Plan> {
        self.ws.plans.iter().find(|p| p.id == self.id)
    }

    /// The diagnostics that stop this plan from loading whole.
    fn stopping(&self) -> Diagnostics {
        let dir = self.dir();
        let mut out = Diagnostics::default();
        out.extend(
            self.load_diags
                .iter()
                .filter(|d| {
                    STOPS_LOADING.contains(&d.code) && marks::belongs(self.ws, &dir, d.span)
                })
                .cloned(),
        );
        out
    }

    fn marks(&self) -> Vec<Mark> {
        marks::marks(self.ws, &self.dir(), self.diags, self.plan())
    }

    /// A hash of everything the page shows.
    fn hash(&self) -> u64 {
        let mut h = DefaultHasher::new();
        self.key.hash(&mut h);
        match self.plan() {
            Some(plan) => serde_json::to_string(&PlanView::new(plan))
                .unwrap_or_default()
                .hash(&mut h),
            None => 0u8.hash(&mut h),
        }
        serde_json::to_string(&self.marks())
            .unwrap_or_default()
            .hash(&mut h);
        let stopping = self.stopping();
        crate::diagnostic::render_human(&self.ws.sources, &stopping, false).hash(&mut h);
        h.finish()
    }

    fn page(&self, outputs: Option<&Result<Outputs, String>>) -> PlanPage {
        let marks = self.marks();
        let count = |s: Severity| marks.iter().filter(|m| m.severity == s).count();
        let plan = self.plan();
        let stopping = self.stopping();
        let mut page = PlanPage {
            title: plan.map_or_else(|| self.id.to_string(), |p| p.title.value.clone()),
            stage: plan.map_or_else(String::new, |p| p.stage.value.zh().to_string()),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            hash: self.hash(),
            html: String::new(),
            failed: true,
            version: self.version,
        };
        let fail = |why: &str, located: String| {
            page::error_page(self.id, Some(self.version), why, &located)
        };
        page.html = match (plan, outputs) {
            _ if !stopping.is_empty() || plan.is_none() => {
                let mut located =
                    crate::diagnostic::render_human(&self.ws.sources, &stopping, false);
                if located.is_empty() {
                    located = "plan.yaml 无法读取；改正后页面自动恢复。".to_string();
                }
                fail("规划无法载入：下面的错误改正后，页面自动恢复", located)
            }
            (_, Some(Err(msg))) => fail("模板有错误，页面无法生成", msg.clone()),
            (Some(plan), Some(Ok(outputs))) => {
                let view = PlanView::new(plan);
                let job = Job::new(
                    Document::Plan {
                        ws: self.ws,
                        plan,
                        view: &view,
                    },
                    "index",
                );
                match outputs.render(&[job], &[Format::Html]) {
                    Ok(files) => {
                        page.failed = false;
                        let html = files
                            .into_iter()
                            .next()
                            .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
                            .unwrap_or_default();
                        page::with_client(&html, self.id, self.version, &marks)
                    }
                    Err((_, e)) => fail("页面无法生成", e.message),
                }
            }
            (None, _) | (_, None) => fail("页面无法生成", "模板尚未载入".to_string()),
        };
        page
    }
}

/// The templates in force: a hash of the workspace's template files and of the font
/// configuration (the PDF engine is made from both).
fn templates_key(ws: &Workspace) -> u64 {
    let mut h = DefaultHasher::new();
    format!("{:?}", ws.config.fonts).hash(&mut h);
    let dir = ws.root.join(&ws.config.templates_dir);
    for (name, _) in crate::render::templates::BUILTIN {
        std::fs::read(dir.join(name)).ok().hash(&mut h);
    }
    std::fs::read(dir.join(crate::render::templates::REFERENCE_DOCX))
        .ok()
        .hash(&mut h);
    h.finish()
}

/// Every plan directory: the plans that loaded and those that did not.
fn plan_dirs(ws: &Workspace) -> Vec<String> {
    let mut ids: Vec<String> = ws.plans.iter().map(|p| p.id.clone()).collect();
    if let Ok(entries) = std::fs::read_dir(ws.root.join(&ws.config.plans_dir)) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if !name.starts_with('.') && e.path().is_dir() {
                ids.push(name);
            }
        }
    }
    ids.sort();
    ids.dedup();
    ids
}
