//! The plan model: plain data that every later stage reads. Every value an author wrote keeps
//! its [`Span`]; numbers of chapters, sections, 专栏 and tables are derived once, by the
//! loader, and stored here so that renderers and checks never recount.

mod config;
pub mod date;
pub mod feedback;
mod figure;

pub use config::{Config, GlossaryEntry};
pub mod inline;
pub mod numbering;

pub use figure::{Figure, PENDING, Qualifier};

use std::path::PathBuf;

use crate::source::{SourceMap, Span};

/// A string the author wrote, with where it was written.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Text {
    pub value: String,
    pub span: Span,
}

impl Text {
    pub fn as_str(&self) -> &str {
        &self.value
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.value)
    }
}

/// Any value with the span it was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

#[derive(Debug, Default)]
pub struct Workspace {
    pub root: PathBuf,
    pub config: Config,
    pub sources: SourceMap,
    pub plans: Vec<Plan>,
}

impl Workspace {
    pub fn plan(&self, id: &str) -> Option<&Plan> {
        self.plans.iter().find(|p| p.id == id)
    }

    /// The plan whose folder holds `path` (relative to the workspace root): the plan a
    /// `check plans/<id>` or `build plans/<id>/chapters/…` is about.
    pub fn plan_at(&self, path: &std::path::Path) -> Option<&Plan> {
        self.plans
            .iter()
            .find(|p| !p.dir.as_os_str().is_empty() && path.starts_with(&p.dir))
    }

    /// Restrict `diags` to one plan: what is located in its files, or points into them
    /// (a relation of a parent about this plan), and what guihua.yaml says.
    pub fn keep_plan(&self, plan: &Plan, diags: &mut crate::diagnostic::Diagnostics) {
        diags.retain_files(|f| {
            let path = self.sources.path(f);
            path.starts_with(&plan.dir) || path == std::path::Path::new("guihua.yaml")
        });
    }
}

/// The typefaces a Chinese official document uses, by role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FontRole {
    /// 小标宋: the title.
    Title,
    /// 黑体: 一级标题.
    Heading,
    /// 楷体: 二级标题.
    Kai,
    /// 仿宋: body text.
    Body,
    /// 宋体: tables, page numbers.
    Song,
}

impl FontRole {
    pub const ALL: [FontRole; 5] = [
        FontRole::Title,
        FontRole::Heading,
        FontRole::Kai,
        FontRole::Body,
        FontRole::Song,
    ];

    /// The key in guihua.yaml's `fonts:`.
    pub fn key(self) -> &'static str {
        match self {
            FontRole::Title => "title",
            FontRole::Heading => "heading",
            FontRole::Kai => "kai",
            FontRole::Body => "body",
            FontRole::Song => "song",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            FontRole::Title => "标题（小标宋）",
            FontRole::Heading => "一级标题（黑体）",
            FontRole::Kai => "二级标题（楷体）",
            FontRole::Body => "正文（仿宋）",
            FontRole::Song => "表格和页码（宋体）",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    Draft,
    ForComment,
    ForReview,
    Final,
}

impl Stage {
    pub const ALL: [Stage; 4] = [
        Stage::Draft,
        Stage::ForComment,
        Stage::ForReview,
        Stage::Final,
    ];

    pub fn zh(self) -> &'static str {
        match self {
            Stage::Draft => "草稿",
            Stage::ForComment => "征求意见稿",
            Stage::ForReview => "送审稿",
            Stage::Final => "正式稿",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|st| st.zh() == s)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegionLevel {
    National,
    Province,
    Prefecture,
    County,
    Zone,
}

impl RegionLevel {
    pub const ALL: [RegionLevel; 5] = [
        RegionLevel::National,
        RegionLevel::Province,
        RegionLevel::Prefecture,
        RegionLevel::County,
        RegionLevel::Zone,
    ];

