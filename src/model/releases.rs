//! The per-release wire table (`schema/releases.json`): which server release sends which member and enum value.
//!
//! The table is generated from a wire-truth extraction of the DocSpace-server source (see
//! docs/adding-a-release.md) and is the one place the project keeps release facts: the bundled
//! schema and the model are checked against it by tests, and `--server-version` and the
//! "consistent with" verdict read it at run time.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::LazyLock;

/// The table as shipped.
pub const BUNDLED: &str = include_str!("../../schema/releases.json");

/// A set of releases, one bit per release in table order (oldest first).
///
/// 64 bits leave room for 41 more releases; the table loader refuses more, so the limit is
/// found by a test, not by a wrong answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Releases(pub u64);

impl Releases {
    /// Every release of the table.
    #[must_use]
    pub fn all() -> Self {
        let n = table().releases.len();
        Releases(if n == 64 { u64::MAX } else { (1u64 << n) - 1 })
    }

    /// Just release `i`.
    #[must_use]
    pub fn one(i: usize) -> Self {
        Releases(1u64 << i)
    }

    #[must_use]
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    #[must_use]
    pub fn contains(self, i: usize) -> bool {
        self.0 & (1u64 << i) != 0
    }

    #[must_use]
    pub fn intersects(self, other: Releases) -> bool {
        self.0 & other.0 != 0
    }

    #[must_use]
    pub fn and(self, other: Releases) -> Releases {
        Releases(self.0 & other.0)
    }

    /// The oldest release in the set.
    #[must_use]
    pub fn first(self) -> Option<usize> {
        (!self.is_empty()).then(|| self.0.trailing_zeros() as usize)
    }

    /// The newest release in the set.
    #[must_use]
    pub fn last(self) -> Option<usize> {
        (!self.is_empty()).then(|| 63 - self.0.leading_zeros() as usize)
    }

    /// The indexes in the set, oldest first.
    pub fn iter(self) -> impl Iterator<Item = usize> {
        (0..64).filter(move |&i| self.contains(i))
    }
}

/// "v3.6.0-v3.7.2", "v1.0.0-pre-v2.6.3, v3.5.0": the set as runs of consecutive releases.
impl fmt::Display for Releases {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = table();
        let mut runs = Vec::new();
        let mut i = 0;
        while i < t.releases.len() {
            if self.contains(i) {
                let start = i;
                while i + 1 < t.releases.len() && self.contains(i + 1) {
                    i += 1;
                }
                runs.push(if start == i {
                    t.short(start).to_owned()
                } else {
                    format!("{}-{}", t.short(start), t.short(i))
                });
            }
            i += 1;
        }
        if runs.is_empty() {
            f.write_str("no release")
        } else {
            f.write_str(&runs.join(", "))
        }
    }
}

/// One server release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    /// The git tag, like `v3.7.2-server`.
    pub tag: String,
    /// The tag without `-server`, as messages name it (`v3.7.2`).
    pub short: String,
    /// The release date (YYYY-MM-DD).
    pub date: String,
}

/// The wire type of a member, as the table writes it (`string`, `enum:FolderType`,
/// `object:employee`, `map<enum:SubjectType>:int32`, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub name: String,
    pub ty: String,
    /// The server omits it when null (never writes `null`).
    pub omitted_when_null: bool,
    /// The server omits it when it has its type's default (0 / null).
    pub omitted_when_default: bool,
    /// The releases that send it.
    pub releases: Releases,
}

/// One name = value of an enum, in the releases that declare it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumValue {
    pub name: String,
    pub value: i64,
    pub releases: Releases,
}

/// An enum that reaches the response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enum {
    /// A `[Flags]` enum: a value may combine several.
    pub flags: bool,
    pub values: Vec<EnumValue>,
}

impl Enum {
    /// The releases that can send `value` (for flags: every bit of it known there).
    #[must_use]
    pub fn releases_of(&self, value: i64) -> Releases {
        let exact = self
            .values
            .iter()
            .filter(|v| v.value == value)
            .fold(0, |m, v| m | v.releases.0);
        if exact != 0 || !self.flags || value <= 0 {
            return Releases(exact);
        }
        // A combination: a release sends it when it declares every bit.
        let mut mask = Releases::all().0;
        for bit in (0..63).map(|b| 1i64 << b).filter(|b| value & b != 0) {
            mask &= self
                .values
                .iter()
                .filter(|v| v.value == bit)
                .fold(0, |m, v| m | v.releases.0);
        }
        Releases(mask)
    }

    /// The value's name in release `i` (or in any release when `i` declares none).
    #[must_use]
    pub fn name_of(&self, value: i64, i: Option<usize>) -> Option<&str> {
        let mut named = self.values.iter().filter(|v| v.value == value);
        let all: Vec<&EnumValue> = named.by_ref().collect();
        i.and_then(|i| all.iter().find(|v| v.releases.contains(i)))
            .or(all.first())
            .map(|v| v.name.as_str())
    }

