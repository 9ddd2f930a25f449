//! Where in the plan a returned comment points: from its 章节条目 as written (“四、（一）2.”,
//! “第三章第二节”, “专栏3”, “表1第5项”, a title or an indicator's name), else from where its
//! 原文 is found in the released text. The plan's texts are indexed once per import.

use std::collections::{HashMap, HashSet};

use crate::model::feedback::{Target, headings, normalise};
use crate::model::numbering::{chinese_count, heading_number};
use crate::model::{Block, Plan, Section, inline};

/// How specific a target is: a quote found in several places goes to the most specific.
fn rank(t: &Target) -> u8 {
    match t {
        Target::Indicator(_) => 4,
        Target::Item { .. } => 3,
        Target::Column(_) | Target::Table(_) => 2,
        Target::Section(_) => 1,
    }
}

pub(super) struct Heading {
    pub id: String,
    /// The number path without its separators (四（一）2), for matching labels.
    skeleton: String,
    /// Own number and title, normalised: （一）做优健康服务.
    pub own: String,
    pub title: String,
    pub parent: Option<usize>,
    /// Chapter number, and the section's number within its parent.
    pub number: usize,
}

struct Entry {
    target: Target,
    /// Normalised paragraphs.
    texts: Vec<String>,
    /// The chapter or section that holds it (for a section, itself).
    section: Option<usize>,
}

/// The release's plan, indexed for anchoring: headings, and every paragraph, item and
/// indicator row with the target it belongs to.
pub struct Index<'p> {
    pub plan: &'p Plan,
    pub(super) headings: Vec<Heading>,
    entries: Vec<Entry>,
    /// Character bigrams of each heading's own text, for the nearest section.
    bigrams: Vec<HashSet<(char, char)>>,
}

