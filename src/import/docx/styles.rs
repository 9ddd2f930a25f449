//! word/styles.xml: which styles are headings (by name or outline level, following basedOn),
//! which are 目录 entries, and the list numbering a style carries.

use std::collections::HashMap;

use quick_xml::events::Event;

use super::xml::{attr, events, local};
use crate::import::draft::ReadError;

#[derive(Default, Clone)]
pub(super) struct StyleInfo {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    pub(super) num: Option<(String, u8)>,
}

fn heading_from_name(name: &str) -> Option<u8> {
    let n = name.to_lowercase();
    let rest = n
        .strip_prefix("heading")
        .or_else(|| n.strip_prefix("标题"))?
        .trim();
    rest.parse::<u8>().ok().filter(|l| (1..=9).contains(l))
}

pub(super) fn read_styles(xml: &[u8]) -> Result<HashMap<String, StyleInfo>, ReadError> {
    let mut styles = HashMap::new();
    let mut cur: Option<(String, StyleInfo)> = None;
    let mut num_id: Option<String> = None;
    let mut ilvl = 0u8;
    events("word/styles.xml", xml, |ev| {
        match ev {
            Event::Start(e) | Event::Empty(e) => match local(e.name().as_ref()) {
                b"style" => {
                    if let Some(id) = attr(e, b"styleId") {
                        cur = Some((id, StyleInfo::default()));
                    }
                }
                b"name" => {
                    if let Some((_, s)) = cur.as_mut() {
                        s.name = attr(e, b"val").unwrap_or_default();
                    }
                }
                b"basedOn" => {
                    if let Some((_, s)) = cur.as_mut() {
                        s.based_on = attr(e, b"val");
                    }
                }
                b"outlineLvl" => {
                    if let Some((_, s)) = cur.as_mut() {
                        s.outline = attr(e, b"val").and_then(|v| v.parse().ok());
                    }
                }
                b"numId" => num_id = attr(e, b"val"),
                b"ilvl" => ilvl = attr(e, b"val").and_then(|v| v.parse().ok()).unwrap_or(0),
                _ => {}
            },
            Event::End(e) => match local(e.name().as_ref()) {
                b"numPr" => {
                    if let (Some((_, s)), Some(n)) = (cur.as_mut(), num_id.take()) {
                        s.num = Some((n, ilvl));
                    }
                    ilvl = 0;
                }
                b"style" => {
                    if let Some((id, s)) = cur.take() {
                        styles.insert(id, s);
                    }
                }
                _ => {}
            },
            _ => {}
        }
        Ok(())
    })?;
    Ok(styles)
}

/// The heading level (1-based) of a style, following basedOn up to a few steps.
pub(super) fn style_heading(styles: &HashMap<String, StyleInfo>, id: &str) -> Option<u8> {
    let mut cur = styles.get(id);
    for _ in 0..8 {
        let s = cur?;
        if let Some(l) = heading_from_name(&s.name) {
            return Some(l);
        }
        if let Some(o) = s.outline.filter(|&o| o < 9) {
            return Some(o + 1);
        }
        cur = s.based_on.as_deref().and_then(|b| styles.get(b));
    }
    None
}

pub(super) fn style_is_toc(styles: &HashMap<String, StyleInfo>, id: &str) -> bool {
    let name = styles
        .get(id)
        .map_or(id, |s| s.name.as_str())
        .to_lowercase();
    name.starts_with("toc") || name.starts_with("目录")
}
