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
}
