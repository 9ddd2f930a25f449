//! The semantic diff of two versions of one plan: the 修订对照表.
//!
//! [`diff_plans`] compares the two models, never the files: chapters and sections are matched
//! by id across the whole plan, 专栏 and indicator tables by id, 专栏 items by name (or by text
//! similarity when unnamed), indicator rows by id, and the paragraphs and list items of one
//! heading by order (a sequence diff, with similar deleted/inserted neighbours paired as one
//! change). Renumbering alone is not a change: numbers that moved only because something was
//! inserted or removed before them are listed as [`Shift`]s. Prose is compared as written
//! (references `{{…}}` as references, inline Markdown as its visible text), shown with the
//! references expanded, and diffed by character (CJK has no spaces to split on).
//!
//! Everything comes out in the new version's reading order, removed things at their old
//! place, so the same two versions always give the same table.

mod align;
mod columns;
pub mod compare;
mod differ;
mod indicators;
mod outline;
mod prose;
mod render;
mod text;
pub mod versions;

use serde::{Deserialize, Serialize};

use crate::model::Plan;

pub use render::{render_html, render_md};

/// What happened to one thing.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
    Moved,
}

impl ChangeKind {
    pub fn zh(self) -> &'static str {
        match self {
            ChangeKind::Added => "新增",
            ChangeKind::Removed => "删除",
            ChangeKind::Changed => "修改",
            ChangeKind::Moved => "移动",
        }
    }
}

/// The kind of thing an entry is about.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// The plan's title.
    Title,
    Chapter,
    Section,
    Paragraph,
    ListItem,
    /// A 专栏 as a whole (its title, its place).
    Column,
    ColumnItem,
    /// An indicator table as a whole (title, years, place); its rows are in `indicators`.
    Table,
}

impl Target {
    pub fn zh(self) -> &'static str {
        match self {
            Target::Title => "规划名称",
            Target::Chapter => "章",
            Target::Section => "节",
            Target::Paragraph => "段落",
            Target::ListItem => "列表项",
            Target::Column => "专栏",
            Target::ColumnItem => "专栏条目",
            Target::Table => "指标表",
        }
    }
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum SegKind {
    Equal,
    Insert,
    Delete,
}

/// A run of text with one mark. A line break is a segment of its own, text `"\n"`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub kind: SegKind,
}

/// One row of the 修订对照表.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// 序号, from 1.
    pub seq: usize,
    pub kind: ChangeKind,
    /// 新增 / 删除 / 修改 / 移动
    pub kind_zh: String,
    pub target: Target,
    /// 章 / 节 / 段落 …
    pub target_zh: String,
    /// Number and title path in the new version, e.g. “四、（一）2.健康养老 第2段”; in the old
    /// version for removals.
    pub location: String,
    /// Where a moved thing was.
    pub old_location: Option<String>,
    /// 原文: equal and deleted segments (empty for additions).
    pub old: Vec<Segment>,
    /// 修改后: equal and inserted segments (empty for removals).
    pub new: Vec<Segment>,
    /// 说明: the reason given in the new version's sources, if any.
    pub reason: Option<String>,
    /// What the entry is about, as comment anchors name it: `section:id` (innermost heading
    /// first, then its parents), `column:id`, `item:id/name`, `item:id/N`, `table:id`.
    #[serde(skip)]
    pub about: Vec<String>,
}

/// One changed value of the 指标变化 table.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct IndicatorChange {
    pub kind: ChangeKind,
    pub kind_zh: String,
    pub id: String,
    /// 指标: the indicator's name (the new one unless removed).
    pub indicator: String,
    /// Which value: 目标值（2025年）, 基期值（2019年）, 名称, 单位, 属性, 责任单位, 类别.
    pub field: String,
    /// 原值 (empty for additions).
    pub old: String,
    /// 新值 (empty for removals).
    pub new: String,
    /// 单位
    pub unit: String,
    /// 表1 …, the table holding the row.
    pub table: String,
    pub reason: Option<String>,
}

/// A number that changed only because something was inserted, removed or moved before it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Shift {
    pub target: Target,
    pub target_zh: String,
    /// e.g. 二、（三）发展目标
    pub old: String,
    /// e.g. 二、（四）发展目标
    pub new: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Rows of the 修订对照表.
    pub entries: usize,
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
    pub moved: usize,
    /// Rows of the 指标变化 table.
    pub indicator_rows: usize,
    /// Distinct indicators changed, added, removed.
    pub indicators_changed: usize,
    pub indicators_added: usize,
    pub indicators_removed: usize,
    pub shifts: usize,
}

/// The whole comparison; see the module documentation.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct PlanDiff {
    pub plan_id: String,
    /// The plan's title in the new version.
    pub title: String,
    /// How the two versions are called in the table's head (stage and date by default).
    pub old_label: String,
    pub new_label: String,
    pub entries: Vec<Entry>,
    pub indicators: Vec<IndicatorChange>,
    pub shifts: Vec<Shift>,
    pub summary: Summary,
}

impl PlanDiff {
    /// Replace the default labels (a release name, a git revision …).
    pub fn with_labels(mut self, old: &str, new: &str) -> PlanDiff {
        self.old_label = old.to_string();
        self.new_label = new.to_string();
        self
    }

    /// Nothing changed, not even a number.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty() && self.indicators.is_empty() && self.shifts.is_empty()
    }
}

/// Default label of a version: its stage and date, e.g. 征求意见稿（二〇二一年九月）.
pub fn version_label(plan: &Plan) -> String {
    format!(
        "{}（{}）",
        plan.stage.value.zh(),
        crate::model::inline::plan_date(plan)
    )
}

/// Compare two versions of a plan. Pure: the same two models always give the same diff.
pub fn diff_plans(old: &Plan, new: &Plan) -> PlanDiff {
    let (entries, shifts) = differ::Differ::new(old, new).run();
    let indicators = indicators::indicators(old, new);
    let mut summary = Summary {
        entries: entries.len(),
        shifts: shifts.len(),
        indicator_rows: indicators.len(),
        ..Summary::default()
    };
    for e in &entries {
        match e.kind {
            ChangeKind::Added => summary.added += 1,
            ChangeKind::Removed => summary.removed += 1,
            ChangeKind::Changed => summary.changed += 1,
            ChangeKind::Moved => summary.moved += 1,
        }
    }
    let mut ids: Vec<(ChangeKind, &str)> =
        indicators.iter().map(|i| (i.kind, i.id.as_str())).collect();
    ids.dedup();
    for (kind, _) in ids {
        match kind {
            ChangeKind::Added => summary.indicators_added += 1,
            ChangeKind::Removed => summary.indicators_removed += 1,
            _ => summary.indicators_changed += 1,
        }
    }
    PlanDiff {
        plan_id: new.id.clone(),
        title: new.title.value.clone(),
        old_label: version_label(old),
        new_label: version_label(new),
        entries,
        indicators,
        shifts,
        summary,
    }
}
