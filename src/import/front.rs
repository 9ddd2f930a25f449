//! The cover (title, stage mark, issuing body, date) and the plan's facts that are not written
//! in one place: region through the gazetteer, period, base year.

use super::draft::{Draft, Located, Para};
use super::outline::{Outline, RegionGuess};
use crate::check::gazetteer::{Gazetteer, Level};
use crate::model::{PlanDate, RegionLevel, Stage};

fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[derive(Default)]
pub struct Cover {
    pub title: Option<Located>,
    pub stage: Option<(Stage, Located)>,
    pub issuer: Option<Located>,
    pub date: Option<(PlanDate, Located)>,
    /// Piece indices the cover consumed.
    pub used: Vec<usize>,
    pub preface_heading: Option<usize>,
}

/// （征求意见稿） and its kin.
pub fn stage_mark(s: &str) -> Option<Stage> {
    let c: String = compact(s)
        .chars()
        .filter(|c| !"()（）【】[]".contains(*c))
        .collect();
    match c.as_str() {
        "征求意见稿" | "公开征求意见稿" | "征求意见稿草案" | "草案征求意见稿" => {
            Some(Stage::ForComment)
        }
        "送审稿" | "报审稿" => Some(Stage::ForReview),
        "讨论稿" | "草案" | "草稿" | "初稿" | "修改稿" => Some(Stage::Draft),
        _ => None,
    }
}

fn digit(c: char) -> Option<u32> {
    "〇一二三四五六七八九"
        .chars()
        .position(|d| d == c)
        .map(|p| p as u32)
        .or_else(|| (c == '零' || c == 'Ｏ' || c == 'O' || c == '○').then_some(0))
        .or_else(|| c.to_digit(10))
        .or_else(|| ('０'..='９').contains(&c).then(|| c as u32 - '０' as u32))
}

fn small_number(s: &str) -> Option<u32> {
    if let Ok(n) = s.parse::<u32>() {
        return Some(n);
    }
    super::number::parse_zh(s)
        .filter(|(_, n)| *n == s.len())
        .map(|(v, _)| v)
}

/// A date alone on a line: 二〇二一年九月、二零二一年 九月、2023年4月30日、2021年9月.
pub fn parse_date(s: &str) -> Option<PlanDate> {
    let c = compact(s);
    let (y, rest) = c.split_once('年')?;
    if y.chars().count() != 4 {
        return None;
    }
    let year = y
        .chars()
        .try_fold(0u32, |acc, ch| digit(ch).map(|d| acc * 10 + d))? as i32;
    let (m, rest) = rest.split_once('月')?;
    let month = small_number(m).filter(|m| (1..=12).contains(m))?;
    let day = if rest.is_empty() {
        None
    } else {
        let d = rest
            .strip_suffix('日')
            .or_else(|| rest.strip_suffix('号'))?;
        Some(small_number(d)?)
    };
    PlanDate::new(year, month, day)
}

const ISSUER_SUFFIXES: &[&str] = &[
    "委员会",
    "人民政府",
    "政府",
    "办公厅",
    "办公室",
    "管理委员会",
    "管委会",
    "领导小组",
    "局",
    "厅",
    "委",
    "部",
];

pub fn is_issuer(s: &str) -> bool {
    let c = compact(s);
    let n = c.chars().count();
    (4..=30).contains(&n)
        && !c.contains(['。', '，', ',', '：', ':', '《'])
        && ISSUER_SUFFIXES.iter().any(|suf| c.ends_with(suf))
        && !c.contains("关于")
}

const PLAN_WORDS: &[&str] = &[
    "规划",
    "方案",
    "纲要",
    "计划",
    "意见",
    "行动",
    "要点",
    "规划稿",
];

pub fn is_preface_heading(s: &str) -> bool {
    matches!(compact(s).as_str(), "导言" | "前言" | "序言" | "引言")
}

