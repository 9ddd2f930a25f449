//! The pages the server makes itself (the index with counts, the located error, a refusal)
//! and the live-reload client it adds to each plan's page. Every piece of author or
//! diagnostic text is escaped here; the client inserts text with `textContent` only.

use super::marks::Mark;
use crate::render::engine::escape_html;

/// The reload client: live reload over `/__guihua/events`, the scroll position kept, the
/// diagnostics marked on their elements and listed in a panel.
const CLIENT_JS: &str = include_str!("client.js");
const CLIENT_CSS: &str = include_str!("client.css");

/// A plan on the index page.
pub struct IndexRow<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub stage: &'a str,
    pub errors: usize,
    pub warnings: usize,
    pub failed: bool,
}

/// JSON that is safe inside a `<script>` element: no `<`, `>` or `&` left as they are.
fn script_json(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|_| "null".to_string())
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// The client, for the page of `plan` (`""` for the index) made at `version` (the site's
/// generation when it was rendered; `None` for a page that never reloads) with these marks.
/// When its event stream (re)connects, the client compares `version` with the site's status,
/// so that a change made while the page was loading is not missed.
fn client(plan: &str, version: Option<u64>, marks: &[Mark]) -> String {
    format!(
        "<style id=\"guihua-serve-style\">{CLIENT_CSS}</style>\n<script type=\"application/json\" id=\"guihua-serve-data\">{}</script>\n<script id=\"guihua-serve-client\">{CLIENT_JS}</script>\n",
        script_json(&serde_json::json!({"plan": plan, "version": version, "marks": marks})),
    )
}

/// `html` (the page `build` writes) with the client added before `</body>`.
pub fn with_client(html: &str, plan: &str, version: u64, marks: &[Mark]) -> String {
    let client = client(plan, Some(version), marks);
    match html.rfind("</body>") {
        Some(at) => format!("{}{client}{}", &html[..at], &html[at..]),
        None => format!("{html}{client}"),
    }
}

fn shell(title: &str, plan: &str, version: Option<u64>, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>\nbody {{ margin: 0 auto; max-width: 64rem; padding: 2rem 1rem; font-family: \"Noto Sans CJK SC\", \"Source Han Sans SC\", sans-serif; line-height: 1.7; color: #111; }}\ntable {{ border-collapse: collapse; width: 100%; }}\nth, td {{ border: 1px solid #999; padding: .3rem .6rem; text-align: left; }}\n.errors {{ color: #b00020; font-weight: bold; }}\n.warnings {{ color: #8a5a00; }}\npre.located {{ background: #fff4f4; border-left: 4px solid #b00020; padding: 1rem; overflow-x: auto; white-space: pre-wrap; font-family: \"Noto Sans Mono CJK SC\", monospace; }}\n</style>\n</head>\n<body>\n{body}{}</body>\n</html>\n",
        escape_html(title),
        client(plan, version, &[]),
    )
}

/// The index: every plan with its stage and its counts of errors and warnings.
pub fn index_page(rows: &[IndexRow], version: u64) -> String {
    let mut body = String::from(
        "<h1>规划目录（实时预览）</h1>\n<table>\n<thead><tr><th>规划</th><th>阶段</th><th>错误</th><th>警告</th><th>PDF</th></tr></thead>\n<tbody>\n",
    );
    for r in rows {
        let href = escape_html(&encode(r.id));
        let state = if r.failed { "（无法载入）" } else { "" };
        body.push_str(&format!(
            "<tr data-plan=\"{}\"><td><a href=\"/{href}/\">{}</a>{state}</td><td>{}</td><td class=\"{}\">{}</td><td class=\"{}\">{}</td><td><a href=\"/{href}/{href}.pdf\">PDF</a></td></tr>\n",
            escape_html(r.id),
            escape_html(r.title),
            escape_html(r.stage),
            if r.errors > 0 { "errors" } else { "" },
            r.errors,
            if r.warnings > 0 { "warnings" } else { "" },
            r.warnings,
        ));
    }
    if rows.is_empty() {
        body.push_str(
            "<tr><td colspan=\"5\">工作区中还没有规划：用 guihua new 新建一个。</td></tr>\n",
        );
    }
    body.push_str(
        "</tbody>\n</table>\n<p>保存任何源文件、guihua.yaml 或模板后，页面自动刷新。</p>\n",
    );
    shell("规划目录（实时预览）", "", Some(version), &body)
}

/// A plan's page while it cannot be shown: why, and the located errors (file:line:col, the
/// source line, the hint) as `guihua check` prints them.
pub fn error_page(plan: &str, version: Option<u64>, why: &str, located: &str) -> String {
    let body = format!(
        "<p><a href=\"/\">规划目录</a></p>\n<h1 id=\"guihua-error\">{}</h1>\n<p>规划：{}</p>\n<pre class=\"located\">{}</pre>\n",
        escape_html(why),
        escape_html(plan),
        escape_html(located),
    );
    shell(why, plan, version, &body)
}

/// The whole workspace could not be read.
pub fn fatal_page(why: &str, version: u64) -> String {
    error_page("", Some(version), "工作区无法读取", why)
}

/// A short page: a refused request, a page that does not exist.
pub fn message_page(title: &str, message: &str) -> String {
    let body = format!(
        "<h1>{}</h1>\n<p>{}</p>\n<p><a href=\"/\">规划目录</a></p>\n",
        escape_html(title),
        escape_html(message)
    );
    shell(title, "", None, &body)
}

/// What a path segment keeps unencoded: letters, digits, `-`, `_`, `.`.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.');

/// A plan id as a URL path segment.
pub fn encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, SEGMENT).to_string()
}
