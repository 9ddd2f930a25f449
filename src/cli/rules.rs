//! `guihua rules`: every code guihua reports, from the registry, with its documentation.

use super::OutputFormat;
use crate::registry::{self, CodeInfo, Origin};

fn json(c: &CodeInfo, full: bool) -> serde_json::Value {
    let mut v = serde_json::json!({
        "code": c.code, "name": c.name, "severity": c.severity.as_str(), "summary": c.summary,
        "fix": c.fix_str(),
    });
    if full {
        v["origin"] = c.origin.zh().into();
        v["adjustable"] = c.adjustable.into();
        v["explanation"] = c.explanation.into();
        if let Some((bad, good)) = c.example {
            v["bad"] = bad.into();
            v["good"] = good.into();
        }
    }
    v
}

fn print_one(c: &CodeInfo, format: OutputFormat) {
    if format == OutputFormat::Json {
        println!(
            "{}",
            serde_json::to_string_pretty(&json(c, true)).unwrap_or_default()
        );
        return;
    }
    match (c.origin, c.example) {
        (Origin::Check, Some((bad, good))) => {
            println!(
                "{} {}（默认级别：{}；自动修复：{}）\n",
                c.code,
                c.name,
                c.severity.zh(),
                c.fix_zh()
            );
            println!("{}\n", c.summary);
            println!("{}\n", c.explanation);
            println!("错误示例：\n    {bad}\n");
            println!("正确示例：\n    {good}");
        }
        _ => println!(
            "{} {}（{}，级别：{}）\n\n{}",
            c.code,
            c.name,
            c.origin.zh(),
            c.severity.zh(),
            c.summary
        ),
    }
}

pub fn run(code: Option<String>, format: OutputFormat) -> u8 {
    if let Some(code) = code {
        if let Some(c) = registry::get(&code) {
            print_one(c, format);
            return 0;
        }
        let all = registry::all().iter().map(|c| c.code);
        match crate::suggest::closest(&code, all) {
            Some(s) => eprintln!("错误：没有代码为 `{code}` 的规则；是不是 `{s}`？"),
            None => eprintln!("错误：没有代码为 `{code}` 的规则；运行 guihua rules 查看全部"),
        }
        return 2;
    }
    match format {
        OutputFormat::Json => {
            let v: Vec<serde_json::Value> =
                registry::all().iter().map(|c| json(c, false)).collect();
            println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        }
        OutputFormat::Human => {
            println!("代码  级别  修复  名称                           说明");
            for c in registry::all() {
                let fix = match c.fix_str() {
                    "safe" => "安全",
                    "unsafe" => "确认",
                    _ => "　无",
                };
                println!(
                    "{:<5} {}  {fix}  {:<30} {}",
                    c.code,
                    c.severity.zh(),
                    c.name,
                    c.summary
                );
            }
            println!(
                "\n在 guihua.yaml 中用 `rules: {{代码: off | error | warning | info}}` 调整（加载错误与 PDF 排版失败除外）；单处确认用行尾注释 `# guihua-allow: 代码`。"
            );
            println!(
                "修复一栏：安全 = guihua check --fix 自动应用；确认 = 需加 --unsafe-fixes；无 = 没有自动修复。"
            );
            println!("guihua rules <代码> 显示说明和正反示例。");
        }
    }
    0
}
