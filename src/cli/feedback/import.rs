//! `guihua feedback import`.

#[derive(clap::Args, Debug)]
pub struct ImportArgs {}

pub fn run(_args: &ImportArgs) -> u8 {
    eprintln!("guihua feedback import：尚未实现");
    2
}
