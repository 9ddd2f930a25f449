//! The text level: prose → comparable keys, character diffs (CJK has no spaces, so never by
//! whitespace), similarity, and segments marked equal / insert / delete.
//!
//! References `{{…}}` are compared as written: each distinct key becomes one private-use
//! character in the comparison key, so a paragraph whose only difference is the value an
//! indicator took is not a prose change (the indicator table reports the value once). When a
//! key is shown, each side expands the reference against its own plan.

use std::time::Duration;

use rustc_hash::FxHashMap;
use similar::{Algorithm, ChangeTag, TextDiff};

use super::{SegKind, Segment};
use crate::model::Plan;
use crate::model::inline::{self, Segment as InlineSeg};
use crate::render::view;

/// Upper bound on one character diff; similar approximates past it.
const TIMEOUT: Duration = Duration::from_millis(100);

/// First code point used for reference keys (Supplementary Private Use Area-A).
const REF_BASE: u32 = 0xF0000;
const REF_MAX: u32 = 0xFFFFD;

/// Reference keys shared by both versions, so a key encodes to the same character on each side.
#[derive(Default)]
pub(crate) struct Codec {
    keys: Vec<String>,
    map: FxHashMap<String, char>,
}

impl Codec {
    /// The visible text of some prose (inline Markdown removed, folded lines joined), with
    /// every reference replaced by its key character.
    pub fn key(&mut self, raw: &str) -> String {
        let encoded = if raw.contains("{{") {
            let mut s = String::with_capacity(raw.len());
            for seg in inline::segments(raw) {
                match seg {
                    InlineSeg::Text(t) => s.push_str(t),
                    InlineSeg::Ref { key, range } => match self.char_for(key) {
                        Some(c) => s.push(c),
                        None => s.push_str(&raw[range]),
                    },
                    InlineSeg::Unclosed { range } => s.push_str(&raw[range]),
                }
            }
            s
        } else {
            raw.to_string()
        };
        // Only these characters can make inline Markdown differ from its plain text.
        if encoded.contains(['*', '_', '\\', '`', '<', '&', '[', '\n', '\r']) {
            view::plain(&view::runs(&encoded))
        } else {
            encoded.trim().to_string()
        }
    }

    fn char_for(&mut self, key: &str) -> Option<char> {
        if let Some(c) = self.map.get(key) {
            return Some(*c);
        }
        let c =
            char::from_u32(REF_BASE + self.keys.len() as u32).filter(|c| (*c as u32) <= REF_MAX)?;
        self.keys.push(key.to_string());
        self.map.insert(key.to_string(), c);
        Some(c)
    }

    /// A key as one side shows it: references expanded against `plan`.
    pub fn show(&self, plan: &Plan, key: &str) -> String {
        if !key.chars().any(is_ref_char) {
            return key.to_string();
        }
        let mut out = String::with_capacity(key.len() + 16);
        for c in key.chars() {
            match self.ref_key(c) {
                Some(k) => out.push_str(&inline::expand(plan, &format!("{{{{{k}}}}}"))),
                None => out.push(c),
            }
        }
        out
    }

    fn ref_key(&self, c: char) -> Option<&str> {
        if !is_ref_char(c) {
            return None;
        }
        self.keys
            .get((c as u32 - REF_BASE) as usize)
            .map(String::as_str)
    }
}

fn is_ref_char(c: char) -> bool {
    (REF_BASE..=REF_MAX).contains(&(c as u32))
}

fn config() -> similar::TextDiffConfig {
    let mut c = TextDiff::configure();
    c.algorithm(Algorithm::Myers).timeout(TIMEOUT);
    c
}

/// Similarity of two keys in 0..=1 (similar's ratio over characters).
pub fn similarity(a: &str, b: &str) -> f32 {
    if a == b {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    config().diff_chars(a, b).ratio()
}

/// A run of characters with one tag.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Run {
    tag: ChangeTag,
    text: String,
}

/// Character diff of two keys, with equalities too short to read on their own folded into
/// the edits around them (a lone 的 between two rewritten phrases is noise, not a match).
fn char_runs(old: &str, new: &str) -> Vec<Run> {
    let diff = config().diff_chars(old, new);
    let mut runs: Vec<Run> = Vec::new();
    for change in diff.iter_all_changes() {
        let tag = change.tag();
        match runs.last_mut() {
            Some(r) if r.tag == tag => r.text.push_str(change.value()),
            _ => runs.push(Run {
                tag,
                text: change.value().to_string(),
            }),
        }
    }
    whole_numbers(cleanup(runs))
}

