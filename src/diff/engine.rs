//! The walk that produces the 修订对照表: both plans indexed once, headings matched by id, then
//! the new plan read in order with the old plan's removed parts merged in at their old place.

use rustc_hash::FxHashMap;

use super::align::{self, Slot};
use super::text::{self, Codec};
use super::{ChangeKind, Entry, IndicatorChange, SegKind, Segment, Shift, Target};
use crate::model::numbering::heading_number;
use crate::model::{Block, Column, ColumnItem, Figure, IndicatorTable, Plan, Section, Text};

/// A body: the plan's preface or a heading's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Ctr {
    Root,
    H(usize),
}

/// A chapter (level 0) or a section, flattened.
struct Heading<'a> {
    id: &'a str,
    title: &'a Text,
    level: usize,
    number: usize,
    /// Numbers from the chapter down, e.g. 四、（一）2.
    path: String,
    parent: Ctr,
    body: &'a [Block],
    children: Vec<usize>,
    reason: Option<&'a Text>,
}

impl Heading<'_> {
    fn location(&self) -> String {
        format!("{}{}", self.path, self.title.value)
    }

    fn target(&self) -> Target {
        if self.level == 0 {
            Target::Chapter
        } else {
            Target::Section
        }
    }
}

/// One plan's headings in reading order, and where each 专栏 and table is first placed.
struct Outline<'a> {
    plan: &'a Plan,
    heads: Vec<Heading<'a>>,
    roots: Vec<usize>,
    by_id: FxHashMap<&'a str, usize>,
    columns: FxHashMap<&'a str, (Ctr, usize)>,
    tables: FxHashMap<&'a str, (Ctr, usize)>,
}

impl<'a> Outline<'a> {
    fn new(plan: &'a Plan) -> Outline<'a> {
        let mut o = Outline {
            plan,
            heads: Vec::new(),
            roots: Vec::new(),
            by_id: FxHashMap::default(),
            columns: FxHashMap::default(),
            tables: FxHashMap::default(),
        };
        for ch in &plan.chapters {
            let idx = o.heads.len();
            o.heads.push(Heading {
                id: &ch.id.value,
                title: &ch.title,
                level: 0,
                number: ch.number,
                path: heading_number(0, ch.number),
                parent: Ctr::Root,
                body: &ch.body,
                children: Vec::new(),
                reason: ch.reason.as_ref(),
            });
            o.roots.push(idx);
            o.sections(&ch.sections, idx);
        }
        for (i, h) in o.heads.iter().enumerate() {
            o.by_id.entry(h.id).or_insert(i);
        }
        let bodies = std::iter::once((Ctr::Root, plan.preface.as_slice()))
            .chain(o.heads.iter().enumerate().map(|(i, h)| (Ctr::H(i), h.body)));
        let (mut columns, mut tables) = (FxHashMap::default(), FxHashMap::default());
        for (ctr, body) in bodies {
            for (b, block) in body.iter().enumerate() {
                match block {
                    Block::Column(id) => {
                        columns.entry(id.value.as_str()).or_insert((ctr, b));
                    }
                    Block::Table(id) => {
                        tables.entry(id.value.as_str()).or_insert((ctr, b));
                    }
                    _ => {}
                }
            }
        }
        o.columns = columns;
        o.tables = tables;
        o
    }

    fn sections(&mut self, secs: &'a [Section], parent: usize) {
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
                parent: Ctr::H(parent),
                body: &s.body,
                children: Vec::new(),
                reason: s.reason.as_ref(),
            });
            self.heads[parent].children.push(idx);
            self.sections(&s.sections, idx);
        }
    }

    fn body(&self, c: Ctr) -> &'a [Block] {
        match c {
            Ctr::Root => &self.plan.preface,
            Ctr::H(i) => self.heads[i].body,
        }
    }

    fn children(&self, c: Ctr) -> &[usize] {
        match c {
            Ctr::Root => &self.roots,
            Ctr::H(i) => &self.heads[i].children,
        }
    }

    /// Where a body is, for the 位置 column.
    fn place(&self, c: Ctr) -> String {
        match c {
            Ctr::Root => "导言".into(),
            Ctr::H(i) => self.heads[i].location(),
        }
    }

    fn reason(&self, c: Ctr) -> Option<&'a Text> {
        match c {
            Ctr::Root => None,
            Ctr::H(i) => self.heads[i].reason,
        }
    }
}

fn column_label(c: &Column) -> String {
    if c.number > 0 {
        format!("专栏{} {}", c.number, c.title.value)
    } else {
        format!("专栏 {}", c.title.value)
    }
}

