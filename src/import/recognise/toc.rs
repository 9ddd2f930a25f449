//! The 目录 (I009, I010): where it stands, its entries, and how they compare with the
//! headings and 专栏 of the body. The 目录 is not imported: guihua generates it.

use super::{MAX_TITLE_CHARS, Recogniser, compact, span};
use crate::diagnostic::{Diagnostic, Severity};
use crate::import::codes;
use crate::import::draft::{Para, Piece};
use crate::import::number;

/// The 目录 title line, however it is spaced (目　录).
fn is_toc_title(s: &str) -> bool {
    compact(s) == "目录"
}

/// A 目录 line: `一、规划背景.....1`, `（一）发展背景……3`, `1. 医疗服务\t18`.
fn toc_entry(s: &str) -> Option<&str> {
    let t = s.trim_end();
    let digits = t.len() - t.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let body = &t[..t.len() - digits];
    let leader_len = body.len()
        - body
            .trim_end_matches(['.', '…', '·', '．', '-', '—', ' ', '\t', '\u{3000}', '_'])
            .len();
    let has_leader =
        body.contains("..") || body.contains('…') || body.contains('\t') || body.contains("··");
    if digits > 0 && digits <= 4 && (leader_len > 0) && has_leader {
        return Some(body[..body.len() - leader_len].trim());
    }
    // `一、规划背景 1`: a numbered title, a space and its page (a 目录 field flattened by a
    // converter, the tab turned into a space).
    let title = body.trim_end();
    if (1..=3).contains(&digits)
        && title.len() < body.len()
        && title.chars().count() <= MAX_TITLE_CHARS
        && !title.contains(['。', '；'])
        && (number::parse(title).is_some()
            || number::column_caption(title).is_some()
            || number::table_caption(title).is_some())
    {
        return Some(title);
    }
    None
}

/// The 目录 region: paragraphs Word marks as 目录, a 目录 title line and the entries after it,
/// or four or more entries in a row without a title.
pub(super) fn toc_region(pieces: &[Piece]) -> Vec<bool> {
    let mut in_toc = vec![false; pieces.len()];
    let is_entry = |k: usize| match pieces.get(k) {
        Some(Piece::Para(q)) => toc_entry(q.text.text.trim()).is_some(),
        _ => false,
    };
    let mut i = 0;
    while i < pieces.len() {
        if let Piece::Para(p) = &pieces[i] {
            if p.toc {
                in_toc[i] = true;
            } else if !is_toc_title(&p.text.text) && (i..i + 4).all(is_entry) {
                // A 目录 without its title: four or more entries in a row.
                let mut j = i;
                while is_entry(j) {
                    in_toc[j] = true;
                    j += 1;
                }
                i = j;
                continue;
            } else if is_toc_title(&p.text.text) {
                in_toc[i] = true;
                let mut j = i + 1;
                while j < pieces.len() {
                    let Piece::Para(q) = &pieces[j] else { break };
                    let t = q.text.text.trim();
                    let list_line = t.strip_prefix("- ").unwrap_or(t);
                    if q.toc
                        || toc_entry(t).is_some()
                        || matches!(
                            compact(t).as_str(),
                            "专栏" | "表" | "附表" | "专栏目录" | "表目录"
                        )
                        || number::column_caption(list_line).is_some()
                        || number::table_caption(list_line).is_some()
                    {
                        in_toc[j] = true;
                        j += 1;
                    } else {
                        break;
                    }
                }
                i = j;
                continue;
            }
        }
        i += 1;
    }
    in_toc
}

