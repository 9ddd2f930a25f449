//! The rules' fixes applied to the source files: `guihua check --fix`, and the edits the
//! language server offers. A fix is data on a diagnostic ([`crate::diagnostic::Fix`]: byte
//! spans into the YAML source and their replacements), so applying one edits exactly those
//! bytes; comments, quoting, key order and line breaks stay as written.
//!
//! [`fix_workspace`] works in passes on in-memory buffers over the file system: check, take
//! the fixes that do not overlap (per file, first come first served), apply them, re-load.
//! A file whose fixed text would fail to load (more fatal loader diagnostics in it than
//! before) keeps its text; its fixes are then tried one by one and only those that keep it
//! loading are kept. Passes repeat until no fix applies, at most [`MAX_PASSES`] times.
//! Nothing is written here: the caller writes [`Outcome::changes`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::diagnostic::{Applicability, Diagnostic, Diagnostics, Edit, Fix};
use crate::files::{FileSystem, Overlay};
use crate::load::LoadError;
use crate::model::Workspace;
use crate::registry::Origin;
use crate::source::FileId;

/// Passes at most: a fix may reveal another (的的的 → 的的 → 的), never without end.
pub const MAX_PASSES: usize = 8;

/// One source file whose text the fixes changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileChange {
    /// As the diagnostics name it (relative to the workspace root).
    pub path: PathBuf,
    /// Where it is read and written.
    pub full_path: PathBuf,
    pub before: String,
    pub after: String,
}

impl FileChange {
    /// A unified diff of the change, `a/<path>` against `b/<path>`.
    pub fn unified_diff(&self) -> String {
        let name = self.path.to_string_lossy().replace('\\', "/");
        similar::TextDiff::from_lines(&self.before, &self.after)
            .unified_diff()
            .context_radius(2)
            .header(&format!("a/{name}"), &format!("b/{name}"))
            .to_string()
    }
}

pub struct Outcome {
    /// The files that changed, by path.
    pub changes: Vec<FileChange>,
    /// How many fixes of each code were applied.
    pub applied: BTreeMap<&'static str, usize>,
    /// Fixes not applied because the file would no longer load.
    pub refused: BTreeMap<&'static str, usize>,
    /// The workspace as fixed, and its diagnostics: what remains.
    pub ws: Workspace,
    pub diags: Diagnostics,
}

impl Outcome {
    pub fn applied_total(&self) -> usize {
        self.applied.values().sum()
    }
}

/// Whether `fix` is applied when unsafe fixes are `allowed` or not.
pub fn applies(fix: &Fix, unsafe_fixes: bool) -> bool {
    fix.safety == Applicability::Safe || unsafe_fixes
}

/// `text` with `edits` applied: byte ranges into `text`, sorted, not overlapping.
pub fn apply_edits(text: &str, edits: &[&Edit]) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in edits {
        let (start, end) = (e.span.start as usize, e.span.end as usize);
        out.push_str(text.get(at..start)?);
        out.push_str(&e.replacement);
        at = end;
    }
    out.push_str(text.get(at..)?);
    Some(out)
}

/// The fixes of `diags` that apply, by file: each with its code, its edits sorted, the fixes
/// whose edits overlap an earlier one left out (a fix with edits in several files, too).
pub fn select<'d>(
    diags: impl IntoIterator<Item = &'d Diagnostic>,
    unsafe_fixes: bool,
) -> BTreeMap<FileId, Vec<(&'static str, &'d Fix)>> {
    let mut fixes: Vec<(&'static str, &'d Fix)> = diags
        .into_iter()
        .filter_map(|d| Some((d.code, d.fix.as_ref()?)))
        .filter(|(_, f)| applies(f, unsafe_fixes) && !f.edits.is_empty())
        .filter(|(_, f)| f.edits.iter().all(|e| e.span.file == f.edits[0].span.file))
        .collect();
    fixes.sort_by_key(|(_, f)| {
        let e = &f.edits[0];
        (e.span.file, e.span.start, e.span.end)
    });
    let mut out: BTreeMap<FileId, Vec<(&'static str, &'d Fix)>> = BTreeMap::new();
    let mut taken: BTreeMap<FileId, Vec<(u32, u32)>> = BTreeMap::new();
    for (code, fix) in fixes {
        let file = fix.edits[0].span.file;
        let ranges = taken.entry(file).or_default();
        let clash = fix.edits.iter().any(|e| {
            ranges.iter().any(|&(s, t)| {
                (e.span.start < t && s < e.span.end) || (e.span.start == s && e.span.end == t)
            })
        });
        if !clash {
            ranges.extend(fix.edits.iter().map(|e| (e.span.start, e.span.end)));
            out.entry(file).or_default().push((code, fix));
        }
    }
    out
}

