//! Paragraph text as segments (text, styling, kept / inserted / deleted), and the character
//! diff that makes them: a run of ASCII letters, digits and `.` is one token (a changed figure
//! is the old figure deleted and the new one inserted), every other character one token.

use similar::{Algorithm, DiffTag, capture_diff_slices_deadline};

/// What one diff may take before it settles for a coarser answer, as the 修订对照表's does.
const TIMEOUT: std::time::Duration = std::time::Duration::from_millis(100);

use crate::render::view::Run;

/// Whether a piece of text is kept, inserted or deleted.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Mark {
    Same,
    Ins,
    Del,
}

/// A piece of a paragraph: text, its styling, its mark.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Seg {
    pub text: String,
    pub strong: bool,
    pub emph: bool,
    pub mark: Mark,
}

pub(super) fn push_seg(segs: &mut Vec<Seg>, text: &str, strong: bool, emph: bool, mark: Mark) {
    if text.is_empty() {
        return;
    }
    match segs.last_mut() {
        Some(l) if l.strong == strong && l.emph == emph && l.mark == mark => l.text.push_str(text),
        _ => segs.push(Seg {
            text: text.to_string(),
            strong,
            emph,
            mark,
        }),
    }
}

/// `a` followed by `b`, neighbours of one kind joined.
pub(super) fn concat(mut a: Vec<Seg>, b: Vec<Seg>) -> Vec<Seg> {
    for s in b {
        push_seg(&mut a, &s.text, s.strong, s.emph, s.mark);
    }
    a
}

/// Runs as segments all of one mark.
pub(super) fn whole(runs: &[Run], mark: Mark) -> Vec<Seg> {
    let mut segs = Vec::new();
    for r in runs {
        push_seg(&mut segs, &r.text, r.strong, r.emph, mark);
    }
    segs
}

pub(super) fn plain_run(text: &str) -> Run {
    Run {
        text: text.to_string(),
        strong: false,
        emph: false,
    }
}

/// Tokens of runs for the character diff: a run of ASCII letters, digits and `.` is one
/// token (a figure), every other character one; tokens never cross runs.
pub(super) fn tokens(runs: &[Run]) -> Vec<(&str, bool, bool)> {
    let mut out = Vec::new();
    for r in runs {
        let s = r.text.as_str();
        let mut chars = s.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let word = |c: char| c.is_ascii_alphanumeric() || c == '.';
            let mut end = i + c.len_utf8();
            if word(c) {
                while let Some(&(j, d)) = chars.peek() {
                    if !word(d) {
                        break;
                    }
                    end = j + d.len_utf8();
                    chars.next();
                }
            }
            out.push((&s[i..end], r.strong, r.emph));
        }
    }
    out
}

/// The diff of two paragraphs' runs: kept text with B's styling, deleted text with A's.
/// A kept stretch of at most two tokens between two changes joins them, so a rewritten
/// sentence reads as one deletion and one insertion rather than a comb of single characters.
pub(super) fn diff_runs(old: &[Run], new: &[Run]) -> Vec<Seg> {
    let (a, b) = (tokens(old), tokens(new));
    let ka: Vec<&str> = a.iter().map(|t| t.0).collect();
    let kb: Vec<&str> = b.iter().map(|t| t.0).collect();
    // (equal, old range, new range), changes merged with their neighbours.
    let mut chunks: Vec<(bool, std::ops::Range<usize>, std::ops::Range<usize>)> = Vec::new();
    let deadline = std::time::Instant::now().checked_add(TIMEOUT);
    for op in capture_diff_slices_deadline(Algorithm::Myers, &ka, &kb, deadline) {
        let (tag, o, n) = op.as_tag_tuple();
        let equal = tag == DiffTag::Equal;
        match chunks.last_mut() {
            Some(last) if !last.0 && !equal => {
                last.1.end = o.end;
                last.2.end = n.end;
            }
            _ => chunks.push((equal, o, n)),
        }
        let len = chunks.len();
        if len >= 3
            && !chunks[len - 1].0
            && chunks[len - 2].0
            && chunks[len - 2].1.len() <= 2
            && !chunks[len - 3].0
        {
            let last = chunks.pop().unwrap();
            chunks.pop();
            let first = chunks.last_mut().unwrap();
            first.1.end = last.1.end;
            first.2.end = last.2.end;
        }
    }
    let mut segs = Vec::new();
    for (equal, o, n) in chunks {
        if equal {
            for t in &b[n] {
                push_seg(&mut segs, t.0, t.1, t.2, Mark::Same);
            }
        } else {
            for t in &a[o] {
                push_seg(&mut segs, t.0, t.1, t.2, Mark::Del);
            }
            for t in &b[n] {
                push_seg(&mut segs, t.0, t.1, t.2, Mark::Ins);
            }
        }
    }
    segs
}

/// Paragraphs similar enough to be one changed paragraph rather than a deletion and an
/// insertion.
pub(super) fn similar_text(a: &[Run], b: &[Run]) -> bool {
    let (a, b) = (crate::render::view::plain(a), crate::render::view::plain(b));
    similar::TextDiff::configure()
        .algorithm(Algorithm::Myers)
        .timeout(TIMEOUT)
        .diff_chars(&a, &b)
        .ratio()
        >= 0.5
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(segs: &[Seg]) -> String {
        segs.iter()
            .filter(|s| s.mark != Mark::Del)
            .map(|s| s.text.as_str())
            .collect()
    }

    fn reject(segs: &[Seg]) -> String {
        segs.iter()
            .filter(|s| s.mark != Mark::Ins)
            .map(|s| s.text.as_str())
            .collect()
    }

    #[test]
    fn docx_revision_figures_change_whole() {
        let segs = diff_runs(
            &[plain_run("增加值超过350亿元")],
            &[plain_run("增加值超过400亿元")],
        );
        assert_eq!(accept(&segs), "增加值超过400亿元");
        assert_eq!(reject(&segs), "增加值超过350亿元");
        assert!(segs.iter().any(|s| s.mark == Mark::Del && s.text == "350"));
        assert!(segs.iter().any(|s| s.mark == Mark::Ins && s.text == "400"));
    }

    #[test]
    fn docx_revision_styles_follow_each_side() {
        let old = [
            Run {
                text: "旧文本。".into(),
                strong: true,
                emph: false,
            },
            plain_run("正文"),
        ];
        let new = [
            Run {
                text: "新文本。".into(),
                strong: true,
                emph: false,
            },
            plain_run("正文"),
        ];
        let segs = diff_runs(&old, &new);
        assert_eq!(accept(&segs), "新文本。正文");
        assert_eq!(reject(&segs), "旧文本。正文");
        assert!(
            segs.iter()
                .filter(|s| s.text.contains('文') && s.text != "正文")
                .all(|s| s.strong)
        );
    }
}
