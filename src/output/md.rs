//! Markdown (GitHub-flavoured): plans, diffs and release pages; no index page.

use super::{Document, Outputs, RenderFailure, Renderer};

pub struct Markdown;

impl Renderer for Markdown {
    fn name(&self) -> &'static str {
        "Markdown"
    }

    fn extension(&self) -> &'static str {
        "md"
    }

    fn accepts(&self, document: &Document) -> bool {
        document.is_page_like()
    }

    fn render(&self, outputs: &Outputs, document: &Document) -> Result<Vec<u8>, RenderFailure> {
        let engine = &outputs.engine;
        let text = match document {
            Document::Plan { view, .. } => crate::render::markdown::render_plan(engine, view),
            Document::Diff { diff, .. } => crate::diff::render_md(engine, diff),
            Document::Page { .. } => super::tera_page(engine, document, self.extension(), None),
            Document::Index(_) | Document::Revision { .. } => Ok(String::new()),
        };
        text.map(String::into_bytes).map_err(RenderFailure::message)
    }
}
