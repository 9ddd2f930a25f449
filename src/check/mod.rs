//! Consistency checks: the rule registry and the engine that runs it. Rules read the loaded
//! model (with spans) and never re-parse files. Each rule is one module under `rules/`: its
//! documentation, its code, its default severity and one function.

pub mod figures;
pub mod gazetteer;
mod glyphs;
mod rules;
pub mod scan;
pub mod units;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Plan, Text, Workspace};
use crate::source::Span;

pub use rules::RULES;
pub use units::{Unit, UnitKind};

/// A plan-scoped rule's function.
pub type PlanCheck = fn(&PlanCtx, &mut Vec<Diagnostic>);
/// A workspace-scoped rule's function: the workspace and every plan's context.
pub type WorkspaceCheck = fn(&Workspace, &[PlanCtx], &mut Vec<Diagnostic>);

/// How a rule sees the workspace.
pub enum Scope {
    /// Called once per plan.
    Plan(PlanCheck),
    /// Called once for the whole workspace.
    Workspace(WorkspaceCheck),
}

pub struct Rule {
    /// Stable code, e.g. `T003`. Never reused.
    pub code: &'static str,
    /// Kebab-case name, e.g. `doubled-word`.
    pub name: &'static str,
    pub severity: Severity,
    /// One line, Chinese.
    pub summary: &'static str,
    /// What it catches and why, Chinese.
    pub explanation: &'static str,
    /// A YAML line that triggers it, and the corrected line.
    pub bad: &'static str,
    pub good: &'static str,
    pub scope: Scope,
}

impl Rule {
    /// The rule's entry in the code registry.
    pub fn info(&self) -> crate::registry::CodeInfo {
        crate::registry::CodeInfo {
            code: self.code,
            name: self.name,
            origin: crate::registry::Origin::Check,
            severity: self.severity,
            adjustable: true,
            summary: self.summary,
            explanation: self.explanation,
            example: Some((self.bad, self.good)),
        }
    }
}

/// What a plan-scoped rule gets: the plan, the workspace around it, and the plan's text
/// units collected once.
pub struct PlanCtx<'a> {
    pub ws: &'a Workspace,
    pub plan: &'a Plan,
    pub units: Vec<Unit<'a>>,
    /// Division mentions, classified once for the jurisdiction rules.
    pub(crate) jurisdiction: std::sync::OnceLock<Vec<rules::jurisdiction::Found>>,
    /// The plan's indicator names as one automaton, for the figure rules.
    pub(crate) indicator_names: std::sync::OnceLock<figures::IndicatorNames<'a>>,
    /// Per unit (empty for units that are not prose): sentences with their figures.
    pub(crate) prose: std::sync::OnceLock<Vec<Vec<figures::Sentence<'a>>>>,
}

impl<'a> PlanCtx<'a> {
    fn new(ws: &'a Workspace, plan: &'a Plan) -> PlanCtx<'a> {
        PlanCtx {
            ws,
            plan,
            units: units::collect(plan),
            jurisdiction: Default::default(),
            indicator_names: Default::default(),
            prose: Default::default(),
        }
    }

    fn names(&self) -> &figures::IndicatorNames<'a> {
        self.indicator_names
            .get_or_init(|| figures::IndicatorNames::new(self.plan))
    }

    /// Every sentence of the plan's prose with its unit and its text, in reading order, with
    /// the indicators it names, its quantities and its year (computed once per plan). Only
    /// units that could hold a figure or a growth claim are split ([`figures::analyse`]).
    pub fn sentences(&self) -> impl Iterator<Item = (&Unit<'a>, &figures::Sentence<'a>, &str)> {
        self.units.iter().enumerate().flat_map(move |(i, u)| {
            self.unit_sentences(i)
                .iter()
                .map(move |s| (u, s, &u.masked[s.range.clone()]))
        })
    }

    /// The sentences of unit `unit` (an index into `units`); empty for units that are not prose.
    fn unit_sentences(&self, unit: usize) -> &[figures::Sentence<'a>] {
        let all = self.prose.get_or_init(|| {
            self.units
                .iter()
                .map(|u| {
                    if u.kind.is_prose() {
                        figures::analyse(self.names(), u)
                    } else {
                        Vec::new()
                    }
                })
                .collect()
        });
        all.get(unit).map_or(&[], Vec::as_slice)
    }
}

impl PlanCtx<'_> {
    /// The span of `text.value[range]`.
    pub fn span(&self, text: &Text, range: std::ops::Range<usize>) -> Span {
        self.ws.sources.sub_span(text.span, &text.value, range)
    }
}

pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(code))
}

/// Plans from which the check uses several threads.
pub(crate) const PARALLEL_FROM: usize = 8;

