//! The release walk fused into the compiled checker: the compiled walk already matches every
//! member name of an operation to its index in its def, so each member's release set is an array
//! read there, instead of a second walk that looks every name up again.
//!
//! build.rs lists the members of the schema's named object defs ([`HookSpec`], in the order the
//! generated walks report them); [`Hooks::new`] pairs each with the table's member of the same
//! object kind, once per profile. The fused walk is only trusted where it provably notes exactly
//! what [`super::check_operation`] would: a member whose value could lead the compiled walk
//! anywhere the table does not describe gets [`Hook::Walk`], and anything the release walk
//! would word as a finding (a number written `1.0` or `-0`, an item the target does not send)
//! raises [`Fused::walk`]; in both cases the release walk runs as before. Debug builds run both
//! and compare them on every clean operation.

use std::sync::LazyLock;

use super::table::{COMPILED, Compiled, EnumInfo, MemberInfo, Ty};
use super::{Evidence, Item, SCHEMA_CODED, Target, integer};
use crate::json::tape::TapeValue;

/// How a member's value leads to a def (written by build.rs).
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    /// Exactly `$ref <def>`.
    Def(&'static str),
    /// An array of `$ref <def>`.
    Items(&'static str),
    /// Anything else.
    Other,
}

/// One member of a named object def of the compiled schema (written by build.rs).
#[derive(Debug)]
pub struct HookSpec {
    pub def: &'static str,
    /// `None`: whichever member the def does not list (its `additionalProperties`).
    pub member: Option<&'static str>,
    pub shape: Shape,
    /// Every def the member's value can reach.
    pub reaches: &'static [&'static str],
    /// When the member's value is a map keyed by an enum's names, and the compiled walk
    /// matches them itself: every name of that enum, as build.rs read them from the release
    /// table. The walk reports each one it meets as `cx.map_key(h, i)`, `i` an index into
    /// this list. Empty otherwise.
    pub keys: &'static [&'static str],
}

/// What the compiled walk does for the release walk at one member.
#[derive(Debug, Clone, Copy)]
enum Hook {
    /// A member of a def that is no object kind of the table: the release walk never sees it.
    Skip,
    /// A member of an object kind that the table does not list (ignored, unless a target and
    /// `--strict` may make it an error).
    Unlisted,
    /// A member of object kind `kind`, and what the table says of it.
    Member {
        kind: &'static str,
        info: &'static MemberInfo,
    },
    /// The compiled walk may go where the table does not: the release walk decides.
    Walk,
}

/// The table's object kind a schema def stands for ([`super::kinds::table_kind`]).
fn kind_of(def: &str) -> Option<usize> {
    let name = super::kinds::table_kind(def);
    COMPILED.kinds.iter().position(|k| k.name == name)
}

/// What a member needs, read at every member of every operation. `Fused::member` is inlined
/// into each member's arm of the compiled walk, where its hook never changes: the branch on
/// this is then predicted, where one shared branch over every member was not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quick {
    /// Nothing to note or check: every release sends the member, and it is no integer.
    Nothing,
    /// Every release sends the member, an integer: its number form is checked.
    Int,
    /// Every release sends the member, a code of enum `.0`: its number form is checked and
    /// the code's releases noted.
    Enum(u16),
    /// Every release sends the member, a map keyed by names of enum `.0`: each key's releases
    /// are noted.
    Keys(u16),
    /// A member of the table not sent by every release: [`Fused::listed_at`] notes it.
    Listed,
    /// Anything else: [`Fused::hooked`] reads the whole hook.
    Hook,
}

/// The hooks of one profile's compiled schema, by the index its walks report members with.
pub struct Hooks {
    quick: Vec<Quick>,
    hooks: Vec<Hook>,
    /// For each member whose map's keys the compiled walk matches ([`HookSpec::keys`]): each
    /// key, by the walk's index. Empty for the others, whose maps' keys [`Fused::keys_of`]
    /// looks up by name.
    keys: Vec<Vec<MapKey>>,
    compiled: &'static Compiled,
}

impl std::fmt::Debug for Hooks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hooks")
            .field("hooks", &self.hooks)
            .finish_non_exhaustive()
    }
}