/// A character of a number or a Latin word, read as one token: 350 → 360 is the whole
/// number replaced, not its middle digit.
fn in_token(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '.'
}

/// Widen each edit that cuts into a number or a Latin word to the whole token, on both sides.
fn whole_numbers(runs: Vec<Run>) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    let mut i = 0;
    while i < runs.len() {
        if runs[i].tag == ChangeTag::Equal {
            out.push(runs[i].clone());
            i += 1;
            continue;
        }
        let end = (i..runs.len())
            .find(|&k| runs[k].tag == ChangeTag::Equal)
            .unwrap_or(runs.len());
        let (mut del, mut ins) = (String::new(), String::new());
        for r in &runs[i..end] {
            match r.tag {
                ChangeTag::Delete => del.push_str(&r.text),
                _ => ins.push_str(&r.text),
            }
        }
        let starts_in_token = |s: &str| s.chars().next().is_some_and(in_token);
        let ends_in_token = |s: &str| s.chars().next_back().is_some_and(in_token);
        // The token's head, at the end of the equal text before.
        if (starts_in_token(&del) || starts_in_token(&ins))
            && let Some(prev) = out.last_mut().filter(|r| r.tag == ChangeTag::Equal)
        {
            let keep = prev.text.trim_end_matches(in_token).len();
            let head = prev.text.split_off(keep);
            del.insert_str(0, &head);
            ins.insert_str(0, &head);
            if prev.text.is_empty() {
                out.pop();
            }
        }
        let mut next = runs.get(end).cloned();
        // The token's tail, at the start of the equal text after.
        if (ends_in_token(&del) || ends_in_token(&ins))
            && let Some(n) = next.as_mut()
        {
            let cut = n.text.len() - n.text.trim_start_matches(in_token).len();
            let tail: String = n.text.drain(..cut).collect();
            del.push_str(&tail);
            ins.push_str(&tail);
        }
        for (tag, text) in [(ChangeTag::Delete, del), (ChangeTag::Insert, ins)] {
            if !text.is_empty() {
                out.push(Run { tag, text });
            }
        }
        if let Some(n) = next.filter(|n| !n.text.is_empty()) {
            out.push(n);
        }
        i = end + 1;
    }
    out
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Eliminate an equality when it is no longer than the larger side of the edits on both of
/// its sides (diff-match-patch's semantic cleanup, without the boundary shifting).
fn cleanup(mut runs: Vec<Run>) -> Vec<Run> {
    loop {
        let mut changed = false;
        let mut k = 0;
        while k < runs.len() {
            if runs[k].tag != ChangeTag::Equal {
                k += 1;
                continue;
            }
            // Edits directly before and after this equality.
            let before = (0..k)
                .rev()
                .take_while(|&i| runs[i].tag != ChangeTag::Equal)
                .collect::<Vec<_>>();
            let after = (k + 1..runs.len())
                .take_while(|&i| runs[i].tag != ChangeTag::Equal)
                .collect::<Vec<_>>();
            if before.is_empty() || after.is_empty() {
                k += 1;
                continue;
            }
            let side = |idx: &[usize], tag: ChangeTag| {
                idx.iter()
                    .filter(|&&i| runs[i].tag == tag)
                    .map(|&i| chars(&runs[i].text))
                    .sum::<usize>()
            };
            let len = chars(&runs[k].text);
            let b = side(&before, ChangeTag::Delete).max(side(&before, ChangeTag::Insert));
            let a = side(&after, ChangeTag::Delete).max(side(&after, ChangeTag::Insert));
            if len > b || len > a {
                k += 1;
                continue;
            }
            let start = *before.last().unwrap_or(&k);
            let end = after.last().copied().unwrap_or(k) + 1;
            let mut del = String::new();
            let mut ins = String::new();
            for r in &runs[start..end] {
                match r.tag {
                    ChangeTag::Delete => del.push_str(&r.text),
                    ChangeTag::Insert => ins.push_str(&r.text),
                    ChangeTag::Equal => {
                        del.push_str(&r.text);
                        ins.push_str(&r.text);
                    }
                }
            }
            let merged = [
                Run {
                    tag: ChangeTag::Delete,
                    text: del,
                },
                Run {
                    tag: ChangeTag::Insert,
                    text: ins,
                },
            ];
            runs.splice(start..end, merged);
            changed = true;
            k = start + 2;
        }
        if !changed {
            return runs;
        }
    }
}

