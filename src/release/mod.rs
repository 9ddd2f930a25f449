//! Releases: one command cuts a 征求意见稿 (or 送审稿 / 正式稿) of a plan into
//! `out/releases/<plan>/<YYYY-MM-DD>-<stage>-v<N>/`: the plan in md, html and pdf with the
//! stage on the cover, the notice page, the comment form, the 修订对照表 against the previous
//! release, a snapshot of the sources and manifest.json. Everything is rendered in memory,
//! written into a staging directory and renamed into place only when complete; an existing
//! release is never overwritten.

pub mod documents;
mod manifest;

use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostics, Severity};
use crate::model::{PlanDate, Stage, Workspace};
use crate::output::{LazyPdf, Outputs};
use crate::render::view::PlanView;

pub use manifest::source_tree_hash;

pub struct ReleaseOptions {
    pub plan: String,
    pub stage: Stage,
    pub version: Option<u32>,
    pub allow_warnings: bool,
    pub date: PlanDate,
    /// Directory holding `<plan>/<release>/`; default `<out_dir>/releases`.
    pub out: Option<PathBuf>,
}

pub enum ReleaseError {
    /// Checks failed (errors, or warnings without --allow-warnings): nothing written.
    Refused(Box<Workspace>, Diagnostics, String),
    /// Bad request (unknown plan, version taken) or I/O failure: nothing written.
    Failed(String),
}

pub struct ReleaseReport {
    pub workspace: Workspace,
    pub diagnostics: Diagnostics,
    pub dir: PathBuf,
    pub files: Vec<PathBuf>,
    pub previous: Option<String>,
    /// Warnings about the release itself (released anyway under --allow-warnings).
    pub notes: Vec<String>,
}

/// The plan and every plan it implements, transitively: what a release of it depends on.
pub fn scope(ws: &Workspace, id: &str) -> Vec<PathBuf> {
    let mut ids = vec![id.to_string()];
    let mut k = 0;
    while k < ids.len() {
        if let Some(p) = ws.plan(&ids[k]) {
            for parent in &p.implements {
                if !ids.contains(&parent.value) && ws.plan(&parent.value).is_some() {
                    ids.push(parent.value.clone());
                }
            }
        }
        k += 1;
    }
    ids.iter()
        .filter_map(|i| ws.plan(i))
        .map(|p| p.dir.clone())
        .collect()
}

/// Whether a source file (relative to the workspace root) belongs to a release's scope:
/// guihua.yaml, or a file of the plan or of one of its parents.
pub fn in_scope(dirs: &[PathBuf], path: &Path) -> bool {
    path == Path::new("guihua.yaml") || dirs.iter().any(|d| path.starts_with(d))
}

/// How long a release waits for another release of the same plan to finish.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(300);

/// Hold the plan's release lock (`<releases>/<plan>/.lock`): releases of one plan run one
/// after the other, so two never take the same version number.
fn lock(dir: &Path) -> Result<fs::File, ReleaseError> {
    let path = dir.join(".lock");
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| ReleaseError::Failed(format!("无法创建发布锁 {}：{e}", path.display())))?;
    let started = std::time::Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(fs::TryLockError::WouldBlock) if started.elapsed() < LOCK_WAIT => {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            Err(fs::TryLockError::WouldBlock) => {
                return Err(ReleaseError::Failed(format!(
                    "另一个 guihua release 正在发布这个规划，等待 {} 秒后仍未结束（{}）；请稍后重试",
                    LOCK_WAIT.as_secs(),
                    path.display()
                )));
            }
            Err(fs::TryLockError::Error(e)) => {
                return Err(ReleaseError::Failed(format!(
                    "无法锁定 {}：{e}",
                    path.display()
                )));
            }
        }
    }
}

/// A version directory without its manifest: what an interrupted release from before the
/// staging directory existed, or a copy by hand, leaves behind.
fn broken_release(releases: &Path, existing: &[(u32, String)]) -> Option<PathBuf> {
    existing
        .iter()
        .map(|(_, n)| releases.join(n))
        .find(|d| !d.join("manifest.json").is_file())
}

/// The tree hash recorded by a release's manifest.
fn recorded_tree(dir: &Path) -> Option<String> {
    let bytes = fs::read(dir.join("manifest.json")).ok()?;
    let v: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    v["source"]["tree_sha256"].as_str().map(str::to_string)
}

/// `plans/p/plan.yaml:12:8`.
fn location(ws: &Workspace, span: crate::source::Span) -> String {
    let f = ws.sources.get(span.file);
    let (line, col) = f.line_col(span.start as usize);
    format!("{}:{line}:{col}", f.path.display())
}

/// `2021-09-15-征求意见稿-v2`
pub fn release_name(date: PlanDate, stage: Stage, version: u32) -> String {
    format!(
        "{:04}-{:02}-{:02}-{}-v{version}",
        date.year,
        date.month,
        date.day.unwrap_or(1),
        stage.zh()
    )
}

