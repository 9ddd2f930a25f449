//! Before anything is compiled: every character the PDF will print from the plan is checked
//! against the fonts of the role that prints it. Typst silently draws a blank box for a
//! character no font covers (typst#5137), so the check is ours, and its diagnostic points
//! at the character in the YAML source.

use std::collections::BTreeSet;

use crate::diagnostic::Diagnostic;
use crate::model::{Block, FontRole, Plan, Section, Text, Workspace};

use super::fonts::FontSet;

/// The code of the "character not covered by the PDF fonts" diagnostic.
pub const CODE: &str = super::codes::MISSING_GLYPH;

/// Missing characters reported one by one in one text; the rest are counted.
const MAX_PER_TEXT: usize = 20;

/// The roles a prose text is printed in. Emphasis falls back to the body fonts in the
/// template, so the body chain decides.
const PROSE: &[FontRole] = &[FontRole::Body];

pub fn check(ws: &Workspace, plan: &Plan, fonts: &FontSet) -> Vec<Diagnostic> {
    let mut c = Checker {
        ws,
        fonts,
        diags: Vec::new(),
        seen: BTreeSet::new(),
        covered: std::collections::HashMap::new(),
    };
    c.text(&plan.title, &[FontRole::Title, FontRole::Body], false);
    if let Some(i) = &plan.issuer {
        c.text(i, &[FontRole::Body], false);
    }
    if let Some(r) = &plan.region {
        c.text(&r.name, &[FontRole::Body], false);
    }
    c.blocks(plan, &plan.preface);
    for ch in &plan.chapters {
        c.text(&ch.title, &[FontRole::Heading, FontRole::Body], false);
        c.blocks(plan, &ch.body);
        for s in &ch.sections {
            c.section(plan, s);
        }
    }
    for col in plan.columns.iter().filter(|col| col.number.is_placed()) {
        c.text(&col.title, &[FontRole::Heading, FontRole::Body], false);
        for item in &col.items {
            if let Some(name) = &item.name {
                c.text(name, PROSE, false);
            }
            c.text(&item.text, PROSE, true);
        }
    }
    for t in plan.tables.iter().filter(|t| t.number.is_placed()) {
        c.text(&t.title, &[FontRole::Heading, FontRole::Body], false);
        for x in &t.extra_columns {
            c.text(&x.name, &[FontRole::Heading], false);
        }
        for cat in &t.categories {
            c.text(&cat.name, &[FontRole::Song], false);
            for row in &cat.rows {
                // Names and units can also reach prose through {{id.name}} / {{id.unit}}.
                c.text(&row.name, &[FontRole::Song, FontRole::Body], false);
                c.text(&row.unit, &[FontRole::Song, FontRole::Body], false);
                for r in row.responsible.iter().chain(row.extra.iter().flatten()) {
                    c.text(r, &[FontRole::Song], false);
                }
            }
        }
    }
    c.diags
}

struct Checker<'a> {
    ws: &'a Workspace,
    fonts: &'a FontSet,
    diags: Vec<Diagnostic>,
    /// (file, byte offset) already reported.
    seen: BTreeSet<(u32, u32)>,
    /// Whether a role's fonts cover a character, asked once each: a font's coverage is a
    /// list of runs, slow to search for every character of a long text.
    covered: std::collections::HashMap<(FontRole, char), bool>,
}

