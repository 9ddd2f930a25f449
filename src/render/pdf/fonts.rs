//! Fonts for the PDF: the bundled OFL subsets (compiled into the binary), the fonts installed
//! on the machine, and one fallback chain per [`FontRole`].
//!
//! The bundled fonts are pushed into the font book first. When an installed font has the same
//! family name (a full Noto CJK, say), Typst's selection keeps the first of equally good
//! matches, so the default output is the same on every machine unless an official font
//! (仿宋_GB2312, 黑体 …) is installed, which is then preferred on purpose.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook, FontInfo, FontStretch, FontStyle, FontVariant, FontWeight};
use typst::utils::LazyHash;

use crate::model::{Config, FontRole};

/// The bundled OFL fonts (subsets made for guihua; see fonts/README.md).
const BUNDLED: &[(&str, &[u8])] = &[
    (
        "NotoSerifCJKsc-Regular-guihua.otf",
        include_bytes!("../../../fonts/NotoSerifCJKsc-Regular-guihua.otf"),
    ),
    (
        "NotoSerifCJKsc-Bold-guihua.otf",
        include_bytes!("../../../fonts/NotoSerifCJKsc-Bold-guihua.otf"),
    ),
    (
        "NotoSansCJKsc-Medium-guihua.otf",
        include_bytes!("../../../fonts/NotoSansCJKsc-Medium-guihua.otf"),
    ),
    (
        "GuihuaWenKai-Regular.ttf",
        include_bytes!("../../../fonts/GuihuaWenKai-Regular.ttf"),
    ),
];

/// Set this environment variable to `1` to ignore installed fonts (as on a machine without
/// any CJK font); the bundled fonts are always available.
pub const NO_SYSTEM_FONTS_ENV: &str = "GUIHUA_NO_SYSTEM_FONTS";

/// More font directories, separated as PATH is (`:` on Unix): searched like the installed
/// fonts, even when those are ignored.
pub const FONT_PATH_ENV: &str = "GUIHUA_FONT_PATH";

/// Where TeX Live keeps the open Fandol fonts (Debian's texlive-lang-chinese, MacTeX): their
/// 仿宋 is the open stand-in for 仿宋_GB2312 when no official font is installed. Fontconfig
/// does not list these directories.
const TEX_FONT_DIRS: &[&str] = &[
    "/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol",
    "/usr/share/texmf/fonts/opentype/public/fandol",
    "/Library/TeX/Root/texmf-dist/fonts/opentype/public/fandol",
];

/// The official font names tried first for a role, then the bundled stand-in.
fn default_chain(role: FontRole) -> &'static [&'static str] {
    match role {
        FontRole::Title => &[
            "方正小标宋简体",
            "方正小标宋_GBK",
            "FZXiaoBiaoSong-B05S",
            "FZXiaoBiaoSong-B05",
            "小标宋",
        ],
        FontRole::Heading => &[
            "黑体",
            "SimHei",
            "方正黑体简体",
            "方正黑体_GBK",
            "华文黑体",
            "STHeiti",
        ],
        FontRole::Kai => &[
            "楷体_GB2312",
            "KaiTi_GB2312",
            "楷体",
            "KaiTi",
            "华文楷体",
            "STKaiti",
        ],
        FontRole::Body => &[
            "仿宋_GB2312",
            "FangSong_GB2312",
            "仿宋",
            "FangSong",
            "华文仿宋",
            "STFangsong",
            // Open (GPL with a font exception for documents), from TeX Live; it lacks the
            // 通用规范汉字表 characters outside GB 2312, which the bundled font then serves.
            "FandolFang",
        ],
        FontRole::Song => &["宋体", "SimSun", "华文宋体", "STSong"],
    }
}

/// The bundled family that stands in for a role, always last in its chain.
pub fn stand_in(role: FontRole) -> &'static str {
    match role {
        FontRole::Title | FontRole::Body | FontRole::Song => "Noto Serif CJK SC",
        FontRole::Heading => "Noto Sans CJK SC",
        FontRole::Kai => "Guihua WenKai",
    }
}

/// The weight a role is set in. 小标宋 is a single heavy face: the bundled stand-in is the
/// bold Noto Serif. The bundled 黑体 stand-in is Noto Sans Medium; asking for 500 keeps it
/// ahead of an installed Noto Sans Regular of the same family name.
fn role_weight(role: FontRole) -> u16 {
    match role {
        FontRole::Title => 700,
        FontRole::Heading => 500,
        FontRole::Kai | FontRole::Body | FontRole::Song => 400,
    }
}

fn variant(weight: u16) -> FontVariant {
    FontVariant::new(
        FontStyle::Normal,
        FontWeight::from_number(weight),
        FontStretch::NORMAL,
    )
}

