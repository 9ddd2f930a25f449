//! Typed numbering at the start of a line: 第一章、一、（一）、1.、（1）、① and their half-width
//! variants, and the 专栏N / 表N captions.

/// The styles of 公文 numbering, from the outermost to the innermost.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Style {
    /// 第一部分
    Part,
    /// 第一章
    Chapter,
    /// 第一节
    Section,
    /// 一、
    Zh,
    /// （一）
    ZhParen,
    /// 1. / 1．/ 1、
    Arabic,
    /// （1）
    ArabicParen,
    /// ①
    Circled,
}

impl Style {
    pub fn show(self, n: u32) -> String {
        match self {
            Style::Part => format!("第{}部分", zh_numeral(n)),
            Style::Chapter => format!("第{}章", zh_numeral(n)),
            Style::Section => format!("第{}节", zh_numeral(n)),
            Style::Zh => format!("{}、", zh_numeral(n)),
            Style::ZhParen => format!("（{}）", zh_numeral(n)),
            Style::Arabic => format!("{n}."),
            Style::ArabicParen => format!("（{n}）"),
            Style::Circled => char::from_u32(0x2460 + n.saturating_sub(1))
                .map_or_else(|| format!("({n})"), |c| c.to_string()),
        }
    }

    /// Parenthesised styles can stand in for each other: （8） after （七） is one level.
    pub fn family(self) -> u8 {
        match self {
            Style::ZhParen | Style::ArabicParen => 1,
            Style::Zh | Style::Arabic => 2,
            _ => 0,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub style: Style,
    pub value: u32,
    /// Bytes of the token, with the blanks after it.
    pub len: usize,
    /// Bytes of the token alone.
    pub token_len: usize,
    /// Written with half-width brackets around a Chinese numeral: (一).
    pub half_width: bool,
}

pub fn zh_numeral(n: u32) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n as usize].to_string(),
        10..=19 => format!("十{}", if n > 10 { D[(n - 10) as usize] } else { "" }),
        20..=99 => format!(
            "{}十{}",
            D[(n / 10) as usize],
            if n.is_multiple_of(10) {
                ""
            } else {
                D[(n % 10) as usize]
            }
        ),
        _ => n.to_string(),
    }
}

/// The value of a Chinese numeral of up to 99 (一 … 九十九), with its byte length.
pub fn parse_zh(s: &str) -> Option<(u32, usize)> {
    let digit = |c: char| "〇一二三四五六七八九".find(c).map(|b| (b / 3) as u32);
    let mut chars = s.char_indices().peekable();
    let mut value = 0;
    let mut len = 0;
    let mut seen_ten = false;
    let mut last_digit: Option<u32> = None;
    while let Some(&(i, c)) = chars.peek() {
        if c == '十' && !seen_ten {
            seen_ten = true;
            value = last_digit.take().unwrap_or(1) * 10;
        } else if let Some(d) = digit(c) {
            if last_digit.is_some() {
                return None;
            }
            last_digit = Some(d);
        } else {
            break;
        }
        len = i + c.len_utf8();
        chars.next();
    }
    let v = value + last_digit.unwrap_or(0);
    (len > 0 && v > 0).then_some((v, len))
}

fn parse_arabic(s: &str) -> Option<(u32, usize)> {
    let len = s.bytes().take_while(u8::is_ascii_digit).count();
    if len == 0 || len > 2 {
        return None;
    }
    s[..len].parse().ok().filter(|&v| v > 0).map(|v| (v, len))
}

fn blanks(s: &str) -> usize {
    s.len()
        - s.trim_start_matches([' ', '\u{3000}', '\t', '\u{a0}'])
            .len()
}

/// The typed number at the start of `s`, if any. The text after it must not be empty.
pub fn parse(s: &str) -> Option<Token> {
    let tok = parse_token(s)?;
    let rest = &s[tok.len..];
    (!rest.trim().is_empty()).then_some(tok)
}

fn parse_token(s: &str) -> Option<Token> {
    let make = |style, value, token_len: usize, half_width| {
        let len = token_len + blanks(&s[token_len..]);
        Some(Token {
            style,
            value,
            len,
            token_len,
            half_width,
        })
    };
    if let Some(rest) = s.strip_prefix('第') {
        let (v, n) = parse_zh(rest).or_else(|| parse_arabic(rest))?;
        let after = &rest[n..];
        let after_blank = blanks(after);
        for (word, style) in [
            ("部分", Style::Part),
            ("章", Style::Chapter),
            ("节", Style::Section),
        ] {
            if after[after_blank..].starts_with(word) {
                let end = 3 + n + after_blank + word.len();
                // 第一章 must be followed by a blank or the end, not by running text (第一节课).
                let tail = &s[end..];
                if tail.is_empty() || blanks(tail) > 0 || word == "部分" {
                    return make(style, v, end, false);
                }
                return None;
            }
        }
        return None;
    }
    for (open, close, half) in [("（", "）", false), ("(", ")", true)] {
        if let Some(rest) = s.strip_prefix(open) {
            let inner = blanks(rest);
            let rest2 = &rest[inner..];
            if let Some((v, n)) = parse_zh(rest2) {
                let r = &rest2[n..];
                let b = blanks(r);
                let close_at = r[b..].strip_prefix(close).or_else(|| {
                    // Mixed brackets: （一) or (一）.
                    r[b..].strip_prefix(if half { "）" } else { ")" })
                })?;
                let token_len = s.len() - close_at.len();
                let half_width = half || !r[b..].starts_with(close);
                return make(Style::ZhParen, v, token_len, half_width);
            }
            if let Some((v, n)) = parse_arabic(rest2) {
                let r = &rest2[n..];
                let b = blanks(r);
                let close_at = r[b..]
                    .strip_prefix(close)
                    .or_else(|| r[b..].strip_prefix(if half { "）" } else { ")" }))?;
                let token_len = s.len() - close_at.len();
                return make(Style::ArabicParen, v, token_len, false);
            }
            return None;
        }
    }
    if let Some((v, n)) = parse_zh(s) {
        let r = &s[n..];
        if let Some(after) = r.strip_prefix('、') {
            let _ = after;
            return make(Style::Zh, v, n + '、'.len_utf8(), false);
        }
        return None;
    }
    if let Some((v, n)) = parse_arabic(s) {
        let r = &s[n..];
        for sep in ['.', '．', '、'] {
            if let Some(after) = r.strip_prefix(sep) {
                // 1.5 is a decimal, 1.1 a clause number: neither is a heading number.
                if after.starts_with(|c: char| c.is_ascii_digit()) {
                    return None;
                }
                return make(Style::Arabic, v, n + sep.len_utf8(), false);
            }
        }
        return None;
    }
    let c = s.chars().next()?;
    if ('\u{2460}'..='\u{2473}').contains(&c) {
        return make(Style::Circled, c as u32 - 0x2460 + 1, c.len_utf8(), false);
    }
    None
}

