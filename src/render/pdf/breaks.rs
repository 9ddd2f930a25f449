//! Where a printed line may not break. Typst breaks Chinese text between any two
//! characters, which splits words in titles (…示范／区, “十／四五”), dates (10 月 9／日) and
//! figures from their units. Before the data goes to the template:
//!
//! - every title and name (`title`, `name` fields) is cut into words with ICU4X's
//!   dictionary segmenter (the same library Typst breaks lines with), and the pieces are
//!   listed in `words`, keyed by the text as the template prints it; the template sets each
//!   piece as an unbreakable box;
//! - every run of prose (`runs`) is split so that a date or a number with its unit is a run
//!   of its own, marked `keep`.
//!
//! The pieces always concatenate to the original text: nothing is added or lost.

use std::collections::BTreeMap;
use std::ops::Range;

use icu_segmenter::WordSegmenter;
use icu_segmenter::options::WordBreakInvariantOptions;
use serde_json::{Map, Value};

/// Add `words` to the template data and mark the unbreakable parts of every run.
pub fn mark(data: &mut Value) {
    let mut words = BTreeMap::new();
    walk(data, &mut words);
    if let Value::Object(map) = data {
        let words: Map<String, Value> = words
            .into_iter()
            .map(|(k, v)| (k, Value::from(v)))
            .collect();
        map.insert("words".into(), Value::Object(words));
    }
}

fn walk(v: &mut Value, words: &mut BTreeMap<String, Vec<String>>) {
    match v {
        Value::Array(items) => {
            if items.iter().all(is_run) && !items.is_empty() {
                let runs = std::mem::take(items);
                *items = runs.into_iter().flat_map(split_run).collect();
                return;
            }
            items.iter_mut().for_each(|i| walk(i, words));
        }
        Value::Object(map) => {
            for key in ["title", "name"] {
                let Some(Value::String(text)) = map.get(key) else {
                    continue;
                };
                // Headings print as number + title.
                let number = match (key, map.get("number")) {
                    ("title", Some(Value::String(n))) => n.clone(),
                    _ => String::new(),
                };
                let mut pieces = if number.is_empty() {
                    Vec::new()
                } else {
                    vec![number.clone()]
                };
                pieces.extend(word_pieces(text));
                if pieces.len() > 1 {
                    words.insert(format!("{number}{text}"), pieces);
                }
            }
            map.values_mut().for_each(|x| walk(x, words));
        }
        _ => {}
    }
}

fn is_run(v: &Value) -> bool {
    matches!(v, Value::Object(m) if m.contains_key("text") && m.contains_key("strong"))
}

/// One run as several: the dates and figures in it each a run marked `keep`.
fn split_run(run: Value) -> Vec<Value> {
    let Value::Object(map) = &run else {
        return vec![run];
    };
    let Some(Value::String(text)) = map.get("text") else {
        return vec![run];
    };
    let keep = unbreakable(text);
    if keep.is_empty() {
        return vec![run];
    }
    let piece = |range: Range<usize>, keep: bool| {
        let mut m = map.clone();
        m.insert("text".into(), Value::from(&text[range]));
        m.insert("keep".into(), Value::from(keep));
        Value::Object(m)
    };
    let mut out = Vec::new();
    let mut at = 0;
    for r in keep {
        if r.start > at {
            out.push(piece(at..r.start, false));
        }
        at = r.end;
        out.push(piece(r, true));
    }
    if at < text.len() {
        out.push(piece(at..text.len(), false));
    }
    out
}

/// Byte ranges of `text` that must stay on one line: dates (2016年10月9日, 9月15日) and
/// numbers with their units (350亿元, 12.5%, 5万人), merged where they touch.
pub fn unbreakable(text: &str) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = crate::check::figures::quantities(text)
        .into_iter()
        // From the number on: a qualifier or year before it may break away.
        .map(|q| q.number.start..q.range.end)
        .collect();
    ranges.extend(dates(text));
    ranges.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let mut merged: Vec<Range<usize>> = Vec::new();
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    // A one-character piece needs no box.
    merged.retain(|r| text[r.clone()].chars().count() > 1);
    merged
}

/// Digits followed by 年, 月 or 日, chained: `2016年10月9日`, `2025年`, `9月15日`.
fn dates(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && (b[i - 1].is_ascii_digit() || b[i - 1] == b'.')) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = None;
        let mut j = i;
        loop {
            let digits = j;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            if j == digits {
                break;
            }
            match ["年", "月", "日"]
                .iter()
                .find(|u| text[j..].starts_with(**u))
            {
                Some(u) => {
                    j += u.len();
                    end = Some(j);
                }
                None => break,
            }
        }
        match end {
            Some(e) => {
                out.push(start..e);
                i = e;
            }
            None => i = j.max(i + 1),
        }
    }
    out
}

/// Chinese numerals (十四五, 二〇三五) and digits are read as one word.
fn numeral(c: char) -> bool {
    c.is_ascii_digit() || "〇零一二三四五六七八九十百千万".contains(c)
}

/// Neither a letter nor a digit nor a Han character: punctuation and spaces.
fn mark_char(c: char) -> bool {
    !c.is_alphanumeric()
}

