//! Markdown drafts through pulldown-cmark: ATX/setext headings, paragraphs, list items,
//! block quotes (a 专栏 as guihua's own Markdown writes it), pipe tables, bold.

use std::path::Path;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::draft::{Cell, Draft, DraftFormat, Located, Para, Piece, ReadError, Table};
use super::text;

fn line_of(text: &str, at: usize) -> usize {
    text.as_bytes()[..at.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

pub fn read(path: &Path, bytes: &[u8]) -> Result<Draft, ReadError> {
    let (source, encoding) = text::decode(bytes)?;
    let mut draft = Draft {
        path: path.to_path_buf(),
        format: DraftFormat::Markdown,
        text: String::new(),
        pieces: Vec::new(),
        paragraphs_read: 0,
        comments: Vec::new(),
        diags: Vec::new(),
        extras: Vec::new(),
    };
    if let Some(enc) = encoding {
        draft.diags.push(super::encoding_note(enc));
    }
    let mut cur: Option<Para> = None;
    let mut quote_depth = 0usize;
    let mut boxed: Vec<Para> = Vec::new();
    let mut table: Option<Table> = None;
    let mut cell: Option<Cell> = None;
    let mut list_depth = 0usize;
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let finish = |p: Para,
                  quote: usize,
                  boxed: &mut Vec<Para>,
                  pieces: &mut Vec<Piece>,
                  read: &mut usize| {
        if p.text.is_blank() {
            return;
        }
        *read += 1;
        let p = Para {
            text: p.text.trimmed(),
            ..p
        };
        if quote > 0 {
            boxed.push(p);
        } else {
            pieces.push(Piece::Para(p));
        }
    };
    for (ev, range) in Parser::new_ext(&source, opts).into_offset_iter() {
        match ev {
            Event::Start(Tag::Heading { level, .. }) => {
                cur = Some(Para {
                    heading: Some(level as u8),
                    number: line_of(&source, range.start),
                    ..Para::default()
                });
            }
            Event::Start(Tag::Paragraph) if cur.is_none() => {
                cur = Some(Para {
                    number: line_of(&source, range.start),
                    ..Para::default()
                });
            }
            Event::Start(Tag::Item) => {
                if let Some(p) = cur.take() {
                    finish(
                        p,
                        quote_depth,
                        &mut boxed,
                        &mut draft.pieces,
                        &mut draft.paragraphs_read,
                    );
                }
                cur = Some(Para {
                    number: line_of(&source, range.start),
                    ..Para::default()
                });
            }
            Event::Start(Tag::List(_)) => {
                list_depth += 1;
                if let Some(p) = cur.take() {
                    finish(
                        p,
                        quote_depth,
                        &mut boxed,
                        &mut draft.pieces,
                        &mut draft.paragraphs_read,
                    );
                }
            }
            Event::End(TagEnd::List(_)) => list_depth = list_depth.saturating_sub(1),
            Event::End(TagEnd::Heading(_) | TagEnd::Paragraph | TagEnd::Item) => {
                if let Some(p) = cur.take() {
                    finish(
                        p,
                        quote_depth,
                        &mut boxed,
                        &mut draft.pieces,
                        &mut draft.paragraphs_read,
                    );
                }
            }
            Event::Start(Tag::BlockQuote(_)) => quote_depth += 1,
            Event::End(TagEnd::BlockQuote(_)) => {
                quote_depth = quote_depth.saturating_sub(1);
                if quote_depth == 0 && !boxed.is_empty() {
                    draft.pieces.push(Piece::Boxed(std::mem::take(&mut boxed)));
                }
            }
            Event::Start(Tag::Table(_)) => {
                table = Some(Table {
                    rows: Vec::new(),
                    number: line_of(&source, range.start),
                });
            }
            Event::End(TagEnd::Table) => {
                if let Some(t) = table.take() {
                    draft.paragraphs_read += t.rows.len();
                    draft.pieces.push(Piece::Table(t));
                }
            }
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                if let Some(t) = table.as_mut() {
                    t.rows.push(Vec::new());
                }
            }
            Event::Start(Tag::TableCell) => {
                cell = Some(Cell {
                    span: 1,
                    number: line_of(&source, range.start),
                    ..Cell::default()
                });
            }
            Event::End(TagEnd::TableCell) => {
                if let (Some(t), Some(mut c)) = (table.as_mut(), cell.take()) {
                    c.text = c.text.trimmed();
                    if let Some(row) = t.rows.last_mut() {
                        row.push(c);
                    }
                }
            }
            Event::Start(Tag::Strong) | Event::End(TagEnd::Strong) => {
                if let Some(t) = target(&mut cur, &mut cell) {
                    t.push_synthetic("**");
                }
            }
            Event::Start(Tag::Emphasis) | Event::End(TagEnd::Emphasis) => {
                if let Some(t) = target(&mut cur, &mut cell) {
                    t.push_synthetic("*");
                }
            }
            Event::Text(t) | Event::Code(t) => {
                // Escapes and entities make the event shorter than its source: place it at
                // the end of the source range then.
                let at = if range.len() == t.len() {
                    range.start
                } else {
                    range.end.saturating_sub(t.len()).max(range.start)
                };
                if let Some(l) = target(&mut cur, &mut cell) {
                    l.push(&t, at);
                } else if quote_depth == 0 && list_depth == 0 {
                    // Text outside any block (should not happen): a paragraph of its own.
                    cur = Some(Para {
                        text: Located::new(&t, at),
                        number: line_of(&source, at),
                        ..Para::default()
                    });
                }
            }
            Event::Html(t) | Event::InlineHtml(t) => {
                if let Some(l) = target(&mut cur, &mut cell) {
                    l.push(t.trim_end_matches('\n'), range.start);
                } else if !t.trim().is_empty() {
                    let p = Para {
                        text: Located::new(t.trim(), range.start),
                        number: line_of(&source, range.start),
                        ..Para::default()
                    };
                    finish(
                        p,
                        quote_depth,
                        &mut boxed,
                        &mut draft.pieces,
                        &mut draft.paragraphs_read,
                    );
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(l) = target(&mut cur, &mut cell) {
                    let prev_ascii = l
                        .text
                        .chars()
                        .last()
                        .is_some_and(|c| c.is_ascii_alphanumeric());
                    let next_ascii = source[range.end..]
                        .trim_start()
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphanumeric());
                    if prev_ascii && next_ascii {
                        l.push_synthetic(" ");
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(p) = cur.take() {
        finish(
            p,
            quote_depth,
            &mut boxed,
            &mut draft.pieces,
            &mut draft.paragraphs_read,
        );
    }
    if !boxed.is_empty() {
        draft.pieces.push(Piece::Boxed(boxed));
    }
    draft.text = source;
    Ok(draft)
}

fn target<'a>(cur: &'a mut Option<Para>, cell: &'a mut Option<Cell>) -> Option<&'a mut Located> {
    if let Some(c) = cell.as_mut() {
        return Some(&mut c.text);
    }
    cur.as_mut().map(|p| &mut p.text)
}