impl<'p> Index<'p> {
    pub fn new(plan: &'p Plan) -> Index<'p> {
        let mut idx = Index {
            plan,
            headings: Vec::new(),
            entries: Vec::new(),
            bigrams: Vec::new(),
        };
        let paths: HashMap<String, String> = headings(plan)
            .into_iter()
            .map(|(id, path, _)| (id, path))
            .collect();
        for ch in &plan.chapters {
            let own = heading_number(0, ch.number);
            let h = idx.push_heading(&ch.id.value, &paths, &own, &ch.title.value, None, ch.number);
            idx.push_body(h, &ch.title.value, &ch.body);
            for s in &ch.sections {
                idx.walk(s, h, &paths);
            }
        }
        // 专栏 and tables not placed in any chapter are still found by their text.
        for c in &plan.columns {
            if !idx
                .entries
                .iter()
                .any(|e| e.target == Target::Column(c.id.value.clone()))
            {
                idx.push_column(None, &c.id.value);
            }
        }
        for t in &plan.tables {
            if !idx
                .entries
                .iter()
                .any(|e| e.target == Target::Table(t.id.value.clone()))
            {
                idx.push_table(None, &t.id.value);
            }
        }
        idx
    }

    fn push_heading(
        &mut self,
        id: &str,
        paths: &HashMap<String, String>,
        own: &str,
        title: &str,
        parent: Option<usize>,
        number: usize,
    ) -> usize {
        self.headings.push(Heading {
            id: id.to_string(),
            skeleton: skeleton(paths.get(id).map_or("", String::as_str)),
            own: normalise(&format!("{own}{title}")),
            title: normalise(title),
            parent,
            number,
        });
        self.headings.len() - 1
    }

    fn walk(&mut self, s: &Section, parent: usize, paths: &HashMap<String, String>) {
        let own = heading_number(s.level, s.number);
        let h = self.push_heading(
            &s.id.value,
            paths,
            &own,
            &s.title.value,
            Some(parent),
            s.number,
        );
        self.push_body(h, &s.title.value, &s.body);
        for sub in &s.sections {
            self.walk(sub, h, paths);
        }
    }

    fn push_body(&mut self, h: usize, title: &str, body: &[Block]) {
        let mut texts = vec![normalise(title)];
        for b in body {
            match b {
                Block::Paragraph(t) => texts.push(normalise(&inline::expand(self.plan, &t.value))),
                Block::List(items) => texts.extend(
                    items
                        .iter()
                        .map(|t| normalise(&inline::expand(self.plan, &t.value))),
                ),
                Block::Column(id) => self.push_column(Some(h), &id.value),
                Block::Table(id) => self.push_table(Some(h), &id.value),
            }
        }
        self.bigrams.push(bigrams(&texts.concat()));
        self.entries.push(Entry {
            target: Target::Section(self.headings[h].id.clone()),
            texts,
            section: Some(h),
        });
    }

    fn push_column(&mut self, h: Option<usize>, id: &str) {
        let Some(c) = self.plan.column(id) else {
            return;
        };
        self.entries.push(Entry {
            target: Target::Column(id.to_string()),
            texts: vec![normalise(&c.title.value)],
            section: h,
        });
        for (i, item) in c.items.iter().enumerate() {
            let name = item
                .name
                .as_ref()
                .map_or_else(|| (i + 1).to_string(), |n| n.value.clone());
            let target = Target::Item {
                column: id.to_string(),
                item: name,
            };
            let texts = crate::model::feedback::texts(self.plan, &target).unwrap_or_default();
            self.entries.push(Entry {
                target,
                texts: texts.iter().map(|t| normalise(t)).collect(),
                section: h,
            });
        }
    }

    fn push_table(&mut self, h: Option<usize>, id: &str) {
        let Some(t) = self.plan.table(id) else { return };
        self.entries.push(Entry {
            target: Target::Table(id.to_string()),
            texts: vec![normalise(&t.title.value)],
            section: h,
        });
        for i in t.indicators() {
            let target = Target::Indicator(i.id.value.clone());
            let texts = crate::model::feedback::texts(self.plan, &target).unwrap_or_default();
            self.entries.push(Entry {
                target,
                texts: texts.iter().map(|t| normalise(t)).collect(),
                section: h,
            });
        }
    }

    /// The chapter or section that holds a target (a section holds itself).
    pub fn section_of(&self, t: &Target) -> Option<String> {
        self.entries
            .iter()
            .find(|e| e.target == *t)
            .and_then(|e| e.section)
            .map(|h| self.headings[h].id.clone())
    }

    fn heading_index(&self, id: &str) -> Option<usize> {
        self.headings.iter().position(|h| h.id == id)
    }

    fn within(&self, mut h: usize, ancestor: usize) -> bool {
        loop {
            if h == ancestor {
                return true;
            }
            match self.headings[h].parent {
                Some(p) => h = p,
                None => return false,
            }
        }
    }

    /// The most specific target whose text holds the quote; with `inside`, only targets in
    /// that chapter or section.
    pub(super) fn find_quote(&self, quote: &str, inside: Option<usize>) -> Option<Target> {
        let q = quote_key(quote)?;
        let mut best: Option<&Entry> = None;
        for e in &self.entries {
            if let Some(a) = inside
                && e.section.is_none_or(|h| !self.within(h, a))
            {
                continue;
            }
            if e.texts.iter().any(|t| t.contains(&q))
                && best.is_none_or(|b| rank(&e.target) > rank(&b.target))
            {
                best = Some(e);
            }
        }
        best.map(|e| e.target.clone())
    }

    /// The section whose own text shares the most character pairs with the quote (at least a
    /// third of the quote's), for the warning on a comment that could not be anchored.
    pub fn most_similar_section(&self, quote: &str) -> Option<String> {
        let q = bigrams(&normalise(quote));
        if q.is_empty() {
            return None;
        }
        let mut best: Option<(usize, usize)> = None;
        for (h, b) in self.bigrams.iter().enumerate() {
            let score = q.intersection(b).count();
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, h));
            }
        }
        best.filter(|(s, _)| s * 3 >= q.len())
            .map(|(_, h)| self.headings[h].id.clone())
    }

    /// A heading paragraph of the plan's DOCX (“（一）做优健康服务”, or the full path, or the
    /// title alone) → the section's index.
    pub(super) fn heading_for(&self, text: &str) -> Option<usize> {
        let t = normalise(text);
        if t.is_empty() {
            return None;
        }
        self.headings
            .iter()
            .position(|h| h.own == t)
            .or_else(|| {
                let k = skeleton(&t);
                self.headings.iter().position(|h| {
                    !h.skeleton.is_empty() && k == format!("{}{}", h.skeleton, skeleton(&h.title))
                })
            })
            .or_else(|| {
                let mut found = self
                    .headings
                    .iter()
                    .enumerate()
                    .filter(|(_, h)| h.title == t);
                match (found.next(), found.next()) {
                    (Some((i, _)), None) => Some(i),
                    _ => None,
                }
            })
    }

    /// Anchor a comment by its label, then by its quote (see [`anchor_label`]).
    pub fn anchor(&self, label: &str, quote: Option<&str>) -> Option<Target> {
        let quote = quote.filter(|q| !q.trim().is_empty());
        if let Some(t) = self.by_label(label, quote) {
            return Some(t);
        }
        quote.and_then(|q| self.find_quote(q, None))
    }

    /// Refine a section to the most specific place inside it that holds the quote.
    pub(super) fn refine(&self, section: usize, quote: Option<&str>) -> Target {
        // A quote that is the title of the section or of one below it: the comment is on
        // that heading, not on a 专栏 whose text happens to hold the words.
        if let Some(q) = quote.map(normalise).filter(|q| !q.is_empty()) {
            let below = |mut h: usize| loop {
                if h == section {
                    return true;
                }
                match self.headings[h].parent {
                    Some(p) => h = p,
                    None => return false,
                }
            };
            let titled = (0..self.headings.len()).find(|&h| {
                below(h) && (normalise(&self.headings[h].title) == q || self.headings[h].own == q)
            });
            if let Some(h) = titled {
                return Target::Section(self.headings[h].id.clone());
            }
        }
        quote
            .and_then(|q| self.find_quote(q, Some(section)))
            .unwrap_or_else(|| Target::Section(self.headings[section].id.clone()))
    }

    fn by_label(&self, label: &str, quote: Option<&str>) -> Option<Target> {
        let l: String = normalise(label)
            .chars()
            .map(|c| match c {
                '(' => '（',
                ')' => '）',
                '．' => '.',
                c => c,
            })
            .collect();
        if l.is_empty() {
            return None;
        }
        if let Some(t) = self.column_label(&l, quote) {
            return Some(t);
        }
        if let Some(t) = self.table_label(&l, quote) {
            return Some(t);
        }
        if let Some(h) = self.chapter_label(&l).or_else(|| self.path_label(&l)) {
            return Some(self.refine(h, quote));
        }
        self.name_label(&l, quote)
    }

    /// 专栏3, 专栏三, 专栏3 国家区域医疗中心.
    fn column_label(&self, l: &str, quote: Option<&str>) -> Option<Target> {
        let i = l.find("专栏")?;
        let (n, rest) = number_at(&l[i + "专栏".len()..])?;
        let c = self
            .plan
            .columns
            .iter()
            .find(|c| c.number.get() == Some(n))?;
        let id = c.id.value.clone();
        let named = c
            .items
            .iter()
            .filter_map(|it| it.name.as_ref())
            .filter(|name| !rest.is_empty() && rest.contains(&normalise(&name.value)))
            .max_by_key(|name| name.value.len());
        if let Some(name) = named {
            return Some(Target::Item {
                column: id,
                item: name.value.clone(),
            });
        }
        let in_column = quote.and_then(quote_key).and_then(|q| {
            self.entries.iter().find(|e| {
                matches!(&e.target, Target::Item { column, .. } if *column == id)
                    && e.texts.iter().any(|t| t.contains(&q))
            })
        });
        Some(in_column.map_or(Target::Column(id), |e| e.target.clone()))
    }

    /// 表1, 表1第5项, 表1序号5, 表1 医疗服务增加值.
    fn table_label(&self, l: &str, quote: Option<&str>) -> Option<Target> {
        let (n, rest) = l
            .match_indices('表')
            .filter_map(|(i, _)| number_at(&l[i + '表'.len_utf8()..]))
            .next()?;
        let t = self
            .plan
            .tables
            .iter()
            .find(|t| t.number.get() == Some(n))?;
        let seq = rest
            .strip_prefix("第")
            .or_else(|| rest.strip_prefix("序号"))
            .or(Some(rest))
            .and_then(number_at)
            .map(|(s, _)| s);
        let by_seq = seq.and_then(|s| t.indicators().find(|i| i.seq == s));
        let by_name = || {
            t.indicators()
                .filter(|i| {
                    let name = normalise(&i.name.value);
                    !name.is_empty() && rest.contains(&name)
                })
                .max_by_key(|i| i.name.value.len())
        };
        let by_quote = || {
            let q = quote.and_then(quote_key)?;
            t.indicators().find(|i| {
                normalise(&i.name.value).contains(&q) || q.contains(&normalise(&i.name.value))
            })
        };
        let found = by_seq.or_else(by_name).or_else(by_quote);
        Some(found.map_or(Target::Table(t.id.value.clone()), |i| {
            Target::Indicator(i.id.value.clone())
        }))
    }

    /// 第四章, 第四章第二节, 第4章第2节.
    fn chapter_label(&self, l: &str) -> Option<usize> {
        let rest = l.strip_prefix('第')?;
        let (ch, rest) = number_at(rest)?;
        let rest = rest.strip_prefix('章')?;
        let chapter = self
            .headings
            .iter()
            .position(|h| h.parent.is_none() && h.number == ch)?;
        let section = rest
            .strip_prefix('第')
            .and_then(number_at)
            .filter(|(_, r)| r.starts_with('节'))
            .and_then(|(n, _)| {
                self.headings
                    .iter()
                    .position(|h| h.parent == Some(chapter) && h.number == n)
            });
        Some(section.unwrap_or(chapter))
    }

    /// 四、（一）2., with or without the title after it: the longest number path the label
    /// starts with.
    fn path_label(&self, l: &str) -> Option<usize> {
        let k = skeleton(l);
        self.headings
            .iter()
            .enumerate()
            .filter(|(_, h)| {
                !h.skeleton.is_empty()
                    && k.starts_with(&h.skeleton)
                    && !k[h.skeleton.len()..].starts_with(|c: char| c.is_ascii_digit())
            })
            .max_by_key(|(_, h)| h.skeleton.len())
            .map(|(i, _)| i)
    }

    /// A label that names something: an indicator, a 专栏 item, a 专栏, a table or a section
    /// title; the longest name found in the label wins.
    fn name_label(&self, l: &str, quote: Option<&str>) -> Option<Target> {
        let mut best: Option<(usize, u8, Target)> = None;
        let mut consider = |name: &str, t: Target| {
            let name = normalise(name);
            if name.chars().count() < 2 || !l.contains(&name) {
                return;
            }
            let key = (name.len(), rank(&t));
            if best.as_ref().is_none_or(|(n, r, _)| key > (*n, *r)) {
                best = Some((key.0, key.1, t));
            }
        };
        for t in &self.plan.tables {
            consider(&t.title.value, Target::Table(t.id.value.clone()));
            for i in t.indicators() {
                consider(&i.name.value, Target::Indicator(i.id.value.clone()));
                for a in &i.aliases {
                    consider(&a.value, Target::Indicator(i.id.value.clone()));
                }
            }
        }
        for c in &self.plan.columns {
            consider(&c.title.value, Target::Column(c.id.value.clone()));
            for n in c.items.iter().filter_map(|i| i.name.as_ref()) {
                consider(
                    &n.value,
                    Target::Item {
                        column: c.id.value.clone(),
                        item: n.value.clone(),
                    },
                );
            }
        }
        for h in &self.headings {
            consider(&h.title, Target::Section(h.id.clone()));
        }
        let t = best.map(|(_, _, t)| t)?;
        Some(match t {
            Target::Section(id) => match self.heading_index(&id) {
                Some(h) => self.refine(h, quote),
                None => Target::Section(id),
            },
            t => t,
        })
    }
}

