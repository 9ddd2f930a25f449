//! HTML: pages for plans, diffs and release pages, and the workspace index. A plan page links
//! to its other formats and to the index; plan pages and the index load the web fonts from a
//! `fonts/` directory that [`Outputs::html_assets`] writes beside them.

use std::path::{Component, Path, PathBuf};

use super::{Document, File, Format, Job, Outputs, RenderFailure, Renderer};
use crate::render::html::{OutputLink, PageLinks, WEB_FONTS};

pub struct Html;

/// Where the HTML pages of one command find the rest of the site. Paths are in the same
/// terms as the jobs' paths (both under the output directory, or both relative to the page
/// root), so that a page's links are relative URLs.
#[derive(Default)]
pub struct HtmlSite {
    /// The directory of the web fonts; none: pages name the fonts but load none.
    pub fonts: Option<PathBuf>,
    /// The workspace's index page.
    pub index: Option<PathBuf>,
}

/// The relative URL from the directory `from` to `to`: `../fonts`, `index.html`.
fn relative_url(from: &Path, to: &Path) -> String {
    let parts = |p: &Path| -> Vec<String> {
        p.components()
            .filter(|c| !matches!(c, Component::CurDir))
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect()
    };
    let (from, to) = (parts(from), parts(to));
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut url: Vec<String> = vec!["..".to_string(); from.len() - common];
    url.extend(to[common..].iter().cloned());
    url.join("/")
}

impl Html {
    /// What the page at `path` links to: its fonts, the job's files in the other formats of
    /// `formats`, and the index.
    fn links(outputs: &Outputs, job: &Job, formats: &[Format]) -> PageLinks {
        let path = job.path(Format::Html);
        let dir = path.parent().unwrap_or(Path::new(""));
        let site = &outputs.html;
        let fonts = site.fonts.as_ref().map_or_else(Vec::new, |f| {
            let url = relative_url(dir, f);
            PageLinks::fonts_at(&if url.is_empty() { url } else { url + "/" })
        });
        let formats = formats
            .iter()
            .filter(|f| **f != Format::Html)
            .map(|f| OutputLink {
                name: f.renderer().name(),
                href: relative_url(dir, &job.path(*f)),
            })
            .collect();
        let index = site.index.as_ref().map(|i| relative_url(dir, i));
        PageLinks {
            fonts,
            formats,
            index,
        }
    }
}

impl Renderer for Html {
    fn name(&self) -> &'static str {
        "HTML"
    }

    fn extension(&self) -> &'static str {
        "html"
    }

    fn accepts(&self, document: &Document) -> bool {
        !matches!(document, Document::Revision { .. })
    }

    fn render(&self, outputs: &Outputs, document: &Document) -> Result<Vec<u8>, RenderFailure> {
        Html::page(outputs, document, &PageLinks::default())
    }

    fn render_job(&self, o: &Outputs, job: &Job, f: &[Format]) -> Result<Vec<u8>, RenderFailure> {
        let page = match &job.document {
            Document::Plan { .. } => Html::links(o, job, f),
            // The index, the notice, the comment form and the 修订对照表 link nothing but
            // their fonts.
            Document::Index(_) | Document::Page { .. } | Document::Diff { .. } => PageLinks {
                fonts: Html::links(o, job, &[]).fonts,
                ..PageLinks::default()
            },
            Document::Revision { .. } => PageLinks::default(),
        };
        Html::page(o, &job.document, &page)
    }
}

impl Html {
    fn page(
        outputs: &Outputs,
        document: &Document,
        page: &PageLinks,
    ) -> Result<Vec<u8>, RenderFailure> {
        let engine = &outputs.engine;
        let text = match document {
            Document::Plan { view, .. } => crate::render::html::render_plan(engine, view, page),
            Document::Diff { diff, .. } => crate::diff::render_html(engine, diff, page),
            Document::Page { .. } => super::tera_page(engine, document, "html", Some(page)),
            Document::Index(entries) => crate::render::html::render_index(engine, entries, page),
            Document::Revision { .. } => Ok(String::new()),
        };
        text.map(String::into_bytes).map_err(RenderFailure::message)
    }
}

impl Outputs {
    /// The web fonts, as files in the fonts directory, when `files` hold an HTML page and
    /// the pages have a fonts directory; none otherwise.
    pub fn html_assets(&self, files: &[File]) -> Vec<File> {
        let Some(dir) = &self.html.fonts else {
            return Vec::new();
        };
        if !files.iter().any(|f| f.format == Format::Html) {
            return Vec::new();
        }
        WEB_FONTS
            .iter()
            .map(|f| File {
                path: dir.join(f.file),
                bytes: f.bytes.to_vec(),
                format: Format::Html,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::relative_url;
    use std::path::Path;

    #[test]
    fn relative_urls() {
        let r = |a: &str, b: &str| relative_url(Path::new(a), Path::new(b));
        assert_eq!(r("out/p", "out/fonts"), "../fonts");
        assert_eq!(r("out", "out/fonts"), "fonts");
        assert_eq!(r("out/p", "out/p/p.pdf"), "p.pdf");
        assert_eq!(r("", "fonts"), "fonts");
        assert_eq!(r("", "../index.html"), "../index.html");
        assert_eq!(r("/a/b/c", "/a/d"), "../../d");
    }
}
