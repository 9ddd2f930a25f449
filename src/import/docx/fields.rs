//! Fields, content controls and annotations in document.xml: a table-of-contents field or
//! 目录 content control marks its paragraphs, comment anchors record where each comment
//! stands and what it quotes, and tracked changes (read as accepted) are reported.

use quick_xml::events::BytesStart;

use crate::diagnostic::{Diagnostic, Severity};
use crate::import::codes;
use crate::source::{FileId, Span};

use super::body::Reader;
use super::xml::attr;

impl Reader<'_> {
    /// Inside a table-of-contents field or a 目录 content control.
    pub(super) fn in_toc(&self) -> bool {
        self.toc_depth > 0 || self.sdt_toc.iter().any(|&t| t)
    }

    /// w:fldChar: a field begins, reaches its result, or ends.
    pub(super) fn field_char(&mut self, e: &BytesStart) {
        match attr(e, b"fldCharType").as_deref() {
            Some("begin") => {
                self.instr.clear();
                self.fields.push((false, false));
            }
            Some("separate") => {
                let toc = self.instr.trim_start().starts_with("TOC");
                if let Some(f) = self.fields.last_mut() {
                    *f = (toc, true);
                }
                if toc {
                    self.toc_depth += 1;
                    if let Some(p) = self.paras.last_mut() {
                        p.toc = true;
                    }
                }
            }
            Some("end") => {
                if let Some((toc, _)) = self.fields.pop()
                    && toc
                {
                    self.toc_depth = self.toc_depth.saturating_sub(1);
                }
            }
            _ => {}
        }
    }

    /// w:commentRangeStart, w:commentRangeEnd, w:commentReference.
    pub(super) fn comment_anchor(&mut self, name: &[u8], e: &BytesStart) {
        match name {
            b"commentRangeStart" => {
                if let Some(id) = attr(e, b"id") {
                    self.comment_starts.insert(id.clone(), self.paragraphs + 1);
                    self.open_comments.push(id);
                }
            }
            b"commentRangeEnd" => {
                if let Some(id) = attr(e, b"id") {
                    self.open_comments.retain(|c| *c != id);
                }
            }
            b"commentReference" => {
                if let Some(id) = attr(e, b"id") {
                    self.comment_starts.entry(id).or_insert(self.paragraphs + 1);
                }
            }
            _ => {}
        }
    }

    /// The warning that tracked changes were read as accepted, when there were any.
    pub(super) fn tracked_changes(&self) -> Option<Diagnostic> {
        if self.insertions + self.deletions == 0 {
            return None;
        }
        Some(
            Diagnostic::new(
                codes::TRACKED,
                Severity::Warning,
                Span::new(FileId(0), 0..0),
                format!(
                    "文稿含有未处理的修订（插入 {} 处、删除 {} 处），已按“接受全部修订”读取",
                    self.insertions, self.deletions
                ),
            )
            .with_hint("如果有修订不应接受，请先在 Word 或 WPS 的“审阅”中逐条处理后再导入"),
        )
    }
}
