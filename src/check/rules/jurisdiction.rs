//! Shared by the jurisdiction rules (J001–J003): which divisions are the plan's own, and
//! how each mention of another division in the text is classified.

use rustc_hash::FxHashSet as HashSet;

use crate::check::gazetteer::{Gazetteer, Level, Mention};
use crate::check::{PlanCtx, Unit, UnitKind};
use crate::model::RegionLevel;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// In the plan's own title/metadata, its subject phrase, or an issuing body: J001.
    SelfReference,
    /// A county of another city named as if it were the plan's own: J003.
    AsOwn,
    /// Any other mention: J002 unless acknowledged.
    Other,
}

pub struct Found {
    /// Index into `PlanCtx::units`.
    pub unit: usize,
    pub mention: Mention,
    pub kind: Kind,
}

/// The gazetteer divisions a plan's region stands for (a zone: the division it lies in).
pub fn anchors(plan: &crate::model::Plan) -> Vec<usize> {
    let g = Gazetteer::get();
    let Some(region) = &plan.region else {
        return Vec::new();
    };
    let parents: Vec<usize> = region
        .parent
        .as_ref()
        .map(|p| g.lookup(&p.value))
        .unwrap_or_default();
    let own: Vec<usize> = g.lookup(&region.name.value);
    let within_parent: Vec<usize> = own
        .iter()
        .copied()
        .filter(|&i| parents.iter().any(|&p| g.is_within(i, p)))
        .collect();
    if !within_parent.is_empty() {
        within_parent
    } else if !own.is_empty() {
        own
    } else {
        parents
    }
}

pub fn own_set(ctx: &PlanCtx) -> Option<HashSet<usize>> {
    if ctx
        .plan
        .region
        .as_ref()
        .is_none_or(|r| r.level.value == RegionLevel::National)
    {
        return None;
    }
    let anchors = anchors(ctx.plan);
    if anchors.is_empty() {
        return None;
    }
    Some(Gazetteer::get().own_set(&anchors))
}

pub fn acknowledged(ctx: &PlanCtx, m: &Mention) -> bool {
    let g = Gazetteer::get();
    ctx.plan.mentions.iter().any(|a| {
        let a = a.value.trim();
        a == m.name
            || m.divisions
                .iter()
                .any(|&i| g.divisions[i].name == a || g.divisions[i].short == Some(a))
    })
}

const BODY_AFTER_FULL: &[&str] = &[
    "委",
    "政府",
    "人民政府",
    "发展和改革委员会",
    "发展改革委",
    "发改委",
];
const BODY_AFTER_SHORT: &[&str] = &[
    "市委",
    "市政府",
    "市人民政府",
    "市发展和改革委员会",
    "市发展改革委",
    "市发改委",
    "省委",
    "省政府",
    "省人民政府",
];
/// Words before a name, in its clause, that make it a partner or a benchmark, not the plan's
/// own city: 联动、合作、对接、对标、借鉴、省外 ….
const PARTNER_WORDS: &[&str] = &[
    "联动", "合作", "对接", "协同", "联合", "携手", "对标", "借鉴", "学习", "省外", "市外", "外省",
    "外市",
];
const OWN_MARKERS: &[&str] = &[
    "我市", "本市", "全市", "我省", "本省", "我区", "本区", "我县", "本县",
];

/// Endings of organisation names: a city's name inside 北京协和医院 or 上海某某科技集团 names
/// the organisation, not the city.
const ORG_SUFFIXES: &[&str] = &[
    "研究所",
    "研究院",
    "研究中心",
    "大学",
    "学院",
    "医院",
    "疗养院",
    "卫生院",
    "公司",
    "集团",
    "银行",
    "协会",
    "学会",
    "学校",
    "中学",
    "小学",
    "出版社",
    "报社",
    "电视台",
    "实验室",
    "研究基地",
    "医学中心",
];
/// Place features named after a city: 某某河、某某湖、某某路 ….
const FEATURE_SUFFIXES: &[char] = &[
    '河', '湖', '山', '路', '街', '桥', '湾', '岛', '江', '港', '峡', '岭', '泉',
];
/// Regions of China that are not divisions a plan acknowledges as other cities.
const SARS: &[&str] = &["香港", "澳门", "台湾"];

