//! Every code guihua reports, in one table in code order: the loader's (L), the importer's
//! (I), the check rules' (F, J, N, R, S, T …) and the PDF renderer's (P). `guihua rules`,
//! SARIF's rule list and guihua.yaml's `rules:` all read this table, so a code is documented,
//! listed and configurable the same way whichever stage reports it.
//!
//! Each stage keeps its codes next to its code ([`crate::load::codes`],
//! [`crate::import::codes`], [`crate::check::RULES`], [`crate::render::pdf::codes`]); this
//! module only gathers them.

use std::sync::LazyLock;

use crate::diagnostic::Severity;

/// The stage that reports a code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    Load,
    Import,
    Check,
    Pdf,
}

impl Origin {
    pub fn zh(self) -> &'static str {
        match self {
            Origin::Load => "加载错误",
            Origin::Import => "导入文稿",
            Origin::Check => "检查规则",
            Origin::Pdf => "PDF 生成",
        }
    }
}

/// A code's default level in a code table: `Fatal` is an error guihua.yaml cannot lower or
/// turn off, because the model or the output could not be made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Default {
    Fatal,
    Error,
    Warning,
    Info,
}

#[derive(Clone, Copy, Debug)]
pub struct CodeInfo {
    /// Stable, never reused: `L004`, `T003`.
    pub code: &'static str,
    /// Kebab-case name: `unknown-key`.
    pub name: &'static str,
    pub origin: Origin,
    /// The severity reported when guihua.yaml says nothing.
    pub severity: Severity,
    /// Whether guihua.yaml's `rules:` may change the severity or turn the code off.
    pub adjustable: bool,
    /// One line, Chinese.
    pub summary: &'static str,
    /// What it catches and why, Chinese (the summary when there is nothing more to say).
    pub explanation: &'static str,
    /// A source line that triggers it and the corrected line, for the check rules.
    pub example: Option<(&'static str, &'static str)>,
}

impl CodeInfo {
    /// An entry of a stage's code table (see [`code_table`]).
    pub const fn entry(
        code: &'static str,
        name: &'static str,
        origin: Origin,
        default: Default,
        summary: &'static str,
    ) -> CodeInfo {
        let severity = match default {
            Default::Fatal | Default::Error => Severity::Error,
            Default::Warning => Severity::Warning,
            Default::Info => Severity::Info,
        };
        CodeInfo {
            code,
            name,
            origin,
            severity,
            adjustable: !matches!(default, Default::Fatal),
            summary,
            explanation: summary,
            example: None,
        }
    }
}

/// A stage's code table: one `pub const` per code and `ALL`, its entries in the registry.
///
/// ```text
/// code_table! { Origin::Load;
///     YAML_SYNTAX = "L001", "yaml-syntax", Fatal, "YAML 语法错误：文件无法解析。";
/// }
/// ```
macro_rules! code_table {
    ($origin:expr; $($ident:ident = $code:literal, $name:literal, $default:ident, $summary:literal;)*) => {
        $(pub const $ident: &str = $code;)*
        pub const ALL: &[$crate::registry::CodeInfo] = &[$(
            $crate::registry::CodeInfo::entry(
                $code, $name, $origin, $crate::registry::Default::$default, $summary,
            )
        ),*];
    };
}
pub(crate) use code_table;

static REGISTRY: LazyLock<Vec<CodeInfo>> = LazyLock::new(|| {
    let mut all: Vec<CodeInfo> = crate::load::codes::ALL
        .iter()
        .chain(crate::import::codes::ALL)
        .chain(crate::render::pdf::codes::ALL)
        .copied()
        .chain(crate::check::RULES.iter().map(|r| r.info()))
        .collect();
    all.sort_by(|a, b| a.code.cmp(b.code));
    all
});

/// Every code, in code order.
pub fn all() -> &'static [CodeInfo] {
    &REGISTRY
}

/// The code `code` names, compared without regard to case.
pub fn get(code: &str) -> Option<&'static CodeInfo> {
    all().iter().find(|c| c.code.eq_ignore_ascii_case(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_well_formed_and_in_order() {
        let codes: Vec<&str> = all().iter().map(|c| c.code).collect();
        assert!(codes.windows(2).all(|w| w[0] < w[1]), "{codes:?}");
        for c in all() {
            let (letter, digits) = c.code.split_at(1);
            assert!(letter.chars().all(|l| l.is_ascii_uppercase()), "{}", c.code);
            assert!(
                digits.len() == 3 && digits.bytes().all(|b| b.is_ascii_digit()),
                "{}",
                c.code
            );
            assert!(!c.name.is_empty() && !c.summary.is_empty(), "{}", c.code);
        }
        for stage in [Origin::Load, Origin::Import, Origin::Check, Origin::Pdf] {
            assert!(all().iter().any(|c| c.origin == stage), "{stage:?}");
        }
    }

    #[test]
    fn loader_errors_are_fixed_and_rules_adjustable() {
        assert!(
            all()
                .iter()
                .filter(|c| c.origin == Origin::Load)
                .all(|c| !c.adjustable && c.severity == Severity::Error)
        );
        assert!(
            all()
                .iter()
                .filter(|c| c.origin == Origin::Check)
                .all(|c| c.adjustable && c.example.is_some())
        );
        assert!(get("p001").is_some_and(|c| c.adjustable));
        assert!(get("P002").is_some_and(|c| !c.adjustable));
    }
}