/// The words of a title, as the pieces a line may break between. Punctuation and spaces are
/// pieces of one character each: the template boxes only longer pieces, so a quotation mark
/// keeps the spacing Typst gives it in running text, and the line-breaking rules Typst
/// follows (UAX #14) already keep an opening mark with the word after it and a closing one
/// with the word before.
pub fn word_pieces(text: &str) -> Vec<String> {
    let segmenter = WordSegmenter::new_dictionary(WordBreakInvariantOptions::default());
    let bounds: Vec<usize> = segmenter.segment_str(text).collect();
    let mut out: Vec<String> = Vec::new();
    for w in bounds.windows(2).map(|w| &text[w[0]..w[1]]) {
        // A segment may mix marks and letters ("、医" never, but "1." can): cut at marks.
        let mut word = String::new();
        for c in w.chars() {
            if mark_char(c) {
                if !word.is_empty() {
                    push_word(&mut out, std::mem::take(&mut word));
                }
                out.push(c.to_string());
            } else {
                word.push(c);
            }
        }
        if !word.is_empty() {
            push_word(&mut out, word);
        }
    }
    pair_single_characters(out)
}

/// A word after the previous one, joined to it when both are numerals (十四 + 五) or the word
/// is a measure after a numeral (二〇三五 + 年).
fn push_word(out: &mut Vec<String>, w: String) {
    let first = w.chars().next().unwrap_or(' ');
    match out.last_mut() {
        Some(prev)
            if prev.chars().last().is_some_and(numeral)
                && (numeral(first) || "年月日号个项大期届次".contains(first)) =>
        {
            prev.push_str(&w)
        }
        _ => out.push(w),
    }
}

/// Han characters in a piece, punctuation not counted.
fn han_count(piece: &str) -> usize {
    piece
        .chars()
        .filter(|&c| {
            ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
        })
        .count()
}

/// The dictionary knows the words of general Chinese, not those of plans: it cuts 示范区
/// into 示范 + 区, 构建 into 构 + 建, 国际 after 和 into 和国 + 际. A run of one-character
/// pieces is therefore read in pairs (着力, 构建), and a character left over joins the word
/// before it (示范区, 中医药), or after it at the start. A break is then never placed where
/// a one-character cut would split a word, at the cost of fewer places to break.
fn pair_single_characters(pieces: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut run: Vec<String> = Vec::new();
    let flush = |run: &mut Vec<String>, out: &mut Vec<String>| {
        let mut chunks: Vec<String> = run.chunks(2).map(|c| c.concat()).collect();
        run.clear();
        if chunks.len() == 1 && han_count(&chunks[0]) == 1 {
            let single = chunks.remove(0);
            match out.last_mut() {
                Some(prev) if han_count(prev) > 0 => prev.push_str(&single),
                _ => out.push(single),
            }
            return;
        }
        // An odd run leaves its last character alone: it joins the pair before it.
        if chunks.len() > 1 && chunks.last().is_some_and(|c| han_count(c) == 1) {
            let last = chunks.pop().unwrap_or_default();
            if let Some(prev) = chunks.last_mut() {
                prev.push_str(&last);
            }
        }
        out.extend(chunks);
    };
    for p in pieces {
        if han_count(&p) == 1 && p.chars().count() <= 2 {
            run.push(p);
            continue;
        }
        let leading_single = out.is_empty() && run.len() == 1;
        if leading_single {
            // A title opening with one character (分 + 行业): it joins the next word.
            let single = run.pop().unwrap_or_default();
            out.push(single + &p);
            continue;
        }
        flush(&mut run, &mut out);
        out.push(p);
    }
    flush(&mut run, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_character_cuts_do_not_split_words() {
        let joined = |t: &str| word_pieces(t).join("|");
        for (title, word) in [
            ("加快推进生命健康产业创新示范区建设", "示范区"),
            ("和国际医疗旅游先行区", "国际"),
            ("着力构建现代产业体系", "构建"),
            ("大力发展中医药健康旅游", "中医药"),
        ] {
            let pieces = word_pieces(title);
            assert!(
                pieces.iter().any(|p| p.contains(word)),
                "{word} cut in {}",
                joined(title)
            );
        }
    }

    #[test]
    fn pieces_join_to_the_text() {
        for t in [
            "秦皇岛市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要",
            "“十四五”时期北戴河生命健康产业创新示范区发展规划",
            "（一）加快建设国际一流的康养旅游目的地",
            "",
            "A",
        ] {
            assert_eq!(word_pieces(t).concat(), t);
        }
    }

    #[test]
    fn punctuation_is_never_inside_a_longer_piece() {
        let pieces = word_pieces("推进“十四五”规划《纲要》实施，（试行）");
        for p in pieces.iter().filter(|p| p.chars().count() > 1) {
            assert!(p.chars().all(|c| !mark_char(c)), "{pieces:?}");
        }
        assert!(pieces.iter().any(|p| p == "十四五"), "{pieces:?}");
    }

    #[test]
    fn dates_and_figures_are_kept_whole() {
        let t = "2016年10月9日发布，到2025年达到350亿元，增长12.5%，9月15日前";
        let kept: Vec<&str> = unbreakable(t).into_iter().map(|r| &t[r]).collect();
        for want in ["2016年10月9日", "2025年", "12.5%", "9月15日"] {
            assert!(kept.contains(&want), "{want} in {kept:?}");
        }
        assert!(kept.iter().any(|k| k.contains("350亿元")), "{kept:?}");
    }

    #[test]
    fn runs_are_split_without_losing_text() {
        let mut v = serde_json::json!({"plan": {"runs": [
            {"text": "到2025年达到350亿元。", "strong": false, "emph": false}
        ]}});
        mark(&mut v);
        let runs = v["plan"]["runs"].as_array().unwrap();
        let text: String = runs.iter().map(|r| r["text"].as_str().unwrap()).collect();
        assert_eq!(text, "到2025年达到350亿元。");
        assert!(
            runs.iter()
                .any(|r| r["keep"] == true && r["text"] == "2025年")
        );
    }
}
