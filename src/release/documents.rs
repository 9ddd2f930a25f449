//! Everything a release directory holds besides the manifest and the source snapshot,
//! rendered in memory: the plan (md, html, pdf), the 征求意见 notice, the comment form and
//! the 修订对照表 against the previous release.

use std::path::{Path, PathBuf};

use serde::Serialize;
use tera::Context as TeraContext;

use super::ReleaseOptions;
use crate::diagnostic::Diagnostic;
use crate::model::numbering::chinese_date;
use crate::model::{Plan, PlanDate, Stage, Workspace};
use crate::render::engine::Engine;
use crate::render::templates::TemplateSet;
use crate::render::view::PlanView;
use crate::render::{html, markdown};

pub struct Context<'a> {
    pub ws: &'a Workspace,
    pub plan: &'a Plan,
    pub view: &'a PlanView,
    pub engine: &'a Engine,
    pub templates: &'a TemplateSet,
    pub opts: &'a ReleaseOptions,
    pub version: u32,
    pub previous: Option<&'a Path>,
}

pub type Files = Vec<(PathBuf, Vec<u8>)>;
type Failure = (Vec<Diagnostic>, String);

#[derive(Serialize)]
pub struct ConsultationView {
    pub start: String,
    pub end: String,
    /// Calendar days the public has, both ends included.
    pub days: i64,
    pub channels: Vec<String>,
    pub contact: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub fax: Option<String>,
    pub url: Option<String>,
    pub note: Option<String>,
}

/// What notice.* and feedback.* receive.
#[derive(Serialize)]
pub struct ReleaseView<'a> {
    pub plan: &'a PlanView,
    pub stage: &'static str,
    pub version: u32,
    /// 二〇二一年九月十五日: the release date.
    pub date: String,
    pub consultation: Option<ConsultationView>,
    /// File names in the release, for the notice's 附件 list.
    pub plan_files: Vec<String>,
    /// Empty rows of the comment form.
    pub form_rows: Vec<u32>,
}

/// Days from 1970-01-01, for day counts.
pub fn day_number(d: PlanDate) -> i64 {
    crate::model::numbering::days_from_civil(i64::from(d.year), d.month, d.day.unwrap_or(1))
}

fn date_zh(d: PlanDate) -> String {
    chinese_date(d.year, d.month, d.day)
}

pub fn release_view<'a>(
    plan: &Plan,
    view: &'a PlanView,
    stage: Stage,
    version: u32,
    date: PlanDate,
) -> ReleaseView<'a> {
    let t = |x: &Option<crate::model::Text>| x.as_ref().map(|t| t.value.clone());
    ReleaseView {
        plan: view,
        stage: stage.zh(),
        version,
        date: date_zh(date),
        consultation: plan.consultation.as_ref().map(|c| ConsultationView {
            start: date_zh(c.start.value),
            end: date_zh(c.end.value),
            days: day_number(c.end.value) - day_number(c.start.value) + 1,
            channels: c.channels.iter().map(|x| x.value.clone()).collect(),
            contact: t(&c.contact),
            email: t(&c.email),
            address: t(&c.address),
            phone: t(&c.phone),
            fax: t(&c.fax),
            url: t(&c.url),
            note: t(&c.note),
        }),
        plan_files: vec![
            format!("{}.pdf", plan.id),
            format!("{}.html", plan.id),
            format!("{}.md", plan.id),
        ],
        form_rows: (1..=8).collect(),
    }
}

fn tera(engine: &Engine, name: &str, key: &str, value: &impl Serialize) -> Result<String, Failure> {
    let mut ctx = TeraContext::new();
    ctx.insert(key, value);
    ctx.insert(
        "generator",
        &format!("guihua {}", env!("CARGO_PKG_VERSION")),
    );
    engine.render(name, &ctx).map_err(|e| (Vec::new(), e))
}

