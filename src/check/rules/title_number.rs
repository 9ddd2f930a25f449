//! S006: a 专栏 or table title that starts with its own number, typed by hand. The number is
//! generated from the 专栏's place, so the reader would see “专栏1　专栏1 …”.

use super::prelude::*;
use crate::check::UnitKind;

pub static RULE: Rule = Rule::plan(code::S006, check);

/// The typed number at the start of `title` for a unit of `kind` (“专栏3 ”, “表1：”), by byte
/// length.
fn typed_number(title: &str, kind: UnitKind) -> Option<usize> {
    let word = match kind {
        UnitKind::ColumnTitle => "专栏",
        UnitKind::TableTitle => "表",
        _ => return None,
    };
    let rest = title.strip_prefix(word)?;
    let digits = rest
        .char_indices()
        .take_while(|(_, c)| {
            c.is_ascii_digit() || "０１２３４５６７８９一二三四五六七八九十".contains(*c)
        })
        .last()
        .map(|(i, c)| i + c.len_utf8())?;
    let after = &rest[digits..];
    let gap = after.len()
        - after
            .trim_start_matches([' ', '　', ':', '：', '、', '.', '．', '-', '—'])
            .len();
    Some(word.len() + digits + gap)
}

fn check(ctx: &PlanCtx, out: &mut Reporter) {
    for u in &ctx.units {
        let Some(len) = typed_number(&u.text.value, u.kind) else {
            continue;
        };
        let what = if u.kind == UnitKind::ColumnTitle {
            "专栏"
        } else {
            "表"
        };
        out.report(
            ctx.span(u.text, 0..len),
            msg!(
                "{what}标题开头写了编号“{typed}”，编号由位置自动生成，印出来会重复",
                what = what,
                typed = u.text.value[..len].trim_end()
            ),
        )
        .with_label("手写的编号")
        .with_hint(format!(
            "删去“{}”，只写标题",
            u.text.value[..len].trim_end()
        ));
    }
}
