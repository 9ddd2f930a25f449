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
fn is_number_start(b: &[u8], i: usize) -> bool {
    b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_digit())
}

/// The numbers (`12`, `12.5`) in `b`, left to right, as byte ranges ([`number_end`]).
pub fn numbers(b: &[u8]) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() {
            if is_number_start(b, i) {
                let end = number_end(b, i);
                let number = i..end;
                i = end;
                return Some(number);
            }
            i += 1;
        }
        None
    })
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

/// The characters of `s` that start with byte `a`, `b` or `c`, with their offsets, found by
/// a vectorised byte search. Each byte must be ASCII or a UTF-8 first byte (never one of
/// 0x80–0xBF), so that every hit starts a character. Chinese punctuation starts with 0xE3
/// (U+3000–U+303F: 。、《》【】) or 0xEF (full-width forms: ，；（）！？), bytes that
/// Han characters (0xE4–0xE9) never start with: a scan for punctuation skips the text between.
pub fn chars_starting_with(
    s: &str,
    a: u8,
    b: u8,
    c: u8,
) -> impl Iterator<Item = (usize, char)> + '_ {
    debug_assert!(![a, b, c].iter().any(|x| (0x80..0xC0).contains(x)));
    memchr::memchr3_iter(a, b, c, s.as_bytes())
        .filter_map(move |i| s.get(i..)?.chars().next().map(|ch| (i, ch)))
}

pub use super::pairs::pair_bit;

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
        let numbers: Vec<&str> = numbers(b).map(|r| &"约12.5亿，3.和v2"[r]).collect();
        assert_eq!(numbers, ["12.5", "3", "2"]);
        assert_eq!(space_len(" \u{3000}x"), 4);
        let mut bits = vec![0u64; 1024];
        bits['规' as usize / 64] |= 1 << ('规' as usize % 64);
        assert!(in_bitmap(&bits, '规') && !in_bitmap(&bits, '划') && !in_bitmap(&bits, '𠀀'));
    }

    #[test]
    fn chars_by_first_byte() {
        let s = "规划（a）é；。x“”";
        let got: Vec<(usize, char)> = chars_starting_with(s, 0xEF, 0xE2, b'x').collect();
        let want: Vec<(usize, char)> = s
            .char_indices()
            .filter(|(_, c)| matches!(c, '（' | '）' | '；' | 'x' | '“' | '”'))
            .collect();
        assert_eq!(got, want);
    }
}
