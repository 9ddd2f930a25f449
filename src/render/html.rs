//! HTML: one self-contained page per plan (CSS and script inline, nothing fetched), and an
//! index page for the workspace. All author text reaches the page through tera's HTML
//! autoescaping; templates never mark it safe.

use super::engine::{Engine, context};
use super::view::PlanView;
use serde::Serialize;

pub fn render_plan(engine: &Engine, view: &PlanView) -> Result<String, String> {
    engine.render("plan.html", &context("plan", view))
}

#[derive(Serialize)]
pub struct IndexEntry {
    pub id: String,
    pub title: String,
    pub stage: String,
    pub period: String,
    pub region: String,
    pub issuer: String,
    pub date: String,
    /// Relative links to the outputs that were built.
    pub html: Option<String>,
    pub md: Option<String>,
    pub pdf: Option<String>,
}

impl IndexEntry {
    /// Link the output with this extension (a format the index does not show is left out).
    pub fn link(&mut self, extension: &str, link: String) {
        match extension {
            "html" => self.html = Some(link),
            "md" => self.md = Some(link),
            "pdf" => self.pdf = Some(link),
            _ => {}
        }
    }
}

pub fn render_index(engine: &Engine, entries: &[IndexEntry]) -> Result<String, String> {
    engine.render("index.html", &context("plans", entries))
}
