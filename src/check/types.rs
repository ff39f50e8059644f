//! The types layer: deserialize each operation into the Rust model, from the same simd-json
//! tape the schema layer walked, and report the first failure with its JSON Pointer.
//!
//! serde stops at the first error of a value, so the types layer reports at most one violation
//! per operation (or envelope member); the schema layer reports all of them.
//!
//! A valid value takes simd-json's own tape deserializer. A value it refuses is deserialized
//! again by [`TapeDeserializer`], whose error type [`TypeError`] records what went wrong as data
//! (the expected type, the missing member, the model's own rejection with its rule and facts),
//! so no error text is ever read back.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use simd_json::StaticNode;
use simd_json::value::tape::{Node, Tape};

use crate::json::tape::TapeValue;
use crate::model::Operation;
use crate::model::scalars::{Rejection, take_rejection};
use crate::report::{Finding, Found, Kind, Pointer, Rule, Tail};

/// Deserializes `T` from `tape`, handing the tape back for reuse along with the outcome.
pub fn deserialize<'de, T: Deserialize<'de>>(tape: Tape<'de>) -> (Result<T, Finding>, Tape<'de>) {
    // Tracking the path costs an allocation per member name; it is only needed to describe a
    // failure, so the plain (and far more common) success goes first.
    let mut de = simd_json::Deserializer::from_tape(tape);
    if let Ok(value) = T::deserialize(&mut de) {
        return (Ok(value), de.into_tape());
    }
    let tape = de.into_tape();
    // A rejection the fast path recorded is not this pass's.
    drop(take_rejection());
    let nodes: &[Node<'de>] = &tape.0;
    let result = serde_path_to_error::deserialize::<_, T>(TapeDeserializer::new(nodes))
        .map_err(|e| finding(&e, TapeValue::root(nodes)));
    // The value borrows the input buffer, not the tape: the tape goes back for reuse.
    (result, tape)
}

/// Deserializes an operation.
pub fn check_operation<'de>(tape: Tape<'de>) -> (Result<Operation<'de>, Finding>, Tape<'de>) {
    deserialize(tape)
}

fn finding(e: &serde_path_to_error::Error<TypeError>, root: TapeValue<'_>) -> Finding {
    let mut pointer = Pointer::root();
    for segment in e.path().iter() {
        pointer = match segment {
            serde_path_to_error::Segment::Seq { index } => pointer.index(*index),
            serde_path_to_error::Segment::Map { key } => pointer.key(key),
            serde_path_to_error::Segment::Enum { variant } => pointer.key(variant),
            serde_path_to_error::Segment::Unknown => pointer,
        };
    }
    let found = || {
        root.pointer(&pointer)
            .map_or(Found::Unknown, Found::of_tape)
    };
    let (rule, kind) = match e.inner() {
        TypeError::Rejected(Rejection {
            rule,
            expected,
            found,
            tail,
        }) => (
            *rule,
            Kind::Mismatch {
                expected: expected.clone(),
                found: found.clone(),
                tail: *tail,
            },
        ),
        TypeError::Expected(expected) => (
            Rule::Type,
            Kind::Mismatch {
                expected: expected.clone().into(),
                found: found(),
                tail: Tail::None,
            },
        ),
        TypeError::Invalid { rule, expected } => (
            *rule,
            Kind::Mismatch {
                expected: expected.clone().into(),
                found: found(),
                tail: Tail::None,
            },
        ),
        TypeError::Missing(member) => (
            Rule::Required,
            Kind::Missing {
                member: (*member).to_owned(),
                seen: root
                    .pointer(&pointer)
                    .and_then(|object| case_twin(object, member)),
            },
        ),
        TypeError::Duplicate(member) => {
            // Point at the repeated member itself, as the syntax check does, so the two merge.
            pointer = pointer.key(member);
            (
                Rule::DuplicateKey,
                Kind::Duplicate {
                    member: (*member).to_owned(),
                },
            )
        }
        TypeError::Other(text) => (
            Rule::Type,
            Kind::Mismatch {
                expected: text.clone().into(),
                found: found(),
                tail: Tail::None,
            },
        ),
    };
    Finding::new(pointer, rule, kind)
}

