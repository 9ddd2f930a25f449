//! Tables of document.xml: a table of several columns keeps its rows and merged cells; a
//! one-column table, or a table inside a table, becomes its paragraphs.

use super::body::Reader;
use crate::import::draft::{Cell, Located, Para, Piece, Table};

#[derive(Default)]
pub(super) struct TableState {
    pub(super) rows: Vec<Vec<(Vec<Para>, usize, bool)>>,
    pub(super) cell: Option<(Vec<Para>, usize, bool)>,
    pub(super) first: usize,
}

impl Reader<'_> {
    pub(super) fn end_table(&mut self, t: TableState) {
        let cols = t
            .rows
            .iter()
            .map(|r| r.iter().map(|c| c.1).sum::<usize>())
            .max()
            .unwrap_or(0);
        let paras: Vec<Para> = t
            .rows
            .iter()
            .flat_map(|r| r.iter().flat_map(|c| c.0.iter().cloned()))
            .collect();
        if self.tables.is_empty() {
            self.nonblank += if cols <= 1 {
                paras.iter().filter(|p| !p.text.is_blank()).count()
            } else {
                t.rows
                    .iter()
                    .filter(|r| r.iter().any(|c| c.0.iter().any(|p| !p.text.is_blank())))
                    .count()
            };
        }
        // A table inside a table, a box or a one-column table: its paragraphs, as a box.
        if cols <= 1 {
            if let Some(outer) = self.tables.last_mut().and_then(|o| o.cell.as_mut()) {
                outer.0.extend(paras);
            } else if let Some(b) = self.boxes.last_mut() {
                b.extend(paras);
            } else {
                self.pieces.push(Piece::Boxed(paras));
            }
            return;
        }
        if let Some(outer) = self.tables.last_mut().and_then(|o| o.cell.as_mut()) {
            outer.0.extend(paras);
            return;
        }
        let rows = t
            .rows
            .into_iter()
            .map(|r| {
                r.into_iter()
                    .map(|(ps, span, up)| {
                        let mut text = Located::default();
                        let number = ps.first().map_or(t.first, |p| p.number);
                        for (k, p) in ps.iter().enumerate() {
                            if k > 0 {
                                text.push_synthetic(" ");
                            }
                            text.append(&p.text);
                        }
                        Cell {
                            text,
                            span,
                            merged_up: up,
                            number,
                        }
                    })
                    .collect()
            })
            .collect();
        let table = Table {
            rows,
            number: t.first,
        };
        if let Some(b) = self.boxes.last_mut() {
            // A table in a text box: keep its text as the box's paragraphs.
            for row in &table.rows {
                for c in row {
                    b.push(Para {
                        text: c.text.clone(),
                        number: c.number,
                        ..Para::default()
                    });
                }
            }
        } else {
            self.pieces.push(Piece::Table(table));
        }
    }
}