/// One rule on one plan, or one workspace rule.
#[derive(Clone, Copy)]
enum Task {
    Plan(usize, PlanCheck),
    Workspace(WorkspaceCheck),
}

/// Every plan's context. Collecting text units is a fraction of a millisecond per plan:
/// threads pay off only for larger workspaces.
fn contexts(ws: &Workspace) -> Vec<PlanCtx<'_>> {
    if ws.plans.len() >= PARALLEL_FROM {
        ws.plans.par_iter().map(|p| PlanCtx::new(ws, p)).collect()
    } else {
        ws.plans.iter().map(|p| PlanCtx::new(ws, p)).collect()
    }
}

fn tasks(ws: &Workspace, selected: &dyn Fn(&str) -> bool) -> Vec<Task> {
    let enabled = || {
        RULES
            .iter()
            .filter(|r| selected(r.code) && !ws.config.is_off(r.code))
    };
    // Workspace rules first: they are the longest tasks, and starting them early keeps
    // every core busy to the end. Then rule by rule across plans, so that the threads fill
    // different plans' caches (division mentions, sentences) at the same time instead of
    // waiting for one plan's.
    let mut tasks: Vec<Task> = enabled()
        .filter_map(|r| match r.scope {
            Scope::Workspace(f) => Some(Task::Workspace(f)),
            Scope::Plan(_) => None,
        })
        .collect();
    for r in enabled() {
        if let Scope::Plan(f) = r.scope {
            tasks.extend((0..ws.plans.len()).map(|p| Task::Plan(p, f)));
        }
    }
    tasks
}

fn run_task(ws: &Workspace, ctxs: &[PlanCtx], task: Task) -> Vec<Diagnostic> {
    let mut d = Vec::new();
    match task {
        Task::Plan(p, f) => f(&ctxs[p], &mut d),
        Task::Workspace(f) => f(ws, ctxs, &mut d),
    }
    d
}

/// Runs `tasks` on the calling thread plus one scoped thread per further core, each taking
/// the next task from a shared counter; results come back in task order. Lighter than a
/// thread pool for a job of a few milliseconds: one thread start, no pool to wake.
fn run_tasks(ws: &Workspace, ctxs: &[PlanCtx], tasks: &[Task]) -> Vec<Vec<Diagnostic>> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(&task) = tasks.get(i) else {
                return done;
            };
            done.push((i, run_task(ws, ctxs, task)));
        }
    };
    // A few plans take a few milliseconds: measured, a second thread bought nothing there
    // (its start, cold caches and page faults cost what it saves).
    let threads = if ctxs.len() >= PARALLEL_FROM {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        1
    };
    let mut done: Vec<(usize, Vec<Diagnostic>)> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut done = work();
        for h in helpers {
            // A panicking rule is a bug; re-raise it on this thread.
            done.extend(h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        }
        done
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, d)| d).collect()
}

/// Run every rule on the workspace, apply the severities configured in guihua.yaml, and
/// drop what the sources acknowledge with a `# guihua-allow: CODE` comment.
///
/// Each plan's text units are collected once; then every (plan, rule) pair and every
/// workspace rule is a task, and the tasks run on all cores. Work a rule caches in
/// a plan's context (division mentions, sentences with their figures) is computed by the
/// first task that needs it while the others wait. The result does not depend on the
/// schedule: tasks are collected in a fixed order and the diagnostics sorted afterwards.
pub fn run(ws: &Workspace) -> Vec<Diagnostic> {
    run_selected(ws, &|_| true)
}

/// [`run`] limited to the rules whose codes are in `codes` (any case; `P001`, the PDF glyph
/// preflight, among them), with the same configuration handling: severities from guihua.yaml,
/// `# guihua-allow:` suppression, and the validation of guihua.yaml's `rules:` codes, whose
/// diagnostics (loader codes) are always reported. For tests and tools that ask about one rule.
pub fn run_only(ws: &Workspace, codes: &[&str]) -> Vec<Diagnostic> {
    run_selected(ws, &|code| {
        codes.iter().any(|c| c.eq_ignore_ascii_case(code))
    })
}

fn run_selected(ws: &Workspace, selected: &dyn Fn(&str) -> bool) -> Vec<Diagnostic> {
    let ctxs = contexts(ws);
    let tasks = tasks(ws, selected);
    let mut out: Vec<Diagnostic> = run_tasks(ws, &ctxs, &tasks).into_iter().flatten().collect();
    if selected(crate::render::pdf::preflight::CODE)
        && !ws.config.is_off(crate::render::pdf::preflight::CODE)
    {
        out.extend(glyphs::check(ws, &ctxs));
    }
    validate_config(ws, &mut out);
    apply_config(ws, &mut out);
    out
}

