//! HTML: one page per plan (CSS and script inline), and an index page for the workspace. The
//! pages fetch nothing from the network; the only files they load are the web fonts, by a
//! relative URL, from the `fonts/` directory written beside them (see [`WEB_FONTS`]). All
//! author text reaches the page through tera's HTML autoescaping; templates never mark it safe.

use std::sync::OnceLock;

use super::engine::{Engine, context};
use super::view::PlanView;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// A bundled font as a web font: one `@font-face` of the pages.
pub struct WebFont {
    /// The CSS family the templates name (style.css: --song, --hei, --kai …).
    pub family: &'static str,
    /// The CSS `font-weight` of the face: one weight, or a range the face serves unchanged
    /// (the 黑体 and 楷体 have one weight; a range stops the browser faking bold).
    pub weight: &'static str,
    /// The file name under `fonts/`.
    pub file: &'static str,
    pub bytes: &'static [u8],
}

macro_rules! web_font {
    ($family:literal, $weight:literal, $file:literal) => {
        WebFont {
            family: $family,
            weight: $weight,
            file: $file,
            bytes: include_bytes!(concat!("../../fonts/web/", $file)),
        }
    };
}

/// The WOFF2 re-encodings of the bundled subsets (fonts/web/, made by
/// scripts/fonts/webfonts.py). Bold is the serif's own Bold, as in the PDF, not a faked one.
pub const WEB_FONTS: &[WebFont] = &[
    web_font!("guihua-song", "400", "NotoSerifCJKsc-Regular-guihua.woff2"),
    web_font!("guihua-song", "700", "NotoSerifCJKsc-Bold-guihua.woff2"),
    web_font!("guihua-hei", "100 900", "NotoSansCJKsc-Medium-guihua.woff2"),
    web_font!("guihua-kai", "100 900", "GuihuaWenKai-Regular.woff2"),
];

/// The first 12 hex digits of each web font's sha256, in [`WEB_FONTS`] order: appended to
/// the font URLs (`?v=…`), so a font that changes is fetched again despite long caching.
fn font_versions() -> &'static [String] {
    static VERSIONS: OnceLock<Vec<String>> = OnceLock::new();
    VERSIONS.get_or_init(|| {
        WEB_FONTS
            .iter()
            .map(|f| {
                Sha256::digest(f.bytes)
                    .iter()
                    .take(6)
                    .map(|b| format!("{b:02x}"))
                    .collect()
            })
            .collect()
    })
}

/// One `@font-face` as the templates receive it.
#[derive(Serialize)]
pub struct FontFace {
    pub family: &'static str,
    pub weight: &'static str,
    /// Relative to the page, e.g. `../fonts/GuihuaWenKai-Regular.woff2?v=…`.
    pub url: String,
}

/// What a page knows of the site around it.
#[derive(Serialize, Default)]
pub struct PageLinks {
    /// The web fonts (none when the page is rendered without its fonts directory).
    pub fonts: Vec<FontFace>,
    /// The same document in the other formats built with it: the format's name and a link.
    pub formats: Vec<OutputLink>,
    /// The workspace's index page, when there is one.
    pub index: Option<String>,
}

impl PageLinks {
    /// The font faces of a page whose fonts directory is `dir_url` (a relative URL, ending
    /// in `/` unless empty).
    pub fn fonts_at(dir_url: &str) -> Vec<FontFace> {
        WEB_FONTS
            .iter()
            .zip(font_versions())
            .map(|(f, v)| FontFace {
                family: f.family,
                weight: f.weight,
                url: format!("{dir_url}{}?v={v}", f.file),
            })
            .collect()
    }
}

fn page_context(key: &str, value: &(impl Serialize + ?Sized), page: &PageLinks) -> tera::Context {
    let mut ctx = context(key, value);
    ctx.insert("page", page);
    ctx
}

pub fn render_plan(engine: &Engine, view: &PlanView, page: &PageLinks) -> Result<String, String> {
    engine.render("plan.html", &page_context("plan", view, page))
}

/// A plan on the index page: its view's fields (id, title, stage, period, region, issuer,
/// date …) and links to what was built.
#[derive(Serialize)]
pub struct IndexEntry<'a> {
    #[serde(flatten)]
    pub plan: &'a PlanView,
    /// Every output built, in registry order: the format's name and a relative link.
    pub outputs: Vec<OutputLink>,
    /// The same links by extension, for templates written before `outputs`.
    pub html: Option<String>,
    pub md: Option<String>,
    pub pdf: Option<String>,
}

#[derive(Serialize)]
pub struct OutputLink {
    pub name: &'static str,
    pub href: String,
}

impl IndexEntry<'_> {
    /// Link the output `name` (a format's name) with this extension.
    pub fn link(&mut self, name: &'static str, extension: &str, link: String) {
        match extension {
            "html" => self.html = Some(link.clone()),
            "md" => self.md = Some(link.clone()),
            "pdf" => self.pdf = Some(link.clone()),
            _ => {}
        }
        self.outputs.push(OutputLink { name, href: link });
    }
}

pub fn render_index(
    engine: &Engine,
    entries: &[IndexEntry],
    page: &PageLinks,
) -> Result<String, String> {
    engine.render("index.html", &page_context("plans", entries, page))
}
