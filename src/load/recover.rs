//! Recovery after a YAML syntax error, as rustc recovers after a parse error: the item that
//! holds the error (the list item, or else the mapping entry, found by indentation) is blanked
//! out and the file parsed again, so that the rest of the file is still read and checked.
//! Blanking keeps every byte offset (each byte becomes a space, line breaks stay), so spans in
//! the re-parsed tree point into the file as written.
//!
//! What the lost item defined is remembered ([`Lost`]): a required key it held is not
//! reported missing again, and a reference to an id it defined says why it does not resolve.

use std::ops::Range;

use super::codes;
use super::yaml::{self, Node};
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, SourceFile, SourceMap, Span};

/// How many items one file may lose before the loader gives up on it.
pub const MAX_RECOVERIES: usize = 8;

/// What blanking out items lost in one file.
#[derive(Debug, Default, Clone)]
pub struct Lost {
    pub file: FileId,
    /// The syntax error that made the first item go (what caused diagnostics point at).
    pub error: Option<Span>,
    /// Mapping keys whose entry was blanked (not whole list items).
    pub keys: Vec<String>,
    /// Ids (`id: …`) written inside blanked text.
    pub ids: Vec<String>,
}

/// Parse `src` as `file`; after a syntax error, blank the item holding it and parse again, up
/// to [`MAX_RECOVERIES`] times. Every syntax error found on the way is reported once.
pub fn parse(file: FileId, src: &SourceFile, diags: &mut Vec<Diagnostic>) -> (Option<Node>, Lost) {
    let mut lost = Lost {
        file,
        ..Lost::default()
    };
    let mut round = Vec::new();
    let mut node = yaml::parse(file, src, &mut round);
    let mut text = src.text.clone();
    let mut blanked: Vec<Range<usize>> = Vec::new();
    let mut seen: Vec<Diagnostic> = Vec::new();
    for _ in 0..=MAX_RECOVERIES {
        let error = round
            .iter()
            .find(|d| d.code == codes::YAML_SYNTAX)
            .map(|d| d.span.start as usize);
        for d in round.drain(..) {
            if !seen
                .iter()
                .any(|s| s.code == d.code && s.span == d.span && s.message == d.message)
            {
                seen.push(d);
            }
        }
        let Some(at) = error.filter(|_| node.is_none()) else {
            break;
        };
        lost.error.get_or_insert(Span::new(file, at..at));
        let Some(range) = item_at(&text, at, &blanked) else {
            break;
        };
        record(&text[range.clone()], &mut lost);
        blank(&mut text, range.clone());
        blanked.push(range);
        let mut map = SourceMap::default();
        let id = map.add(src.path.clone(), text.clone());
        node = yaml::parse(file, map.get(id), &mut round);
    }
    diags.extend(seen);
    if blanked.is_empty() {
        lost.error = None;
    }
    (node, lost)
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Whether a line starts an item: `- …` or `key: …` / `key:`.
fn is_head(line: &str) -> Option<bool> {
    let t = line.trim_start_matches(' ');
    if t.is_empty() || t.starts_with('#') {
        return None;
    }
    if t == "-" || t.starts_with("- ") {
        return Some(true);
    }
    let key_end = t.find(':')?;
    let key = &t[..key_end];
    let after = &t[key_end + 1..];
    (!key.is_empty() && !key.contains(' ') && (after.is_empty() || after.starts_with(' ')))
        .then_some(false)
}

/// The byte range of the lines of the innermost list item holding byte `at` (or, when no list
/// item holds it, of the mapping entry), widened to the enclosing item when that range is
/// already blank (blanking it did not get the parser past the error).
fn item_at(text: &str, at: usize, blanked: &[Range<usize>]) -> Option<Range<usize>> {
    let lines: Vec<(usize, &str)> = text
        .split_inclusive('\n')
        .scan(0, |pos, l| {
            let start = *pos;
            *pos += l.len();
            Some((start, l.trim_end_matches(['\n', '\r'])))
        })
        .collect();
    let mut line = lines.iter().rposition(|(s, _)| *s <= at)?;
    // The error may stand on a blank line after the item that caused it.
    while line > 0 && lines[line].1.trim().is_empty() {
        line -= 1;
    }
    let mut limit = indent(lines[line].1) + 1;
    let mut entry: Option<Range<usize>> = None;
    for h in (0..=line).rev() {
        let l = lines[h].1;
        let Some(dash) = is_head(l) else { continue };
        let i = indent(l);
        if i >= limit {
            continue;
        }
        limit = i;
        let end = lines[h + 1..]
            .iter()
            .find(|(_, l)| !l.trim().is_empty() && indent(l) <= i)
            .map_or(text.len(), |(s, _)| *s);
        let range = lines[h].0..end;
        if blanked
            .iter()
            .any(|b| b.start <= range.start && range.end <= b.end)
        {
            continue;
        }
        if dash {
            return Some(range);
        }
        entry.get_or_insert(range);
        if i == 0 {
            break;
        }
    }
    entry
}

fn blank(text: &mut String, range: Range<usize>) {
    let spaced: String = text[range.clone()]
        .bytes()
        .map(|b| if b == b'\n' { '\n' } else { ' ' })
        .collect();
    text.replace_range(range, &spaced);
}

/// The key of a blanked mapping entry, and the ids defined inside the blanked text.
fn record(item: &str, lost: &mut Lost) {
    if let Some(first) = item.lines().next()
        && is_head(first) == Some(false)
    {
        let t = first.trim_start();
        lost.keys.push(t[..t.find(':').unwrap_or(0)].to_string());
    }
    for l in item.lines() {
        let t = l.trim_start().trim_start_matches("- ").trim_start();
        if let Some(v) = t.strip_prefix("id:") {
            let v = v.trim().trim_matches(['"', '\'']);
            if !v.is_empty() {
                lost.ids.push(v.to_string());
            }
        }
    }
}

/// Drop the missing-key errors that blanking caused, and say so on references to ids that
/// only the blanked items defined.
pub fn mark_caused(
    lost: &[Lost],
    sources: &SourceMap,
    diags: &mut Vec<Diagnostic>,
    defined: impl Fn(&str) -> bool,
) {
    diags.retain(|d| {
        d.code != codes::MISSING_KEY
            || !lost.iter().any(|l| {
                l.file == d.span.file
                    && l.keys.iter().any(|k| d.message.contains(&format!("`{k}`")))
            })
    });
    for d in diags
        .iter_mut()
        .filter(|d| d.code == codes::DANGLING_REF || d.code == codes::UNKNOWN_REFERENCE)
    {
        let under = sources
            .get(d.span.file)
            .text
            .get(d.span.range())
            .unwrap_or("");
        let named = under
            .trim_start_matches("{{")
            .split(['.', '/', '}'])
            .next()
            .unwrap_or("");
        let Some((l, error)) = lost.iter().find_map(|l| {
            let hit = l
                .ids
                .iter()
                .any(|id| !defined(id) && (id == named || d.message.contains(&format!("`{id}`"))));
            hit.then_some((l, l.error?))
        }) else {
            continue;
        };
        let path = sources.get(l.file).path.display().to_string();
        let (line, _) = sources.get(l.file).line_col(error.start as usize);
        d.message.push_str(&format!(
            "（定义它的条目在 {path} 第 {line} 行的语法错误处未能读取）"
        ));
        d.related.push(crate::diagnostic::Label {
            span: error,
            message: "这里的语法错误使定义它的条目未能读取".into(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_innermost_list_item_is_found() {
        let text = "id: a\nbody:\n  - 第一段\n  - [注]坏\n  - 第三段\nsections:\n  - id: s\n    title: x\n";
        let at = text.find("[注]").unwrap();
        let r = item_at(text, at, &[]).unwrap();
        assert_eq!(&text[r], "  - [注]坏\n");
        // A top-level entry when no list item holds the line.
        let text = "id: a\ntitle: %坏\nbody:\n  - 段\n";
        let r = item_at(text, text.find('%').unwrap(), &[]).unwrap();
        assert_eq!(&text[r], "title: %坏\n");
    }

    #[test]
    fn an_item_with_nested_keys_is_taken_whole() {
        let text = "rows:\n  - id: a\n    name: %坏\n  - id: b\n    name: 好\n";
        let r = item_at(text, text.find('%').unwrap(), &[]).unwrap();
        assert_eq!(&text[r], "  - id: a\n    name: %坏\n");
    }
}
