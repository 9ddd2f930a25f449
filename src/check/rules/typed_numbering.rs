//! S005: section numbers typed by hand in headings or at the start of paragraphs.

use super::prelude::*;
use crate::check::UnitKind;
use crate::check::scan::space_len;

pub static RULE: Rule = Rule::plan(code::S005, check);

const CN_DIGITS: &str = "一二三四五六七八九十";

/// Bytes of the leading run of `t` whose characters satisfy `p`.
fn run(t: &str, p: impl Fn(char) -> bool) -> usize {
    t.find(|c: char| !p(c)).unwrap_or(t.len())
}

/// The length of a typed number at the very start of `t`: 第三章 / 第二部分, 三、, （三）,
/// (3), 3. / 3、 (not 3.5), ①–⑳.
fn typed_len(t: &str) -> Option<usize> {
    let first = t.chars().next()?;
    if ('①'..='⑳').contains(&first) {
        return Some(first.len_utf8());
    }
    if let Some(rest) = t.strip_prefix('第') {
        let n = run(rest, |c| CN_DIGITS.contains(c) || c == '百');
        let after = &rest[n..];
        let word = ["部分", "章", "节", "篇"]
            .iter()
            .find(|w| after.starts_with(**w));
        if n > 0
            && let Some(w) = word
        {
            return Some('第'.len_utf8() + n + w.len());
        }
        return None;
    }
    if let Some(rest) = t.strip_prefix(['（', '(']) {
        let open = t.len() - rest.len();
        let a = space_len(rest);
        let n = match run(&rest[a..], |c| CN_DIGITS.contains(c)) {
            0 => run(&rest[a..], |c| c.is_ascii_digit()),
            n => n,
        };
        let b = a + n + space_len(&rest[a + n..]);
        let close = rest[b..]
            .chars()
            .next()
            .filter(|c| matches!(c, '）' | ')'))?;
        return (n > 0).then_some(open + b + close.len_utf8());
    }
    let n = run(t, |c| CN_DIGITS.contains(c));
    if n > 0 {
        return t[n..].starts_with('、').then_some(n + '、'.len_utf8());
    }
    let n = run(t, |c| c.is_ascii_digit());
    if n == 0 {
        return None;
    }
    let a = n + space_len(&t[n..]);
    let mark = t[a..]
        .chars()
        .next()
        .filter(|c| matches!(c, '.' | '．' | '、'))?;
    let end = a + mark.len_utf8();
    // 3.5 is a number, not a section number.
    (!t[end..].starts_with(|c: char| c.is_ascii_digit())).then_some(end)
}

fn check(ctx: &PlanCtx, out: &mut Reporter) {
    for u in &ctx.units {
        if !matches!(
            u.kind,
            UnitKind::Heading
                | UnitKind::Paragraph
                | UnitKind::ListItem
                | UnitKind::ColumnTitle
                | UnitKind::TableTitle
        ) {
            continue;
        }
        let start = space_len(&u.masked);
        let Some(len) = typed_len(&u.masked[start..]) else {
            continue;
        };
        let end = start + len;
        let typed = &u.masked[start..end];
        let where_ = match u.kind {
            UnitKind::Heading | UnitKind::ColumnTitle | UnitKind::TableTitle => "标题",
            _ => "段首",
        };
        out.report(
            ctx.span(u.text, start..end),
            msg!("{place}手写了编号“{found}”", place = where_, found = typed),
        )
        .with_label("手写编号")
        .with_hint(if where_ == "标题" {
            "删去编号：编号由章节顺序自动生成"
        } else {
            "把这部分写成节（sections）或列表（list），不要手写编号"
        });
    }
}

#[cfg(test)]
mod tests {
    use super::typed_len;

    fn typed(t: &str) -> Option<&str> {
        typed_len(t).map(|n| &t[..n])
    }

    #[test]
    fn typed_numbers_at_the_start() {
        assert_eq!(typed("第二部分 发展目标"), Some("第二部分"));
        assert_eq!(typed("第三章"), Some("第三章"));
        assert_eq!(typed("三、主要任务"), Some("三、"));
        assert_eq!(typed("（8）强化人才支撑"), Some("（8）"));
        assert_eq!(typed("( 七 )推进"), Some("( 七 )"));
        assert_eq!(typed("3. 推进"), Some("3."));
        assert_eq!(typed("②建设"), Some("②"));
        assert_eq!(typed("3.5%的增长"), None);
        assert_eq!(typed("三大产业"), None);
        assert_eq!(typed("第一批试点"), None);
        assert_eq!(typed("（注）"), None);
    }
}