/// Apply guihua.yaml's `rules:` levels and the sources' `# guihua-allow: CODE` comments to
/// `diags`, the same way for every adjustable code in the registry; a code that is not
/// adjustable (a loader error, a Typst failure) keeps its severity and cannot be silenced.
pub fn apply_config(ws: &Workspace, diags: &mut Vec<Diagnostic>) {
    // Files that acknowledge anything at all, found once rather than per diagnostic.
    let with_markers: std::collections::HashSet<crate::source::FileId> = ws
        .sources
        .files()
        .filter(|(_, f)| f.text.contains("# guihua-allow:"))
        .map(|(id, _)| id)
        .collect();
    diags.retain_mut(|d| {
        if !crate::registry::get(d.code).is_some_and(|c| c.adjustable) {
            return true;
        }
        if let Some(level) = ws.config.rule_level(d.code) {
            match level.severity() {
                None => return false,
                Some(s) => d.severity = s,
            }
        }
        !(with_markers.contains(&d.span.file) && suppressed(ws, d))
    });
}

/// Time spent in each rule over `repeats` runs on `ws` (rules one at a time, in registry
/// order), plus the building of the plans' contexts under the code `setup`: what
/// `examples/rule_timings.rs` reports.
pub fn timings(ws: &Workspace, repeats: u32) -> Vec<(&'static str, std::time::Duration)> {
    use std::time::{Duration, Instant};
    let mut total: Vec<(&'static str, Duration)> = vec![("setup", Duration::ZERO)];
    total.extend(RULES.iter().map(|r| (r.code, Duration::ZERO)));
    for _ in 0..repeats {
        let t = Instant::now();
        let ctxs = contexts(ws);
        total[0].1 += t.elapsed();
        for ctx in &ctxs {
            for (i, r) in RULES.iter().enumerate() {
                if let Scope::Plan(f) = r.scope {
                    let t = Instant::now();
                    f(ctx, &mut Vec::new());
                    total[i + 1].1 += t.elapsed();
                }
            }
        }
        for (i, r) in RULES.iter().enumerate() {
            if let Scope::Workspace(f) = r.scope {
                let t = Instant::now();
                f(ws, &ctxs, &mut Vec::new());
                total[i + 1].1 += t.elapsed();
            }
        }
    }
    total
}

/// Codes in guihua.yaml's `rules:` must name a rule.
fn validate_config(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    for (code, level) in &ws.config.rules {
        if let Some(info) = crate::registry::get(&code.value) {
            if !info.adjustable && level.value != crate::diagnostic::Level::Error {
                out.push(
                    Diagnostic::error(
                        crate::load::codes::INVALID_VALUE,
                        level.span,
                        format!(
                            "`{}`（{}）始终是错误，不能调整级别",
                            info.code,
                            info.origin.zh()
                        ),
                    )
                    .with_label("不能调整的代码")
                    .with_hint("加载错误和 PDF 排版失败无法关闭或降级；修正源文件后它们自然消失"),
                );
            }
        } else {
            let codes: Vec<&str> = crate::registry::all().iter().map(|c| c.code).collect();
            let mut d = Diagnostic::error(
                crate::load::codes::INVALID_VALUE,
                code.span,
                format!("没有代码为 `{}` 的规则", code.value),
            )
            .with_label("未知的规则代码");
            d = match crate::suggest::closest(&code.value, codes.iter().copied()) {
                Some(c) => d.with_hint(format!("是不是 `{c}`？`guihua rules` 列出全部规则")),
                None => d.with_hint("`guihua rules` 列出全部规则及代码"),
            };
            out.push(d);
        }
    }
}

/// `# guihua-allow: T004 理由` on the diagnostic's line, or alone on the line above it.
fn suppressed(ws: &Workspace, d: &Diagnostic) -> bool {
    let file = ws.sources.get(d.span.file);
    let starts = file.line_starts();
    let (line, _) = file.line_col(d.span.start as usize);
    let line_text = |n: usize| -> Option<&str> {
        let start = *starts.get(n.checked_sub(1)?)?;
        let end = starts.get(n).copied().unwrap_or(file.text.len());
        file.text.get(start..end)
    };
    let allows = |l: &str| {
        l.split_once("# guihua-allow:").is_some_and(|(_, rest)| {
            rest.split([',', '，', ' ', '、'])
                .any(|c| c.trim().eq_ignore_ascii_case(d.code))
        })
    };
    let here = line_text(line).is_some_and(allows);
    let above = line >= 2
        && line_text(line - 1).is_some_and(|l| l.trim_start().starts_with('#') && allows(l));
    here || above
}
