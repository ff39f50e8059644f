//! Which server releases could have sent an operation, and `--server-version` errors for what the named release does not send.
//!
//! One walk over an operation's tape looks every member (and enum value, and enum-named
//! dictionary key) up in the per-release table. Each item narrows the set of releases that send
//! everything seen so far (the report's "consistent with" verdict, which warns when no release
//! is left); with `--server-version` an item outside the named releases is an error at its
//! exact pointer, saying which release first (or last) sent it.

use std::sync::LazyLock;

use simd_json::StaticNode;
use simd_json::value::tape::Node;

use crate::json::names::NameIndex;
use crate::json::tape::TapeValue;
use crate::model::releases::{Enum, Releases, Table, table};
use crate::report::{Finding, Kind as FindingKind, Pointer, Rule};

mod evidence;
mod fact;
pub use evidence::{Evidence, Item};
pub use fact::ReleaseFact;

/// What the walk is asked to enforce.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Target {
    /// The releases `--server-version` names; `None` only narrows the evidence.
    pub releases: Option<Releases>,
    /// `--strict`: members no release sends are errors too (with a target).
    pub strict: bool,
}

/// How the walk treats a member's value, decoded once from the table's type text.
#[derive(Debug, Clone, Copy)]
enum Ty {
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
struct MemberInfo {
    name: &'static str,
    releases: u64,
    ty: Ty,
}

/// An object kind: its name and members by name.
///
/// The member and enum-name tables are looked up for every member of every operation: a
/// [`NameIndex`] compares a name's length and two words where foldhash hashed the name and
/// `memcmp` compared it (FNV-1a took a multiply per byte, SipHash twice as long again).
struct Kind {
    name: &'static str,
    members: NameIndex<MemberInfo>,
}

/// An enum of the table: the releases of its small codes precomputed, and its names by name.
struct EnumInfo {
    name: &'static str,
    spec: &'static Enum,
    /// `releases_of(code)` for codes `0..small.len()`.
    small: Vec<u64>,
    /// The releases that have each name (the name borrowed from the table).
    names: NameIndex<u64>,
}

impl EnumInfo {
    #[inline]
    fn releases_of(&self, code: i64) -> u64 {
        usize::try_from(code)
            .ok()
            .and_then(|i| self.small.get(i).copied())
            .unwrap_or_else(|| self.spec.releases_of(code).0)
    }
}

/// The table compiled for the walk, once: kinds and enums by index, every member's type
/// decoded, release sets as bit masks.
struct Compiled {
    kinds: Vec<Kind>,
    enums: Vec<EnumInfo>,
    operation: usize,
    /// Every release of the table, and the newest one's index.
    all: u64,
    last: usize,
}

/// Codes below this get a precomputed release set (the table's enums are small; flag
/// combinations and larger codes are computed when met).
const SMALL_CODES: i64 = 256;

/// `spec.releases_of(code)` for every code below [`SMALL_CODES`], from one pass over the
/// values (calling `releases_of` per code scanned the values 256 times per enum, a tenth of a
/// one-file run). A flags enum's combination needs every bit, and every bit of a small code is
/// itself a small code.
fn small_codes(spec: &Enum) -> Vec<u64> {
    let size = SMALL_CODES as usize;
    let mut exact = vec![0u64; size];
    for v in &spec.values {
        if let Ok(i) = usize::try_from(v.value)
            && i < size
        {
            exact[i] |= v.releases.0;
        }
    }
    (0..size)
        .map(|code| {
            if exact[code] != 0 || !spec.flags || code == 0 {
                return exact[code];
            }
            (0..usize::BITS)
                .map(|b| 1usize << b)
                .filter(|bit| code & bit != 0)
                .fold(Releases::all().0, |mask, bit| mask & exact[bit])
        })
        .collect()
}

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| {
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
            } else if let Some(rest) = ty.strip_prefix("map<enum:")
                && let Some((e, _)) = rest.split_once('>')
            {
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
    compiled: &'static Compiled,
}

/// The `-0` searcher, built once (not per operation).
static MINUS_ZERO: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(b"-0"));

/// Whether `bytes` may hold the number `-0`: a `-0` where a value can start (after `:`, `,`,
/// `[` or whitespace). Dates and ids (`2025-03-05`, `...-0dca-...`) hold `-0` after a digit or
/// a letter in nearly every operation, and would send every zero to be located.
fn minus_zero(bytes: &[u8]) -> bool {
    MINUS_ZERO.find_iter(bytes).any(|at| {
        at == 0
            || matches!(
                bytes[at - 1],
                b':' | b',' | b'[' | b' ' | b'\t' | b'\n' | b'\r'
            )
    })
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
    let compiled: &'static Compiled = &COMPILED;
    let mut walk = Walk {
        target,
        bytes,
        minus_zero: minus_zero(bytes),
        evidence: Evidence::default(),
        out,
        schema_known,
        compiled,
    };
    walk.object(compiled.operation, op, &Pointer::root);
    walk.evidence
}

