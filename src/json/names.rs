//! A fixed set of member names, looked up by name many times: the release walk's per-kind
//! member tables and enum-name tables, where a lookup runs for every member of every object.
//!
//! Each name is summarised by its length and two 8-byte words (its first and last bytes, which
//! overlap or repeat for names of 16 bytes or fewer): that summary *is* the name up to 16
//! bytes, so a lookup compares three integers (and the bytes only for a longer name). The
//! summary is hashed by one multiply into a table at least twice the set's size, probed
//! linearly; the seed and the size (up to 32 times the set's) are chosen when the table is
//! built so that every name sits in its own slot (a test holds the crate's sets to that). No
//! hashing of the whole name, no `memcmp`.

/// Names (each with a value), found by name.
pub struct NameIndex<T> {
    /// `64 - log2(slots.len())`: the hash's top bits pick the slot.
    shift: u32,
    seed: u64,
    /// Index into `entries` plus one; 0 is an empty slot.
    slots: Vec<u32>,
    entries: Vec<Entry<T>>,
    /// How many names did not get their own slot (a lookup of each probes further).
    displaced: usize,
}

struct Entry<T> {
    key: Key,
    name: &'static str,
    value: T,
}

/// A name's length and its first and last (up to) 8 bytes.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Key {
    len: usize,
    a: u64,
    b: u64,
}

impl Key {
    #[inline]
    fn of(name: &[u8]) -> Key {
        let len = name.len();
        let (a, b) = if let (Some(a), Some(b)) = (name.first_chunk::<8>(), name.last_chunk::<8>()) {
            (u64::from_le_bytes(*a), u64::from_le_bytes(*b))
        } else if let (Some(a), Some(b)) = (name.first_chunk::<4>(), name.last_chunk::<4>()) {
            (
                u64::from(u32::from_le_bytes(*a)),
                u64::from(u32::from_le_bytes(*b)),
            )
        } else if len > 0 {
            (
                u64::from(name[0]) | u64::from(name[len / 2]) << 8 | u64::from(name[len - 1]) << 16,
                0,
            )
        } else {
            (0, 0)
        };
        Key { len, a, b }
    }

    #[inline]
    fn hash(self, seed: u64, shift: u32) -> usize {
        // One multiply: the seed (chosen per set, see `new`) keeps the crate's sets apart.
        let h = self.a ^ self.b.rotate_left(29) ^ (self.len as u64).rotate_left(53) ^ seed;
        // The top bits of the product: `shift` is at least 32, so this fits a `usize`.
        #[allow(clippy::cast_possible_truncation)]
        let slot = (h.wrapping_mul(0xd6e8_feb8_6659_fd93) >> shift) as usize;
        slot
    }
}

/// A hash telling the member names of one object apart, with no loop over the bytes: the
/// length and the first and last 8 bytes, mixed. Two names equal up to 16 bytes hash alike only
/// by a 64-bit accident; longer ones also when they differ only in the middle. Where this
/// decides whether a name repeats (the compiled checker), equal hashes only send the value to
/// the full check, which compares the names themselves.
#[must_use]
#[inline]
pub fn name_hash(name: &str) -> u64 {
    let k = Key::of(name.as_bytes());
    (k.a.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ k.b).wrapping_mul(0xd6e8_feb8_6659_fd93)
        ^ k.len as u64
}

/// Whether two of `hashes` may be equal: a 1,024-bit filter (ten bits of each hash) that settles
/// most sets of member names without sorting them. `false` is exact (equal hashes always share
/// a bit); `true` means two share a bit, and only sorting tells.
#[must_use]
pub fn may_repeat(hashes: impl IntoIterator<Item = u64>) -> bool {
    let mut filter = [0u64; 16];
    let mut shared = false;
    for h in hashes {
        // The top bits of a multiply mix every bit of the hash into the ten taken.
        let bit = h.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 54;
        let (word, mask) = ((bit / 64) as usize, 1u64 << (bit % 64));
        shared |= filter[word] & mask != 0;
        filter[word] |= mask;
    }
    shared
}

