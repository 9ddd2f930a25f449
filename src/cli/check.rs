use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use super::{CheckFormat, ColorChoice};
use crate::diagnostic::{
    self, Diagnostics, Severity, render_github, render_human, render_json, render_sarif,
};
use crate::source::SourceMap;

/// `--fix` (`write`) or `--diff` (not `write`), with or without `--unsafe-fixes`.
#[derive(Clone, Copy, Debug)]
pub struct FixMode {
    pub write: bool,
    pub unsafe_fixes: bool,
}

/// How `check` reports.
#[derive(Clone)]
pub struct Output {
    pub format: CheckFormat,
    pub color: ColorChoice,
    pub deny_warnings: bool,
    /// Errors and warnings only.
    pub quiet: bool,
    /// `--root`: where diagnostic paths start.
    pub root: Option<PathBuf>,
}

pub fn run(paths: Vec<PathBuf>, out: Output, fix: Option<FixMode>) -> u8 {
    if !paths.is_empty()
        && paths
            .iter()
            .all(|p| p.is_file() && crate::import::is_draft_path(p))
    {
        if fix.is_some() {
            eprintln!(
                "错误：--fix 和 --diff 只修改工作区的规划源文件；文稿请先用 guihua import 导入"
            );
            return 2;
        }
        return run_drafts(paths, out);
    }
    if paths.len() > 1 {
        eprintln!("错误：一次只能检查一个工作区；多个路径只能都是文稿（.docx、.md、.txt）");
        return 2;
    }
    let path = paths.into_iter().next();
    if let Err(e) = super::require_exists(path.as_deref()) {
        eprintln!("错误：{e}");
        return 2;
    }
    let target = super::target(path);
    let root = target.root.clone();
    let prefix = match super::path_prefix(&root, out.root.as_deref()) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("错误：{e}");
            return 2;
        }
    };
    if let Some(mode) = fix {
        return super::fix::run(&root, mode, out, prefix);
    }
    let (mut ws, mut diags) = match crate::check_workspace(&root) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("错误：{e}");
            return 2;
        }
    };
    ws.sources.show_from(prefix);
    if ws.plans.is_empty() && diags.is_empty() {
        // A CI job pointed at the wrong folder must not pass forever.
        eprintln!(
            "错误：{} 中没有任何规划\n  = 提示：工作区应含 plans/<规划id>/plan.yaml（或 guihua.yaml 中 plans_dir 指定的目录）；\
             用 guihua new 新建，或用 guihua import 规划.docx 导入文稿；直接检查文稿请给出 .docx、.md 或 .txt 文件",
            root.display()
        );
        return 2;
    }
    let summary = match target.plan(&ws).and_then(|id| ws.plan(&id)) {
        // `check plans/<id>`: that plan's problems, its parents loaded for the relations.
        Some(plan) => {
            ws.keep_plan(plan, &mut diags);
            let files = ws
                .sources
                .files()
                .filter(|(_, f)| f.path.starts_with(&plan.dir))
                .count();
            format!("检查了规划 {}、{files} 个文件", plan.id)
        }
        None => format!(
            "检查了 {} 个规划、{} 个文件",
            ws.plans.len(),
            ws.sources.len()
        ),
    };
    print(&ws.sources, &diags, &out, &summary)
}

pub(super) fn print(sources: &SourceMap, all: &Diagnostics, how: &Output, what: &str) -> u8 {
    let &Output {
        format,
        color,
        deny_warnings,
        quiet,
        ..
    } = how;
    // --quiet: the notes (info) are left out; the summary still counts everything.
    let shown = if quiet {
        all.without_infos()
    } else {
        all.clone()
    };
    let diags = &shown;
    let out = match format {
        CheckFormat::Json => render_json(sources, diags),
        CheckFormat::Github => render_github(sources, diags),
        CheckFormat::Sarif => render_sarif(sources, diags, crate::registry::all()),
        CheckFormat::Human => {
            let color = super::use_color(color, std::io::stdout().is_terminal());
            let mut s = render_human(sources, diags, color);
            s.push_str(&format!("{what}：{}\n", diagnostic::summary(all)));
            s
        }
    };
    let mut stdout = std::io::stdout().lock();
    if stdout.write_all(out.as_bytes()).is_err() {
        return 2;
    }
    let failed = diags.has_errors() || (deny_warnings && diags.count(Severity::Warning) > 0);
    u8::from(failed)
}

/// `guihua check 规划.docx …`: each draft imported in memory and checked; one report.
fn run_drafts(paths: Vec<PathBuf>, out: Output) -> u8 {
    let mut sources = SourceMap::default();
    let mut all = Diagnostics::default();
    for p in &paths {
        let (src, diags) = match crate::import::check_draft(p) {
            Ok(x) => x,
            Err(e) => {
                eprintln!("错误：{e}");
                return 2;
            }
        };
        // Each draft's sources hold one file, id 0: renumber into the combined map.
        let id = sources.add(p.clone(), src.get(crate::source::FileId(0)).text.clone());
        for mut d in diags.into_vec() {
            d.span = crate::source::Span::new(id, d.span.range());
            for l in &mut d.related {
                l.span = crate::source::Span::new(id, l.span.range());
            }
            all.push(d);
        }
    }
    all.sort(&sources);
    let what = format!("检查了 {} 份文稿", paths.len());
    print(&sources, &all, &out, &what)
}
