//! Which paragraphs are headings: a typed number (一、 （一） 1.), Word's own numbering or a
//! heading style; the run-in title of a numbered paragraph; the level each kind of numbering
//! takes in the plan.

use super::{MAX_TITLE_CHARS, Recogniser};
use crate::import::draft::{Located, Para};
use crate::import::front;
use crate::import::number::{self, Style, Token};

/// What a paragraph is, as far as headings go.
#[derive(Clone, Debug)]
pub(super) struct Heading {
    pub(super) kind: Kind,
    /// The typed number, when typed (not Word numbering), and where it stands.
    pub(super) token: Option<Token>,
    pub(super) token_at: Option<Located>,
    pub(super) title: Located,
    /// Text after a run-in heading's first sentence: `（一）加强领导。各部门……`.
    pub(super) run_in: Option<Located>,
}

/// Ordering key of numbering kinds: typed styles, then Word heading levels without a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Kind {
    Styled(Style),
    Outline(u8),
}

impl Recogniser {
    pub(super) fn para_heading(&self, p: &Para) -> Option<Heading> {
        if p.toc || front::is_preface_heading(&p.text.text) {
            return None;
        }
        // A run-in heading is often bold as far as its first sentence: **1.建设……。**正文.
        let unbolded;
        let p = match lead_unbold(&p.text) {
            Some(l) => {
                unbolded = Para {
                    text: l,
                    ..p.clone()
                };
                &unbolded
            }
            None => p,
        };
        let text = &p.text.text;
        // Word's own numbering: the list level says the depth (the same 一、 style can sit at
        // two levels), the number text only that it is a heading number.
        if let Some((num, lvl)) = &p.auto_number
            && number::parse(&format!("{num}x")).is_some()
        {
            let title = p.text.trimmed();
            let level = p.heading.unwrap_or(lvl.saturating_add(1));
            return split_run_in(Kind::Outline(level), None, title);
        }
        if let Some(tok) = number::parse(text.trim_start()) {
            let lead = text.len() - text.trim_start().len();
            let rest = p.text.slice(lead + tok.len..text.len()).trimmed();
            let at = p.text.slice(lead..lead + tok.token_len);
            return split_run_in(Kind::Styled(tok.style), Some(tok), rest).map(|h| Heading {
                token_at: Some(at),
                ..h
            });
        }
        if let Some(level) = p.heading {
            let title = p.text.trimmed();
            if !title.is_blank() && title.text.chars().count() <= MAX_TITLE_CHARS * 2 {
                return Some(Heading {
                    kind: Kind::Outline(level),
                    token: None,
                    token_at: None,
                    title,
                    run_in: None,
                });
            }
        }
        None
    }

    /// Assign section levels to the numbering kinds the body uses, outermost first.
    pub(super) fn assign_levels(&mut self, heads: &[(usize, Heading)]) {
        let mut kinds: Vec<Kind> = heads.iter().map(|(_, h)| h.kind).collect();
        kinds.sort();
        kinds.dedup();
        // Circled numbers are list items, never headings.
        kinds.retain(|k| *k != Kind::Styled(Style::Circled));
        let has_styled = kinds.iter().any(|k| matches!(k, Kind::Styled(_)));
        let mut level = 0;
        for k in kinds {
            if has_styled && matches!(k, Kind::Outline(_)) {
                continue;
            }
            if level <= crate::load::parts::MAX_SECTION_LEVEL {
                self.levels.insert(k, level);
                level += 1;
            }
        }
        if has_styled {
            // Headings known only by their Word style sit at the level their typed
            // counterparts use, or below the deepest.
            for (_, h) in heads {
                if let Kind::Outline(l) = h.kind {
                    let lv =
                        usize::from(l.saturating_sub(1)).min(crate::load::parts::MAX_SECTION_LEVEL);
                    self.levels.entry(h.kind).or_insert(lv);
                }
            }
        }
    }

    pub(super) fn open_section(&mut self, level: usize, h: &Heading) {
        self.open.retain(|o| o.0 < level);
        let style = h.token.map(|t| t.style);
        let n = h.token.map_or(0, |t| t.value);
        if level > 0 {
            self.open.push((level, style, n));
        } else {
            self.open.clear();
        }
    }
}

/// A numbered line: its title, and the run-in text after the title's first sentence.
fn split_run_in(kind: Kind, token: Option<Token>, rest: Located) -> Option<Heading> {
    if rest.is_blank() {
        return None;
    }
    let t = &rest.text;
    let chars = t.chars().count();
    let sentence_end = t.find(['。', '！', '？']);
    match sentence_end {
        Some(i) => {
            let end = i + '。'.len_utf8();
            let lead = t[..end].chars().count();
            if !(2..=MAX_TITLE_CHARS).contains(&lead) {
                return None;
            }
            let after = rest.slice(end..t.len()).trimmed();
            Some(Heading {
                kind,
                token,
                token_at: None,
                title: rest.slice(0..end),
                run_in: (!after.is_blank()).then_some(after),
            })
        }
        None if chars <= MAX_TITLE_CHARS && !t.ends_with(['，', '；', '：', '、']) => {
            Some(Heading {
                kind,
                token,
                token_at: None,
                title: rest,
                run_in: None,
            })
        }
        None => None,
    }
}

/// `**1.建设……。**正文` → `1.建设……。正文`: the bold lead of a numbered line, unmarked.
fn lead_unbold(l: &Located) -> Option<Located> {
    let t = &l.text;
    let rest = t.strip_prefix("**")?;
    let close = rest.find("**")? + 2;
    number::parse(&t[2..close])?;
    let mut out = l.slice(2..close);
    out.append(&l.slice(close + 2..t.len()));
    Some(out)
}

/// The typed number of a paragraph that is too long to be a heading: the first item of a
/// numbered list written as paragraphs (一、参照……，依程序……。).
pub(super) fn typed_number(p: &Para) -> Option<(Token, Located)> {
    if p.toc {
        return None;
    }
    let l = lead_unbold(&p.text).unwrap_or_else(|| p.text.clone());
    let t = &l.text;
    let tok = number::parse(t.trim_start())?;
    let lead = t.len() - t.trim_start().len();
    Some((tok, l.slice(lead..lead + tok.token_len)))
}