pub fn cover(paras: &[(usize, &Para)]) -> Cover {
    let mut c = Cover::default();
    // Title candidates: runs of short lines without a sentence end.
    let mut groups: Vec<Vec<(usize, &Para)>> = vec![Vec::new()];
    for &(i, p) in paras {
        let t = p.text.text.trim();
        if t.is_empty() {
            continue;
        }
        if is_preface_heading(t) {
            c.preface_heading = Some(i);
            break;
        }
        if let Some(st) = stage_mark(t) {
            if c.stage.is_none() {
                c.stage = Some((st, p.text.trimmed()));
                c.used.push(i);
            }
            groups.push(Vec::new());
            continue;
        }
        if let Some(d) = parse_date(t) {
            if c.date.is_none() {
                c.date = Some((d, p.text.trimmed()));
                c.used.push(i);
            }
            groups.push(Vec::new());
            continue;
        }
        if is_issuer(t) {
            if c.issuer.is_none() {
                c.issuer = Some(p.text.trimmed());
                c.used.push(i);
            }
            groups.push(Vec::new());
            continue;
        }
        let n = t.chars().count();
        if n > 60 || t.contains('。') {
            // Running text: ends a title group; a title may still follow (a 通知 before
            // the plan it issues).
            groups.push(Vec::new());
            continue;
        }
        groups.last_mut().expect("one").push((i, p));
    }
    let groups: Vec<_> = groups.into_iter().filter(|g| !g.is_empty()).collect();
    let joined = |g: &[(usize, &Para)]| {
        g.iter()
            .map(|(_, p)| p.text.text.trim())
            .collect::<String>()
    };
    // A title ends with a plan word, perhaps followed by its period in brackets or a stage
    // mark: 规划、（2016—2030年）规划、实施方案（征求意见稿）.
    let ends_as_title = |j: &str| {
        let mut t = j.trim_end();
        for _ in 0..2 {
            if let Some(open) = t.rfind(['（', '('])
                && t.ends_with(['）', ')'])
            {
                t = t[..open].trim_end();
            }
        }
        PLAN_WORDS.iter().any(|w| t.ends_with(w))
    };
    let pick = groups
        .iter()
        .map(|g| {
            // The title is the last lines of a run: up to three.
            let start = g.len().saturating_sub(3);
            &g[start..]
        })
        .find(|g| ends_as_title(&joined(g)))
        .or_else(|| groups.first().map(|g| &g[g.len().saturating_sub(3)..]));
    if let Some(g) = pick {
        let mut title = Located::default();
        for (i, p) in g {
            title.append(&p.text.trimmed());
            c.used.push(*i);
        }
        // A stage mark written into the title line: 规划（征求意见稿）.
        for mark in [
            "（征求意见稿）",
            "(征求意见稿)",
            "（送审稿）",
            "(送审稿)",
            "（讨论稿）",
            "（草案）",
        ] {
            if let Some(k) = title.text.rfind(mark)
                && k + mark.len() == title.text.len()
                && c.stage.is_none()
            {
                c.stage = stage_mark(mark).map(|s| (s, title.slice(k..title.text.len())));
                title = title.slice(0..k);
            }
        }
        c.title = Some(title);
    }
    c.used.sort_unstable();
    c
}

fn zone_end(title: &str) -> Option<usize> {
    [
        "示范区",
        "新区",
        "开发区",
        "高新区",
        "自贸区",
        "试验区",
        "经济区",
        "合作区",
        "实验区",
    ]
    .iter()
    .filter_map(|w| title.find(w).map(|k| k + w.len()))
    .min()
}

