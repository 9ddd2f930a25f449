//! The 指标变化 table: indicator rows matched by id across all tables; the values that changed
//! (base and target values, name, unit, nature, responsible unit, category), and rows added
//! or removed, in the new tables' order.

use rustc_hash::FxHashMap;

use super::align::{self, Slot};
use super::columns::table_number;
use super::{ChangeKind, IndicatorChange};
use crate::model::{Figure, Indicator, IndicatorTable, Plan, Text};

/// One indicator row and where it is.
#[derive(Clone, Copy)]
struct Row<'p> {
    table: &'p IndicatorTable,
    category: &'p str,
    indicator: &'p Indicator,
}

/// Every indicator row of a plan, tables in number order (unplaced ones last).
fn rows(plan: &Plan) -> Vec<Row<'_>> {
    let mut tables: Vec<&IndicatorTable> = plan.tables.iter().collect();
    tables.sort_by_key(|t| t.number);
    tables
        .into_iter()
        .flat_map(|table| {
            table.categories.iter().flat_map(move |c| {
                c.rows.iter().map(move |indicator| Row {
                    table,
                    category: c.name.value.as_str(),
                    indicator,
                })
            })
        })
        .collect()
}

fn figure(f: Option<&Figure>) -> String {
    f.map(Figure::to_string).unwrap_or_default()
}

fn base_field(t: &IndicatorTable) -> String {
    t.base_year.map_or("基期值".to_string(), |y| {
        format!("基期值（{}年）", y.value)
    })
}

fn target_field(t: &IndicatorTable) -> String {
    format!("目标值（{}年）", t.target_year.value)
}

/// Changes of one kind to one row, shown in one table.
struct RowChange<'p> {
    kind: ChangeKind,
    row: Row<'p>,
    reason: Option<&'p Text>,
}

impl RowChange<'_> {
    fn value(&self, field: String, old: String, new: String) -> IndicatorChange {
        let (kind, r) = (self.kind, self.row.indicator);
        IndicatorChange {
            kind,
            kind_zh: kind.zh().into(),
            id: r.id.value.clone(),
            indicator: r.name.value.clone(),
            field,
            old,
            new,
            unit: r.unit.value.clone(),
            table: table_number(self.row.table),
            reason: self
                .reason
                .map(|x| x.value.trim().to_string())
                .filter(|x| !x.is_empty()),
        }
    }

    /// A row added or removed whole: its base value (if any) and its target value.
    fn whole(&self, out: &mut Vec<IndicatorChange>) {
        let (t, r) = (self.row.table, self.row.indicator);
        let sides = |value: String| match self.kind {
            ChangeKind::Added => (String::new(), value),
            _ => (value, String::new()),
        };
        if let Some(b) = &r.base {
            let (old, new) = sides(b.value.to_string());
            out.push(self.value(base_field(t), old, new));
        }
        let (old, new) = sides(r.target.value.to_string());
        out.push(self.value(target_field(t), old, new));
    }
}

/// The values of a row in both versions that differ, shown in the new table.
fn changed_values(old: Row, new: Row, out: &mut Vec<IndicatorChange>) {
    let (o, n) = (old.indicator, new.indicator);
    let change = RowChange {
        kind: ChangeKind::Changed,
        row: new,
        reason: n.reason.as_ref(),
    };
    let nature = |r: &Indicator| {
        r.nature
            .map(|x| x.value.zh())
            .unwrap_or_default()
            .to_string()
    };
    let responsible = |r: &Indicator| {
        r.responsible
            .as_ref()
            .map(|x| x.value.clone())
            .unwrap_or_default()
    };
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
            base_field(new.table),
            figure(o.base.as_ref().map(|b| &b.value)),
            figure(n.base.as_ref().map(|b| &b.value)),
        ),
        (
            target_field(new.table),
            o.target.value.to_string(),
            n.target.value.to_string(),
        ),
        ("属性".to_string(), nature(o), nature(n)),
        ("责任单位".to_string(), responsible(o), responsible(n)),
    ];
    for (field, a, b) in fields {
        if a.trim() != b.trim() {
            out.push(change.value(field, a, b));
        }
    }
    if old.table.id.value != new.table.id.value || old.category != new.category {
        let a = format!("{}·{}", table_number(old.table), old.category);
        let b = format!("{}·{}", table_number(new.table), new.category);
        out.push(change.value("类别".into(), a, b));
    }
}

/// The 指标变化 table; see the module documentation.
pub(super) fn indicators(old: &Plan, new: &Plan) -> Vec<IndicatorChange> {
    let (old_rows, new_rows) = (rows(old), rows(new));
    let position: FxHashMap<&str, usize> = old_rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r.indicator.id.value.as_str(), i))
        .collect();
    let pairs: Vec<(usize, usize)> = new_rows
        .iter()
        .enumerate()
        .filter_map(|(j, r)| position.get(r.indicator.id.value.as_str()).map(|&i| (i, j)))
        .collect();
    let mut out = Vec::new();
    for slot in align::interleave(old_rows.len(), new_rows.len(), &pairs, |_| true) {
        match slot {
            Slot::New(j, None) => {
                let row = new_rows[j];
                let reason = row.indicator.reason.as_ref();
                let change = RowChange {
                    kind: ChangeKind::Added,
                    row,
                    reason,
                };
                change.whole(&mut out);
            }
            Slot::Old(i) => {
                let change = RowChange {
                    kind: ChangeKind::Removed,
                    row: old_rows[i],
                    reason: None,
                };
                change.whole(&mut out);
            }
            Slot::New(j, Some(i)) => changed_values(old_rows[i], new_rows[j], &mut out),
        }
    }
    out
}