/// The edits of `fixes`, sorted by where they start.
fn edits_of<'f>(fixes: &[(&'static str, &'f Fix)]) -> Vec<&'f Edit> {
    let mut edits: Vec<&Edit> = fixes.iter().flat_map(|(_, f)| &f.edits).collect();
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    edits
}

/// Fatal loader diagnostics per file path: what "the file fails to load" counts.
fn load_failures(ws: &Workspace, diags: &Diagnostics) -> BTreeMap<PathBuf, usize> {
    let mut out = BTreeMap::new();
    for d in diags.iter() {
        let fatal =
            crate::registry::get(d.code).is_some_and(|c| c.origin == Origin::Load && !c.adjustable);
        if fatal {
            *out.entry(ws.sources.get(d.span.file).path.clone())
                .or_default() += 1;
        }
    }
    out
}

/// The buffers over `fs`.
fn overlay<'a>(fs: &'a dyn FileSystem, buffers: &BTreeMap<PathBuf, String>) -> Overlay<'a> {
    let mut o = Overlay::over(fs);
    for (p, text) in buffers {
        o.insert(p, text.as_bytes());
    }
    o
}

/// Whether the file at `path` (as the source map names it) loads no worse with `buffers`
/// than `before` says it did.
fn loads(
    fs: &dyn FileSystem,
    root: &Path,
    buffers: &BTreeMap<PathBuf, String>,
    path: &Path,
    before: &BTreeMap<PathBuf, usize>,
) -> bool {
    let Ok((ws, diags)) = crate::load::load_from(&overlay(fs, buffers), root) else {
        return false;
    };
    let after = load_failures(&ws, &diags);
    after.get(path).copied().unwrap_or(0) <= before.get(path).copied().unwrap_or(0)
}

/// Apply the fixes of the workspace at `root` (safe ones; unsafe ones too with
/// `unsafe_fixes`) in memory, pass after pass, and check the result.
pub fn fix_workspace(
    fs: &dyn FileSystem,
    root: &Path,
    unsafe_fixes: bool,
) -> Result<Outcome, LoadError> {
    fix_with(fs, root, unsafe_fixes, &crate::check_workspace_from)
}

/// How a workspace is loaded and checked: [`crate::check_workspace_from`], or in tests a
/// check that adds fixes of its own.
type Checker = dyn Fn(&dyn FileSystem, &Path) -> Result<(Workspace, Diagnostics), LoadError>;

