//! Word files sent back: a filled-in 意见反馈表 (the header line and the table guihua
//! generates, or one like it), or the plan itself with Word comments (批注) on it.

use std::path::Path;

use super::anchor::{Index, number_at};
use super::fields::{Columns, Field, guess_kind, header_line, parse_date};
use super::{Found, ImportError, Incoming, Position};
use crate::import::draft::{Draft, Piece, Table};
use crate::model::Plan;
use crate::model::feedback::{Channel, SenderKind, Target, normalise};

pub(super) fn read(
    path: &Path,
    bytes: Vec<u8>,
    base: &Plan,
    from: Option<&str>,
) -> Result<(Channel, Found), ImportError> {
    let draft = crate::import::docx::read(path, bytes).map_err(|e| {
        ImportError::Unreadable(format!("{}：{}（{}）", path.display(), e.message, e.hint))
    })?;
    if let Some(mut found) = form_rows(&draft, from) {
        // A unit may also have put Word comments on its form.
        found.comments.extend(word_comments(&draft, base, from));
        return Ok((Channel::Form, found));
    }
    if !draft.comments.is_empty() {
        let comments = word_comments(&draft, base, from);
        return Ok((
            Channel::WordComment,
            Found {
                comments,
                skipped: Vec::new(),
            },
        ));
    }
    Err(ImportError::Unreadable(format!(
        "{}：既没有意见反馈表的表格，也没有批注；意见反馈表的表头应含“修改意见”（或“意见”“建议”）及“章节条目”“原文”“提出单位或个人”之一，或在规划文档中用 Word 批注提意见",
        path.display()
    )))
}

fn cell_texts(row: &[crate::import::draft::Cell]) -> Vec<String> {
    row.iter()
        .map(|c| c.text.text.replace("**", "").trim().to_string())
        .collect()
}

/// The rows of every table with a 意见反馈表 header (a long form goes on in a 续表),
/// numbered on across them; `None` when there is no such table.
fn form_rows(draft: &Draft, from_arg: Option<&str>) -> Option<Found> {
    let tables: Vec<(&Table, usize, Columns)> = draft
        .pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Table(t) => form_header(t).map(|(r, c)| (t, r, c)),
            _ => None,
        })
        .collect();
    if tables.is_empty() {
        return None;
    }
    // The header line: the first paragraph naming 提出单位或个人 with a colon.
    let (h_from, h_contact, h_date) = draft
        .pieces
        .iter()
        .find_map(|p| match p {
            Piece::Para(p)
                if p.text.text.contains("提出单位或个人") && p.text.text.contains('：') =>
            {
                Some(header_line(&p.text.text.replace("**", "")))
            }
            _ => None,
        })
        .unwrap_or((None, None, None));
    let mut found = Found::default();
    let mut n = 0;
    for (table, header_row, cols) in tables {
        for row in table.rows.iter().skip(header_row + 1) {
            n += 1;
            let cells = cell_texts(row);
            let Some(comment) = cols.get(&cells, Field::Comment) else {
                // A row with text other than its 序号 but no 修改意见.
                let other = cells.iter().enumerate().any(|(k, c)| {
                    let numbering = k == 0 && c.chars().all(|ch| ch.is_ascii_digit());
                    !c.is_empty() && !numbering
                });
                if other {
                    found.skipped.push(Position::FormRow(n));
                }
                continue;
            };
            let from = cols
                .get(&cells, Field::From)
                .or_else(|| h_from.clone())
                .or_else(|| from_arg.map(str::to_string))
                .unwrap_or_default();
            let kind = cols
                .get(&cells, Field::Kind)
                .and_then(|k| SenderKind::parse(&k))
                .unwrap_or_else(|| guess_kind(&from));
            let received = cols
                .get(&cells, Field::Date)
                .or_else(|| h_date.clone())
                .and_then(|d| parse_date(&d));
            found.comments.push(Incoming {
                from,
                kind,
                contact: cols
                    .get(&cells, Field::Contact)
                    .or_else(|| h_contact.clone()),
                received,
                channel: Channel::Form,
                label: cols.get(&cells, Field::Label),
                quote: cols.get(&cells, Field::Quote),
                comment,
                reason: cols.get(&cells, Field::Reason),
                answer: cols.get(&cells, Field::Answer),
                position: Position::FormRow(n),
                target: None,
            });
        }
    }
    Some(found)
}

fn form_header(t: &Table) -> Option<(usize, Columns)> {
    t.rows
        .iter()
        .take(3)
        .enumerate()
        .find_map(|(i, r)| Columns::from_header(&cell_texts(r)).map(|c| (i, c)))
}

/// Each Word comment with text, anchored by the paragraph it was made on.
fn word_comments(draft: &Draft, base: &Plan, from: Option<&str>) -> Vec<Incoming> {
    let index = Index::new(base);
    let places = paragraph_targets(&index, draft);
    draft
        .comments
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.text.trim().is_empty())
        .map(|(i, c)| {
            let sender = from.map_or_else(|| c.author.trim().to_string(), str::to_string);
            let quote = Some(c.quoted.trim().to_string()).filter(|q| !q.is_empty());
            let target = places
                .iter()
                .rev()
                .find(|(first, _)| *first <= c.paragraph)
                .and_then(|(_, place)| place.resolve(&index, c.paragraph, quote.as_deref()));
            Incoming {
                kind: guess_kind(&sender),
                from: sender,
                contact: None,
                received: parse_date(&c.date),
                channel: Channel::WordComment,
                label: None,
                quote,
                comment: c.text.trim().to_string(),
                reason: None,
                answer: None,
                position: Position::WordComment {
                    n: i + 1,
                    paragraph: c.paragraph,
                },
                target,
            }
        })
        .collect()
}

