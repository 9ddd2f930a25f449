//! Every piece of author text in a plan, tagged with where it sits, collected once per plan
//! for all rules. `{{…}}` references are masked (each byte replaced by U+0001) so that rules
//! neither flag them nor lose byte offsets.

use std::borrow::Cow;

use crate::model::{Block, Plan, Section, Text};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitKind {
    /// plan.yaml: title, short_title, subject, issuer.
    Metadata,
    /// Chapter and section titles.
    Heading,
    Paragraph,
    ListItem,
    ColumnTitle,
    ColumnItemName,
    ColumnItem,
    TableTitle,
    /// Table cells written as text: category, indicator name, unit, responsible body.
    TableCell,
}

impl UnitKind {
    /// Running prose (sentences), as opposed to titles and cells.
    pub fn is_prose(self) -> bool {
        matches!(
            self,
            UnitKind::Paragraph | UnitKind::ListItem | UnitKind::ColumnItem
        )
    }
}

pub struct Unit<'a> {
    pub kind: UnitKind,
    pub text: &'a Text,
    /// `text.value` with references masked; same length in bytes. Borrowed when the text
    /// has no reference (most have none).
    pub masked: Cow<'a, str>,
    /// The characters of `masked`, decoded once for the rules that walk every character.
    pub chars: Vec<char>,
    /// The byte offset of each character in `chars`.
    pub offsets: Vec<u32>,
    /// For headings: how many subsections the heading has.
    pub children: usize,
    /// Which kinds of character occur in `masked` ([`has`]): found in the one pass over the
    /// text that all rules share, so that a rule looking for, say, Latin letters or spaces
    /// skips the many units that have none.
    pub has: u16,
}

impl Unit<'_> {
    /// Whether any of the character kinds in `mask` (a union of [`has`] flags) occurs.
    pub fn has_any(&self, mask: u16) -> bool {
        self.has & mask != 0
    }

    /// The characters of `masked` with their byte offsets, like `str::char_indices`, without
    /// decoding the text again.
    pub fn char_indices(&self) -> impl Iterator<Item = (usize, char)> + '_ {
        (self.offsets.iter().zip(&self.chars)).map(|(&i, &c)| (i as usize, c))
    }
}

/// Character kinds recorded per unit.
pub mod has {
    /// ASCII letters.
    pub const LATIN: u16 = 1;
    /// ASCII digits.
    pub const DIGIT: u16 = 1 << 1;
    /// ASCII punctuation.
    pub const ASCII_PUNCT: u16 = 1 << 2;
    /// White space of any kind (`char::is_whitespace`: spaces, U+3000, line breaks …).
    pub const SPACE: u16 = 1 << 3;
    /// Full-width digits ０–９.
    pub const FULLWIDTH_DIGIT: u16 = 1 << 4;
    /// Invisible or replacement characters (U+200B–U+200D, U+2060, U+FEFF, U+FFFD).
    pub const INVISIBLE: u16 = 1 << 5;
    /// Characters placeholders start with (rule T001): # X x T F ＃ × □ 待 此.
    pub const MARK: u16 = 1 << 6;
    /// Chinese numerals 一 二 两 三 四 五 六 七 八 九 十.
    pub const NUMERAL: u16 = 1 << 7;
    /// Characters conversion junk starts with (rule T002): [ 【 截 A H P M _ f.
    pub const JUNK: u16 = 1 << 8;
    /// 翻 and 增, which every growth claim holds (rule F003).
    pub const GROWTH: u16 = 1 << 9;
}

/// The [`has`] flags of one character.
pub fn feature(c: char) -> u16 {
    FEATURES.get(c as usize).copied().unwrap_or(0)
}

/// The [`has`] flags of every character of the Basic Multilingual Plane (none lies outside
/// it), built at compile time: one load per character instead of a chain of comparisons.
static FEATURES: [u16; 0x10000] = feature_table();

/// Adds `flag` to every character of `chars` in `t`.
const fn mark(mut t: [u16; 0x10000], chars: &[char], flag: u16) -> [u16; 0x10000] {
    let mut i = 0;
    while i < chars.len() {
        t[chars[i] as usize] |= flag;
        i += 1;
    }
    t
}

