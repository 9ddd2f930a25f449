//! Small helpers shared by the hand-written scanners of the check rules (quantities, ranges,
//! counts, citations, typed numbers, growth claims, division names).

/// The end of the number (`12`, `12.5`) that starts at byte `at` of `b`.
pub fn number_end(b: &[u8], at: usize) -> usize {
    let digits = |mut i: usize| {
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        i
    };
    let i = digits(at);
    if b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
        digits(i + 1)
    } else {
        i
    }
}

/// Whether a number starts at byte `i` of `b`: a digit not preceded by a digit.
pub fn is_number_start(b: &[u8], i: usize) -> bool {
    b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_digit())
}

/// Bytes of white space at the start of `s`.
pub fn space_len(s: &str) -> usize {
    s.len() - s.trim_start().len()
}

/// Whether `c` is in a bitmap of the Basic Multilingual Plane (one bit per character, 1024
/// words); characters outside the BMP never are.
pub fn in_bitmap(bits: &[u64], c: char) -> bool {
    bits.get(c as usize / 64)
        .is_some_and(|w| w & (1 << (c as usize % 64)) != 0)
}

/// A set of UTF-8 first bytes: the characters a scanner looks for, by the byte they start with.
pub struct Leads([bool; 256]);

impl Leads {
    pub const fn of(chars: &[char]) -> Leads {
        let mut set = [false; 256];
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i] as u32;
            let first = match c {
                0..0x80 => c,
                0x80..0x800 => 0xC0 | (c >> 6),
                0x800..0x10000 => 0xE0 | (c >> 12),
                _ => 0xF0 | (c >> 18),
            };
            set[first as usize] = true;
            i += 1;
        }
        Leads(set)
    }
}

/// The characters of `s` that start with a byte in `leads`, with their byte offsets (a
/// superset of the characters the set was made of). Every other character is stepped over by
/// its length without being decoded: in Chinese text most characters share a few first bytes
/// with none of the punctuation a rule looks for.
pub fn chars_led_by<'s>(s: &'s str, leads: &'s Leads) -> impl Iterator<Item = (usize, char)> + 's {
    let b = s.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while let Some(&x) = b.get(i) {
            let len = match x {
                0..0x80 => 1,
                0x80..0xE0 => 2,
                0xE0..0xF0 => 3,
                _ => 4,
            };
            let at = i;
            i += len;
            if leads.0[usize::from(x)] {
                return s[at..].chars().next().map(|c| (at, c));
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_space() {
        let b = "约12.5亿，3.和v2".as_bytes();
        assert!(is_number_start(b, 3) && !is_number_start(b, 4));
        assert_eq!(number_end(b, 3), 7);
        let three = "约12.5亿，".len();
        assert_eq!(number_end(b, three), three + 1);
        assert_eq!(space_len(" \u{3000}x"), 4);
        let mut bits = vec![0u64; 1024];
        bits['规' as usize / 64] |= 1 << ('规' as usize % 64);
        assert!(in_bitmap(&bits, '规') && !in_bitmap(&bits, '划') && !in_bitmap(&bits, '𠀀'));
    }

    #[test]
    fn chars_by_first_byte() {
        let leads = Leads::of(&['（', '）', 'a', 'é', '𠀀']);
        let s = "规划（a）é𠀀。，x";
        let got: Vec<(usize, char)> = chars_led_by(s, &leads).collect();
        // （ ） and ， share their first byte; 。 and x do not.
        let want: Vec<(usize, char)> = s
            .char_indices()
            .filter(|(_, c)| matches!(c, '（' | '）' | '，' | 'a' | 'é' | '𠀀'))
            .collect();
        assert_eq!(got, want);
    }
}
