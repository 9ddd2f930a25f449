//! HTML: one self-contained page per plan (CSS and script inline, nothing fetched), and an
//! index page for the workspace. All author text reaches the page through tera's HTML
//! autoescaping; templates never mark it safe.

use serde::Serialize;
use tera::Context;

use super::engine::Engine;
use super::view::PlanView;

pub fn render_plan(engine: &Engine, view: &PlanView) -> Result<String, String> {
    let mut ctx = Context::new();
    ctx.insert("plan", view);
    ctx.insert(
        "generator",
        &format!("guihua {}", env!("CARGO_PKG_VERSION")),
    );
    engine.render("plan.html", &ctx)
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

pub fn render_index(engine: &Engine, entries: &[IndexEntry]) -> Result<String, String> {
    let mut ctx = Context::new();
    ctx.insert("plans", entries);
    ctx.insert(
        "generator",
        &format!("guihua {}", env!("CARGO_PKG_VERSION")),
    );
    engine.render("index.html", &ctx)
}
