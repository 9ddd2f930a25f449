//! One version's headings flattened in reading order, with where each 专栏 and indicator table
//! is first placed, and the matching of headings between the two versions.

use rustc_hash::FxHashMap;

use super::Target;
use crate::model::numbering::heading_number;
use crate::model::{Block, Plan, Section, Text};

/// Which of the two versions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Side {
    Old,
    New,
}

/// A body of blocks: the plan's preface or a heading's (by its index in the outline).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Body {
    Preface,
    Heading(usize),
}

/// A 专栏 or an indicator table, by id, as a body places it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Placed<'a> {
    Column(&'a str),
    Table(&'a str),
}

impl<'a> Placed<'a> {
    pub fn of(block: &'a Block) -> Option<Placed<'a>> {
        match block {
            Block::Column(id) => Some(Placed::Column(&id.value)),
            Block::Table(id) => Some(Placed::Table(&id.value)),
            _ => None,
        }
    }
}

/// A chapter (level 0) or a section, flattened.
pub(super) struct Heading<'a> {
    pub id: &'a str,
    pub title: &'a Text,
    pub level: usize,
    pub number: usize,
    /// Numbers from the chapter down, e.g. 四、（一）2.
    pub path: String,
    pub parent: Body,
    pub body: &'a [Block],
    pub children: Vec<usize>,
    pub reason: Option<&'a Text>,
}

impl Heading<'_> {
    pub fn location(&self) -> String {
        format!("{}{}", self.path, self.title.value)
    }

    pub fn target(&self) -> Target {
        if self.level == 0 {
            Target::Chapter
        } else {
            Target::Section
        }
    }
}

/// One plan's headings in reading order, and where each 专栏 and table is first placed.
pub(super) struct Outline<'a> {
    pub plan: &'a Plan,
    pub heads: Vec<Heading<'a>>,
    chapters: Vec<usize>,
    by_id: FxHashMap<&'a str, usize>,
    /// The body and block index where each 专栏 / table is first placed.
    first_places: FxHashMap<Placed<'a>, (Body, usize)>,
}

impl<'a> Outline<'a> {
    pub fn new(plan: &'a Plan) -> Outline<'a> {
        let mut outline = Outline {
            plan,
            heads: Vec::new(),
            chapters: Vec::new(),
            by_id: FxHashMap::default(),
            first_places: FxHashMap::default(),
        };
        for ch in &plan.chapters {
            let idx = outline.heads.len();
            outline.heads.push(Heading {
                id: &ch.id.value,
                title: &ch.title,
                level: 0,
                number: ch.number,
                path: heading_number(0, ch.number),
                parent: Body::Preface,
                body: &ch.body,
                children: Vec::new(),
                reason: ch.reason.as_ref(),
            });
            outline.chapters.push(idx);
            outline.add_sections(&ch.sections, idx);
        }
        for (i, h) in outline.heads.iter().enumerate() {
            outline.by_id.entry(h.id).or_insert(i);
        }
        let bodies = std::iter::once((Body::Preface, plan.preface.as_slice())).chain(
            outline
                .heads
                .iter()
                .enumerate()
                .map(|(i, h)| (Body::Heading(i), h.body)),
        );
        let mut first_places = FxHashMap::default();
        for (body, blocks) in bodies {
            for (b, block) in blocks.iter().enumerate() {
                if let Some(placed) = Placed::of(block) {
                    first_places.entry(placed).or_insert((body, b));
                }
            }
        }
        outline.first_places = first_places;
        outline
    }

    fn add_sections(&mut self, secs: &'a [Section], parent: usize) {
        for s in secs {
            let idx = self.heads.len();
            let path = format!(
                "{}{}",
                self.heads[parent].path,
                heading_number(s.level, s.number)
            );
            self.heads.push(Heading {
                id: &s.id.value,
                title: &s.title,
                level: s.level,
                number: s.number,
                path,
                parent: Body::Heading(parent),
                body: &s.body,
                children: Vec::new(),
                reason: s.reason.as_ref(),
            });
            self.heads[parent].children.push(idx);
            self.add_sections(&s.sections, idx);
        }
    }

    pub fn heading_by_id(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    pub fn blocks(&self, body: Body) -> &'a [Block] {
        match body {
            Body::Preface => &self.plan.preface,
            Body::Heading(i) => self.heads[i].body,
        }
    }

    pub fn children(&self, body: Body) -> &[usize] {
        match body {
            Body::Preface => &self.chapters,
            Body::Heading(i) => &self.heads[i].children,
        }
    }

    /// Where a body is, for the 位置 column.
    pub fn place(&self, body: Body) -> String {
        match body {
            Body::Preface => "导言".into(),
            Body::Heading(i) => self.heads[i].location(),
        }
    }

    /// The headings a body is in, innermost first, as comment anchors name them.
    pub fn about(&self, body: Body) -> Vec<String> {
        let mut out = Vec::new();
        let mut at = body;
        while let Body::Heading(i) = at {
            out.push(format!("section:{}", self.heads[i].id));
            at = self.heads[i].parent;
        }
        out
    }

    pub fn reason(&self, body: Body) -> Option<&'a Text> {
        match body {
            Body::Preface => None,
            Body::Heading(i) => self.heads[i].reason,
        }
    }

    /// Where a 专栏 / table is first placed; none when no body places it.
    pub fn first_place(&self, placed: Placed) -> Option<(Body, usize)> {
        self.first_places.get(&placed).copied()
    }

    /// The 专栏 and tables whose first placement is in this heading's body.
    pub fn placed_first_in(&self, heading: usize) -> Vec<Placed<'a>> {
        let body = Body::Heading(heading);
        self.heads[heading]
            .body
            .iter()
            .enumerate()
            .filter_map(|(b, block)| {
                Placed::of(block).filter(|&p| self.first_place(p) == Some((body, b)))
            })
            .collect()
    }
}

/// Which heading of one version is which of the other.
pub(super) struct HeadingMatches {
    old_of_new: Vec<Option<usize>>,
    new_of_old: Vec<Option<usize>>,
}

impl HeadingMatches {
    /// Headings matched by id (the first old heading with the id, once).
    pub fn by_id(old: &Outline, new: &Outline) -> HeadingMatches {
        let mut matches = HeadingMatches {
            old_of_new: vec![None; new.heads.len()],
            new_of_old: vec![None; old.heads.len()],
        };
        for (j, h) in new.heads.iter().enumerate() {
            if let Some(m) = old.heading_by_id(h.id)
                && matches.new_of_old[m].is_none()
            {
                matches.pair(m, j);
            }
        }
        matches
    }

    pub fn pair(&mut self, old: usize, new: usize) {
        self.old_of_new[new] = Some(old);
        self.new_of_old[old] = Some(new);
    }

    /// The other version's heading for heading `h` of `side`.
    pub fn counterpart(&self, side: Side, h: usize) -> Option<usize> {
        match side {
            Side::Old => self.new_of_old[h],
            Side::New => self.old_of_new[h],
        }
    }

    /// The old counterpart of a new body.
    pub fn old_body(&self, new: Body) -> Option<Body> {
        match new {
            Body::Preface => Some(Body::Preface),
            Body::Heading(j) => self.old_of_new[j].map(Body::Heading),
        }
    }
}