fn table_label(t: &IndicatorTable) -> String {
    if t.number > 0 {
        format!("表{} {}", t.number, t.title.value)
    } else {
        format!("表 {}", t.title.value)
    }
}

fn table_number(t: &IndicatorTable) -> String {
    if t.number > 0 {
        format!("表{}", t.number)
    } else {
        "表".into()
    }
}

/// What a table is, as one comparable line: title and years.
fn table_text(t: &IndicatorTable) -> String {
    match t.base_year {
        Some(b) => format!(
            "{}（基期{}年，目标{}年）",
            t.title.value, b.value, t.target_year.value
        ),
        None => format!("{}（目标{}年）", t.title.value, t.target_year.value),
    }
}

/// A paragraph or list item of a body, or a 专栏 / table placed there.
enum UnitKind<'a> {
    Para(&'a Text),
    Item(&'a Text),
    Column(&'a str),
    Table(&'a str),
}

struct Unit<'a> {
    kind: UnitKind<'a>,
    block: usize,
    /// 第N段 (paragraphs and lists count), 第M项.
    para: usize,
    item: usize,
    key: String,
}

impl Unit<'_> {
    fn is_text(&self) -> bool {
        matches!(self.kind, UnitKind::Para(_) | UnitKind::Item(_))
    }

    fn suffix(&self) -> String {
        match self.kind {
            UnitKind::Item(_) => format!("第{}段第{}项", self.para, self.item),
            _ => format!("第{}段", self.para),
        }
    }

    fn target(&self) -> Target {
        match self.kind {
            UnitKind::Item(_) => Target::ListItem,
            _ => Target::Paragraph,
        }
    }
}

pub(super) struct Differ<'a> {
    o: Outline<'a>,
    n: Outline<'a>,
    old_of: Vec<Option<usize>>,
    new_of: Vec<Option<usize>>,
    codec: Codec,
    entries: Vec<Entry>,
    shifts: Vec<Shift>,
}

fn segments(text: &str, kind: SegKind) -> Vec<Segment> {
    let mut v = Vec::new();
    text::push_text(&mut v, text, kind);
    v
}