fn years_in(s: &str) -> Option<(i32, i32)> {
    // 2016-2030、2016—2030、2021～2025、2021至2025
    let b = s.as_bytes();
    let mut i = 0;
    while i + 4 <= b.len() {
        if b[i..i + 4].iter().all(u8::is_ascii_digit) && (i == 0 || !b[i - 1].is_ascii_digit()) {
            let a: i32 = s[i..i + 4].parse().ok()?;
            let rest = &s[i + 4..];
            let rest = rest.strip_prefix('年').unwrap_or(rest);
            let after = rest.trim_start_matches(['-', '—', '–', '－', '~', '～', '至', '到', ' ']);
            if after.len() < rest.len() && after.len() >= 4 {
                let yb = &after.as_bytes()[..4];
                if yb.iter().all(u8::is_ascii_digit) {
                    let e: i32 = after[..4].parse().ok()?;
                    if crate::model::date::YEARS.contains(&a) && a < e && e - a <= 30 {
                        return Some((a, e));
                    }
                }
            }
        }
        i += 1;
    }
    None
}

fn five_year(s: &str) -> Option<(i32, i32)> {
    [
        ("十二五", 2011),
        ("十三五", 2016),
        ("十四五", 2021),
        ("十五五", 2026),
        ("十六五", 2031),
    ]
    .iter()
    .find(|(w, _)| s.contains(w))
    .map(|&(_, y)| (y, y + 4))
}

pub fn plan_facts(out: &mut Outline, draft: &Draft) {
    let title = out
        .title
        .as_ref()
        .map(|t| t.text.clone())
        .unwrap_or_default();
    out.period = years_in(&title)
        .map(|(a, b)| (a, b, "标题"))
        .or_else(|| five_year(&title).map(|(a, b)| (a, b, "标题中的五年规划")))
        .or_else(|| {
            // 规划期限：2021-2025年 / 规划期为2016—2030年
            let t = &draft.text;
            t.match_indices("规划期")
                .find_map(|(k, _)| {
                    let end = (k + 60).min(t.len());
                    let end = (end..=t.len())
                        .find(|&e| t.is_char_boundary(e))
                        .unwrap_or(t.len());
                    years_in(&t[k..end])
                })
                .map(|(a, b)| (a, b, "正文中的规划期"))
        })
        .or_else(|| five_year(&draft.text).map(|(a, b)| (a, b, "正文中的五年规划")))
        .or_else(|| {
            let start = out.date.as_ref().map(|d| d.0.year)?;
            let end = target_years(&draft.text)
                .into_iter()
                .filter(|&y| y > start && y <= start + 15)
                .max()?;
            Some((start, end, "发布日期与正文中的目标年"))
        });
    out.base_year = out.tables.iter().find_map(|t| t.base_year);
    if let Some((start, end, _)) = out.period {
        for t in &mut out.tables {
            if t.target_year.is_none() {
                t.target_year = Some(end);
            }
            if let Some(b) = t.base_year
                && b >= start
                && out.base_year == Some(b)
            {
                // The base year lies inside the period: leave it, F004 will say so.
            }
        }
    }
    out.region = region(out, draft);
    out.subject = subject(&title, out.region.as_ref().map(|r| r.name.as_str()));
}

/// 秦皇岛市生命健康产业发展规划 → 生命健康产业: the words after the region up to 产业 / 经济
/// / 事业, when they are plain words.
fn subject(title: &str, region: Option<&str>) -> Option<String> {
    let start = region
        .and_then(|r| title.find(r).map(|k| k + r.len()))
        .unwrap_or(0);
    let rest = &title[start..];
    let end = ["产业", "经济", "事业"]
        .iter()
        .filter_map(|w| rest.find(w).map(|k| k + w.len()))
        .min()?;
    let s = rest[..end].trim();
    let ok = s.chars().count() >= 3
        && s.chars()
            .all(|c| c.is_alphanumeric() && !c.is_ascii_digit());
    ok.then(|| s.to_string())
}

/// 到2025年 / 到 2030 年: years the text sets targets for.
fn target_years(text: &str) -> Vec<i32> {
    let mut v = Vec::new();
    for (k, _) in text.match_indices('到') {
        let rest = text[k + '到'.len_utf8()..].trim_start();
        if rest.len() >= 4
            && rest.as_bytes()[..4].iter().all(u8::is_ascii_digit)
            && let Ok(y) = rest[..4].parse::<i32>()
        {
            v.push(y);
        }
    }
    v
}

