//! Write an [`Outline`] as a plan folder of guihua YAML, remembering where each scalar came
//! from in the draft, so that diagnostics on the written files can be pointed back at it.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::PathBuf;

use super::draft::Located;
use super::outline::{Block, Column, Outline, Section, Table};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quote {
    Plain,
    Single,
    Double,
}

/// One scalar written: in file `file` at yaml bytes `yaml`, holding `loc`'s text.
#[derive(Clone, Debug)]
pub struct Origin {
    pub file: usize,
    pub yaml: Range<usize>,
    pub quote: Quote,
    pub loc: Located,
}

#[derive(Debug, Default)]
pub struct Emitted {
    /// Paths relative to the workspace root, and contents.
    pub files: Vec<(PathBuf, String)>,
    pub origins: Vec<Origin>,
}

fn plain_ok(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s != s.trim() || s.contains(['\n', '\r']) || s.chars().any(|c| c.is_control() && c != '\t') {
        return false;
    }
    if s.contains('\t') {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "~" | "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n"
    ) {
        return false;
    }
    // Anything a YAML reader could take as a number stays text by quoting.
    !s.chars()
        .all(|c| c.is_ascii_digit() || ".+-eE_:".contains(c))
}

/// The YAML spelling of `s`, and its quoting style.
pub fn scalar(s: &str) -> (String, Quote) {
    if plain_ok(s) {
        return (s.to_string(), Quote::Plain);
    }
    if !s.chars().any(|c| c.is_control() && c != '\t') {
        return (format!("'{}'", s.replace('\'', "''")), Quote::Single);
    }
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    (out, Quote::Double)
}

/// The value byte that yaml byte `at` (inside the written scalar `yaml`) stands for.
pub fn value_offset(yaml: &str, quote: Quote, at: usize) -> usize {
    match quote {
        Quote::Plain => at.min(yaml.len()),
        Quote::Single | Quote::Double => {
            let b = yaml.as_bytes();
            let mut i = 1;
            let mut v = 0;
            while i < at.min(b.len().saturating_sub(1)) {
                let step = match (quote, b[i]) {
                    (Quote::Single, b'\'') => 2,
                    (Quote::Double, b'\\') => match b.get(i + 1) {
                        Some(b'u') => 6,
                        Some(b'x') => 4,
                        _ => 2,
                    },
                    _ => 1,
                };
                let value_len = match (quote, b[i]) {
                    (Quote::Double, b'\\') if matches!(b.get(i + 1), Some(b'u' | b'x')) => {
                        let hex =
                            std::str::from_utf8(&b[i + 2..(i + step).min(b.len())]).unwrap_or("0");
                        u32::from_str_radix(hex, 16)
                            .ok()
                            .and_then(char::from_u32)
                            .map_or(1, char::len_utf8)
                    }
                    _ => 1,
                };
                i += step;
                v += value_len;
            }
            v
        }
    }
}

struct Writer<'a> {
    out: &'a mut Emitted,
    file: usize,
    text: String,
}

impl Writer<'_> {
    fn raw(&mut self, s: &str) {
        self.text.push_str(s);
    }

    /// Write `loc` as a scalar and remember where it came from.
    fn located(&mut self, loc: &Located) {
        let (yaml, quote) = scalar(&loc.text);
        let start = self.text.len();
        self.text.push_str(&yaml);
        self.out.origins.push(Origin {
            file: self.file,
            yaml: start..self.text.len(),
            quote,
            loc: loc.clone(),
        });
    }

    fn value(&mut self, s: &str) {
        let (yaml, _) = scalar(s);
        self.text.push_str(&yaml);
    }

    fn key_located(&mut self, indent: usize, key: &str, loc: &Located) {
        self.raw(&" ".repeat(indent));
        self.raw(key);
        self.raw(": ");
        self.located(loc);
        self.raw("\n");
    }

    fn key_value(&mut self, indent: usize, key: &str, v: &str) {
        self.raw(&" ".repeat(indent));
        self.raw(key);
        self.raw(": ");
        self.value(v);
        self.raw("\n");
    }
}

fn file(out: &mut Emitted, path: PathBuf, header: &str, f: impl FnOnce(&mut Writer)) {
    let idx = out.files.len();
    out.files.push((path.clone(), String::new()));
    let mut w = Writer {
        out,
        file: idx,
        text: String::from(header),
    };
    f(&mut w);
    let text = w.text;
    out.files[idx] = (path, text);
}

/// An id from a title: letters, digits and 汉字 only, at most `max` characters.
pub fn id_from(title: &str, max: usize) -> String {
    let s: String = title
        .chars()
        .filter(|c| c.is_alphanumeric())
        .take(max)
        .collect();
    s
}

