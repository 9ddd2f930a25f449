//! "Did you mean …" for keys, ids and field names.

/// `small`'s characters appear in `big` in order (征求稿 in 征求意见稿).
fn is_subsequence(small: &str, big: &str) -> bool {
    let mut it = big.chars();
    small.chars().all(|c| it.any(|b| b == c))
}

/// The candidate closest to `word`, if it is close enough to be a plausible typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let len = word.chars().count();
    if len == 0 {
        return None;
    }
    candidates
        .into_iter()
        .filter_map(|c| {
            let d = strsim::osa_distance(word, c);
            let clen = c.chars().count();
            let close = d <= (len.max(clen) / 3).max(1)
                || (len >= 2 && is_subsequence(word, c))
                || (clen >= 2 && is_subsequence(c, word));
            close.then_some((d, c))
        })
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn suggests_typos() {
        assert_eq!(closest("titel", ["title", "stage"]), Some("title"));
        assert_eq!(
            closest("征求稿", ["草稿", "征求意见稿", "送审稿"]),
            Some("征求意见稿")
        );
        assert_eq!(closest("mian", ["main", "areas"]), Some("main"));
        assert_eq!(closest("zzz", ["title", "stage"]), None);
    }
}