/// `专栏N 标题` / `专栏 N：标题`: the number and the byte offset where the title starts.
pub fn column_caption(s: &str) -> Option<(Option<u32>, usize)> {
    let rest = s.strip_prefix("专栏")?;
    let b = blanks(rest);
    let r = &rest[b..];
    let (v, n) = match parse_arabic(r).or_else(|| parse_zh(r)) {
        Some((v, n)) => (Some(v), n),
        None => (None, 0),
    };
    let after = &r[n..];
    let sep = after.len()
        - after
            .trim_start_matches([' ', '\u{3000}', '\t', '：', ':', '、', '.', '．'])
            .len();
    let title_at = "专栏".len() + b + n + sep;
    // "专栏" alone, or 专栏 followed directly by text without a number or a break, is prose.
    if v.is_none() && sep == 0 {
        return None;
    }
    (title_at < s.len()).then_some((v, title_at))
}

/// `表1 标题` / `表 1：标题` / `附表1 标题`: the number and where the title starts.
pub fn table_caption(s: &str) -> Option<(u32, usize)> {
    let start = if s.starts_with("附表") {
        "附表".len()
    } else if s.starts_with('表') {
        '表'.len_utf8()
    } else {
        return None;
    };
    let rest = &s[start..];
    let b = blanks(rest);
    let r = &rest[b..];
    let (v, n) = parse_arabic(r).or_else(|| parse_zh(r))?;
    let after = &r[n..];
    let sep = after.len()
        - after
            .trim_start_matches([' ', '\u{3000}', '\t', '：', ':', '、', '.', '．'])
            .len();
    if sep == 0 && !after.starts_with(['“', '"', '《', '（']) {
        return None;
    }
    let title_at = start + b + n + sep;
    (title_at < s.len()).then_some((v, title_at))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn style(s: &str) -> Option<(Style, u32)> {
        parse(s).map(|t| (t.style, t.value))
    }

    #[test]
    fn recognises_every_style() {
        assert_eq!(style("一、规划背景"), Some((Style::Zh, 1)));
        assert_eq!(style("十二、保障"), Some((Style::Zh, 12)));
        assert_eq!(style("二十一、保障"), Some((Style::Zh, 21)));
        assert_eq!(style("（一）发展背景"), Some((Style::ZhParen, 1)));
        assert_eq!(style("(三) 发展形势"), Some((Style::ZhParen, 3)));
        assert!(parse("(三) 发展形势").unwrap().half_width);
        assert_eq!(style("1.医疗服务"), Some((Style::Arabic, 1)));
        assert_eq!(style("2. 健康旅游"), Some((Style::Arabic, 2)));
        assert_eq!(style("3．体育"), Some((Style::Arabic, 3)));
        assert_eq!(style("（8）加强"), Some((Style::ArabicParen, 8)));
        assert_eq!(style("第三章 产业体系"), Some((Style::Chapter, 3)));
        assert_eq!(style("第十一节 资金"), Some((Style::Section, 11)));
        assert_eq!(style("第二部分发展"), Some((Style::Part, 2)));
        assert_eq!(style("②建设"), Some((Style::Circled, 2)));
    }

    #[test]
    fn prose_is_not_numbering() {
        for s in [
            "一是加强",
            "2021年",
            "1.5倍",
            "十分重要",
            "第一节课",
            "第一",
            "一、",
            "(注)",
            "10月9日",
            "三大领域",
        ] {
            assert_eq!(parse(s), None, "{s}");
        }
    }

    #[test]
    fn captions() {
        assert_eq!(column_caption("专栏1 平台型项目"), Some((Some(1), 8)));
        assert_eq!(
            column_caption("专栏 12：重点工程").map(|c| c.0),
            Some(Some(12))
        );
        assert_eq!(column_caption("专栏建设"), None);
        assert_eq!(table_caption("表 1 “十四五”主要指标").map(|c| c.0), Some(1));
        assert_eq!(table_caption("表明我市"), None);
        assert_eq!(table_caption("表1“十四五”指标").map(|c| c.0), Some(1));
    }

    #[test]
    fn shows_numbers() {
        assert_eq!(Style::ZhParen.show(10), "（十）");
        assert_eq!(Style::Zh.show(23), "二十三、");
        assert_eq!(Style::Chapter.show(2), "第二章");
    }
}
