//! `guihua feedback import`: comments that units send back, read from a filled-in 意见反馈表
//! (.docx, [`form`]), the Word comments in a returned plan.docx ([`form`] too), or an Excel or
//! CSV 汇总表 ([`sheet`]); anchored to the plan as released for the round ([`anchor`]); and
//! appended to `plans/<plan>/feedback/<round>.yaml` without touching what is there
//! ([`write`]).
//!
//! Every file is read before anything is written: one unreadable file means nothing is
//! written. Each comment carries a fingerprint of who said what where, so that importing the
//! same file again, or a re-saved or extended copy of it, adds only what is new.

pub mod anchor;
mod fields;
mod form;
mod sheet;
mod write;

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::model::feedback::{Channel, Round, SenderKind, Target};
use crate::model::{Plan, PlanDate};

pub use anchor::{Index, anchor_label, nearest_section};
pub use fields::parse_date;

/// One comment as read from a returned file, before it has an id.
#[derive(Clone, Debug, PartialEq)]
pub struct Incoming {
    /// 提出单位或个人; empty when the file does not say (reported, imported as 未署名).
    pub from: String,
    pub kind: SenderKind,
    pub contact: Option<String>,
    pub received: Option<PlanDate>,
    pub channel: Channel,
    /// 章节条目, as written.
    pub label: Option<String>,
    /// 原文.
    pub quote: Option<String>,
    /// 修改意见.
    pub comment: String,
    /// 理由.
    pub reason: Option<String>,
    /// 处理意见, when a sheet already has one.
    pub answer: Option<String>,
    /// Where in the file: a row or a Word comment.
    pub position: Position,
    /// For a Word comment, the target found from the paragraph it was made on.
    pub target: Option<Target>,
}

/// Where a comment stands in its file, for messages and for the fingerprint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Position {
    /// A data row of a form's table (序号-like, 1-based).
    FormRow(usize),
    /// A row of a sheet, as the spreadsheet numbers it (the header is usually row 1).
    SheetRow(usize),
    /// The Nth Word comment, made on 第P段.
    WordComment { n: usize, paragraph: usize },
}

impl Position {
    /// `第3行`, `第2条批注（第15段）`.
    pub fn zh(self) -> String {
        match self {
            Position::FormRow(n) | Position::SheetRow(n) => format!("第{n}行"),
            Position::WordComment { n, paragraph } => format!("第{n}条批注（第{paragraph}段）"),
        }
    }
}

/// What a caller asks for.
#[derive(Clone, Debug)]
pub struct ImportOptions {
    /// The workspace root.
    pub workspace: PathBuf,
    /// The plan id; may be omitted when exactly one plan has releases.
    pub plan: Option<String>,
    /// The round: `v1` (the file `feedback/v1.yaml`).
    pub round: String,
    /// 提出单位 for Word comments (else each comment's author).
    pub from: Option<String>,
}

/// One file's outcome.
#[derive(Clone, Debug)]
pub struct FileReport {
    pub file: PathBuf,
    /// What kind of file it was read as: 意见反馈表 / 批注 / 汇总表.
    pub channel: Channel,
    pub read: usize,
    pub added: usize,
    /// Already imported (same fingerprint).
    pub skipped: usize,
    /// Chinese warnings: comments that could not be anchored, rows without a sender.
    pub warnings: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct ImportReport {
    pub plan: String,
    /// The round file, relative to the workspace root as given.
    pub round_file: PathBuf,
    /// The release the comments were anchored against.
    pub release: String,
    pub files: Vec<FileReport>,
    /// Whether the round file was written (false when nothing was new).
    pub written: bool,
}

/// Why nothing was imported. Both mean exit code 2 at the command line.
#[derive(Clone, Debug)]
pub enum ImportError {
    /// A bad request: unknown plan, no release, a round file that cannot be appended to.
    Usage(String),
    /// An input file that cannot be read: the message names the file and, where it applies,
    /// the row or paragraph.
    Unreadable(String),
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::Usage(m) | ImportError::Unreadable(m) => f.write_str(m),
        }
    }
}

/// What a reader found in a file: the comments, and the rows that hold text but no
/// 修改意见 (reported, not imported).
#[derive(Debug, Default)]
pub struct Found {
    pub comments: Vec<Incoming>,
    pub skipped: Vec<Position>,
}

/// The comments of one file.
pub struct ReadFile {
    pub channel: Channel,
    pub comments: Vec<Incoming>,
    pub skipped: Vec<Position>,
}

