//! `--shard K/N`: a stable partition of the inputs by path, for CI matrices.
//!
//! An input belongs to shard `hash(path) mod N` (1-based on the command line). The hash is
//! the crate's stable FNV-1a (`crate::hash::stable_hash`) over the path as named (separators
//! normalised to `/`, a leading `./` dropped), so the partition is the same on every machine and an input never moves between shards when others
//! are added or removed. The shards of one run are disjoint and together cover every input, so
//! their JSON reports add up to the report of the unsharded run.

use std::fmt;
use std::str::FromStr;

/// Shard `index` (1-based) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    /// Whether the input named `name` belongs to this shard.
    #[must_use]
    pub fn contains(&self, name: &str) -> bool {
        let hash = crate::hash::stable_hash(normalize(name).as_bytes());
        match (
            self.index.checked_sub(1),
            hash.checked_rem(u64::from(self.count)),
        ) {
            (Some(k), Some(shard)) => shard == u64::from(k),
            _ => false,
        }
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let usage = || format!("`{s}` is not K/N with 1 <= K <= N (e.g. 1/4)");
        let (k, n) = s.split_once('/').ok_or_else(usage)?;
        let index: u32 = k.trim().parse().map_err(|_| usage())?;
        let count: u32 = n.trim().parse().map_err(|_| usage())?;
        if count == 0 || index == 0 || index > count {
            return Err(usage());
        }
        Ok(Shard { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// An input's name as it should compare across machines: `/` separators, no leading `./`.
#[must_use]
pub fn normalize(name: &str) -> String {
    let mut name = name.replace('\\', "/");
    while let Some(rest) = name.strip_prefix("./") {
        name = rest.to_owned();
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_k_of_n_and_refuses_the_rest() {
        assert_eq!("2/3".parse(), Ok(Shard { index: 2, count: 3 }));
        for bad in ["0/3", "4/3", "1/0", "1", "a/b", "1/3/4", "-1/3", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn every_input_is_in_exactly_one_shard() {
        let names: Vec<String> = (0..200).map(|i| format!("captures/run-{i}.json")).collect();
        let count = 4;
        let mut sizes = [0; 4];
        for name in &names {
            let owners: Vec<u32> = (1..=count)
                .filter(|&index| Shard { index, count }.contains(name))
                .collect();
            assert_eq!(owners.len(), 1, "{name}");
            sizes[owners[0] as usize - 1] += 1;
        }
        assert!(sizes.iter().all(|&n| n > 30), "unbalanced: {sizes:?}");
    }

    #[test]
    fn names_compare_across_machines() {
        // The hash itself is pinned in crate::hash.
        assert_eq!(normalize(".\\captures\\a.json"), "captures/a.json");
    }
}