/// Push text as segments of one kind, each line break its own `"\n"` segment.
pub fn push_text(out: &mut Vec<Segment>, text: &str, kind: SegKind) {
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push(Segment {
                text: "\n".into(),
                kind,
            });
        }
        if line.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(last) if last.kind == kind && last.text != "\n" => last.text.push_str(line),
            _ => out.push(Segment {
                text: line.to_string(),
                kind,
            }),
        }
    }
}

/// The text a reader sees of `key` in each version, compared by character, when the source
/// is the same but a reference in it expands differently (an indicator's target edited from
/// 350 to 380 changes every sentence that cites it); `None` when the shown texts are equal.
pub fn rendered_cells(
    codec: &Codec,
    old_plan: &Plan,
    new_plan: &Plan,
    key: &str,
) -> Option<(Vec<Segment>, Vec<Segment>)> {
    let (old, new) = (codec.show(old_plan, key), codec.show(new_plan, key));
    if old == new {
        return None;
    }
    let (mut o, mut n) = (Vec::new(), Vec::new());
    for run in char_runs(&old, &new) {
        match run.tag {
            ChangeTag::Equal => {
                push_text(&mut o, &run.text, SegKind::Equal);
                push_text(&mut n, &run.text, SegKind::Equal);
            }
            ChangeTag::Delete => push_text(&mut o, &run.text, SegKind::Delete),
            ChangeTag::Insert => push_text(&mut n, &run.text, SegKind::Insert),
        }
    }
    Some((o, n))
}

/// The two cells of a changed text: the old side (equal + delete) and the new side
/// (equal + insert), each expanded against its own plan.
pub fn diff_cells(
    codec: &Codec,
    old_plan: &Plan,
    new_plan: &Plan,
    old: &str,
    new: &str,
) -> (Vec<Segment>, Vec<Segment>) {
    let (mut o, mut n) = (Vec::new(), Vec::new());
    for run in char_runs(old, new) {
        match run.tag {
            ChangeTag::Equal => {
                push_text(&mut o, &codec.show(old_plan, &run.text), SegKind::Equal);
                push_text(&mut n, &codec.show(new_plan, &run.text), SegKind::Equal);
            }
            ChangeTag::Delete => {
                push_text(&mut o, &codec.show(old_plan, &run.text), SegKind::Delete)
            }
            ChangeTag::Insert => {
                push_text(&mut n, &codec.show(new_plan, &run.text), SegKind::Insert)
            }
        }
    }
    (o, n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(old: &str, new: &str) -> Vec<(ChangeTag, String)> {
        char_runs(old, new)
            .into_iter()
            .map(|r| (r.tag, r.text))
            .collect()
    }

    #[test]
    fn a_changed_figure_is_the_whole_number() {
        assert_eq!(
            tags("增加值超过350亿元", "增加值超过360亿元"),
            vec![
                (ChangeTag::Equal, "增加值超过".into()),
                (ChangeTag::Delete, "350".into()),
                (ChangeTag::Insert, "360".into()),
                (ChangeTag::Equal, "亿元".into())
            ]
        );
        assert_eq!(
            tags("到2020年", "到2021年"),
            vec![
                (ChangeTag::Equal, "到".into()),
                (ChangeTag::Delete, "2020".into()),
                (ChangeTag::Insert, "2021".into()),
                (ChangeTag::Equal, "年".into())
            ]
        );
        assert_eq!(
            tags("9.43%", "9.43%"),
            vec![(ChangeTag::Equal, "9.43%".into())]
        );
    }

    #[test]
    fn chinese_is_diffed_by_character() {
        assert_eq!(
            tags("扎实推进9项重点工作", "扎实推进10项重点工作"),
            vec![
                (ChangeTag::Equal, "扎实推进".into()),
                (ChangeTag::Delete, "9".into()),
                (ChangeTag::Insert, "10".into()),
                (ChangeTag::Equal, "项重点工作".into())
            ]
        );
    }

    #[test]
    fn short_equalities_between_edits_are_folded() {
        let t = tags("甲乙的丙丁", "戊己的庚辛");
        assert_eq!(
            t,
            vec![
                (ChangeTag::Delete, "甲乙的丙丁".into()),
                (ChangeTag::Insert, "戊己的庚辛".into())
            ]
        );
    }

    #[test]
    fn keys_strip_markup_and_encode_references() {
        let mut c = Codec::default();
        let a = c.key("**坚持。**达到{{x.target}}亿元");
        let b = c.key("**坚持。**达到{{ x.target }}亿元");
        assert_eq!(a, b);
        assert!(a.starts_with("坚持。达到"));
        assert_eq!(a.chars().count(), "坚持。达到".chars().count() + 1 + 2);
        assert_eq!(c.key("生命健康\n产业"), "生命健康产业");
    }
}
