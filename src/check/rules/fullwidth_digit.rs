//! T008: full-width digits (２０２５).

use super::report;
use crate::check::units::has;
use crate::check::{PlanCtx, Rule, Scope};
use crate::diagnostic::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "T008",
    name: "fullwidth-digit",
    severity: Severity::Error,
    summary: "使用了全角数字",
    explanation: "GB/T 15835 要求阿拉伯数字使用半角形式。全角数字（２０２５）多来自输入法或 OCR，检索和核对数字时会漏掉。",
    bad: "- 到２０２５年，建成３个综合性产业园区。",
    good: "- 到2025年，建成3个综合性产业园区。",
    scope: Scope::Plan(check),
};

fn check(ctx: &PlanCtx, out: &mut Vec<Diagnostic>) {
    for u in ctx.units.iter().filter(|u| u.has_any(has::FULLWIDTH_DIGIT)) {
        let s: &str = &u.masked;
        let mut run: Option<usize> = None;
        let flush = |start: usize, end: usize, out: &mut Vec<Diagnostic>| {
            let digits = &s[start..end];
            let half: String = digits
                .chars()
                .map(|c| char::from_u32(c as u32 - 0xFF10 + 0x30).unwrap_or(c))
                .collect();
            out.push(
                report(
                    &RULE,
                    ctx.span(u.text, start..end),
                    format!("全角数字 `{digits}`"),
                )
                .with_label("全角数字")
                .with_hint(format!("改为半角 `{half}`")),
            );
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
