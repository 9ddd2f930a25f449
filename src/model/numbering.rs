//! The numbers a reader sees: 一、（一）1.（1）, Chinese numerals, and dates written the
//! official way (二〇二一年九月). Pure functions; the loader stores the positions they format.

const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五. Counting form, for positions.
pub fn chinese_count(n: usize) -> String {
    if n == 0 {
        return "零".into();
    }
    if n < 10 {
        return DIGITS[n].to_string();
    }
    if n < 20 {
        let mut s = "十".to_string();
        if !n.is_multiple_of(10) {
            s.push(DIGITS[n % 10]);
        }
        return s;
    }
    if n < 100 {
        let mut s = format!("{}十", DIGITS[n / 10]);
        if !n.is_multiple_of(10) {
            s.push(DIGITS[n % 10]);
        }
        return s;
    }
    if n < 1000 {
        let rest = n % 100;
        let mut s = format!("{}百", DIGITS[n / 100]);
        if rest == 0 {
            return s;
        }
        if rest < 10 {
            s.push('零');
            s.push(DIGITS[rest]);
        } else if rest < 20 {
            s.push('一');
            s.push_str(&chinese_count(rest));
        } else {
            s.push_str(&chinese_count(rest));
        }
        return s;
    }
    n.to_string()
}

/// Digit-by-digit form used for years: 2021 → 二〇二一.
pub fn chinese_digits(n: i64) -> String {
    n.to_string()
        .chars()
        .map(|c| c.to_digit(10).map_or(c, |d| DIGITS[d as usize]))
        .collect()
}

pub use super::date::{civil_from_days, days_from_civil};

/// The number in front of a heading. Level 0 is a chapter.
pub fn heading_number(level: usize, number: usize) -> String {
    match level {
        0 => format!("{}、", chinese_count(number)),
        1 => format!("（{}）", chinese_count(number)),
        2 => format!("{number}."),
        _ => format!("（{number}）"),
    }
}

/// 2021-09 → 二〇二一年九月; with a day, 二〇二一年九月三十日.
pub fn chinese_date(year: i32, month: u32, day: Option<u32>) -> String {
    let mut s = format!(
        "{}年{}月",
        chinese_digits(year as i64),
        chinese_count(month as usize)
    );
    if let Some(d) = day {
        s.push_str(&chinese_count(d as usize));
        s.push('日');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts() {
        let cases = [
            (1, "一"),
            (10, "十"),
            (11, "十一"),
            (12, "十二"),
            (20, "二十"),
            (22, "二十二"),
            (99, "九十九"),
            (100, "一百"),
            (105, "一百零五"),
            (110, "一百一十"),
            (123, "一百二十三"),
        ];
        for (n, s) in cases {
            assert_eq!(chinese_count(n), s, "{n}");
        }
    }

    #[test]
    fn headings() {
        assert_eq!(heading_number(0, 1), "一、");
        assert_eq!(heading_number(0, 11), "十一、");
        assert_eq!(heading_number(1, 12), "（十二）");
        assert_eq!(heading_number(2, 3), "3.");
        assert_eq!(heading_number(3, 1), "（1）");
    }

    #[test]
    fn dates() {
        assert_eq!(chinese_date(2021, 9, None), "二〇二一年九月");
        assert_eq!(chinese_date(2023, 4, Some(30)), "二〇二三年四月三十日");
        assert_eq!(chinese_date(2020, 12, Some(1)), "二〇二〇年十二月一日");
    }
}
