//! The crate's one hash function, FNV-1a (64-bit), in its two uses:
//!
//! - [`stable_hash`]: FNV-1a with the splitmix64 finaliser, for values that leave the process
//!   and must never change between versions or machines: the `--shard K/N` partition and the
//!   baseline fingerprints in SARIF's `partialFingerprints`. Both are pinned by tests below.
//! - [`Fnv`]: plain FNV-1a as a `Hasher` for in-memory maps and sets of short member and enum
//!   names, where it beats SipHash by several times (the keys are not chosen by an attacker
//!   to collide).

use std::hash::Hasher;

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a of `bytes`, continuing from state `h`.
fn fnv1a(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(PRIME);
    }
    h
}

/// 64-bit FNV-1a with a final avalanche (so that `mod N` of paths differing in one trailing
/// character spreads well). Fixed by this crate: never changes between versions or machines.
#[must_use]
pub fn stable_hash(bytes: &[u8]) -> u64 {
    let mut h = fnv1a(OFFSET, bytes);
    // The splitmix64 finaliser.
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// FNV-1a as a [`Hasher`], for `HashMap`s and `HashSet`s of short names.
#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        let h = if self.0 == 0 { OFFSET } else { self.0 };
        self.0 = fnv1a(h, bytes);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stable_hash_is_fixed() {
        // Pinned: a change here moves inputs between shards on every user's CI and changes
        // every baseline fingerprint in SARIF reports.
        assert_eq!(stable_hash(b"captures/a.json"), 0x8b4e_ca09_5109_c24f);
        let fingerprint = crate::report::baseline::Fingerprint {
            input: "captures/a.json".into(),
            rule: "type".into(),
            pointer: "/response/*/progress".into(),
        };
        assert_eq!(fingerprint.hash(), "51217df320d24247");
    }

    /// The [`Fnv`] hash of one name.
    fn fnv(name: &str) -> u64 {
        let mut h = Fnv::default();
        h.write(name.as_bytes());
        h.finish()
    }

    #[test]
    fn the_hasher_is_plain_fnv_1a() {
        // The published FNV-1a test vectors.
        assert_eq!(fnv(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv("foobar"), 0x8594_4171_f739_67e8);
    }
}
