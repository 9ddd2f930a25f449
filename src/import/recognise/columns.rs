//! 专栏: a caption line (专栏N 标题) and the items after it, or a text box or bordered
//! one-cell table whose first line is a title; their numbers checked in order (I007).

use std::collections::HashMap;

use super::headings::Heading;
use super::{MAX_TITLE_CHARS, Recogniser, body_of};
use crate::diagnostic::Severity;
use crate::import::codes;
use crate::import::draft::{Located, Para, Piece};
use crate::import::number;
use crate::import::outline::{Block, Column, Item};

/// The items of the 专栏 captioned at piece `caption`: the paragraphs after it that look like
/// items, up to a heading, another caption or a paragraph of another kind. Returns them and
/// the index of the piece after the last.
pub(super) fn column_items(
    pieces: &[Piece],
    caption: usize,
    head_at: &HashMap<usize, Heading>,
) -> (Vec<Item>, usize) {
    let mut items = Vec::new();
    let mut colon_leads = Vec::new();
    let mut j = caption + 1;
    while j < pieces.len() {
        let Piece::Para(q) = &pieces[j] else { break };
        if q.text.is_blank() {
            j += 1;
            continue;
        }
        if head_at.contains_key(&j)
            || number::column_caption(q.text.text.trim()).is_some()
            || number::table_caption(q.text.text.trim()).is_some()
            || !looks_like_item(q, &colon_leads)
        {
            break;
        }
        colon_leads.push(has_colon_lead(q.text.text.trim_start()));
        let (stripped, _) = strip_bullet(&q.text.trimmed());
        items.push(split_item(&stripped));
        j += 1;
    }
    (items, j)
}

impl Recogniser {
    pub(super) fn push_column(
        &mut self,
        title: Located,
        number: Option<u32>,
        items: Vec<Item>,
        line: usize,
        seen: &mut Vec<usize>,
        caption: &Located,
    ) {
        if let Some(n) = number {
            let expected = self.last_column_number.map_or(1, |k| k + 1);
            if n != expected {
                let at = caption.draft_range(0.."专栏".len().min(caption.text.len()));
                self.report(
                    codes::NUMBER_SEQUENCE,
                    Severity::Error,
                    at,
                    format!("专栏编号不连续：这里是专栏{n}，按顺序应为专栏{expected}"),
                    "导入后专栏编号按放置顺序自动生成；请核对原稿",
                );
            }
            self.last_column_number = Some(n);
        }
        let idx = self.out.columns.len();
        let items = if items.is_empty() {
            self.out
                .unplaced
                .push((line, "专栏没有条目：标题之后不是条目的样式".into()));
            vec![Item {
                name: None,
                text: title.clone(),
            }]
        } else {
            items
        };
        self.out.columns.push(Column {
            title,
            number,
            items,
            first_line: line,
        });
        seen.push(idx);
        body_of(&mut self.out).push(Block::Column(idx));
    }

    /// A bordered one-cell table or a text box: a 专栏 when its first line is a title.
    pub(super) fn boxed(&mut self, paras: &[Para], seen: &mut Vec<usize>) {
        let lines: Vec<&Para> = paras.iter().filter(|p| !p.text.is_blank()).collect();
        let Some(first) = lines.first() else { return };
        let first_text = unbold(&first.text.trimmed());
        let t = first_text.text.as_str();
        let caption = number::column_caption(t);
        let is_title = caption.is_some()
            || (lines.len() > 1
                && (first.all_bold || first.centered)
                && t.chars().count() <= MAX_TITLE_CHARS);
        if !is_title {
            for p in &lines {
                self.out.counts.paragraphs += 1;
                body_of(&mut self.out).push(Block::Para(p.text.trimmed()));
            }
            self.out.unplaced.push((
                first.number,
                "边框表格或文本框的首行不是专栏标题，其内容按段落导入".into(),
            ));
            return;
        }
        let (num, title) = match caption {
            Some((n, at)) => (n, first_text.slice(at..first_text.text.len()).trimmed()),
            None => (None, first_text.clone()),
        };
        let items: Vec<Item> = lines[1..]
            .iter()
            .map(|p| split_item(&strip_bullet(&p.text.trimmed()).0))
            .collect();
        self.out.counts.column_lines += lines.len();
        self.push_column(title, num, items, first.number, seen, &first_text);
    }
}

/// Bullets and list marks a 专栏 item may start with.
fn strip_bullet(l: &Located) -> (Located, bool) {
    let t = &l.text;
    let mut i = 0;
    let mut had = false;
    loop {
        let rest = &t[i..];
        let skip = if rest.starts_with("- ") || rest.starts_with("* ") {
            2
        } else if let Some(c) = rest.chars().next()
            && "◆●■•▪★◇○□▶►·".contains(c)
        {
            c.len_utf8()
        } else if rest.starts_with([' ', '\u{3000}']) && had {
            rest.chars().next().map_or(1, char::len_utf8)
        } else {
            break;
        };
        i += skip;
        had = true;
    }
    (l.slice(i..t.len()), had)
}

fn looks_like_item(p: &Para, first_items: &[bool]) -> bool {
    let t = p.text.text.trim_start();
    if t.starts_with("- ") || t.starts_with(['◆', '●', '■', '•', '▪', '★', '◇', '○', '□', '▶'])
    {
        return true;
    }
    if t.starts_with("**") {
        return true;
    }
    // Items so far had a colon lead: so must this one.
    has_colon_lead(t) && first_items.iter().all(|&b| b)
}

/// `名称：说明`: a short lead before a colon.
fn has_colon_lead(t: &str) -> bool {
    let lead = t.find(['：', ':']).map(|i| t[..i].chars().count());
    lead.is_some_and(|n| (2..=20).contains(&n))
}

/// `**名称。**说明` → (名称, 说明); anything else is an item without a name.
fn split_item(l: &Located) -> Item {
    let t = &l.text;
    if let Some(rest) = t.strip_prefix("**")
        && let Some(close) = rest.find("**")
    {
        let lead = &rest[..close];
        if let Some(name) = lead.strip_suffix('。')
            && !name.is_empty()
            && !name.contains("**")
        {
            let body_start = 2 + close + 2;
            return Item {
                name: Some(l.slice(2..2 + name.len())),
                text: l.slice(body_start..t.len()).trimmed(),
            };
        }
    }
    Item {
        name: None,
        text: l.clone(),
    }
}

/// `**标题**` → 标题: a bold 专栏 title is bold because it is a title.
pub(super) fn unbold(l: &Located) -> Located {
    let t = &l.text;
    if t.starts_with("**") && t.ends_with("**") && t.len() > 4 && !t[2..t.len() - 2].contains("**")
    {
        return l.slice(2..t.len() - 2);
    }
    l.clone()
}
