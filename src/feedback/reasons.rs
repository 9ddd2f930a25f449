//! 修改理由 from the comments: an entry of the 修订对照表 between a round's release and a later
//! version is credited to the comments of that round that were adopted (wholly or in part)
//! and point at what the entry changed: “根据秦皇岛市卫生健康委员会意见修改（v1-c003）”.

use crate::diff::PlanDiff;
use crate::model::Plan;
use crate::model::feedback::{Comment, Round, Target, holding, same_in, texts};

/// The rounds whose release is the old side of a comparison labelled `old`: the release's
/// directory name, or a label naming the same version (`…-v1`).
pub fn rounds_for<'p>(plan: &'p Plan, old: &str) -> Vec<&'p Round> {
    let dir_name = |r: &Round| {
        r.base_dir
            .as_ref()
            .and_then(|d| d.file_name())
            .map(|n| n.to_string_lossy().into_owned())
    };
    // `old` is a release's name, alone or followed by a space and a description.
    let name = old.split_whitespace().next().unwrap_or("");
    let version = name
        .rsplit_once("-v")
        .and_then(|(_, v)| v.parse::<u32>().ok());
    plan.feedback
        .iter()
        .filter(|r| {
            dir_name(r).is_some_and(|n| n == name)
                || r.release.as_ref().is_some_and(|n| n.value.trim() == name)
                || (r.release.is_none() && version.is_some() && r.version == version)
        })
        .collect()
}

/// The rows of the 修订对照表 a comment on `target` led to. With a quote found in the
/// round's release, the rows whose original text holds a piece of it, and no others: a
/// change elsewhere in the section is not the comment's. Without one, the rows whose
/// innermost place is the target, else every row inside it.
fn entries_for(
    diff: &PlanDiff,
    now: &Plan,
    round: &Round,
    target: &Target,
    quote: Option<&str>,
) -> Vec<usize> {
    // Rows name items as the new version numbers them.
    let target = round
        .base
        .as_deref()
        .map_or_else(|| target.clone(), |base| same_in(base, now, target));
    let key = target.key_string();
    let about: Vec<usize> = (0..diff.entries.len())
        .filter(|&k| diff.entries[k].about.contains(&key))
        .collect();
    let quoted_in_base = quote.is_some_and(|q| {
        round
            .base
            .as_deref()
            .and_then(|b| texts(b, &target))
            .is_some_and(|paras| holding(&paras, q).is_some())
    });
    if let (Some(q), true) = (quote, quoted_in_base) {
        return about
            .into_iter()
            .filter(|&k| {
                let old: String = diff.entries[k]
                    .old
                    .iter()
                    .map(|s| s.text.as_str())
                    .collect();
                holding(&[old], q).is_some()
            })
            .collect();
    }
    let innermost: Vec<usize> = about
        .iter()
        .copied()
        .filter(|&k| diff.entries[k].about.first() == Some(&key))
        .collect();
    if innermost.is_empty() {
        about
    } else {
        innermost
    }
}

/// Fill 修改理由 of `diff` from the adopted comments of `rounds`. A source `reason:` is kept
/// and the comments follow it.
pub fn attribute(diff: &mut PlanDiff, now: &Plan, rounds: &[&Round]) {
    let comments: Vec<(&Round, &Comment)> = rounds
        .iter()
        .flat_map(|r| r.comments.iter().map(move |c| (*r, c)))
        .filter(|(_, c)| c.disposition.value.claims_change())
        .collect();
    let mut credits: Vec<Vec<String>> = vec![Vec::new(); diff.entries.len()];
    let mut row_credits: Vec<Vec<String>> = vec![Vec::new(); diff.indicators.len()];
    for (round, c) in comments {
        let credit = format!(
            "根据{}意见修改（{}-{}）",
            c.from.value, round.name, c.id.value
        );
        let targets: Vec<(&Target, Option<&str>)> = c
            .anchor
            .target
            .iter()
            .map(|t| (&t.value, c.anchor.quote.as_ref().map(|q| q.value.as_str())))
            .chain(c.changes.iter().map(|t| (&t.value, None)))
            .collect();
        for (target, quote) in targets {
            if let Target::Indicator(id) = target {
                for (k, row) in diff.indicators.iter().enumerate() {
                    if row.id == *id {
                        row_credits[k].push(credit.clone());
                    }
                }
                continue;
            }
            for k in entries_for(diff, now, round, target, quote) {
                credits[k].push(credit.clone());
            }
        }
    }
    let merge = |reason: &mut Option<String>, mut credits: Vec<String>| {
        credits.dedup();
        if credits.is_empty() {
            return;
        }
        let joined = credits.join("；");
        *reason = Some(match reason.take() {
            Some(r) => format!("{r}；{joined}"),
            None => joined,
        });
    };
    for (e, c) in diff.entries.iter_mut().zip(credits) {
        merge(&mut e.reason, c);
    }
    for (row, c) in diff.indicators.iter_mut().zip(row_credits) {
        merge(&mut row.reason, c);
    }
}
