//! `guihua feedback import`.

use std::path::PathBuf;

use crate::feedback::import::{ImportError, ImportOptions, import};

#[derive(clap::Args, Debug)]
#[command(
    after_help = "导入返回的意见，追加到 plans/<规划>/feedback/<轮次>.yaml（已有内容原样保留）：\n\
  · 填好的意见反馈表（.docx，guihua 发布时生成的表或表头相近的表）\n\
  · 带 Word 批注的规划文档（.docx），每条批注一条意见\n\
  · Excel（.xlsx）或 CSV（UTF-8 或 GB18030）汇总表，表头含“修改意见”等\n\
每条意见按“章节条目”或原文定位到该轮发布稿中的章节、专栏、表或指标；无法定位的仍导入并给出警告。\n\
同一文件重复导入不会重复添加。\n\n\
退出码：0 导入完成（含有警告或没有新意见）；2 文件无法读取、找不到发布或用法错误（此时不写入任何内容）。"
)]
pub struct ImportArgs {
    /// 要导入的文件（.docx、.xlsx、.csv），可多个
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// 轮次，如 v1（对应发布目录 …-征求意见稿-v1）
    #[arg(long)]
    round: String,
    /// 规划 id；工作区中只有一个规划已发布时可省略
    #[arg(long)]
    plan: Option<String>,
    /// 批注的提出单位（默认取每条批注的作者）
    #[arg(long)]
    from: Option<String>,
    /// 工作区目录，默认当前目录
    #[arg(long, default_value = ".")]
    workspace: PathBuf,
}

pub fn run(args: &ImportArgs) -> u8 {
    let root = crate::load::find_root(&args.workspace);
    let opts = ImportOptions {
        workspace: root.clone(),
        plan: args.plan.clone(),
        round: args.round.clone(),
        from: args.from.clone(),
    };
    match import(&opts, &args.files) {
        Ok(r) => {
            for f in &r.files {
                let name = f.file.display();
                println!(
                    "{name}（{}）：读到 {} 条意见，新增 {} 条，已导入过 {} 条",
                    f.channel.zh(),
                    f.read,
                    f.added,
                    f.skipped
                );
                for w in &f.warnings {
                    eprintln!("{w}");
                }
            }
            if r.written {
                println!(
                    "已写入 {}（对照发布 {}）",
                    r.round_file.display(),
                    r.release
                );
            } else {
                println!("没有新意见，{} 未改动", r.round_file.display());
            }
            0
        }
        Err(ImportError::Usage(m)) | Err(ImportError::Unreadable(m)) => {
            eprintln!("错误：{m}；未写入任何内容");
            2
        }
    }
}
