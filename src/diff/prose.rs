//! The prose of one body: its paragraphs and list items aligned by order (similar deleted and
//! inserted neighbours paired as one change), with the 专栏 and tables placed among them
//! reported where they are first placed.

use super::ChangeKind;
use super::Target;
use super::align::{self, Slot};
use super::differ::{At, Differ};
use super::outline::{Body, Placed, Side};
use crate::model::{Block, Text};

enum PartKind<'a> {
    Paragraph(&'a Text),
    ListItem(&'a Text),
    Placed(Placed<'a>),
}

/// A paragraph or list item of a body, or a 专栏 / table placed there.
struct BodyPart<'a> {
    kind: PartKind<'a>,
    /// Index of the block in the body.
    block: usize,
    /// 第N段 (paragraphs and lists count), 第M项.
    paragraph: usize,
    item: usize,
    key: String,
}

impl BodyPart<'_> {
    fn is_text(&self) -> bool {
        !matches!(self.kind, PartKind::Placed(_))
    }

    fn suffix(&self) -> String {
        match self.kind {
            PartKind::ListItem(_) => format!("第{}段第{}项", self.paragraph, self.item),
            _ => format!("第{}段", self.paragraph),
        }
    }

    fn target(&self) -> Target {
        match self.kind {
            PartKind::ListItem(_) => Target::ListItem,
            _ => Target::Paragraph,
        }
    }
}

impl<'a> Differ<'a> {
    fn parts(&mut self, body: &'a [Block]) -> Vec<BodyPart<'a>> {
        let mut out = Vec::new();
        let mut paragraph = 0;
        for (b, block) in body.iter().enumerate() {
            let mut push = |kind, paragraph, item, key| {
                out.push(BodyPart {
                    kind,
                    block: b,
                    paragraph,
                    item,
                    key,
                });
            };
            match block {
                Block::Paragraph(t) => {
                    paragraph += 1;
                    let key = self.codec.key(&t.value);
                    push(PartKind::Paragraph(t), paragraph, 0, key);
                }
                Block::List(items) => {
                    paragraph += 1;
                    for (k, t) in items.iter().enumerate() {
                        let key = self.codec.key(&t.value);
                        push(PartKind::ListItem(t), paragraph, k + 1, key);
                    }
                }
                Block::Column(id) => {
                    let key = format!("\u{0}c{}", id.value);
                    push(
                        PartKind::Placed(Placed::Column(&id.value)),
                        paragraph,
                        0,
                        key,
                    );
                }
                Block::Table(id) => {
                    let key = format!("\u{0}t{}", id.value);
                    push(
                        PartKind::Placed(Placed::Table(&id.value)),
                        paragraph,
                        0,
                        key,
                    );
                }
            }
        }
        out
    }

    /// Paragraphs and list items of one body, aligned by order; 专栏 and tables where placed.
    pub(super) fn body(&mut self, new: Body, old: Option<Body>) {
        let new_parts = self.parts(self.new.blocks(new));
        let old_parts = match old {
            Some(o) => self.parts(self.old.blocks(o)),
            None => Vec::new(),
        };
        let new_keys: Vec<&str> = new_parts.iter().map(|u| u.key.as_str()).collect();
        let old_keys: Vec<&str> = old_parts.iter().map(|u| u.key.as_str()).collect();
        let pairs = align::align(&old_keys, &new_keys, |i, j| {
            old_parts[i].is_text() && new_parts[j].is_text()
        });
        let reason = self.new.reason(new);
        for slot in align::interleave(old_parts.len(), new_parts.len(), &pairs, |_| true) {
            match slot {
                Slot::New(j, counterpart) => {
                    let part = &new_parts[j];
                    let text = match part.kind {
                        PartKind::Placed(placed) => {
                            if self.new.first_place(placed) == Some((new, part.block)) {
                                self.placed_here(Side::New, placed);
                            }
                            continue;
                        }
                        PartKind::Paragraph(t) | PartKind::ListItem(t) => t,
                    };
                    let note = match part.kind {
                        PartKind::Paragraph(_) => self.new.plan.note_for(text.span),
                        _ => None,
                    };
                    let location = format!("{} {}", self.new.place(new), part.suffix());
                    let at = At::new(part.target(), location).about(self.new.about(new));
                    match counterpart {
                        Some(i) if old_parts[i].key == part.key => {
                            self.same_source(at, &part.key, note.or(reason));
                        }
                        Some(i) => {
                            let old_key = &old_parts[i].key;
                            self.compared(
                                ChangeKind::Changed,
                                at,
                                old_key,
                                &part.key,
                                note.or(reason),
                            );
                        }
                        None => {
                            let shown = self.codec.show(self.new.plan, &part.key);
                            self.added(at, &shown, note.or(reason));
                        }
                    }
                }
                Slot::Old(i) => {
                    let old = old.unwrap_or(Body::Preface);
                    let part = &old_parts[i];
                    if let PartKind::Placed(placed) = part.kind {
                        if self.old.first_place(placed) == Some((old, part.block)) {
                            self.placed_here(Side::Old, placed);
                        }
                        continue;
                    }
                    let location = format!("{} {}", self.old.place(old), part.suffix());
                    let shown = self.codec.show(self.old.plan, &part.key);
                    let at = At::new(part.target(), location).about(self.old.about(old));
                    self.removed(at, &shown, reason);
                }
            }
        }
    }
}
