//! The 意见采纳情况表: a summary by unit and disposition, then every comment with its answer.
//!
//! [`report_view`] builds what the templates `adoption.{md,html,typ}` receive from a loaded
//! plan and its rounds; [`write_report`] loads a workspace, renders the table in every format
//! asked for through the output layer and writes the files atomically. [`Counts`] and
//! [`summary_sentence`] give the sentence the 起草说明 needs
//! (`共收到N个单位（个人）M条意见，采纳A条，…。`).

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::diagnostic::{Diagnostics, Severity};
use crate::model::feedback::{Comment, Disposition, Round, Target, label, same_in, section_path};
use crate::model::{Plan, Workspace};
use crate::output::{Document, Format, Job, LazyPdf, Outputs, PdfMeta};

/// How many comments were handled which way, and from how many senders (distinct `from`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Distinct senders (单位或个人).
    pub units: usize,
    /// Comments.
    pub total: usize,
    pub adopted: usize,
    pub partly: usize,
    pub rejected: usize,
    pub na: usize,
    pub pending: usize,
}

impl Counts {
    /// The counts of `comments`; senders are counted by their `from` as written (trimmed).
    pub fn of<'a>(comments: impl IntoIterator<Item = &'a Comment>) -> Counts {
        let mut counts = Counts::default();
        let mut senders: Vec<&str> = Vec::new();
        for c in comments {
            let from = c.from.value.trim();
            // 未署名 (no sender written) is not a unit or person to count.
            if !senders.contains(&from) && !from.is_empty() && from != "未署名" {
                senders.push(from);
            }
            counts.add(c.disposition.value);
        }
        counts.units = senders.len();
        counts
    }

    /// The counts of every comment of `rounds` together.
    pub fn of_rounds<'a>(rounds: impl IntoIterator<Item = &'a Round>) -> Counts {
        Counts::of(rounds.into_iter().flat_map(|r| r.comments.iter()))
    }

    fn add(&mut self, d: Disposition) {
        self.total += 1;
        match d {
            Disposition::Adopted => self.adopted += 1,
            Disposition::Partly => self.partly += 1,
            Disposition::Rejected => self.rejected += 1,
            Disposition::NotApplicable => self.na += 1,
            Disposition::Pending => self.pending += 1,
        }
    }
}

/// `共收到N个单位（个人）M条意见，采纳A条，部分采纳B条，未采纳C条并说明理由`, then
/// `，不涉及D条` and `，待处理E条` when not zero, and `。`.
pub fn summary_sentence(counts: &Counts) -> String {
    let mut s = format!(
        "共收到{}个单位（个人）{}条意见，采纳{}条，部分采纳{}条，未采纳{}条并说明理由",
        counts.units, counts.total, counts.adopted, counts.partly, counts.rejected
    );
    if counts.na > 0 {
        s.push_str(&format!("，不涉及{}条", counts.na));
    }
    if counts.pending > 0 {
        s.push_str(&format!("，待处理{}条", counts.pending));
    }
    s.push('。');
    s
}

/// The plan as the report names it.
#[derive(Clone, Debug, Serialize)]
pub struct PlanInfo {
    pub id: String,
    pub title: String,
    /// The issuing body (the DOCX's author); empty when plan.yaml has none.
    pub issuer: String,
}

/// What `adoption.*` receive, as `report`.
#[derive(Clone, Debug, Serialize)]
pub struct ReportView {
    pub plan: PlanInfo,
    /// The summary sentence over every round in the report.
    pub summary: String,
    pub counts: Counts,
    pub rounds: Vec<RoundView>,
}

#[derive(Clone, Debug, Serialize)]
pub struct RoundView {
    /// The round file's stem: `v1`.
    pub name: String,
    /// The release directory's name (`2021-09-15-征求意见稿-v1`) when written in the round
    /// file or found; `None` otherwise.
    pub release: Option<String>,
    /// 第1轮（2021-09-15-征求意见稿-v1）.
    pub heading: String,
    pub summary: String,
    pub counts: Counts,
    /// One row per sender, in the order they first appear.
    pub units: Vec<UnitRow>,
    pub comments: Vec<CommentRow>,
}

