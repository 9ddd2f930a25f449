//! Indicator tables from a draft's table: columns found by their headers (类别 / 序号 / 指标 /
//! 单位 / 基期值 / 目标值 / 属性 and their usual variants, years as headers, a two-row header
//! under a spanning 指标值), merged category cells carried down.

use super::draft::{Located, Table as DraftTable};
use super::outline::{Row, Table};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Category,
    Seq,
    Name,
    Unit,
    Base,
    Target,
    Nature,
    Responsible,
    Other,
}

fn compact(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '*')
        .collect()
}

fn year_in(s: &str) -> Option<i32> {
    let b = s.as_bytes();
    (0..b.len().saturating_sub(3)).find_map(|i| {
        let w = &b[i..i + 4];
        (w.iter().all(u8::is_ascii_digit)
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && b.get(i + 4).is_none_or(|c| !c.is_ascii_digit()))
        .then(|| s[i..i + 4].parse().ok())
        .flatten()
        .filter(|y| crate::model::date::YEARS.contains(y))
    })
}

fn role(h: &str) -> Role {
    let c = compact(h);
    let has = |w: &[&str]| w.iter().any(|x| c.contains(x));
    if has(&["责任单位", "牵头单位", "责任部门", "牵头部门"]) {
        Role::Responsible
    } else if has(&["属性", "性质"]) {
        Role::Nature
    } else if c == "序号" || c == "编号" || c == "序" {
        Role::Seq
    } else if has(&["类别", "分类", "类型", "领域"]) || c == "类" || c == "方面" {
        Role::Category
    } else if has(&["单位"]) {
        Role::Unit
    } else if has(&["基期", "现状", "基数", "基础值", "基准"]) {
        Role::Base
    } else if has(&["目标", "规划值", "预期值", "预测"]) {
        Role::Target
    } else if year_in(&c).is_some() {
        // Years decide base or target once all columns are known.
        Role::Target
    } else if has(&["指标", "名称", "项目"]) {
        Role::Name
    } else {
        Role::Other
    }
}

/// The table's logical grid: each cell placed in every column it spans.
fn grid(t: &DraftTable) -> Vec<Vec<Option<(&Located, bool)>>> {
    t.rows
        .iter()
        .map(|row| {
            let mut out = Vec::new();
            for c in row {
                out.push(Some((&c.text, c.merged_up)));
                for _ in 1..c.span {
                    out.push(None);
                }
            }
            out
        })
        .collect()
}

