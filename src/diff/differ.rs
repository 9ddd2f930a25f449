//! The walk that produces the 修订对照表: both plans outlined once, headings matched by id
//! (then renamed ones by similarity), then the new plan read in order with the old plan's
//! removed parts merged in at their old place. The prose of each body is compared in
//! [`super::prose`], 专栏 and tables in [`super::columns`].

use rustc_hash::FxHashMap;

use super::align::{self, Slot};
use super::outline::{Body, HeadingMatches, Outline, Placed, Side};
use super::text::{self, Codec};
use super::{ChangeKind, Entry, SegKind, Segment, Shift, Target};
use crate::model::{Block, Plan, Text};

/// What an entry is about and where it is.
pub(super) struct At {
    pub target: Target,
    pub location: String,
    /// Where a moved thing was.
    pub old_location: Option<String>,
    /// What the entry is about, as comment anchors name it (`section:id`, `column:id` …).
    pub about: Vec<String>,
}

impl At {
    pub fn new(target: Target, location: String) -> At {
        At {
            target,
            location,
            old_location: None,
            about: Vec::new(),
        }
    }

    pub fn about(self, about: Vec<String>) -> At {
        At { about, ..self }
    }

    pub fn moved_from(self, old_location: String) -> At {
        At {
            old_location: Some(old_location),
            ..self
        }
    }
}

pub(super) struct Differ<'a> {
    pub old: Outline<'a>,
    pub new: Outline<'a>,
    pub matches: HeadingMatches,
    pub codec: Codec,
    entries: Vec<Entry>,
    shifts: Vec<Shift>,
}