/// A member of `object` whose name differs from `name` only by case.
pub(crate) fn case_twin(object: TapeValue<'_>, name: &str) -> Option<String> {
    object
        .members()
        .find(|(n, _)| *n != name && n.eq_ignore_ascii_case(name))
        .map(|(n, _)| n.to_owned())
}

/// Why the types layer refused a value, as data.
#[derive(Debug)]
pub enum TypeError {
    /// A model type refused the value, with its rule and facts.
    Rejected(Rejection),
    /// The value's JSON type does not fit; what was expected.
    Expected(String),
    /// The type fits but the value does not (`invalid_value`: range; `invalid_length`: format).
    Invalid { rule: Rule, expected: String },
    /// A required member is missing.
    Missing(&'static str),
    /// A member appears twice.
    Duplicate(&'static str),
    /// Anything else serde reports.
    Other(String),
}

impl fmt::Display for TypeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeError::Rejected(r) => write!(f, "{r}"),
            TypeError::Expected(e) | TypeError::Invalid { expected: e, .. } => {
                write!(f, "expected {e}")
            }
            TypeError::Missing(m) => write!(f, "missing required member `{m}`"),
            TypeError::Duplicate(m) => write!(f, "member `{m}` appears more than once"),
            TypeError::Other(t) => f.write_str(t),
        }
    }
}

impl std::error::Error for TypeError {}

impl de::Error for TypeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        match take_rejection() {
            Some(r) => TypeError::Rejected(r),
            None => TypeError::Other(msg.to_string()),
        }
    }

    fn invalid_type(_: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        TypeError::Expected(exp.to_string())
    }

    fn invalid_value(_: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        TypeError::Invalid {
            rule: Rule::Range,
            expected: exp.to_string(),
        }
    }

    fn invalid_length(_: usize, exp: &dyn de::Expected) -> Self {
        TypeError::Invalid {
            rule: Rule::Format,
            expected: exp.to_string(),
        }
    }

    fn missing_field(field: &'static str) -> Self {
        TypeError::Missing(field)
    }

    fn duplicate_field(field: &'static str) -> Self {
        TypeError::Duplicate(field)
    }
}

/// A serde deserializer over one value of a simd-json tape, behaving as simd-json's own tape
/// deserializer does, with [`TypeError`] as its error.
pub struct TapeDeserializer<'t, 'de> {
    /// The value's node and all its descendants.
    nodes: &'t [Node<'de>],
}

impl<'t, 'de> TapeDeserializer<'t, 'de> {
    /// The deserializer of the value the tape starts with.
    #[must_use]
    pub fn new(nodes: &'t [Node<'de>]) -> Self {
        TapeDeserializer {
            nodes: &nodes[..width(&nodes[0])],
        }
    }

    fn expected<T>(what: &str) -> Result<T, TypeError> {
        Err(TypeError::Expected(what.to_owned()))
    }
}

fn width(node: &Node<'_>) -> usize {
    match node {
        Node::Object { count, .. } | Node::Array { count, .. } => count + 1,
        _ => 1,
    }
}

struct Elements<'t, 'de> {
    rest: &'t [Node<'de>],
    left: usize,
}

impl<'t, 'de> Elements<'t, 'de> {
    fn next_value(&mut self) -> Option<TapeDeserializer<'t, 'de>> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let w = width(&self.rest[0]);
        let (value, rest) = self.rest.split_at(w);
        self.rest = rest;
        Some(TapeDeserializer { nodes: value })
    }
}

impl<'de> SeqAccess<'de> for Elements<'_, 'de> {
    type Error = TypeError;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, TypeError> {
        match self.next_value() {
            Some(de) => seed.deserialize(de).map(Some),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.left)
    }
}

struct Members<'t, 'de> {
    rest: &'t [Node<'de>],
    left: usize,
    value: Option<TapeDeserializer<'t, 'de>>,
}

impl<'de> MapAccess<'de> for Members<'_, 'de> {
    type Error = TypeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, TypeError> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        let Node::String(name) = self.rest[0] else {
            return Err(TypeError::Other("a member without a name".to_owned()));
        };
        let w = width(&self.rest[1]);
        self.value = Some(TapeDeserializer {
            nodes: &self.rest[1..=w],
        });
        self.rest = &self.rest[1 + w..];
        seed.deserialize(de::value::BorrowedStrDeserializer::new(name))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, TypeError> {
        match self.value.take() {
            Some(de) => seed.deserialize(de),
            None => Err(TypeError::Other("a value without a member".to_owned())),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.left)
    }
}

