//! DOCX (Word / WPS): plans in 公文 layout, the 修订稿 (tracked changes), and the 修订对照表
//! and the release pages (notice, 意见反馈表) from their Markdown templates; with the styles
//! of the workspace's templates/reference.docx when it has one. No index page.

use super::{Document, Outputs, RenderFailure, Renderer};
use crate::render::docx::page::render_markdown;

pub struct Docx;

impl Renderer for Docx {
    fn name(&self) -> &'static str {
        "DOCX"
    }

    fn extension(&self) -> &'static str {
        "docx"
    }

    fn accepts(&self, document: &Document) -> bool {
        !matches!(document, Document::Index(_))
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
            Document::Diff { diff, pdf } => crate::diff::render_md(&outputs.engine, diff)
                .and_then(|md| render_markdown(&md, outputs.pdf.config(), reference, "", pdf.date)),
            Document::Page { data, pdf, .. } => {
                // The issuing body signs the notice and the form.
                let issuer = data
                    .pointer("/plan/issuer")
                    .and_then(|v| v.as_str())
                    .unwrap_or_default();
                super::tera_page(&outputs.engine, document, "md", None).and_then(|md| {
                    render_markdown(&md, outputs.pdf.config(), reference, issuer, pdf.date)
                })
            }
            Document::Index(_) => Ok(Vec::new()),
        };
        bytes.map_err(RenderFailure::message)
    }
}
