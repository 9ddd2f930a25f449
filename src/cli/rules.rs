//! `guihua rules`: every code guihua reports, with its documentation.

use super::OutputFormat;
use crate::check::{RULES, rule};
use crate::diagnostic::{RuleInfo, Severity};
use crate::load::codes;

/// Loader codes and check rules, as SARIF and `guihua rules` describe them.
pub fn all_rule_infos() -> Vec<RuleInfo<'static>> {
    let mut v: Vec<RuleInfo> = codes::ALL
        .iter()
        .map(|c| RuleInfo {
            code: c.code,
            name: c.name,
            severity: Severity::Error,
            summary: c.summary,
            explanation: c.summary,
        })
        .collect();
    v.extend(crate::import::codes::ALL.iter().map(|c| RuleInfo {
        code: c.code,
        name: c.name,
        severity: import_severity(c.code),
        summary: c.summary,
        explanation: c.summary,
    }));
    v.extend(RULES.iter().map(|r| RuleInfo {
        code: r.code,
        name: r.name,
        severity: r.severity,
        summary: r.summary,
        explanation: r.explanation,
    }));
    v.extend(PDF_CODES.iter().map(|(code, name, summary)| RuleInfo {
        code,
        name,
        severity: Severity::Error,
        summary,
        explanation: summary,
    }));
    v
}

/// Codes the PDF renderer reports during `guihua build` / `guihua release`.
const PDF_CODES: &[(&str, &str, &str)] = &[
    (
        "P001",
        "missing-glyph",
        "PDF 所用字体中没有这个字符（例如 㠠）：生成 PDF 前逐字核对，指向 YAML 中的位置。",
    ),
    (
        "P002",
        "typst-error",
        "PDF 模板排版出错（模板语法、字段访问等）。",
    ),
    (
        "P003",
        "typst-warning",
        "PDF 排版警告（如模板引用了本机没有的字体），不会被静默忽略，视为失败。",
    ),
];

pub fn run(code: Option<String>, format: OutputFormat) -> u8 {
    if let Some(code) = code {
        if let Some(r) = rule(&code) {
            match format {
                OutputFormat::Json => println!(
                    "{}",
                    serde_json::to_string_pretty(&serde_json::json!({
                        "code": r.code, "name": r.name, "severity": r.severity.as_str(), "summary": r.summary,
                        "explanation": r.explanation, "bad": r.bad, "good": r.good,
                    }))
                    .unwrap_or_default()
                ),
                OutputFormat::Human => {
                    println!("{} {}（默认级别：{}）\n", r.code, r.name, r.severity.zh());
                    println!("{}\n", r.summary);
                    println!("{}\n", r.explanation);
                    println!("错误示例：\n    {}\n", r.bad);
                    println!("正确示例：\n    {}", r.good);
                }
            }
            return 0;
        }
        if let Some(c) = codes::ALL
            .iter()
            .find(|c| c.code.eq_ignore_ascii_case(&code))
        {
            println!(
                "{} {}（加载错误，级别：错误）\n\n{}",
                c.code, c.name, c.summary
            );
            return 0;
        }
        if let Some(c) = crate::import::codes::ALL
            .iter()
            .find(|c| c.code.eq_ignore_ascii_case(&code))
        {
            println!(
                "{} {}（导入文稿，级别：{}）\n\n{}",
                c.code,
                c.name,
                import_severity(c.code).zh(),
                c.summary
            );
            return 0;
        }
        if let Some((c, name, summary)) = PDF_CODES
            .iter()
            .find(|(c, ..)| c.eq_ignore_ascii_case(&code))
        {
            println!("{c} {name}（PDF 生成，级别：错误）\n\n{summary}");
            return 0;
        }
        let all: Vec<&str> = all_rule_infos().iter().map(|r| r.code).collect();
        match crate::suggest::closest(&code, all.iter().copied()) {
            Some(s) => eprintln!("错误：没有代码为 `{code}` 的规则；是不是 `{s}`？"),
            None => eprintln!("错误：没有代码为 `{code}` 的规则；运行 guihua rules 查看全部"),
        }
        return 2;
    }
    let infos = all_rule_infos();
    match format {
        OutputFormat::Json => {
            let v: Vec<serde_json::Value> = infos
                .iter()
                .map(|r| serde_json::json!({ "code": r.code, "name": r.name, "severity": r.severity.as_str(), "summary": r.summary }))
                .collect();
            println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        }
        OutputFormat::Human => {
            println!("代码  级别  名称                           说明");
            for r in &infos {
                println!(
                    "{:<5} {}  {:<30} {}",
                    r.code,
                    r.severity.zh(),
                    r.name,
                    r.summary
                );
            }
            println!(
                "\n在 guihua.yaml 中用 `rules: {{代码: off | error | warning | info}}` 调整；单处确认用行尾注释 `# guihua-allow: 代码`。"
            );
            println!("guihua rules <代码> 显示说明和正反示例。");
        }
    }
    0
}

/// The severity each import code is reported at.
fn import_severity(code: &str) -> Severity {
    use crate::import::codes as ic;
    match code {
        c if c == ic::TOC_MISMATCH || c == ic::COLUMN_LIST || c == ic::TRACKED => Severity::Warning,
        c if c == ic::ENCODING || c == ic::JOINED => Severity::Info,
        _ => Severity::Error,
    }
}
