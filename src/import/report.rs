//! The import report: what was read, what it became, what could not be placed, and every
//! diagnostic about the draft. Paragraphs read equal paragraphs written: nothing is dropped.

use std::fmt::Write as _;

use super::draft::Draft;
use super::outline::{Outline, Section};
use crate::diagnostic::Diagnostic;

/// The generated number of a section at `level` (0 = chapter).
fn number(level: usize, n: usize) -> String {
    use super::number::Style;
    let n = n as u32;
    match level {
        0 => Style::Zh.show(n),
        1 => Style::ZhParen.show(n),
        2 => Style::Arabic.show(n),
        _ => Style::ArabicParen.show(n),
    }
}

fn walk<'a>(secs: &'a [Section], prefix: &str, out: &mut Vec<(usize, String, &'a Section)>) {
    for (k, s) in secs.iter().enumerate() {
        let path = format!("{prefix}{}{}", number(s.level, k + 1), s.title.text.trim());
        out.push((s.title.draft_offset(0), path.clone(), s));
        let child_prefix = format!("{prefix}{}", number(s.level, k + 1));
        walk(&s.sections, &child_prefix, out);
    }
}

/// The heading the draft offset `at` falls under, with guihua's numbers.
pub fn heading_path(o: &Outline, at: usize) -> String {
    let mut all = Vec::new();
    walk(&o.chapters, "", &mut all);
    all.iter()
        .filter(|(off, _, _)| *off <= at)
        .max_by_key(|(off, _, _)| *off)
        .map(|(_, p, _)| p.clone())
        .unwrap_or_default()
}

fn count_sections(secs: &[Section]) -> usize {
    secs.iter().map(|s| 1 + count_sections(&s.sections)).sum()
}

pub fn report(d: &Draft, o: &Outline, diags: &[Diagnostic], id: &str) -> String {
    let mut s = String::new();
    let name = d
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let _ = writeln!(s, "# 导入报告：{name}\n");
    let _ = writeln!(s, "- 文稿类型：{}", d.format.zh());
    let _ = writeln!(s, "- 规划 id：`{id}`");
    let title = o
        .title
        .as_ref()
        .map_or("（未识别，使用文件名）".to_string(), |t| {
            t.text.clone()
        });
    let _ = writeln!(s, "- 标题：{title}");
    let _ = writeln!(
        s,
        "- 阶段：{}",
        o.stage
            .as_ref()
            .map_or("草稿（文稿中没有阶段标注）", |st| st.0.zh())
    );
    let _ = writeln!(
        s,
        "- 编制单位：{}",
        o.issuer.as_ref().map_or("（未识别）", |t| t.text.as_str())
    );
    let _ = writeln!(
        s,
        "- 日期：{}",
        o.date
            .as_ref()
            .map_or("（未识别）".to_string(), |(d, _)| format!(
                "{}-{:02}",
                d.year, d.month
            ))
    );
    match &o.region {
        Some(r) => {
            let _ = writeln!(s, "- 区域：{}（{}，依据{}）", r.name, r.level.zh(), r.from);
        }
        None => {
            let _ = writeln!(s, "- 区域：（未识别，请在 plan.yaml 中填写 region）");
        }
    }
    match o.period {
        Some((a, b, from)) => {
            let _ = writeln!(s, "- 规划期：{a}—{b}年（依据{from}）");
        }
        None => {
            let _ = writeln!(s, "- 规划期：（未识别，请在 plan.yaml 中填写 period）");
        }
    }
    let sections: usize = o.chapters.iter().map(|c| count_sections(&c.sections)).sum();
    let _ = writeln!(
        s,
        "\n## 结构\n\n{} 章、{} 节、{} 个专栏、{} 张指标表（{} 项指标）。\n",
        o.chapters.len(),
        sections,
        o.columns.len(),
        o.tables.len(),
        o.indicator_count()
    );
    let c = o.counts;
    let _ = writeln!(
        s,
        "## 段落\n\n读取 {} 段，写入 {} 段：",
        d.paragraphs_read,
        c.total()
    );
    let _ = writeln!(s, "- 封面（标题、阶段、编制单位、日期）：{}", c.cover);
    let _ = writeln!(s, "- 标题（章、节、导言）：{}", c.headings);
    let _ = writeln!(s, "- 正文段落：{}", c.paragraphs);
    let _ = writeln!(s, "- 专栏（标题与条目）：{}", c.column_lines);
    let _ = writeln!(s, "- 表格行：{}", c.table_rows);
    let _ = writeln!(s, "- 目录（不导入，已与正文标题比对）：{}", c.toc);
    if !o.unplaced.is_empty() {
        let _ = writeln!(s, "\n## 按原位置保留为段落的内容\n");
        for (line, why) in &o.unplaced {
            let _ = writeln!(
                s,
                "- 第 {line} {}：{why}",
                if d.format == super::DraftFormat::Docx {
                    "段"
                } else {
                    "行"
                }
            );
        }
    }
    if !d.extras.is_empty() {
        let _ = writeln!(s, "\n## 未导入正文的部分（页眉、页脚、脚注）\n");
        for e in &d.extras {
            let _ = writeln!(s, "- {e}");
        }
    }
    if !d.comments.is_empty() {
        let _ = writeln!(s, "\n## 批注（{} 条，留待意见处理）\n", d.comments.len());
        for cm in &d.comments {
            let _ = writeln!(
                s,
                "- 第 {} 段，{}（{}）：{}",
                cm.paragraph, cm.author, cm.date, cm.text
            );
        }
    }
    if !diags.is_empty() {
        let _ = writeln!(s, "\n## 文稿本身的问题（{} 条）\n", diags.len());
        let mut src = crate::source::SourceMap::default();
        src.add(d.path.clone(), d.text.clone());
        for dg in diags {
            let (line, col) = src.get(dg.span.file).line_col(dg.span.range().start);
            let _ = writeln!(s, "- {} {}:{}:{} {}", dg.code, name, line, col, dg.message);
        }
    }
    s
}

/// The `--link-figures` section of the report: every replacement, where it was.
pub fn links(d: &Draft, links: &[super::link::Link]) -> String {
    let mut s = format!(
        "\n## 改为引用的数字（--link-figures，{} 处）\n\n",
        links.len()
    );
    let mut src = crate::source::SourceMap::default();
    let id = src.add(d.path.clone(), d.text.clone());
    for l in links {
        let (line, col) = src.get(id).line_col(l.at);
        let _ = writeln!(s, "- {line}:{col} {} → `{}`", l.figure, l.reference);
    }
    if links.is_empty() {
        s.push_str("没有找到与指标表目标值相同、且在同一段中写明指标名称的数字。\n");
    }
    s
}
