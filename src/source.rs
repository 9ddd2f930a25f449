//! Source files and positions. Owns the text of every file the loader read and turns byte
//! offsets into the line/column pairs users see. Columns count characters, not bytes, so a
//! position inside CJK text is the same number an editor shows.

use std::ops::Range;
use std::path::{Path, PathBuf};

/// Index of a file in the [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FileId(pub u32);

/// A byte range in one source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, range: Range<usize>) -> Span {
        Span {
            file,
            start: range.start as u32,
            end: range.end.max(range.start) as u32,
        }
    }

    /// The empty span at this span's start.
    pub fn point(&self) -> Span {
        Span {
            end: self.start,
            ..*self
        }
    }

    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// One loaded file: its path relative to the workspace root (for messages), and its text.
#[derive(Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
    line_starts: Vec<usize>,
    /// Characters before each CHECKPOINT-byte block, built on first use, so that columns on
    /// a very long line cost a bounded scan each.
    checkpoints: std::sync::OnceLock<Vec<usize>>,
}

const CHECKPOINT: usize = 4096;

impl SourceFile {
    fn new(path: PathBuf, text: String) -> SourceFile {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceFile {
            path,
            text,
            line_starts,
            checkpoints: std::sync::OnceLock::new(),
        }
    }

    /// Characters in `text[..offset]` (offset on a char boundary).
    fn chars_before(&self, offset: usize) -> usize {
        let cps = self.checkpoints.get_or_init(|| {
            let mut v = vec![0];
            let mut next = CHECKPOINT;
            for (count, (i, _)) in self.text.char_indices().enumerate() {
                while i >= next {
                    v.push(count);
                    next += CHECKPOINT;
                }
            }
            v
        });
        let block = (offset / CHECKPOINT).min(cps.len() - 1);
        // The first char boundary at or after the block start.
        let mut start = block * CHECKPOINT;
        while start < self.text.len() && !self.text.is_char_boundary(start) {
            start += 1;
        }
        let base = cps[block];
        base + self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count())
    }

    /// 1-based line and 1-based character column of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let col = if offset - start < CHECKPOINT {
            self.text
                .get(start..offset)
                .map_or(0, |s| s.chars().count())
        } else {
            self.chars_before(offset) - self.chars_before(start)
        };
        (line + 1, col + 1)
    }

    /// Byte offset of a 1-based line and 0-based character column (as YAML markers give them).
    pub fn offset_of(&self, line: usize, col0: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let line_text = &self.text[start..];
        let end = line_text.find('\n').unwrap_or(line_text.len());
        let within = line_text[..end]
            .char_indices()
            .nth(col0)
            .map_or(end, |(i, _)| i);
        start + within
    }

    pub fn line_starts(&self) -> &[usize] {
        &self.line_starts
    }
}

/// Every file read while loading a workspace.
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
    /// Where the workspace sits relative to the root that diagnostics are reported from
    /// (`--root`, by default the git repository's root): prepended to every path shown.
    shown_from: PathBuf,
}

