//! Eight bytes at a time: finding the first byte of a kind in a `u64` word (little-endian, so
//! the first byte is the lowest), with the bit tricks of "Bit Twiddling Hacks".

const ONES: u64 = 0x0101_0101_0101_0101;

/// The high bit of every byte of a word.
pub(crate) const HIGH: u64 = ONES << 7;

/// The high bit of each byte of `word` that equals `byte`, exact up to the first such byte
/// (a borrow can mark a byte after it, never one before).
pub(crate) fn bytes_equal(word: u64, byte: u8) -> u64 {
    let x = word ^ (ONES * u64::from(byte));
    x.wrapping_sub(ONES) & !x & HIGH
}

/// The high bit of each byte of `word` below `limit` (at most 0x80), exact up to the first
/// such byte, as [`bytes_equal`].
pub(crate) fn bytes_below(word: u64, limit: u8) -> u64 {
    debug_assert!(limit <= 0x80);
    word.wrapping_sub(ONES * u64::from(limit)) & !word & HIGH
}

#[cfg(test)]
mod tests {
    use super::{bytes_below, bytes_equal};

    /// The first marked byte is the first byte of the kind, in every word built of bytes that
    /// sit at the edges of the kinds.
    #[test]
    fn the_first_marked_byte_is_the_first_of_its_kind() {
        let edges = [
            0x00, 0x01, 0x1F, 0x20, 0x21, b'"', b'\\', 0x7F, 0x80, 0x9F, 0xFF,
        ];
        let mut rng = crate::r#gen::Rng::new(7);
        for _ in 0..200_000 {
            let bytes: [u8; 8] =
                std::array::from_fn(|_| edges[rng.below(edges.len() as u64) as usize]);
            let word = u64::from_le_bytes(bytes);
            let first = |m: u64| (m != 0).then(|| (m.trailing_zeros() / 8) as usize);
            assert_eq!(
                first(bytes_equal(word, b'"')),
                bytes.iter().position(|&b| b == b'"'),
                "{bytes:02x?}"
            );
            assert_eq!(
                first(bytes_below(word, 0x20)),
                bytes.iter().position(|&b| b < 0x20),
                "{bytes:02x?}"
            );
        }
    }
}