impl Hooks {
    /// Pairs each hooked member with the table's member, or decides it needs the release walk.
    #[must_use]
    pub fn new(specs: &[HookSpec]) -> Self {
        let compiled: &'static Compiled = &COMPILED;
        let mut hooks: Vec<Hook> = specs.iter().map(hook).collect();
        let keys: Vec<Vec<MapKey>> = specs
            .iter()
            .zip(&mut hooks)
            .map(|(spec, hook)| {
                if spec.keys.is_empty() {
                    return Vec::new();
                }
                match matched_keys(spec.keys, hook) {
                    Some(keys) => keys,
                    None => {
                        // The walk reports keys the table does not key this member by: the
                        // release walk decides (a test keeps this from happening).
                        *hook = Hook::Walk;
                        Vec::new()
                    }
                }
            })
            .collect();
        let quick = hooks
            .iter()
            .zip(&keys)
            .map(|(h, keys)| match h {
                Hook::Skip => Quick::Nothing,
                Hook::Member { info, .. } if info.releases == compiled.all => match info.ty {
                    Ty::Plain | Ty::Object(_) | Ty::Objects(_) | Ty::MapEnum(None) => {
                        Quick::Nothing
                    }
                    // The compiled walk reports each key itself.
                    Ty::MapEnum(Some(_)) if !keys.is_empty() => Quick::Nothing,
                    Ty::Int | Ty::Enum(None) => Quick::Int,
                    Ty::Enum(Some(e)) => u16::try_from(e).map_or(Quick::Hook, Quick::Enum),
                    Ty::MapEnum(Some(e)) => u16::try_from(e).map_or(Quick::Hook, Quick::Keys),
                },
                Hook::Member { .. } => Quick::Listed,
                Hook::Unlisted | Hook::Walk => Quick::Hook,
            })
            .collect();
        Hooks {
            quick,
            hooks,
            keys,
            compiled,
        }
    }

    /// Members whose hook is [`Hook::Walk`]: on each operation holding one, the release walk
    /// runs (a test keeps this empty for the bundled schema).
    #[must_use]
    pub fn walked(&self, specs: &[HookSpec]) -> Vec<String> {
        self.hooks
            .iter()
            .zip(specs)
            .filter(|(h, _)| matches!(h, Hook::Walk))
            .map(|(_, s)| format!("{}.{}", s.def, s.member.unwrap_or("<additionalProperties>")))
            .collect()
    }

    /// Members whose maps' keys the compiled walk reports itself (`cx.map_key`), with how many
    /// names each matches.
    #[must_use]
    pub fn keyed(&self, specs: &[HookSpec]) -> Vec<(String, usize)> {
        self.keys
            .iter()
            .zip(specs)
            .filter(|(keys, _)| !keys.is_empty())
            .map(|(keys, s)| {
                let member = s.member.unwrap_or("<additionalProperties>");
                (format!("{}.{member}", s.def), keys.len())
            })
            .collect()
    }
}

/// A key of an enum-keyed map, as the table says of it: everything [`Fused::map_key`] notes,
/// read once here rather than from the hook at every key.
#[derive(Debug, Clone, Copy)]
struct MapKey {
    key: &'static str,
    /// The releases that send the key.
    releases: u64,
    /// The enum's name and the member's (the evidence names both).
    e: &'static str,
    member: &'static str,
}

