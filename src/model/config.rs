//! guihua.yaml as the model holds it.

use std::path::PathBuf;

use super::{FontRole, Spanned, Text};

/// `guihua.yaml`; every field has a default.
#[derive(Debug, Clone)]
pub struct Config {
    pub plans_dir: PathBuf,
    pub out_dir: PathBuf,
    pub templates_dir: PathBuf,
    /// Font fallback chains per role, from `fonts:`; roles not listed use the defaults.
    pub fonts: Vec<(FontRole, Vec<Text>)>,
    /// `rules:` — per code, a severity or off.
    pub rules: Vec<(Text, Spanned<crate::diagnostic::Level>)>,
    /// `latin_allow:` — lowercase Latin words accepted inside Chinese text.
    pub latin_allow: Vec<Text>,
    /// `glossary:` — official names and their known wrong spellings.
    pub glossary: Vec<GlossaryEntry>,
    /// `pending_error_from:` — the stage from which an explicit empty indicator value
    /// (`待填`, `~`) is an error (F007); `None` means the default, 征求意见稿.
    pub pending_error_from: Option<Spanned<super::Stage>>,
}

/// One official name of the workspace glossary.
#[derive(Debug, Clone)]
pub struct GlossaryEntry {
    /// The canonical spelling.
    pub name: Text,
    /// Known wrong spellings, reported wherever they occur.
    pub variants: Vec<Text>,
    /// Plan ids the entry applies to; empty means every plan.
    pub scope: Vec<Text>,
}

impl Config {
    /// The stage from which `待填` / `~` in a table is an error (F007).
    pub fn pending_error_stage(&self) -> super::Stage {
        self.pending_error_from
            .map_or(super::Stage::ForComment, |s| s.value)
    }

    /// What `rules:` sets `code` to, if anything.
    pub fn rule_level(&self, code: &str) -> Option<crate::diagnostic::Level> {
        self.rules
            .iter()
            .find(|(c, _)| c.value.eq_ignore_ascii_case(code))
            .map(|(_, l)| l.value)
    }

    /// Whether `rules:` turns `code` off (only an adjustable code can be: see
    /// [`crate::registry::CodeInfo::adjustable`]).
    pub fn is_off(&self, code: &str) -> bool {
        self.rule_level(code) == Some(crate::diagnostic::Level::Off)
            && crate::registry::get(code).is_some_and(|c| c.adjustable)
    }
}

impl Default for Config {
    fn default() -> Config {
        Config {
            plans_dir: "plans".into(),
            out_dir: "out".into(),
            templates_dir: "templates".into(),
            fonts: Vec::new(),
            rules: Vec::new(),
            latin_allow: Vec::new(),
            glossary: Vec::new(),
            pending_error_from: None,
        }
    }
}
