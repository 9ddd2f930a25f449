//! The plan as the recogniser found it, before it is written as YAML: cover data, preface,
//! chapters with nested sections, 专栏 and indicator tables, every text located in the draft.

use super::draft::Located;
use crate::model::{PlanDate, RegionLevel, Stage};

#[derive(Debug, Default)]
pub struct Outline {
    pub title: Option<Located>,
    pub stage: Option<(Stage, Located)>,
    pub issuer: Option<Located>,
    pub date: Option<(PlanDate, Located)>,
    pub region: Option<RegionGuess>,
    pub period: Option<(i32, i32, &'static str)>,
    pub base_year: Option<i32>,
    /// 主题产业, from the title: 生命健康产业.
    pub subject: Option<String>,
    pub preface: Vec<Block>,
    pub chapters: Vec<Section>,
    pub columns: Vec<Column>,
    pub tables: Vec<Table>,
    /// Counted for the report.
    pub counts: Counts,
    /// Paragraphs that could not be placed where the structure expects them and were kept as
    /// paragraphs: (第N段 or line, why).
    pub unplaced: Vec<(usize, String)>,
}

impl Outline {
    /// Indicator rows over all tables.
    pub fn indicator_count(&self) -> usize {
        self.tables
            .iter()
            .flat_map(|t| t.categories.iter())
            .map(|(_, rows)| rows.len())
            .sum()
    }
}

#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub cover: usize,
    pub headings: usize,
    pub paragraphs: usize,
    pub column_lines: usize,
    pub table_rows: usize,
    pub toc: usize,
}

impl Counts {
    pub fn total(&self) -> usize {
        self.cover
            + self.headings
            + self.paragraphs
            + self.column_lines
            + self.table_rows
            + self.toc
    }
}

#[derive(Debug, Clone)]
pub struct RegionGuess {
    pub name: String,
    pub level: RegionLevel,
    pub parent: Option<String>,
    pub from: &'static str,
}

#[derive(Debug, Clone)]
pub enum Block {
    Para(Located),
    Column(usize),
    Table(usize),
}

#[derive(Debug, Clone)]
pub struct Section {
    pub title: Located,
    /// 0 = chapter.
    pub level: usize,
    pub body: Vec<Block>,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone)]
pub struct Column {
    pub title: Located,
    pub number: Option<u32>,
    pub items: Vec<Item>,
    pub first_line: usize,
}

#[derive(Debug, Clone)]
pub struct Item {
    pub name: Option<Located>,
    pub text: Located,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub title: Located,
    pub base_year: Option<i32>,
    pub target_year: Option<i32>,
    pub categories: Vec<(Option<Located>, Vec<Row>)>,
    pub has_nature: bool,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub name: Located,
    pub unit: Located,
    pub base: Option<Located>,
    pub target: Located,
    pub nature: Option<Located>,
    pub responsible: Option<Located>,
}