impl<'a> Differ<'a> {
    pub fn new(old: &'a Plan, new: &'a Plan) -> Differ<'a> {
        let old = Outline::new(old);
        let new = Outline::new(new);
        let matches = HeadingMatches::by_id(&old, &new);
        let mut d = Differ {
            old,
            new,
            matches,
            codec: Codec::default(),
            entries: Vec::new(),
            shifts: Vec::new(),
        };
        d.match_renamed(Body::Preface, Some(Body::Preface));
        for j in 0..d.new.heads.len() {
            let old = d.matches.old_body(Body::Heading(j));
            d.match_renamed(Body::Heading(j), old);
        }
        d
    }

    pub fn outline(&self, side: Side) -> &Outline<'a> {
        match side {
            Side::Old => &self.old,
            Side::New => &self.new,
        }
    }

    /// Headings left unmatched by id under matched parents (an id that was derived from a
    /// title that changed): paired when their title and text are similar enough.
    fn match_renamed(&mut self, new: Body, old: Option<Body>) {
        let Some(old) = old else { return };
        let unmatched = |d: &Self, side: Side, body: Body| -> Vec<usize> {
            let children = d.outline(side).children(body).iter().copied();
            children
                .filter(|&h| d.matches.counterpart(side, h).is_none())
                .collect()
        };
        let new_left = unmatched(self, Side::New, new);
        let old_left = unmatched(self, Side::Old, old);
        if new_left.is_empty() || old_left.is_empty() {
            return;
        }
        let new_keys: Vec<String> = new_left
            .iter()
            .map(|&j| self.heading_key(Side::New, j))
            .collect();
        let old_keys: Vec<String> = old_left
            .iter()
            .map(|&m| self.heading_key(Side::Old, m))
            .collect();
        let new_refs: Vec<&str> = new_keys.iter().map(String::as_str).collect();
        let old_refs: Vec<&str> = old_keys.iter().map(String::as_str).collect();
        for (i, j) in align::align(&old_refs, &new_refs, |_, _| true) {
            self.matches.pair(old_left[i], new_left[j]);
        }
    }

    /// A heading's title and prose as one comparable key.
    fn heading_key(&mut self, side: Side, h: usize) -> String {
        let outline = match side {
            Side::Old => &self.old,
            Side::New => &self.new,
        };
        let head = &outline.heads[h];
        let mut key = self.codec.key(&head.title.value);
        for text in prose(head.body) {
            key.push_str(&self.codec.key(&text.value));
        }
        key
    }

    pub fn run(mut self) -> (Vec<Entry>, Vec<Shift>) {
        let (old, new) = (self.old.plan, self.new.plan);
        if old.title.value != new.title.value {
            let old_key = self.codec.key(&old.title.value);
            let new_key = self.codec.key(&new.title.value);
            let at = At::new(Target::Title, "规划名称".into());
            self.compared(ChangeKind::Changed, at, &old_key, &new_key, None);
        }
        self.body(Body::Preface, Some(Body::Preface));
        self.children(Body::Preface, Some(Body::Preface));
        // 专栏 and tables placed nowhere (only in plans with load errors): at the end.
        for c in &new.columns {
            if self.new.first_place(Placed::Column(&c.id.value)).is_none() {
                self.column(c);
            }
        }
        for c in &old.columns {
            if self.old.first_place(Placed::Column(&c.id.value)).is_none()
                && new.column(&c.id.value).is_none()
            {
                self.removed_column(c);
            }
        }
        for t in &new.tables {
            if self.new.first_place(Placed::Table(&t.id.value)).is_none() {
                self.table(t);
            }
        }
        for t in &old.tables {
            if self.old.first_place(Placed::Table(&t.id.value)).is_none()
                && new.table(&t.id.value).is_none()
            {
                self.removed_table(t);
            }
        }
        for (k, e) in self.entries.iter_mut().enumerate() {
            e.seq = k + 1;
        }
        (self.entries, self.shifts)
    }

    fn push(
        &mut self,
        kind: ChangeKind,
        at: At,
        (old, new): (Vec<Segment>, Vec<Segment>),
        reason: Option<&Text>,
    ) {
        self.entries.push(Entry {
            seq: 0,
            kind,
            kind_zh: kind.zh().into(),
            target: at.target,
            target_zh: at.target.zh().into(),
            location: at.location,
            old_location: at.old_location,
            old,
            new,
            about: at.about,
            reason: reason
                .map(|r| r.value.trim().to_string())
                .filter(|r| !r.is_empty()),
        });
    }

    /// A thing in both versions, changed or moved: the two keys diffed by character.
    pub fn compared(
        &mut self,
        kind: ChangeKind,
        at: At,
        old_key: &str,
        new_key: &str,
        reason: Option<&Text>,
    ) {
        let cells = text::diff_cells(&self.codec, self.old.plan, self.new.plan, old_key, new_key);
        self.push(kind, at, cells, reason);
    }

    /// Text whose source is the same in both versions: an entry when what the reader sees
    /// differs through a reference, with `reason` or else a note that a cited figure changed.
    pub fn same_source(&mut self, at: At, key: &str, reason: Option<&Text>) {
        if let Some(cells) = text::rendered_cells(&self.codec, self.old.plan, self.new.plan, key) {
            self.push(ChangeKind::Changed, at, cells, reason);
        }
    }

    /// A whole thing added: all of its text is inserted.
    pub fn added(&mut self, at: At, text: &str, reason: Option<&Text>) {
        let new = segments(text, SegKind::Insert);
        self.push(ChangeKind::Added, at, (Vec::new(), new), reason);
    }

    /// A whole thing removed: all of its text is deleted.
    pub fn removed(&mut self, at: At, text: &str, reason: Option<&Text>) {
        let old = segments(text, SegKind::Delete);
        self.push(ChangeKind::Removed, at, (old, Vec::new()), reason);
    }

    /// A number that changed only because of what came before it.
    pub fn shift(&mut self, target: Target, old: String, new: String) {
        self.shifts.push(Shift {
            target,
            target_zh: target.zh().into(),
            old,
            new,
        });
    }

    /// A 专栏 or table whose first placement is being read on `side`: compared (or added)
    /// when read in the new version, reported removed when read in the old one and gone.
    pub fn placed_here(&mut self, side: Side, placed: Placed) {
        let (old, new) = (self.old.plan, self.new.plan);
        match (side, placed) {
            (Side::New, Placed::Column(id)) => {
                if let Some(c) = new.column(id) {
                    self.column(c);
                }
            }
            (Side::New, Placed::Table(id)) => {
                if let Some(t) = new.table(id) {
                    self.table(t);
                }
            }
            (Side::Old, Placed::Column(id)) => {
                if new.column(id).is_none()
                    && let Some(c) = old.column(id)
                {
                    self.removed_column(c);
                }
            }
            (Side::Old, Placed::Table(id)) => {
                if new.table(id).is_none()
                    && let Some(t) = old.table(id)
                {
                    self.removed_table(t);
                }
            }
        }
    }

    /// The child headings of a body, matched ones compared, added and removed ones whole.
    pub fn children(&mut self, new: Body, old: Option<Body>) {
        let new_kids: Vec<usize> = self.new.children(new).to_vec();
        let old_kids: Vec<usize> = old
            .map(|o| self.old.children(o).to_vec())
            .unwrap_or_default();
        let position: FxHashMap<usize, usize> =
            old_kids.iter().enumerate().map(|(i, &m)| (m, i)).collect();
        let pairs: Vec<(usize, usize)> = new_kids
            .iter()
            .enumerate()
            .filter_map(|(jp, &j)| {
                let m = self.matches.counterpart(Side::New, j)?;
                position.get(&m).map(|&ip| (ip, jp))
            })
            .collect();
        let moved: FxHashMap<usize, bool> = pairs
            .iter()
            .zip(align::reordered(&pairs))
            .map(|(&(_, jp), m)| (jp, m))
            .collect();
        let slots = align::interleave(old_kids.len(), new_kids.len(), &pairs, |ip| {
            self.matches.counterpart(Side::Old, old_kids[ip]).is_none()
        });
        for slot in slots {
            match slot {
                Slot::New(jp, _) => {
                    self.heading(new_kids[jp], moved.get(&jp).copied().unwrap_or(false));
                }
                Slot::Old(ip) => self.removed_heading(old_kids[ip], new),
            }
        }
    }

    /// A heading of the new version: added whole, or moved / renumbered / retitled, then its
    /// body and children.
    fn heading(&mut self, j: usize, reordered: bool) {
        let Some(m) = self.matches.counterpart(Side::New, j) else {
            let text = self.heading_text(Side::New, j);
            let h = &self.new.heads[j];
            let at = At::new(h.target(), h.location()).about(self.new.about(Body::Heading(j)));
            let reason = h.reason;
            self.added(at, &text, reason);
            self.unmatched_contents(Side::New, j);
            return;
        };
        let (new, old) = (&self.new.heads[j], &self.old.heads[m]);
        let parent_changed = self.matches.old_body(new.parent) != Some(old.parent);
        let (target, location, old_location, reason) =
            (new.target(), new.location(), old.location(), new.reason);
        let renumbered = new.number != old.number || new.level != old.level;
        let (old_title, new_title) = (old.title, new.title);
        let old_key = self.codec.key(&old_title.value);
        let new_key = self.codec.key(&new_title.value);
        let about = self.new.about(Body::Heading(j));
        if parent_changed || reordered {
            let at = At::new(target, location)
                .moved_from(old_location)
                .about(about);
            self.compared(ChangeKind::Moved, at, &old_key, &new_key, reason);
        } else {
            if renumbered {
                self.shift(target, old_location, location.clone());
            }
            if old_key != new_key {
                let at = At::new(target, location).about(about);
                self.compared(ChangeKind::Changed, at, &old_key, &new_key, reason);
            }
        }
        self.body(Body::Heading(j), Some(Body::Heading(m)));
        self.children(Body::Heading(j), Some(Body::Heading(m)));
    }

    fn removed_heading(&mut self, m: usize, container: Body) {
        let text = self.heading_text(Side::Old, m);
        let h = &self.old.heads[m];
        let at = At::new(h.target(), h.location()).about(self.old.about(Body::Heading(m)));
        let reason = self.new.reason(container);
        self.removed(at, &text, reason);
        self.unmatched_contents(Side::Old, m);
    }

    /// Inside a heading added (new side) or removed (old side) whole: its text is in the
    /// heading's entry; what remains to report is what was placed there (专栏, tables) and,
    /// in an added heading, headings moved in from elsewhere.
    fn unmatched_contents(&mut self, side: Side, h: usize) {
        for placed in self.outline(side).placed_first_in(h) {
            self.placed_here(side, placed);
        }
        for k in self.outline(side).heads[h].children.clone() {
            match (side, self.matches.counterpart(side, k)) {
                (Side::New, Some(_)) => self.heading(k, false),
                (_, None) => self.unmatched_contents(side, k),
                (Side::Old, Some(_)) => {}
            }
        }
    }

    /// A heading with its text and its unmatched subheadings, one line each, as one side
    /// shows it.
    fn heading_text(&mut self, side: Side, h: usize) -> String {
        let mut lines = Vec::new();
        self.heading_lines(side, h, &mut lines);
        lines.join("\n")
    }

    fn heading_lines(&mut self, side: Side, h: usize, lines: &mut Vec<String>) {
        let outline = match side {
            Side::Old => &self.old,
            Side::New => &self.new,
        };
        let (plan, head) = (outline.plan, &outline.heads[h]);
        let (title, body, children) = (head.location(), head.body, head.children.clone());
        lines.push(title);
        for text in prose(body) {
            let key = self.codec.key(&text.value);
            lines.push(self.codec.show(plan, &key));
        }
        for k in children {
            if self.matches.counterpart(side, k).is_none() {
                self.heading_lines(side, k, lines);
            }
        }
    }
}

/// The paragraphs and list items of a body, in order.
fn prose(body: &[Block]) -> impl Iterator<Item = &Text> {
    body.iter().flat_map(|b| match b {
        Block::Paragraph(t) => std::slice::from_ref(t),
        Block::List(items) => items.as_slice(),
        _ => &[],
    })
}

fn segments(text: &str, kind: SegKind) -> Vec<Segment> {
    let mut v = Vec::new();
    text::push_text(&mut v, text, kind);
    v
}
