//! GitHub-flavoured Markdown. Author text goes through the `md` filter, which escapes
//! Markdown and HTML syntax. Links in the 目录 point at the identifiers GitHub and pandoc
//! derive from heading text, computed here with the same algorithm.

use std::collections::HashMap;

use super::engine::{Engine, context};
use super::view::{HeadingView, PlanView};

/// GitHub's heading slug: lowercase, drop punctuation except `-` and `_`, spaces to `-`.
pub fn gfm_slug(text: &str) -> String {
    text.chars()
        .filter_map(|c| {
            if c == ' ' {
                Some('-')
            } else if c.is_alphanumeric() || c == '-' || c == '_' {
                Some(c)
            } else {
                None
            }
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Slugs for every heading the Markdown template writes, in document order, with the
/// `-1`, `-2` suffixes GitHub adds to repeats.
fn slugs(view: &PlanView) -> HashMap<String, String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = HashMap::new();
    let mut add = |anchor: &str, text: &str, out: &mut HashMap<String, String>| {
        let base = gfm_slug(text);
        let n = seen.entry(base.clone()).or_insert(0);
        let slug = if *n == 0 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        *n += 1;
        out.insert(anchor.to_string(), slug);
    };
    // The template's own headings come first: the title and 目录 (and 专栏 / 表 lists).
    add("__title", &view.title, &mut out);
    add("__toc", "目录", &mut out);
    fn walk(h: &HeadingView, add: &mut dyn FnMut(&str, &str)) {
        add(&h.anchor, &format!("{}{}", h.number, h.title));
        for s in &h.sections {
            walk(s, add);
        }
    }
    let mut f = |a: &str, t: &str| add(a, t, &mut out);
    for c in &view.chapters {
        walk(c, &mut f);
    }
    out
}

pub fn render_plan(engine: &Engine, view: &PlanView) -> Result<String, String> {
    let mut ctx = context("plan", view);
    ctx.insert("slugs", &slugs(view));
    let text = engine.render("plan.md", &ctx)?;
    Ok(tidy(&text))
}

/// Collapse the blank lines template control flow leaves behind: never more than one in a
/// row, none at the start, exactly one newline at the end.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = 0;
    for line in s.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() && blank > 0 {
            out.push('\n');
        }
        blank = 0;
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::gfm_slug;

    #[test]
    fn slugs_match_github() {
        assert_eq!(gfm_slug("一、规划背景"), "一规划背景");
        assert_eq!(gfm_slug("（一）发展背景"), "一发展背景");
        assert_eq!(gfm_slug("1. 医疗服务"), "1-医疗服务");
        assert_eq!(gfm_slug("做优“四张”健康服务名片"), "做优四张健康服务名片");
    }
}
