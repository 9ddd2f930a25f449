use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use super::{CheckFormat, ColorChoice};
use crate::diagnostic::{self, Severity, render_github, render_human, render_json, render_sarif};

pub fn run(
    path: Option<PathBuf>,
    format: CheckFormat,
    deny_warnings: bool,
    color: ColorChoice,
) -> u8 {
    let root = super::workspace_root(path);
    let (ws, diags) = match crate::check_workspace(&root) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("错误：{e}");
            return 2;
        }
    };
    let out = match format {
        CheckFormat::Json => render_json(&ws.sources, &diags),
        CheckFormat::Github => render_github(&ws.sources, &diags),
        CheckFormat::Sarif => render_sarif(&ws.sources, &diags, &super::rules::all_rule_infos()),
        CheckFormat::Human => {
            let color = super::use_color(color, std::io::stdout().is_terminal());
            let mut s = render_human(&ws.sources, &diags, color);
            s.push_str(&format!(
                "检查了 {} 个规划、{} 个文件：{}\n",
                ws.plans.len(),
                ws.sources.len(),
                diagnostic::summary(&diags)
            ));
            s
        }
    };
    let mut stdout = std::io::stdout().lock();
    if stdout.write_all(out.as_bytes()).is_err() {
        return 2;
    }
    let failed = diags.has_errors() || (deny_warnings && diags.count(Severity::Warning) > 0);
    u8::from(failed)
}