#[derive(Clone, Debug, Serialize)]
pub struct UnitRow {
    pub from: String,
    /// 单位 or 个人.
    pub kind: &'static str,
    pub counts: Counts,
}

#[derive(Clone, Debug, Serialize)]
pub struct CommentRow {
    /// 1, 2, … in the round file's order.
    pub seq: usize,
    pub id: String,
    pub from: String,
    /// 章节条目: see [`location`].
    pub location: String,
    pub quote: Option<String>,
    pub comment: String,
    pub reason: Option<String>,
    /// 采纳 / 部分采纳 / 未采纳 / 不涉及 / 待处理.
    pub disposition: &'static str,
    /// 处理说明.
    pub answer: Option<String>,
}

/// Why there is no report for a plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReportError {
    /// The plan has no `feedback/*.yaml`; `dir` is its directory in the workspace.
    NoFeedback { plan: String, dir: PathBuf },
    /// `--round` names none of the plan's rounds (listed, with their releases).
    UnknownRound { round: String, rounds: Vec<String> },
}

impl fmt::Display for ReportError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            ReportError::NoFeedback { plan, dir } => {
                let file = dir.join("feedback").join("v1.yaml");
                write!(
                    f,
                    "规划 {plan} 还没有征求意见：意见写在 {}（每轮一个文件，文件名为版本号），\
                     也可以用 `guihua feedback import` 导入返回的意见反馈表、批注或汇总表",
                    file.to_string_lossy().replace('\\', "/")
                )
            }
            ReportError::UnknownRound { round, rounds } => {
                write!(f, "没有 `{round}` 这一轮意见；可选：{}", rounds.join("、"))
            }
        }
    }
}

/// The release a round answers, by name: as written, or the directory its snapshot was read
/// from.
fn release_name(round: &Round) -> Option<String> {
    if let Some(r) = &round.release {
        return Some(r.value.trim().to_string());
    }
    round.base.as_ref()?;
    round
        .base_dir
        .as_ref()
        .and_then(|d| d.file_name())
        .map(|n| n.to_string_lossy().into_owned())
}

/// The round named `name`: its file's stem (`v1`) or its release's name.
pub fn find_round<'a>(plan: &'a Plan, name: &str) -> Option<&'a Round> {
    let name = name.trim();
    plan.feedback
        .iter()
        .find(|r| r.name == name || release_name(r).is_some_and(|n| n == name))
}

/// The rounds a report covers: all, or the one `round` names.
pub fn select_rounds<'a>(
    plan: &'a Plan,
    round: Option<&str>,
) -> Result<Vec<&'a Round>, ReportError> {
    if plan.feedback.is_empty() {
        return Err(ReportError::NoFeedback {
            plan: plan.id.clone(),
            dir: plan.dir.clone(),
        });
    }
    match round {
        None => Ok(plan.feedback.iter().collect()),
        Some(name) => {
            find_round(plan, name)
                .map(|r| vec![r])
                .ok_or_else(|| ReportError::UnknownRound {
                    round: name.to_string(),
                    rounds: plan
                        .feedback
                        .iter()
                        .map(|r| match release_name(r) {
                            Some(rel) => format!("{}（{rel}）", r.name),
                            None => r.name.clone(),
                        })
                        .collect(),
                })
        }
    }
}

/// 章节条目 of a comment: where its target stands in the sources now; where it stood in the
/// round's release when it is gone now (`（原）三、（二）…，已删除`); both when it moved
/// (`四、（一）…（原三、（二））`); the location as the sender wrote it when there is no
/// target, and `总体` when there is not even that.
pub fn location(plan: &Plan, round: &Round, comment: &Comment) -> String {
    let anchor = &comment.anchor;
    let written = anchor.label.as_ref().map(|l| l.value.trim().to_string());
    let Some(target) = &anchor.target else {
        return written
            .filter(|w| !w.is_empty())
            .unwrap_or_else(|| "总体".into());
    };
    let target = &target.value;
    let base = round.base.as_deref();
    // An item anchored by its position is found again by its text.
    let here = base.map_or_else(|| target.clone(), |b| same_in(b, plan, target));
    let now = label(plan, &here);
    let then = base.and_then(|b| label(b, target));
    match (now, then) {
        (Some(now), Some(then)) if now != then => {
            format!("{now}（原{}）", moved_from(plan, base, target, then))
        }
        (Some(now), _) => now,
        (None, Some(then)) => format!("（原）{then}，已删除"),
        (None, None) => {
            let shown = written.unwrap_or_else(|| target.key_string());
            format!("{shown}（未找到）")
        }
    }
}

