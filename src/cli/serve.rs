use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use crate::serve::{Options, run as serve};

pub fn run(path: Option<PathBuf>, port: u16, open: bool) -> u8 {
    let root = super::workspace_root(path);
    if !root.is_dir() {
        eprintln!(
            "错误：工作区目录不存在：{}；给出含 guihua.yaml 或 plans/ 的目录",
            root.display()
        );
        return 2;
    }
    // Absolute, so that the watcher's paths and the ignored folders compare.
    let root = root.canonicalize().unwrap_or(root);
    let opts = Options {
        root,
        port,
        debounce: Duration::from_millis(30),
    };
    let result = serve(&opts, |addr| {
        let url = format!("http://{addr}/");
        println!("正在预览 {}：{url}", opts.root.display());
        println!("保存任何源文件后页面自动刷新；按 Ctrl+C 停止。");
        let _ = std::io::stdout().flush();
        if open {
            open_browser(&url);
        }
    });
    match result {
        Ok(()) => 0,
        Err(msg) => {
            eprintln!("错误：{msg}");
            2
        }
    }
}

/// The system's way of opening a URL; a failure is only reported.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener).arg(url).spawn() {
        eprintln!("提示：无法打开浏览器（{opener}：{e}），请手动打开 {url}");
    }
}
