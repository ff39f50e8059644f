//! The simd-json tape as a JSON representation jsonschema can validate in place.
//!
//! simd-json parses an operation into a flat tape of nodes that borrow the (unescaped) input
//! buffer. [`TapeJson`] implements jsonschema's `Json`/`Node` traits over that tape, so the schema
//! layer walks the very parse the types layer deserializes from: no `serde_json::Value` copy.

use std::borrow::Cow;
use std::collections::HashMap;

use jsonschema::JsonType;
use jsonschema::json::{Array, Json, JsonNumber, Node, NodeIdentity, Object};
use serde_json::Value;
use simd_json::StaticNode;
use simd_json::value::tape::Node as TapeNode;

/// Marker type selecting the tape representation in `jsonschema::options_for::<TapeJson>()`.
pub struct TapeJson;

/// One value on a tape: the slice starts at the value's node and spans all its descendants.
#[derive(Clone, Copy, Debug)]
pub struct TapeValue<'a>(&'a [TapeNode<'a>]);

impl<'a> TapeValue<'a> {
    /// The root value of a parsed tape.
    ///
    /// # Panics
    /// Never on a tape simd-json produced: such a tape holds at least one node.
    #[must_use]
    pub fn root(tape: &'a [TapeNode<'a>]) -> Self {
        TapeValue(&tape[..width(&tape[0])])
    }

    /// The value's nodes: its own and all its descendants'.
    #[must_use]
    pub fn nodes(&self) -> &'a [TapeNode<'a>] {
        self.0
    }

    /// The tape node this value starts at.
    #[must_use]
    pub fn node(&self) -> &'a TapeNode<'a> {
        &self.0[0]
    }

    /// Members of an object value (name, value), in input order; empty for other values.
    pub fn members(&self) -> TapeMembers<'a> {
        match self.0[0] {
            TapeNode::Object { len, .. } => TapeMembers {
                rest: &self.0[1..],
                left: len,
            },
            _ => TapeMembers { rest: &[], left: 0 },
        }
    }

    /// Elements of an array value; empty for other values.
    pub fn elements(&self) -> TapeElements<'a> {
        match self.0[0] {
            TapeNode::Array { len, .. } => TapeElements {
                rest: &self.0[1..],
                left: len,
            },
            _ => TapeElements { rest: &[], left: 0 },
        }
    }

    /// The member named `name` (the first one, should the name repeat: the checks only see
    /// tapes where no name repeats, see [`last_wins`]).
    #[must_use]
    pub fn get(&self, name: &str) -> Option<TapeValue<'a>> {
        self.members().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// The member with each of `names` (the first one, as [`TapeValue::get`] finds it), in one
    /// pass over the members: for reading several members of one object, where a `get` per
    /// name would walk the object from its start each time.
    #[must_use]
    pub fn get_each<const N: usize>(&self, names: [&str; N]) -> [Option<TapeValue<'a>>; N] {
        let mut found = [None; N];
        let mut left = N;
        for (name, value) in self.members() {
            if let Some(i) = names.iter().position(|n| *n == name)
                && found[i].is_none()
            {
                found[i] = Some(value);
                left -= 1;
                if left == 0 {
                    break;
                }
            }
        }
        found
    }

    /// The value an RFC 6901 pointer leads to from this one. Each step walks the object's
    /// members or the array's elements up to the one it takes: for many pointers into one value,
    /// [`TapePointers`] lists each once.
    #[must_use]
    pub fn pointer(self, pointer: &crate::report::Pointer) -> Option<TapeValue<'a>> {
        let mut v = self;
        for token in pointer.tokens() {
            v = match v.node() {
                TapeNode::Array { .. } => v.elements().nth(token.parse().ok()?)?,
                _ => v.get(&token)?,
            };
        }
        Some(v)
    }

    /// The value as an `i64` when it is a number equal to one (`1.0` is `1`, as JSON Schema's
    /// `enum` and `integer` see it).
    #[must_use]
    pub fn integral(&self) -> Option<i64> {
        match self.0[0] {
            TapeNode::Static(StaticNode::I64(i)) => Some(i),
            TapeNode::Static(StaticNode::U64(u)) => i64::try_from(u).ok(),
            TapeNode::Static(StaticNode::F64(f)) if f.is_finite() && f.fract() == 0.0 => {
                // -2^63 and 2^63 are exact as f64; only the first is an i64.
                #[allow(clippy::cast_precision_loss)]
                let in_range =
                    (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&f);
                #[allow(clippy::cast_possible_truncation)]
                in_range.then_some(f as i64)
            }
            _ => None,
        }
    }

    /// The string, if this is one.
    #[must_use]
    pub fn as_str(&self) -> Option<&'a str> {
        match self.0[0] {
            TapeNode::String(s) => Some(s),
            _ => None,
        }
    }

    /// The JSON type of this value.
    #[must_use]
    pub fn json_type(&self) -> JsonType {
        match self.0[0] {
            TapeNode::String(_) => JsonType::String,
            TapeNode::Object { .. } => JsonType::Object,
            TapeNode::Array { .. } => JsonType::Array,
            TapeNode::Static(StaticNode::Null) => JsonType::Null,
            TapeNode::Static(StaticNode::Bool(_)) => JsonType::Boolean,
            TapeNode::Static(_) => JsonType::Number,
        }
    }

    /// This value as a `serde_json::Value` (for messages and cold paths).
    #[must_use]
    pub fn to_serde(self) -> Value {
        match self.0[0] {
            TapeNode::String(s) => Value::String(s.to_owned()),
            TapeNode::Static(s) => static_to_serde(s),
            TapeNode::Array { .. } => Value::Array(self.elements().map(|e| e.to_serde()).collect()),
            TapeNode::Object { .. } => Value::Object(
                self.members()
                    .map(|(n, v)| (n.to_owned(), v.to_serde()))
                    .collect(),
            ),
        }
    }
}

