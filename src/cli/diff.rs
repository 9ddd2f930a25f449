//! `guihua diff`: the 修订对照表 between two versions of one plan. The arguments name the
//! versions; [`crate::diff::compare`] finds, loads, compares, renders and writes them.

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::diagnostic::render_human;
use crate::diff::compare::{DiffError, Request, Versions, compare};
use crate::output::Format;

pub struct Args {
    pub old: Option<PathBuf>,
    pub new: Option<PathBuf>,
    pub rev: Option<String>,
    pub plan: Option<String>,
    pub out: Option<PathBuf>,
    pub format: Vec<Format>,
    pub workspace: PathBuf,
}

fn fail(code: u8, msg: &str) -> u8 {
    eprintln!("错误：{msg}");
    code
}

pub fn run(args: Args) -> u8 {
    let versions = match (args.rev, args.old, args.new) {
        (Some(rev), None, None) => Versions::Revisions(rev),
        (Some(_), _, _) => return fail(2, "--rev 与 <旧版本> <新版本> 不能同时使用"),
        (None, Some(old), Some(new)) => Versions::Paths(old, new),
        _ => {
            return fail(
                2,
                "需要两个版本：guihua diff <旧版本> <新版本>，或 guihua diff --rev <旧>..<新>",
            );
        }
    };
    let request = Request {
        versions,
        plan: args.plan,
        out: args.out,
        formats: args.format,
        workspace: args.workspace,
    };
    match compare(&request, |p| println!("已写入 {}", p.display())) {
        Ok(s) => {
            eprintln!(
                "修订对照表：{} 处修改（新增 {}、删除 {}、修改 {}、移动 {}），指标变化 {} 项，编号变动 {} 处",
                s.entries, s.added, s.removed, s.changed, s.moved, s.indicator_rows, s.shifts
            );
            0
        }
        Err(DiffError::Failed(msg)) => fail(2, &msg),
        Err(DiffError::Typesetting(msg)) => fail(1, &msg),
        Err(DiffError::Sources(sides)) => {
            let color = super::use_color(super::ColorChoice::Auto, std::io::stderr().is_terminal());
            for side in &sides {
                eprintln!("{} {} 的源文件有错误：", side.which, side.name);
                eprint!(
                    "{}",
                    render_human(&side.workspace.sources, &side.errors, color)
                );
            }
            fail(1, "源文件有错误，未生成修订对照表")
        }
    }
}