/// Anchor a comment on `plan` by the 章节条目 it was given (“四、（一）2.”, “第三章第二节”,
/// “专栏3”, “表1第5项”, a title or indicator name) and, failing that, by where its quoted
/// original text stands (the most specific place: indicator, 专栏 item, 专栏, deepest
/// section). A label that resolves wins over the quote; within a resolved section the quote
/// narrows it down. `None` when neither resolves.
pub fn anchor_label(plan: &Plan, label: &str, quote: Option<&str>) -> Option<Target> {
    Index::new(plan).anchor(label, quote)
}

/// [`anchor_label`] on an index built once.
pub fn anchor_indexed(index: &Index, label: &str, quote: Option<&str>) -> Option<Target> {
    index.anchor(label, quote)
}

/// The id of the section whose text is most like `quote`, if any is at all alike.
pub fn nearest_section(plan: &Plan, quote: &str) -> Option<String> {
    Index::new(plan).most_similar_section(quote)
}

/// A quote as searched: normalised, and when it was shortened with …… or spans lines, its
/// longest piece.
fn quote_key(quote: &str) -> Option<String> {
    let longest = quote
        .split(['\n', '…'])
        .flat_map(|p| p.split("..."))
        .map(normalise)
        .max_by_key(|p| p.chars().count())?;
    (longest.chars().count() >= 2).then_some(longest)
}