impl Walk<'_> {
    fn object(&mut self, kind: usize, object: TapeValue<'_>, at: &dyn Fn() -> Pointer) {
        let compiled = self.compiled;
        let k = &compiled.kinds[kind];
        for (name, value) in object.members() {
            let Some((_, member)) = k.members.get(name) else {
                self.unknown(k.name, name, at);
                continue;
            };
            let what = || Item::Member {
                kind: k.name,
                name: member.name,
            };
            // A member the target does not send is one error; its value says nothing more.
            let sent = if self.target.releases.is_none() {
                self.narrow(member.releases, what);
                true
            } else {
                self.item(member.releases, what(), &|| at().key(name))
            };
            if sent {
                self.value(member, value, &|| at().key(name));
            }
        }
    }

    fn value(
        &mut self,
        member: &'static MemberInfo,
        value: TapeValue<'_>,
        at: &dyn Fn() -> Pointer,
    ) {
        match member.ty {
            Ty::Plain => {}
            Ty::Int => self.number_form(value, at),
            Ty::Object(kind) => self.object(kind, value, at),
            Ty::Objects(kind) => {
                for (i, element) in value.elements().enumerate() {
                    self.object(kind, element, &|| at().index(i));
                }
            }
            Ty::Enum(e) => {
                self.number_form(value, at);
                if let Some(e) = e
                    && let Some(code) = integer(value)
                {
                    self.enum_value(&self.compiled.enums[e], code, at);
                }
            }
            Ty::MapEnum(Some(e)) => {
                let e = &self.compiled.enums[e];
                for (key, _) in value.members() {
                    self.enum_key(e, member.name, key, &|| at().key(key));
                }
            }
            Ty::MapEnum(None) => {}
        }
    }

    /// The server writes integers as plain digits: `100.0`, `1e2` or `-0` in an integer member
    /// passes the schema (an integral number) but is not what any release writes.
    fn number_form(&mut self, value: TapeValue<'_>, at: &dyn Fn() -> Pointer) {
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
        let start = crate::json::locate::locate(self.bytes, &tokens).value;
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
        self.out.push(Finding::new(
            pointer,
            Rule::NumberForm,
            FindingKind::Release(ReleaseFact::NumberForm { raw }),
        ));
    }

    fn enum_value(&mut self, e: &'static EnumInfo, code: i64, at: &dyn Fn() -> Pointer) {
        let releases = e.releases_of(code);
        if releases == 0 {
            // A value no release sends: the schema's enum rejects it where the schema lists the
            // codes; for the enums the schema types as int32 only the named release can say so.
            if let Some(target) = self.target.releases
                && !SCHEMA_CODED.contains(&e.name)
            {
                self.out.push(Finding::new(
                    at(),
                    Rule::ServerVersion,
                    FindingKind::Release(ReleaseFact::CodeNeverSent {
                        e: e.name,
                        code,
                        target,
                    }),
                ));
            }
            return;
        }
        self.item(releases, Item::EnumValue { e: e.name, code }, at);
    }

    fn enum_key(
        &mut self,
        e: &'static EnumInfo,
        member: &'static str,
        key: &str,
        at: &dyn Fn() -> Pointer,
    ) {
        let Some((key, &releases)) = e.names.get(key) else {
            return;
        };
        if releases == 0 {
            // A key that is no name of the enum in any release: nothing to say about releases.
            return;
        }
        let what = || Item::EnumKey {
            e: e.name,
            member,
            key,
        };
        if self.target.releases.is_none() {
            self.narrow(releases, what);
        } else {
            self.item(releases, what(), at);
        }
    }

    /// What [`Walk::item`] does without a target, inlined into the walk: most items are sent
    /// by every release, and cost a compare (the item is not even built).
    #[inline]
    fn narrow(&mut self, releases: u64, what: impl FnOnce() -> Item) {
        let compiled = self.compiled;
        if releases != compiled.all {
            self.evidence.note_in(releases, what(), compiled);
        }
    }

    /// One item sent by `releases`: narrows the evidence, or, with a target that does not send
    /// it, an error (and false: its value is not looked into).
    #[inline]
    fn item(&mut self, releases: u64, what: Item, at: &dyn Fn() -> Pointer) -> bool {
        if let Some(target) = self.target.releases {
            if releases & target.0 == 0 {
                self.out.push(Finding::new(
                    at(),
                    Rule::ServerVersion,
                    FindingKind::Release(ReleaseFact::NotSent {
                        item: what,
                        sent_by: Releases(releases),
                        target,
                    }),
                ));
                return false;
            }
            return true;
        }
        self.evidence.note(releases, what);
        true
    }

    fn unknown(&mut self, kind: &'static str, name: &str, at: &dyn Fn() -> Pointer) {
        let Some(target) = self.target.releases else {
            return;
        };
        if !self.target.strict {
            return;
        }
        if STRICT_ELSEWHERE.contains(&kind) && !(self.schema_known)(kind, name) {
            return;
        }
        self.out.push(Finding::new(
            at().key(name),
            Rule::ServerVersion,
            FindingKind::Release(ReleaseFact::MemberNeverSent {
                member: name.to_owned(),
                kind,
                target,
            }),
        ));
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

#[cfg(test)]
mod tests;