/// The tape of `nodes`' first value with every repeated member name of every object dropped but
/// its last occurrence: what serde_json and servers make of `{"a": 1, "a": 2}`, so that every
/// layer checks the value that counts (the repetition itself is the `duplicate-key` rule's).
#[must_use]
pub fn last_wins<'i>(nodes: &[TapeNode<'i>]) -> Vec<TapeNode<'i>> {
    let mut out = Vec::with_capacity(nodes.len());
    copy_last_wins(&nodes[..width(&nodes[0])], &mut out);
    out
}

/// Copies one value (`value`: its node and descendants); the nodes written.
fn copy_last_wins<'i>(value: &[TapeNode<'i>], out: &mut Vec<TapeNode<'i>>) -> usize {
    let at = out.len();
    out.push(value[0]);
    let mut rest = &value[1..];
    let mut count = 0;
    match value[0] {
        TapeNode::Object { len, .. } => {
            let mut members: Vec<(&'i str, &[TapeNode<'i>])> = Vec::with_capacity(len);
            for _ in 0..len {
                let TapeNode::String(name) = rest[0] else {
                    break;
                };
                let w = width(&rest[1]);
                members.push((name, &rest[1..=w]));
                rest = &rest[1 + w..];
            }
            // Where each name last occurs: a map, as an object can repeat any number of names
            // (a look ahead from each member took seconds on 40,000 repeated pairs). This runs
            // only on a value that repeats a name.
            let last: HashMap<&str, usize> = members
                .iter()
                .enumerate()
                .map(|(i, &(name, _))| (name, i))
                .collect();
            let mut kept = 0;
            for (i, &(name, member)) in members.iter().enumerate() {
                if last[name] != i {
                    continue;
                }
                out.push(TapeNode::String(name));
                count += 1 + copy_last_wins(member, out);
                kept += 1;
            }
            out[at] = TapeNode::Object { len: kept, count };
        }
        TapeNode::Array { len, .. } => {
            for _ in 0..len {
                let w = width(&rest[0]);
                count += copy_last_wins(&rest[..w], out);
                rest = &rest[w..];
            }
            out[at] = TapeNode::Array { len, count };
        }
        _ => {}
    }
    count + 1
}

