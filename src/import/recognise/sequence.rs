//! The sequence of typed numbers (I007, I008): gaps, repeats, a level that changes style,
//! half-width brackets, and numbered lists of paragraphs that are not headings at all.

use std::collections::HashMap;

use super::Recogniser;
use super::headings::{Heading, typed_number};
use crate::diagnostic::Severity;
use crate::import::codes;
use crate::import::draft::{Located, Piece};
use crate::import::number::{Style, Token};

impl Recogniser {
    /// Check a typed number against the sequence of its level; returns the level to use.
    pub(super) fn sequence(&mut self, h: &Heading, mut level: usize) -> usize {
        let (Some(tok), Some(at)) = (h.token, h.token_at.as_ref()) else {
            return level;
        };
        let tok_range = at.draft_range(0..at.text.len());
        let shown = at.text.clone();
        if tok.half_width {
            self.report(
                codes::NUMBER_STYLE,
                Severity::Error,
                tok_range.clone(),
                format!("编号“{shown}”用了半角括号"),
                &format!("公文的层次序号用全角括号：{}", tok.style.show(tok.value)),
            );
        }
        // （8） after （七）: the same level in another style.
        if let Some(&(top_level, Some(top_style), last)) = self.open.last()
            && top_level < level
            && top_style != tok.style
            && top_style.family() != 0
            && top_style.family() == tok.style.family()
            && tok.value == last + 1
            && tok.value > 1
        {
            self.report(
                codes::NUMBER_STYLE,
                Severity::Error,
                tok_range.clone(),
                format!(
                    "同一级编号换了样式：前一个是“{}”，这里是“{shown}”",
                    top_style.show(last)
                ),
                &format!("应为“{}”", top_style.show(tok.value)),
            );
            level = top_level;
        }
        let expected = if level == 0 {
            self.last_chapter.map_or(1, |(_, n)| n + 1)
        } else {
            match self.open.iter().find(|o| o.0 == level) {
                Some(&(_, _, n)) => n + 1,
                None => 1,
            }
        };
        let style = self
            .open
            .iter()
            .find(|o| o.0 == level)
            .and_then(|o| o.1)
            .unwrap_or(tok.style);
        if tok.value != expected {
            let what = if tok.value + 1 == expected {
                format!("编号“{shown}”与前一个重复")
            } else if tok.value > expected {
                format!("编号跳号：“{shown}”之前缺少“{}”", style.show(expected))
            } else {
                format!(
                    "编号顺序不对：这里是“{shown}”，按顺序应为“{}”",
                    style.show(expected)
                )
            };
            self.report(
                codes::NUMBER_SEQUENCE,
                Severity::Error,
                tok_range,
                what,
                &format!(
                    "导入后编号自动生成，这里将是“{}”；请核对原稿是否漏了或多了一项",
                    style.show(expected)
                ),
            );
        }
        if level == 0 {
            self.last_chapter = Some((style, tok.value));
        }
        level
    }

    /// Siblings numbered in one style form a list. When one of them is a whole paragraph
    /// rather than a title, the list is a numbered list of paragraphs: all its items stay
    /// paragraphs with their typed numbers (not some headings and some not), and the
    /// sequence of the numbers is still checked.
    pub(super) fn demote_numbered_lists(
        &mut self,
        pieces: &[Piece],
        in_toc: &[bool],
        heads: Vec<(usize, Heading)>,
    ) -> Vec<(usize, Heading)> {
        let head_at: HashMap<usize, &Heading> = heads.iter().map(|(i, h)| (*i, h)).collect();
        // Open lists by style: (piece index, is a paragraph, token, where).
        type Item = (usize, bool, Token, Located);
        let mut open: HashMap<Style, Vec<Item>> = HashMap::new();
        let mut demoted: std::collections::HashSet<usize> = Default::default();
        let mut close = |list: Vec<Item>, this: &mut Self| {
            if !list.iter().any(|x| x.1) {
                return;
            }
            for (k, (i, _, tok, at)) in list.iter().enumerate() {
                demoted.insert(*i);
                let expected = k as u32 + 1;
                if tok.value != expected {
                    this.report(
                        codes::NUMBER_SEQUENCE,
                        Severity::Error,
                        at.draft_range(0..at.text.len()),
                        format!(
                            "编号顺序不对：这里是“{}”，按顺序应为“{}”",
                            at.text,
                            tok.style.show(expected)
                        ),
                        "请核对原稿是否漏了或多了一项",
                    );
                }
            }
        };
        for (i, piece) in pieces.iter().enumerate() {
            if in_toc[i] {
                continue;
            }
            let Piece::Para(p) = piece else { continue };
            let item = match head_at.get(&i) {
                Some(h) => h
                    .token
                    .zip(h.token_at.clone())
                    .map(|(t, at)| (t, at, false)),
                None => typed_number(p).map(|(t, at)| (t, at, true)),
            };
            let Some((tok, at, is_para)) = item else {
                continue;
            };
            // A number of an outer style closes the lists inside it.
            let inner: Vec<Style> = open.keys().copied().filter(|s| *s > tok.style).collect();
            for st in inner {
                if let Some(list) = open.remove(&st) {
                    close(list, self);
                }
            }
            if tok.value == 1
                && let Some(list) = open.remove(&tok.style)
            {
                close(list, self);
            }
            open.entry(tok.style)
                .or_default()
                .push((i, is_para, tok, at));
        }
        let mut rest: Vec<(Style, Vec<Item>)> = open.into_iter().collect();
        rest.sort_by_key(|(s, l)| (l.first().map(|x| x.0), *s));
        for (_, list) in rest {
            close(list, self);
        }
        heads
            .into_iter()
            .filter(|(i, _)| !demoted.contains(i))
            .collect()
    }
}
