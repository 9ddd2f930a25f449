//! HTML: self-contained pages for plans, diffs and release pages, and the workspace index.

use super::{Document, Outputs, RenderFailure, Renderer};

pub struct Html;

impl Renderer for Html {
    fn name(&self) -> &'static str {
        "HTML"
    }

    fn extension(&self) -> &'static str {
        "html"
    }

    fn accepts(&self, document: &Document) -> bool {
        !matches!(document, Document::Revision { .. })
    }

    fn render(&self, outputs: &Outputs, document: &Document) -> Result<Vec<u8>, RenderFailure> {
        let engine = &outputs.engine;
        let text = match document {
            Document::Plan { view, .. } => crate::render::html::render_plan(engine, view),
            Document::Diff { diff, .. } => crate::diff::render_html(engine, diff),
            Document::Page { .. } => super::tera_page(engine, document, self.extension()),
            Document::Index(entries) => crate::render::html::render_index(engine, entries),
            Document::Revision { .. } => Ok(String::new()),
        };
        text.map(String::into_bytes).map_err(RenderFailure::message)
    }
}