/// Existing releases of a plan: (version, directory name), sorted by version.
pub fn existing_releases(dir: &Path) -> Vec<(u32, String)> {
    let mut out: Vec<(u32, String)> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                return None;
            }
            let v = name.rsplit_once("-v")?.1.parse::<u32>().ok()?;
            Some((v, name))
        })
        .collect();
    out.sort();
    out
}

/// Today's date (UTC) from SOURCE_DATE_EPOCH if set, else the clock.
pub fn default_date() -> PlanDate {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    let today = |secs: i64| {
        let (year, month, day) = crate::model::date::civil_from_days(secs.div_euclid(86_400));
        PlanDate::new(i32::try_from(year).ok()?, month, Some(day))
    };
    // A SOURCE_DATE_EPOCH outside the years a plan may name falls back to the clock.
    today(secs)
        .or_else(|| {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64);
            today(now)
        })
        .unwrap_or(PlanDate {
            year: *crate::model::date::YEARS.end(),
            month: 12,
            day: Some(31),
        })
}

fn copy_sources(ws: &Workspace, dirs: &[PathBuf], dest: &Path) -> std::io::Result<()> {
    for (_, f) in ws.sources.files().filter(|(_, f)| in_scope(dirs, &f.path)) {
        let target = dest.join(&f.path);
        if let Some(p) = target.parent() {
            fs::create_dir_all(p)?;
        }
        fs::write(target, &f.text)?;
    }
    Ok(())
}

