use std::io::IsTerminal;
use std::path::PathBuf;

use super::ColorChoice;
use crate::build::{BuildError, BuildOptions, Format, build_reporting};
use crate::diagnostic::{self, render_human};

pub fn run(
    path: Option<PathBuf>,
    formats: Vec<Format>,
    out: Option<PathBuf>,
    color: ColorChoice,
    shown_root: Option<&std::path::Path>,
) -> u8 {
    if let Err(e) = super::require_exists(path.as_deref()) {
        eprintln!("错误：{e}");
        return 2;
    }
    let target = super::target(path);
    let root = target.root.clone();
    let prefix = match super::path_prefix(&root, shown_root) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("错误：{e}");
            return 2;
        }
    };
    let formats = Format::asked_or_all(formats);
    let color = super::use_color(color, std::io::stderr().is_terminal());
    let opts = BuildOptions {
        formats,
        out_dir: out,
    };
    let started = std::time::Instant::now();
    // On a terminal, a progress line rewritten in place; pipes and CI get the plain
    // "已写入" lines only.
    let terminal = std::io::stderr().is_terminal();
    let mut progress = |done: usize, total: usize| {
        if terminal && total > 1 {
            eprint!("\r已生成 {done}/{total}");
            if done == total {
                eprint!("\r\x1b[2K");
            }
        }
    };
    let outcome = build_reporting(&root, &target.inside, &opts, &mut progress);
    let took = started.elapsed().as_secs_f64();
    match outcome {
        Ok(mut report) => {
            report.workspace.sources.show_from(prefix);
            let ws = &report.workspace;
            eprint!(
                "{}",
                render_human(&ws.sources, &report.diagnostics.without_infos(), color)
            );
            for note in &report.notes {
                eprintln!("{note}");
            }
            for p in &report.written {
                println!("已写入 {}", p.strip_prefix(&root).unwrap_or(p).display());
            }
            eprintln!(
                "构建完成：{} 个规划，{} 个文件，用时 {took:.1} 秒；{}",
                report.built.len(),
                report.written.len(),
                diagnostic::summary(&report.diagnostics)
            );
            0
        }
        Err(BuildError::Check(mut ws, diags)) => {
            ws.sources.show_from(prefix);
            eprint!(
                "{}",
                render_human(&ws.sources, &diags.without_infos(), color)
            );
            eprintln!(
                "检查未通过（{}），未生成任何输出；原有输出保持不变。",
                diagnostic::summary(&diags)
            );
            1
        }
        Err(BuildError::Render(mut ws, diags, msg)) => {
            ws.sources.show_from(prefix);
            eprint!(
                "{}",
                render_human(&ws.sources, &diags.without_infos(), color)
            );
            eprintln!("错误：{msg}；未写入任何输出，原有输出保持不变。");
            1
        }
        Err(BuildError::Io(msg)) => {
            eprintln!("错误：{msg}");
            2
        }
    }
}