impl SourceMap {
    pub fn add(&mut self, path: PathBuf, text: String) -> FileId {
        self.files.push(SourceFile::new(path, text));
        FileId(self.files.len() as u32 - 1)
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn path(&self, id: FileId) -> &Path {
        &self.get(id).path
    }

    /// A file's path as diagnostics show it: relative to the reporting root.
    pub fn shown_path(&self, id: FileId) -> PathBuf {
        self.shown_from.join(self.path(id))
    }

    /// Report paths relative to a root above the workspace: `prefix` is the workspace's
    /// path from that root (empty for the workspace itself).
    pub fn show_from(&mut self, prefix: PathBuf) {
        self.shown_from = prefix;
    }

    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The span of `value[range]` when the source bytes under it are exactly that text, so
    /// that replacing them edits that text and nothing else: never inside an escape sequence
    /// of a double-quoted scalar, never across a folded line break. `None` otherwise (the
    /// diagnostic then carries no fix).
    pub fn exact_span(&self, scalar: Span, value: &str, range: Range<usize>) -> Option<Span> {
        let target = value.get(range.clone())?;
        let span = self.sub_span(scalar, value, range);
        let src = &self.get(scalar.file).text;
        let inside = scalar.start <= span.start && span.end <= scalar.end;
        if !inside || src.get(span.range())? != target {
            return None;
        }
        let scalar_src = src.get(scalar.range())?;
        // A double-quoted scalar with escapes: the greedy alignment of `sub_span` may land on
        // a character an escape stands for, or on another occurrence. Only a verbatim copy
        // of the whole value is trusted there.
        if scalar_src.starts_with('"') && scalar_src.contains('\\') && !scalar_src.contains(value) {
            return None;
        }
        let before = src.as_bytes()[..span.start as usize].last();
        if scalar_src.starts_with('"') && before == Some(&b'\\') {
            return None;
        }
        Some(span)
    }

    /// The span of `value[range]` inside the source of a scalar whose whole span is `scalar`.
    ///
    /// YAML folding and quoting change whitespace and escapes but keep every other character
    /// in order, so the characters of the value are matched greedily against the source.
    /// When the match fails (an escape sequence, say) the scalar's own span is returned.
    pub fn sub_span(&self, scalar: Span, value: &str, range: Range<usize>) -> Span {
        let file = self.get(scalar.file);
        let Some(src) = file.text.get(scalar.range()) else {
            return scalar;
        };
        let (Some(prefix), Some(target)) = (value.get(..range.start), value.get(range.clone()))
        else {
            return scalar;
        };
        // Fast paths: the scalar's source is the value itself (plain) or the value in quotes,
        // checked on the requested range only, so that many spans in one long value stay cheap.
        for lead in [0, 1] {
            if src.len() == value.len() + 2 * lead
                && src.as_bytes().get(lead + range.start..lead + range.end)
                    == value.as_bytes().get(range.clone())
                && (lead == 0 || src.starts_with(['"', '\'']))
            {
                let base = scalar.start as usize + lead;
                return Span::new(scalar.file, base + range.start..base + range.end);
            }
        }
        if let Some(pos) = src.find(value) {
            return Span::new(
                scalar.file,
                scalar.start as usize + pos + range.start..scalar.start as usize + pos + range.end,
            );
        }
        let mut src_chars = src.char_indices().peekable();
        let mut align = |c: char| -> Option<usize> {
            if c.is_whitespace() {
                return src_chars.peek().map(|&(i, _)| i);
            }
            for (i, s) in src_chars.by_ref() {
                if s == c {
                    return Some(i);
                }
            }
            None
        };
        for c in prefix.chars() {
            if align(c).is_none() {
                return scalar;
            }
        }
        let mut start = None;
        let mut end = None;
        for c in target.chars() {
            let Some(i) = align(c) else { return scalar };
            start.get_or_insert(i);
            end = Some(i + c.len_utf8());
        }
        match (start, end) {
            (Some(s), Some(e)) => Span::new(
                scalar.file,
                scalar.start as usize + s..scalar.start as usize + e,
            ),
            _ => scalar,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters() {
        let mut map = SourceMap::default();
        let id = map.add("a.yaml".into(), "标题: 秦皇岛\nx: 1\n".into());
        let f = map.get(id);
        let off = f.text.find("秦").unwrap();
        assert_eq!(f.line_col(off), (1, 5));
        assert_eq!(f.offset_of(1, 4), off);
        assert_eq!(f.line_col(f.text.find('x').unwrap()), (2, 1));
    }

    #[test]
    fn columns_on_long_lines_match_a_plain_count() {
        let line: String = (0..20_000)
            .map(|i| if i % 7 == 0 { 'a' } else { '长' })
            .collect();
        let mut map = SourceMap::default();
        let id = map.add("a.yaml".into(), format!("x: 1\nt: {line}\n"));
        let f = map.get(id);
        for (k, (off, _)) in f
            .text
            .char_indices()
            .filter(|(i, _)| *i > 5)
            .enumerate()
            .step_by(997)
        {
            let naive = f.text[f.line_starts()[1]..off].chars().count() + 1;
            assert_eq!(f.line_col(off), (2, naive), "char {k}");
        }
    }

    #[test]
    fn sub_span_follows_folded_scalar() {
        let mut map = SourceMap::default();
        let text = "p: \"甲乙\n  丙丁\"\n";
        let id = map.add("a.yaml".into(), text.into());
        let scalar = Span::new(id, 3..text.len() - 1);
        let value = "甲乙 丙丁";
        let start = value.find('丙').unwrap();
        let s = map.sub_span(scalar, value, start..start + '丙'.len_utf8());
        assert_eq!(&text[s.range()], "丙");
    }
}