fn unique(base: String, fallback: String, used: &mut HashSet<String>) -> String {
    let base = if base.is_empty() { fallback } else { base };
    let mut id = base.clone();
    let mut n = 2;
    while !used.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

pub struct Ids {
    pub columns: Vec<String>,
    pub tables: Vec<String>,
    pub indicators: Vec<Vec<Vec<String>>>,
}

pub fn ids(o: &Outline) -> Ids {
    let mut used = HashSet::new();
    let columns = o
        .columns
        .iter()
        .enumerate()
        .map(|(k, c)| {
            unique(
                id_from(&c.title.text, 12),
                format!("column-{}", k + 1),
                &mut used,
            )
        })
        .collect();
    let tables = o
        .tables
        .iter()
        .enumerate()
        .map(|(k, _)| {
            if k == 0 {
                "main".to_string()
            } else {
                format!("table-{}", k + 1)
            }
        })
        .collect();
    let mut used = HashSet::new();
    let indicators = o
        .tables
        .iter()
        .map(|t| {
            t.categories
                .iter()
                .map(|(_, rows)| {
                    rows.iter()
                        .map(|r| unique(id_from(&r.name.text, 16), "indicator".into(), &mut used))
                        .collect()
                })
                .collect()
        })
        .collect();
    Ids {
        columns,
        tables,
        indicators,
    }
}

pub fn emit(o: &Outline, plan_dir: &str, default_title: &str) -> Emitted {
    let mut out = Emitted::default();
    let ids = ids(o);
    let dir = PathBuf::from("plans").join(plan_dir);
    // Chapter files.
    let mut chapter_names = Vec::new();
    for (k, ch) in o.chapters.iter().enumerate() {
        let id = format!("ch{}", k + 1);
        let name = format!("{:02}-{}", k + 1, id_from(&ch.title.text, 16));
        chapter_names.push(name.clone());
        let path = dir.join("chapters").join(format!("{name}.yaml"));
        file(
            &mut out,
            path,
            "# yaml-language-server: $schema=../../../schemas/chapter.schema.json\n",
            |w| {
                w.key_value(0, "id", &id);
                w.key_located(0, "title", &ch.title);
                blocks(w, 0, &ch.body, &ids);
                sections(w, 0, &ch.sections, &ids, &format!("s{}", k + 1));
            },
        );
    }
    for (k, c) in o.columns.iter().enumerate() {
        let path = dir.join("columns").join(format!("{}.yaml", ids.columns[k]));
        file(
            &mut out,
            path,
            "# yaml-language-server: $schema=../../../schemas/column.schema.json\n",
            |w| {
                column(w, c, &ids.columns[k]);
            },
        );
    }
    for (k, t) in o.tables.iter().enumerate() {
        let path = dir
            .join("indicators")
            .join(format!("{}.yaml", ids.tables[k]));
        file(
            &mut out,
            path,
            "# yaml-language-server: $schema=../../../schemas/indicators.schema.json\n",
            |w| {
                table(w, t, &ids.tables[k], &ids.indicators[k], o);
            },
        );
    }
    let plan_path = dir.join("plan.yaml");
    file(
        &mut out,
        plan_path,
        "# yaml-language-server: $schema=../../schemas/plan.schema.json\n",
        |w| {
            match &o.title {
                Some(t) => w.key_located(0, "title", t),
                None => w.key_value(0, "title", default_title),
            }
            if let Some(sub) = &o.subject {
                w.key_value(0, "subject", sub);
            }
            let stage = o.stage.as_ref().map_or("草稿", |s| s.0.zh());
            match &o.stage {
                Some((_, l)) => {
                    w.raw("stage: ");
                    w.value(stage);
                    w.raw("\n");
                    let _ = l;
                }
                None => w.key_value(0, "stage", stage),
            }
            if let Some(i) = &o.issuer {
                w.key_located(0, "issuer", i);
            }
            if let Some((d, _)) = &o.date {
                let s = match d.day {
                    Some(day) => format!("{:04}-{:02}-{:02}", d.year, d.month, day),
                    None => format!("{:04}-{:02}", d.year, d.month),
                };
                w.raw(&format!("date: {s}\n"));
            }
            if let Some(r) = &o.region {
                w.raw("region:\n");
                w.key_value(2, "name", &r.name);
                w.key_value(2, "level", r.level.zh());
                if let Some(p) = &r.parent {
                    w.key_value(2, "parent", p);
                }
            }
            if let Some((a, b, _)) = o.period {
                w.raw(&format!("period: {a}-{b}\n"));
            }
            if let Some(b) = o.base_year {
                w.raw(&format!("base_year: {b}\n"));
            }
            if !o.preface.is_empty() {
                w.raw("preface:\n");
                for b in &o.preface {
                    block(w, 2, b, &ids);
                }
            }
            if !chapter_names.is_empty() {
                w.raw("chapters:\n");
                for n in &chapter_names {
                    w.raw("  - ");
                    w.value(n);
                    w.raw("\n");
                }
            }
        },
    );
    out
}

fn block(w: &mut Writer, indent: usize, b: &Block, ids: &Ids) {
    w.raw(&" ".repeat(indent));
    w.raw("- ");
    match b {
        Block::Para(l) => w.located(l),
        Block::Column(k) => {
            w.raw("column: ");
            w.value(&ids.columns[*k]);
        }
        Block::Table(k) => {
            w.raw("table: ");
            w.value(&ids.tables[*k]);
        }
    }
    w.raw("\n");
}

fn blocks(w: &mut Writer, indent: usize, body: &[Block], ids: &Ids) {
    if body.is_empty() {
        return;
    }
    w.raw(&" ".repeat(indent));
    w.raw("body:\n");
    for b in body {
        block(w, indent + 2, b, ids);
    }
}

/// Sections get ASCII ids from their position (s1-2-3): stable anchors, and the templates'
/// lookups by id are byte-indexed (tera panics on some non-ASCII keys).
fn sections(w: &mut Writer, indent: usize, secs: &[Section], ids: &Ids, prefix: &str) {
    if secs.is_empty() {
        return;
    }
    w.raw(&" ".repeat(indent));
    w.raw("sections:\n");
    for (k, s) in secs.iter().enumerate() {
        let id = format!("{prefix}-{}", k + 1);
        w.raw(&" ".repeat(indent + 2));
        w.raw("- id: ");
        w.value(&id);
        w.raw("\n");
        w.key_located(indent + 4, "title", &s.title);
        blocks(w, indent + 4, &s.body, ids);
        sections(w, indent + 4, &s.sections, ids, &id);
    }
}

fn column(w: &mut Writer, c: &Column, id: &str) {
    w.key_value(0, "id", id);
    w.key_located(0, "title", &c.title);
    w.raw("items:\n");
    for it in &c.items {
        match &it.name {
            Some(n) => {
                w.raw("  - name: ");
                w.located(n);
                w.raw("\n");
                w.key_located(4, "text", &it.text);
            }
            None => {
                w.raw("  - ");
                w.located(&it.text);
                w.raw("\n");
            }
        }
    }
}

fn table(w: &mut Writer, t: &Table, id: &str, ids: &[Vec<String>], o: &Outline) {
    w.key_value(0, "id", id);
    w.key_located(0, "title", &t.title);
    if let Some(b) = t.base_year {
        w.raw(&format!("base_year: {b}\n"));
    }
    let target = t.target_year.or(o.period.map(|p| p.1)).unwrap_or(2025);
    w.raw(&format!("target_year: {target}\n"));
    let named = t.categories.iter().any(|(n, _)| n.is_some());
    if named {
        w.raw("categories:\n");
    } else {
        w.raw("rows:\n");
    }
    for (k, (name, rows)) in t.categories.iter().enumerate() {
        let (pad, row_pad) = if named {
            w.raw("  - name: ");
            match name {
                Some(n) => w.located(n),
                None => w.value("其他"),
            }
            w.raw("\n    rows:\n");
            ("      ", 8)
        } else {
            ("  ", 4)
        };
        for (r, row) in rows.iter().enumerate() {
            w.raw(pad);
            w.raw("- id: ");
            w.value(&ids[k][r]);
            w.raw("\n");
            w.key_located(row_pad, "name", &row.name);
            w.key_located(row_pad, "unit", &row.unit);
            if t.base_year.is_some() || row.base.is_some() {
                match &row.base {
                    Some(b) => w.key_located(row_pad, "base", b),
                    None => w.key_value(row_pad, "base", "/"),
                }
            }
            w.key_located(row_pad, "target", &row.target);
            if let Some(n) = &row.nature {
                w.key_located(row_pad, "nature", n);
            }
            if let Some(r) = &row.responsible {
                w.key_located(row_pad, "responsible", r);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_keeps_text() {
        assert_eq!(scalar("发展目标").1, Quote::Plain);
        assert_eq!(scalar("- ◆ 条目").1, Quote::Single);
        assert_eq!(scalar("2025").1, Quote::Single);
        assert_eq!(scalar("%").1, Quote::Single);
        assert_eq!(scalar("[bookmark: _GoBack]正文").1, Quote::Single);
        assert_eq!(scalar("a\u{7}b").1, Quote::Double);
        let (y, q) = scalar("it's");
        assert_eq!(value_offset(&y, q, y.find('s').unwrap()), 3);
    }
}
