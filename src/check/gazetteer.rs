//! China's administrative divisions (data/divisions.tsv: provinces, prefectures, counties; see
//! data/README.md for source and date), and finding their names in text.

use std::collections::HashSet;

use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

const DATA: &str = include_str!("../../data/divisions.tsv");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Province,
    Prefecture,
    County,
}

#[derive(Debug)]
pub struct Division {
    pub code: u32,
    pub name: String,
    pub level: Level,
    pub parent: Option<usize>,
    pub short: Option<String>,
}

/// Short forms that are also ordinary words in plan prose ("朝阳产业", "来宾", "安康", "日照"…);
/// only their full names (朝阳市 …) are matched.
const COMMON_WORD_SHORTS: &[&str] = &[
    "朝阳", "来宾", "安康", "日照", "大同", "白银", "长治", "中山", "普洱", "黄山", "白山", "开封",
    "阿里", "山南", "哈密", "和田", "海西", "海北", "海东", "兴安", "通化", "黄石", "吉安", "永安",
    "太平", "河口", "阳光", "新华", "城关", "长安", "东方", "南山", "北海",
];

pub struct Gazetteer {
    pub divisions: Vec<Division>,
    /// Names matched in text: (name, division indices carrying it).
    patterns: Vec<(String, Vec<usize>)>,
    /// Name → index into `patterns`.
    by_name: HashMap<String, usize>,
    /// First character of a name → the byte lengths of the names starting with it, longest
    /// first. Building this takes far less than an automaton, and scanning with it is as fast
    /// for text of plan size.
    lengths: HashMap<char, Vec<usize>>,
}

/// A division name found in text.
#[derive(Debug, Clone)]
pub struct Mention {
    pub range: std::ops::Range<usize>,
    pub name: String,
    pub divisions: Vec<usize>,
}

impl Gazetteer {
    pub fn get() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| Gazetteer::parse(DATA))
    }

    fn parse(data: &str) -> Gazetteer {
        let mut divisions = Vec::new();
        let mut parents = Vec::new();
        for line in data.lines().skip(1) {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 5 {
                continue;
            }
            let Ok(code) = f[0].parse::<u32>() else {
                continue;
            };
            let level = match f[2] {
                "province" => Level::Province,
                "prefecture" => Level::Prefecture,
                _ => Level::County,
            };
            parents.push(f[3].parse::<u32>().ok());
            divisions.push(Division {
                code,
                name: f[1].to_string(),
                level,
                parent: None,
                short: Some(f[4].trim().to_string()).filter(|s| s.chars().count() >= 2),
            });
        }
        let by_code: HashMap<u32, usize> = divisions
            .iter()
            .enumerate()
            .map(|(i, d)| (d.code, i))
            .collect();
        for (i, p) in parents.into_iter().enumerate() {
            divisions[i].parent = p.and_then(|code| by_code.get(&code).copied());
        }
        let mut patterns: Vec<(String, Vec<usize>)> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::default();
        let mut add = |name: &str, i: usize, patterns: &mut Vec<(String, Vec<usize>)>| match index
            .get(name)
        {
            Some(&k) => patterns[k].1.push(i),
            None => {
                index.insert(name.to_string(), patterns.len());
                patterns.push((name.to_string(), vec![i]));
            }
        };
        for (i, d) in divisions.iter().enumerate() {
            // Two-character county names (城区, 郊区, 矿区) are ordinary words.
            if d.level != Level::County || d.name.chars().count() > 2 {
                add(&d.name, i, &mut patterns);
            }
            if d.level != Level::County
                && let Some(short) = &d.short
                && !COMMON_WORD_SHORTS.contains(&short.as_str())
            {
                add(short, i, &mut patterns);
            }
        }
        let mut lengths: HashMap<char, Vec<usize>> = HashMap::default();
        for (name, _) in &patterns {
            if let Some(c) = name.chars().next() {
                lengths.entry(c).or_default().push(name.len());
            }
        }
        for v in lengths.values_mut() {
            v.sort_unstable_by(|a, b| b.cmp(a));
            v.dedup();
        }
        let by_name = index;
        Gazetteer {
            divisions,
            patterns,
            by_name,
            lengths,
        }
    }

    /// Every division name in `text`, leftmost-longest.
    pub fn mentions(&self, text: &str) -> Vec<Mention> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < text.len() {
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            let found = self.lengths.get(&c).and_then(|lens| {
                lens.iter().find_map(|&len| {
                    text.get(i..i + len)
                        .and_then(|cand| self.by_name.get(cand))
                        .map(|&k| (k, len))
                })
            });
            match found {
                Some((k, len)) => {
                    let (name, divisions) = &self.patterns[k];
                    out.push(Mention {
                        range: i..i + len,
                        name: name.clone(),
                        divisions: divisions.clone(),
                    });
                    i += len;
                }
                None => i += c.len_utf8(),
            }
        }
        out
    }

    /// Divisions whose full name or short form is `name`.
    pub fn lookup(&self, name: &str) -> Vec<usize> {
        let name = name.trim();
        self.divisions
            .iter()
            .enumerate()
            .filter(|(_, d)| d.name == name || d.short.as_deref() == Some(name))
            .map(|(i, _)| i)
            .collect()
    }

    pub fn ancestors(&self, mut i: usize) -> Vec<usize> {
        let mut out = Vec::new();
        while let Some(p) = self.divisions[i].parent {
            out.push(p);
            i = p;
        }
        out
    }

    pub fn is_within(&self, mut i: usize, ancestor: usize) -> bool {
        loop {
            if i == ancestor {
                return true;
            }
            match self.divisions[i].parent {
                Some(p) => i = p,
                None => return false,
            }
        }
    }

    /// The divisions a plan's region counts as its own: the region (or, for a zone, the
    /// division it lies in), everything above it and everything below it.
    pub fn own_set(&self, anchors: &[usize]) -> HashSet<usize> {
        let mut own = HashSet::new();
        for &a in anchors {
            own.insert(a);
            own.extend(self.ancestors(a));
            for (i, _) in self.divisions.iter().enumerate() {
                if self.is_within(i, a) {
                    own.insert(i);
                }
            }
        }
        own
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_names_and_family() {
        let g = Gazetteer::get();
        let qhd = g.lookup("秦皇岛市")[0];
        let hebei = g.lookup("河北省")[0];
        let hg = g
            .lookup("海港区")
            .into_iter()
            .find(|&i| g.is_within(i, qhd))
            .unwrap();
        assert!(g.is_within(hg, hebei));
        let m = g.mentions("唐山市生命健康产业与承德协同，朝阳产业");
        let names: Vec<&str> = m.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["唐山市", "承德"]);
        let own = g.own_set(&[qhd]);
        assert!(own.contains(&hebei) && own.contains(&hg));
        assert!(!own.contains(&g.lookup("唐山市")[0]));
    }
}
