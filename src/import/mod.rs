//! Bring real drafts in: Word (.docx), Markdown and plain text become a plan folder of guihua
//! YAML (`guihua import`), or are checked where they are (`guihua check 规划.docx`).
//!
//! Three front ends ([`docx`], [`markdown`], [`text`]) read a file into a [`draft::Draft`]: a
//! flat list of paragraphs, tables and boxes with every byte's place in the draft. One
//! recogniser ([`recognise`]) finds the cover, chapters, sections, 专栏 and indicator tables.
//! [`emit`] writes YAML and remembers where each scalar came from, so diagnostics on the
//! written files point back into the draft.

pub mod codes;
pub mod docx;
pub mod draft;
pub(crate) mod emit;
mod front;
mod link;
pub mod markdown;
pub mod number;
mod outline;
mod recognise;
mod report;
mod table;
pub mod text;

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::source::{FileId, SourceMap, Span};
pub use draft::{Draft, DraftFormat};
pub use outline::Outline;

/// The extensions guihua reads as drafts.
pub const DRAFT_EXTENSIONS: &[&str] = &["docx", "md", "markdown", "txt", "text"];

pub fn is_draft_path(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| DRAFT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

pub(crate) fn encoding_note(enc: &str) -> Diagnostic {
    Diagnostic::new(
        codes::ENCODING,
        Severity::Info,
        Span::new(FileId(0), 0..0),
        format!("文稿按 {enc} 编码读取"),
    )
    .with_hint("guihua 的源文件一律为 UTF-8；导入后写出的文件已是 UTF-8")
}

/// Read a draft by its extension; a file whose content says otherwise (a zip named .txt, a
/// text file named .docx) is reported, not misread.
pub fn read_draft(path: &Path, bytes: Vec<u8>) -> Result<Draft, draft::ReadError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let is_zip = bytes.starts_with(b"PK\x03\x04");
    match ext.as_str() {
        "docx" => docx::read(path, bytes),
        "md" | "markdown" | "txt" | "text" if is_zip => Err(draft::ReadError {
            code: codes::WRONG_EXTENSION,
            message: format!("文件扩展名是 .{ext}，内容却是 zip 包（多半是 Word 文档）"),
            hint: "把扩展名改为 .docx 后再导入".into(),
            at: 0,
        }),
        "md" | "markdown" => markdown::read(path, &bytes),
        "txt" | "text" => text::read(path, &bytes),
        _ => Err(draft::ReadError {
            code: codes::WRONG_EXTENSION,
            message: format!("不认识的文稿类型 .{ext}"),
            hint: "guihua 能读取 .docx、.md 和 .txt；旧版 .doc 请先另存为 .docx".into(),
            at: 0,
        }),
    }
}

/// A draft read and recognised, with the YAML it becomes.
pub struct Imported {
    pub draft: Draft,
    /// Figures turned into references (`--link-figures`).
    pub links: usize,
    pub outline: Outline,
    pub plan_id: String,
    /// Paths relative to the workspace root.
    pub files: Vec<(PathBuf, String)>,
    origins: Vec<emit::Origin>,
    /// Diagnostics about the draft itself (numbering, 目录, reading): spans into the draft's
    /// located text (file 0).
    pub diags: Vec<Diagnostic>,
    pub report: String,
}

/// A plan id from a file name: letters, digits and 汉字.
pub fn default_id(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let id = id.trim_matches('-').to_string();
    if id.is_empty() { "plan".into() } else { id }
}

/// `r` widened to the character boundaries of `text` (a span never splits a character).
fn snap(text: &str, r: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let mut a = r.start.min(text.len());
    while !text.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = r.end.clamp(a, text.len());
    while !text.is_char_boundary(b) {
        b += 1;
    }
    a..b
}

fn snap_diag(text: &str, mut d: Diagnostic) -> Diagnostic {
    d.span = Span::new(d.span.file, snap(text, d.span.range()));
    for l in &mut d.related {
        l.span = Span::new(l.span.file, snap(text, l.span.range()));
    }
    d
}

