//! Everything a release directory holds besides the manifest and the source snapshot,
//! rendered in memory in every format: the plan, the 征求意见 notice, the comment form and
//! the 修订对照表 against the previous release.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::ReleaseOptions;
use crate::diagnostic::Diagnostic;
use crate::diff::PlanDiff;
use crate::model::{Plan, PlanDate, Stage, Workspace};
use crate::output::{Document, Format, Job, Outputs, PdfMeta};
use crate::render::view::PlanView;

pub struct Context<'a> {
    pub ws: &'a Workspace,
    pub plan: &'a Plan,
    pub view: &'a PlanView,
    pub outputs: &'a Outputs,
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
    /// 2021年9月15日: the release date (成文日期, in Arabic numerals per GB/T 9704).
    pub date: String,
    pub consultation: Option<ConsultationView>,
    /// File names in the release, for the notice's 附件 list.
    pub plan_files: Vec<String>,
    /// Empty rows of the comment form.
    pub form_rows: Vec<u32>,
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
        date: date.arabic(),
        consultation: plan.consultation.as_ref().map(|c| ConsultationView {
            start: c.start.value.arabic(),
            end: c.end.value.arabic(),
            days: c.end.value.day_number() - c.start.value.day_number() + 1,
            channels: c.channels.iter().map(|x| x.value.clone()).collect(),
            contact: t(&c.contact),
            email: t(&c.email),
            address: t(&c.address),
            phone: t(&c.phone),
            fax: t(&c.fax),
            url: t(&c.url),
            note: t(&c.note),
        }),
        // The registry runs from the plainest format to the most formal; the notice lists
        // the most formal first.
        plan_files: Format::ALL
            .iter()
            .rev()
            .map(|f| format!("{}.{}", plan.id, f.extension()))
            .collect(),
        form_rows: (1..=8).collect(),
    }
}

pub fn render(c: &Context) -> Result<Files, Failure> {
    let Context {
        ws,
        plan,
        view,
        outputs,
        opts,
        version,
        previous,
    } = *c;
    let id = &plan.id;
    let revision = previous.map(|prev| revision_table(c, prev)).transpose()?;
    let pdf = |document: &str| PdfMeta {
        ident: format!("guihua/{id}/{document}"),
        date: opts.date,
    };
    let mut jobs = vec![Job::new(Document::Plan { ws, plan, view }, id)];
    if opts.stage == Stage::ForComment {
        let rv = release_view(plan, view, opts.stage, version, opts.date);
        let data = serde_json::to_value(&rv)
            .map_err(|e| (Vec::new(), format!("内部错误：发布文件数据无法序列化：{e}")))?;
        let page = |template, data| Document::Page {
            template,
            key: "release",
            data,
            pdf: pdf(template),
        };
        jobs.push(Job::new(page("notice", data.clone()), "notice"));
        jobs.push(Job::new(page("feedback", data), "feedback-form"));
    }
    if let Some((diff, old_view)) = &revision {
        let document = Document::Diff {
            diff,
            pdf: pdf("revision"),
        };
        jobs.push(Job::new(document, "revision-table"));
        // The 修订稿 against the previous release, dated on the release.
        let revised = Document::Revision {
            config: &ws.config,
            old: old_view,
            new: view,
            author: view.issuer.clone(),
            date: opts.date,
        };
        jobs.push(Job::new(revised, "revised-draft"));
    }
    let mut files = outputs
        .render(&jobs, Format::ALL)
        .map_err(|(_, e)| (e.diagnostics, e.message))?;
    files.extend(outputs.html_assets(&files));
    Ok(files.into_iter().map(|f| (f.path, f.bytes)).collect())
}

/// The 修订对照表 against the previous release, and the previous version's view.
fn revision_table(c: &Context, prev: &Path) -> Result<(PlanDiff, PlanView), Failure> {
    let (plan, opts) = (c.plan, c.opts);
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
    let mut diff = crate::diff::diff_plans(old, plan).with_labels(&label_old, &label_new);
    crate::feedback::reasons::attribute(
        &mut diff,
        plan,
        &crate::feedback::reasons::rounds_for(plan, &label_old),
    );
    Ok((diff, PlanView::new(old)))
}
