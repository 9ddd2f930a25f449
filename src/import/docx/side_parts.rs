//! The parts beside the body: comments (word/comments.xml), and the plain paragraphs of
//! footnotes, endnotes, headers and footers.

use std::collections::HashMap;

use quick_xml::events::Event;

use super::package::Package;
use super::xml::{attr, events, local, text_of};
use crate::import::draft::{Comment, ReadError};

/// (id, author, date, text) of every comment.
fn read_comments(xml: &[u8]) -> Result<Vec<(String, String, String, String)>, ReadError> {
    let mut out = Vec::new();
    let mut cur: Option<(String, String, String, String)> = None;
    let mut in_t = false;
    events("word/comments.xml", xml, |ev| {
        match ev {
            Event::Start(e) => match local(e.name().as_ref()) {
                b"comment" => {
                    cur = Some((
                        attr(e, b"id").unwrap_or_default(),
                        attr(e, b"author").unwrap_or_default(),
                        attr(e, b"date").unwrap_or_default(),
                        String::new(),
                    ));
                }
                b"t" => in_t = true,
                _ => {}
            },
            Event::End(e) => match local(e.name().as_ref()) {
                b"comment" => out.extend(cur.take()),
                b"t" => in_t = false,
                b"p" => {
                    if let Some(c) = cur.as_mut()
                        && !c.3.is_empty()
                    {
                        c.3.push('\n');
                    }
                }
                _ => {}
            },
            ev => {
                if in_t && let (Some(c), Some(t)) = (cur.as_mut(), text_of(ev)) {
                    c.3.push_str(&t);
                }
            }
        }
        Ok(())
    })?;
    for c in &mut out {
        c.3 = c.3.trim().to_string();
    }
    Ok(out)
}

/// The plain text of every paragraph of a part (footnotes, headers, footers).
fn part_paragraphs(
    part: &str,
    xml: &[u8],
    skip_separators: bool,
) -> Result<Vec<String>, ReadError> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_t = false;
    let mut skip = false;
    events(part, xml, |ev| {
        match ev {
            Event::Start(e) => match local(e.name().as_ref()) {
                b"footnote" | b"endnote" if skip_separators => {
                    skip = attr(e, b"type").is_some_and(|t| t != "normal");
                }
                b"t" => in_t = true,
                _ => {}
            },
            Event::End(e) => match local(e.name().as_ref()) {
                b"t" => in_t = false,
                b"p" => {
                    let t = std::mem::take(&mut cur);
                    if !skip && !t.trim().is_empty() {
                        out.push(t.trim().to_string());
                    }
                }
                _ => {}
            },
            ev => {
                if in_t && let Some(t) = text_of(ev) {
                    cur.push_str(&t);
                }
            }
        }
        Ok(())
    })?;
    Ok(out)
}

/// The comments of word/comments.xml, each placed at the paragraph where its anchor stands
/// in the body, with the text it quotes.
pub(super) fn comments(
    pkg: &mut Package,
    starts: &HashMap<String, usize>,
    quotes: &HashMap<String, String>,
) -> Result<Vec<Comment>, ReadError> {
    Ok(match pkg.part("word/comments.xml")? {
        Some(x) => read_comments(&x)?
            .into_iter()
            .map(|(id, author, date, text)| Comment {
                paragraph: starts.get(&id).copied().unwrap_or(0),
                quoted: quotes.get(&id).cloned().unwrap_or_default(),
                author,
                date,
                text,
            })
            .collect(),
        None => Vec::new(),
    })
}

/// Footnotes, endnotes, headers and footers: one line each, `脚注：……`, in part order.
pub(super) fn notes_headers_footers(pkg: &mut Package) -> Result<Vec<String>, ReadError> {
    let mut extras = Vec::new();
    for name in pkg.names() {
        let kind = if name.starts_with("word/footnotes") {
            "脚注"
        } else if name.starts_with("word/endnotes") {
            "尾注"
        } else if name.starts_with("word/header") && name.ends_with(".xml") {
            "页眉"
        } else if name.starts_with("word/footer") && name.ends_with(".xml") {
            "页脚"
        } else {
            continue;
        };
        if let Some(x) = pkg.part(&name)? {
            for t in part_paragraphs(&name, &x, matches!(kind, "脚注" | "尾注"))? {
                extras.push(format!("{kind}：{t}"));
            }
        }
    }
    Ok(extras)
}
