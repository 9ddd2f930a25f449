use std::path::PathBuf;

use super::OutputFormat;
use crate::feedback::report::Counts;
use crate::model::inline::period_text;

pub fn run(path: Option<PathBuf>, format: OutputFormat) -> u8 {
    let root = super::workspace_root(path);
    let (ws, diags) = match crate::load::load(&root) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("错误：{e}");
            return 2;
        }
    };
    match format {
        OutputFormat::Json => {
            let plans: Vec<serde_json::Value> = ws
                .plans
                .iter()
                .map(|p| {
                    serde_json::json!({
                        "id": p.id,
                        "title": p.title.value,
                        "stage": p.stage.value.zh(),
                        "period": p.period.map(|x| serde_json::json!({ "start": x.value.start, "end": x.value.end })),
                        "region": p.region.as_ref().map(|r| &r.name.value),
                        "chapters": p.chapters.len(),
                        "sections": p.sections().count(),
                        "columns": p.columns.len(),
                        "tables": p.tables.len(),
                        "indicators": p.indicator_count(),
                        "comments": Counts::of_rounds(&p.feedback),
                    })
                })
                .collect();
            println!(
                "{}",
                serde_json::to_string_pretty(&plans).unwrap_or_default()
            );
        }
        OutputFormat::Human => {
            if ws.plans.is_empty() {
                println!("{} 中没有规划", root.join(&ws.config.plans_dir).display());
            }
            for p in &ws.plans {
                let counts = Counts::of_rounds(&p.feedback);
                let comments = match counts.total {
                    0 => String::new(),
                    n => format!("\t意见 {n} 条（待处理 {}）", counts.pending),
                };
                println!(
                    "{}\t{}\t{}\t{}\t{} 章 {} 节\t{} 个专栏\t{} 张表 {} 项指标{comments}",
                    p.id,
                    p.title,
                    p.stage.value.zh(),
                    p.period
                        .map(|x| period_text(x.value.start, x.value.end))
                        .unwrap_or_else(|| "（无规划期）".into()),
                    p.chapters.len(),
                    p.sections().count(),
                    p.columns.len(),
                    p.tables.len(),
                    p.indicator_count(),
                );
            }
            if diags.has_errors() {
                eprintln!("（源文件有错误，上面的计数可能不完整；运行 guihua check 查看）");
            }
        }
    }
    0
}
