//! `guihua feedback import|report`.

mod import;
mod report;

use clap::Subcommand;

#[derive(Subcommand, Debug)]
pub enum FeedbackCommand {
    /// 导入返回的意见：填好的意见反馈表（.docx）、带批注的规划 .docx、Excel（.xlsx）或 CSV 汇总表
    Import(import::ImportArgs),
    /// 生成意见采纳情况表（md / html / pdf / docx）和起草说明所需的汇总句
    Report(report::ReportArgs),
}

pub fn run(command: &FeedbackCommand) -> u8 {
    match command {
        FeedbackCommand::Import(args) => import::run(args),
        FeedbackCommand::Report(args) => report::run(args),
    }
}