    pub fn zh(self) -> &'static str {
        match self {
            RegionLevel::National => "国家",
            RegionLevel::Province => "省级",
            RegionLevel::Prefecture => "地级市",
            RegionLevel::County => "县级",
            RegionLevel::Zone => "功能区",
        }
    }

    pub fn parse(s: &str) -> Option<RegionLevel> {
        RegionLevel::ALL.into_iter().find(|l| l.zh() == s)
    }
}

#[derive(Clone, Debug)]
pub struct Region {
    pub name: Text,
    pub level: Spanned<RegionLevel>,
    pub parent: Option<Text>,
    pub subdivisions: Vec<Text>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub start: i32,
    pub end: i32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlanDate {
    pub year: i32,
    pub month: u32,
    pub day: Option<u32>,
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub id: String,
    /// Directory relative to the workspace root.
    pub dir: PathBuf,
    /// Span of the whole plan.yaml, for diagnostics about the plan as such.
    pub span: Span,
    pub title: Text,
    pub short_title: Option<Text>,
    pub subject: Option<Text>,
    pub stage: Spanned<Stage>,
    /// Required from the 征求意见稿 on.
    pub issuer: Option<Text>,
    /// Required from the 征求意见稿 on.
    pub date: Option<Spanned<PlanDate>>,
    /// `None` when plan.yaml's region is missing or unreadable (reported when loading).
    pub region: Option<Region>,
    /// `None` when plan.yaml's period is missing or unreadable (reported when loading).
    pub period: Option<Spanned<Period>>,
    pub base_year: Option<Spanned<i32>>,
    pub implements: Vec<Text>,
    /// Other divisions the plan names on purpose (partners, competitors): acknowledged
    /// mentions the jurisdiction rule does not report.
    pub mentions: Vec<Text>,
    pub preface: Vec<Block>,
    pub chapters: Vec<Chapter>,
    pub columns: Vec<Column>,
    pub tables: Vec<IndicatorTable>,
    /// relations.yaml: arithmetic between this plan's indicators and with its parents'.
    pub relations: Relations,
    /// Reasons given for changed paragraphs (`- {text: …, reason: …}`), keyed by the
    /// paragraph's span.
    pub notes: Vec<(Span, Text)>,
    /// `consultation:` — how the public comments on a 征求意见稿.
    pub consultation: Option<Consultation>,
    /// Default ids of 专栏 (false) and table (true) files that could not be read (already
    /// reported): a placement of one is not reported again as missing.
    pub unreadable: Vec<(bool, String)>,
    /// feedback/*.yaml: the comments of each 征求意见 round, by file name.
    pub feedback: Vec<feedback::Round>,
}

/// The public-comment arrangements printed on a 征求意见稿's notice page.
#[derive(Debug, Clone)]
pub struct Consultation {
    pub span: Span,
    pub start: Spanned<PlanDate>,
    pub end: Spanned<PlanDate>,
    /// How to comment: 电子邮件、信函、传真、网上留言 …
    pub channels: Vec<Text>,
    pub contact: Option<Text>,
    pub email: Option<Text>,
    pub address: Option<Text>,
    pub phone: Option<Text>,
    pub fax: Option<Text>,
    pub url: Option<Text>,
    pub note: Option<Text>,
}

impl Plan {
    /// The date documents carry: the plan's date, or for a 草稿 without one, January of the
    /// period's first year (PDF metadata and such need some date; it is never printed).
    pub fn document_date(&self) -> PlanDate {
        self.date.map_or(
            PlanDate {
                year: self.period.map_or(*date::YEARS.start(), |p| p.value.start),
                month: 1,
                day: None,
            },
            |d| d.value,
        )
    }

    /// The region's name, or "" when plan.yaml has none that could be read.
    pub fn region_name(&self) -> &str {
        self.region.as_ref().map_or("", |r| r.name.value.as_str())
    }

