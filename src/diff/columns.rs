//! 专栏 and indicator tables as wholes (matched by id: added, removed, moved to another
//! section, renumbered, retitled) and the items of a 专栏 (matched by name, then by order and
//! similarity). Indicator rows are in [`super::indicators`].

use rustc_hash::FxHashMap;

use super::align::{self, Slot};
use super::differ::{At, Differ};
use super::outline::{Body, Placed};
use super::{ChangeKind, Target};
use crate::model::{Column, ColumnItem, IndicatorTable};

fn column_label(c: &Column) -> String {
    if c.number.is_placed() {
        format!("专栏{} {}", c.number, c.title.value)
    } else {
        format!("专栏 {}", c.title.value)
    }
}

fn table_label(t: &IndicatorTable) -> String {
    if t.number.is_placed() {
        format!("表{} {}", t.number, t.title.value)
    } else {
        format!("表 {}", t.title.value)
    }
}

/// 表3, or 表 for an unnumbered table.
pub(super) fn table_number(t: &IndicatorTable) -> String {
    if t.number.is_placed() {
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

/// A table added or removed whole, as one line.
fn table_line(t: &IndicatorTable) -> String {
    format!("{}（{}）", table_number(t), table_text(t))
}

/// Where a 专栏 · item is: by its name, else by its position.
fn item_location(label: &str, item: &ColumnItem, k: usize) -> String {
    match &item.name {
        Some(n) => format!("{label}·{}", n.value.trim().trim_end_matches(['。', '.'])),
        None => format!("{label}·第{}项", k + 1),
    }
}

/// A 专栏 added or removed whole: the 专栏 and each of its items.
fn column_about(c: &Column) -> Vec<String> {
    let mut out = vec![format!("column:{}", c.id.value)];
    for (k, item) in c.items.iter().enumerate() {
        out.extend(item_about(c, item, k));
    }
    out
}

/// A 专栏 item, as anchors name it: by its bold name and by its position.
fn item_about(c: &Column, item: &ColumnItem, k: usize) -> Vec<String> {
    let id = &c.id.value;
    let mut out = vec![format!("item:{id}/{}", k + 1)];
    if let Some(n) = &item.name {
        out.push(format!("item:{id}/{}", n.value));
    }
    out
}

/// One thing present in both versions, for [`Differ::placed`].
struct InBoth<'p> {
    target: Target,
    /// `column:id` / `table:id`.
    about: String,
    old_label: String,
    label: String,
    renumbered: bool,
    placed: Placed<'p>,
    old_key: String,
    new_key: String,
}

impl<'a> Differ<'a> {
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

    fn column_text(&mut self, plan: &crate::model::Plan, c: &Column) -> String {
        let mut lines = vec![column_label(c)];
        for item in &c.items {
            let key = self.item_key(item);
            lines.push(format!("◆{}", self.codec.show(plan, &key)));
        }
        lines.join("\n")
    }

    /// A 专栏 or table present in both versions: moved (placed in another section), or
    /// renumbered (a shift) and/or changed in place.
    fn placed(&mut self, thing: InBoth) {
        let new_place = self.new.first_place(thing.placed);
        let old_place: Option<Body> = self.old.first_place(thing.placed).map(|p| p.0);
        let new_place_in_old_terms = new_place.and_then(|(body, _)| self.matches.old_body(body));
        if new_place_in_old_terms != old_place {
            let new_loc = new_place.map_or(String::new(), |p| format!("{} ", self.new.place(p.0)));
            let old_loc = old_place.map_or(String::new(), |p| format!("{} ", self.old.place(p)));
            let at = At::new(thing.target, format!("{new_loc}{}", thing.label))
                .moved_from(format!("{old_loc}{}", thing.old_label))
                .about(vec![thing.about]);
            self.compared(ChangeKind::Moved, at, &thing.old_key, &thing.new_key, None);
            return;
        }
        if thing.renumbered {
            self.shift(thing.target, thing.old_label, thing.label.clone());
        }
        if thing.old_key != thing.new_key {
            let at = At::new(thing.target, thing.label).about(vec![thing.about]);
            self.compared(
                ChangeKind::Changed,
                at,
                &thing.old_key,
                &thing.new_key,
                None,
            );
        }
    }

    /// A 专栏 of the new version: added whole, or compared with the old one and its items.
    pub(super) fn column(&mut self, c: &'a Column) {
        let label = column_label(c);
        let Some(oc) = self.old.plan.column(&c.id.value) else {
            let text = self.column_text(self.new.plan, c);
            let at = At::new(Target::Column, label).about(column_about(c));
            self.added(at, &text, None);
            return;
        };
        let old_key = self.codec.key(&oc.title.value);
        let new_key = self.codec.key(&c.title.value);
        self.placed(InBoth {
            target: Target::Column,
            about: format!("column:{}", c.id.value),
            old_label: column_label(oc),
            label,
            renumbered: oc.number != c.number,
            placed: Placed::Column(&c.id.value),
            old_key,
            new_key,
        });
        self.items(oc, c);
    }

    /// 专栏 items: by name, then the rest by order and similarity.
    fn items(&mut self, oc: &'a Column, c: &'a Column) {
        let old_keys: Vec<String> = oc.items.iter().map(|i| self.item_key(i)).collect();
        let new_keys: Vec<String> = c.items.iter().map(|i| self.item_key(i)).collect();
        let pairs = pair_items(oc, c, &old_keys, &new_keys);
        let moved: FxHashMap<usize, bool> = pairs
            .iter()
            .zip(align::reordered(&pairs))
            .map(|(&(_, j), m)| (j, m))
            .collect();
        let (label, old_label) = (column_label(c), column_label(oc));
        let slots = align::interleave(old_keys.len(), new_keys.len(), &pairs, |_| true);
        for slot in slots {
            match slot {
                Slot::New(j, counterpart) => {
                    let item = &c.items[j];
                    let at = At::new(Target::ColumnItem, item_location(&label, item, j))
                        .about(item_about(c, item, j));
                    let reason = item.reason.as_ref();
                    match counterpart {
                        Some(i) if moved.get(&j).copied().unwrap_or(false) => {
                            let at = at.moved_from(item_location(&old_label, &oc.items[i], i));
                            let keys = (&old_keys[i], &new_keys[j]);
                            self.compared(ChangeKind::Moved, at, keys.0, keys.1, reason);
                        }
                        Some(i) if old_keys[i] == new_keys[j] => {
                            self.same_source(at, &new_keys[j], reason);
                        }
                        Some(i) => {
                            let keys = (&old_keys[i], &new_keys[j]);
                            self.compared(ChangeKind::Changed, at, keys.0, keys.1, reason);
                        }
                        None => {
                            let shown = self.codec.show(self.new.plan, &new_keys[j]);
                            self.added(at, &shown, reason);
                        }
                    }
                }
                Slot::Old(i) => {
                    let at = At::new(
                        Target::ColumnItem,
                        item_location(&old_label, &oc.items[i], i),
                    )
                    .about(item_about(oc, &oc.items[i], i));
                    let shown = self.codec.show(self.old.plan, &old_keys[i]);
                    self.removed(at, &shown, None);
                }
            }
        }
    }

    pub(super) fn removed_column(&mut self, c: &Column) {
        let text = self.column_text(self.old.plan, c);
        let at = At::new(Target::Column, column_label(c)).about(column_about(c));
        self.removed(at, &text, None);
    }

    /// An indicator table of the new version, as a whole: added, or compared with the old.
    pub(super) fn table(&mut self, t: &'a IndicatorTable) {
        let label = table_label(t);
        let Some(ot) = self.old.plan.table(&t.id.value) else {
            let at = At::new(Target::Table, label).about(vec![format!("table:{}", t.id.value)]);
            self.added(at, &table_line(t), None);
            return;
        };
        let old_key = self.codec.key(&table_text(ot));
        let new_key = self.codec.key(&table_text(t));
        self.placed(InBoth {
            target: Target::Table,
            about: format!("table:{}", t.id.value),
            old_label: table_label(ot),
            label,
            renumbered: ot.number != t.number,
            placed: Placed::Table(&t.id.value),
            old_key,
            new_key,
        });
    }

    pub(super) fn removed_table(&mut self, t: &IndicatorTable) {
        let at =
            At::new(Target::Table, table_label(t)).about(vec![format!("table:{}", t.id.value)]);
        self.removed(at, &table_line(t), None);
    }
}

/// Pairs (old, new) of the items of two versions of a 专栏: same name first, then the rest
/// aligned by order and similarity; sorted.
fn pair_items(
    oc: &Column,
    c: &Column,
    old_keys: &[String],
    new_keys: &[String],
) -> Vec<(usize, usize)> {
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
    let lo: Vec<&str> = left_old.iter().map(|&i| old_keys[i].as_str()).collect();
    let ln: Vec<&str> = left_new.iter().map(|&j| new_keys[j].as_str()).collect();
    pairs.extend(
        align::align(&lo, &ln, |_, _| true)
            .into_iter()
            .map(|(a, b)| (left_old[a], left_new[b])),
    );
    pairs.sort_unstable();
    pairs
}
