//! HTML: one self-contained page per plan (CSS and script inline, nothing fetched), and an
//! index page for the workspace. All author text reaches the page through tera's HTML
//! autoescaping; templates never mark it safe.

use super::engine::{Engine, context};
use super::view::PlanView;
use serde::Serialize;

pub fn render_plan(engine: &Engine, view: &PlanView) -> Result<String, String> {
    engine.render("plan.html", &context("plan", view))
}

/// A plan on the index page: its view's fields (id, title, stage, period, region, issuer,
/// date …) and links to what was built.
#[derive(Serialize)]
pub struct IndexEntry<'a> {
    #[serde(flatten)]
    pub plan: &'a PlanView,
    /// Every output built, in registry order: the format's name and a relative link.
    pub outputs: Vec<OutputLink>,
    /// The same links by extension, for templates written before `outputs`.
    pub html: Option<String>,
    pub md: Option<String>,
    pub pdf: Option<String>,
}

#[derive(Serialize)]
pub struct OutputLink {
    pub name: &'static str,
    pub href: String,
}

impl IndexEntry<'_> {
    /// Link the output `name` (a format's name) with this extension.
    pub fn link(&mut self, name: &'static str, extension: &str, link: String) {
        match extension {
            "html" => self.html = Some(link.clone()),
            "md" => self.md = Some(link.clone()),
            "pdf" => self.pdf = Some(link.clone()),
            _ => {}
        }
        self.outputs.push(OutputLink { name, href: link });
    }
}

pub fn render_index(engine: &Engine, entries: &[IndexEntry]) -> Result<String, String> {
    engine.render("index.html", &context("plans", entries))
}