pub fn render(c: &Context) -> Result<Files, Failure> {
    let Context {
        ws,
        plan,
        view,
        engine,
        templates,
        opts,
        version,
        previous,
    } = *c;
    let id = &plan.id;
    let mut files: Files = Vec::new();
    files.push((
        format!("{id}.md").into(),
        markdown::render_plan(engine, view)
            .map_err(|e| (Vec::new(), e))?
            .into_bytes(),
    ));
    files.push((
        format!("{id}.html").into(),
        html::render_plan(engine, view)
            .map_err(|e| (Vec::new(), e))?
            .into_bytes(),
    ));
    let pdf = crate::render::pdf::PdfEngine::new(ws).map_err(|e| (Vec::new(), e))?;
    files.push((
        format!("{id}.pdf").into(),
        pdf.render(ws, plan, view, templates.get("plan.typ"))
            .map_err(|d| (d, format!("规划 {id} 的 PDF 无法生成")))?,
    ));

    let rv = release_view(plan, view, opts.stage, version, opts.date);
    if opts.stage == Stage::ForComment {
        files.push((
            "notice.md".into(),
            tera(engine, "notice.md", "release", &rv)?.into_bytes(),
        ));
        files.push((
            "notice.html".into(),
            tera(engine, "notice.html", "release", &rv)?.into_bytes(),
        ));
        files.push((
            "notice.pdf".into(),
            document_pdf(
                &pdf,
                templates.get("notice.typ"),
                &rv,
                &format!("guihua/{id}/notice"),
                opts.date,
            )
            .map_err(|e| (Vec::new(), e))?,
        ));
        files.push((
            "feedback-form.md".into(),
            tera(engine, "feedback.md", "release", &rv)?.into_bytes(),
        ));
        files.push((
            "feedback-form.html".into(),
            tera(engine, "feedback.html", "release", &rv)?.into_bytes(),
        ));
        files.push((
            "feedback-form.pdf".into(),
            document_pdf(
                &pdf,
                templates.get("feedback.typ"),
                &rv,
                &format!("guihua/{id}/feedback"),
                opts.date,
            )
            .map_err(|e| (Vec::new(), e))?,
        ));
    }
    if let Some(prev) = previous {
        files.extend(revision_table(c, prev, &pdf)?);
    }
    Ok(files)
}

/// A PDF of a release document (notice, comment form, revision table) from its Typst template.
fn document_pdf(
    pdf: &crate::render::pdf::PdfEngine,
    template: &str,
    data: &impl Serialize,
    ident: &str,
    date: PlanDate,
) -> Result<Vec<u8>, String> {
    pdf.render_document(template, data, ident, date)
}

/// The 修订对照表 against the previous release (md, html, pdf).
fn revision_table(
    c: &Context,
    prev: &Path,
    pdf: &crate::render::pdf::PdfEngine,
) -> Result<Files, Failure> {
    let (plan, engine, templates, opts) = (c.plan, c.engine, c.templates, c.opts);
    let id = &plan.id;
    let (old_ws, load) = crate::load::load(&prev.join("source")).map_err(|e| {
        (
            Vec::new(),
            format!("无法读取上一版本 {}：{e}", prev.display()),
        )
    })?;
    if load.has_errors() {
        return Err((
            Vec::new(),
            format!(
                "上一版本 {} 的源文件快照有错误，无法生成修订对照表",
                prev.display()
            ),
        ));
    }
    let Some(old) = old_ws.plan(id) else {
        return Err((
            Vec::new(),
            format!("上一版本 {} 中没有规划 {id}", prev.display()),
        ));
    };
    let label_old = prev
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let label_new = super::release_name(opts.date, opts.stage, c.version);
    let d = crate::diff::diff_plans(old, plan).with_labels(&label_old, &label_new);
    Ok(vec![
        (
            "revision-table.md".into(),
            crate::diff::render_md(engine, &d)
                .map_err(|e| (Vec::new(), e))?
                .into_bytes(),
        ),
        (
            "revision-table.html".into(),
            crate::diff::render_html(engine, &d)
                .map_err(|e| (Vec::new(), e))?
                .into_bytes(),
        ),
        (
            "revision-table.pdf".into(),
            document_pdf(
                pdf,
                templates.get("diff.typ"),
                &d,
                &format!("guihua/{id}/revision"),
                opts.date,
            )
            .map_err(|e| (Vec::new(), e))?,
        ),
    ])
}