/// The old place of a moved target: for a section whose title did not change, its number
/// path alone (三、（二）); otherwise the old label.
fn moved_from(plan: &Plan, base: Option<&Plan>, target: &Target, then: String) -> String {
    if let (Target::Section(id), Some(base)) = (target, base)
        && let (Some((_, new_title)), Some((old_path, old_title))) =
            (section_path(plan, id), section_path(base, id))
        && new_title == old_title
    {
        return old_path;
    }
    then
}

fn text(t: &Option<crate::model::Text>) -> Option<String> {
    t.as_ref()
        .map(|t| t.value.trim().to_string())
        .filter(|t| !t.is_empty())
}

fn round_view(plan: &Plan, round: &Round) -> RoundView {
    let release = release_name(round);
    let number = round
        .version
        .map_or_else(|| round.name.clone(), |v| format!("第{v}轮"));
    let heading = format!("{number}（{}）", release.as_deref().unwrap_or(&round.name));
    let mut units: Vec<UnitRow> = Vec::new();
    for c in &round.comments {
        let from = c.from.value.trim();
        if !units.iter().any(|u| u.from == from) {
            let counts = Counts::of(
                round
                    .comments
                    .iter()
                    .filter(|o| o.from.value.trim() == from),
            );
            units.push(UnitRow {
                from: from.to_string(),
                kind: c.kind.zh(),
                counts,
            });
        }
    }
    let comments = round
        .comments
        .iter()
        .enumerate()
        .map(|(i, c)| CommentRow {
            seq: i + 1,
            id: c.id.value.clone(),
            from: c.from.value.trim().to_string(),
            location: location(plan, round, c),
            quote: text(&c.anchor.quote),
            comment: c.comment.value.trim().to_string(),
            reason: text(&c.reason),
            disposition: c.disposition.value.zh(),
            answer: text(&c.answer),
        })
        .collect();
    let counts = Counts::of(&round.comments);
    RoundView {
        name: round.name.clone(),
        release,
        heading,
        summary: summary_sentence(&counts),
        counts,
        units,
        comments,
    }
}

/// The report of `plan` over all its rounds, or over the one `round` names.
pub fn report_view(plan: &Plan, round: Option<&str>) -> Result<ReportView, ReportError> {
    let rounds = select_rounds(plan, round)?;
    let counts = Counts::of_rounds(rounds.iter().copied());
    Ok(ReportView {
        plan: PlanInfo {
            id: plan.id.clone(),
            title: plan.title.value.clone(),
            issuer: plan
                .issuer
                .as_ref()
                .map_or(String::new(), |i| i.value.clone()),
        },
        summary: summary_sentence(&counts),
        counts,
        rounds: rounds.into_iter().map(|r| round_view(plan, r)).collect(),
    })
}

/// What `guihua feedback report` asks for.
#[derive(Clone, Debug, Default)]
pub struct ReportOptions {
    /// The plan; may be left out when the workspace has one plan, or one with comments.
    pub plan: Option<String>,
    pub round: Option<String>,
    /// None means all.
    pub formats: Vec<Format>,
    /// Overrides `<out_dir>/feedback/<plan>/`.
    pub out: Option<PathBuf>,
}

/// What was written.
#[derive(Debug)]
pub struct ReportOutcome {
    pub view: ReportView,
    pub files: Vec<PathBuf>,
}

#[derive(Debug)]
pub enum ReportFailure {
    /// Nothing to report on: an unknown plan or round, no comments (exit 2).
    Usage(String),
    /// The plan's sources have errors: nothing written (exit 1).
    Sources(Box<Workspace>, Diagnostics),
    /// The PDF could not be typeset (exit 1).
    Typesetting(String),
    /// A template, the tool or the disk failed (exit 2).
    Failed(String),
}

