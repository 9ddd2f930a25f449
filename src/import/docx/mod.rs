//! Word drafts (.docx): the zip package read under size limits, then document.xml streamed
//! with quick-xml. Styles give heading levels, numbering.xml gives the numbers Word shows,
//! tables keep their merged cells, text boxes and one-cell tables become boxes, tracked
//! changes are read as accepted, a table-of-contents field is marked, comments are kept.
//!
//! [`package`] opens the zip, [`xml`] streams its parts, [`styles`] and [`numbering`] say
//! what Word shows, [`body`] reads document.xml (with [`tables`] and [`fields`]), and
//! [`side_parts`] reads comments, notes, headers and footers.

mod body;
mod fields;
mod numbering;
mod package;
mod side_parts;
mod styles;
mod tables;
mod xml;

use std::collections::HashMap;
use std::path::Path;

use super::codes;
use super::draft::{Draft, DraftFormat, ReadError};
use numbering::{Numbering, read_numbering};
use package::{Package, err};
use styles::read_styles;

/// Inflate every part of a zip package (an .xlsx) under the limits a .docx is read with,
/// discarding the bytes: a zip bomb is refused here before another reader inflates it.
pub(crate) fn check_zip_limits(bytes: Vec<u8>) -> Result<(), ReadError> {
    let mut pkg = Package::open(bytes)?;
    for name in pkg.names() {
        pkg.part(&name)?;
    }
    Ok(())
}

/// Read a Word draft from the bytes of its file.
pub fn read(path: &Path, bytes: Vec<u8>) -> Result<Draft, ReadError> {
    let mut pkg = Package::open(bytes)?;
    let doc = pkg.part("word/document.xml")?.ok_or_else(|| {
        err(
            codes::NOT_DOCX,
            "zip 包中没有 word/document.xml，不是 Word 文档",
            "请在 Word 或 WPS 中打开后重新保存为 .docx",
        )
    })?;
    let styles = match pkg.part("word/styles.xml")? {
        Some(x) => read_styles(&x)?,
        None => HashMap::new(),
    };
    let numbering = match pkg.part("word/numbering.xml")? {
        Some(x) => read_numbering(&x)?,
        None => Numbering::default(),
    };
    let r = body::read_document(&doc, &styles, numbering)?;
    let diags = r.tracked_changes().into_iter().collect();
    let comments = side_parts::comments(&mut pkg, &r.comment_starts, &r.comment_quotes)?;
    let extras = side_parts::notes_headers_footers(&mut pkg)?;
    Ok(Draft {
        path: path.to_path_buf(),
        format: DraftFormat::Docx,
        text: r.text,
        paragraphs_read: r.nonblank,
        pieces: r.pieces,
        comments,
        diags,
        extras,
    })
}
