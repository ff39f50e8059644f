//! Which server releases could have sent an operation, and `--server-version` errors for what the named release does not send.
//!
//! One walk over an operation's tape looks every member (and enum value, and enum-named
//! dictionary key) up in the per-release table. Each item narrows the set of releases that send
//! everything seen so far (the report's "consistent with" verdict, which warns when no release
//! is left); with `--server-version` an item outside the named releases is an error at its
//! exact pointer, saying which release first (or last) sent it.

use std::collections::HashMap;
use std::sync::LazyLock;

use simd_json::StaticNode;
use simd_json::value::tape::Node;

use crate::model::releases::{Member, Releases, Table, table};
use crate::report::{Finding, Pointer};
use crate::tape::TapeValue;

/// What the walk is asked to enforce.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Target {
    /// The releases `--server-version` names; `None` only narrows the evidence.
    pub releases: Option<Releases>,
    /// `--strict`: members no release sends are errors too (with a target).
    pub strict: bool,
}

/// The releases that send everything an operation (or a whole run) holds, and the items that
/// bound that range, for the report's "consistent with" sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub releases: Releases,
    /// The item first sent most recently: (its first release, what it is).
    pub newest: Option<(usize, String)>,
    /// The item last sent earliest: (its last release, what it is).
    pub oldest: Option<(usize, String)>,
}

impl Default for Evidence {
    fn default() -> Self {
        Evidence {
            releases: Releases::all(),
            newest: None,
            oldest: None,
        }
    }
}

impl Evidence {
    /// Narrows by an item sent by `releases`.
    fn note(&mut self, releases: Releases, what: &dyn Fn() -> String) {
        self.releases = self.releases.and(releases);
        let all = Releases::all();
        if let Some(first) = releases.first()
            && first > 0
            && self.newest.as_ref().is_none_or(|n| first > n.0)
        {
            self.newest = Some((first, what()));
        }
        if let Some(last) = releases.last()
            && Some(last) < all.last()
            && self.oldest.as_ref().is_none_or(|o| last < o.0)
        {
            self.oldest = Some((last, what()));
        }
    }

    /// Combines the evidence of two operations (or runs).
    pub fn merge(&mut self, other: &Evidence) {
        self.releases = self.releases.and(other.releases);
        if let Some(n) = &other.newest
            && self.newest.as_ref().is_none_or(|s| n.0 > s.0)
        {
            self.newest = Some(n.clone());
        }
        if let Some(o) = &other.oldest
            && self.oldest.as_ref().is_none_or(|s| o.0 < s.0)
        {
            self.oldest = Some(o.clone());
        }
    }

    /// The reasons the set is what it is: "`status` on an operation needs v3.7.1+",
    /// "FolderType 17 (ReviewRoom) is last sent by v2.6.3".
    #[must_use]
    pub fn reasons(&self) -> Vec<String> {
        let t = table();
        let mut out = Vec::new();
        if let Some((first, what)) = &self.newest {
            out.push(format!("{what} needs {}+", t.short(*first)));
        }
        if let Some((last, what)) = &self.oldest {
            out.push(format!("{what} is last sent by {}", t.short(*last)));
        }
        out
    }

    /// One sentence for a person: "consistent with v3.7.1-v3.7.2: `status` on an operation needs
    /// v3.7.1+", or "no single release sends all of this: ...".
    #[must_use]
    pub fn sentence(&self) -> String {
        let reasons = self.reasons();
        let why = if reasons.is_empty() {
            String::new()
        } else {
            format!(": {}", reasons.join("; "))
        };
        if self.releases.is_empty() {
            format!("no single server release sends everything these operations hold{why}")
        } else if self.releases == Releases::all() {
            format!("consistent with every server release ({})", self.releases)
        } else {
            format!("consistent with {}{why}", self.releases)
        }
    }
}

/// FNV-1a: the keys are short member and enum names; SipHash made the walk twice as slow.
#[derive(Default)]
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type FnvMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<Fnv>>;

/// Table members by object kind and name, hashed once (the walk looks up every member of every
/// entry).
static INDEX: LazyLock<FnvMap<(&'static str, &'static str), &'static Member>> =
    LazyLock::new(|| {
        let t: &'static Table = table();
        t.objects
            .iter()
            .flat_map(|(kind, ms)| {
                ms.iter()
                    .map(move |m| ((kind.as_str(), m.name.as_str()), m))
            })
            .collect()
    });