/// The plan the report is about: `--plan`, the only plan, or the only plan with comments.
fn pick_plan<'a>(ws: &'a Workspace, asked: Option<&str>) -> Result<&'a Plan, String> {
    let ids = || {
        let ids: Vec<&str> = ws.plans.iter().map(|p| p.id.as_str()).collect();
        if ids.is_empty() {
            "（工作区中没有规划）".to_string()
        } else {
            ids.join("、")
        }
    };
    if let Some(id) = asked {
        return ws
            .plan(id.trim())
            .ok_or_else(|| format!("工作区中没有规划 `{id}`；可选：{}", ids()));
    }
    let with_feedback: Vec<&Plan> = ws.plans.iter().filter(|p| !p.feedback.is_empty()).collect();
    match (ws.plans.as_slice(), with_feedback.as_slice()) {
        ([only], _) => Ok(only),
        (_, [only]) => Ok(*only),
        _ => Err(format!("请用 --plan 指定规划；可选：{}", ids())),
    }
}

/// Errors located in the plan's files or in guihua.yaml.
fn plan_errors(ws: &Workspace, diags: &Diagnostics, plan: &Plan) -> Diagnostics {
    let mut out = Diagnostics::default();
    for d in diags.iter().filter(|d| d.severity == Severity::Error) {
        let path = ws.sources.path(d.span.file);
        if path.starts_with(&plan.dir) || path == Path::new("guihua.yaml") {
            out.push(d.clone());
        }
    }
    out
}

/// Load the workspace at `root`, build the report and write `adoption-report.<ext>` in every
/// format asked for; `written` is called after each file. On any failure nothing is written.
pub fn write_report(
    root: &Path,
    opts: &ReportOptions,
    written: impl FnMut(&Path),
) -> Result<ReportOutcome, ReportFailure> {
    let formats = Format::selection(&Format::asked_or_all(opts.formats.clone()));
    let (ws, diags) = crate::load::load(root)
        .map_err(|e| ReportFailure::Failed(format!("无法读取工作区 {}：{e}", root.display())))?;
    let plan = pick_plan(&ws, opts.plan.as_deref()).map_err(ReportFailure::Usage)?;
    let mut errors = plan_errors(&ws, &diags, plan);
    if errors.has_errors() {
        errors.sort(&ws.sources);
        return Err(ReportFailure::Sources(Box::new(ws), errors));
    }
    let view = report_view(plan, opts.round.as_deref())
        .map_err(|e| ReportFailure::Usage(e.to_string()))?;
    let data = serde_json::to_value(&view)
        .map_err(|e| ReportFailure::Failed(format!("内部错误：采纳情况表数据无法序列化：{e}")))?;
    let out_dir = opts.out.clone().unwrap_or_else(|| {
        ws.root
            .join(&ws.config.out_dir)
            .join("feedback")
            .join(&plan.id)
    });
    let pdf = LazyPdf::new(ws.config.clone());
    let outputs = Outputs::new(&ws.root.join(&ws.config.templates_dir), pdf)
        .map_err(ReportFailure::Failed)?;
    let document = Document::Page {
        template: "adoption",
        key: "report",
        data,
        pdf: PdfMeta {
            ident: format!("guihua/{}/adoption", plan.id),
            date: plan.document_date(),
        },
    };
    let jobs = [Job::new(document, out_dir.join("adoption-report"))];
    let files = outputs
        .render(&jobs, &formats)
        .map_err(|(format, e)| match e.typesetting {
            true => ReportFailure::Typesetting(format!(
                "意见采纳情况表的 {} 无法生成：{}",
                format.renderer().name(),
                e.message
            )),
            false => ReportFailure::Failed(e.message),
        })?;
    crate::output::write_all(&files, written).map_err(ReportFailure::Failed)?;
    Ok(ReportOutcome {
        view,
        files: files.into_iter().map(|f| f.path).collect(),
    })
}
