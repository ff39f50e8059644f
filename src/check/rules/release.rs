//! Which server releases could have sent an operation, and `--server-version` errors for what the named release does not send.
//!
//! One walk over an operation's tape looks every member (and enum value, and enum-named
//! dictionary key) up in the per-release table. Each item narrows the set of releases that send
//! everything seen so far (the report's "consistent with" verdict, which warns when no release
//! is left); with `--server-version` an item outside the named releases is an error at its
//! exact pointer, saying which release first (or last) sent it.

use simd_json::StaticNode;
use simd_json::value::tape::Node;

use crate::json::tape::TapeValue;
use crate::model::releases::Releases;
use crate::report::{Finding, Kind as FindingKind, Pointer, Rule};

mod evidence;
mod fact;
pub mod fused;
pub mod kinds;
mod table;
pub use evidence::{Evidence, Item};
pub use fact::ReleaseFact;
use table::{COMPILED, Compiled, EnumInfo, MemberInfo, Ty};

/// What the walk is asked to enforce.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Target {
    /// The releases `--server-version` names; `None` only narrows the evidence.
    pub releases: Option<Releases>,
    /// `--strict`: members no release sends are errors too (with a target).
    pub strict: bool,
}

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
    evidence: Evidence,
    out: &'o mut Vec<Finding>,
    /// Members the schema defines but no release sends (2022 servers' `canEdit`): with a
    /// target and `--strict`, errors here.
    schema_known: fn(&str, &str) -> bool,
    compiled: &'static Compiled,
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
        if !number_suspect(value) {
            return;
        }
        let pointer = at();
        let tokens: Vec<_> = pointer.tokens().collect();
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
            self.evidence.note(releases, what(), compiled);
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
        self.evidence.note(releases, what, self.compiled);
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

/// Whether a number may be written other than as plain digits (`1.0`, `1e2`, `-0`): the bytes
/// say (see [`Walk::number_form`]).
fn number_suspect(value: TapeValue<'_>) -> bool {
    match value.node() {
        // A fraction other than .0 is already a type error of the schema and types layers.
        Node::Static(StaticNode::F64(f)) => f.fract() == 0.0,
        // simd-json keeps the sign of what was written: a plain integer with a `-` is an
        // `I64`, one without is a `U64`, so `I64(0)` is exactly the text `-0` (held by
        // `the_tape_tells_minus_zero_from_zero`). No search of the bytes is needed.
        Node::Static(StaticNode::I64(0)) => true,
        _ => false,
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
