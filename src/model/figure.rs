//! Figures in indicator tables: a decimal number kept as written (21.80 stays 21.80), with an
//! optional qualifier (以上, 接近 …), or "not applicable". Free text such as "##" is not a figure.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Qualifier {
    Approaching,
    Exceeding,
    BreakingThrough,
    Reaching,
    NotBelow,
    NotAbove,
    About,
    AtLeast,
    AtMost,
    Around,
    Within,
}

impl Qualifier {
    /// (qualifier, text, written before the number?)
    const TABLE: [(Qualifier, &'static str, bool); 11] = [
        (Qualifier::Approaching, "接近", true),
        (Qualifier::Exceeding, "超过", true),
        (Qualifier::BreakingThrough, "突破", true),
        (Qualifier::Reaching, "达到", true),
        (Qualifier::NotBelow, "不低于", true),
        (Qualifier::NotAbove, "不高于", true),
        (Qualifier::About, "约", true),
        (Qualifier::AtLeast, "以上", false),
        (Qualifier::AtMost, "以下", false),
        (Qualifier::Around, "左右", false),
        (Qualifier::Within, "以内", false),
    ];

    pub fn zh(self) -> &'static str {
        Self::TABLE
            .iter()
            .find(|(q, ..)| *q == self)
            .map_or("", |(_, s, _)| s)
    }

    pub fn is_prefix(self) -> bool {
        Self::TABLE.iter().any(|(q, _, pre)| *q == self && *pre)
    }

    pub fn all_zh() -> impl Iterator<Item = &'static str> {
        Self::TABLE.iter().map(|(_, s, _)| *s)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Figure {
    Number {
        /// The digits as written, e.g. "21.80" or "-3".
        digits: String,
        qualifier: Option<Qualifier>,
    },
    NotApplicable,
    /// `待填`: a value a draft's table does not have yet (F007 reports it from the
    /// 征求意见稿 on).
    Pending,
    /// Stand-in for a value the loader could not read (already reported), so that checks
    /// do not report it a second time.
    Invalid,
}

impl Figure {
    /// Parse a table cell. `None` when the text is neither a number (with an optional
    /// qualifier) nor a not-applicable mark.
    pub fn parse(text: &str) -> Option<Figure> {
        let t = text.trim();
        if matches!(t, "/" | "／" | "不适用") {
            return Some(Figure::NotApplicable);
        }
        if t == PENDING {
            return Some(Figure::Pending);
        }
        let mut qualifier = None;
        let mut rest = t;
        for (q, word, prefix) in Qualifier::TABLE {
            if prefix {
                if let Some(r) = rest.strip_prefix(word) {
                    qualifier = Some(q);
                    rest = r.trim_start();
                    break;
                }
            } else if let Some(r) = rest.strip_suffix(word) {
                qualifier = Some(q);
                rest = r.trim_end();
                break;
            }
        }
        if !is_decimal(rest) {
            return None;
        }
        Some(Figure::Number {
            digits: rest.to_string(),
            qualifier,
        })
    }

    pub fn value(&self) -> Option<f64> {
        match self {
            Figure::Number { digits, .. } => digits.parse().ok(),
            Figure::NotApplicable | Figure::Pending | Figure::Invalid => None,
        }
    }

    /// The figure with its unit where a reader puts it: between the number and a qualifier
    /// that follows it (58%以上, 接近220亿元, 350亿元); a not-applicable mark alone.
    pub fn with_unit(&self, unit: &str) -> String {
        match self {
            Figure::Number {
                digits,
                qualifier: Some(q),
            } if !q.is_prefix() => format!("{digits}{unit}{}", q.zh()),
            Figure::Number { .. } => format!("{self}{unit}"),
            Figure::NotApplicable | Figure::Pending | Figure::Invalid => self.to_string(),
        }
    }

    pub fn qualifier(&self) -> Option<Qualifier> {
        match self {
            Figure::Number { qualifier, .. } => *qualifier,
            Figure::NotApplicable | Figure::Pending | Figure::Invalid => None,
        }
    }
}

impl std::fmt::Display for Figure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Figure::NotApplicable => f.write_str("/"),
            Figure::Pending => f.write_str(PENDING),
            Figure::Invalid => f.write_str("？"),
            Figure::Number {
                digits,
                qualifier: Some(q),
            } if q.is_prefix() => {
                write!(f, "{}{}", q.zh(), digits)
            }
            Figure::Number {
                digits,
                qualifier: Some(q),
            } => write!(f, "{}{}", digits, q.zh()),
            Figure::Number {
                digits,
                qualifier: None,
            } => f.write_str(digits),
        }
    }
}

/// How a table writes a value it does not have yet.
pub const PENDING: &str = "待填";

/// An optional minus sign, digits, and an optional fraction: the only numbers plans need.
fn is_decimal(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_cells() {
        assert_eq!(Figure::parse("21.80").unwrap().to_string(), "21.80");
        assert_eq!(Figure::parse("20 以上").unwrap().to_string(), "20以上");
        assert_eq!(
            Figure::parse("接近1000").unwrap().qualifier(),
            Some(Qualifier::Approaching)
        );
        assert_eq!(Figure::parse("/"), Some(Figure::NotApplicable));
        for bad in ["##", "？", "待定", "1.2.3", "", "以上", "1,000", "１０"] {
            assert_eq!(Figure::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_unit_goes_before_a_following_qualifier() {
        let with = |cell: &str, unit: &str| Figure::parse(cell).unwrap().with_unit(unit);
        assert_eq!(with("58以上", "%"), "58%以上");
        assert_eq!(with("5左右", "万人"), "5万人左右");
        assert_eq!(with("接近220", "亿元"), "接近220亿元");
        assert_eq!(with("350", "亿元"), "350亿元");
        assert_eq!(with("/", "亿元"), "/");
    }
}
