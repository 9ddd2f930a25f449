use std::path::PathBuf;

use crate::output::write_atomic;
use crate::schema::{KINDS, schema_text};

pub fn run(kind: Option<String>, out: Option<PathBuf>) -> u8 {
    match (kind, out) {
        (Some(k), None) => match schema_text(&k) {
            Some(s) => {
                print!("{s}");
                0
            }
            None => {
                eprintln!(
                    "错误：没有名为 `{k}` 的文件类型；可选：{}",
                    KINDS.join(" | ")
                );
                2
            }
        },
        (None, None) => {
            eprintln!(
                "用法：guihua schema <类型> 或 guihua schema --out <目录>；类型：{}",
                KINDS.join(" | ")
            );
            2
        }
        (k, Some(dir)) => {
            let kinds: Vec<&str> = match &k {
                Some(k) if KINDS.contains(&k.as_str()) => vec![k.as_str()],
                Some(k) => {
                    eprintln!(
                        "错误：没有名为 `{k}` 的文件类型；可选：{}",
                        KINDS.join(" | ")
                    );
                    return 2;
                }
                None => KINDS.to_vec(),
            };
            for kind in kinds {
                let path = dir.join(format!("{kind}.schema.json"));
                let text = schema_text(kind).unwrap_or_default();
                if let Err(e) = write_atomic(&path, text.as_bytes()) {
                    eprintln!("错误：无法写入 {}：{e}", path.display());
                    return 2;
                }
                println!("已写入 {}", path.display());
            }
            0
        }
    }
}