impl<'a> Differ<'a> {
    pub fn new(old: &'a Plan, new: &'a Plan) -> Differ<'a> {
        let o = Outline::new(old);
        let n = Outline::new(new);
        let mut old_of = vec![None; n.heads.len()];
        let mut new_of = vec![None; o.heads.len()];
        for (j, h) in n.heads.iter().enumerate() {
            if let Some(&m) = o.by_id.get(h.id)
                && new_of[m].is_none()
            {
                old_of[j] = Some(m);
                new_of[m] = Some(j);
            }
        }
        let mut d = Differ {
            o,
            n,
            old_of,
            new_of,
            codec: Codec::default(),
            entries: Vec::new(),
            shifts: Vec::new(),
        };
        d.match_renamed(Ctr::Root, Some(Ctr::Root));
        for j in 0..d.n.heads.len() {
            let old = d.old_of[j].map(Ctr::H);
            d.match_renamed(Ctr::H(j), old);
        }
        d
    }

    /// Headings left unmatched by id under matched parents (an id that was derived from a
    /// title that changed): paired when their title and text are similar enough.
    fn match_renamed(&mut self, new: Ctr, old: Option<Ctr>) {
        let Some(old) = old else { return };
        let nl: Vec<usize> = self
            .n
            .children(new)
            .iter()
            .copied()
            .filter(|&j| self.old_of[j].is_none())
            .collect();
        let ol: Vec<usize> = self
            .o
            .children(old)
            .iter()
            .copied()
            .filter(|&m| self.new_of[m].is_none())
            .collect();
        if nl.is_empty() || ol.is_empty() {
            return;
        }
        let nk: Vec<String> = nl.iter().map(|&j| self.heading_key(true, j)).collect();
        let ok: Vec<String> = ol.iter().map(|&m| self.heading_key(false, m)).collect();
        let nr: Vec<&str> = nk.iter().map(String::as_str).collect();
        let or: Vec<&str> = ok.iter().map(String::as_str).collect();
        for (i, j) in align::align(&or, &nr, |_, _| true) {
            self.old_of[nl[j]] = Some(ol[i]);
            self.new_of[ol[i]] = Some(nl[j]);
        }
    }

    fn heading_key(&mut self, new: bool, h: usize) -> String {
        let outline = if new { &self.n } else { &self.o };
        let head = &outline.heads[h];
        let (title, body) = (head.title, head.body);
        let mut s = self.codec.key(&title.value);
        for b in body {
            match b {
                Block::Paragraph(t) => s.push_str(&self.codec.key(&t.value)),
                Block::List(items) => items
                    .iter()
                    .for_each(|t| s.push_str(&self.codec.key(&t.value))),
                _ => {}
            }
        }
        s
    }

    pub fn run(mut self) -> (Vec<Entry>, Vec<Shift>) {
        let (old, new) = (self.o.plan, self.n.plan);
        if old.title.value != new.title.value {
            let (ok, nk) = (
                self.codec.key(&old.title.value),
                self.codec.key(&new.title.value),
            );
            let (o, n) = text::diff_cells(&self.codec, old, new, &ok, &nk);
            self.push(
                ChangeKind::Changed,
                Target::Title,
                "规划名称".into(),
                None,
                o,
                n,
                None,
            );
        }
        self.body(Ctr::Root, Some(Ctr::Root));
        self.children(Ctr::Root, Some(Ctr::Root));
        // 专栏 and tables placed nowhere (only in plans with load errors): at the end.
        for c in &new.columns {
            if !self.n.columns.contains_key(c.id.value.as_str()) {
                self.column(c);
            }
        }
        for c in &old.columns {
            if !self.o.columns.contains_key(c.id.value.as_str())
                && new.column(&c.id.value).is_none()
            {
                self.removed_column(c);
            }
        }
        for t in &new.tables {
            if !self.n.tables.contains_key(t.id.value.as_str()) {
                self.table(t);
            }
        }
        for t in &old.tables {
            if !self.o.tables.contains_key(t.id.value.as_str()) && new.table(&t.id.value).is_none()
            {
                self.removed_table(t);
            }
        }
        for (k, e) in self.entries.iter_mut().enumerate() {
            e.seq = k + 1;
        }
        (self.entries, self.shifts)
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        kind: ChangeKind,
        target: Target,
        location: String,
        old_location: Option<String>,
        old: Vec<Segment>,
        new: Vec<Segment>,
        reason: Option<&Text>,
    ) {
        self.entries.push(Entry {
            seq: 0,
            kind,
            kind_zh: kind.zh().into(),
            target,
            target_zh: target.zh().into(),
            location,
            old_location,
            old,
            new,
            reason: reason
                .map(|r| r.value.trim().to_string())
                .filter(|r| !r.is_empty()),
        });
    }

    /// A whole unit added: all of its text is inserted.
    fn added(&mut self, target: Target, location: String, text: &str, reason: Option<&Text>) {
        let new = segments(text, SegKind::Insert);
        self.push(
            ChangeKind::Added,
            target,
            location,
            None,
            Vec::new(),
            new,
            reason,
        );
    }

    /// A whole unit removed: all of its text is deleted.
    fn removed(&mut self, target: Target, location: String, text: &str, reason: Option<&Text>) {
        let old = segments(text, SegKind::Delete);
        self.push(
            ChangeKind::Removed,
            target,
            location,
            None,
            old,
            Vec::new(),
            reason,
        );
    }

    fn shift(&mut self, target: Target, old: String, new: String) {
        self.shifts.push(Shift {
            target,
            target_zh: target.zh().into(),
            old,
            new,
        });
    }

    /// The old counterpart of a new body.
    fn old_ctr(&self, c: Ctr) -> Option<Ctr> {
        match c {
            Ctr::Root => Some(Ctr::Root),
            Ctr::H(j) => self.old_of[j].map(Ctr::H),
        }
    }

    fn units(&mut self, body: &'a [Block]) -> Vec<Unit<'a>> {
        let mut out = Vec::new();
        let mut para = 0;
        for (b, block) in body.iter().enumerate() {
            match block {
                Block::Paragraph(t) => {
                    para += 1;
                    out.push(Unit {
                        kind: UnitKind::Para(t),
                        block: b,
                        para,
                        item: 0,
                        key: self.codec.key(&t.value),
                    });
                }
                Block::List(items) => {
                    para += 1;
                    for (k, t) in items.iter().enumerate() {
                        out.push(Unit {
                            kind: UnitKind::Item(t),
                            block: b,
                            para,
                            item: k + 1,
                            key: self.codec.key(&t.value),
                        });
                    }
                }
                Block::Column(id) => out.push(Unit {
                    kind: UnitKind::Column(&id.value),
                    block: b,
                    para,
                    item: 0,
                    key: format!("\u{0}c{}", id.value),
                }),
                Block::Table(id) => out.push(Unit {
                    kind: UnitKind::Table(&id.value),
                    block: b,
                    para,
                    item: 0,
                    key: format!("\u{0}t{}", id.value),
                }),
            }
        }
        out
    }

    /// Paragraphs and list items of one body, aligned by order; 专栏 and tables where placed.
    fn body(&mut self, new: Ctr, old: Option<Ctr>) {
        let nu = self.units(self.n.body(new));
        let ou = match old {
            Some(o) => self.units(self.o.body(o)),
            None => Vec::new(),
        };
        let nk: Vec<&str> = nu.iter().map(|u| u.key.as_str()).collect();
        let ok: Vec<&str> = ou.iter().map(|u| u.key.as_str()).collect();
        let pairs = align::align(&ok, &nk, |i, j| ou[i].is_text() && nu[j].is_text());
        let reason = self.n.reason(new);
        for slot in align::interleave(ou.len(), nu.len(), &pairs, |_| true) {
            match slot {
                Slot::New(j, counterpart) => {
                    let u = &nu[j];
                    match u.kind {
                        UnitKind::Column(id) => {
                            if self.n.columns.get(id) == Some(&(new, u.block))
                                && let Some(c) = self.n.plan.column(id)
                            {
                                self.column(c);
                            }
                        }
                        UnitKind::Table(id) => {
                            if self.n.tables.get(id) == Some(&(new, u.block))
                                && let Some(t) = self.n.plan.table(id)
                            {
                                self.table(t);
                            }
                        }
                        UnitKind::Para(t) | UnitKind::Item(t) => {
                            let note = match u.kind {
                                UnitKind::Para(_) => self.n.plan.note_for(t.span),
                                _ => None,
                            };
                            let location = format!("{} {}", self.n.place(new), u.suffix());
                            match counterpart {
                                Some(i) if ou[i].key == u.key => {}
                                Some(i) => {
                                    let (o, n) = text::diff_cells(
                                        &self.codec,
                                        self.o.plan,
                                        self.n.plan,
                                        &ou[i].key,
                                        &u.key,
                                    );
                                    self.push(
                                        ChangeKind::Changed,
                                        u.target(),
                                        location,
                                        None,
                                        o,
                                        n,
                                        note.or(reason),
                                    );
                                }
                                None => {
                                    self.added(
                                        u.target(),
                                        location,
                                        &self.codec.show(self.n.plan, &u.key),
                                        note.or(reason),
                                    );
                                }
                            }
                        }
                    }
                }
                Slot::Old(i) => {
                    let old = old.unwrap_or(Ctr::Root);
                    let u = &ou[i];
                    match u.kind {
                        UnitKind::Column(id) => {
                            if self.o.columns.get(id) == Some(&(old, u.block))
                                && self.n.plan.column(id).is_none()
                                && let Some(c) = self.o.plan.column(id)
                            {
                                self.removed_column(c);
                            }
                        }
                        UnitKind::Table(id) => {
                            if self.o.tables.get(id) == Some(&(old, u.block))
                                && self.n.plan.table(id).is_none()
                                && let Some(t) = self.o.plan.table(id)
                            {
                                self.removed_table(t);
                            }
                        }
                        UnitKind::Para(_) | UnitKind::Item(_) => {
                            let location = format!("{} {}", self.o.place(old), u.suffix());
                            self.removed(
                                u.target(),
                                location,
                                &self.codec.show(self.o.plan, &u.key),
                                reason,
                            );
                        }
                    }
                }
            }
        }
    }

    /// The child headings of a body, matched ones compared, added and removed ones whole.
    fn children(&mut self, new: Ctr, old: Option<Ctr>) {
        let nk: Vec<usize> = self.n.children(new).to_vec();
        let ok: Vec<usize> = old.map(|o| self.o.children(o).to_vec()).unwrap_or_default();
        let pos: FxHashMap<usize, usize> = ok.iter().enumerate().map(|(i, &m)| (m, i)).collect();
        let pairs: Vec<(usize, usize)> = nk
            .iter()
            .enumerate()
            .filter_map(|(jp, &j)| self.old_of[j].and_then(|m| pos.get(&m)).map(|&ip| (ip, jp)))
            .collect();
        let moved: FxHashMap<usize, bool> = pairs
            .iter()
            .zip(align::reordered(&pairs))
            .map(|(&(_, jp), m)| (jp, m))
            .collect();
        let slots = align::interleave(ok.len(), nk.len(), &pairs, |ip| {
            self.new_of[ok[ip]].is_none()
        });
        for slot in slots {
            match slot {
                Slot::New(jp, _) => self.heading(nk[jp], moved.get(&jp).copied().unwrap_or(false)),
                Slot::Old(ip) => self.removed_heading(ok[ip], new),
            }
        }
    }

    fn heading(&mut self, j: usize, reordered: bool) {
        let Some(m) = self.old_of[j] else {
            let text = self.heading_text(true, j);
            let h = &self.n.heads[j];
            let (target, location, reason) = (h.target(), h.location(), h.reason);
            self.added(target, location, &text, reason);
            self.added_contents(j);
            return;
        };
        let (nh, oh) = (&self.n.heads[j], &self.o.heads[m]);
        let parent_changed = self.old_ctr(nh.parent) != Some(oh.parent);
        let (target, location, old_location, reason) =
            (nh.target(), nh.location(), oh.location(), nh.reason);
        let (nt, ot) = (nh.title.value.clone(), oh.title.value.clone());
        let renumbered = nh.number != oh.number || nh.level != oh.level;
        let (ok, nk) = (self.codec.key(&ot), self.codec.key(&nt));
        if parent_changed || reordered {
            let (o, n) = text::diff_cells(&self.codec, self.o.plan, self.n.plan, &ok, &nk);
            self.push(
                ChangeKind::Moved,
                target,
                location,
                Some(old_location),
                o,
                n,
                reason,
            );
        } else {
            if renumbered {
                self.shift(target, old_location, location.clone());
            }
            if ok != nk {
                let (o, n) = text::diff_cells(&self.codec, self.o.plan, self.n.plan, &ok, &nk);
                self.push(ChangeKind::Changed, target, location, None, o, n, reason);
            }
        }
        self.body(Ctr::H(j), Some(Ctr::H(m)));
        self.children(Ctr::H(j), Some(Ctr::H(m)));
    }

    /// Inside an added heading: its text is in the heading's entry; what remains to report is
    /// what was placed there (专栏, tables) and headings moved in from elsewhere.
    fn added_contents(&mut self, j: usize) {
        let body = self.n.heads[j].body;
        for (b, block) in body.iter().enumerate() {
            match block {
                Block::Column(id)
                    if self.n.columns.get(id.value.as_str()) == Some(&(Ctr::H(j), b)) =>
                {
                    if let Some(c) = self.n.plan.column(&id.value) {
                        self.column(c);
                    }
                }
                Block::Table(id)
                    if self.n.tables.get(id.value.as_str()) == Some(&(Ctr::H(j), b)) =>
                {
                    if let Some(t) = self.n.plan.table(&id.value) {
                        self.table(t);
                    }
                }
                _ => {}
            }
        }
        for k in self.n.heads[j].children.clone() {
            if self.old_of[k].is_some() {
                self.heading(k, false);
            } else {
                self.added_contents(k);
            }
        }
    }

    fn removed_heading(&mut self, m: usize, container: Ctr) {
        let text = self.heading_text(false, m);
        let h = &self.o.heads[m];
        let (target, location) = (h.target(), h.location());
        let reason = self.n.reason(container);
        self.removed(target, location, &text, reason);
        self.removed_contents(m);
    }

    /// 专栏 and tables that were placed inside a removed heading and are gone too.
    fn removed_contents(&mut self, m: usize) {
        let body = self.o.heads[m].body;
        for (b, block) in body.iter().enumerate() {
            match block {
                Block::Column(id)
                    if self.o.columns.get(id.value.as_str()) == Some(&(Ctr::H(m), b))
                        && self.n.plan.column(&id.value).is_none() =>
                {
                    if let Some(c) = self.o.plan.column(&id.value) {
                        self.removed_column(c);
                    }
                }
                Block::Table(id)
                    if self.o.tables.get(id.value.as_str()) == Some(&(Ctr::H(m), b))
                        && self.n.plan.table(&id.value).is_none() =>
                {
                    if let Some(t) = self.o.plan.table(&id.value) {
                        self.removed_table(t);
                    }
                }
                _ => {}
            }
        }
        for k in self.o.heads[m].children.clone() {
            if self.new_of[k].is_none() {
                self.removed_contents(k);
            }
        }
    }

    /// A heading with its text and its unmatched subheadings, one line each, as one side shows it.
    fn heading_text(&mut self, new: bool, h: usize) -> String {
        let mut lines = Vec::new();
        self.heading_lines(new, h, &mut lines);
        lines.join("\n")
    }

    fn heading_lines(&mut self, new: bool, h: usize, lines: &mut Vec<String>) {
        let outline = if new { &self.n } else { &self.o };
        let (plan, head) = (outline.plan, &outline.heads[h]);
        let (title, body, children) = (head.location(), head.body, head.children.clone());
        lines.push(title);
        for b in body {
            let texts: Vec<&Text> = match b {
                Block::Paragraph(t) => vec![t],
                Block::List(items) => items.iter().collect(),
                _ => Vec::new(),
            };
            for t in texts {
                let key = self.codec.key(&t.value);
                lines.push(self.codec.show(plan, &key));
            }
        }
        for k in children {
            let matched = if new {
                self.old_of[k].is_some()
            } else {
                self.new_of[k].is_some()
            };
            if !matched {
                self.heading_lines(new, k, lines);
            }
        }
    }

    fn item_key(&mut self, item: &ColumnItem) -> String {
        let text = self.codec.key(&item.text.value);
        match &item.name {
            Some(name) => {
                let name = self.codec.key(&name.value);
                format!("{}。{text}", name.trim_end_matches(['。', '.']))
            }
            None => text,
        }
    }

    fn column_text(&mut self, plan: &Plan, c: &Column) -> String {
        let mut lines = vec![column_label(c)];
        for item in &c.items {
            let key = self.item_key(item);
            lines.push(format!("◆{}", self.codec.show(plan, &key)));
        }
        lines.join("\n")
    }

    /// Where a 专栏 or table sits, in the old outline's terms, for the new placement.
    fn placed_in_old_terms(&self, new: Option<&(Ctr, usize)>) -> Option<Ctr> {
        match new {
            Some((c, _)) => self.old_ctr(*c),
            None => None,
        }
    }

    /// A 专栏 or table present in both versions: moved (placed in another section), or
    /// renumbered (a shift) and/or changed in place.
    fn placed(
        &mut self,
        target: Target,
        (old_label, label): (String, String),
        renumbered: bool,
        (new_place, old_place): (Option<(Ctr, usize)>, Option<Ctr>),
        (ok, nk): (String, String),
    ) {
        let (old_plan, new_plan) = (self.o.plan, self.n.plan);
        if self.placed_in_old_terms(new_place.as_ref()) != old_place {
            let (o, n) = text::diff_cells(&self.codec, old_plan, new_plan, &ok, &nk);
            let new_loc = new_place.map_or(String::new(), |p| format!("{} ", self.n.place(p.0)));
            let old_loc = old_place.map_or(String::new(), |p| format!("{} ", self.o.place(p)));
            self.push(
                ChangeKind::Moved,
                target,
                format!("{new_loc}{label}"),
                Some(format!("{old_loc}{old_label}")),
                o,
                n,
                None,
            );
            return;
        }
        if renumbered {
            self.shift(target, old_label, label.clone());
        }
        if ok != nk {
            let (o, n) = text::diff_cells(&self.codec, old_plan, new_plan, &ok, &nk);
            self.push(ChangeKind::Changed, target, label, None, o, n, None);
        }
    }

    fn column(&mut self, c: &'a Column) {
        let (old_plan, new_plan) = (self.o.plan, self.n.plan);
        let label = column_label(c);
        let Some(oc) = old_plan.column(&c.id.value) else {
            let text = self.column_text(new_plan, c);
            self.added(Target::Column, label, &text, None);
            return;
        };
        let old_label = column_label(oc);
        let new_place = self.n.columns.get(c.id.value.as_str()).copied();
        let old_place = self.o.columns.get(oc.id.value.as_str()).map(|p| p.0);
        let (ok, nk) = (
            self.codec.key(&oc.title.value),
            self.codec.key(&c.title.value),
        );
        let renumbered = oc.number != c.number;
        self.placed(
            Target::Column,
            (old_label, label),
            renumbered,
            (new_place, old_place),
            (ok, nk),
        );
        self.items(oc, c);
    }

    /// 专栏 items: by name, then the rest by order and similarity.
    fn items(&mut self, oc: &'a Column, c: &'a Column) {
        let (old_plan, new_plan) = (self.o.plan, self.n.plan);
        let ok: Vec<String> = oc.items.iter().map(|i| self.item_key(i)).collect();
        let nk: Vec<String> = c.items.iter().map(|i| self.item_key(i)).collect();
        let mut used = vec![false; oc.items.len()];
        let mut pairs = Vec::new();
        let mut left_new = Vec::new();
        for (j, item) in c.items.iter().enumerate() {
            let hit = item.name.as_ref().and_then(|name| {
                oc.items.iter().enumerate().position(|(i, o)| {
                    !used[i]
                        && o.name
                            .as_ref()
                            .is_some_and(|n| n.value.trim() == name.value.trim())
                })
            });
            match hit {
                Some(i) => {
                    used[i] = true;
                    pairs.push((i, j));
                }
                None => left_new.push(j),
            }
        }
        let left_old: Vec<usize> = (0..oc.items.len()).filter(|&i| !used[i]).collect();
        let lo: Vec<&str> = left_old.iter().map(|&i| ok[i].as_str()).collect();
        let ln: Vec<&str> = left_new.iter().map(|&j| nk[j].as_str()).collect();
        pairs.extend(
            align::align(&lo, &ln, |_, _| true)
                .into_iter()
                .map(|(a, b)| (left_old[a], left_new[b])),
        );
        pairs.sort_unstable();
        let moved: FxHashMap<usize, bool> = pairs
            .iter()
            .zip(align::reordered(&pairs))
            .map(|(&(_, j), m)| (j, m))
            .collect();
        let (label, old_label) = (column_label(c), column_label(oc));
        let item_loc = |label: &str, item: &ColumnItem, k: usize| match &item.name {
            Some(n) => format!("{label}·{}", n.value.trim().trim_end_matches(['。', '.'])),
            None => format!("{label}·第{}项", k + 1),
        };
        for slot in align::interleave(ok.len(), nk.len(), &pairs, |_| true) {
            match slot {
                Slot::New(j, counterpart) => {
                    let item = &c.items[j];
                    let location = item_loc(&label, item, j);
                    match counterpart {
                        Some(i) if moved.get(&j).copied().unwrap_or(false) => {
                            let (o, n) =
                                text::diff_cells(&self.codec, old_plan, new_plan, &ok[i], &nk[j]);
                            let old_location = item_loc(&old_label, &oc.items[i], i);
                            self.push(
                                ChangeKind::Moved,
                                Target::ColumnItem,
                                location,
                                Some(old_location),
                                o,
                                n,
                                item.reason.as_ref(),
                            );
                        }
                        Some(i) if ok[i] == nk[j] => {}
                        Some(i) => {
                            let (o, n) =
                                text::diff_cells(&self.codec, old_plan, new_plan, &ok[i], &nk[j]);
                            self.push(
                                ChangeKind::Changed,
                                Target::ColumnItem,
                                location,
                                None,
                                o,
                                n,
                                item.reason.as_ref(),
                            );
                        }
                        None => {
                            self.added(
                                Target::ColumnItem,
                                location,
                                &self.codec.show(new_plan, &nk[j]),
                                item.reason.as_ref(),
                            );
                        }
                    }
                }
                Slot::Old(i) => {
                    let location = item_loc(&old_label, &oc.items[i], i);
                    self.removed(
                        Target::ColumnItem,
                        location,
                        &self.codec.show(old_plan, &ok[i]),
                        None,
                    );
                }
            }
        }
    }

    fn removed_column(&mut self, c: &Column) {
        let text = self.column_text(self.o.plan, c);
        self.removed(Target::Column, column_label(c), &text, None);
    }

    fn table(&mut self, t: &IndicatorTable) {
        let old_plan = self.o.plan;
        let label = table_label(t);
        let Some(ot) = old_plan.table(&t.id.value) else {
            let text = format!("{}（{}）", table_number(t), table_text(t));
            self.added(Target::Table, label, &text, None);
            return;
        };
        let old_label = table_label(ot);
        let new_place = self.n.tables.get(t.id.value.as_str()).copied();
        let old_place = self.o.tables.get(ot.id.value.as_str()).map(|p| p.0);
        let (ok, nk) = (
            self.codec.key(&table_text(ot)),
            self.codec.key(&table_text(t)),
        );
        let renumbered = ot.number != t.number;
        self.placed(
            Target::Table,
            (old_label, label),
            renumbered,
            (new_place, old_place),
            (ok, nk),
        );
    }

    fn removed_table(&mut self, t: &IndicatorTable) {
        let text = format!("{}（{}）", table_number(t), table_text(t));
        self.removed(Target::Table, table_label(t), &text, None);
    }
}