/// The tape of a `serde_json` value, borrowing its strings: for a value simd-json would not
/// parse as serde_json did, so that it is still validated over the tape representation. Members
/// come in the value's order (sorted names, each once).
#[must_use]
pub fn from_serde(value: &Value) -> Vec<TapeNode<'_>> {
    fn push<'v>(value: &'v Value, out: &mut Vec<TapeNode<'v>>) {
        let at = out.len();
        match value {
            Value::Null => out.push(TapeNode::Static(StaticNode::Null)),
            Value::Bool(b) => out.push(TapeNode::Static(StaticNode::Bool(*b))),
            Value::Number(n) => out.push(TapeNode::Static(if let Some(u) = n.as_u64() {
                StaticNode::U64(u)
            } else if let Some(i) = n.as_i64() {
                StaticNode::I64(i)
            } else {
                StaticNode::F64(n.as_f64().unwrap_or_default())
            })),
            Value::String(s) => out.push(TapeNode::String(s)),
            Value::Array(a) => {
                out.push(TapeNode::Array {
                    len: a.len(),
                    count: 0,
                });
                for e in a {
                    push(e, out);
                }
                out[at] = TapeNode::Array {
                    len: a.len(),
                    count: out.len() - at - 1,
                };
            }
            Value::Object(o) => {
                out.push(TapeNode::Object {
                    len: o.len(),
                    count: 0,
                });
                for (name, v) in o {
                    out.push(TapeNode::String(name));
                    push(v, out);
                }
                out[at] = TapeNode::Object {
                    len: o.len(),
                    count: out.len() - at - 1,
                };
            }
        }
    }
    let mut out = Vec::new();
    push(value, &mut out);
    out
}

/// Nodes a value occupies on the tape, its own included.
fn width(node: &TapeNode<'_>) -> usize {
    match node {
        TapeNode::Object { count, .. } | TapeNode::Array { count, .. } => count + 1,
        _ => 1,
    }
}

fn static_to_serde(s: StaticNode) -> Value {
    match s {
        StaticNode::Null => Value::Null,
        StaticNode::Bool(b) => Value::Bool(b),
        StaticNode::I64(i) => Value::from(i),
        StaticNode::U64(u) => Value::from(u),
        StaticNode::F64(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
    }
}

/// [`TapeValue::pointer`] for many pointers into one value, in time linear in the value: each
/// object's members and each array's elements are listed once, on the first pointer that steps
/// into it, and every later pointer through it looks them up. The schema layer asks it, for
/// each missing member, whether the object holds the name in another case: one operation can
/// hold any number of those (a `files` list of 40,000 entries missing `id` took 5 s with a walk
/// per pointer).
pub struct TapePointers<'a> {
    root: TapeValue<'a>,
    /// Per object (by the address of its node): its members by name, the first of a repeated
    /// name as [`TapeValue::get`] takes it.
    objects: HashMap<usize, HashMap<&'a str, TapeValue<'a>, Seeded>, Seeded>,
    /// Per array (by the address of its node): its elements.
    arrays: HashMap<usize, Vec<TapeValue<'a>>, Seeded>,
}

impl<'a> TapePointers<'a> {
    /// Pointers into `root`.
    #[must_use]
    pub fn new(root: TapeValue<'a>) -> Self {
        TapePointers {
            root,
            objects: HashMap::default(),
            arrays: HashMap::default(),
        }
    }

