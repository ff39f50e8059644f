//! The rules layer: what the schema cannot say. All are warnings: a payload breaking them is
//! well-formed, but something about the server or the capture deserves a look.

use std::collections::HashSet;
use std::hash::BuildHasherDefault;
use std::sync::LazyLock;

pub mod document;
pub mod error_response;
pub mod release;

use crate::hash::Fnv;
use crate::json::names::{may_repeat, name_hash};

use crate::json::tape::TapeValue;
use crate::model::{FileEntryType, Operation, WireEnum};
use crate::report::{Finding, Kind, Pointer, Rule};
use simd_json::value::tape::Node;

/// Warnings about one operation that passed the types layer.
pub fn check_operation(op: &Operation<'_>, out: &mut Vec<Finding>) {
    let at = |name: &str| Pointer::root().key(name);
    let progress = op.progress.0;
    if !(0..=100).contains(&progress) {
        out.push(Finding::new(
            at("progress"),
            Rule::ProgressRange,
            Kind::ProgressRange { progress },
        ));
    }
    if op.finished && progress != 100 {
        out.push(Finding::new(
            at("progress"),
            Rule::FinishedProgress,
            Kind::FinishedProgress { progress },
        ));
    }
    if let Some(processed) = &op.processed {
        let p = &processed.0;
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
            out.push(Finding::new(
                at("processed"),
                Rule::ProcessedNumber,
                Kind::ProcessedNumber {
                    found: p.to_string(),
                },
            ));
        }
    }
    let entries = op
        .files
        .iter()
        .flatten()
        .map(|f| (f.file_entry_type, &f.created, &f.updated))
        .enumerate()
        .map(|(i, e)| ("files", i, e, FileEntryType::Folder));
    let folders = op
        .folders
        .iter()
        .flatten()
        .map(|f| (f.file_entry_type, &f.created, &f.updated))
        .enumerate()
        .map(|(i, e)| ("folders", i, e, FileEntryType::File));
    for (list, i, (kind, created, updated), wrong) in entries.chain(folders) {
        let entry = at(list).index(i);
        if kind.is_some_and(|k| k.value == wrong) {
            let code = FileEntryType::VALUES
                .iter()
                .find(|v| v.0 == wrong)
                .map_or(0, |v| v.1);
            out.push(Finding::new(
                entry.key("fileEntryType"),
                Rule::EntryKind,
                Kind::EntryInWrongList {
                    list,
                    says_folder: wrong == FileEntryType::Folder,
                    code,
                },
            ));
        }
        if let (Some(c), Some(u)) = (created, updated)
            && let (Some(ct), Some(ut)) = (c.ticks(), u.ticks())
            && ut < ct
        {
            out.push(Finding::new(
                entry.key("updated"),
                Rule::UpdatedBeforeCreated,
                Kind::UpdatedBeforeCreated,
            ));
        }
    }
}

/// Whether [`check_operation`] would find nothing in `op`, read straight from the tape: how
/// the fast path skips the typed parse of an operation the compiled schema found clean (whose
/// types the types layer accepts: `tests/compiled.rs` and the `compiled` fuzz target hold both
/// claims). Anything it does not expect answers `false`, and the full check decides.
#[must_use]
pub fn quiet_on_tape(op: TapeValue<'_>) -> bool {
    use simd_json::StaticNode;
    let is_null = |v: TapeValue<'_>| matches!(v.node(), Node::Static(StaticNode::Null));
    // One pass over the operation's members (and one over each entry's) instead of a `get`
    // per member read: each `get` walks the object from its start.
    let [progress, finished, processed, files, folders] =
        op.get_each(["progress", "finished", "processed", "files", "folders"]);
    let Some(progress) = progress.and_then(|p| p.integral()) else {
        return false;
    };
    if !(0..=100).contains(&progress) {
        return false;
    }
    let finished = match finished.map(|v| *v.node()) {
        Some(Node::Static(StaticNode::Bool(b))) => b,
        _ => return false,
    };
    if finished && progress != 100 {
        return false;
    }
    if let Some(p) = processed {
        match p.as_str() {
            Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => {}
            None if is_null(p) => {}
            _ => return false,
        }
    }
    for (list, wrong) in [
        (files, FileEntryType::Folder),
        (folders, FileEntryType::File),
    ] {
        let Some(entries) = list.filter(|l| !is_null(*l)) else {
            continue;
        };
        for entry in entries.elements() {
            let [kind, created, updated] = entry.get_each(["fileEntryType", "created", "updated"]);
            if let Some(kind) = kind.filter(|k| !is_null(*k)) {
                let kind = match (kind.integral(), kind.as_str()) {
                    (Some(code), _) => FileEntryType::VALUES.iter().find(|v| v.1 == code),
                    (_, Some(name)) => FileEntryType::VALUES.iter().find(|v| v.2 == name),
                    _ => None,
                };
                match kind {
                    Some(v) if v.0 != wrong => {}
                    _ => return false,
                }
            }
            let ticks = |value: Option<TapeValue<'_>>| -> Result<Option<i128>, ()> {
                match value {
                    None => Ok(None),
                    Some(v) if is_null(v) => Ok(None),
                    Some(v) => match (v.as_str(), v.get("utcTime").and_then(|u| u.as_str())) {
                        (Some(wire), _) => Ok(crate::model::dates::wire_ticks(wire)),
                        (None, Some(utc)) => Ok(crate::model::dates::rfc3339_ticks(utc)),
                        _ => Err(()),
                    },
                }
            };
            // Two wire dates (nearly every entry) are ordered without reading them into ticks.
            if let (Some(c), Some(u)) = (
                created.and_then(|v| v.as_str()),
                updated.and_then(|v| v.as_str()),
            ) {
                if crate::model::dates::wire_order(c, u) == Some(std::cmp::Ordering::Greater) {
                    return false;
                }
                continue;
            }
            match (ticks(created), ticks(updated)) {
                (Ok(Some(c)), Ok(Some(u))) if u < c => return false,
                (Ok(_), Ok(_)) => {}
                _ => return false,
            }
        }
    }
    true
}