impl<T> NameIndex<T> {
    /// The index of `entries`; a name listed twice keeps its last value.
    #[must_use]
    pub fn new(entries: impl IntoIterator<Item = (&'static str, T)>) -> Self {
        let mut list: Vec<Entry<T>> = Vec::new();
        for (name, value) in entries {
            let entry = Entry {
                key: Key::of(name.as_bytes()),
                name,
                value,
            };
            match list.iter_mut().find(|e| e.name == name) {
                Some(e) => *e = entry,
                None => list.push(entry),
            }
        }
        // A table at least twice the set's size, grown (up to 32 times) until some seed gives
        // every name a slot of its own; failing that, the seed and size with the fewest names
        // out of their own slot (a lookup of those probes on: slower, never wrong).
        let least = (list.len() * 2).max(8).next_power_of_two().trailing_zeros();
        let mut best: Option<(usize, u64, Vec<u32>)> = None;
        'sizes: for bits in least..least + 5 {
            let shift = 64 - bits;
            for seed in (0..64u64).map(|i| i.wrapping_mul(0x2545_f491_4f6c_dd1d)) {
                let mut slots = vec![0u32; 1 << bits];
                let mut displaced = 0;
                for (i, e) in list.iter().enumerate() {
                    let mut at = e.key.hash(seed, shift);
                    while slots[at] != 0 {
                        displaced += 1;
                        at = (at + 1) & (slots.len() - 1);
                    }
                    slots[at] = u32::try_from(i + 1).expect("a small set of names");
                }
                if best.as_ref().is_none_or(|b| displaced < b.0) {
                    best = Some((displaced, seed, slots));
                }
                if displaced == 0 {
                    break 'sizes;
                }
            }
        }
        let (displaced, seed, slots) = best.expect("at least one seed is tried");
        NameIndex {
            shift: 64 - slots.len().trailing_zeros(),
            seed,
            slots,
            entries: list,
            displaced,
        }
    }

    /// How many names the index holds.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the index holds no name.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// How many names share their first slot with another (0: each lookup reads one slot).
    #[must_use]
    pub fn displaced(&self) -> usize {
        self.displaced
    }

    /// The value of `name`, and the name as the set spells it.
    #[inline]
    #[must_use]
    pub fn get(&self, name: &str) -> Option<(&'static str, &T)> {
        let bytes = name.as_bytes();
        let key = Key::of(bytes);
        let mask = self.slots.len() - 1;
        let mut at = key.hash(self.seed, self.shift);
        loop {
            let slot = self.slots[at];
            if slot == 0 {
                return None;
            }
            let e = &self.entries[slot as usize - 1];
            if e.key == key && (key.len <= 16 || e.name.as_bytes() == bytes) {
                return Some((e.name, &e.value));
            }
            at = (at + 1) & mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::NameIndex;

    #[test]
    fn finds_every_name_and_nothing_else() {
        let names = [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "abcde",
            "abcdefg",
            "abcdefgh",
            "abcdefghi",
            "abcdefghijklmnop",
            "abcdefghijklmnopq",
            "abcdefghXjklmnopq",
            "id",
            "title",
            "fileEntryType",
            "createdBy",
            "viewAccessibility",
            "viewAccessibilityX",
        ];
        let index = NameIndex::new(names.iter().enumerate().map(|(i, n)| (*n, i)));
        for (i, n) in names.iter().enumerate() {
            assert_eq!(index.get(n), Some((*n, &i)), "{n:?}");
        }
        for n in [
            "b",
            "ba",
            "abd",
            "abce",
            "abcdf",
            "abcdefgi",
            "abcdefghj",
            "abcdefghijklmnoq",
            "abcdefghijklmnopr",
            "abcdefghYjklmnopq",
            "Title",
            "fileEntryTypes",
            "viewAccessibilitY",
        ] {
            assert_eq!(index.get(n), None, "{n:?}");
        }
    }

    #[test]
    fn a_repeated_name_keeps_its_last_value() {
        let index = NameIndex::new([("a", 1), ("b", 2), ("a", 3)]);
        assert_eq!(index.get("a"), Some(("a", &3)));
        assert_eq!(index.get("b"), Some(("b", &2)));
    }

    #[test]
    fn a_large_set_still_finds_each_name() {
        let names: Vec<&'static str> = (0..500)
            .map(|i| &*Box::leak(format!("member{i}").into_boxed_str()))
            .collect();
        let index = NameIndex::new(names.iter().map(|n| (*n, n.len())));
        for n in &names {
            assert_eq!(index.get(n), Some((*n, &n.len())));
        }
        assert_eq!(index.get("member500"), None);
    }
}
