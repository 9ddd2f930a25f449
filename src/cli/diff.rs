//! `guihua diff`.

use std::path::PathBuf;

pub struct Args {
    pub old: Option<PathBuf>,
    pub new: Option<PathBuf>,
    pub rev: Option<String>,
    pub plan: Option<String>,
    pub out: Option<PathBuf>,
    pub format: Vec<crate::build::Format>,
    pub workspace: PathBuf,
}

pub fn run(args: Args) -> u8 {
    let _ = args;
    eprintln!("guihua diff：尚未实现");
    2
}