/// Every indicator row of a plan, tables in number order (unplaced ones last).
fn rows(plan: &Plan) -> Vec<(&IndicatorTable, &str, &crate::model::Indicator)> {
    let mut tables: Vec<&IndicatorTable> = plan.tables.iter().collect();
    tables.sort_by_key(|t| (t.number == 0, t.number));
    tables
        .into_iter()
        .flat_map(|t| {
            t.categories
                .iter()
                .flat_map(move |c| c.rows.iter().map(move |r| (t, c.name.value.as_str(), r)))
        })
        .collect()
}

fn figure(f: Option<&Figure>) -> String {
    f.map(Figure::to_string).unwrap_or_default()
}

/// The 指标变化 table: base and target values (and name, unit, nature, responsible unit,
/// category) that changed, and rows added or removed, in the new tables' order.
pub(super) fn indicators(old: &Plan, new: &Plan) -> Vec<IndicatorChange> {
    let (or, nr) = (rows(old), rows(new));
    let pos: FxHashMap<&str, usize> = or
        .iter()
        .enumerate()
        .map(|(i, (_, _, r))| (r.id.value.as_str(), i))
        .collect();
    let pairs: Vec<(usize, usize)> = nr
        .iter()
        .enumerate()
        .filter_map(|(j, (_, _, r))| pos.get(r.id.value.as_str()).map(|&i| (i, j)))
        .collect();
    let mut out = Vec::new();
    for slot in align::interleave(or.len(), nr.len(), &pairs, |_| true) {
        let row = |kind: ChangeKind,
                   t: &IndicatorTable,
                   r: &crate::model::Indicator,
                   field: String,
                   old: String,
                   new: String,
                   reason: Option<&Text>| IndicatorChange {
            kind,
            kind_zh: kind.zh().into(),
            id: r.id.value.clone(),
            indicator: r.name.value.clone(),
            field,
            old,
            new,
            unit: r.unit.value.clone(),
            table: table_number(t),
            reason: reason
                .map(|x| x.value.trim().to_string())
                .filter(|x| !x.is_empty()),
        };
        let base_field = |t: &IndicatorTable| {
            t.base_year.map_or("基期值".to_string(), |y| {
                format!("基期值（{}年）", y.value)
            })
        };
        let target_field = |t: &IndicatorTable| format!("目标值（{}年）", t.target_year.value);
        match slot {
            Slot::New(j, None) => {
                let (t, _, r) = nr[j];
                if let Some(b) = &r.base {
                    out.push(row(
                        ChangeKind::Added,
                        t,
                        r,
                        base_field(t),
                        String::new(),
                        b.value.to_string(),
                        r.reason.as_ref(),
                    ));
                }
                out.push(row(
                    ChangeKind::Added,
                    t,
                    r,
                    target_field(t),
                    String::new(),
                    r.target.value.to_string(),
                    r.reason.as_ref(),
                ));
            }
            Slot::Old(i) => {
                let (t, _, r) = or[i];
                if let Some(b) = &r.base {
                    out.push(row(
                        ChangeKind::Removed,
                        t,
                        r,
                        base_field(t),
                        b.value.to_string(),
                        String::new(),
                        None,
                    ));
                }
                out.push(row(
                    ChangeKind::Removed,
                    t,
                    r,
                    target_field(t),
                    r.target.value.to_string(),
                    String::new(),
                    None,
                ));
            }
            Slot::New(j, Some(i)) => {
                let ((ot, oc, o), (nt, nc, n)) = (or[i], nr[j]);
                let reason = n.reason.as_ref();
                let fields = [
                    (
                        "名称".to_string(),
                        o.name.value.clone(),
                        n.name.value.clone(),
                    ),
                    (
                        "单位".to_string(),
                        o.unit.value.clone(),
                        n.unit.value.clone(),
                    ),
                    (
                        base_field(nt),
                        figure(o.base.as_ref().map(|b| &b.value)),
                        figure(n.base.as_ref().map(|b| &b.value)),
                    ),
                    (
                        target_field(nt),
                        o.target.value.to_string(),
                        n.target.value.to_string(),
                    ),
                    (
                        "属性".to_string(),
                        o.nature
                            .map(|x| x.value.zh())
                            .unwrap_or_default()
                            .to_string(),
                        n.nature
                            .map(|x| x.value.zh())
                            .unwrap_or_default()
                            .to_string(),
                    ),
                    (
                        "责任单位".to_string(),
                        o.responsible
                            .as_ref()
                            .map(|x| x.value.clone())
                            .unwrap_or_default(),
                        n.responsible
                            .as_ref()
                            .map(|x| x.value.clone())
                            .unwrap_or_default(),
                    ),
                ];
                for (field, a, b) in fields {
                    if a.trim() != b.trim() {
                        out.push(row(ChangeKind::Changed, nt, n, field, a, b, reason));
                    }
                }
                if ot.id.value != nt.id.value || oc != nc {
                    let (a, b) = (
                        format!("{}·{oc}", table_number(ot)),
                        format!("{}·{nc}", table_number(nt)),
                    );
                    out.push(row(ChangeKind::Changed, nt, n, "类别".into(), a, b, reason));
                }
            }
        }
    }
    out
}
