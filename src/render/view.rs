//! The view of a plan that every renderer receives: numbers formatted, references expanded,
//! inline Markdown turned into runs of styled text, anchors derived from ids. Built once per
//! plan; the tera templates (HTML, Markdown) and the Typst template read the same data.
//!
//! Runs are plain data (`text` + `strong` / `emph`): author text never becomes markup here.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::model::inline::{self, period_text};
use crate::model::numbering::{chinese_count, heading_number};
use crate::model::{Block, Column, Figure, IndicatorTable, Plan, Section};

#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub text: String,
    pub strong: bool,
    pub emph: bool,
}

#[derive(Serialize, Clone, Debug)]
pub struct PlanView {
    pub id: String,
    pub title: String,
    pub short_title: String,
    pub subject: Option<String>,
    /// 征求意见稿 …; `stage_mark` is the cover form （征求意见稿）, empty for 正式稿.
    pub stage: String,
    pub stage_mark: String,
    pub issuer: String,
    /// 二〇二一年九月
    pub date: String,
    /// 2021-09 or 2021-09-30
    pub date_iso: String,
    pub year: i32,
    pub region: String,
    pub period: String,
    pub period_start: i32,
    pub period_end: i32,
    pub preface: Vec<BlockView>,
    /// Every heading in reading order (chapters and sections), for the 目录.
    pub toc: Vec<TocEntry>,
    /// The list of 专栏 and the list of tables, in number order.
    pub column_list: Vec<ItemRef>,
    pub table_list: Vec<ItemRef>,
    pub chapters: Vec<HeadingView>,
}

#[derive(Serialize, Clone, Debug)]
pub struct TocEntry {
    pub level: usize,
    pub number: String,
    pub title: String,
    pub anchor: String,
}

#[derive(Serialize, Clone, Debug)]
pub struct ItemRef {
    pub label: String,
    pub title: String,
    pub anchor: String,
}

#[derive(Serialize, Clone, Debug)]
pub struct HeadingView {
    /// 0 = chapter (一、), 1 = （一）, 2 = 1., 3 = （1）
    pub level: usize,
    pub number: String,
    pub title: String,
    pub anchor: String,
    pub blocks: Vec<BlockView>,
    pub sections: Vec<HeadingView>,
}

#[derive(Serialize, Clone, Debug)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum BlockView {
    Paragraph { runs: Vec<Run> },
    List { items: Vec<Vec<Run>> },
    Column(ColumnView),
    Table(TableView),
}

#[derive(Serialize, Clone, Debug)]
pub struct ColumnView {
    /// N of 专栏N; `None` for a 专栏 no chapter places (it is not printed).
    pub number: Option<usize>,
    /// 专栏1
    pub label: String,
    pub title: String,
    pub anchor: String,
    pub items: Vec<ColumnItemView>,
}

#[derive(Serialize, Clone, Debug)]
pub struct ColumnItemView {
    /// The bold lead without its closing 。, e.g. 国家区域医疗中心.
    pub name: Option<String>,
    pub runs: Vec<Run>,
}

#[derive(Serialize, Clone, Debug)]
pub struct TableView {
    /// N of 表N; `None` for a table no chapter places (it is not printed).
    pub number: Option<usize>,
    /// 表1
    pub label: String,
    pub title: String,
    pub anchor: String,
    pub base_year: Option<i32>,
    pub target_year: i32,
    pub has_responsible: bool,
    /// Headers of the table's declared extra columns, printed after the standard ones.
    pub extra_columns: Vec<String>,
    pub rows: Vec<RowView>,
}

#[derive(Serialize, Clone, Debug)]
pub struct RowView {
    /// Present on the first row of a category only, with the number of rows it spans.
    pub category: Option<CategoryCell>,
    /// Every row also carries its category's name, for formats without row spans.
    pub category_name: String,
    pub seq: usize,
    pub name: String,
    pub unit: String,
    pub base: Option<String>,
    pub target: String,
    pub nature: String,
    pub responsible: Option<String>,
    /// One cell per extra column ("" when left empty).
    pub extra: Vec<String>,
}

