//! `guihua feedback report`.

#[derive(clap::Args, Debug)]
pub struct ReportArgs {}

pub fn run(_args: &ReportArgs) -> u8 {
    eprintln!("guihua feedback report：尚未实现");
    2
}
