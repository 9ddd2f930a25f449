//! `--link-figures`: a figure in the prose that equals an imported indicator's target, in a
//! paragraph that names the indicator, becomes a reference, so the number has one source.

use super::draft::Located;
use super::emit;
use super::outline::{Block, Outline, Section};

/// One replacement made, for the report: where (a draft offset), what, and with what.
#[derive(Debug, Clone)]
pub struct Link {
    pub at: usize,
    pub figure: String,
    pub reference: String,
}

struct Target {
    name: String,
    /// The name without a parenthesis: 生物医药（包括中医药）增加值 → 生物医药增加值.
    short: String,
    figure: String,
    unit: String,
    id: String,
}

fn without_parens(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in s.chars() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = (depth as i32 - 1).max(0) as usize,
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

fn targets(o: &Outline) -> Vec<Target> {
    let ids = emit::ids(o);
    let mut out = Vec::new();
    for (t, table) in o.tables.iter().enumerate() {
        for (c, (_, rows)) in table.categories.iter().enumerate() {
            for (r, row) in rows.iter().enumerate() {
                let figure = row.target.text.trim().to_string();
                // Only plain numbers: 350, 21.80, 接近1000. A qualifier after the number
                // (20以上) would print before the unit.
                let plain = crate::model::Figure::parse(&figure).is_some_and(|f| {
                    f.value().is_some() && f.qualifier().is_none_or(|q| q.is_prefix())
                });
                if !plain || row.unit.text.trim().is_empty() {
                    continue;
                }
                let name = row.name.text.trim().to_string();
                out.push(Target {
                    short: without_parens(&name),
                    name,
                    figure,
                    unit: row.unit.text.trim().to_string(),
                    id: ids.indicators[t][c][r].clone(),
                });
            }
        }
    }
    out
}

fn link_text(l: &mut Located, targets: &[Target], links: &mut Vec<Link>) {
    for t in targets {
        let named = [&t.name, &t.short]
            .iter()
            .filter(|n| n.chars().count() >= 2)
            .find_map(|n| l.text.find(n.as_str()).map(|k| k + n.len()));
        let Some(from) = named else { continue };
        for written in [
            format!("{}{}", t.figure, t.unit),
            format!("{} {}", t.figure, t.unit),
        ] {
            let Some(k) = l.text[from..].find(&written).map(|k| k + from) else {
                continue;
            };
            // Not part of a longer number: 1350亿元 does not hold 350亿元.
            let before = l.text[..k].chars().last();
            if before.is_some_and(|c| c.is_ascii_digit() || c == '.') {
                continue;
            }
            let reference = format!("{{{{{}.target}}}}{{{{{}.unit}}}}", t.id, t.id);
            let mut out = l.slice(0..k);
            out.push_synthetic(&reference);
            out.append(&l.slice(k + written.len()..l.text.len()));
            links.push(Link {
                at: l.draft_offset(k),
                figure: written.clone(),
                reference,
            });
            *l = out;
            break;
        }
    }
}

fn link_blocks(blocks: &mut [Block], targets: &[Target], links: &mut Vec<Link>) {
    for b in blocks {
        if let Block::Para(l) = b {
            link_text(l, targets, links);
        }
    }
}

fn link_sections(secs: &mut [Section], targets: &[Target], links: &mut Vec<Link>) {
    for s in secs {
        link_blocks(&mut s.body, targets, links);
        link_sections(&mut s.sections, targets, links);
    }
}

/// Replace figures by references throughout the outline; every replacement is returned.
pub fn link_figures(o: &mut Outline) -> Vec<Link> {
    let targets = targets(o);
    let mut links = Vec::new();
    link_blocks(&mut o.preface, &targets, &mut links);
    link_sections(&mut o.chapters, &targets, &mut links);
    for c in &mut o.columns {
        for it in &mut c.items {
            link_text(&mut it.text, &targets, &mut links);
        }
    }
    links
}