/// The releases that have each (enum, member name): dictionary keys are looked up per entry.
static NAMES: LazyLock<FnvMap<(&'static str, &'static str), Releases>> = LazyLock::new(|| {
    let mut out: FnvMap<(&'static str, &'static str), Releases> = FnvMap::default();
    for (e, spec) in &table().enums {
        for v in &spec.values {
            let r = out.entry((e.as_str(), v.name.as_str())).or_default();
            *r = Releases(r.0 | v.releases.0);
        }
    }
    out
});

/// How messages name an object of each kind.
fn object_phrase(kind: &str) -> &str {
    match kind {
        "operation" => "an operation",
        "file" => "a file",
        "folder" => "a folder",
        "employee" => "a user",
        "draftLocation" => "a draft location",
        "size" => "dimensions",
        "logo" => "a room logo",
        "logoCover" => "a logo cover",
        "lifetime" => "a room lifetime",
        "watermark" => "a watermark",
        "chatSettings" => "chat settings",
        "chatMultimodal" => "multimodal chat settings",
        "chatImage" => "chat image settings",
        "aiCapabilities" => "model capabilities",
        other => other,
    }
}

/// Enums whose codes the schema lists (`$defs/<enum>Code`): it rejects values no release sends.
const SCHEMA_CODED: &[&str] = &[
    "FileOperationType",
    "DistributedTaskStatus",
    "FileShare",
    "FolderType",
    "FileEntryType",
];

/// Kinds whose unknown members `--strict` already reports (through the schema's member lists).
const STRICT_ELSEWHERE: &[&str] = &["operation", "file", "folder", "employee"];

struct Walk<'o> {
    target: Target,
    /// The operation's bytes, to quote how an integer member's number was written.
    bytes: &'o [u8],
    /// Whether `-0` occurs in the bytes at all (only then are zeros looked at).
    minus_zero: bool,
    evidence: Evidence,
    out: &'o mut Vec<Finding>,
    /// Members the schema defines but no release sends (2022 servers' `canEdit`): with a
    /// target and `--strict`, errors here.
    schema_known: fn(&str, &str) -> bool,
}

/// Walks one operation: narrows the evidence, and with a target reports what the target
/// releases do not send. `schema_known(kind, name)` says whether the schema defines a member.
pub fn check_operation(
    op: TapeValue<'_>,
    bytes: &[u8],
    target: Target,
    schema_known: fn(&str, &str) -> bool,
    out: &mut Vec<Finding>,
) -> Evidence {
    let mut walk = Walk {
        target,
        bytes,
        minus_zero: memchr::memmem::find(bytes, b"-0").is_some(),
        evidence: Evidence::default(),
        out,
        schema_known,
    };
    walk.object("operation", op, &Pointer::root);
    walk.evidence
}