/// A division's name that, by the text around it, is not a mention of that division: part of
/// an organisation's name, a river or road named after it, or Hong Kong / Macao / Taiwan.
fn not_a_division_mention(name: &str, after: &str) -> bool {
    if SARS.iter().any(|r| name.starts_with(r)) {
        return true;
    }
    if after.starts_with(FEATURE_SUFFIXES)
        && !after.starts_with("港口")
        && !after.starts_with("山区")
    {
        return true;
    }
    // The run of Han characters right after the name, up to a punctuation mark or a
    // 的 / 等, names an organisation when it holds an organisation word.
    let end = after
        .char_indices()
        .take_while(|&(_, c)| ('\u{4e00}'..='\u{9fff}').contains(&c) && c != '等' && c != '的')
        .take(14)
        .last()
        .map_or(0, |(i, c)| i + c.len_utf8());
    let run = &after[..end];
    // An organisation word anywhere in the run: 北京大学、北京协和医院.
    run.char_indices()
        .any(|(k, _)| ORG_SUFFIXES.iter().any(|suf| run[k..].starts_with(suf)))
}

/// Every mention of a division that is not the plan's own, classified; computed once per
/// plan and shared by J001–J003.
pub fn classify<'c>(ctx: &'c PlanCtx) -> &'c [Found] {
    ctx.jurisdiction.get_or_init(|| compute(ctx, &ctx.units))
}

fn compute(ctx: &PlanCtx, units: &[Unit]) -> Vec<Found> {
    let Some(own) = own_set(ctx) else {
        return Vec::new();
    };
    let g = Gazetteer::get();
    let subject = ctx
        .plan
        .subject
        .as_ref()
        .map(|s| s.value.trim().to_string())
        .filter(|s| !s.is_empty());
    let mut out = Vec::new();
    for (ui, u) in units.iter().enumerate() {
        let mentions = g.mentions_in(&u.masked, &u.chars, &u.offsets);
        let is_own = |m: &Mention| m.divisions.iter().any(|i| own.contains(i));
        let own_county_in_list = |s: &str| {
            mentions.iter().any(|m| {
                is_own(m)
                    && m.divisions
                        .iter()
                        .any(|&i| g.divisions[i].level == Level::County)
                    && s.contains(m.name)
            })
        };
        for m in &mentions {
            if is_own(m) {
                continue;
            }
            let s: &str = &u.masked;
            let after = &s[m.range.end..];
            let before = &s[..m.range.start];
            if not_a_division_mention(m.name, after) {
                continue;
            }
            let full = m.divisions.iter().any(|&i| g.divisions[i].name == m.name);
            let body_after = if full {
                BODY_AFTER_FULL
            } else {
                BODY_AFTER_SHORT
            };
            let subject_after = subject.as_ref().is_some_and(|sub| {
                after.starts_with(sub.as_str())
                    || after
                        .strip_prefix('的')
                        .is_some_and(|a| a.starts_with(sub.as_str()))
            });
            let county = m
                .divisions
                .iter()
                .all(|&i| g.divisions[i].level == Level::County);
            // The enumeration (joined by 、) this mention sits in.
            let list_start = before
                .rfind(['，', '。', '；', '：', '（'])
                .map_or(0, |i| i + 3);
            let list_end = after
                .find(['，', '。', '；', '：', '）'])
                .map_or(s.len(), |i| m.range.end + i);
            let in_list = s[list_start..list_end].contains('、')
                && own_county_in_list(&s[list_start..list_end]);
            // Subject phrases and issuing bodies of a division the plan names on purpose
            // (plan.yaml `mentions`) are partners, not leftovers; metadata never is.
            // 联动省外锦州市生命健康产业、与…合作: the clause names the place as a partner.
            let clause = &before[before.rfind(['，', '。', '；', '：']).map_or(0, |i| i + 3)..];
            let partner = PARTNER_WORDS.iter().any(|w| clause.contains(w));
            let self_phrase = (subject_after || body_after.iter().any(|b| after.starts_with(b)))
                && !acknowledged(ctx, m)
                && !partner;
            let kind = if u.kind == UnitKind::Metadata || self_phrase {
                Kind::SelfReference
            } else if county && (OWN_MARKERS.iter().any(|w| before.ends_with(w)) || in_list) {
                Kind::AsOwn
            } else {
                Kind::Other
            };
            out.push(Found {
                unit: ui,
                mention: m.clone(),
                kind,
            });
        }
    }
    out
}
