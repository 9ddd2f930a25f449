//! The Typst world of one plan: the template as the main source, the plan's data as one
//! virtual JSON file, the fonts, a fixed date. Nothing else exists: any other path, and any
//! package, is refused, so a template cannot read the file system.

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World};

use super::fonts::FontSet;

/// Where the template finds its data: `json("/guihua-data.json")`.
pub const DATA_PATH: &str = "/guihua-data.json";
/// The template's own path (for messages: the built-in is templates/plan.typ).
pub const MAIN_PATH: &str = "/plan.typ";

pub fn file_id(path: &str) -> Result<FileId, String> {
    let vpath =
        VirtualPath::new(path).map_err(|e| format!("内部错误：虚拟路径 {path} 无效：{e:?}"))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

pub struct PlanWorld<'a> {
    library: &'a LazyHash<Library>,
    fonts: &'a FontSet,
    main: Source,
    data_id: FileId,
    data: Bytes,
    today: Option<Datetime>,
}

impl<'a> PlanWorld<'a> {
    pub fn new(
        library: &'a LazyHash<Library>,
        fonts: &'a FontSet,
        template: &str,
        data: Vec<u8>,
        today: Option<Datetime>,
    ) -> Result<PlanWorld<'a>, String> {
        Ok(PlanWorld {
            library,
            fonts,
            main: Source::new(file_id(MAIN_PATH)?, template.to_string()),
            data_id: file_id(DATA_PATH)?,
            data: Bytes::new(data),
            today,
        })
    }

    pub fn main_source(&self) -> &Source {
        &self.main
    }
}

impl World for PlanWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else if id == self.data_id {
            Err(FileError::NotSource)
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else if id == self.main.id() {
            Ok(Bytes::from_string(self.main.clone()))
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}
