//! The zip package of a .docx, read under size limits: a zip bomb is refused before it is
//! inflated, whatever sizes it declares.

use std::io::Read;

use crate::import::codes;
use crate::import::draft::ReadError;

/// No part of a real plan comes near these; a zip bomb does.
const PART_LIMIT: u64 = 64 << 20;
const TOTAL_LIMIT: u64 = 160 << 20;
const ENTRY_LIMIT: usize = 10_000;

pub(super) fn err(
    code: &'static str,
    message: impl Into<String>,
    hint: impl Into<String>,
) -> ReadError {
    ReadError {
        code,
        message: message.into(),
        hint: hint.into(),
        at: 0,
    }
}

pub(super) struct Package {
    archive: zip::ZipArchive<std::io::Cursor<Vec<u8>>>,
    total: u64,
}

impl Package {
    pub(super) fn open(bytes: Vec<u8>) -> Result<Package, ReadError> {
        if bytes.is_empty() {
            return Err(err(
                codes::EMPTY_DRAFT,
                "文稿为空（0 字节）",
                "请确认选择了正确的文件",
            ));
        }
        if !bytes.starts_with(b"PK") {
            let hint = if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
                "这是旧版 Word 97-2003（.doc）文件：请在 Word 或 WPS 中“另存为”.docx"
            } else {
                "文件不是 zip 包，不是 .docx；如果是纯文本，请改用 .txt 扩展名"
            };
            return Err(err(codes::NOT_DOCX, "文件不是 Word 文档（.docx）", hint));
        }
        let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
            err(
                codes::NOT_DOCX,
                format!("Word 文档的 zip 包已损坏：{e}"),
                "文件可能没有传完整；请重新下载或在 Word 中重新保存",
            )
        })?;
        if archive.len() > ENTRY_LIMIT {
            return Err(err(
                codes::TOO_LARGE,
                format!(
                    "Word 包中有 {} 个条目，超过上限 {ENTRY_LIMIT}",
                    archive.len()
                ),
                "这不是正常的 Word 文档",
            ));
        }
        Ok(Package { archive, total: 0 })
    }

    /// A part's bytes, or None when the package has no such part.
    pub(super) fn part(&mut self, name: &str) -> Result<Option<Vec<u8>>, ReadError> {
        let mut file = match self.archive.by_name(name) {
            Ok(f) => f,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => {
                return Err(err(
                    codes::NOT_DOCX,
                    format!("无法读取 Word 包中的 {name}：{e}"),
                    "文件可能已损坏；请在 Word 中重新保存",
                ));
            }
        };
        let declared = file.size();
        if declared > PART_LIMIT || self.total + declared > TOTAL_LIMIT {
            return Err(bomb(name));
        }
        let mut buf = Vec::with_capacity(declared.min(PART_LIMIT) as usize);
        // The declared size can lie: read at most the limit, whatever it says.
        let read = (&mut file)
            .take(PART_LIMIT + 1)
            .read_to_end(&mut buf)
            .map_err(|e| {
                err(
                    codes::NOT_DOCX,
                    format!("Word 包中的 {name} 无法解压：{e}"),
                    "文件可能没有传完整；请重新下载或在 Word 中重新保存",
                )
            })?;
        self.total += read as u64;
        if read as u64 > PART_LIMIT || self.total > TOTAL_LIMIT {
            return Err(bomb(name));
        }
        Ok(Some(buf))
    }

    pub(super) fn names(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .archive
            .file_names()
            .filter_map(Result::ok)
            .map(|n| n.into_owned())
            .collect();
        v.sort();
        v
    }
}

fn bomb(name: &str) -> ReadError {
    err(
        codes::TOO_LARGE,
        format!("Word 包中的 {name} 解压后超过 {} MB", PART_LIMIT >> 20),
        "正常的规划文稿远小于此；这个文件可能是恶意构造的压缩包",
    )
}
