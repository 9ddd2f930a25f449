//! Where the loader's bytes come from, as typst's `World` does it: the loader asks a
//! [`FileSystem`] for a directory's entries and a file's bytes and never calls `std::fs`
//! itself. [`Disk`] reads the disk. [`Overlay`] puts in-memory buffers over another file
//! system (or over nothing): the editor's unsaved buffers for the language server and the
//! preview server, or a draft imported in memory that `guihua check 规划.docx` loads
//! without writing a temporary workspace.

use std::collections::BTreeMap;
use std::io;
use std::path::{Component, Path, PathBuf};

/// What a path names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    File,
    Dir,
}

/// Read access to a tree of files. Paths are as the loader builds them (the workspace root
/// joined with relative paths); implementations compare them after removing `.` parts.
pub trait FileSystem {
    /// The whole content of a file.
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;
    /// Whether `path` is a file, a directory, or nothing.
    fn kind(&self, path: &Path) -> Option<Kind>;
    /// The entries directly inside `dir`, as full paths, sorted by file name.
    fn entries(&self, dir: &Path) -> io::Result<Vec<PathBuf>>;

    fn is_file(&self, path: &Path) -> bool {
        self.kind(path) == Some(Kind::File)
    }

    fn is_dir(&self, path: &Path) -> bool {
        self.kind(path) == Some(Kind::Dir)
    }
}

/// The disk, through `std::fs`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Disk;

impl FileSystem for Disk {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        std::fs::read(path)
    }

    fn kind(&self, path: &Path) -> Option<Kind> {
        let meta = std::fs::metadata(path).ok()?;
        if meta.is_dir() {
            Some(Kind::Dir)
        } else if meta.is_file() {
            Some(Kind::File)
        } else {
            None
        }
    }

    fn entries(&self, dir: &Path) -> io::Result<Vec<PathBuf>> {
        // An entry that cannot be read is skipped, as a listing in a file manager would.
        let mut out: Vec<PathBuf> = std::fs::read_dir(dir)?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        out.sort();
        Ok(out)
    }
}

/// `a/./b` → `a/b`; `..` is kept (the loader never builds it, and resolving it without the
/// disk could name a different file than the disk would).
fn normal(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect()
}

/// In-memory files over a base file system: a buffer hides the base's file at its path, and
/// the directories above a buffer exist even when the base has no such directory.
pub struct Overlay<'a> {
    base: Option<&'a dyn FileSystem>,
    buffers: BTreeMap<PathBuf, Vec<u8>>,
}

impl<'a> Overlay<'a> {
    /// Buffers over `base`.
    pub fn over(base: &'a dyn FileSystem) -> Overlay<'a> {
        Overlay {
            base: Some(base),
            buffers: BTreeMap::new(),
        }
    }

    /// Buffers over nothing: only what is put in exists.
    pub fn in_memory() -> Overlay<'static> {
        Overlay {
            base: None,
            buffers: BTreeMap::new(),
        }
    }

    /// Put `bytes` at `path`, replacing the buffer or hiding the base's file there.
    pub fn insert(&mut self, path: impl AsRef<Path>, bytes: impl Into<Vec<u8>>) {
        self.buffers.insert(normal(path.as_ref()), bytes.into());
    }

    /// Drop the buffer at `path` (the base's file, if any, shows again).
    pub fn remove(&mut self, path: &Path) -> Option<Vec<u8>> {
        self.buffers.remove(&normal(path))
    }

    fn has_buffer_below(&self, dir: &Path) -> bool {
        self.buffers
            .range(dir.to_path_buf()..)
            .next()
            .is_some_and(|(p, _)| p != dir && p.starts_with(dir))
    }
}

impl FileSystem for Overlay<'_> {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        if let Some(b) = self.buffers.get(&normal(path)) {
            return Ok(b.clone());
        }
        match self.base {
            Some(base) => base.read(path),
            None => Err(io::Error::new(io::ErrorKind::NotFound, "没有这个文件")),
        }
    }

    fn kind(&self, path: &Path) -> Option<Kind> {
        let p = normal(path);
        if self.buffers.contains_key(&p) {
            return Some(Kind::File);
        }
        if self.has_buffer_below(&p) {
            return Some(Kind::Dir);
        }
        self.base.and_then(|b| b.kind(path))
    }

    fn entries(&self, dir: &Path) -> io::Result<Vec<PathBuf>> {
        let d = normal(dir);
        let mut out: Vec<PathBuf> = match self.base {
            Some(base) if base.is_dir(dir) => {
                base.entries(dir)?.iter().map(|p| normal(p)).collect()
            }
            _ if self.has_buffer_below(&d) => Vec::new(),
            _ => return Err(io::Error::new(io::ErrorKind::NotFound, "没有这个目录")),
        };
        for p in self
            .buffers
            .keys()
            .filter(|p| p.starts_with(&d) && **p != d)
        {
            if let Some(first) = p.strip_prefix(&d).ok().and_then(|r| r.components().next()) {
                out.push(d.join(first));
            }
        }
        out.sort();
        out.dedup();
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlay_in_memory_has_directories_above_buffers() {
        let mut fs = Overlay::in_memory();
        fs.insert("/ws/plans/a/plan.yaml", "title: x");
        fs.insert("/ws/./plans/a/chapters/01.yaml", "title: y");
        fs.insert("/ws/plans/b/plan.yaml", "");
        assert!(fs.is_dir(Path::new("/ws/plans")));
        assert!(fs.is_file(Path::new("/ws/plans/a/chapters/01.yaml")));
        assert_eq!(fs.kind(Path::new("/ws/plan")), None);
        assert_eq!(
            fs.entries(Path::new("/ws/plans")).unwrap(),
            vec![PathBuf::from("/ws/plans/a"), PathBuf::from("/ws/plans/b")]
        );
        assert_eq!(
            fs.entries(Path::new("/ws/plans/a")).unwrap(),
            vec![
                PathBuf::from("/ws/plans/a/chapters"),
                PathBuf::from("/ws/plans/a/plan.yaml")
            ]
        );
        assert_eq!(
            fs.read(Path::new("/ws/plans/a/plan.yaml")).unwrap(),
            b"title: x"
        );
        assert!(fs.read(Path::new("/ws/plans/c/plan.yaml")).is_err());
        assert!(fs.entries(Path::new("/elsewhere")).is_err());
    }

    #[test]
    fn overlay_hides_and_adds_over_the_disk() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.yaml"), "disk").unwrap();
        std::fs::write(dir.path().join("c.yaml"), "disk c").unwrap();
        let mut fs = Overlay::over(&Disk);
        fs.insert(dir.path().join("a.yaml"), "buffer");
        fs.insert(dir.path().join("b.yaml"), "new");
        assert_eq!(fs.read(&dir.path().join("a.yaml")).unwrap(), b"buffer");
        assert_eq!(fs.read(&dir.path().join("c.yaml")).unwrap(), b"disk c");
        let names: Vec<String> = fs
            .entries(dir.path())
            .unwrap()
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.yaml", "b.yaml", "c.yaml"]);
        fs.remove(&dir.path().join("a.yaml"));
        assert_eq!(fs.read(&dir.path().join("a.yaml")).unwrap(), b"disk");
    }
}