#[derive(Serialize, Clone, Debug)]
pub struct CategoryCell {
    pub name: String,
    pub rowspan: usize,
}

/// Anchors are derived from ids, never from positions, so links survive insertions.
pub fn anchor(prefix: &str, id: &str) -> String {
    format!("{prefix}-{id}")
}

/// Join the lines of a folded or literal scalar: no space between CJK characters (a newline
/// there is a line-wrapping artefact), one space otherwise.
fn join_lines(s: &str) -> String {
    if !s.contains('\n') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for (i, line) in s
        .split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .enumerate()
    {
        if i > 0 {
            let prev = out.chars().last();
            let next = line.chars().next();
            let cjk = |c: Option<char>| c.is_some_and(|c| c as u32 >= 0x2E80);
            if !(cjk(prev) || cjk(next)) {
                out.push(' ');
            }
        }
        out.push_str(line);
    }
    out
}

/// A punctuation character no plan uses (U+2E53, medieval exclamation mark). Placed on both
/// sides of every `*` run before parsing, it makes CommonMark's flanking rules treat
/// `**标题。**正文` as emphasis, which they otherwise refuse when CJK punctuation sits inside
/// the delimiters and a letter outside. It is removed from the output again.
const FLANK: char = '\u{2E53}';

fn mark_delimiters(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    let mut chars = s.chars().peekable();
    let mut escaped = false;
    while let Some(c) = chars.next() {
        if c == '*' && !escaped {
            out.push(FLANK);
            out.push(c);
            while chars.peek() == Some(&'*') {
                out.push('*');
                chars.next();
            }
            out.push(FLANK);
            continue;
        }
        escaped = c == '\\' && !escaped;
        out.push(c);
    }
    out
}

/// Inline Markdown → runs. Only emphasis and strong emphasis carry meaning; everything else
/// (HTML, links, code) is kept as literal text. A line that Markdown would read as a block
/// (`# …`, `- …`, `1. …`) is escaped first, so a paragraph always stays a paragraph.
pub fn runs(text: &str) -> Vec<Run> {
    let text = join_lines(text);
    let trimmed = text.trim_start();
    let list_marker =
        trimmed.starts_with(['-', '+', '*']) && trimmed[1..].starts_with(char::is_whitespace);
    let rule = trimmed.len() >= 3 && trimmed.chars().all(|c| matches!(c, '-' | '*' | '_' | ' '));
    let mut source = if list_marker
        || rule
        || trimmed.starts_with(['#', '>'])
        || trimmed.starts_with("```")
        || trimmed.starts_with("~~~")
    {
        format!("\\{trimmed}")
    } else if let Some(i) = trimmed
        .find(['.', ')'])
        .filter(|&i| i > 0 && i <= 9 && trimmed[..i].bytes().all(|b| b.is_ascii_digit()))
    {
        format!("{}\\{}", &trimmed[..i], &trimmed[i..])
    } else {
        trimmed.to_string()
    };
    let flank = !source.contains(FLANK) && source.contains('*');
    if flank {
        source = mark_delimiters(&source);
    }
    let mut out: Vec<Run> = Vec::new();
    let (mut strong, mut emph) = (0usize, 0usize);
    let mut push = |t: &str, strong: usize, emph: usize| {
        let t: std::borrow::Cow<str> = if flank {
            t.replace(FLANK, "").into()
        } else {
            t.into()
        };
        if t.is_empty() {
            return;
        }
        let (s, e) = (strong > 0, emph > 0);
        match out.last_mut() {
            Some(last) if last.strong == s && last.emph == e => last.text.push_str(&t),
            _ => out.push(Run {
                text: t.into_owned(),
                strong: s,
                emph: e,
            }),
        }
    };
    for event in Parser::new_ext(&source, Options::empty()) {
        match event {
            Event::Start(Tag::Strong) => strong += 1,
            Event::End(TagEnd::Strong) => strong = strong.saturating_sub(1),
            Event::Start(Tag::Emphasis) => emph += 1,
            Event::End(TagEnd::Emphasis) => emph = emph.saturating_sub(1),
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                push(&t, strong, emph)
            }
            Event::SoftBreak | Event::HardBreak => push(" ", strong, emph),
            _ => {}
        }
    }
    out
}