enum Source {
    Bundled(&'static [u8], u32),
    File(PathBuf, u32),
}

/// A font known to the book, loaded on first use.
struct Slot {
    source: Source,
    font: OnceLock<Option<Font>>,
}

impl Slot {
    fn get(&self) -> Option<Font> {
        self.font
            .get_or_init(|| match &self.source {
                Source::Bundled(data, index) => Font::new(Bytes::new(*data), *index),
                Source::File(path, index) => {
                    let data = std::fs::read(path).ok()?;
                    Font::new(Bytes::new(data), *index)
                }
            })
            .clone()
    }
}

/// The fonts serving one role.
#[derive(Clone, Debug)]
pub struct RoleFonts {
    pub role: FontRole,
    /// Typst family names actually available, in fallback order; the bundled stand-in last.
    pub families: Vec<String>,
    /// Names from the chain that no installed or bundled font answers to.
    pub missing: Vec<String>,
    /// Whether the family serving the role is a bundled font.
    pub bundled: bool,
    /// Per family: whether it is one of the bundled fonts.
    pub builtin: Vec<bool>,
    /// Whether the serving family has a bold face (otherwise bold is drawn with a stroke).
    pub has_bold: bool,
    pub weight: u16,
    /// Font indices (one per family) whose coverage decides whether a character prints.
    indices: Vec<usize>,
}

impl RoleFonts {
    /// The family that serves the role (the first available in its chain).
    pub fn served_by(&self) -> &str {
        self.families.first().map_or("", String::as_str)
    }

    /// Family names for messages, the bundled ones marked.
    pub fn tried(&self) -> String {
        self.families
            .iter()
            .zip(&self.builtin)
            .map(|(f, &b)| {
                if b {
                    format!("{f}（内置）")
                } else {
                    f.clone()
                }
            })
            .collect::<Vec<_>>()
            .join("、")
    }
}

/// Every font the PDF may use, and the chains chosen per role.
pub struct FontSet {
    book: LazyHash<FontBook>,
    slots: Vec<Slot>,
    pub roles: Vec<RoleFonts>,
}

impl FontSet {
    /// The bundled fonts, then (unless disabled) the installed ones; chains from the config.
    pub fn load(config: &Config) -> Result<FontSet, String> {
        let system = std::env::var(NO_SYSTEM_FONTS_ENV).map_or(true, |v| v.is_empty() || v == "0");
        Self::load_with(config, system)
    }

    pub fn load_with(config: &Config, system: bool) -> Result<FontSet, String> {
        let mut book = FontBook::new();
        let mut slots = Vec::new();
        // Lower-cased name (any language, PostScript name) → Typst family name.
        let mut aliases: HashMap<String, String> = HashMap::new();
        for (file, data) in BUNDLED {
            let mut any = false;
            for (index, info) in FontInfo::iter(data).enumerate() {
                aliases.insert(info.family.to_lowercase(), info.family.clone());
                book.push(info);
                slots.push(Slot {
                    source: Source::Bundled(data, index as u32),
                    font: OnceLock::new(),
                });
                any = true;
            }
            if !any {
                return Err(format!("内置字体 {file} 无法读取"));
            }
        }
        // Book indices below this are the bundled fonts.
        let bundled_faces = slots.len();
        let extra: Vec<PathBuf> = std::env::var_os(FONT_PATH_ENV)
            .map(|v| std::env::split_paths(&v).collect())
            .unwrap_or_default();
        if system || !extra.is_empty() {
            let mut db = fontdb::Database::new();
            if system {
                db.load_system_fonts();
                for dir in TEX_FONT_DIRS {
                    db.load_fonts_dir(dir);
                }
            }
            for dir in &extra {
                db.load_fonts_dir(dir);
            }
            let mut faces: Vec<_> = db.faces().collect();
            // fontdb's order follows the directory walk; sort so the book is the same
            // whatever order the file system returns.
            faces.sort_by(|a, b| {
                source_key(&a.source)
                    .cmp(&source_key(&b.source))
                    .then(a.index.cmp(&b.index))
            });
            // Only faces a role asks for join the book: the PDF uses exactly the fonts the
            // chains name (and the bundled ones), whatever else is installed; and reading
            // the coverage of every installed font would be most of the start-up time.
            let wanted: Vec<String> = FontRole::ALL
                .into_iter()
                .flat_map(|role| chain(config, role))
                .map(|n| n.to_lowercase())
                .collect();
            let asked_for = |face: &fontdb::FaceInfo| {
                let names = face
                    .families
                    .iter()
                    .map(|(n, _)| n.as_str())
                    .chain([face.post_script_name.as_str()]);
                names.map(str::to_lowercase).any(|n| {
                    wanted.iter().any(|w| {
                        n.strip_prefix(w.as_str())
                            .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
                    })
                })
            };
            for face in faces.into_iter().filter(|f| asked_for(f)) {
                let path = match &face.source {
                    fontdb::Source::File(p) | fontdb::Source::SharedFile(p, _) => p.clone(),
                    fontdb::Source::Binary(_) => continue,
                };
                let Some(Some(info)) = db.with_face_data(face.id, FontInfo::new) else {
                    continue;
                };
                for (name, _) in &face.families {
                    aliases
                        .entry(name.to_lowercase())
                        .or_insert_with(|| info.family.clone());
                }
                aliases
                    .entry(face.post_script_name.to_lowercase())
                    .or_insert_with(|| info.family.clone());
                aliases
                    .entry(info.family.to_lowercase())
                    .or_insert_with(|| info.family.clone());
                book.push(info);
                slots.push(Slot {
                    source: Source::File(path, face.index),
                    font: OnceLock::new(),
                });
            }
        }
        let roles = FontRole::ALL
            .into_iter()
            .map(|role| resolve_role(&book, &aliases, config, role, bundled_faces))
            .collect();
        Ok(FontSet {
            book: LazyHash::new(book),
            slots,
            roles,
        })
    }