/// Read one returned file by its extension: .docx (意见反馈表 or plan with Word comments),
/// .xlsx, .csv. The release's plan is needed to anchor Word comments by paragraph.
pub fn read_file(
    path: &Path,
    bytes: Vec<u8>,
    base: &Plan,
    from: Option<&str>,
) -> Result<ReadFile, ImportError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let (channel, found) = match ext.as_str() {
        "docx" => form::read(path, bytes, base, from)?,
        "xlsx" => (Channel::Sheet, sheet::read_xlsx(path, bytes)?),
        "csv" => (Channel::Sheet, sheet::read_csv(path, &bytes)?),
        _ => {
            return Err(ImportError::Unreadable(format!(
                "{}：无法识别的文件类型（.{}）；可导入填好的意见反馈表或带批注的规划（.docx）、Excel 汇总表（.xlsx）或 CSV 汇总表（.csv）",
                path.display(),
                if ext.is_empty() { "无扩展名" } else { &ext }
            )));
        }
    };
    Ok(ReadFile {
        channel,
        comments: found.comments,
        skipped: found.skipped,
    })
}

/// The fingerprint written as `key:`: the first 16 hex digits of sha256 over what the
/// comment says and who says it, where (label, quote), whitespace aside. Not the file's
/// bytes nor the row: a form saved again in WPS, a sheet with rows added or sorted, gives the
/// same keys for the same comments.
pub fn fingerprint(c: &Incoming) -> String {
    let mut h = Sha256::new();
    for part in [
        c.from.as_str(),
        c.label.as_deref().unwrap_or(""),
        c.quote.as_deref().unwrap_or(""),
        c.comment.as_str(),
    ] {
        h.update(crate::model::feedback::normalise(part).as_bytes());
        h.update(b"\n");
    }
    hex(&h.finalize())[..16].to_string()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Import `files` into the round: read them all, anchor every comment against the round's
/// release, and append the new ones to the round file (atomically; nothing is written when
/// any file is unreadable or nothing is new).
pub fn import(opts: &ImportOptions, files: &[PathBuf]) -> Result<ImportReport, ImportError> {
    let target = write::RoundTarget::find(opts)?;
    let index = Index::new(&target.base);
    let mut existing = write::Existing::read(&target.round_path)?;
    let mut entries = Vec::new();
    let mut reports = Vec::new();
    for path in files {
        let bytes = std::fs::read(path).map_err(|e| {
            ImportError::Unreadable(format!("{}：无法读取文件（{e}）", path.display()))
        })?;
        let read = read_file(path, bytes, &target.base, opts.from.as_deref())?;
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into(),
        );
        let mut report = FileReport {
            file: path.clone(),
            channel: read.channel,
            read: read.comments.len(),
            added: 0,
            skipped: 0,
            warnings: Vec::new(),
        };
        for at in &read.skipped {
            report.warnings.push(format!(
                "警告：{name} {}有内容但没有“修改意见”，未导入；请检查这一行（例如没有配对的英文双引号）",
                at.zh()
            ));
        }
        let mut last_section: Option<String> = None;
        for mut c in read.comments {
            let key = fingerprint(&c);
            if existing.has_key(&key) {
                report.skipped += 1;
                continue;
            }
            if c.target.is_none() {
                c.target = anchor::anchor_indexed(
                    &index,
                    c.label.as_deref().unwrap_or(""),
                    c.quote.as_deref(),
                );
            }
            match &c.target {
                Some(t) => {
                    if let Some(s) = index.section_of(t) {
                        last_section = Some(s);
                    }
                }
                None => {
                    let near = c
                        .quote
                        .as_deref()
                        .and_then(|q| index.most_similar_section(q))
                        .or_else(|| last_section.clone());
                    let near = near
                        .and_then(|id| {
                            crate::model::feedback::label(
                                &target.base,
                                &Target::Section(id.clone()),
                            )
                        })
                        .unwrap_or_else(|| "无".to_string());
                    report.warnings.push(format!(
                        "警告：{name} {}的意见无法定位到规划中的位置（最接近：{near}）；已导入，请在 {} 中补写 anchor",
                        c.position.zh(),
                        target.round_rel.display()
                    ));
                }
            }
            if c.from.trim().is_empty() {
                report.warnings.push(format!(
                    "警告：{name} {}的意见没有写明提出单位或个人；已按“未署名”导入，请在 {} 中补写 from",
                    c.position.zh(),
                    target.round_rel.display()
                ));
                c.from = "未署名".to_string();
            }
            existing.add_key(key.clone());
            entries.push((c, key));
            report.added += 1;
        }
        reports.push(report);
    }
    let written = !entries.is_empty();
    if written {
        existing.append_and_write(&target, &entries)?;
    }
    Ok(ImportReport {
        plan: target.plan,
        round_file: target.round_rel,
        release: target.release_name,
        files: reports,
        written,
    })
}

/// The round's release for a round name: `v1` → the release directory of version 1.
pub fn round_version(round: &str) -> Option<u32> {
    Round::version_of(round)
}
