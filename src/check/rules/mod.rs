//! The rules layer: what the schema cannot say. All are warnings: a payload breaking them is
//! well-formed, but something about the server or the capture deserves a look.

use std::collections::HashSet;
use std::hash::BuildHasherDefault;
use std::sync::LazyLock;

pub mod release;

use crate::hash::{Fnv, fnv};

use crate::json::tape::TapeValue;
use crate::model::{FileEntryType, Operation, WireEnum};
use crate::report::{Finding, Pointer};
use simd_json::value::tape::Node;

/// Every rule id the validator reports, with a sentence of help (for SARIF and `--help`).
pub const RULES: &[(&str, &str)] = &[
    (
        "syntax",
        "The input is not well-formed JSON, or not a JSON document at all.",
    ),
    (
        "duplicate-key",
        "An object names the same member twice; parsers disagree on which value wins.",
    ),
    (
        "byte-order-mark",
        "The input starts with a byte-order mark, which JSON texts must not carry.",
    ),
    ("type", "A value has the wrong JSON type for its member."),
    ("required", "A member the contract requires is missing."),
    (
        "enum",
        "An enum value is not one of the codes or names the contract lists.",
    ),
    (
        "range",
        "An integer is outside the bounds of its type (int32, int64).",
    ),
    (
        "format",
        "A string is not in the required format (date, GUID, URI).",
    ),
    (
        "profile",
        "A value is in a form the selected --profile does not allow.",
    ),
    (
        "unknown-member",
        "A member the schema does not define (an error with --strict).",
    ),
    (
        "case-mismatch",
        "A member name differs from a known one only by letter case.",
    ),
    ("progress-range", "progress is outside 0..=100."),
    (
        "finished-progress",
        "A finished operation reports progress other than 100.",
    ),
    (
        "entry-kind",
        "An entry in files is a folder (fileEntryType 1), or one in folders is a file (2).",
    ),
    (
        "duplicate-id",
        "Two operations in one response share an id.",
    ),
    ("processed-number", "processed is not a decimal number."),
    (
        "updated-before-created",
        "An entry's updated date is earlier than its created date.",
    ),
    (
        "count-mismatch",
        "The envelope's count is neither 1 nor the number of operations.",
    ),
    (
        "error-response",
        "A non-2xx fileops response in a HAR capture is not the DocSpace error envelope \
         {\"error\": {\"message\", \"type\", \"stack\", \"hresult\"}, \"status\": 1, \"statusCode\": 4xx/5xx}.",
    ),
    (
        "server-version",
        "A member, enum value or dictionary key that the release named by --server-version does \
         not send (first sent by a later release, or last sent by an earlier one).",
    ),
    (
        "number-form",
        "An integer member written as 100.0, 1e2 or -0: servers write plain digits (an error \
         under --profile wire, a warning otherwise).",
    ),
    (
        "har",
        "A HAR capture is not a HAR 1.2 log, or a fileops entry in it has no usable response body.",
    ),
];

/// Warnings about one operation that passed the types layer.
pub fn check_operation(op: &Operation<'_>, out: &mut Vec<Finding>) {
    let at = |name: &str| Pointer::root().key(name);
    let progress = op.progress.0;
    if !(0..=100).contains(&progress) {
        out.push(warn(
            at("progress"),
            "progress-range",
            format!("progress: {progress} is outside 0..=100, the percentage servers report"),
        ));
    }
    if op.finished && progress != 100 {
        out.push(warn(
            at("progress"),
            "finished-progress",
            format!("progress: the operation is finished but reports progress {progress}, not 100"),
        ));
    }
    if let Some(processed) = &op.processed {
        let p = &processed.0;
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
            out.push(warn(
                at("processed"),
                "processed-number",
                format!("processed: expected a decimal number in a string like \"1\", found {p:?}"),
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
            out.push(warn(
                entry.key("fileEntryType"),
                "entry-kind",
                format!(
                    "fileEntryType: an entry in `{list}` says it is a {} ({code})",
                    if wrong == FileEntryType::Folder {
                        "folder"
                    } else {
                        "file"
                    }
                ),
            ));
        }
        if let (Some(c), Some(u)) = (created, updated)
            && let (Some(ct), Some(ut)) = (c.ticks(), u.ticks())
            && ut < ct
        {
            out.push(warn(
                entry.key("updated"),
                "updated-before-created",
                "updated: the entry was updated before it was created (servers clamp updated to \
                 at least created)"
                    .to_owned(),
            ));
        }
    }
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
        out.push(warn(
            at.key(name),
            "case-mismatch",
            format!(
                "unknown member `{name}`: did you mean `{meant}`? (member names are \
                 case-sensitive, and servers send `{meant}`)"
            ),
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
    out: &'o mut Vec<Finding>,
}

impl<'a> DuplicateWalk<'a, '_> {
    fn value(&mut self, v: TapeValue<'a>) {
        match v.node() {
            Node::Object { len, .. } => {
                if *len > 1 {
                    // Sorting hashes, not names: integer compares instead of memcmp calls;
                    // names are compared only where hashes meet.
                    self.names.clear();
                    self.names.extend(v.members().map(|(n, _)| (fnv(n), n)));
                    self.names.sort_unstable_by_key(|&(h, _)| h);
                    let mut repeated: Vec<&'a str> = Vec::new();
                    for (i, &(h, name)) in self.names.iter().enumerate() {
                        let twin = self.names[..i]
                            .iter()
                            .rev()
                            .take_while(|(g, _)| *g == h)
                            .any(|&(_, other)| other == name);
                        if twin && !repeated.contains(&name) {
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
        if self.out.iter().any(|f| f.pointer == pointer) {
            return;
        }
        self.out.push(Finding {
            pointer,
            rule: "duplicate-key",
            detail: name.to_owned(),
            message: format!(
                "{name}: the member appears more than once in its object; parsers disagree on \
                 which value wins"
            ),
        });
    }
}

fn is_container(v: TapeValue<'_>) -> bool {
    matches!(v.node(), Node::Object { .. } | Node::Array { .. })
}

fn warn(pointer: Pointer, rule: &'static str, message: String) -> Finding {
    Finding {
        pointer,
        rule,
        detail: String::new(),
        message,
    }
}