    pub fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    pub fn font(&self, index: usize) -> Option<Font> {
        self.slots.get(index)?.get()
    }

    pub fn role(&self, role: FontRole) -> &RoleFonts {
        // Every role is resolved in `load_with`.
        self.roles
            .iter()
            .find(|r| r.role == role)
            .unwrap_or(&self.roles[0])
    }

    /// Whether some font of the role's chain has a glyph for `c`.
    pub fn covers(&self, role: FontRole, c: char) -> bool {
        self.role(role).indices.iter().any(|&i| {
            self.book
                .info(i)
                .is_some_and(|info| info.coverage.contains(c as u32))
        })
    }
}

fn source_key(s: &fontdb::Source) -> Option<&std::path::Path> {
    match s {
        fontdb::Source::File(p) | fontdb::Source::SharedFile(p, _) => Some(p.as_path()),
        fontdb::Source::Binary(_) => None,
    }
}

/// The names a role tries, from guihua.yaml `fonts:` or the defaults (without the stand-in).
pub fn chain(config: &Config, role: FontRole) -> Vec<String> {
    match config.fonts.iter().find(|(r, _)| *r == role) {
        Some((_, names)) => names
            .iter()
            .map(|t| t.value.trim().to_string())
            .filter(|n| !n.is_empty())
            .collect(),
        None => default_chain(role).iter().map(|s| s.to_string()).collect(),
    }
}

fn resolve_role(
    book: &FontBook,
    aliases: &HashMap<String, String>,
    config: &Config,
    role: FontRole,
    bundled_faces: usize,
) -> RoleFonts {
    let chain = chain(config, role);
    let weight = role_weight(role);
    let mut families: Vec<String> = Vec::new();
    let mut indices = Vec::new();
    let mut missing = Vec::new();
    let add = |family: &str, families: &mut Vec<String>, indices: &mut Vec<usize>| -> bool {
        let Some(index) = book.select(&family.to_lowercase(), variant(weight)) else {
            return false;
        };
        if !families.iter().any(|f| f.eq_ignore_ascii_case(family)) {
            families.push(family.to_string());
            indices.push(index);
        }
        true
    };
    for name in &chain {
        match aliases.get(&name.to_lowercase()) {
            Some(family) if add(family, &mut families, &mut indices) => {}
            _ => missing.push(name.clone()),
        }
    }
    // The bundled stand-in ends every chain (where the user put it, if they named it).
    add(stand_in(role), &mut families, &mut indices);
    let builtin: Vec<bool> = indices.iter().map(|&i| i < bundled_faces).collect();
    let bundled = builtin.first().copied().unwrap_or(true);
    let served = families
        .first()
        .map(|f| f.to_lowercase())
        .unwrap_or_default();
    let has_bold = book.select_family(&served).any(|i| {
        book.info(i)
            .is_some_and(|info| info.variant.weight.to_number() >= 600)
    });
    RoleFonts {
        role,
        families,
        missing,
        bundled,
        builtin,
        has_bold,
        weight,
        indices,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_fonts_serve_every_role() {
        let set = FontSet::load_with(&Config::default(), false).unwrap();
        for role in FontRole::ALL {
            let r = set.role(role);
            assert!(r.bundled, "{role:?}");
            assert_eq!(r.families, vec![stand_in(role).to_string()]);
            assert!(set.covers(role, '规'));
            assert!(!set.covers(role, '\u{3820}'));
        }
        assert!(set.role(FontRole::Body).has_bold);
        assert!(!set.role(FontRole::Kai).has_bold);
    }

    #[test]
    fn configured_names_that_do_not_exist_are_reported() {
        let mut config = Config::default();
        config.fonts.push((
            FontRole::Body,
            vec![crate::model::Text {
                value: "不存在的字体".into(),
                ..Default::default()
            }],
        ));
        let set = FontSet::load_with(&config, false).unwrap();
        let body = set.role(FontRole::Body);
        assert_eq!(body.missing, vec!["不存在的字体".to_string()]);
        assert_eq!(body.served_by(), "Noto Serif CJK SC");
    }
}