    /// The names of a value across releases, each once (FileShare 11: Collaborator,
    /// PowerUser, ContentCreator).
    #[must_use]
    pub fn names_of(&self, value: i64) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for v in self.values.iter().filter(|v| v.value == value) {
            if !names.contains(&v.name.as_str()) {
                names.push(&v.name);
            }
        }
        names
    }
}

/// The whole table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Oldest first.
    pub releases: Vec<Release>,
    /// Object kind (`operation`, `file`, `folder`, `employee`, `logo`, ...) -> its members.
    pub objects: BTreeMap<String, Vec<Member>>,
    pub enums: BTreeMap<String, Enum>,
}

/// The bundled table, parsed once.
///
/// # Panics
/// Never for a released build: `table_parses` in the tests loads it.
pub fn table() -> &'static Table {
    static TABLE: LazyLock<Table> =
        LazyLock::new(|| Table::parse(BUNDLED).expect("schema/releases.json is a valid table"));
    &TABLE
}

impl Table {
    /// Reads a table in the format of `schema/releases.json`.
    ///
    /// # Errors
    /// A message naming what is missing or wrong.
    pub fn parse(text: &str) -> Result<Table, String> {
        // Read straight into typed records: a serde_json::Value tree of the 88 KB table (built,
        // then dropped) was two thirds of the instructions of a one-file run.
        let raw: raw::Table<'_> = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let releases: Vec<Release> = raw
            .releases
            .iter()
            .map(|r| Release {
                short: r.tag.trim_end_matches("-server").to_owned(),
                date: r.date.as_deref().unwrap_or_default().to_owned(),
                tag: r.tag.clone().into_owned(),
            })
            .collect();
        if releases.is_empty() || releases.len() > 64 {
            return Err(format!(
                "{} releases: the table holds 1 to 64 (Releases is a u64 bit set)",
                releases.len()
            ));
        }
        let index = |tag: &str| -> Result<usize, String> {
            releases
                .iter()
                .position(|r| r.tag == tag)
                .ok_or_else(|| format!("unknown release {tag} in a run"))
        };
        let set = |runs: &[(raw::Str<'_>, raw::Str<'_>)]| -> Result<Releases, String> {
            let mut mask = 0u64;
            for (a, b) in runs {
                for i in index(a)?..=index(b)? {
                    mask |= 1 << i;
                }
            }
            Ok(Releases(mask))
        };
        let mut objects = BTreeMap::new();
        for (kind, members) in raw.objects {
            let mut list = Vec::with_capacity(members.len());
            for m in members {
                list.push(Member {
                    releases: set(&m.runs)?,
                    name: m.name.into_owned(),
                    ty: m.ty.into_owned(),
                    omitted_when_null: m.omitted_when_null,
                    omitted_when_default: m.omitted_when_default,
                });
            }
            objects.insert(kind.into_owned(), list);
        }
        let mut enums = BTreeMap::new();
        for (name, e) in raw.enums {
            let mut values = Vec::with_capacity(e.values.len());
            for v in e.values {
                values.push(EnumValue {
                    releases: set(&v.runs)?,
                    name: v.name.into_owned(),
                    value: v.value,
                });
            }
            enums.insert(
                name.into_owned(),
                Enum {
                    flags: e.flags,
                    values,
                },
            );
        }
        Ok(Table {
            releases,
            objects,
            enums,
        })
    }

    /// `v3.7.1` for release `i`.
    #[must_use]
    pub fn short(&self, i: usize) -> &str {
        self.releases.get(i).map_or("?", |r| r.short.as_str())
    }

    /// The member `name` of object `kind`.
    #[must_use]
    pub fn member(&self, kind: &str, name: &str) -> Option<&Member> {
        self.objects.get(kind)?.iter().find(|m| m.name == name)
    }

