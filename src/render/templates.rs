//! Templates are files in templates/, compiled into the binary as defaults; a workspace's own
//! templates/ directory overrides any of them file by file (as Zola and mdBook themes do).

use std::path::{Path, PathBuf};

/// (name, built-in text). The names are also the override file names.
pub const BUILTIN: &[(&str, &str)] = &[
    ("plan.html", include_str!("../../templates/plan.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    ("style.css", include_str!("../../templates/style.css")),
    ("search.js", include_str!("../../templates/search.js")),
    ("plan.md", include_str!("../../templates/plan.md")),
    ("plan.typ", include_str!("../../templates/plan.typ")),
    ("diff.md", include_str!("../../templates/diff.md")),
    ("diff.typ", include_str!("../../templates/diff.typ")),
    ("notice.typ", include_str!("../../templates/notice.typ")),
    ("feedback.typ", include_str!("../../templates/feedback.typ")),
    ("diff.html", include_str!("../../templates/diff.html")),
    ("notice.md", include_str!("../../templates/notice.md")),
    ("notice.html", include_str!("../../templates/notice.html")),
    ("feedback.md", include_str!("../../templates/feedback.md")),
    (
        "feedback.html",
        include_str!("../../templates/feedback.html"),
    ),
    ("adoption.md", include_str!("../../templates/adoption.md")),
    (
        "adoption.html",
        include_str!("../../templates/adoption.html"),
    ),
    ("adoption.typ", include_str!("../../templates/adoption.typ")),
];

/// The workspace's reference document for DOCX styles (as pandoc's --reference-doc).
pub const REFERENCE_DOCX: &str = "reference.docx";

/// The template set in force for one workspace.
pub struct TemplateSet {
    pub files: Vec<(String, String, Option<PathBuf>)>,
    /// `<dir>/reference.docx`, when the workspace has one: its path and bytes.
    pub reference_docx: Option<(PathBuf, Vec<u8>)>,
}

impl TemplateSet {
    /// Built-ins, each replaced by `<dir>/<name>` when that file exists.
    pub fn load(dir: &Path) -> Result<TemplateSet, String> {
        let mut files = Vec::new();
        for (name, text) in BUILTIN {
            let custom = dir.join(name);
            if custom.is_file() {
                let t = std::fs::read_to_string(&custom)
                    .map_err(|e| format!("无法读取模板 {}：{e}", custom.display()))?;
                // A copy identical to the built-in is not an override worth reporting.
                let path = (t != *text).then_some(custom);
                files.push((name.to_string(), t, path));
            } else {
                files.push((name.to_string(), text.to_string(), None));
            }
        }
        let reference = dir.join(REFERENCE_DOCX);
        let reference_docx = if reference.is_file() {
            let bytes = std::fs::read(&reference)
                .map_err(|e| format!("无法读取模板 {}：{e}", reference.display()))?;
            Some((reference, bytes))
        } else {
            None
        };
        Ok(TemplateSet {
            files,
            reference_docx,
        })
    }

    pub fn get(&self, name: &str) -> &str {
        self.files
            .iter()
            .find(|(n, ..)| n == name)
            .map_or("", |(_, t, _)| t.as_str())
    }

    /// Names of templates taken from the workspace rather than the built-ins.
    pub fn overridden(&self) -> Vec<&Path> {
        self.files
            .iter()
            .filter_map(|(_, _, p)| p.as_deref())
            .chain(self.reference_docx.as_ref().map(|(p, _)| p.as_path()))
            .collect()
    }
}
