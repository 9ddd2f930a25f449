//! `guihua import 规划.docx [--id ID] [--into WORKSPACE]`.

use std::path::{Path, PathBuf};

use crate::diagnostic::{self, Diagnostics, render_human};
use crate::import;

pub struct Args {
    pub draft: PathBuf,
    pub id: Option<String>,
    pub into: PathBuf,
    pub force: bool,
    pub link_figures: bool,
}

pub fn run(args: Args, color: bool) -> u8 {
    let bytes = match std::fs::read(&args.draft) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("错误：无法读取 {}：{e}", args.draft.display());
            return 2;
        }
    };
    let draft = match import::read_draft(&args.draft, bytes) {
        Ok(d) => d,
        Err(e) => {
            eprintln!(
                "错误[{}]：{}：{}\n  = 提示：{}",
                e.code,
                args.draft.display(),
                e.message,
                e.hint
            );
            return 2;
        }
    };
    let id = args
        .id
        .clone()
        .unwrap_or_else(|| import::default_id(&args.draft));
    if !crate::load::is_valid_id(&id) {
        eprintln!(
            "错误：`{id}` 不能用作规划 id（只能由字母、数字、汉字、-、_ 组成），请用 --id 指定"
        );
        return 2;
    }
    let imported = import::import_with(draft, &id, args.link_figures);
    let target = match import::write_plan(&imported, &args.into, args.force) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("错误：{e}");
            return 2;
        }
    };
    let sources = imported.draft_sources();
    let mut diags = Diagnostics::default();
    diags.extend(imported.diags.iter().cloned());
    diags.sort(&sources);
    print!("{}", render_human(&sources, &diags, color));
    let o = &imported.outline;
    println!(
        "已导入 {} → {}：{} 章、{} 个专栏、{} 张表（{} 项指标）；读取 {} 段，写入 {} 段。{}",
        args.draft.display(),
        display(&target),
        o.chapters.len(),
        o.columns.len(),
        o.tables.len(),
        o.indicator_count(),
        imported.draft.paragraphs_read,
        o.counts.total(),
        diagnostic::summary(&diags)
    );
    if args.link_figures {
        println!(
            "改为引用的数字：{} 处（逐处列在导入报告中）",
            imported.links
        );
    }
    println!("导入报告：{}", display(&target.join("导入报告.md")));
    println!("下一步：guihua check {}", display(&args.into));
    0
}

fn display(p: &Path) -> String {
    p.display().to_string()
}