    /// The reason noted for a paragraph, if any.
    pub fn note_for(&self, span: Span) -> Option<&Text> {
        self.notes.iter().find(|(s, _)| *s == span).map(|(_, t)| t)
    }
}

impl Plan {
    pub fn column(&self, id: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.id.value == id)
    }

    pub fn table(&self, id: &str) -> Option<&IndicatorTable> {
        self.tables.iter().find(|t| t.id.value == id)
    }

    /// An indicator and the table that holds it.
    pub fn indicator(&self, id: &str) -> Option<(&IndicatorTable, &Indicator)> {
        self.tables
            .iter()
            .flat_map(|t| t.indicators().map(move |i| (t, i)))
            .find(|(_, i)| i.id.value == id)
    }

    /// Every indicator of every table, in table order.
    pub fn indicators(&self) -> impl Iterator<Item = &Indicator> {
        self.tables.iter().flat_map(|t| t.indicators())
    }

    /// The ids of every indicator, for "是不是 …" suggestions.
    pub fn indicator_ids(&self) -> Vec<&str> {
        self.indicators().map(|i| i.id.value.as_str()).collect()
    }

    pub fn indicator_count(&self) -> usize {
        self.tables.iter().map(|t| t.indicators().count()).sum()
    }

    /// Every section of every chapter, depth first, in reading order.
    pub fn sections(&self) -> impl Iterator<Item = &Section> {
        self.chapters
            .iter()
            .flat_map(|c| c.sections.iter().flat_map(Section::walk))
    }
}

#[derive(Debug, Clone)]
pub struct Chapter {
    pub id: Text,
    /// File relative to the workspace root.
    pub file: PathBuf,
    pub title: Text,
    /// 1-based position: 一、二、…
    pub number: usize,
    pub body: Vec<Block>,
    pub sections: Vec<Section>,
    /// Why this changed since the last release (说明 in the 修订对照表).
    pub reason: Option<Text>,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub id: Text,
    pub title: Text,
    /// 1 = （一）, 2 = 1., 3 = （1）. Chapters are level 0.
    pub level: usize,
    /// 1-based position among its siblings.
    pub number: usize,
    pub body: Vec<Block>,
    pub sections: Vec<Section>,
    /// Why this changed since the last release.
    pub reason: Option<Text>,
}

impl Section {
    /// This section and all below it, depth first.
    pub fn walk(&self) -> Box<dyn Iterator<Item = &Section> + '_> {
        Box::new(std::iter::once(self).chain(self.sections.iter().flat_map(Section::walk)))
    }
}

#[derive(Debug, Clone)]
pub enum Block {
    Paragraph(Text),
    List(Vec<Text>),
    /// A 专栏 placed by id.
    Column(Text),
    /// An indicator table placed by id.
    Table(Text),
}

/// Where a 专栏 or a table stands: its number N (专栏N, 表N) from the order in which the
/// chapters first place it, or nowhere (reported as L016). Shown as N, or （未放置）.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Placement {
    At(usize),
    Unplaced,
}

impl Placement {
    pub fn is_placed(self) -> bool {
        matches!(self, Placement::At(_))
    }

    /// The number, when placed.
    pub fn get(self) -> Option<usize> {
        match self {
            Placement::At(n) => Some(n),
            Placement::Unplaced => None,
        }
    }
}

