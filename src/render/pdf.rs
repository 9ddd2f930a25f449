//! PDF renderer (placeholder until the Typst renderer lands).

use crate::diagnostic::Diagnostic;
use crate::model::{Plan, Workspace};
use crate::render::view::PlanView;

pub struct PdfEngine;

impl PdfEngine {
    pub fn new(_ws: &Workspace) -> Result<PdfEngine, String> {
        Err("PDF 输出尚未实现".into())
    }

    pub fn font_report(&self) -> Vec<String> {
        Vec::new()
    }

    pub fn render(&self, _ws: &Workspace, _plan: &Plan, _view: &PlanView, _template: &str) -> Result<Vec<u8>, Vec<Diagnostic>> {
        Ok(Vec::new())
    }
}
