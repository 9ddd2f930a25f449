//! Keys of character pairs, shared by the check engine and build.rs (which includes this
//! file with `#[path]`), so the tables generated at build time and the lookups at run time
//! cannot drift apart.

/// A pair of characters as one number: the key of the gazetteer's pair-sorted tables.
pub fn pair_key(a: char, b: char) -> u64 {
    (u64::from(a) << 21) | u64::from(b)
}

/// The bit of a pair of characters in a 65,536-bit filter of pairs: the gazetteer's
/// `PAIR_BITS` and the indicator names' filter.
pub fn pair_bit(a: char, b: char) -> usize {
    let h = (u32::from(a).wrapping_mul(0x9E37_79B1) ^ u32::from(b)).wrapping_mul(0x85EB_CA77);
    (h >> 16) as usize
}
