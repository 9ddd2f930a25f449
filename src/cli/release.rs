//! `guihua release`.

use std::path::PathBuf;

pub struct Args {
    pub plan: String,
    pub stage: String,
    pub version: Option<u32>,
    pub allow_warnings: bool,
    pub date: Option<String>,
    pub out: Option<PathBuf>,
    pub workspace: PathBuf,
}

pub fn run(args: Args) -> u8 {
    let _ = args;
    eprintln!("guihua release：尚未实现");
    2
}
