//! PDF through Typst used as a library: no TeX, no typst binary, no font to install.
//!
//! The plan reaches Typst as data only: [`PlanView`] plus the font chains are serialised to
//! one virtual JSON file that the template (templates/plan.typ, overridable per workspace)
//! reads with `json(..)`. Author text is never spliced into Typst markup, so `#panic()`,
//! `$x$` or `#include "/etc/passwd"` in a paragraph print as written.
//!
//! Order of work for one plan: [`preflight`] (every printed character has a glyph in its
//! role's fonts, else P001 at the YAML location) → compile (errors P002, warnings such as an
//! unknown font family P003, both fatal) → export with a fixed timestamp and document id, so
//! the same sources give the same bytes.

pub mod breaks;
pub mod codes;
pub mod fonts;
pub mod preflight;
pub mod world;

use std::collections::BTreeMap;

use serde::Serialize;
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Datetime, Smart};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, Timestamp};

use crate::diagnostic::Diagnostic;
use crate::model::{FontRole, Plan, PlanDate, Workspace};
use crate::render::view::PlanView;

use fonts::FontSet;
use world::PlanWorld;

/// Typst failed on the template (syntax, a bad field access …).
pub const CODE_TYPST_ERROR: &str = codes::TYPST_ERROR;
/// Typst warned (an unknown font family, say); a warning would otherwise go unseen.
pub const CODE_TYPST_WARNING: &str = codes::TYPST_WARNING;

pub struct PdfEngine {
    fonts: FontSet,
    library: LazyHash<Library>,
}

/// What the template receives besides the plan.
#[derive(Serialize)]
struct TemplateData<'a> {
    plan: &'a PlanView,
    /// Per role key (title, heading, kai, body, song): the font chain to use.
    fonts: BTreeMap<&'static str, RoleData>,
}

#[derive(Serialize)]
struct RoleData {
    families: Vec<String>,
    weight: u16,
    /// Whether the serving family has a real bold face; otherwise the template strokes.
    bold: bool,
}

impl PdfEngine {
    /// Load the fonts once per build: the bundled subsets and the installed fonts, one chain
    /// per role from guihua.yaml `fonts:` or the defaults.
    pub fn new(ws: &Workspace) -> Result<PdfEngine, String> {
        let fonts = FontSet::load(&ws.config)?;
        Ok(PdfEngine {
            fonts,
            library: LazyHash::new(Library::builder().build()),
        })
    }

    /// One line per role: which family serves it and whether it is the bundled stand-in.
    pub fn font_report(&self) -> Vec<String> {
        self.fonts
            .roles
            .iter()
            .map(|r| {
                let mut line = format!("PDF 字体 {}：{}", r.role.zh(), r.served_by());
                line.push_str(if r.bundled {
                    "（内置开源字体）"
                } else {
                    "（本机字体）"
                });
                if !r.missing.is_empty() {
                    let shown: Vec<&str> = r.missing.iter().take(3).map(String::as_str).collect();
                    let more = if r.missing.len() > 3 { " 等" } else { "" };
                    line.push_str(&format!("；未找到 {}{more}", shown.join("、")));
                }
                line
            })
            .collect()
    }

    /// The fonts in use (for tests and tools).
    pub fn fonts(&self) -> &FontSet {
        &self.fonts
    }

    /// The JSON file the template reads, as `render` builds it. Written out by the benchmark
    /// so `typst compile` can be timed on exactly the same input.
    pub fn template_data(&self, view: &PlanView) -> Vec<u8> {
        // Serialising plain structs of strings and numbers cannot fail.
        let mut value = serde_json::to_value(TemplateData {
            plan: view,
            fonts: self.font_data(),
        })
        .unwrap_or_default();
        breaks::mark(&mut value);
        serde_json::to_vec(&value).unwrap_or_default()
    }