impl Checker<'_> {
    fn section(&mut self, plan: &Plan, s: &Section) {
        let roles: &[FontRole] = if s.level == 1 {
            &[FontRole::Kai, FontRole::Body]
        } else {
            &[FontRole::Body]
        };
        self.text(&s.title, roles, false);
        self.blocks(plan, &s.body);
        for sub in &s.sections {
            self.section(plan, sub);
        }
    }

    fn blocks(&mut self, _plan: &Plan, blocks: &[Block]) {
        for b in blocks {
            match b {
                Block::Paragraph(t) => self.text(t, PROSE, true),
                Block::List(items) => {
                    for t in items {
                        self.text(t, PROSE, true);
                    }
                }
                // 专栏 and tables are checked once each, from the plan's lists.
                Block::Column(_) | Block::Table(_) => {}
            }
        }
    }

    /// Check one author string. In prose, `{{…}}` references are replaced by other values
    /// (checked where they are written), so their characters are skipped.
    fn text(&mut self, text: &Text, roles: &[FontRole], prose: bool) {
        let value = &text.value;
        let mut skip_until = 0;
        // Each missing character once per text, at its first place, with how often it
        // occurs: a text full of one rare character is one problem, not thousands (and the
        // span of each is not computed).
        let mut missing: Vec<(char, usize, FontRole, usize)> = Vec::new();
        let mut index: std::collections::HashMap<char, usize> = std::collections::HashMap::new();
        for (i, c) in value.char_indices() {
            if i < skip_until {
                continue;
            }
            if prose && value[i..].starts_with("{{") {
                skip_until = value[i..].find("}}").map_or(value.len(), |e| i + e + 2);
                continue;
            }
            if c.is_ascii() || invisible(c) {
                continue;
            }
            if let Some(&k) = index.get(&c) {
                missing[k].3 += 1;
                continue;
            }
            let fonts = self.fonts;
            let Some(role) = roles.iter().copied().find(|&r| {
                !*self
                    .covered
                    .entry((r, c))
                    .or_insert_with(|| fonts.covers(r, c))
            }) else {
                continue;
            };
            index.insert(c, missing.len());
            missing.push((c, i, role, 1));
        }
        // A text missing more characters than anyone would read is reported by its first
        // ones and a count (a pasted file in the wrong encoding, say).
        let shown = missing.len().min(MAX_PER_TEXT);
        if missing.len() > shown {
            let (_, i, role, _) = missing[shown];
            let span = self.ws.sources.sub_span(text.span, value, i..i);
            self.diags.push(
                Diagnostic::error(
                    CODE,
                    span,
                    format!(
                        "这段文字中另有 {} 个字符不在 PDF 所用字体中（上面只列出前 {shown} 个）",
                        missing.len() - shown
                    ),
                )
                .with_label(format!("{}字体缺少的字符从这里往后还有", role.zh()))
                .with_hint("检查这段文字的来源：是否是乱码，或需要安装包含这些字的字体"),
            );
        }
        missing.truncate(shown);
        for (c, i, role, count) in missing {
            let span = self
                .ws
                .sources
                .sub_span(text.span, value, i..i + c.len_utf8());
            if !self.seen.insert((span.file.0, span.start)) {
                continue;
            }
            let fonts = self.fonts.role(role);
            let more = if count > 1 {
                format!("；这段文字中共 {count} 处")
            } else {
                String::new()
            };
            let d = Diagnostic::error(
                CODE,
                span,
                format!(
                    "字符“{c}”（U+{:04X}）不在 PDF 所用字体中，印出来会是空白{more}",
                    c as u32
                ),
            )
            .with_label(format!("{}字体缺少此字", role.zh()))
            .with_hint(format!(
                "已尝试的字体：{}。请安装包含该字的字体，并在 guihua.yaml 中把它加到该角色的字体链末尾，\
                 例如 fonts: {{ {}: [{}, 含该字的字体] }}；或者改用通行字形",
                fonts.tried(),
                role.key(),
                fonts.families.join(", "),
            ));
            self.diags.push(d);
        }
    }
}

/// Characters that print nothing and need no glyph: whitespace, controls and Unicode's
/// default-ignorable code points (joiners, variation selectors, soft hyphen …).
pub fn invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c as u32,
            0x00AD | 0x034F | 0x061C | 0x115F | 0x1160 | 0x17B4 | 0x17B5 | 0x180B..=0x180F
            | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0x3164 | 0xFE00..=0xFE0F
            | 0xFEFF | 0xFFA0 | 0xFFF0..=0xFFF8 | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A
            | 0xE0000..=0xE0FFF)
}