/// What a run of paragraphs of the plan's DOCX belongs to.
enum Place {
    /// Body text under a heading (the heading's index).
    Section(Option<usize>),
    /// A 专栏 box: the 专栏's id, and the first paragraph number and text of each line.
    Column(String, Vec<(usize, String)>, Option<usize>),
    /// An indicator table: the first paragraph number of each row and its cells.
    Table(Vec<(usize, Vec<String>)>, Option<usize>),
    /// A 目录 line of a 专栏 or a table: the thing it lists.
    Entry(Option<Target>),
}

impl Place {
    fn resolve(&self, index: &Index, paragraph: usize, quote: Option<&str>) -> Option<Target> {
        match self {
            Place::Section(h) => h.map(|h| index.refine(h, quote)),
            Place::Entry(t) => t.clone(),
            Place::Column(id, lines, h) => {
                let c = index.plan.column(id)?;
                let line = lines.iter().rev().find(|(n, _)| *n <= paragraph);
                let Some((n, text)) = line else {
                    return Some(Target::Column(id.clone()));
                };
                if Some(n) == lines.first().map(|(n, _)| n) {
                    return Some(Target::Column(id.clone()));
                }
                // Items are bulleted (◆ **国家区域医疗中心。**…): the name follows the bullet.
                let t = normalise(text);
                let t = t.trim_start_matches(|c: char| !c.is_alphanumeric());
                let named = c
                    .items
                    .iter()
                    .filter_map(|i| i.name.as_ref())
                    .find(|name| t.starts_with(&normalise(&name.value)));
                match named {
                    Some(name) => Some(Target::Item {
                        column: id.clone(),
                        item: name.value.clone(),
                    }),
                    None => h
                        .and_then(|h| quote.and_then(|q| index.find_quote(q, Some(h))))
                        .filter(|t| matches!(t, Target::Item { column, .. } if column == id))
                        .or(Some(Target::Column(id.clone()))),
                }
            }
            Place::Table(rows, h) => {
                let row = rows.iter().rev().find(|(n, _)| *n <= paragraph);
                let found = row.and_then(|(_, cells)| {
                    index.plan.indicators().find(|i| {
                        let name = normalise(&i.name.value);
                        cells.iter().any(|c| normalise(c) == name)
                    })
                });
                match found {
                    Some(i) => Some(Target::Indicator(i.id.value.clone())),
                    None => h.map(|h| index.refine(h, quote)),
                }
            }
        }
    }
}

/// The plan's DOCX as runs of paragraphs, each with what it belongs to: (first paragraph
/// number, place), in order.
fn paragraph_targets(index: &Index, draft: &Draft) -> Vec<(usize, Place)> {
    let mut out: Vec<(usize, Place)> = Vec::new();
    let mut current: Option<usize> = None;
    for piece in &draft.pieces {
        match piece {
            Piece::Para(p) => {
                if p.toc {
                    // A comment on a 目录 entry is about the heading it lists.
                    let entry = p.text.text.trim_end_matches(|c: char| {
                        c.is_ascii_digit() || c.is_whitespace() || matches!(c, '.' | '…' | '·')
                    });
                    let head = normalise(&entry.replace("**", ""));
                    let numbered = |prefix: &str| head.strip_prefix(prefix).and_then(number_at);
                    let place = if let Some((n, _)) = numbered("专栏") {
                        let c = index
                            .plan
                            .columns
                            .iter()
                            .find(|c| c.number.get() == Some(n));
                        Place::Entry(c.map(|c| Target::Column(c.id.value.clone())))
                    } else if let Some((n, _)) = numbered("表") {
                        let t = index.plan.tables.iter().find(|t| t.number.get() == Some(n));
                        Place::Entry(t.map(|t| Target::Table(t.id.value.clone())))
                    } else {
                        Place::Section(index.heading_for(entry))
                    };
                    out.push((p.number, place));
                    continue;
                }
                if (p.heading.is_some() || p.all_bold)
                    && let Some(h) = index.heading_for(&p.text.text)
                {
                    current = Some(h);
                }
                let open = matches!(out.last(), Some((_, Place::Section(s))) if *s == current);
                if !open {
                    out.push((p.number, Place::Section(current)));
                }
            }
            Piece::Boxed(paras) => {
                let Some(first) = paras.first() else { continue };
                let head = normalise(&first.text.text.replace("**", ""));
                let column = head
                    .strip_prefix("专栏")
                    .and_then(number_at)
                    .and_then(|(n, _)| {
                        index
                            .plan
                            .columns
                            .iter()
                            .find(|c| c.number.get() == Some(n))
                    });
                let place = match column {
                    Some(c) => Place::Column(
                        c.id.value.clone(),
                        paras
                            .iter()
                            .map(|p| (p.number, p.text.text.replace("**", "")))
                            .collect(),
                        current,
                    ),
                    None => Place::Section(current),
                };
                out.push((first.number, place));
            }
            Piece::Table(t) => {
                let rows: Vec<(usize, Vec<String>)> = t
                    .rows
                    .iter()
                    .filter_map(|r| Some((r.first()?.number, cell_texts(r))))
                    .collect();
                let Some(first) = rows.first().map(|r| r.0) else {
                    continue;
                };
                out.push((first, Place::Table(rows, current)));
            }
        }
    }
    out
}
