//! `guihua feedback report`: the 意见采纳情况表 of one plan, in every format asked for, and
//! the summary sentence for the 起草说明.

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::diagnostic::render_human;
use crate::feedback::report::{ReportFailure, ReportOptions, write_report};
use crate::output::Format;

#[derive(clap::Args, Debug)]
pub struct ReportArgs {
    /// 规划 id；工作区只有一个规划（或只有一个规划有意见）时可省略
    #[arg(long)]
    plan: Option<String>,
    /// 只列这一轮：v1，或发布目录名如 2021-09-15-征求意见稿-v1；默认全部轮次
    #[arg(long)]
    round: Option<String>,
    /// 输出格式，逗号分隔：md,html,pdf,docx；默认全部
    #[arg(long, value_enum, value_delimiter = ',')]
    format: Vec<Format>,
    /// 输出目录；默认 <out_dir>/feedback/<规划id>
    #[arg(long)]
    out: Option<PathBuf>,
    /// 工作区目录，默认当前目录
    #[arg(long, default_value = ".")]
    workspace: PathBuf,
}

pub fn run(args: &ReportArgs) -> u8 {
    let root = crate::load::find_root(&args.workspace);
    let opts = ReportOptions {
        plan: args.plan.clone(),
        round: args.round.clone(),
        formats: args.format.clone(),
        out: args.out.clone(),
    };
    let shown = |p: &std::path::Path| p.strip_prefix(&root).unwrap_or(p).display().to_string();
    match write_report(&root, &opts, |p| println!("已写入 {}", shown(p))) {
        Ok(outcome) => {
            eprintln!(
                "意见采纳情况表：规划 {}，{} 轮",
                outcome.view.plan.id,
                outcome.view.rounds.len()
            );
            println!("{}", outcome.view.summary);
            0
        }
        Err(ReportFailure::Sources(ws, diags)) => {
            let color = super::super::use_color(
                super::super::ColorChoice::Auto,
                std::io::stderr().is_terminal(),
            );
            eprint!("{}", render_human(&ws.sources, &diags, color));
            eprintln!("错误：源文件有错误，未生成意见采纳情况表；原有输出保持不变。");
            1
        }
        Err(ReportFailure::Typesetting(msg)) => {
            eprintln!("错误：{msg}；未写入任何输出。");
            1
        }
        Err(ReportFailure::Usage(msg)) | Err(ReportFailure::Failed(msg)) => {
            eprintln!("错误：{msg}");
            2
        }
    }
}