impl Walk<'_> {
    fn object(&mut self, kind: &'static str, object: TapeValue<'_>, at: &dyn Fn() -> Pointer) {
        for (name, value) in object.members() {
            let Some(member) = INDEX.get(&(kind, name)).copied() else {
                self.unknown(kind, name, at);
                continue;
            };
            let what = || format!("`{name}` on {}", object_phrase(kind));
            // A member the target does not send is one error; its value says nothing more.
            if self.item(member.releases, &what, &|| at().key(name)) {
                self.value(&member.ty, value, &|| at().key(name), name);
            }
        }
    }

    fn value(
        &mut self,
        ty: &'static str,
        value: TapeValue<'_>,
        at: &dyn Fn() -> Pointer,
        name: &str,
    ) {
        if matches!(ty, "int32" | "int64" | "uint32" | "id") || ty.starts_with("enum:") {
            self.number_form(value, at, name);
        }
        if let Some(kind) = ty.strip_prefix("object:") {
            self.object(kind, value, at);
        } else if let Some(kind) = ty.strip_prefix("array:object:") {
            for (i, element) in value.elements().enumerate() {
                self.object(kind, element, &|| at().index(i));
            }
        } else if let Some(e) = ty.strip_prefix("enum:") {
            if let Some(code) = integer(value) {
                self.enum_value(e, code, at);
            }
        } else if let Some(rest) = ty.strip_prefix("map<enum:")
            && let Some((e, _)) = rest.split_once('>')
        {
            for (key, _) in value.members() {
                self.enum_key(e, name, key, &|| at().key(key));
            }
        }
    }

    /// The server writes integers as plain digits: `100.0`, `1e2` or `-0` in an integer member
    /// passes the schema (an integral number) but is not what any release writes.
    fn number_form(&mut self, value: TapeValue<'_>, at: &dyn Fn() -> Pointer, name: &str) {
        let suspect = match value.node() {
            // A fraction other than .0 is already a type error of the schema and types layers.
            Node::Static(StaticNode::F64(f)) => f.fract() == 0.0,
            Node::Static(StaticNode::I64(0) | StaticNode::U64(0)) => self.minus_zero,
            _ => false,
        };
        if !suspect {
            return;
        }
        let pointer = at();
        let tokens: Vec<String> = pointer.tokens().collect();
        let start = crate::locate::locate(self.bytes, &tokens).value;
        let raw: String = self
            .bytes
            .get(start..)
            .unwrap_or_default()
            .iter()
            .take_while(|b| matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
            .map(|&b| char::from(b))
            .collect();
        if raw.is_empty() || raw.bytes().all(|b| b.is_ascii_digit()) {
            return;
        }
        self.out.push(Finding {
            pointer,
            rule: "number-form",
            detail: String::new(),
            message: format!(
                "{name}: servers write integers as plain digits, found {raw} (an integer in \
                 another form)"
            ),
        });
    }

    fn enum_value(&mut self, e: &str, code: i64, at: &dyn Fn() -> Pointer) {
        let Some(spec) = table().enums.get(e) else {
            return;
        };
        let releases = spec.releases_of(code);
        if releases.is_empty() {
            // A value no release sends: the schema's enum rejects it where the schema lists the
            // codes; for the enums the schema types as int32 only the named release can say so.
            if let Some(target) = self.target.releases
                && !SCHEMA_CODED.contains(&e)
            {
                self.out.push(Finding {
                    pointer: at(),
                    rule: "server-version",
                    detail: String::new(),
                    message: format!(
                        "{e} {code} is not sent by any server release (--server-version names \
                         {target})"
                    ),
                });
            }
            return;
        }
        let what = || {
            let names = spec.names_of(code);
            if names.is_empty() {
                format!("{e} {code}")
            } else {
                format!("{e} {code} ({})", names.join(" / "))
            }
        };
        self.item(releases, &what, at);
    }

    fn enum_key(&mut self, e: &str, member: &str, key: &str, at: &dyn Fn() -> Pointer) {
        let Some(&releases) = NAMES.get(&(e, key)) else {
            return;
        };
        if releases.is_empty() {
            // A key that is no name of the enum in any release: nothing to say about releases.
            return;
        }
        let what = || format!("`{member}` key `{key}` ({e})");
        self.item(releases, &what, at);
    }

    /// One item sent by `releases`: narrows the evidence, or, with a target that does not send
    /// it, an error (and false: its value is not looked into).
    fn item(
        &mut self,
        releases: Releases,
        what: &dyn Fn() -> String,
        at: &dyn Fn() -> Pointer,
    ) -> bool {
        if let Some(target) = self.target.releases {
            if !releases.intersects(target) {
                let why = table().why_not(releases, target);
                self.out.push(Finding {
                    pointer: at(),
                    rule: "server-version",
                    detail: String::new(),
                    message: format!("{} {why} (--server-version names {target})", what()),
                });
                return false;
            }
            return true;
        }
        self.evidence.note(releases, what);
        true
    }

    fn unknown(&mut self, kind: &str, name: &str, at: &dyn Fn() -> Pointer) {
        let Some(target) = self.target.releases else {
            return;
        };
        if !self.target.strict {
            return;
        }
        if STRICT_ELSEWHERE.contains(&kind) && !(self.schema_known)(kind, name) {
            return;
        }
        self.out.push(Finding {
            pointer: at().key(name),
            rule: "server-version",
            detail: String::new(),
            message: format!(
                "`{name}` on {} is not sent by any server release (--strict with \
                 --server-version names {target})",
                object_phrase(kind)
            ),
        });
    }
}

/// The integer a tape value holds (integral floats too: `1.0` is the code 1 for the schema).
fn integer(value: TapeValue<'_>) -> Option<i64> {
    match value.node() {
        Node::Static(StaticNode::I64(i)) => Some(*i),
        Node::Static(StaticNode::U64(u)) => i64::try_from(*u).ok(),
        #[allow(clippy::cast_possible_truncation)]
        Node::Static(StaticNode::F64(f)) if f.fract() == 0.0 && f.abs() < 1e15 => Some(*f as i64),
        _ => None,
    }
}
