//! PDF through Typst: plans from plan.typ, other documents from their own `.typ` template;
//! no index page.

use super::{Document, Outputs, RenderFailure, Renderer};

pub struct Pdf;

fn typesetting(message: String) -> RenderFailure {
    RenderFailure {
        typesetting: true,
        ..RenderFailure::message(message)
    }
}

impl Renderer for Pdf {
    fn name(&self) -> &'static str {
        "PDF"
    }

    fn extension(&self) -> &'static str {
        "pdf"
    }

    fn accepts(&self, document: &Document) -> bool {
        document.is_page_like()
    }

    /// Load the fonts; report which family serves each role.
    fn prepare(&self, outputs: &Outputs) -> Result<Vec<String>, String> {
        Ok(outputs.pdf.get()?.font_report())
    }

    fn render(&self, outputs: &Outputs, document: &Document) -> Result<Vec<u8>, RenderFailure> {
        let engine = outputs.pdf.get().map_err(typesetting)?;
        let templates = &outputs.templates;
        match document {
            Document::Plan { ws, plan, view } => engine
                .render(ws, plan, view, templates.get("plan.typ"))
                .map_err(|diagnostics| RenderFailure {
                    diagnostics,
                    ..typesetting(format!("规划 {} 的 PDF 无法生成", plan.id))
                }),
            Document::Diff { diff, pdf } => engine
                .render_document(templates.get("diff.typ"), diff, &pdf.ident, pdf.date)
                .map_err(typesetting),
            Document::Page {
                template,
                data,
                pdf,
                ..
            } => engine
                .render_document(
                    templates.get(&format!("{template}.typ")),
                    data,
                    &pdf.ident,
                    pdf.date,
                )
                .map_err(typesetting),
            Document::Index(_) | Document::Revision { .. } => Ok(Vec::new()),
        }
    }
}