const fn feature_table() -> [u16; 0x10000] {
    let mut t = [0u16; 0x10000];
    let mut c = 0;
    while c < 0x80 {
        let b = c as u8;
        t[c] = if b.is_ascii_alphabetic() {
            has::LATIN
        } else if b.is_ascii_digit() {
            has::DIGIT
        } else if b.is_ascii_whitespace() || b == 0x0B {
            has::SPACE
        } else if b.is_ascii_punctuation() {
            has::ASCII_PUNCT
        } else {
            0
        };
        c += 1;
    }
    let spaces = [
        '\u{85}', '\u{A0}', '\u{1680}', '\u{2000}', '\u{2001}', '\u{2002}', '\u{2003}', '\u{2004}',
        '\u{2005}', '\u{2006}', '\u{2007}', '\u{2008}', '\u{2009}', '\u{200A}', '\u{2028}',
        '\u{2029}', '\u{202F}', '\u{205F}', '\u{3000}',
    ];
    t = mark(t, &spaces, has::SPACE);
    let digits = ['０', '１', '２', '３', '４', '５', '６', '７', '８', '９'];
    t = mark(t, &digits, has::FULLWIDTH_DIGIT);
    let invisible = [
        '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{FFFD}',
    ];
    t = mark(t, &invisible, has::INVISIBLE);
    let marks = ['#', 'X', 'x', 'T', 'F', '＃', '×', '□', '待', '此'];
    t = mark(t, &marks, has::MARK);
    let numerals = [
        '一', '二', '两', '三', '四', '五', '六', '七', '八', '九', '十',
    ];
    t = mark(t, &numerals, has::NUMERAL);
    let junk = ['[', '【', '截', 'A', 'H', 'P', 'M', '_', 'f'];
    t = mark(t, &junk, has::JUNK);
    mark(t, &['翻', '增'], has::GROWTH)
}

pub const MASK: char = '\u{1}';

/// A set of characters of the Basic Multilingual Plane as a bitmap (8 KiB): membership costs a
/// shift and a mask, for rules that test every character of a plan.
#[derive(Clone)]
pub struct CharSet(Vec<u64>);

impl Default for CharSet {
    fn default() -> CharSet {
        CharSet(vec![0; 0x10000 / 64])
    }
}

impl CharSet {
    /// Characters outside the BMP are never members.
    pub fn insert(&mut self, c: char) {
        if let Some(w) = self.0.get_mut(c as usize / 64) {
            *w |= 1 << (c as usize % 64);
        }
    }

    pub fn contains(&self, c: char) -> bool {
        super::scan::in_bitmap(&self.0, c)
    }
}

fn mask(s: &str) -> Cow<'_, str> {
    if !s.contains("{{") {
        return Cow::Borrowed(s);
    }
    let mut out = s.to_string();
    for seg in crate::model::inline::segments(s) {
        if let crate::model::inline::Segment::Ref { range, .. } = seg {
            out.replace_range(range.clone(), &"\u{1}".repeat(range.len()));
        }
    }
    Cow::Owned(out)
}

fn unit(kind: UnitKind, text: &Text, children: usize) -> Unit<'_> {
    let masked = mask(&text.value);
    let n = masked.chars().count();
    let (mut chars, mut offsets) = (Vec::with_capacity(n), Vec::with_capacity(n));
    let mut has = 0;
    for (i, c) in masked.char_indices() {
        chars.push(c);
        // Offsets fit in u32, as in every `Span`.
        offsets.push(i as u32);
        has |= feature(c);
    }
    Unit {
        kind,
        has,
        chars,
        offsets,
        text,
        masked,
        children,
    }
}

/// One text as a paragraph unit (for tests of the character flags).
#[cfg(test)]
pub fn collect_one(text: &Text) -> Unit<'_> {
    unit(UnitKind::Paragraph, text, 0)
}

fn blocks<'a>(out: &mut Vec<Unit<'a>>, blocks: &'a [Block]) {
    for b in blocks {
        match b {
            Block::Paragraph(t) => out.push(unit(UnitKind::Paragraph, t, 0)),
            Block::List(items) => out.extend(items.iter().map(|t| unit(UnitKind::ListItem, t, 0))),
            Block::Column(_) | Block::Table(_) => {}
        }
    }
}

fn section<'a>(out: &mut Vec<Unit<'a>>, s: &'a Section) {
    out.push(unit(UnitKind::Heading, &s.title, s.sections.len()));
    blocks(out, &s.body);
    for c in &s.sections {
        section(out, c);
    }
}