impl<'t, 'de> TapeDeserializer<'t, 'de> {
    fn elements(&self, len: usize) -> Elements<'t, 'de> {
        Elements {
            rest: &self.nodes[1..],
            left: len,
        }
    }

    fn members(&self, len: usize) -> Members<'t, 'de> {
        Members {
            rest: &self.nodes[1..],
            left: len,
            value: None,
        }
    }

    fn integer<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TypeError> {
        match self.nodes[0] {
            Node::Static(StaticNode::I64(i)) => visitor.visit_i64(i),
            Node::Static(StaticNode::U64(u)) => visitor.visit_u64(u),
            _ => Self::expected("an integer"),
        }
    }
}

impl<'de> de::Deserializer<'de> for TapeDeserializer<'_, 'de> {
    type Error = TypeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TypeError> {
        match self.nodes[0] {
            Node::String(s) => visitor.visit_borrowed_str(s),
            Node::Static(StaticNode::Null) => visitor.visit_unit(),
            Node::Static(StaticNode::Bool(b)) => visitor.visit_bool(b),
            Node::Static(StaticNode::F64(n)) => visitor.visit_f64(n),
            Node::Static(StaticNode::I64(n)) => visitor.visit_i64(n),
            Node::Static(StaticNode::U64(n)) => visitor.visit_u64(n),
            Node::Array { len, .. } => visitor.visit_seq(self.elements(len)),
            Node::Object { len, .. } => visitor.visit_map(self.members(len)),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TypeError> {
        match self.nodes[0] {
            Node::Static(StaticNode::Bool(b)) => visitor.visit_bool(b),
            _ => Self::expected("a boolean (true or false)"),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TypeError> {
        match self.nodes[0] {
            Node::String(s) => visitor.visit_borrowed_str(s),
            _ => Self::expected("a string"),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TypeError> {
        match self.nodes[0] {
            Node::String(s) => visitor.visit_str(s),
            _ => Self::expected("a string"),
        }
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TypeError> {
        self.integer(visitor)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TypeError> {
        self.integer(visitor)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TypeError> {
        self.integer(visitor)
    }
    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TypeError> {
        self.integer(visitor)
    }
    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TypeError> {
        self.integer(visitor)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TypeError> {
        self.integer(visitor)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TypeError> {
        self.integer(visitor)
    }
    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TypeError> {
        self.integer(visitor)
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TypeError> {
        self.deserialize_f64(visitor)
    }

    #[allow(clippy::cast_precision_loss)]
    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TypeError> {
        match self.nodes[0] {
            Node::Static(StaticNode::F64(n)) => visitor.visit_f64(n),
            Node::Static(StaticNode::I64(n)) => visitor.visit_f64(n as f64),
            Node::Static(StaticNode::U64(n)) => visitor.visit_f64(n as f64),
            _ => Self::expected("a number"),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TypeError> {
        match self.nodes[0] {
            Node::Static(StaticNode::Null) => visitor.visit_unit(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TypeError> {
        match self.nodes[0] {
            Node::Static(StaticNode::Null) => visitor.visit_unit(),
            _ => Self::expected("null"),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, TypeError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, TypeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TypeError> {
        match self.nodes[0] {
            Node::Array { len, .. } => visitor.visit_seq(self.elements(len)),
            _ => Self::expected("an array"),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, TypeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, TypeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TypeError> {
        match self.nodes[0] {
            Node::Object { len, .. } => visitor.visit_map(self.members(len)),
            _ => Self::expected("an object"),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, TypeError> {
        match self.nodes[0] {
            Node::Object { len, .. } => visitor.visit_map(self.members(len)),
            Node::Array { len, .. } => visitor.visit_seq(self.elements(len)),
            _ => Self::expected("an object"),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, TypeError> {
        match self.nodes[0] {
            Node::Object { len: 1, .. } => {
                visitor.visit_enum(de::value::MapAccessDeserializer::new(self.members(1)))
            }
            Node::String(s) => visitor.visit_enum(s.into_deserializer()),
            _ => Self::expected("a different value"),
        }
    }

    serde::forward_to_deserialize_any! {
        i128 u128 char bytes byte_buf identifier ignored_any
    }
}