/// [`fix_workspace`] with the check `check`.
fn fix_with(
    fs: &dyn FileSystem,
    root: &Path,
    unsafe_fixes: bool,
    check: &Checker,
) -> Result<Outcome, LoadError> {
    // Fixed texts by full path, and the original texts with their source-map paths.
    let mut buffers: BTreeMap<PathBuf, String> = BTreeMap::new();
    let mut originals: BTreeMap<PathBuf, (PathBuf, String)> = BTreeMap::new();
    let mut applied: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut refused: BTreeMap<&'static str, usize> = BTreeMap::new();
    // Fixes refused once are not tried again: (file, code, diagnostic message, fix message).
    let mut never: BTreeSet<(PathBuf, &'static str, String, String)> = BTreeSet::new();
    let mut pass = 0;
    loop {
        let (ws, diags) = check(&overlay(fs, &buffers), root)?;
        let before = load_failures(&ws, &diags);
        let key = |d: &Diagnostic| {
            let path = ws.sources.get(d.span.file).path.clone();
            let fix = d.fix.as_ref().map_or(String::new(), |f| f.message.clone());
            (path, d.code, d.message.clone(), fix)
        };
        let chosen = select(
            diags.iter().filter(|d| !never.contains(&key(d))),
            unsafe_fixes,
        );
        if chosen.is_empty() || pass == MAX_PASSES {
            let changes = originals
                .into_iter()
                .filter_map(|(full, (path, before))| {
                    let after = buffers.remove(&full)?;
                    (after != before).then_some(FileChange {
                        path,
                        full_path: full,
                        before,
                        after,
                    })
                })
                .collect();
            return Ok(Outcome {
                changes,
                applied,
                refused,
                ws,
                diags,
            });
        }
        pass += 1;
        // All files at once; a file that then fails to load is redone fix by fix.
        let mut candidate = buffers.clone();
        let mut files = Vec::new();
        for (&file, fixes) in &chosen {
            let src = ws.sources.get(file);
            let full = root.join(&src.path);
            let Some(text) = apply_edits(&src.text, &edits_of(fixes)) else {
                continue;
            };
            originals
                .entry(full.clone())
                .or_insert_with(|| (src.path.clone(), src.text.clone()));
            candidate.insert(full.clone(), text);
            files.push((file, full));
        }
        let all_load = crate::load::load_from(&overlay(fs, &candidate), root)
            .map(|(w, d)| load_failures(&w, &d))
            .ok();
        for (file, full) in files {
            let src = ws.sources.get(file);
            let fixes = &chosen[&file];
            let ok = all_load.as_ref().is_some_and(|after| {
                after.get(&src.path).copied().unwrap_or(0)
                    <= before.get(&src.path).copied().unwrap_or(0)
            });
            if ok {
                let text = candidate[&full].clone();
                buffers.insert(full, text);
                for (code, _) in fixes {
                    *applied.entry(code).or_default() += 1;
                }
                continue;
            }
            // One by one from the last, so that the offsets of the earlier ones still hold.
            let mut text = src.text.clone();
            for (code, fix) in fixes.iter().rev() {
                let Some(next) = apply_edits(&text, &edits_of(&[(code, fix)])) else {
                    continue;
                };
                let mut trial = buffers.clone();
                trial.insert(full.clone(), next.clone());
                if loads(fs, root, &trial, &src.path, &before) {
                    text = next;
                    *applied.entry(code).or_default() += 1;
                } else {
                    *refused.entry(code).or_default() += 1;
                    let d = diags.iter().find(|d| d.fix.as_ref() == Some(*fix));
                    if let Some(d) = d {
                        never.insert(key(d));
                    }
                }
            }
            buffers.insert(full, text);
        }
        // After refusals only, the next pass finds nothing new to try and ends.
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    fn edit(start: usize, end: usize, r: &str) -> Edit {
        Edit {
            span: Span::new(FileId(0), start..end),
            replacement: r.to_string(),
        }
    }

    #[test]
    fn edits_apply_by_span_and_overlaps_are_left_out() {
        let (a, b) = (edit(0, 1, "X"), edit(3, 5, ""));
        assert_eq!(apply_edits("abcdefg", &[&a, &b]).as_deref(), Some("Xbcfg"));
        assert_eq!(apply_edits("ab", &[&edit(1, 9, "")]), None);
        let fix = |e: Edit| Fix {
            edits: vec![e],
            safety: Applicability::Safe,
            message: String::new(),
        };
        let d = |e: Edit, safety| {
            let mut f = fix(e.clone());
            f.safety = safety;
            Diagnostic::warning("T009", e.span, "x").with_fix(f)
        };
        let diags = [
            d(edit(4, 6, ""), Applicability::Safe),
            d(edit(5, 7, "y"), Applicability::Safe),
            d(edit(0, 1, "z"), Applicability::Unsafe),
        ];
        let safe = select(&diags, false);
        assert_eq!(safe[&FileId(0)].len(), 1);
        assert_eq!(safe[&FileId(0)][0].1.edits[0].span.start, 4);
        let all = select(&diags, true);
        assert_eq!(all[&FileId(0)].len(), 2);
    }

    /// A check that also offers, in every pass, a fix deleting the `: ` after the chapter's
    /// `title` key (the file would no longer parse), next to a real T009 fix in the same file:
    /// the first is refused, the second written.
    #[test]
    fn a_fix_that_breaks_loading_is_refused_and_the_others_kept() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("plans/p/chapters")).unwrap();
        let base =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules/_base");
        for e in walkdir::WalkDir::new(&base) {
            let e = e.unwrap();
            let to = root.join(e.path().strip_prefix(&base).unwrap());
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(e.path(), &to).unwrap();
            }
        }
        let chapter = root.join("plans/p/chapters/01-背景.yaml");
        let mut text = std::fs::read_to_string(&chapter).unwrap();
        text.push_str("      - 到 2025年建成。\n");
        std::fs::write(&chapter, &text).unwrap();
        let breaking = |fs: &dyn FileSystem, root: &Path| {
            let (ws, mut diags) = crate::check_workspace_from(fs, root)?;
            let (id, src) = (0..ws.sources.len())
                .map(|i| (FileId(i as u32), ws.sources.get(FileId(i as u32))))
                .find(|(_, f)| f.path.ends_with("01-背景.yaml"))
                .unwrap();
            if let Some(at) = src.text.find("title: ") {
                let span = Span::new(id, at + 5..at + 7);
                diags.push(Diagnostic::warning("T006", span, "x").with_fix(Fix {
                    edits: vec![Edit {
                        span,
                        replacement: String::new(),
                    }],
                    safety: Applicability::Safe,
                    message: "breaks".into(),
                }));
            }
            Ok((ws, diags))
        };
        let out = fix_with(&crate::files::Disk, root, false, &breaking).unwrap();
        assert_eq!(out.refused.get("T006"), Some(&1));
        assert_eq!(out.applied.get("T009"), Some(&1));
        assert_eq!(out.changes.len(), 1);
        assert!(out.changes[0].after.contains("title: 规划背景"));
        assert!(out.changes[0].after.contains("- 到2025年建成。"));
        assert_eq!(out.changes[0].after.len(), text.len() - 1);
    }
}