/// All text units of a plan in reading order (metadata first, then the body, then 专栏 and
/// tables in number order).
pub fn collect(plan: &Plan) -> Vec<Unit<'_>> {
    let mut out = Vec::new();
    for t in [
        Some(&plan.title),
        plan.short_title.as_ref(),
        plan.subject.as_ref(),
        plan.issuer.as_ref(),
    ]
    .into_iter()
    .flatten()
    {
        if !t.value.is_empty() {
            out.push(unit(UnitKind::Metadata, t, 0));
        }
    }
    blocks(&mut out, &plan.preface);
    for c in &plan.chapters {
        out.push(unit(UnitKind::Heading, &c.title, c.sections.len()));
        blocks(&mut out, &c.body);
        for s in &c.sections {
            section(&mut out, s);
        }
    }
    for c in &plan.columns {
        out.push(unit(UnitKind::ColumnTitle, &c.title, 0));
        for item in &c.items {
            if let Some(n) = &item.name {
                out.push(unit(UnitKind::ColumnItemName, n, 0));
            }
            out.push(unit(UnitKind::ColumnItem, &item.text, 0));
        }
    }
    for t in &plan.tables {
        out.push(unit(UnitKind::TableTitle, &t.title, 0));
        for cat in &t.categories {
            out.push(unit(UnitKind::TableCell, &cat.name, 0));
            for r in &cat.rows {
                out.push(unit(UnitKind::TableCell, &r.name, 0));
                out.push(unit(UnitKind::TableCell, &r.unit, 0));
                if let Some(resp) = &r.responsible {
                    out.push(unit(UnitKind::TableCell, resp, 0));
                }
                out.extend(
                    r.extra
                        .iter()
                        .flatten()
                        .map(|t| unit(UnitKind::TableCell, t, 0)),
                );
            }
        }
    }
    out
}

/// The leftmost-longest occurrences of `words` in `u`, without overlaps, as (byte offset,
/// index into `words`). Only characters carrying one of the [`has`] flags in `starts` are
/// tried: every word must start with such a character.
pub fn find_words(u: &Unit, starts: u16, words: &[&str]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    if !u.has_any(starts) {
        return out;
    }
    let s: &str = &u.masked;
    let mut resume = 0;
    for (i, c) in u.char_indices() {
        if i < resume || feature(c) & starts == 0 {
            continue;
        }
        let rest = &s[i..];
        let mut best: Option<usize> = None;
        for (k, w) in words.iter().enumerate() {
            if rest.starts_with(w) && best.is_none_or(|b| w.len() > words[b].len()) {
                best = Some(k);
            }
        }
        if let Some(k) = best {
            out.push((i, k));
            resume = i + words[k].len();
        }
    }
    out
}

/// CJK ideographs and the CJK punctuation/symbol blocks.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3100..=0x312F | 0x3190..=0x31FF
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF65
        | 0x20000..=0x3134F)
}

/// CJK ideographs only (no punctuation).
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table agrees with the definition of each flag for every character.
    #[test]
    fn feature_table_matches_definitions() {
        let expected = |c: char| {
            let kind = match c {
                'a'..='z' | 'A'..='Z' => has::LATIN,
                '0'..='9' => has::DIGIT,
                c if c.is_whitespace() => has::SPACE,
                c if c.is_ascii_punctuation() => has::ASCII_PUNCT,
                '０'..='９' => has::FULLWIDTH_DIGIT,
                '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{FFFD}' => has::INVISIBLE,
                '＃' | '×' | '□' | '待' | '此' => has::MARK,
                '一' | '二' | '两' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' => {
                    has::NUMERAL
                }
                _ => 0,
            };
            let mark = if "#XxTF".contains(c) { has::MARK } else { 0 };
            let junk = if "[【截AHPM_f".contains(c) {
                has::JUNK
            } else {
                0
            };
            let growth = if "翻增".contains(c) { has::GROWTH } else { 0 };
            kind | mark | junk | growth
        };
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(feature(c), expected(c), "{c:?}");
        }
        let text = Text {
            value: "PET-CT ２０２５年 待定".into(),
            span: crate::source::Span::default(),
        };
        assert_eq!(
            unit(UnitKind::Paragraph, &text, 0).has,
            has::LATIN
                | has::ASCII_PUNCT
                | has::SPACE
                | has::FULLWIDTH_DIGIT
                | has::MARK
                | has::JUNK
        );
    }
}