impl std::fmt::Display for Placement {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Placement::At(n) => write!(f, "{n}"),
            Placement::Unplaced => f.write_str("（未放置）"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Column {
    pub id: Text,
    pub file: PathBuf,
    pub span: Span,
    pub title: Text,
    /// 专栏N, from the order of first placement.
    pub number: Placement,
    pub items: Vec<ColumnItem>,
}

#[derive(Debug, Clone)]
pub struct ColumnItem {
    /// The bold lead, e.g. 国家区域医疗中心.
    pub name: Option<Text>,
    pub text: Text,
    /// Why this changed since the last release.
    pub reason: Option<Text>,
}

#[derive(Debug, Clone)]
pub struct IndicatorTable {
    pub id: Text,
    pub file: PathBuf,
    pub span: Span,
    pub title: Text,
    /// 表N, from the order of first placement.
    pub number: Placement,
    pub base_year: Option<Spanned<i32>>,
    pub target_year: Spanned<i32>,
    /// `extra_columns:` — columns beyond the standard ones (责任单位 is standard; 备注,
    /// 牵头单位 … are not), printed after them in this order.
    pub extra_columns: Vec<ExtraColumn>,
    pub categories: Vec<Category>,
}

/// A declared extra column of an indicator table: the row key and the printed header.
#[derive(Debug, Clone)]
pub struct ExtraColumn {
    pub key: Text,
    pub name: Text,
}

impl IndicatorTable {
    pub fn indicators(&self) -> impl Iterator<Item = &Indicator> {
        self.categories.iter().flat_map(|c| c.rows.iter())
    }
}

#[derive(Debug, Clone)]
pub struct Category {
    pub name: Text,
    pub rows: Vec<Indicator>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nature {
    Expected,
    Binding,
}

impl Nature {
    pub fn zh(self) -> &'static str {
        match self {
            Nature::Expected => "预期性",
            Nature::Binding => "约束性",
        }
    }

    pub fn parse(s: &str) -> Option<Nature> {
        [Nature::Expected, Nature::Binding]
            .into_iter()
            .find(|n| n.zh() == s)
    }
}

/// Which value of an indicator a relation concerns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum At {
    Base,
    Target,
    Both,
}

/// Whether an indicator is meant to rise or fall (a target below base is suspicious only for
/// the first).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Increase,
    Decrease,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SumKind {
    /// parts add up to the total
    Equal,
    /// parts add up to no more than the total (not every component is listed)
    AtMost,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParentKind {
    Equal,
    AtLeast,
    AtMost,
    /// this = share × parent
    ShareOf,
}

#[derive(Debug, Clone, Default)]
pub struct Relations {
    pub sums: Vec<SumRelation>,
    pub shares: Vec<ShareRelation>,
    pub parents: Vec<ParentRelation>,
    /// Parent plans whose tables must use the same base year.
    pub same_base_year: Vec<Text>,
}

#[derive(Debug, Clone)]
pub struct SumRelation {
    pub span: Span,
    pub total: Text,
    pub parts: Vec<Text>,
    pub kind: SumKind,
    pub at: At,
    /// Absolute tolerance in the total's unit.
    pub tolerance: f64,
}

#[derive(Debug, Clone)]
pub struct ShareRelation {
    pub span: Span,
    pub parts: Vec<Text>,
    /// What the shares add up to, 100 by default.
    pub total: f64,
    pub at: At,
    pub tolerance: f64,
}

#[derive(Debug, Clone)]
pub struct ParentRelation {
    pub span: Span,
    /// This plan's indicator.
    pub indicator: Text,
    /// `plan-id/indicator-id` as written, and its two halves.
    pub parent: Text,
    pub parent_plan: String,
    pub parent_indicator: String,
    pub kind: ParentKind,
    pub share: Option<f64>,
    /// Relative tolerance, e.g. 0.01 for 1%.
    pub tolerance: f64,
    pub at: At,
}

#[derive(Debug, Clone)]
pub struct Indicator {
    pub id: Text,
    /// 序号: 1-based across the whole table.
    pub seq: usize,
    pub name: Text,
    pub unit: Text,
    pub base: Option<Spanned<Figure>>,
    pub target: Spanned<Figure>,
    /// 属性: many drafts' tables have no such column.
    pub nature: Option<Spanned<Nature>>,
    pub responsible: Option<Text>,
    /// The row's cells of the table's extra columns, in their order (`None`: left empty).
    pub extra: Vec<Option<Text>>,
    pub aliases: Vec<Text>,
    pub direction: Direction,
    /// Why this changed since the last release.
    pub reason: Option<Text>,
}
