//! T003: the same unit or word written twice in a row (亿元亿元, 的的, 产业园产业园).

use std::sync::OnceLock;

use rustc_hash::FxHashMap as HashMap;

use super::prelude::*;
use crate::check::units::{CharSet, is_han};

pub static RULE: Rule = Rule::plan(code::T003, check);

/// Units written after figures: money; length and area; people and quantities; percentage points.
#[rustfmt::skip]
const UNITS: &[&str] = &[
    "亿元", "万元", "千元", "美元", "亿美元",
    "平方公里", "平方千米", "平方米", "公里", "千米", "公顷", "万亩",
    "万人次", "人次", "万人", "万吨", "千瓦", "万千瓦",
    "个百分点", "百分点",
];
const WORDS: &[&str] = &["的", "与", "及", "和", "%", "％"];

/// The words that must not be doubled: their first characters as a set, and the words by
/// first character, longest first.
fn by_first() -> &'static (CharSet, HashMap<char, Vec<&'static str>>) {
    static M: OnceLock<(CharSet, HashMap<char, Vec<&'static str>>)> = OnceLock::new();
    M.get_or_init(|| {
        let mut firsts = CharSet::default();
        let mut m: HashMap<char, Vec<&'static str>> = HashMap::default();
        for w in UNITS.iter().chain(WORDS) {
            if let Some(c) = w.chars().next() {
                firsts.insert(c);
                m.entry(c).or_default().push(w);
            }
        }
        for v in m.values_mut() {
            v.sort_by_key(|w| std::cmp::Reverse(w.len()));
        }
        (firsts, m)
    })
}

/// The byte length of a unit or word written twice at the start of `rest`.
fn doubled_word(words: &HashMap<char, Vec<&'static str>>, c: char, rest: &str) -> Option<usize> {
    words
        .get(&c)?
        .iter()
        .find(|w| rest.starts_with(**w) && rest[w.len()..].starts_with(**w))
        .map(|w| w.len())
}

/// Longest repeated piece considered (in characters).
const MAX_RUN: usize = 12;

fn check(ctx: &PlanCtx, out: &mut Reporter) {
    let (firsts, words) = by_first();
    let mut recent = Recent::default();
    let mut places: Vec<(u32, bool)> = Vec::new();
    for u in &ctx.units {
        let s: &str = &u.masked;
        let chars = &u.chars;
        recent.places(chars, firsts, &mut places);
        let mut reported_until = 0;
        for &(ci, run) in places.iter().rev() {
            let ci = ci as usize;
            let (i, c) = (u.offsets[ci] as usize, chars[ci]);
            if i < reported_until {
                continue;
            }
            let mut hit = if firsts.contains(c) {
                doubled_word(words, c, &s[i..])
            } else {
                None
            };
            if hit.is_none() && run {
                // Any run of three or more Han characters immediately repeated.
                for len in (3..=MAX_RUN).rev() {
                    if ci + 2 * len > chars.len() || chars[ci + len] != c {
                        continue;
                    }
                    let a = &chars[ci..ci + len];
                    let b = &chars[ci + len..ci + 2 * len];
                    if a == b && a.iter().all(|&c| is_han(c)) {
                        hit = Some(a.iter().map(|c| c.len_utf8()).sum());
                        break;
                    }
                }
            }
            if let Some(len) = hit {
                let word = &s[i..i + len];
                out.report(
                    ctx.span(u.text, i + len..i + 2 * len),
                    msg!("`{word}` 连续出现两次", word = word),
                )
                .with_label("重复")
                .with_hint(format!("删除多余的“{word}”"))
                .with_edit(
                    ctx.edit(u.text, i + len..i + 2 * len, ""),
                    format!("删除多余的“{word}”"),
                );
                reported_until = i + 2 * len;
            }
        }
    }
}

/// Finds the few places where a doubled word or run may start, so that the exact comparison
/// runs there only. A word may start at any of its first characters. A run of `len` ≥ 3 Han
/// characters written twice at `i` means the three characters at `i` occur again `len` ≤
/// [`MAX_RUN`] characters later. Walking the text backwards, a table remembers when each
/// three-character key (hashed into [`Recent::SLOTS`] slots) was last seen; a key seen again
/// within `MAX_RUN` Han characters marks a candidate. Slots shared by two keys only add
/// candidates, never lose one.
struct Recent {
    /// The clock at which each slot was last written.
    seen: Vec<u32>,
    /// One tick per Han character visited, across units, so the table never needs clearing.
    clock: u32,
}

impl Default for Recent {
    fn default() -> Recent {
        Recent {
            seen: vec![0; Recent::SLOTS],
            clock: 0,
        }
    }
}

impl Recent {
    const SLOTS: usize = 4096;

    /// Fills `out` with (character index, may start a doubled run) for every place of `chars`
    /// worth a look, from the last to the first.
    fn places(&mut self, chars: &[char], firsts: &CharSet, out: &mut Vec<(u32, bool)>) {
        out.clear();
        for (i, &c) in chars.iter().enumerate().rev() {
            let mut run = false;
            if let (true, Some(&[b, d])) = (is_han(c), chars.get(i + 1..i + 3)) {
                self.clock += 1;
                let key = (c as u32)
                    .wrapping_mul(0x9E37_79B1)
                    .wrapping_add((b as u32).wrapping_mul(0x85EB_CA77))
                    .wrapping_add(d as u32);
                let slot = &mut self.seen[(key >> 20) as usize % Recent::SLOTS];
                run = self.clock - *slot <= MAX_RUN as u32;
                *slot = self.clock;
            }
            if run || firsts.contains(c) {
                // Character indices fit in u32, as byte offsets do in every `Span`.
                out.push((i as u32, run));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The filter keeps every position where three characters recur 3 to MAX_RUN later,
        /// whatever the units before it left in the table.
        #[test]
        fn candidates_cover_every_repeat(
            before in proptest::collection::vec(proptest::sample::select(vec!['产', '业', '园', '区', '的', 'a']), 0..40),
            text in proptest::collection::vec(proptest::sample::select(vec!['产', '业', '园', '区', '的', 'a']), 0..60),
        ) {
            let mut recent = Recent::default();
            let firsts = &by_first().0;
            let mut got = Vec::new();
            recent.places(&before, firsts, &mut got);
            recent.places(&text, firsts, &mut got);
            for i in 0..text.len() {
                let repeats = is_han(text[i]) && (3..=MAX_RUN).any(|len| {
                    i + len + 3 <= text.len() && text[i..i + 3] == text[i + len..i + len + 3]
                });
                if repeats {
                    prop_assert!(got.contains(&(i as u32, true)), "position {} of {:?}", i, text);
                }
                if text[i] == '的' {
                    prop_assert!(got.iter().any(|p| p.0 == i as u32), "的 at {}", i);
                }
            }
            prop_assert!(got.windows(2).all(|w| w[0].0 > w[1].0));
        }
    }
}