/// The plain text of some runs.
pub fn plain(runs: &[Run]) -> String {
    runs.iter().map(|r| r.text.as_str()).collect()
}

fn prose(plan: &Plan, text: &str) -> Vec<Run> {
    runs(&inline::expand(plan, text))
}

fn column_view(plan: &Plan, c: &Column) -> ColumnView {
    ColumnView {
        number: c.number.get(),
        label: format!("专栏{}", c.number),
        title: c.title.value.clone(),
        anchor: anchor("col", &c.id.value),
        items: c
            .items
            .iter()
            .map(|i| ColumnItemView {
                name: i
                    .name
                    .as_ref()
                    .map(|n| n.value.trim_end_matches(['。', '.']).to_string()),
                runs: prose(plan, &i.text.value),
            })
            .collect(),
    }
}

fn figure_text(f: &Figure) -> String {
    f.to_string()
}

fn table_view(t: &IndicatorTable) -> TableView {
    let mut rows = Vec::new();
    for cat in &t.categories {
        for (i, r) in cat.rows.iter().enumerate() {
            rows.push(RowView {
                category: (i == 0).then(|| CategoryCell {
                    name: cat.name.value.clone(),
                    rowspan: cat.rows.len(),
                }),
                category_name: cat.name.value.clone(),
                seq: r.seq,
                name: r.name.value.clone(),
                unit: r.unit.value.clone(),
                base: r.base.as_ref().map(|b| figure_text(&b.value)),
                target: figure_text(&r.target.value),
                nature: r
                    .nature
                    .map(|n| n.value.zh().to_string())
                    .unwrap_or_default(),
                responsible: r.responsible.as_ref().map(|x| x.value.clone()),
                extra: r
                    .extra
                    .iter()
                    .map(|c| c.as_ref().map(|x| x.value.clone()).unwrap_or_default())
                    .collect(),
            });
        }
    }
    TableView {
        number: t.number.get(),
        label: format!("表{}", t.number),
        title: t.title.value.clone(),
        anchor: anchor("tab", &t.id.value),
        base_year: t.base_year.map(|y| y.value),
        target_year: t.target_year.value,
        has_responsible: t.indicators().any(|i| i.responsible.is_some()),
        extra_columns: t
            .extra_columns
            .iter()
            .map(|c| c.name.value.clone())
            .collect(),
        rows,
    }
}

fn blocks(plan: &Plan, blocks: &[Block]) -> Vec<BlockView> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(t) => Some(BlockView::Paragraph {
                runs: prose(plan, &t.value),
            }),
            Block::List(items) => Some(BlockView::List {
                items: items.iter().map(|t| prose(plan, &t.value)).collect(),
            }),
            Block::Column(id) => plan
                .column(&id.value)
                .map(|c| BlockView::Column(column_view(plan, c))),
            Block::Table(id) => plan
                .table(&id.value)
                .map(|t| BlockView::Table(table_view(t))),
        })
        .collect()
}

fn section_view(plan: &Plan, s: &Section, toc: &mut Vec<TocEntry>) -> HeadingView {
    let number = heading_number(s.level, s.number);
    let anchor = anchor("sec", &s.id.value);
    toc.push(TocEntry {
        level: s.level,
        number: number.clone(),
        title: s.title.value.clone(),
        anchor: anchor.clone(),
    });
    HeadingView {
        level: s.level,
        number,
        title: s.title.value.clone(),
        anchor,
        blocks: blocks(plan, &s.body),
        sections: s
            .sections
            .iter()
            .map(|c| section_view(plan, c, toc))
            .collect(),
    }
}

