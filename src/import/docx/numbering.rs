//! word/numbering.xml: list definitions and their counters, so that a paragraph numbered by
//! Word gets the number Word shows (一、, （一）, 1., ①, …).

use std::collections::HashMap;

use quick_xml::events::Event;

use super::xml::{attr, events, local};
use crate::import::draft::ReadError;

#[derive(Clone, Default)]
struct Level {
    start: u32,
    fmt: String,
    text: String,
}

#[derive(Default)]
pub(super) struct Numbering {
    abstracts: HashMap<String, Vec<Level>>,
    /// numId → (abstractNumId, start overrides by level).
    nums: HashMap<String, (String, HashMap<u8, u32>)>,
    counters: HashMap<String, [u32; 9]>,
}

pub(super) fn read_numbering(xml: &[u8]) -> Result<Numbering, ReadError> {
    let mut n = Numbering::default();
    let mut abs: Option<(String, Vec<Level>)> = None;
    let mut lvl: Option<(u8, Level)> = None;
    let mut num: Option<(String, String, HashMap<u8, u32>)> = None;
    let mut override_lvl: Option<u8> = None;
    events("word/numbering.xml", xml, |ev| {
        match ev {
            Event::Start(e) | Event::Empty(e) => match local(e.name().as_ref()) {
                b"abstractNum" => {
                    abs = attr(e, b"abstractNumId").map(|id| (id, Vec::new()));
                }
                b"lvl" => {
                    let i = attr(e, b"ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                    lvl = Some((
                        i,
                        Level {
                            start: 1,
                            ..Level::default()
                        },
                    ));
                }
                b"start" => {
                    let v = attr(e, b"val").and_then(|v| v.parse().ok()).unwrap_or(1);
                    if let Some((_, l)) = lvl.as_mut() {
                        l.start = v;
                    }
                }
                b"startOverride" => {
                    let v = attr(e, b"val").and_then(|v| v.parse().ok()).unwrap_or(1);
                    if let (Some((_, _, o)), Some(i)) = (num.as_mut(), override_lvl) {
                        o.insert(i, v);
                    }
                }
                b"numFmt" => {
                    if let Some((_, l)) = lvl.as_mut() {
                        l.fmt = attr(e, b"val").unwrap_or_default();
                    }
                }
                b"lvlText" => {
                    if let Some((_, l)) = lvl.as_mut() {
                        l.text = attr(e, b"val").unwrap_or_default();
                    }
                }
                b"num" => {
                    num = attr(e, b"numId").map(|id| (id, String::new(), HashMap::new()));
                }
                b"abstractNumId" => {
                    if let Some((_, a, _)) = num.as_mut() {
                        *a = attr(e, b"val").unwrap_or_default();
                    }
                }
                b"lvlOverride" => {
                    override_lvl = attr(e, b"ilvl").and_then(|v| v.parse().ok());
                }
                _ => {}
            },
            Event::End(e) => match local(e.name().as_ref()) {
                b"lvl" => {
                    if let (Some((_, levels)), Some((i, l))) = (abs.as_mut(), lvl.take()) {
                        let i = usize::from(i.min(8));
                        if levels.len() <= i {
                            levels.resize(i + 1, Level::default());
                        }
                        levels[i] = l;
                    }
                }
                b"abstractNum" => {
                    if let Some((id, levels)) = abs.take() {
                        n.abstracts.insert(id, levels);
                    }
                }
                b"num" => {
                    if let Some((id, a, o)) = num.take() {
                        n.nums.insert(id, (a, o));
                    }
                }
                _ => {}
            },
            _ => {}
        }
        Ok(())
    })?;
    Ok(n)
}

fn format_number(fmt: &str, n: u32) -> String {
    use crate::import::number::zh_numeral;
    match fmt {
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand" => zh_numeral(n),
        "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand" => n
            .to_string()
            .chars()
            .map(|c| {
                "〇一二三四五六七八九"
                    .chars()
                    .nth(c as usize - '0' as usize)
                    .unwrap_or(c)
            })
            .collect(),
        "ideographTraditional" => "甲乙丙丁戊己庚辛壬癸"
            .chars()
            .nth((n as usize).saturating_sub(1) % 10)
            .map_or_else(|| n.to_string(), |c| c.to_string()),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => {
            char::from_u32(0x2460 + n.saturating_sub(1).min(19))
                .map_or_else(String::new, |c| c.to_string())
        }
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|c| char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap_or(c))
            .collect(),
        "upperLetter" | "lowerLetter" => {
            let base = if fmt == "upperLetter" { b'A' } else { b'a' };
            let k = (n.saturating_sub(1) % 26) as u8;
            ((base + k) as char).to_string()
        }
        "upperRoman" | "lowerRoman" => {
            let r = roman(n);
            if fmt == "lowerRoman" {
                r.to_lowercase()
            } else {
                r
            }
        }
        "bullet" | "none" => String::new(),
        _ => n.to_string(),
    }
}

fn roman(mut n: u32) -> String {
    let table = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in table {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

impl Numbering {
    /// The number Word shows for the next paragraph of list `num` at level `ilvl`.
    pub(super) fn next(&mut self, num: &str, ilvl: u8) -> Option<String> {
        let (abs_id, overrides) = self.nums.get(num)?;
        let levels = self.abstracts.get(abs_id)?;
        let i = usize::from(ilvl.min(8));
        let level = levels.get(i)?;
        if level.fmt == "bullet" || level.fmt == "none" {
            return None;
        }
        let starts: Vec<u32> = (0..9)
            .map(|k| {
                overrides
                    .get(&(k as u8))
                    .copied()
                    .or_else(|| levels.get(k).map(|l| l.start))
                    .unwrap_or(1)
            })
            .collect();
        let counters = self.counters.entry(abs_id.clone()).or_insert([0; 9]);
        counters[i] = if counters[i] == 0 {
            starts[i]
        } else {
            counters[i] + 1
        };
        for c in counters.iter_mut().skip(i + 1) {
            *c = 0;
        }
        let mut out = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%'
                && let Some(d) = chars.peek().and_then(|d| d.to_digit(10))
            {
                chars.next();
                let k = (d as usize).saturating_sub(1).min(8);
                let value = if counters[k] == 0 {
                    starts[k]
                } else {
                    counters[k]
                };
                let fmt = levels.get(k).map_or("decimal", |l| l.fmt.as_str());
                out.push_str(&format_number(fmt, value));
            } else {
                out.push(c);
            }
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_chinese_formats() {
        assert_eq!(format_number("chineseCounting", 12), "十二");
        assert_eq!(format_number("decimalEnclosedCircle", 3), "③");
        assert_eq!(format_number("upperRoman", 14), "XIV");
        assert_eq!(format_number("ideographTraditional", 2), "乙");
    }
}
