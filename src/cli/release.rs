//! `guihua release`.

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::diagnostic::{self, render_human};
use crate::model::{PlanDate, Stage};
use crate::release::{ReleaseError, ReleaseOptions, default_date, release};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 规划 id，如 qinhuangdao-2021
    pub plan: String,
    /// 发布阶段：征求意见稿 | 送审稿 | 正式稿
    #[arg(long)]
    pub stage: String,
    /// 版本号；默认在该规划已有版本之后顺延。已存在的版本目录不会被覆盖
    #[arg(long)]
    pub version: Option<u32>,
    /// 有警告时仍然发布（错误始终拒绝发布）
    #[arg(long)]
    pub allow_warnings: bool,
    /// 发布日期 YYYY-MM-DD；默认取 SOURCE_DATE_EPOCH 或今天
    #[arg(long)]
    pub date: Option<String>,
    /// 发布目录的上级目录；默认 <out_dir>/releases
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// 工作区目录，默认当前目录
    #[arg(long, default_value = ".")]
    pub workspace: PathBuf,
}

/// `YYYY-MM-DD`, a real day (2021-02-31 is refused), through the one date module.
fn parse_date(s: &str) -> Option<PlanDate> {
    PlanDate::parse_iso(s).filter(|d| d.day.is_some())
}

pub fn run(args: Args, shown_root: Option<&std::path::Path>) -> u8 {
    let Some(stage) = Stage::parse(args.stage.trim()).filter(|s| *s != Stage::Draft) else {
        eprintln!(
            "错误：发布阶段 `{}` 无效；可选：征求意见稿 | 送审稿 | 正式稿",
            args.stage
        );
        return 2;
    };
    let date = match &args.date {
        Some(d) => match parse_date(d) {
            Some(d) => d,
            None => {
                eprintln!("错误：发布日期 `{d}` 无效；写成 2021-09-15");
                return 2;
            }
        },
        None => default_date(),
    };
    let root = crate::load::find_root(&args.workspace);
    let prefix = match super::path_prefix(&root, shown_root) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("错误：{e}");
            return 2;
        }
    };
    let opts = ReleaseOptions {
        plan: args.plan,
        stage,
        version: args.version,
        allow_warnings: args.allow_warnings,
        date,
        out: args.out,
    };
    let color = super::use_color(super::ColorChoice::Auto, std::io::stderr().is_terminal());
    match release(&root, &opts) {
        Ok(mut r) => {
            r.workspace.sources.show_from(prefix);
            eprint!(
                "{}",
                render_human(&r.workspace.sources, &r.diagnostics.without_infos(), color)
            );
            for f in &r.files {
                println!("已写入 {}", f.strip_prefix(&root).unwrap_or(f).display());
            }
            for n in &r.notes {
                eprintln!("{n}");
            }
            match &r.previous {
                Some(p) => eprintln!("修订对照表：与上一版本 {p} 比较"),
                None => eprintln!("这是该规划的第一个发布版本，没有修订对照表"),
            }
            eprintln!(
                "已发布 {}（{}）",
                r.dir.strip_prefix(&root).unwrap_or(&r.dir).display(),
                diagnostic::summary(&r.diagnostics)
            );
            0
        }
        Err(ReleaseError::Refused(mut ws, diags, msg)) => {
            ws.sources.show_from(prefix);
            eprint!(
                "{}",
                render_human(&ws.sources, &diags.without_infos(), color)
            );
            eprintln!("{msg}；未生成发布目录。");
            1
        }
        Err(ReleaseError::Failed(msg)) => {
            eprintln!("错误：{msg}");
            2
        }
    }
}