/// The names build.rs listed for a member's map (`names`), each with the releases that send it,
/// when the table keys that member's map by exactly those names (its enum's, every one): the
/// compiled walk's report of a key then stands for the lookup [`Fused::keys_of`] would make.
/// `None` when they differ, or the member is no enum-keyed map of the table.
fn matched_keys(names: &[&'static str], hook: &Hook) -> Option<Vec<MapKey>> {
    let &Hook::Member { info, .. } = hook else {
        return None;
    };
    let Ty::MapEnum(Some(e)) = info.ty else {
        return None;
    };
    let e = &COMPILED.enums[e];
    if e.names.len() != names.len() {
        return None;
    }
    names
        .iter()
        .map(|name| {
            e.names.get(name).map(|(key, &releases)| MapKey {
                key,
                releases,
                e: e.name,
                member: info.name,
            })
        })
        .collect()
}

fn hook(spec: &HookSpec) -> Hook {
    let compiled = &*COMPILED;
    let reaches_a_kind = || spec.reaches.iter().any(|d| kind_of(d).is_some());
    let Some(kind) = kind_of(spec.def) else {
        // Not walked by the release walk; a kind inside it would be walked by the compiled
        // walk alone (the member leading here is then `Walk`, see below).
        return Hook::Skip;
    };
    let k = &compiled.kinds[kind];
    let Some(member) = spec.member else {
        // Any name at all: what the table says of it is only known when it is met.
        return Hook::Walk;
    };
    let Some((_, info)) = k.members.get(member) else {
        return if reaches_a_kind() {
            Hook::Walk
        } else {
            Hook::Unlisted
        };
    };
    // The compiled walk goes into the object kind the table names exactly when the member's
    // value is that kind's def (or a list of it); into no kind when the table names none.
    let leads = match (info.ty, spec.shape) {
        (Ty::Object(want), Shape::Def(d)) | (Ty::Objects(want), Shape::Items(d)) => {
            kind_of(d) == Some(want)
        }
        (Ty::Object(_) | Ty::Objects(_), _) => false,
        _ => !reaches_a_kind(),
    };
    if leads {
        Hook::Member { kind: k.name, info }
    } else {
        Hook::Walk
    }
}

/// Hooks for no schema: a [`Fused`] not yet reset for a profile.
static NO_HOOKS: LazyLock<Hooks> = LazyLock::new(|| Hooks::new(&[]));

/// The fused walk's state over one value: the evidence so far, and whether the release walk
/// must run after all.
#[derive(Debug)]
pub struct Fused {
    /// The evidence of what was walked (with no target).
    pub evidence: Evidence,
    /// The release walk must run: it has something to report, or the compiled walk went where
    /// its evidence would not be the release walk's.
    pub walk: bool,
    /// How many notes changed the evidence (to tell whether a failed `anyOf` branch did).
    notes: u32,
    target: Target,
    hooks: &'static Hooks,
}

impl Default for Fused {
    fn default() -> Self {
        Fused {
            evidence: Evidence::default(),
            walk: false,
            notes: 0,
            target: Target::default(),
            hooks: &NO_HOOKS,
        }
    }
}

impl Fused {
    /// Starts a value: no evidence, the target and the profile's hooks.
    #[inline]
    pub fn reset(&mut self, target: Target, hooks: &'static Hooks) {
        self.evidence = Evidence::default();
        self.walk = false;
        self.notes = 0;
        self.target = target;
        self.hooks = hooks;
    }

    /// How many notes have changed the evidence so far.
    #[inline]
    pub fn mark(&self) -> u32 {
        self.notes
    }

    /// An `anyOf` branch ended: a failed one that changed the evidence since `mark` leaves the
    /// decision to the release walk.
    #[inline]
    pub fn kept(&mut self, mark: u32, ok: bool) -> bool {
        if !ok && self.notes != mark {
            self.walk = true;
        }
        ok
    }

    /// The compiled walk met hooked member `h` with value `v`: what the release walk does there,
    /// apart from going into nested objects (the compiled walk does that itself).
    ///
    /// Inlined into each member's arm of the compiled walk, where the member's hook never
    /// changes: each branch on [`Quick`] is then predicted at its own arm, where one dispatch
    /// shared by every member mispredicts its jump table at nearly every member.
    #[inline(always)]
    pub fn member(&mut self, h: usize, v: TapeValue<'_>) {
        match self.hooks.quick.get(h) {
            Some(Quick::Nothing) => {}
            Some(Quick::Int) => self.number_form(v),
            Some(&Quick::Enum(e)) => self.enum_code(e, v),
            Some(&Quick::Keys(e)) => self.enum_keys(h, e, v),
            Some(Quick::Listed) => self.listed_at(h, v),
            Some(Quick::Hook) | None => self.hooked(h, v),
        }
    }

    /// A member whose value is a code of enum `e`, sent by every release.
    #[inline(never)]
    fn enum_code(&mut self, e: u16, v: TapeValue<'_>) {
        let compiled = self.hooks.compiled;
        self.code_of(&compiled.enums[usize::from(e)], v);
    }

    /// A member whose value is a map keyed by names of enum `e`, sent by every release.
    #[inline(never)]
    fn enum_keys(&mut self, h: usize, e: u16, v: TapeValue<'_>) {
        let compiled = self.hooks.compiled;
        self.keys_of(h, &compiled.enums[usize::from(e)], v);
    }

    /// A member of the table not sent by every release (a [`Hook::Member`]).
    #[inline(never)]
    fn listed_at(&mut self, h: usize, v: TapeValue<'_>) {
        match self.hooks.hooks.get(h) {
            Some(&Hook::Member { kind, info }) => self.listed(h, kind, info, v),
            _ => self.hooked(h, v),
        }
    }

    /// A member [`Quick`] could not settle: its whole hook.
    #[inline(never)]
    fn hooked(&mut self, h: usize, v: TapeValue<'_>) {
        match self.hooks.hooks.get(h) {
            Some(Hook::Skip) => {}
            Some(&Hook::Member { kind, info }) => self.listed(h, kind, info, v),
            Some(Hook::Unlisted) => {
                // With a target and `--strict`, the release walk may make it an error.
                if self.target.releases.is_some() && self.target.strict {
                    self.walk = true;
                }
            }
            Some(Hook::Walk) | None => self.walk = true,
        }
    }

    /// What [`super::Walk::object`] does for one listed member (nested objects aside).
    fn listed(
        &mut self,
        h: usize,
        kind: &'static str,
        info: &'static MemberInfo,
        v: TapeValue<'_>,
    ) {
        if !self.item(info.releases, || Item::Member {
            kind,
            name: info.name,
        }) {
            return;
        }
        let enums = &self.hooks.compiled.enums;
        match info.ty {
            Ty::Plain | Ty::Object(_) | Ty::Objects(_) | Ty::MapEnum(None) => {}
            Ty::Int | Ty::Enum(None) => self.number_form(v),
            Ty::Enum(Some(e)) => self.code_of(&enums[e], v),
            // The compiled walk reports each key (`map_key`).
            Ty::MapEnum(Some(_)) if self.hooks.keys.get(h).is_some_and(|k| !k.is_empty()) => {}
            Ty::MapEnum(Some(e)) => self.keys_of(h, &enums[e], v),
        }
    }

    /// An enum member's value: its number form, and its code's releases noted.
    #[inline]
    fn code_of(&mut self, e: &'static EnumInfo, v: TapeValue<'_>) {
        self.number_form(v);
        if let Some(code) = integer(v) {
            let releases = e.releases_of(code);
            if releases != self.hooks.compiled.all {
                self.code(e, code, releases);
            }
        }
    }

    /// A map keyed by the names of enum `e` (hooked member `h`): each key's releases noted.
    #[inline]
    fn keys_of(&mut self, h: usize, e: &'static EnumInfo, v: TapeValue<'_>) {
        for (key, _) in v.members() {
            if let Some((key, &releases)) = e.names.get(key)
                && releases != self.hooks.compiled.all
            {
                self.key(h, e, key, releases);
            }
        }
    }

    /// The compiled walk met key `i` of hooked member `h`'s map ([`HookSpec::keys`]): what
    /// [`Fused::keys_of`] does for that key, with no lookup by name.
    #[inline(always)]
    pub fn map_key(&mut self, h: usize, i: usize) {
        match self.hooks.keys.get(h).and_then(|keys| keys.get(i)) {
            Some(k) if k.releases == self.hooks.compiled.all => {}
            Some(&k) => self.reported_key(k),
            // A walk and hooks that do not belong together: the release walk decides.
            None => self.walk = true,
        }
    }

    /// A key reported by the compiled walk, not sent by every release: as [`Fused::key`] (the
    /// hook it would read is the one [`matched_keys`] read `k` from).
    #[cold]
    #[inline(never)]
    fn reported_key(&mut self, k: MapKey) {
        self.enum_key(k);
    }

    /// Code `code` of enum `e`, sent by `releases` (not every release): as
    /// [`super::Walk::enum_value`].
    #[cold]
    #[inline(never)]
    fn code(&mut self, e: &'static EnumInfo, code: i64, releases: u64) {
        if releases == 0 {
            // No release sends it: the schema rejects it, or with a target the walk does.
            if self.target.releases.is_some() && !SCHEMA_CODED.contains(&e.name) {
                self.walk = true;
            }
            return;
        }
        self.item(releases, || Item::EnumValue { e: e.name, code });
    }

    /// Key `key` of hooked member `h`'s map, a name of enum `e` sent by `releases` (not every
    /// release): as [`super::Walk::enum_key`].
    #[cold]
    #[inline(never)]
    fn key(&mut self, h: usize, e: &'static EnumInfo, key: &'static str, releases: u64) {
        let Some(&Hook::Member { info, .. }) = self.hooks.hooks.get(h) else {
            self.walk = true;
            return;
        };
        self.enum_key(MapKey {
            key,
            releases,
            e: e.name,
            member: info.name,
        });
    }

    /// Notes a key of an enum-keyed map, whichever walk met it ([`Fused::key`],
    /// [`Fused::reported_key`]).
    #[inline]
    fn enum_key(&mut self, k: MapKey) {
        if k.releases == 0 {
            // No name of the enum in any release: nothing to say about releases.
            return;
        }
        self.item(k.releases, || Item::EnumKey {
            e: k.e,
            member: k.member,
            key: k.key,
        });
    }

    /// A number the release walk would quote (`1.0`, `1e2`, `-0`): it words the finding.
    #[inline]
    fn number_form(&mut self, v: TapeValue<'_>) {
        if super::number_suspect(v) {
            self.walk = true;
        }
    }

    /// One item sent by `releases`: narrows the evidence, or, when the target does not send
    /// it, leaves the error to the release walk (false: what is inside is not looked into).
    #[inline]
    fn item(&mut self, releases: u64, what: impl FnOnce() -> Item) -> bool {
        let compiled = self.hooks.compiled;
        match self.target.releases {
            None => {
                if releases != compiled.all {
                    self.notes += 1;
                    self.evidence.note(releases, what(), compiled);
                }
                true
            }
            Some(target) => {
                if releases & target.0 == 0 {
                    self.walk = true;
                    return false;
                }
                true
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Fused, Hook, HookSpec, Hooks, Shape};

    fn spec(
        def: &'static str,
        member: &'static str,
        shape: Shape,
        reaches: &'static [&'static str],
    ) -> HookSpec {
        HookSpec {
            def,
            member: Some(member),
            shape,
            reaches,
            keys: &[],
        }
    }

    fn kind(h: &Hook) -> &'static str {
        match h {
            Hook::Skip => "skip",
            Hook::Unlisted => "unlisted",
            Hook::Member { .. } => "member",
            Hook::Walk => "walk",
        }
    }

    /// The compiled walk stands in for the release walk only where it goes exactly where the
    /// table goes: into the kind the table names, and into no kind elsewhere.
    #[test]
    fn a_member_is_fused_only_where_the_schema_leads_where_the_table_does() {
        let specs = [
            // The table's `files` are `array:object:file`.
            spec(
                "operation",
                "files",
                Shape::Items("fileEntry"),
                &["fileEntry"],
            ),
            spec(
                "operation",
                "files",
                Shape::Def("fileEntry"),
                &["fileEntry"],
            ),
            spec(
                "operation",
                "files",
                Shape::Items("folderEntry"),
                &["folderEntry"],
            ),
            spec("operation", "files", Shape::Other, &["fileEntry"]),
            // `createdBy` is `object:employee`.
            spec(
                "fileEntry",
                "createdBy",
                Shape::Def("employee"),
                &["employee"],
            ),
            spec(
                "fileEntry",
                "createdBy",
                Shape::Items("employee"),
                &["employee"],
            ),
            // `title` is a string: only a value leading to no kind is fused.
            spec("fileEntry", "title", Shape::Other, &[]),
            spec("fileEntry", "title", Shape::Def("employee"), &["employee"]),
            spec("fileEntry", "title", Shape::Other, &["apiDateTimeDocs"]),
            // Not in the table.
            spec("fileEntry", "notInTheTable", Shape::Other, &[]),
            spec("fileEntry", "notInTheTable", Shape::Other, &["employee"]),
            // Not a kind of the table: the release walk never goes there.
            spec("apiDateTimeDocs", "utcTime", Shape::Other, &[]),
            // Members a def does not list (`additionalProperties`): the table may list any.
            HookSpec {
                def: "fileEntry",
                member: None,
                shape: Shape::Other,
                reaches: &[],
                keys: &[],
            },
            HookSpec {
                def: "apiDateTimeDocs",
                member: None,
                shape: Shape::Other,
                reaches: &[],
                keys: &[],
            },
        ];
        let hooks = Hooks::new(&specs);
        let kinds: Vec<&str> = hooks.hooks.iter().map(kind).collect();
        assert_eq!(
            kinds,
            [
                "member", "walk", "walk", "walk", "member", "walk", "member", "walk", "member",
                "unlisted", "walk", "skip", "walk", "skip"
            ]
        );
        assert_eq!(hooks.walked(&specs).len(), 7);
    }

    /// The compiled walk reports a map's keys itself only where build.rs listed exactly the
    /// names the table keys that member by; any other list leaves the member to the release
    /// walk, so that no key goes unnoted.
    #[test]
    fn map_keys_are_reported_by_the_walk_only_when_they_are_the_tables_names() {
        let names: Vec<&'static str> = {
            let e = super::COMPILED
                .enums
                .iter()
                .find(|e| e.name == "FilesSecurityActions")
                .expect("the table's security enum");
            let mut names: Vec<&'static str> = Vec::new();
            for v in &e.spec.values {
                if !names.contains(&v.name.as_str()) {
                    names.push(v.name.as_str());
                }
            }
            names
        };
        let all: &'static [&'static str] = Box::leak(names.clone().into_boxed_slice());
        let some: &'static [&'static str] = Box::leak(names[1..].to_vec().into_boxed_slice());
        let with = |keys: &'static [&'static str], member: &'static str| HookSpec {
            keys,
            ..spec("fileEntry", member, Shape::Other, &[])
        };
        let specs = [
            with(all, "security"),
            with(some, "security"),
            with(all, "title"),
        ];
        let hooks = Hooks::new(&specs);
        let kinds: Vec<&str> = hooks.hooks.iter().map(kind).collect();
        assert_eq!(kinds, ["member", "walk", "walk"]);
        assert_eq!(
            hooks.keyed(&specs),
            [("fileEntry.security".to_owned(), names.len())]
        );
        // Each reported key notes what the lookup by name would: a key of a few releases
        // narrows the evidence, one every release sends leaves it whole.
        let at = |name: &str| names.iter().position(|n| *n == name).expect("a name");
        let mut fused = Fused::default();
        fused.reset(super::Target::default(), Box::leak(Box::new(hooks)));
        fused.map_key(0, at("Read"));
        assert_eq!(fused.evidence, super::Evidence::default());
        fused.map_key(0, at("EditForm"));
        assert_ne!(fused.evidence.releases, super::Evidence::default().releases);
        assert!(!fused.walk);
        // A key index the hooks do not list: the release walk decides.
        fused.map_key(1, 0);
        assert!(fused.walk);
    }

    /// A failed `anyOf` branch that changed the evidence leaves the decision to the release walk.
    #[test]
    fn a_failed_branch_that_noted_evidence_makes_the_release_walk_run() {
        let mut fused = Fused::default();
        let mark = fused.mark();
        assert!(!fused.kept(mark, false));
        assert!(!fused.walk, "a failed branch that noted nothing");
        fused.notes += 1;
        assert!(fused.kept(mark, true));
        assert!(!fused.walk, "a branch that passed keeps its evidence");
        assert!(!fused.kept(mark, false));
        assert!(fused.walk);
    }

    /// A checker not reset for a profile has no hooks: every member goes to the release walk.
    #[test]
    fn a_member_with_no_hook_makes_the_release_walk_run() {
        let nodes = [simd_json::value::tape::Node::Static(
            simd_json::StaticNode::Bool(true),
        )];
        let mut fused = Fused::default();
        fused.member(0, crate::json::tape::TapeValue::root(&nodes));
        assert!(fused.walk);
    }
}
