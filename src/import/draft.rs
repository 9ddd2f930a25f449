//! What every front end (Word, Markdown, plain text) produces: the draft as a flat list of
//! paragraphs, tables and boxes, each piece of text tied to its place in the draft.
//!
//! Locations are byte offsets into [`Draft::text`], the draft's *located text*: the decoded
//! file itself for text and Markdown, and one paragraph per line for Word (so that line N is
//! 第N段). Diagnostics about the draft are spans into that text.

use std::ops::Range;
use std::path::PathBuf;

use crate::diagnostic::Diagnostic;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DraftFormat {
    Docx,
    Markdown,
    Text,
}

impl DraftFormat {
    pub fn zh(self) -> &'static str {
        match self {
            DraftFormat::Docx => "Word 文档",
            DraftFormat::Markdown => "Markdown",
            DraftFormat::Text => "纯文本",
        }
    }
}

/// A piece of text with the draft offset of each of its bytes, kept as segments: text byte
/// `seg.0 + k` came from draft byte `seg.1 + k` until the next segment starts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Located {
    pub text: String,
    pub segs: Vec<(u32, u32)>,
}

impl Located {
    pub fn new(text: &str, at: usize) -> Located {
        Located {
            text: text.to_string(),
            segs: vec![(0, at as u32)],
        }
    }

    /// Append `s`, which came from draft offset `at`.
    pub fn push(&mut self, s: &str, at: usize) {
        if s.is_empty() {
            return;
        }
        self.segs.push((self.text.len() as u32, at as u32));
        self.text.push_str(s);
    }

    /// Append text that is not in the draft (markup, a joining space): it maps to the end of
    /// what came before it.
    pub fn push_synthetic(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        let at = self.draft_offset(self.text.len());
        self.segs.push((self.text.len() as u32, at as u32));
        self.text.push_str(s);
        // Text after this continues at the same draft offset until the next push.
        self.segs.push((self.text.len() as u32, at as u32));
    }

    pub fn append(&mut self, other: &Located) {
        let base = self.text.len() as u32;
        self.segs
            .extend(other.segs.iter().map(|&(t, d)| (t + base, d)));
        self.text.push_str(&other.text);
    }

    /// The draft offset of text byte `i` (clamped into the segment it falls in).
    pub fn draft_offset(&self, i: usize) -> usize {
        let i = i as u32;
        let k = self.segs.partition_point(|&(t, _)| t <= i);
        if k == 0 {
            return self.segs.first().map_or(0, |s| s.1 as usize);
        }
        let (t, d) = self.segs[k - 1];
        (d + (i - t)) as usize
    }

    /// The draft range of text range `r`.
    pub fn draft_range(&self, r: Range<usize>) -> Range<usize> {
        let a = self.draft_offset(r.start);
        let b = if r.end > r.start {
            self.draft_offset(r.end - 1) + 1
        } else {
            a
        };
        a..b.max(a)
    }

    /// The sub-text `r` (byte range, on char boundaries) with its locations.
    pub fn slice(&self, r: Range<usize>) -> Located {
        let mut out = Located {
            text: self.text[r.clone()].to_string(),
            segs: vec![(0, self.draft_offset(r.start) as u32)],
        };
        for &(t, d) in &self.segs {
            let t = t as usize;
            if t > r.start && t < r.end {
                out.segs.push(((t - r.start) as u32, d));
            }
        }
        out
    }

    /// Without leading and trailing whitespace.
    pub fn trimmed(&self) -> Located {
        let start = self.text.len() - self.text.trim_start().len();
        let end = self.text.trim_end().len().max(start);
        self.slice(start..end)
    }

    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// One paragraph of the draft.
#[derive(Clone, Debug, Default)]
pub struct Para {
    /// The text, bold runs marked with `**` (inline Markdown, which guihua's sources use).
    pub text: Located,
    /// Heading level from the paragraph style's outline level (1 = 标题 1), Word and Markdown.
    pub heading: Option<u8>,
    /// The number Word's automatic numbering shows before the paragraph ("（一）"), with the
    /// list level (0-based).
    pub auto_number: Option<(String, u8)>,
    /// Inside a Word table-of-contents field or styled as a 目录 entry.
    pub toc: bool,
    /// The whole paragraph is bold (a title line, a 专栏 heading).
    pub all_bold: bool,
    /// Centred (cover lines, captions).
    pub centered: bool,
    /// 第N段 for Word, the first line for text and Markdown.
    pub number: usize,
}

/// A table cell: its paragraphs joined with nothing in between.
#[derive(Clone, Debug, Default)]
pub struct Cell {
    pub text: Located,
    /// Columns the cell spans (w:gridSpan).
    pub span: usize,
    /// Continues the cell above (w:vMerge without restart).
    pub merged_up: bool,
    pub number: usize,
}

#[derive(Clone, Debug, Default)]
pub struct Table {
    pub rows: Vec<Vec<Cell>>,
    /// Paragraph number of the first cell, for messages.
    pub number: usize,
}

#[derive(Clone, Debug)]
pub enum Piece {
    Para(Para),
    Table(Table),
    /// A bordered one-cell table or a text box: a 专栏 when its first line says so.
    Boxed(Vec<Para>),
}

/// A Word comment, kept for the feedback work: who, when, what, and where it was made.
#[derive(Clone, Debug)]
pub struct Comment {
    pub author: String,
    pub date: String,
    pub text: String,
    /// The commented text, and the 第N段 it starts in.
    pub quoted: String,
    pub paragraph: usize,
}

#[derive(Clone, Debug)]
pub struct Draft {
    pub path: PathBuf,
    pub format: DraftFormat,
    /// The located text: see the module docs.
    pub text: String,
    pub pieces: Vec<Piece>,
    /// Paragraphs read from the file (blank lines of text files not counted).
    pub paragraphs_read: usize,
    pub comments: Vec<Comment>,
    /// Notes and warnings from reading (tracked changes accepted, GB18030 decoded, …): spans
    /// are into `text`, file id 0.
    pub diags: Vec<Diagnostic>,
    /// Footnotes, headers and footers: read, not part of the plan's body, listed in the report.
    pub extras: Vec<String>,
}

/// Why a draft could not be read at all: the message, and where (byte offset into the file
/// or its located text).
#[derive(Clone, Debug)]
pub struct ReadError {
    pub code: &'static str,
    pub message: String,
    pub hint: String,
    pub at: usize,
}