/// Import a draft read by [`read_draft`].
pub fn import(draft: Draft, plan_id: &str) -> Imported {
    import_with(draft, plan_id, false)
}

/// [`import`], with `--link-figures`: prose figures equal to a table's target become
/// references (each one listed in the report).
pub fn import_with(draft: Draft, plan_id: &str, link_figures: bool) -> Imported {
    let (mut outline, mut diags) = recognise::recognise(&draft);
    let links = if link_figures {
        link::link_figures(&mut outline)
    } else {
        Vec::new()
    };
    diags.splice(0..0, draft.diags.iter().cloned());
    let diags: Vec<Diagnostic> = diags
        .into_iter()
        .map(|d| snap_diag(&draft.text, d))
        .collect();
    let default_title = draft
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| plan_id.to_string());
    let emitted = emit::emit(&outline, plan_id, &default_title);
    let mut report = report::report(&draft, &outline, &diags, plan_id);
    if link_figures {
        report.push_str(&report::links(&draft, &links));
    }
    Imported {
        links: links.len(),
        draft,
        outline,
        plan_id: plan_id.to_string(),
        files: emitted.files,
        origins: emitted.origins,
        diags,
        report,
    }
}

impl Imported {
    /// The draft as a source file: diagnostics about it are spans into this text.
    pub fn draft_sources(&self) -> SourceMap {
        let mut m = SourceMap::default();
        m.add(self.draft.path.clone(), self.draft.text.clone());
        m
    }

    /// Map a span in the written file `path` back into the draft.
    fn to_draft(&self, path: &Path, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
        let Some(file) = self.files.iter().position(|(p, _)| p == path) else {
            return 0..0;
        };
        let text = &self.files[file].1;
        let mut best: Option<&emit::Origin> = None;
        for o in self.origins.iter().filter(|o| o.file == file) {
            if o.yaml.start <= range.start {
                best = Some(o);
            }
            if o.yaml.contains(&range.start) {
                let yaml = &text[o.yaml.clone()];
                let a = emit::value_offset(yaml, o.quote, range.start - o.yaml.start);
                let end = range.end.min(o.yaml.end);
                let b = emit::value_offset(yaml, o.quote, end.saturating_sub(o.yaml.start));
                let a = a.min(o.loc.text.len());
                let b = b.clamp(a, o.loc.text.len());
                return o.loc.draft_range(a..b);
            }
        }
        best.map_or(0..0, |o| {
            let s = o.loc.draft_offset(0);
            s..s
        })
    }
}

/// Diagnostics on the YAML of the import that say nothing about the draft itself.
fn applies_to_drafts(code: &str) -> bool {
    // F002: a figure written out instead of referenced — every figure of a draft is.
    // R002: the consultation arrangements are guihua's own field, which no draft has.
    // S005: a typed number in a paragraph — the importer keeps a numbered list of
    // paragraphs as written and checks its sequence itself (I007).
    // J002: a mention of another division, which a YAML source acknowledges in `mentions:`;
    // a draft has no way to, and a leftover in a self-referential position is J001.
    !matches!(code, "F002" | "R002" | "S005" | "J002")
}