/// Read `t` as an indicator table; `Err` says why it is not one.
pub fn indicator_table(
    t: &DraftTable,
    caption: Option<&Located>,
) -> Result<(Table, usize), String> {
    let g = grid(t);
    let cols = g.iter().map(Vec::len).max().unwrap_or(0);
    if g.len() < 2 || cols < 3 {
        return Err("行或列太少".into());
    }
    // Header: the first row, completed by a second one under spanning cells (指标值 over
    // 基期值 / 目标值).
    let cell_text = |r: usize, c: usize| -> String {
        g.get(r)
            .and_then(|row| row.get(c))
            .and_then(|x| x.map(|(l, _)| l.text.clone()))
            .unwrap_or_default()
    };
    let spans_first = t.rows[0].iter().any(|c| c.span > 1);
    let second_is_header = spans_first
        && g.len() > 2
        && (0..cols).all(|c| {
            let s = cell_text(1, c);
            s.is_empty() || role(&s) != Role::Other || year_in(&s).is_some()
        })
        && (0..cols).any(|c| matches!(role(&cell_text(1, c)), Role::Base | Role::Target));
    let header_rows = if second_is_header { 2 } else { 1 };
    let mut headers: Vec<String> = Vec::new();
    let mut last_top = String::new();
    for c in 0..cols {
        let top = match g[0].get(c) {
            Some(Some((l, _))) => {
                last_top = l.text.clone();
                l.text.clone()
            }
            Some(None) => last_top.clone(),
            None => String::new(),
        };
        let below = if header_rows == 2 {
            cell_text(1, c)
        } else {
            String::new()
        };
        headers.push(if below.is_empty() { top } else { below });
    }
    let mut roles: Vec<Role> = headers.iter().map(|h| role(h)).collect();
    // Two year columns without words: the earlier is the base.
    let years: Vec<(usize, i32)> = headers
        .iter()
        .enumerate()
        .filter(|(k, _)| roles[*k] == Role::Target)
        .filter_map(|(k, h)| year_in(h).map(|y| (k, y)))
        .collect();
    if years.len() >= 2 && !roles.contains(&Role::Base) {
        let (k, _) = years.iter().min_by_key(|(_, y)| *y).copied().expect("two");
        roles[k] = Role::Base;
    }
    let find = |r: Role| roles.iter().position(|&x| x == r);
    let Some(name_col) = find(Role::Name) else {
        return Err("没有“指标”或“指标名称”列".into());
    };
    // The target: the last target column (several are year-by-year targets).
    let Some(target_col) = roles.iter().rposition(|&x| x == Role::Target) else {
        return Err("没有目标值或年份列".into());
    };
    let base_col = find(Role::Base);
    let unit_col = find(Role::Unit);
    let cat_col = find(Role::Category);
    let nature_col = find(Role::Nature);
    let resp_col = find(Role::Responsible);
    let target_year = year_in(&headers[target_col]);
    let base_year = base_col.and_then(|b| year_in(&headers[b]));
    let title = caption.cloned().unwrap_or_else(|| {
        let mut l = Located::default();
        l.push_synthetic("主要指标");
        l
    });
    let mut out = Table {
        title,
        base_year,
        target_year,
        categories: Vec::new(),
        has_nature: nature_col.is_some(),
    };
    let mut rows_read = header_rows;
    for (r, row) in g.iter().enumerate().skip(header_rows) {
        rows_read += 1;
        let get = |c: Option<usize>| -> Option<(&Located, bool)> {
            c.and_then(|c| row.get(c)).copied().flatten()
        };
        let name = get(Some(name_col));
        let filled: Vec<&Located> = row
            .iter()
            .flatten()
            .map(|(l, _)| *l)
            .filter(|l| !l.is_blank())
            .collect();
        if filled.is_empty() {
            continue;
        }
        // A row with one text across the table: a category of its own.
        if name.is_none_or(|(l, _)| l.is_blank()) && filled.len() == 1 {
            out.categories.push((Some(filled[0].trimmed()), Vec::new()));
            continue;
        }
        let Some((name, _)) = name else { continue };
        // Category: a new one where the cell has text and does not continue a merge.
        match get(cat_col) {
            Some((l, false)) if !l.is_blank() => {
                out.categories.push((Some(l.trimmed()), Vec::new()))
            }
            Some(_) | None if out.categories.is_empty() => out.categories.push((None, Vec::new())),
            _ => {}
        }
        let _ = r;
        let value = |c: Option<usize>| get(c).map(|(l, _)| l.trimmed());
        // An empty value cell is a value not there yet: 待填, at the cell's place.
        let pending = |c: Option<usize>| {
            let cell = value(c);
            match cell {
                Some(l) if !l.is_blank() => l,
                other => {
                    let at = other
                        .or_else(|| get(Some(name_col)).map(|(l, _)| l.clone()))
                        .map_or(0, |l| l.draft_offset(0));
                    let mut l = Located::new("", at);
                    l.push_synthetic(crate::model::PENDING);
                    l
                }
            }
        };
        let row = Row {
            name: name.trimmed(),
            unit: value(unit_col).unwrap_or_default(),
            base: base_col.map(|_| pending(base_col)),
            target: pending(Some(target_col)),
            nature: value(nature_col).filter(|l| !l.is_blank()),
            responsible: value(resp_col).filter(|l| !l.is_blank()),
        };
        out.categories.last_mut().expect("pushed").1.push(row);
    }
    out.categories.retain(|(_, rows)| !rows.is_empty());
    if out.categories.is_empty() {
        return Err("没有数据行".into());
    }
    Ok((out, rows_read))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_from_headers() {
        assert_eq!(role("分类"), Role::Category);
        assert_eq!(role("指标名称"), Role::Name);
        assert_eq!(role("2019 年"), Role::Target);
        assert_eq!(role("基期值"), Role::Base);
        assert_eq!(role("指标属性"), Role::Nature);
        assert_eq!(role("单位"), Role::Unit);
        assert_eq!(role("责任单位"), Role::Responsible);
        assert_eq!(year_in("2025年目标"), Some(2025));
    }
}