    pub fn render(
        &self,
        ws: &Workspace,
        plan: &Plan,
        view: &PlanView,
        template: &str,
    ) -> Result<Vec<u8>, Vec<Diagnostic>> {
        let missing = preflight::check(ws, plan, &self.fonts);
        if !missing.is_empty() {
            return Err(missing);
        }
        let to_diag = |p: Problem| {
            let mut d = Diagnostic::error(p.code, plan.span.point(), p.message)
                .with_label(format!("规划 {} 的 PDF", plan.id));
            if let Some(h) = p.hint {
                d = d.with_hint(h);
            }
            d
        };
        self.compile(
            template,
            self.template_data(view),
            &format!("guihua/{}", plan.id),
            plan.document_date(),
        )
        .map_err(|problems| problems.into_iter().map(to_diag).collect())
    }

    /// Any other document through the same fonts and rules (the 征求意见 notice, the comment
    /// form, the 修订对照表): `template` reads `/guihua-data.json`, which holds
    /// `{"data": <data>, "fonts": <the role chains, as for plan.typ>}`. Characters of `data`
    /// that the body fonts do not cover are an error, as are Typst errors and warnings.
    pub fn render_document<T: Serialize>(
        &self,
        template: &str,
        data: &T,
        ident: &str,
        date: PlanDate,
    ) -> Result<Vec<u8>, String> {
        let value =
            serde_json::to_value(data).map_err(|e| format!("内部错误：PDF 数据无法序列化：{e}"))?;
        let mut missing = std::collections::BTreeSet::new();
        uncovered(&value, &self.fonts, &mut missing);
        if !missing.is_empty() {
            let chars: Vec<String> = missing
                .iter()
                .map(|c| format!("“{c}”（U+{:04X}）", *c as u32))
                .collect();
            return Err(format!(
                "{} 中的字符 {} 不在 PDF 所用字体中（已尝试 {}）；请安装包含这些字的字体并在 guihua.yaml 的 fonts: 中登记",
                ident,
                chars.join("、"),
                self.fonts.role(FontRole::Body).tried()
            ));
        }
        let bytes = serde_json::to_vec(&DocumentData {
            data: &value,
            fonts: self.font_data(),
        })
        .map_err(|e| format!("内部错误：PDF 数据无法序列化：{e}"))?;
        self.compile(template, bytes, ident, date)
            .map_err(|problems| {
                problems
                    .into_iter()
                    .map(|p| match p.hint {
                        Some(h) => format!("{}（{h}）", p.message),
                        None => p.message,
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })
    }

    fn font_data(&self) -> BTreeMap<&'static str, RoleData> {
        self.fonts
            .roles
            .iter()
            .map(|r| {
                (
                    r.role.key(),
                    RoleData {
                        families: r.families.clone(),
                        weight: r.weight,
                        bold: r.has_bold,
                    },
                )
            })
            .collect()
    }

    /// Template + data → PDF bytes, with a fixed date, timestamp and document id.
    fn compile(
        &self,
        template: &str,
        data: Vec<u8>,
        ident: &str,
        date: PlanDate,
    ) -> Result<Vec<u8>, Vec<Problem>> {
        let today = Datetime::from_ymd(date.year, date.month as u8, date.day.unwrap_or(1) as u8);
        let world =
            PlanWorld::new(&self.library, &self.fonts, template, data, today).map_err(|e| {
                vec![Problem {
                    code: CODE_TYPST_ERROR,
                    message: e,
                    hint: None,
                }]
            })?;
        let compiled = typst::compile::<PagedDocument>(&world);
        // Warnings are fatal: Typst has no other way to tell of an unknown font family.
        let mut problems: Vec<Problem> = compiled
            .warnings
            .iter()
            .map(|w| problem(&world, w))
            .collect();
        let doc = match compiled.output {
            Ok(doc) => doc,
            Err(errors) => {
                problems.extend(errors.iter().map(|e| problem(&world, e)));
                return Err(problems);
            }
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        let options = PdfOptions {
            ident: Smart::Custom(ident.to_string()),
            timestamp: timestamp(date),
            ..PdfOptions::default()
        };
        typst_pdf::pdf(&doc, &options)
            .map_err(|errors| errors.iter().map(|e| problem(&world, e)).collect())
    }
}

#[derive(Serialize)]
struct DocumentData<'a> {
    data: &'a serde_json::Value,
    fonts: BTreeMap<&'static str, RoleData>,
}

/// Characters in the strings of `value` that the body fonts do not cover.
fn uncovered(
    value: &serde_json::Value,
    fonts: &FontSet,
    out: &mut std::collections::BTreeSet<char>,
) {
    match value {
        serde_json::Value::String(s) => {
            out.extend(
                s.chars()
                    .filter(|&c| !preflight::invisible(c) && !fonts.covers(FontRole::Body, c)),
            );
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| uncovered(v, fonts, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| uncovered(v, fonts, out)),
        _ => {}
    }
}

/// A Typst error or warning, in Chinese, with the template line it points at.
struct Problem {
    code: &'static str,
    message: String,
    hint: Option<String>,
}

fn problem(world: &PlanWorld, d: &SourceDiagnostic) -> Problem {
    let source = world.main_source();
    let line = (d.span.id() == Some(source.id()))
        .then(|| world.range(d.span))
        .flatten()
        .and_then(|r| source.lines().byte_to_line(r.start))
        .map(|l| format!("（PDF 模板第 {} 行）", l + 1))
        .unwrap_or_default();
    let (code, what) = match d.severity {
        Severity::Error => (CODE_TYPST_ERROR, "PDF 排版出错"),
        Severity::Warning => (CODE_TYPST_WARNING, "PDF 排版警告"),
    };
    let mut hints: Vec<String> = d.hints.iter().map(|h| h.v.to_string()).collect();
    if d.message.contains("unknown font family") {
        hints.push("模板引用了找不到的字体；字体请在 guihua.yaml 的 fonts: 中配置，模板中使用数据文件 fonts 给出的字体链".into());
    }
    Problem {
        code,
        message: format!("{what}：{}{line}", d.message),
        hint: (!hints.is_empty()).then(|| hints.join("；")),
    }
}

/// The PDF's creation date: SOURCE_DATE_EPOCH when set (reproducible-builds convention),
/// otherwise the document's own date at midnight UTC. Never the clock.
fn timestamp(date: PlanDate) -> Option<Timestamp> {
    if let Some(secs) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        && let Some(dt) = datetime_from_epoch(secs)
    {
        return Some(Timestamp::new_utc(dt));
    }
    Datetime::from_ymd_hms(
        date.year,
        date.month as u8,
        date.day.unwrap_or(1) as u8,
        0,
        0,
        0,
    )
    .map(Timestamp::new_utc)
}

/// Seconds since 1970-01-01 UTC → Typst's date and time.
fn datetime_from_epoch(secs: i64) -> Option<Datetime> {
    let (year, month, day, h, m, s) = crate::model::date::civil_from_seconds(secs);
    Datetime::from_ymd_hms(
        i32::try_from(year).ok()?,
        month as u8,
        day as u8,
        h as u8,
        m as u8,
        s as u8,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_to_datetime() {
        let d = datetime_from_epoch(1_632_960_000).unwrap(); // 2021-09-30 00:00:00 UTC
        assert_eq!(
            (d.year(), d.month(), d.day()),
            (Some(2021), Some(9), Some(30))
        );
        let d = datetime_from_epoch(0).unwrap();
        assert_eq!(
            (d.year(), d.month(), d.day(), d.hour()),
            (Some(1970), Some(1), Some(1), Some(0))
        );
    }

    #[test]
    fn bundled_fonts_cover_the_default_template() {
        let set = FontSet::load_with(&crate::model::Config::default(), false).unwrap();
        let template = include_str!("../../../templates/plan.typ");
        // Characters the template and the view generate: numbers, labels, cover dates,
        // stage marks, figure qualifiers.
        let generated = "〇一二三四五六七八九十年月日（）、．.专栏表目录征求意见稿草送审正式—◆0123456789%～/\
                         以上下左右内接近超过突破达到不低高于约类别序号指标名称单位属性预期性约束性责任";
        for c in template
            .chars()
            .chain(generated.chars())
            .filter(|c| !c.is_ascii() && !c.is_whitespace())
        {
            for role in FontRole::ALL {
                assert!(
                    set.covers(role, c),
                    "{c} (U+{:04X}) not covered for {role:?}",
                    c as u32
                );
            }
        }
    }
}
