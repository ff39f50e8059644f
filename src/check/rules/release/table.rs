//! The release table compiled for the walk, once per process: object kinds and enums by
//! index, every member's type decoded, release sets as bit masks.

use std::sync::LazyLock;

use crate::json::names::NameIndex;
use crate::model::releases::{Enum, Releases, Table, table};

/// How the walk treats a member's value, decoded once from the table's type text.
#[derive(Debug, Clone, Copy)]
pub(super) enum Ty {
    /// Nothing to look into (`string`, `bool`, `date`, ...).
    Plain,
    /// An integer type (`int32`, `int64`, `uint32`, `id`): its number form is checked.
    Int,
    /// `object:<kind>`.
    Object(usize),
    /// `array:object:<kind>`.
    Objects(usize),
    /// `enum:<E>`: number form, and the value's releases (`None`: an enum the table lacks).
    Enum(Option<usize>),
    /// `map<enum:<E>>:...`: each key's releases.
    MapEnum(Option<usize>),
}

/// One member of an object kind, as the walk needs it.
#[derive(Debug)]
pub(super) struct MemberInfo {
    pub(super) name: &'static str,
    pub(super) releases: u64,
    pub(super) ty: Ty,
}

/// An object kind: its name and members by name.
///
/// The member and enum-name tables are looked up for every member of every operation: a
/// [`NameIndex`] compares a name's length and two words where foldhash hashed the name and
/// `memcmp` compared it (FNV-1a took a multiply per byte, SipHash twice as long again).
pub(super) struct Kind {
    pub(super) name: &'static str,
    pub(super) members: NameIndex<MemberInfo>,
}

/// An enum of the table: the releases of its small codes precomputed, and its names by name.
pub(super) struct EnumInfo {
    pub(super) name: &'static str,
    pub(super) spec: &'static Enum,
    /// `releases_of(code)` for codes `0..small.len()`.
    pub(super) small: Vec<u64>,
    /// The releases that have each name (the name borrowed from the table).
    pub(super) names: NameIndex<u64>,
}

impl EnumInfo {
    #[inline]
    pub(super) fn releases_of(&self, code: i64) -> u64 {
        usize::try_from(code)
            .ok()
            .and_then(|i| self.small.get(i).copied())
            .unwrap_or_else(|| self.spec.releases_of(code).0)
    }
}

/// The table compiled for the walk, once: kinds and enums by index, every member's type
/// decoded, release sets as bit masks.
pub(super) struct Compiled {
    pub(super) kinds: Vec<Kind>,
    pub(super) enums: Vec<EnumInfo>,
    pub(super) operation: usize,
    /// Every release of the table, and the newest one's index.
    pub(super) all: u64,
    pub(super) last: usize,
}

/// Codes below this get a precomputed release set (the table's enums are small; flag
/// combinations and larger codes are computed when met).
pub(super) const SMALL_CODES: i64 = 256;

/// `spec.releases_of(code)` for every code below [`SMALL_CODES`]. The exact values come from
/// one pass over the enum's values (calling `releases_of` for each of 256 codes scanned them
/// 256 times per enum, a tenth of a one-file run); only the other codes of a flags enum
/// (combinations of bits) are left to `releases_of`.
pub(super) fn small_codes(spec: &Enum) -> Vec<u64> {
    let mut exact = vec![0u64; SMALL_CODES as usize];
    for v in &spec.values {
        if let Some(slot) = usize::try_from(v.value).ok().and_then(|i| exact.get_mut(i)) {
            *slot |= v.releases.0;
        }
    }
    (0..SMALL_CODES)
        .zip(exact)
        .map(|(code, releases)| {
            if releases != 0 || !spec.flags {
                releases
            } else {
                spec.releases_of(code).0
            }
        })
        .collect()
}

pub(super) static COMPILED: LazyLock<Compiled> = LazyLock::new(|| {
    let t: &'static Table = table();
    let enums: Vec<EnumInfo> = t
        .enums
        .iter()
        .map(|(name, spec)| {
            let mut names: Vec<(&'static str, u64)> = Vec::new();
            for v in &spec.values {
                match names.iter_mut().find(|(n, _)| *n == v.name) {
                    Some(entry) => entry.1 |= v.releases.0,
                    None => names.push((v.name.as_str(), v.releases.0)),
                }
            }
            EnumInfo {
                name: name.as_str(),
                spec,
                small: small_codes(spec),
                names: NameIndex::new(names),
            }
        })
        .collect();
    let enum_index = |e: &str| enums.iter().position(|x| x.name == e);
    // Each kind's name and members, indexed by name once all are known.
    let mut kinds: Vec<(&'static str, Vec<(&'static str, MemberInfo)>)> =
        t.objects.keys().map(|k| (k.as_str(), Vec::new())).collect();
    // Kinds a type names but the table does not list: walked with no known member.
    for m in t.objects.values().flatten() {
        let named =
            m.ty.strip_prefix("object:")
                .or_else(|| m.ty.strip_prefix("array:object:"));
        if let Some(kind) = named
            && !kinds.iter().any(|k| k.0 == kind)
        {
            kinds.push((kind, Vec::new()));
        }
    }
    let kind_index = |kinds: &[(&str, Vec<(&str, MemberInfo)>)], k: &str| {
        kinds
            .iter()
            .position(|x| x.0 == k)
            .expect("every named kind is listed")
    };
    for (kind, members) in &t.objects {
        let at = kind_index(&kinds, kind);
        for m in members {
            let ty = m.ty.as_str();
            let ty = if matches!(ty, "int32" | "int64" | "uint32" | "id") {
                Ty::Int
            } else if let Some(k) = ty.strip_prefix("object:") {
                Ty::Object(kind_index(&kinds, k))
            } else if let Some(k) = ty.strip_prefix("array:object:") {
                Ty::Objects(kind_index(&kinds, k))
            } else if let Some(e) = ty.strip_prefix("enum:") {
                Ty::Enum(enum_index(e))
            } else if let Some(e) = super::kinds::map_enum(ty) {
                Ty::MapEnum(enum_index(e))
            } else {
                Ty::Plain
            };
            // A name listed twice: the last entry wins (`NameIndex::new` keeps the last).
            kinds[at].1.push((
                m.name.as_str(),
                MemberInfo {
                    name: m.name.as_str(),
                    releases: m.releases.0,
                    ty,
                },
            ));
        }
    }
    let operation = kind_index(&kinds, "operation");
    let kinds = kinds
        .into_iter()
        .map(|(name, members)| Kind {
            name,
            members: NameIndex::new(members),
        })
        .collect();
    let all = Releases::all();
    Compiled {
        kinds,
        enums,
        operation,
        all: all.0,
        last: all.last().unwrap_or(0),
    }
});
