use std::io::IsTerminal;
use std::path::PathBuf;

use super::ColorChoice;
use crate::build::{BuildError, BuildOptions, Format, build};
use crate::diagnostic::{self, render_human};

pub fn run(
    path: Option<PathBuf>,
    formats: Vec<Format>,
    out: Option<PathBuf>,
    color: ColorChoice,
) -> u8 {
    let root = super::workspace_root(path);
    let formats = Format::asked_or_all(formats);
    let color = super::use_color(color, std::io::stderr().is_terminal());
    match build(
        &root,
        &BuildOptions {
            formats,
            out_dir: out,
        },
    ) {
        Ok(report) => {
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
                "构建完成：{} 个规划，{} 个文件；{}",
                ws.plans.len(),
                report.written.len(),
                diagnostic::summary(&report.diagnostics)
            );
            0
        }
        Err(BuildError::Check(ws, diags)) => {
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
        Err(BuildError::Render(ws, diags, msg)) => {
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
