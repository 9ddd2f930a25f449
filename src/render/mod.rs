//! Renderers: model → Markdown, HTML, PDF. Each receives the [`view::PlanView`] built once
//! per plan and never reads sources.

pub mod docx;
pub mod engine;
pub mod html;
pub mod markdown;
pub mod pdf;
pub mod templates;
pub mod view;
