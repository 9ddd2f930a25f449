//! DOCX (Word / WPS): plans in 公文 layout and the 修订稿 (tracked changes), with the styles
//! of the workspace's templates/reference.docx when it has one. The 修订对照表 and the
//! release pages are not written as DOCX yet.

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
        matches!(document, Document::Plan { .. } | Document::Revision { .. })
    }

    fn render(&self, outputs: &Outputs, document: &Document) -> Result<Vec<u8>, RenderFailure> {
        let reference = outputs
            .templates
            .reference_docx
            .as_ref()
            .map(|(_, bytes)| bytes.as_slice());
        let bytes = match document {
            Document::Plan { ws, view, .. } => {
                crate::render::docx::render_plan(view, &ws.config, reference)
            }
            Document::Revision {
                config,
                old,
                new,
                author,
                date,
            } => {
                // Word dates its revisions in W3CDTF; a plan's month alone is its first day.
                let date = format!(
                    "{:04}-{:02}-{:02}T00:00:00Z",
                    date.year,
                    date.month,
                    date.day.unwrap_or(1)
                );
                crate::render::docx::revision::render_revision(
                    old, new, config, reference, author, &date,
                )
            }
            Document::Diff { .. } | Document::Page { .. } | Document::Index(_) => Ok(Vec::new()),
        };
        bytes.map_err(RenderFailure::message)
    }
}
