//! The tera engine with guihua's templates and filters. Built once per build.

use std::collections::HashMap;

use tera::{Context, Tera, Value};

use super::templates::TemplateSet;

/// The templates tera renders: every template but the Typst ones, which belong to the PDF
/// renderer.
fn tera_templates() -> impl Iterator<Item = &'static str> {
    super::templates::BUILTIN
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| !name.ends_with(".typ"))
}

/// A template context holding `value` as `key`, and `generator` (the tool and its version,
/// for the page's meta tag and footer). Every tera document gets its context from here.
pub fn context(key: &str, value: &(impl serde::Serialize + ?Sized)) -> Context {
    let mut ctx = Context::new();
    ctx.insert(key, value);
    ctx.insert(
        "generator",
        &format!("guihua {}", env!("CARGO_PKG_VERSION")),
    );
    ctx
}

pub struct Engine {
    tera: Tera,
}

fn template_error(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push('：');
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

/// HTML escaping for text and attribute values. Unlike tera's default it leaves `/` alone,
/// so relative links stay readable.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Backslash-escape what Markdown would read as markup, so author text stays text.
pub fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '~' | '>' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '&' => out.push_str("&amp;"),
            '\n' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// Certainly punctuation for CommonMark (ASCII and the CJK punctuation blocks): used for the
/// characters next to an emphasis mark, where a wrong "yes" would break the mark.
pub fn surely_punct(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c as u32, 0x3001..=0x3003 | 0x3008..=0x3011 | 0x3014..=0x301F | 0x2010..=0x2027 | 0x2030..=0x205E | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65 | 0xFE10..=0xFE19 | 0xFE30..=0xFE4F)
}

/// `text` between `mark`s (`**`, `*`, `***`) that CommonMark and GFM accept whatever comes
/// before and after: the marks go inside the punctuation at either end
/// (`**搭建平台。**整合` is not bold on GitHub; `**搭建平台**。整合` is). Text that is all
/// punctuation falls back to inline HTML (`<strong>`, `<em>`). Escaped as by `md`.
pub fn md_emphasis(text: &str, mark: &str) -> String {
    let lead: String = text.chars().take_while(|&c| surely_punct(c)).collect();
    let rest = &text[lead.len()..];
    let core = rest.trim_end_matches(surely_punct);
    let trail = &rest[core.len()..];
    if core.is_empty() {
        let (open, close) = match mark {
            "*" => ("<em>", "</em>"),
            "***" => ("<strong><em>", "</em></strong>"),
            _ => ("<strong>", "</strong>"),
        };
        return format!("{open}{}{close}", md_escape(text));
    }
    format!(
        "{}{mark}{}{mark}{}",
        md_escape(&lead),
        md_escape(core),
        md_escape(trail)
    )
}

fn strong_filter(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let s = match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    let mark = args
        .get("mark")
        .and_then(Value::as_str)
        .filter(|m| matches!(*m, "*" | "**" | "***"))
        .unwrap_or("**");
    Ok(Value::String(md_emphasis(&s, mark)))
}

fn md_filter(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    let s = match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    Ok(Value::String(md_escape(&s)))
}

impl Engine {
    pub fn new(set: &TemplateSet) -> Result<Engine, String> {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn(escape_html);
        tera.register_filter("md", md_filter);
        tera.register_filter("strong", strong_filter);
        let files: Vec<(&str, &str)> = tera_templates().map(|n| (n, set.get(n))).collect();
        tera.add_raw_templates(files)
            .map_err(|e| format!("模板有错误：{}", template_error(&e)))?;
        Ok(Engine { tera })
    }

    pub fn render(&self, name: &str, ctx: &Context) -> Result<String, String> {
        self.tera
            .render(name, ctx)
            .map_err(|e| format!("渲染模板 {name} 失败：{}", template_error(&e)))
    }
}

#[cfg(test)]
mod tests {
    use super::md_emphasis;

    #[test]
    fn emphasis_marks_go_inside_the_punctuation_at_the_ends() {
        assert_eq!(md_emphasis("搭建平台。", "**"), "**搭建平台**。");
        assert_eq!(md_emphasis("“四张”名片", "**"), "“**四张”名片**");
        assert_eq!(md_emphasis("名称", "*"), "*名称*");
        assert_eq!(md_emphasis("、", "**"), "<strong>、</strong>");
        assert_eq!(md_emphasis("a*b。", "**"), "**a\\*b**。");
    }
}