    /// What [`TapeValue::pointer`] finds for `pointer` from the root.
    pub fn pointer(&mut self, pointer: &crate::report::Pointer) -> Option<TapeValue<'a>> {
        let mut v = self.root;
        for token in pointer.tokens() {
            // A node's address names its value: values on one tape never share a first node.
            let at = std::ptr::from_ref(v.node()).addr();
            v = match *v.node() {
                // A small container is searched where it lies: a step over one of its members
                // costs a node or two on the tape. Listing each one cost a map per object, and
                // a value with a million errors steps into a million small objects.
                TapeNode::Array { len, .. } if len < LISTED => {
                    v.elements().nth(token.parse::<usize>().ok()?)?
                }
                TapeNode::Object { len, .. } if len < LISTED => v.get(&token)?,
                TapeNode::Array { .. } => *self
                    .arrays
                    .entry(at)
                    .or_insert_with(|| v.elements().collect())
                    .get(token.parse::<usize>().ok()?)?,
                TapeNode::Object { .. } => *self
                    .objects
                    .entry(at)
                    .or_insert_with(|| {
                        let mut members = HashMap::default();
                        for (name, value) in v.members() {
                            members.entry(name).or_insert(value);
                        }
                        members
                    })
                    .get(token.as_ref())?,
                _ => return None,
            };
        }
        Some(v)
    }
}

/// foldhash, seeded per process (the names are the capture's to choose): SipHash was a tenth
/// of the time of a value with a million errors.
type Seeded = foldhash::fast::RandomState;

/// The fewest members or elements a container has for [`TapePointers`] to list them.
const LISTED: usize = 32;

/// Iterator over an object's members.
#[derive(Clone)]
pub struct TapeMembers<'a> {
    rest: &'a [TapeNode<'a>],
    left: usize,
}

impl<'a> Iterator for TapeMembers<'a> {
    type Item = (&'a str, TapeValue<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        // One bounds check for the name and the value's first node, one for the value: every
        // walk over an object comes through here (a tape from simd-json always has them).
        let [TapeNode::String(name), first, ..] = self.rest else {
            return None;
        };
        let (value, rest) = self.rest[1..].split_at(width(first));
        self.rest = rest;
        Some((name, TapeValue(value)))
    }
}

/// Iterator over an array's elements.
#[derive(Clone)]
pub struct TapeElements<'a> {
    rest: &'a [TapeNode<'a>],
    left: usize,
}

impl<'a> Iterator for TapeElements<'a> {
    type Item = TapeValue<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let [first, ..] = self.rest else {
            return None;
        };
        let (value, rest) = self.rest.split_at(width(first));
        self.rest = rest;
        Some(TapeValue(value))
    }
}

impl Json for TapeJson {
    type Node<'a> = TapeValue<'a>;
    type PreparedKey = Box<str>;
    type StringBuffer = ();

    // Objects are scanned, never hashed: a members pass is cheap.
    const KEYS_PER_LOOKUP: usize = 8;
    const ACYCLIC: bool = true;

    fn prepare_key(key: &str) -> Box<str> {
        key.into()
    }

    fn with_string_node<T>((): &mut (), string: &str, f: impl FnOnce(TapeValue<'_>) -> T) -> T {
        let node = [TapeNode::String(string)];
        f(TapeValue(&node))
    }
}

/// A tape number for jsonschema's numeric keywords.
pub struct TapeNumber(StaticNode);

impl JsonNumber for TapeNumber {
    fn as_u64(&self) -> Option<u64> {
        match self.0 {
            StaticNode::U64(u) => Some(u),
            StaticNode::I64(i) => u64::try_from(i).ok(),
            _ => None,
        }
    }

    fn as_i64(&self) -> Option<i64> {
        match self.0 {
            StaticNode::I64(i) => Some(i),
            StaticNode::U64(u) => i64::try_from(u).ok(),
            _ => None,
        }
    }

    fn as_f64(&self) -> Option<f64> {
        match self.0 {
            StaticNode::I64(i) => Some(i as f64),
            StaticNode::U64(u) => Some(u as f64),
            StaticNode::F64(f) => Some(f),
            _ => None,
        }
    }

    fn as_str(&self) -> Cow<'_, str> {
        match self.0 {
            StaticNode::I64(i) => Cow::Owned(i.to_string()),
            StaticNode::U64(u) => Cow::Owned(u.to_string()),
            // serde_json's spelling (`1e20`, not `100000000000000000000`), as jsonschema reads
            // a serde_json number.
            StaticNode::F64(f) => Cow::Owned(
                serde_json::Number::from_f64(f).map_or_else(|| f.to_string(), |n| n.to_string()),
            ),
            _ => Cow::Borrowed("0"),
        }
    }

