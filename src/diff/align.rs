//! Sequence-level matching: align two lists by their keys with similar's diff, pair the
//! deleted and inserted neighbours that are similar enough, merge removed items into the new
//! order, and find matched items whose relative order changed.

use similar::{Algorithm, DiffOp, capture_diff_slices};

use super::text::similarity;

/// Deleted and inserted neighbours at least this similar (character ratio) are one changed
/// item rather than a removal and an addition.
pub const PAIR_THRESHOLD: f32 = 0.5;

/// Pairs `(old index, new index)` of matched items, in increasing order of both. Items with
/// equal keys match; within each replaced stretch, each old item is paired with the most
/// similar later new item when `pairable` allows it and the similarity reaches the threshold.
pub fn align(
    old: &[&str],
    new: &[&str],
    pairable: impl Fn(usize, usize) -> bool,
) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, old, new) {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => pairs.extend((0..len).map(|k| (old_index + k, new_index + k))),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let mut next = new_index;
                for (i, o) in old.iter().enumerate().skip(old_index).take(old_len) {
                    let mut best: Option<(usize, f32)> = None;
                    for (j, n) in new.iter().enumerate().take(new_index + new_len).skip(next) {
                        if !pairable(i, j) {
                            continue;
                        }
                        let r = similarity(o, n);
                        if r >= PAIR_THRESHOLD && best.is_none_or(|(_, b)| r > b) {
                            best = Some((j, r));
                        }
                    }
                    if let Some((j, _)) = best {
                        pairs.push((i, j));
                        next = j + 1;
                    }
                }
            }
            DiffOp::Delete { .. } | DiffOp::Insert { .. } => {}
        }
    }
    pairs
}

/// One position of the merged reading order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// A new item and its old counterpart, if any.
    New(usize, Option<usize>),
    /// An old item without counterpart, at its old place.
    Old(usize),
}

/// The new items in order, with each old item for which `emit_old` holds placed right after
/// the new counterpart of its nearest matched old predecessor (or first, when there is none).
pub fn interleave(
    old_len: usize,
    new_len: usize,
    pairs: &[(usize, usize)],
    emit_old: impl Fn(usize) -> bool,
) -> Vec<Slot> {
    let mut old_to_new = vec![None; old_len];
    let mut new_to_old = vec![None; new_len];
    for &(o, n) in pairs {
        old_to_new[o] = Some(n);
        new_to_old[n] = Some(o);
    }
    let mut first = Vec::new();
    let mut after: Vec<Vec<usize>> = vec![Vec::new(); new_len];
    let mut anchor: Option<usize> = None;
    for (o, m) in old_to_new.iter().enumerate() {
        match m {
            Some(n) => anchor = Some(*n),
            None if emit_old(o) => match anchor {
                Some(n) => after[n].push(o),
                None => first.push(o),
            },
            None => {}
        }
    }
    let mut out: Vec<Slot> = first.into_iter().map(Slot::Old).collect();
    for (n, o) in new_to_old.iter().enumerate() {
        out.push(Slot::New(n, *o));
        out.extend(after[n].iter().map(|&o| Slot::Old(o)));
    }
    out
}

/// Of the matched pairs, those outside a longest run kept in the same relative order: the
/// items that moved among their siblings. Returns one flag per pair, in the order given.
pub fn reordered(pairs: &[(usize, usize)]) -> Vec<bool> {
    // Longest increasing subsequence of old indices, pairs taken in new order.
    let mut order: Vec<usize> = (0..pairs.len()).collect();
    order.sort_by_key(|&k| pairs[k].1);
    let mut tails: Vec<usize> = Vec::new(); // positions in `order`
    let mut prev: Vec<Option<usize>> = vec![None; order.len()];
    for (p, &k) in order.iter().enumerate() {
        let v = pairs[k].0;
        let at = tails.partition_point(|&t| pairs[order[t]].0 < v);
        prev[p] = at.checked_sub(1).map(|a| tails[a]);
        if at == tails.len() {
            tails.push(p);
        } else {
            tails[at] = p;
        }
    }
    let mut moved = vec![true; pairs.len()];
    let mut cur = tails.last().copied();
    while let Some(p) = cur {
        moved[order[p]] = false;
        cur = prev[p];
    }
    moved
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_and_pairs_similar_neighbours() {
        let old = ["甲乙丙丁戊", "天地玄黄", "己庚辛"];
        let new = ["甲乙丙丁己", "宇宙洪荒", "己庚辛"];
        let pairs = align(&old, &new, |_, _| true);
        assert_eq!(pairs, vec![(0, 0), (2, 2)]);
    }

    #[test]
    fn removed_items_follow_their_old_predecessor() {
        // old: a b c, new: a x c  (b removed, x added)
        let slots = interleave(3, 3, &[(0, 0), (2, 2)], |_| true);
        assert_eq!(
            slots,
            vec![
                Slot::New(0, Some(0)),
                Slot::Old(1),
                Slot::New(1, None),
                Slot::New(2, Some(2))
            ]
        );
        let slots = interleave(2, 1, &[(1, 0)], |_| true);
        assert_eq!(slots, vec![Slot::Old(0), Slot::New(0, Some(1))]);
    }

    #[test]
    fn finds_reordered_items() {
        // old a b c → new b c a: a moved.
        assert_eq!(
            reordered(&[(1, 0), (2, 1), (0, 2)]),
            vec![false, false, true]
        );
        assert_eq!(reordered(&[(0, 0), (1, 1)]), vec![false, false]);
    }
}