impl Recogniser {
    pub(super) fn note_toc_line(&mut self, p: &Para) {
        let t = p.text.text.trim();
        let line = t.strip_prefix("- ").unwrap_or(t);
        if let Some((num, at)) = number::column_caption(line) {
            let off = p.text.text.find(line).unwrap_or(0);
            let title = p.text.slice(off + at..off + line.len());
            let title = match toc_entry(&title.text) {
                Some(body) => title.slice(0..body.len()),
                None => title,
            };
            self.column_list.push((num, title.trimmed(), p.number));
            return;
        }
        if is_toc_title(t) || matches!(compact(t).as_str(), "专栏" | "表" | "附表") {
            return;
        }
        let body = toc_entry(t).unwrap_or(t);
        let off = p.text.text.find(body).unwrap_or(0);
        let mut loc = p.text.slice(off..off + body.len());
        if let Some(tok) = number::parse(&loc.text) {
            loc = loc.slice(tok.len..loc.text.len());
        }
        if let Some((num, _)) = &p.auto_number {
            let _ = num;
        }
        if number::table_caption(&loc.text).is_some() {
            return;
        }
        self.toc.push((loc.trimmed(), p.number));
    }

    /// 目录 entries against the headings found, in order: each mismatch reported.
    pub(super) fn compare_toc(&mut self) {
        if self.toc.is_empty() {
            return;
        }
        let found: Vec<String> = self.headings_found.iter().map(|h| h.0.clone()).collect();
        let listed: Vec<String> = self.toc.iter().map(|t| compact(&t.0.text)).collect();
        let toc = std::mem::take(&mut self.toc);
        let mut max_level = 0;
        for (k, (entry, _)) in toc.iter().enumerate() {
            if let Some(h) = self.headings_found.iter().find(|h| h.0 == listed[k]) {
                max_level = max_level.max(h.1);
            } else {
                let at = entry.draft_range(0..entry.text.len());
                let near = crate::suggest::closest(&listed[k], found.iter().map(String::as_str))
                    .map(|s| format!("正文中最接近的标题是“{s}”"))
                    .unwrap_or_else(|| "正文中没有这个标题".into());
                self.report(
                    codes::TOC_MISMATCH,
                    Severity::Warning,
                    at,
                    format!("目录中的“{}”与正文标题不一致", entry.text.trim()),
                    &format!("{near}；导入后目录由标题自动生成"),
                );
            }
        }
        let headings = std::mem::take(&mut self.headings_found);
        for (key, level, title) in &headings {
            if *level < max_level && !listed.contains(key) {
                let at = title.draft_range(0..title.text.len());
                self.report(
                    codes::TOC_MISMATCH,
                    Severity::Warning,
                    at,
                    format!("正文标题“{}”没有列入目录", title.text.trim()),
                    "目录可能没有更新；导入后目录由标题自动生成",
                );
            }
        }
        self.headings_found = headings;
    }

    /// The 专栏 list of the 目录 against the 专栏 in the body, by number.
    pub(super) fn compare_column_list(&mut self) {
        let list = std::mem::take(&mut self.column_list);
        for (num, title, _) in &list {
            let Some(n) = num else { continue };
            let body = self.out.columns.iter().find(|c| c.number == Some(*n));
            let at = title.draft_range(0..title.text.len());
            match body {
                Some(c) if compact(&c.title.text) != compact(&title.text) => {
                    let body_at = c.title.draft_range(0..c.title.text.len());
                    let d = Diagnostic::warning(
                        codes::COLUMN_LIST,
                        span(at),
                        format!(
                            "专栏目录中专栏{n}的标题“{}”与正文中的“{}”不一致",
                            title.text.trim(),
                            c.title.text.trim()
                        ),
                    )
                    .with_label("专栏目录中的标题")
                    .with_related(span(body_at), "正文中的专栏标题")
                    .with_hint("统一两处标题；导入后专栏目录由正文自动生成");
                    self.diags.push(d);
                }
                None => self.report(
                    codes::COLUMN_LIST,
                    Severity::Warning,
                    at,
                    format!("专栏目录列出了专栏{n}，正文中没有这个专栏"),
                    "删去这一行，或补上正文中的专栏",
                ),
                _ => {}
            }
        }
    }
}
