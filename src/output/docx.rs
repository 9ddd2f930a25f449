//! DOCX (Word / WPS): plans in 公文 layout, with the styles of the workspace's
//! templates/reference.docx when it has one. Diffs, release pages and the index are not
//! written as DOCX yet.

use super::{Document, Outputs, RenderFailure, Renderer};

pub struct Docx;

impl Renderer for Docx {
    fn name(&self) -> &'static str {
        "DOCX"
    }

    fn extension(&self) -> &'static str {
        "docx"
    }

    fn accepts(&self, document: &Document) -> bool {
        matches!(document, Document::Plan { .. })
    }

    fn render(&self, outputs: &Outputs, document: &Document) -> Result<Vec<u8>, RenderFailure> {
        let Document::Plan { ws, view, .. } = document else {
            return Ok(Vec::new());
        };
        let reference = outputs
            .templates
            .reference_docx
            .as_ref()
            .map(|(_, bytes)| bytes.as_slice());
        crate::render::docx::render_plan(view, &ws.config, reference)
            .map_err(RenderFailure::message)
    }
}