/// Cut a release. On any failure nothing appears under the releases directory except,
/// after a crash, a hidden `.staging-*` directory that the next release removes.
pub fn release(root: &Path, opts: &ReleaseOptions) -> Result<ReleaseReport, ReleaseError> {
    let (mut ws, mut diags) =
        crate::load::load(root).map_err(|e| ReleaseError::Failed(e.to_string()))?;
    let Some(index) = ws.plans.iter().position(|p| p.id == opts.plan) else {
        let ids: Vec<&str> = ws.plans.iter().map(|p| p.id.as_str()).collect();
        return Err(ReleaseError::Failed(format!(
            "工作区中没有规划 `{}`；可选：{}",
            opts.plan,
            ids.join("、")
        )));
    };
    // The release's stage is the plan's stage for checks and rendering.
    ws.plans[index].stage.value = opts.stage;
    diags.extend(crate::check::run(&ws));
    // Only the plan, its parents and guihua.yaml decide: a draft elsewhere in the
    // workspace does not block this release.
    let dirs = scope(&ws, &opts.plan);
    let mut scoped = Diagnostics::default();
    scoped.extend(
        diags
            .iter()
            .filter(|d| in_scope(&dirs, &ws.sources.get(d.span.file).path))
            .cloned(),
    );
    let mut diags = scoped;
    diags.sort(&ws.sources);
    if diags.has_errors() {
        return Err(ReleaseError::Refused(
            Box::new(ws),
            diags,
            "检查发现错误，拒绝发布".into(),
        ));
    }
    if diags.count(Severity::Warning) > 0 && !opts.allow_warnings {
        return Err(ReleaseError::Refused(
            Box::new(ws),
            diags,
            "检查发现警告，拒绝发布（确认无误后可加 --allow-warnings）".into(),
        ));
    }

    if let Some(c) = &ws.plans[index].consultation
        && opts.stage == Stage::ForComment
        && c.end.value.day_number() < opts.date.day_number()
    {
        let msg = format!(
            "{}：征求意见截止日期 {} 早于发布日期 {}；改正 consultation 的 end，或用 --date 写明发布日期",
            location(&ws, c.end.span),
            c.end.value.chinese(),
            opts.date.chinese()
        );
        return Err(ReleaseError::Refused(Box::new(ws), diags, msg));
    }

    let releases = opts
        .out
        .clone()
        .unwrap_or_else(|| ws.root.join(&ws.config.out_dir).join("releases"))
        .join(&opts.plan);
    fs::create_dir_all(&releases)
        .map_err(|e| ReleaseError::Failed(format!("无法创建 {}：{e}", releases.display())))?;
    // Held until the release is renamed into place.
    let _lock = lock(&releases)?;
    let existing = existing_releases(&releases);
    if let Some(broken) = broken_release(&releases, &existing) {
        return Err(ReleaseError::Failed(format!(
            "发布目录 {} 不完整（没有 manifest.json），可能是中断的发布或手工复制留下的；确认不需要后删除它（rm -r \"{}\"）再发布",
            broken.display(),
            broken.display()
        )));
    }
    let version = match opts.version {
        Some(v) => {
            if let Some((_, name)) = existing.iter().find(|(ev, _)| *ev == v) {
                return Err(ReleaseError::Failed(format!(
                    "版本 v{v} 已存在（{name}），发布目录不会被覆盖；请指定新的版本号"
                )));
            }
            v
        }
        None => existing.last().map_or(1, |(v, _)| v + 1),
    };
    let name = release_name(opts.date, opts.stage, version);
    let final_dir = releases.join(&name);
    if final_dir.exists() {
        return Err(ReleaseError::Failed(format!(
            "{} 已存在，不会被覆盖",
            final_dir.display()
        )));
    }
    let previous = existing
        .iter()
        .rev()
        .find(|(v, _)| *v < version)
        .map(|(_, n)| n.clone());
    let mut notes = Vec::new();
    let tree = source_tree_hash(&ws, |p| in_scope(&dirs, p));
    if let Some(prev) = &previous
        && recorded_tree(&releases.join(prev)).as_deref() == Some(tree.as_str())
    {
        let note = format!("源文件与上一版本 {prev} 完全相同，这次发布没有任何修改");
        if !opts.allow_warnings {
            return Err(ReleaseError::Refused(
                Box::new(ws),
                diags,
                format!("{note}，拒绝发布（确需再次发布请加 --allow-warnings）"),
            ));
        }
        notes.push(format!("警告：{note}"));
    }

    let mut outputs = Outputs::new(
        &ws.root.join(&ws.config.templates_dir),
        LazyPdf::new(ws.config.clone()),
    )
    .map_err(ReleaseError::Failed)?;
    // The release's pages load their fonts from its own fonts/ directory.
    outputs.html.fonts = Some(PathBuf::from("fonts"));
    let rendered = {
        let plan = &ws.plans[index];
        let view = PlanView::new(plan);
        let prev_dir = previous.as_ref().map(|p| releases.join(p));
        documents::render(&documents::Context {
            ws: &ws,
            plan,
            view: &view,
            outputs: &outputs,
            opts,
            version,
            previous: prev_dir.as_deref(),
        })
    };
    let mut files = match rendered {
        Ok(f) => f,
        Err((d, msg)) => {
            let mut all = diags;
            all.extend(d);
            all.sort(&ws.sources);
            return Err(ReleaseError::Refused(Box::new(ws), all, msg));
        }
    };
    let plan = &ws.plans[index];

    // Stage everything, then rename into place.
    for (n, _) in existing_staging(&releases) {
        let _ = fs::remove_dir_all(releases.join(n));
    }
    let staging = tempfile::Builder::new()
        .prefix(".staging-")
        .tempdir_in(&releases)
        .map_err(|e| ReleaseError::Failed(format!("无法创建临时目录：{e}")))?;
    let write = |rel: &Path, bytes: &[u8]| -> Result<(), ReleaseError> {
        let p = staging.path().join(rel);
        if let Some(d) = p.parent() {
            fs::create_dir_all(d)
                .map_err(|e| ReleaseError::Failed(format!("无法写入 {}：{e}", p.display())))?;
        }
        fs::write(&p, bytes)
            .map_err(|e| ReleaseError::Failed(format!("无法写入 {}：{e}", p.display())))
    };
    for (rel, bytes) in &files {
        write(rel, bytes)?;
    }
    copy_sources(&ws, &dirs, &staging.path().join("source"))
        .map_err(|e| ReleaseError::Failed(format!("无法保存源文件快照：{e}")))?;
    let manifest = manifest::build(
        &ws,
        plan,
        opts,
        version,
        &name,
        previous.as_deref(),
        &diags,
        staging.path(),
    )
    .map_err(|e| ReleaseError::Failed(format!("无法生成清单：{e}")))?;
    write(Path::new("manifest.json"), &manifest)?;
    files.push((PathBuf::from("manifest.json"), manifest));
    failpoint("release-before-rename");
    let staged = staging.keep();
    fs::rename(&staged, &final_dir).map_err(|e| {
        let _ = fs::remove_dir_all(&staged);
        ReleaseError::Failed(format!(
            "无法完成发布（重命名到 {} 失败）：{e}",
            final_dir.display()
        ))
    })?;
    Ok(ReleaseReport {
        files: files.into_iter().map(|(p, _)| final_dir.join(p)).collect(),
        dir: final_dir,
        workspace: ws,
        diagnostics: diags,
        previous,
        notes,
    })
}

fn existing_staging(dir: &Path) -> Vec<(String, ())> {
    fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".staging-"))
        .map(|n| (n, ()))
        .collect()
}

/// Crash-testing hook: `GUIHUA_FAILPOINT=<name>` pauses the process at that point for up to
/// a minute, so a test can kill it there (the release must leave no release directory).
fn failpoint(name: &str) {
    if std::env::var("GUIHUA_FAILPOINT").is_ok_and(|v| v == name) {
        eprintln!("failpoint {name}");
        std::thread::sleep(std::time::Duration::from_secs(60));
    }
}