/// A number path without its separators: 四、（一）2. → 四（一）2.
fn skeleton(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '、' | '.' | '．' | ' ' | '　' | '，' | ','))
        .collect()
}

fn bigrams(s: &str) -> HashSet<(char, char)> {
    let chars: Vec<char> = s.chars().collect();
    chars.windows(2).map(|w| (w[0], w[1])).collect()
}

/// A number at the start of `s`, Arabic or Chinese (after optional spaces), and the rest.
pub(super) fn number_at(s: &str) -> Option<(usize, &str)> {
    let s = s.trim_start();
    let digits: usize = s.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 {
        return Some((s[..digits].parse().ok()?, &s[digits..]));
    }
    (1..100)
        .rev()
        .map(|n| (n, chinese_count(n)))
        .filter(|(_, c)| s.starts_with(c.as_str()))
        .max_by_key(|(_, c)| c.len())
        .map(|(n, c)| (n, &s[c.len()..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(number_at("12项"), Some((12, "项")));
        assert_eq!(number_at("十二章"), Some((12, "章")));
        assert_eq!(number_at("四、"), Some((4, "、")));
        assert_eq!(number_at("章"), None);
    }

    #[test]
    fn quotes_and_paths() {
        assert_eq!(
            quote_key("推进健康……建设医疗中心").as_deref(),
            Some("建设医疗中心")
        );
        assert_eq!(skeleton("四、（一）2."), "四（一）2");
    }
}