/// Check a draft where it is: import in memory, load and check the result, and point every
/// diagnostic at the draft.
pub fn check_draft(path: &Path) -> Result<(SourceMap, Diagnostics), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("无法读取 {}：{e}", path.display()))?;
    let mut sources = SourceMap::default();
    let mut diags = Diagnostics::default();
    let draft = match read_draft(path, bytes) {
        Ok(d) => d,
        Err(e) => {
            sources.add(path.to_path_buf(), String::new());
            diags.push(
                Diagnostic::error(e.code, Span::new(FileId(0), 0..0), e.message)
                    .with_label(format!("文件偏移 {}", e.at))
                    .with_hint(e.hint),
            );
            return Ok((sources, diags));
        }
    };
    let id = default_id(path);
    let imported = import(draft, &id);
    let sources = imported.draft_sources();
    let mut diags = Diagnostics::default();
    diags.extend(
        imported
            .diags
            .iter()
            .cloned()
            .map(|d| with_context(&imported, d)),
    );
    // The imported workspace exists only in memory: nothing is written to check a draft.
    let root = Path::new("/guihua-draft");
    let mut files = crate::files::Overlay::in_memory();
    for (rel, text) in &imported.files {
        files.insert(root.join(rel), text.as_bytes());
    }
    let (ws, found) = crate::check_workspace_from(&files, root).map_err(|e| e.to_string())?;
    for d in found.into_vec() {
        if !applies_to_drafts(d.code) {
            continue;
        }
        let path_of = |s: Span| ws.sources.path(s.file).to_path_buf();
        let range = imported.to_draft(&path_of(d.span), d.span.range());
        let related = d
            .related
            .iter()
            .map(|l| crate::diagnostic::Label {
                span: Span::new(
                    FileId(0),
                    imported.to_draft(&path_of(l.span), l.span.range()),
                ),
                message: l.message.clone(),
            })
            .collect();
        // A fix edits the YAML imported in memory, not the draft: a draft's diagnostics carry none.
        let mapped = Diagnostic {
            span: Span::new(FileId(0), range),
            related,
            fix: None,
            ..d
        };
        diags.push(with_context(
            &imported,
            snap_diag(&imported.draft.text, mapped),
        ));
    }
    diags.sort(&sources);
    Ok((sources, diags))
}

/// For Word drafts, say which paragraph and under which heading: 第N段（四、（一）医疗服务）.
fn with_context(imp: &Imported, mut d: Diagnostic) -> Diagnostic {
    if imp.draft.format != DraftFormat::Docx {
        return d;
    }
    let at = d.span.range().start;
    let para = imp.draft.text[..at.min(imp.draft.text.len())]
        .bytes()
        .filter(|&b| b == b'\n')
        .count()
        + 1;
    let path = report::heading_path(&imp.outline, at);
    let place = if path.is_empty() {
        format!("第{para}段")
    } else {
        format!("第{para}段，{path}")
    };
    d.message = format!("{}（{place}）", d.message);
    d
}

/// Write an import into the workspace at `root`: the plan folder appears whole or not at all.
pub fn write_plan(imp: &Imported, root: &Path, force: bool) -> Result<PathBuf, String> {
    let plans = root.join("plans");
    let target = plans.join(&imp.plan_id);
    if target.exists() && !force {
        return Err(format!(
            "规划目录已存在：{}（用 --id 换一个 id，或加 --force 覆盖）",
            target.display()
        ));
    }
    std::fs::create_dir_all(&plans).map_err(|e| format!("无法创建 {}：{e}", plans.display()))?;
    let staging = tempfile::Builder::new()
        .prefix(".import-")
        .tempdir_in(&plans)
        .map_err(|e| format!("无法在 {} 中创建临时目录：{e}", plans.display()))?;
    let prefix = Path::new("plans").join(&imp.plan_id);
    for (rel, text) in &imp.files {
        let inner = rel.strip_prefix(&prefix).unwrap_or(rel);
        let p = staging.path().join(inner);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("无法写入 {}：{e}", p.display()))?;
        }
        std::fs::write(&p, text).map_err(|e| format!("无法写入 {}：{e}", p.display()))?;
    }
    std::fs::write(staging.path().join("导入报告.md"), &imp.report)
        .map_err(|e| format!("无法写入导入报告：{e}"))?;
    let staged = staging.keep();
    if target.exists() {
        std::fs::remove_dir_all(&target)
            .map_err(|e| format!("无法替换 {}：{e}", target.display()))?;
    }
    std::fs::rename(&staged, &target).map_err(|e| {
        let _ = std::fs::remove_dir_all(&staged);
        format!("无法写入 {}：{e}", target.display())
    })?;
    Ok(target)
}