impl PlanView {
    pub fn new(plan: &Plan) -> PlanView {
        let mut toc = Vec::new();
        let chapters = plan
            .chapters
            .iter()
            .map(|c| {
                let number = heading_number(0, c.number);
                let anchor = anchor("ch", &c.id.value);
                toc.push(TocEntry {
                    level: 0,
                    number: number.clone(),
                    title: c.title.value.clone(),
                    anchor: anchor.clone(),
                });
                HeadingView {
                    level: 0,
                    number,
                    title: c.title.value.clone(),
                    anchor,
                    blocks: blocks(plan, &c.body),
                    sections: c
                        .sections
                        .iter()
                        .map(|s| section_view(plan, s, &mut toc))
                        .collect(),
                }
            })
            .collect();
        let d = plan.document_date();
        let stage = plan.stage.value;
        PlanView {
            id: plan.id.clone(),
            title: plan.title.value.clone(),
            short_title: plan
                .short_title
                .as_ref()
                .unwrap_or(&plan.title)
                .value
                .clone(),
            subject: plan.subject.as_ref().map(|s| s.value.clone()),
            stage: stage.zh().to_string(),
            stage_mark: if stage == crate::model::Stage::Final {
                String::new()
            } else {
                format!("（{}）", stage.zh())
            },
            issuer: plan
                .issuer
                .as_ref()
                .map(|t| t.value.clone())
                .unwrap_or_default(),
            date: inline::plan_date(plan),
            date_iso: match (plan.date.is_some(), d.day) {
                (false, _) => String::new(),
                (true, Some(day)) => format!("{:04}-{:02}-{:02}", d.year, d.month, day),
                (true, None) => format!("{:04}-{:02}", d.year, d.month),
            },
            year: d.year,
            region: plan.region_name().to_string(),
            period: plan
                .period
                .map(|p| period_text(p.value.start, p.value.end))
                .unwrap_or_default(),
            period_start: plan.period.map_or(0, |p| p.value.start),
            period_end: plan.period.map_or(0, |p| p.value.end),
            preface: blocks(plan, &plan.preface),
            toc,
            column_list: plan
                .columns
                .iter()
                .filter(|c| c.number.is_placed())
                .map(|c| ItemRef {
                    label: format!("专栏{}", c.number),
                    title: c.title.value.clone(),
                    anchor: anchor("col", &c.id.value),
                })
                .collect(),
            table_list: plan
                .tables
                .iter()
                .filter(|t| t.number.is_placed())
                .map(|t| ItemRef {
                    label: format!("表{}", t.number),
                    title: t.title.value.clone(),
                    anchor: anchor("tab", &t.id.value),
                })
                .collect(),
            chapters,
        }
    }
}

/// Chapter numbers as plain Chinese numerals, for templates that need them (第一章 …).
pub fn chapter_numeral(n: usize) -> String {
    chinese_count(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(text: &str, strong: bool) -> Run {
        Run {
            text: text.into(),
            strong,
            emph: false,
        }
    }

    #[test]
    fn inline_markdown_becomes_runs() {
        assert_eq!(
            runs("**产业资源禀赋独特。**秦皇岛"),
            vec![r("产业资源禀赋独特。", true), r("秦皇岛", false)]
        );
        assert_eq!(
            runs("打造**“四张”**名片"),
            vec![r("打造", false), r("“四张”", true), r("名片", false)]
        );
        assert_eq!(plain(&runs("5*3=15，a\\*b")), "5*3=15，a*b");
        let e = runs("*强调*正文");
        assert!(e[0].emph && !e[0].strong && e[0].text == "强调");
    }

    #[test]
    fn html_and_block_markers_stay_text() {
        assert_eq!(
            plain(&runs("<script>alert(1)</script>")),
            "<script>alert(1)</script>"
        );
        assert_eq!(plain(&runs("# 不是标题")), "# 不是标题");
        assert_eq!(plain(&runs("1. 不是列表")), "1. 不是列表");
        assert_eq!(plain(&runs("- 不是列表")), "- 不是列表");
    }

    #[test]
    fn folded_lines_join_without_spaces_between_cjk() {
        assert_eq!(plain(&runs("生命健康\n产业")), "生命健康产业");
        assert_eq!(plain(&runs("PET-CT\nscanner")), "PET-CT scanner");
    }
}
