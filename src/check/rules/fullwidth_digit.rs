//! T008: full-width digits (２０２５).

use super::prelude::*;
use crate::check::units::has;

pub static RULE: Rule = Rule::plan(code::T008, check);

fn check(ctx: &PlanCtx, out: &mut Reporter) {
    for u in ctx.units.iter().filter(|u| u.has_any(has::FULLWIDTH_DIGIT)) {
        let s: &str = &u.masked;
        let mut run: Option<usize> = None;
        let flush = |start: usize, end: usize, out: &mut Reporter| {
            let digits = &s[start..end];
            let half: String = digits
                .chars()
                .map(|c| char::from_u32(c as u32 - 0xFF10 + 0x30).unwrap_or(c))
                .collect();
            out.report(
                ctx.span(u.text, start..end),
                msg!("全角数字 `{found}`", found = digits),
            )
            .with_label("全角数字")
            .with_hint(format!("改为半角 `{half}`"))
            .with_edit(ctx.edit(u.text, start..end, &half), format!("改为“{half}”"));
        };
        for (i, c) in s.char_indices() {
            let full = ('０'..='９').contains(&c);
            match (full, run) {
                (true, None) => run = Some(i),
                (false, Some(start)) => {
                    flush(start, i, out);
                    run = None;
                }
                _ => {}
            }
        }
        if let Some(start) = run {
            flush(start, s.len(), out);
        }
    }
}