fn region(out: &Outline, draft: &Draft) -> Option<RegionGuess> {
    let g = Gazetteer::get();
    let title = out.title.as_ref().map(|t| t.text.as_str()).unwrap_or("");
    let level_of = |l: Level| match l {
        Level::Province => "省级",
        Level::Prefecture => "地级市",
        Level::County => "县级",
    };
    let pick = |text: &str| -> Option<usize> {
        g.mentions(text)
            .into_iter()
            .next()
            .and_then(|m| m.divisions.first().copied())
    };
    let guessed = || {
        // Not in the gazetteer: the name the title starts with, up to 省 / 市 / 县 / 区.
        let (k, c) = title
            .char_indices()
            .take(10)
            .find(|(_, c)| "省市县区".contains(*c))?;
        let name = &title[..k + c.len_utf8()];
        let level = match c {
            '省' => "省级",
            '市' => "地级市",
            _ => "县级",
        };
        (name.chars().count() >= 2).then(|| RegionGuess {
            name: name.to_string(),
            level: RegionLevel::parse(level).expect("a level"),
            parent: None,
            from: "标题（不在内置行政区名单中）",
        })
    };
    let (div, from) = if let Some(d) = pick(title) {
        (d, "标题")
    } else if let Some(d) = out.issuer.as_ref().and_then(|i| pick(&i.text)) {
        (d, "编制单位")
    } else {
        // The division the text names most often.
        let mut counts: std::collections::BTreeMap<usize, usize> = Default::default();
        for m in g.mentions(&draft.text) {
            if let Some(&d) = m.divisions.first() {
                *counts.entry(d).or_default() += 1;
            }
        }
        let Some((&d, _)) = counts
            .iter()
            .max_by_key(|&(d, n)| (*n, std::cmp::Reverse(*d)))
        else {
            return guessed();
        };
        (d, "正文中最常出现的行政区")
    };
    let division = &g.divisions[div];
    let parent_name = |i: Option<usize>| i.map(|p| g.divisions[p].name.to_string());
    if let Some(end) = zone_end(title) {
        // A functional zone named in the title: 北戴河生命健康产业创新示范区.
        let parent = match division.level {
            Level::County => parent_name(division.parent),
            _ => Some(division.name.to_string()),
        };
        return Some(RegionGuess {
            name: title[..end].to_string(),
            level: RegionLevel::parse("功能区")?,
            parent,
            from,
        });
    }
    Some(RegionGuess {
        name: division.name.to_string(),
        level: RegionLevel::parse(level_of(division.level))?,
        parent: parent_name(division.parent),
        from,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_every_spelling() {
        let d = |s| parse_date(s).map(|d| (d.year, d.month, d.day));
        assert_eq!(d("二〇二一年九月"), Some((2021, 9, None)));
        assert_eq!(d("二零二一年 九月"), Some((2021, 9, None)));
        assert_eq!(d("2023年4月30日"), Some((2023, 4, Some(30))));
        assert_eq!(d("二〇二三年十二月"), Some((2023, 12, None)));
        assert_eq!(d("2021年十三月"), None);
        assert_eq!(d("到2025年"), None);
    }

    #[test]
    fn periods() {
        assert_eq!(years_in("发展总体规划（2016-2030年）"), Some((2016, 2030)));
        assert_eq!(years_in("（2016—2020年）"), Some((2016, 2020)));
        assert_eq!(years_in("2021年至2025年"), Some((2021, 2025)));
        assert_eq!(five_year("生命健康产业发展 十四五规划"), Some((2021, 2025)));
    }

    #[test]
    fn issuers_and_stages() {
        assert!(is_issuer("秦皇岛市发展和改革委员会"));
        assert!(is_issuer("河北省人民政府办公厅"));
        assert!(!is_issuer("关于印发方案的通知"));
        assert_eq!(stage_mark("(征求意见稿)"), Some(Stage::ForComment));
    }
}