/// Member names each object kind defines, and which of them are required.
pub struct Known {
    pub members: &'static [&'static str],
    pub required: &'static [&'static str],
    /// `members` as a hash set: looked up for every member of every entry.
    set: fn() -> &'static NameSet,
}

impl Known {
    /// Whether the object kind defines `name`.
    #[must_use]
    pub fn defines(&self, name: &str) -> bool {
        (self.set)().contains(name)
    }
}

type NameSet = HashSet<&'static str, BuildHasherDefault<Fnv>>;

macro_rules! name_set {
    ($members:expr) => {{
        fn set() -> &'static NameSet {
            static SET: LazyLock<NameSet> = LazyLock::new(|| $members.iter().copied().collect());
            &SET
        }
        set
    }};
}

/// The kinds of object the payload has.
pub const OPERATION: Known = Known {
    members: Operation::MEMBERS,
    required: &["id", "Operation", "progress", "finished"],
    set: name_set!(Operation::MEMBERS),
};
pub const FILE: Known = Known {
    members: crate::model::FileEntry::MEMBERS,
    required: &["title"],
    set: name_set!(crate::model::FileEntry::MEMBERS),
};
pub const FOLDER: Known = Known {
    members: crate::model::FolderEntry::MEMBERS,
    required: &["title"],
    set: name_set!(crate::model::FolderEntry::MEMBERS),
};
pub const EMPLOYEE: Known = Known {
    members: crate::model::Employee::MEMBERS,
    required: &["id"],
    set: name_set!(crate::model::Employee::MEMBERS),
};

/// Members of an operation (and of its entries and their employees) that the schema does not
/// define: reported to `unknown` as pointer patterns, and as `case-mismatch` warnings when they
/// differ from a known member only by case.
pub fn unknown_members(
    op: TapeValue<'_>,
    out: &mut Vec<Finding>,
    unknown: &mut Vec<(Pointer, String)>,
) {
    // Pointers are built only for an unknown member: this runs on every entry of every
    // operation.
    object_members(op, &Pointer::root, &OPERATION, out, unknown);
    for (list, known) in [("files", &FILE), ("folders", &FOLDER)] {
        let Some(entries) = op.get(list) else {
            continue;
        };
        for (i, entry) in entries.elements().enumerate() {
            let at = || Pointer::root().key(list).index(i);
            object_members(entry, &at, known, out, unknown);
            for who in ["createdBy", "updatedBy", "sharedBy", "ownedBy"] {
                if let Some(employee) = entry.get(who) {
                    object_members(employee, &|| at().key(who), &EMPLOYEE, out, unknown);
                }
            }
        }
    }
}

fn object_members(
    object: TapeValue<'_>,
    at: &dyn Fn() -> Pointer,
    known: &Known,
    out: &mut Vec<Finding>,
    unknown: &mut Vec<(Pointer, String)>,
) {
    for (name, _) in object.members() {
        if known.defines(name) {
            continue;
        }
        let at = at();
        unknown.push((at.key(name), name.to_owned()));
        let Some(meant) = known.members.iter().find(|m| m.eq_ignore_ascii_case(name)) else {
            continue;
        };
        // A missing required member already says "found `x`" in its own message.
        if known.required.contains(meant) && object.get(meant).is_none() {
            continue;
        }
        out.push(Finding::new(
            at.key(name),
            Rule::CaseMismatch,
            Kind::CaseMismatch {
                name: name.to_owned(),
                meant,
            },
        ));
    }
}