    fn to_number(&self) -> Cow<'_, serde_json::Number> {
        Cow::Owned(match self.0 {
            StaticNode::I64(i) => i.into(),
            StaticNode::U64(u) => u.into(),
            StaticNode::F64(f) => serde_json::Number::from_f64(f).unwrap_or_else(|| 0.into()),
            _ => 0.into(),
        })
    }

    fn is_integer(&self) -> bool {
        match self.0 {
            StaticNode::I64(_) | StaticNode::U64(_) => true,
            StaticNode::F64(f) => f.is_finite() && f.fract() == 0.0,
            _ => false,
        }
    }

    fn is_written_as_integer(&self) -> bool {
        match self.0 {
            StaticNode::I64(_) | StaticNode::U64(_) => true,
            // An integer literal past 64 bits arrives as a float, on the tape as in serde_json.
            // jsonschema reads such a serde_json number as written as an integer (every float
            // from 2^63 up is whole, and metaschemas write bounds up there): the same here, so
            // draft 4's `type: integer` decides alike on both representations.
            StaticNode::F64(f) => f.is_finite() && f.abs() >= 9_223_372_036_854_775_808.0,
            _ => false,
        }
    }
}

impl<'a> Node<'a, TapeJson> for TapeValue<'a> {
    type Object = TapeValue<'a>;
    type Array = TapeValue<'a>;
    type Number = TapeNumber;

    fn as_object(&self) -> Option<TapeValue<'a>> {
        matches!(self.0[0], TapeNode::Object { .. }).then_some(*self)
    }

    fn as_array(&self) -> Option<TapeValue<'a>> {
        matches!(self.0[0], TapeNode::Array { .. }).then_some(*self)
    }

    fn as_string(&self) -> Option<Cow<'a, str>> {
        self.as_str().map(Cow::Borrowed)
    }

    fn as_number(&self) -> Option<TapeNumber> {
        match self.0[0] {
            TapeNode::Static(
                s @ (StaticNode::I64(_) | StaticNode::U64(_) | StaticNode::F64(_)),
            ) => Some(TapeNumber(s)),
            _ => None,
        }
    }

    fn as_boolean(&self) -> Option<bool> {
        match self.0[0] {
            TapeNode::Static(StaticNode::Bool(b)) => Some(b),
            _ => None,
        }
    }

    fn is_null(&self) -> bool {
        matches!(self.0[0], TapeNode::Static(StaticNode::Null))
    }

    fn json_type(&self) -> JsonType {
        TapeValue::json_type(self)
    }

    fn to_value(&self) -> Cow<'a, Value> {
        Cow::Owned(self.to_serde())
    }

    fn lazy_value(&self) -> jsonschema_value::LazyInstance<'a> {
        instance::lazy(*self)
    }

    fn identity(&self) -> Option<NodeIdentity> {
        // Every node has its own place on the tape.
        Some(NodeIdentity::new(self.0.as_ptr() as usize))
    }
}

impl<'a> Object<'a, TapeJson> for TapeValue<'a> {
    type Node = TapeValue<'a>;
    type MemberName = &'a str;
    type MembersIter = TapeMembers<'a>;

    fn len(&self) -> usize {
        match self.0[0] {
            TapeNode::Object { len, .. } => len,
            _ => 0,
        }
    }

    fn get(&self, key: &Box<str>) -> Option<TapeValue<'a>> {
        TapeValue::get(self, key)
    }

    fn members(&self) -> TapeMembers<'a> {
        TapeValue::members(self)
    }
}

impl<'a> Array<'a, TapeJson> for TapeValue<'a> {
    type Node = TapeValue<'a>;
    type ElementsIter = TapeElements<'a>;

    fn len(&self) -> usize {
        match self.0[0] {
            TapeNode::Array { len, .. } => len,
            _ => 0,
        }
    }

    fn elements(&self) -> TapeElements<'a> {
        TapeValue::elements(self)
    }
}

pub mod instance;

#[cfg(test)]
mod tests;