    /// Every release's short name, for a usage error.
    #[must_use]
    pub fn known(&self) -> String {
        self.releases
            .iter()
            .map(|r| r.short.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The releases a `--server-version` names: `3.0.4`, `v3.7.2-server`, `3.6` (every 3.6.x),
    /// `1.0.0-pre`. A pre-release matches only when asked for by its suffix.
    ///
    /// # Errors
    /// When no release matches: the message lists the known ones.
    pub fn resolve(&self, version: &str) -> Result<Releases, String> {
        let wanted = version.trim();
        let wanted = wanted.strip_prefix(['v', 'V']).unwrap_or(wanted);
        let (numbers, suffix) = wanted.split_once('-').unwrap_or((wanted, ""));
        let pre = match suffix {
            "" | "server" => false,
            "pre" => true,
            _ => return Err(self.unknown(version)),
        };
        let parts: Vec<&str> = numbers.split('.').collect();
        let numeric = |p: &&str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
        if parts.len() > 3 || !parts.iter().all(numeric) {
            return Err(self.unknown(version));
        }
        let mut mask = 0u64;
        for (i, r) in self.releases.iter().enumerate() {
            let tag = r.tag.trim_start_matches('v');
            let (tag_numbers, tag_suffix) = tag.split_once('-').unwrap_or((tag, ""));
            if (tag_suffix == "pre") != pre {
                continue;
            }
            let tag_parts: Vec<&str> = tag_numbers.split('.').collect();
            let same = parts
                .iter()
                .zip(&tag_parts)
                .all(|(a, b)| a.parse::<u64>().ok() == b.parse::<u64>().ok());
            if same && parts.len() <= tag_parts.len() {
                mask |= 1 << i;
            }
        }
        if mask == 0 {
            Err(self.unknown(version))
        } else {
            Ok(Releases(mask))
        }
    }

    fn unknown(&self, version: &str) -> String {
        format!(
            "unknown server version {version:?}: the known releases are {}",
            self.known()
        )
    }

    /// What changed on the wire from each release to the next, as Markdown (one section per
    /// release that changed something): the generated part of docs/wire-format.md.
    #[must_use]
    pub fn changes_markdown(&self) -> String {
        // Enums that only key dictionaries change by name (their numbers never reach the wire).
        let keys_only: Vec<&str> = self
            .enums
            .keys()
            .filter(|e| {
                let as_key = format!("map<enum:{e}>");
                let as_value = format!("enum:{e}");
                let types = || self.objects.values().flatten().map(|m| m.ty.as_str());
                types().any(|t| t.starts_with(&as_key)) && !types().any(|t| t == as_value)
            })
            .map(String::as_str)
            .collect();
        let mut out = String::new();
        for (i, release) in self.releases.iter().enumerate().skip(1) {
            let starts = |r: Releases| r.contains(i) && !r.contains(i - 1);
            let ends = |r: Releases| r.contains(i - 1) && !r.contains(i);
            let mut lines = Vec::new();
            for (label, changed) in [
                ("added", &starts as &dyn Fn(Releases) -> bool),
                ("removed", &ends),
            ] {
                let mut parts = Vec::new();
                for (kind, members) in &self.objects {
                    let names: Vec<String> = members
                        .iter()
                        .filter(|m| changed(m.releases))
                        .map(|m| format!("`{}`", m.name))
                        .collect();
                    if !names.is_empty() {
                        parts.push(format!("{kind} {}", names.join(", ")));
                    }
                }
                for (name, e) in &self.enums {
                    let key_only = keys_only.contains(&name.as_str());
                    let mut values: Vec<String> = Vec::new();
                    for v in &e.values {
                        // By name for key-only enums: a name present in both releases under
                        // different numbers did not change on the wire.
                        let releases = if key_only {
                            e.values
                                .iter()
                                .filter(|w| w.name == v.name)
                                .fold(Releases::default(), |m, w| Releases(m.0 | w.releases.0))
                        } else {
                            v.releases
                        };
                        let text = if key_only {
                            v.name.clone()
                        } else {
                            format!("{} {}", v.value, v.name)
                        };
                        if changed(releases) && !values.contains(&text) {
                            values.push(text);
                        }
                    }
                    if !values.is_empty() {
                        let what = if key_only {
                            format!("{name} keys")
                        } else {
                            name.clone()
                        };
                        parts.push(format!("{what} {}", values.join(", ")));
                    }
                }
                if !parts.is_empty() {
                    lines.push(format!("- {label}: {}", parts.join("; ")));
                }
            }
            if !lines.is_empty() {
                out.push_str(&format!(
                    "### {} ({})\n\n{}\n\n",
                    release.short,
                    release.date,
                    lines.join("\n")
                ));
            }
        }
        out
    }

    /// Why `item` (sent by `item_releases`) is not expected from `target`: "is first sent by
    /// v3.7.1", "is last sent by v2.6.3", "is sent only by v1.0.0-v2.6.3, v3.5.0".
    #[must_use]
    pub fn why_not(&self, item_releases: Releases, target: Releases) -> String {
        match (
            item_releases.first(),
            item_releases.last(),
            target.first(),
            target.last(),
        ) {
            (None, ..) => "is not sent by any release".to_owned(),
            (Some(first), _, _, Some(t_last)) if first > t_last => {
                format!("is first sent by {}", self.short(first))
            }
            (_, Some(last), Some(t_first), _) if last < t_first => {
                format!("is last sent by {}", self.short(last))
            }
            _ => format!("is sent only by {item_releases}"),
        }
    }
}

mod raw;
#[cfg(test)]
mod tests;