/// Duplicate member names anywhere in a value (pointers to the repeated member).
///
/// This runs on every operation, so it allocates nothing unless it finds something: member
/// names are sorted in one reused buffer, and the path is kept as borrowed steps that become a
/// pointer only for a finding.
pub fn duplicate_keys(value: TapeValue<'_>, at: &Pointer, out: &mut Vec<Finding>) {
    let mut walk = DuplicateWalk {
        at,
        path: Vec::new(),
        names: Vec::new(),
        reported: out.iter().map(|f| f.pointer.clone()).collect(),
        out,
    };
    walk.value(value);
}

enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

struct DuplicateWalk<'a, 'o> {
    at: &'o Pointer,
    path: Vec<Step<'a>>,
    names: Vec<(u64, &'a str)>,
    /// The pointers of `out`'s findings: a set, as a value can repeat names in any number of
    /// objects (a scan of `out` per finding made 40,000 took seconds).
    reported: HashSet<Pointer>,
    out: &'o mut Vec<Finding>,
}

impl<'a> DuplicateWalk<'a, '_> {
    fn value(&mut self, v: TapeValue<'a>) {
        match v.node() {
            Node::Object { len, .. } => {
                if *len > 1 {
                    self.names.clear();
                    self.names
                        .extend(v.members().map(|(n, _)| (name_hash(n), n)));
                }
                // Most objects are settled by the filter (its "no" is exact); the others sort
                // hashes, not names (integer compares instead of memcmp calls), and names are
                // compared only where hashes meet.
                if *len > 1 && may_repeat(self.names.iter().map(|&(h, _)| h)) {
                    self.names.sort_unstable_by_key(|&(h, _)| h);
                    let mut repeated: Vec<&'a str> = Vec::new();
                    // A set beside the list: an object can repeat any number of names.
                    let mut listed: HashSet<&'a str> = HashSet::new();
                    for (i, &(h, name)) in self.names.iter().enumerate() {
                        let twin = self.names[..i]
                            .iter()
                            .rev()
                            .take_while(|(g, _)| *g == h)
                            .any(|&(_, other)| other == name);
                        if twin && listed.insert(name) {
                            repeated.push(name);
                        }
                    }
                    for name in repeated {
                        self.report(name);
                    }
                }
                for (n, child) in v.members() {
                    if is_container(child) {
                        self.path.push(Step::Key(n));
                        self.value(child);
                        self.path.pop();
                    }
                }
            }
            Node::Array { .. } => {
                for (i, child) in v.elements().enumerate() {
                    if is_container(child) {
                        self.path.push(Step::Index(i));
                        self.value(child);
                        self.path.pop();
                    }
                }
            }
            _ => {}
        }
    }

    fn report(&mut self, name: &str) {
        let mut parent = self.at.clone();
        for step in &self.path {
            parent = match step {
                Step::Key(k) => parent.key(k),
                Step::Index(i) => parent.index(*i),
            };
        }
        let pointer = parent.key(name);
        if !self.reported.insert(pointer.clone()) {
            return;
        }
        self.out.push(Finding::new(
            pointer,
            Rule::DuplicateKey,
            Kind::Duplicate {
                member: name.to_owned(),
            },
        ));
    }
}

fn is_container(v: TapeValue<'_>) -> bool {
    matches!(v.node(), Node::Object { .. } | Node::Array { .. })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repeats_found(json: &str) -> usize {
        let mut bytes = json.as_bytes().to_vec();
        let tape = simd_json::to_tape(&mut bytes).expect("valid JSON");
        let mut out = Vec::new();
        duplicate_keys(TapeValue::root(&tape.0), &Pointer::root(), &mut out);
        out.len()
    }

    /// Repeated names are found whether the filter settles the object (a few names) or sends
    /// it to sorting (300 names share some of its 1,024 bits), at any depth.
    #[test]
    fn repeated_names_are_found_among_few_and_many() {
        let many: Vec<String> = (0..300).map(|i| format!("\"n{i}\": {i}")).collect();
        assert_eq!(repeats_found(&format!("{{{}}}", many.join(","))), 0);
        assert_eq!(
            repeats_found(&format!("{{{}, \"n17\": 0}}", many.join(","))),
            1
        );
        assert_eq!(repeats_found(r#"{"a": 1, "a": 2}"#), 1);
        assert_eq!(repeats_found(r#"{"a": 1, "b": {"a": 2}}"#), 0);
        assert_eq!(
            repeats_found(r#"[{"x": {"k": 1, "j": 2, "k": 3}}, {"k": 1}]"#),
            1
        );
        assert_eq!(
            repeats_found(r#"{"a": 1, "b": 2, "a": 3, "b": 4, "a": 5}"#),
            2
        );
    }
}
