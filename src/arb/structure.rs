//! The `structured` fuzz target's input: the fuzzer's bytes read as a description of a payload.
//!
//! [`Case`]'s `Arbitrary` implementation reads a fixed header (the style, the mutation and the
//! layout) and then walks the payload's shape ([`shape`]) object by object: a presence mask for
//! the object's optional members, each present member's value in the shape's order, its unknown
//! members, and every list element behind a "one more" byte. A changed byte is one changed
//! choice (a member present or not, an enum value, a number's form, a date field, one more
//! file, the indentation), so libFuzzer's coverage feedback steers the structure. When the bytes
//! run out every choice takes its first, smallest form: the empty input is the envelope
//! `{"response":[]}`, and payloads grow only as the fuzzer grows its inputs.
//!
//! The generated payloads are valid in the sense of the proptest strategies in the parent
//! module (they hold the same values and are settled the same way: progress 100 when finished,
//! `updated` not before `created`, `count` 1 or the length, unique operation ids); the
//! `structured` target checks that they pass every layer and that each mutation is caught.

use arbitrary::{Arbitrary, Result, Unstructured};
use serde_json::{Map, Value};

use super::mutate::MutationKind;
use super::shape::{self, Kind, Object};
use super::{Case, Escapes, Layout, Payload, Style, settle, unique_id};

mod leaves;

pub use leaves::text;
use leaves::{
    alphabet, date, docs_date, entry_id, enum_value, guid, json, rfc3339, time_span, uri,
};

impl<'a> Arbitrary<'a> for Style {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(*u.choose(&[Style::Wire, Style::Docs, Style::Mixed])?)
    }

    fn size_hint(_depth: usize) -> (usize, Option<usize>) {
        (1, Some(1))
    }
}

impl<'a> Arbitrary<'a> for Escapes {
    /// Minimal six times in nine, NonAscii two, Everything one (as [`super::arb_layout`]).
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(match u.int_in_range(0u8..=8)? {
            0..=5 => Escapes::Minimal,
            6 | 7 => Escapes::NonAscii,
            _ => Escapes::Everything,
        })
    }

    fn size_hint(_depth: usize) -> (usize, Option<usize>) {
        (1, Some(1))
    }
}

impl<'a> Arbitrary<'a> for MutationKind {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(*u.choose(&MutationKind::ALL)?)
    }

    fn size_hint(_depth: usize) -> (usize, Option<usize>) {
        (1, Some(1))
    }
}

impl<'a> Arbitrary<'a> for Layout {
    /// One byte per choice: indentation, line breaks, escapes, key order, leading and trailing
    /// whitespace.
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(Layout {
            indent: *u.choose(&[None, Some(2), Some(4), Some(0)])?,
            crlf: u.arbitrary()?,
            escapes: u.arbitrary()?,
            rotate: u.int_in_range(0usize..=7)?,
            leading: (*u.choose(&["", "\n", " \r\n\t"])?).to_owned(),
            trailing: (*u.choose(&["", "\n", "\r\n  "])?).to_owned(),
        })
    }

    fn size_hint(_depth: usize) -> (usize, Option<usize>) {
        (6, Some(6))
    }
}

impl<'a> Arbitrary<'a> for Payload {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let style = u.arbitrary()?;
        let layout = u.arbitrary()?;
        let document = document(u, style)?;
        Ok(Payload {
            style,
            document,
            layout,
        })
    }
}

impl<'a> Arbitrary<'a> for Case {
    /// The header first, at fixed offsets: style (1 byte), mutation or not (1), its kind (1)
    /// and site choice (2), the layout (6); then the document.
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let style = u.arbitrary()?;
        let mutated = u.ratio(4u8, 5)?;
        let kind: MutationKind = u.arbitrary()?;
        let choice = usize::from(u.arbitrary::<u16>()?);
        let layout = u.arbitrary()?;
        let document = document(u, style)?;
        Ok(Case {
            payload: Payload {
                style,
                document,
                layout,
            },
            mutation: mutated.then_some((kind, choice)),
        })
    }
}

/// A whole document: the envelope (always, for the wire style; three times in four otherwise)
/// or a bare list of operations.
///
/// # Errors
/// Never in practice (running out of bytes gives the smallest choices).
pub fn document(u: &mut Unstructured<'_>, style: Style) -> Result<Value> {
    if style == Style::Wire || u.ratio(3u8, 4)? {
        return object(u, Object::Envelope, style);
    }
    let mut ops = list(u, 3, |u| object(u, Object::Operation, style))?;
    let mut seen = std::collections::HashSet::new();
    for (i, op) in ops.iter_mut().enumerate() {
        unique_id(op, i, &mut seen);
    }
    Ok(Value::Array(ops))
}

/// Up to `max` elements, each behind a byte whose low bit says "one more".
fn list<T>(
    u: &mut Unstructured<'_>,
    max: usize,
    mut element: impl FnMut(&mut Unstructured<'_>) -> Result<T>,
) -> Result<Vec<T>> {
    let mut out = Vec::new();
    while out.len() < max && u.arbitrary::<bool>()? {
        out.push(element(u)?);
    }
    Ok(out)
}

/// An object of `object`'s kind: its required members, the optional members its presence mask
/// selects, and (except in links) up to two unknown members; then settled.
///
/// # Errors
/// Never in practice.
pub fn object(u: &mut Unstructured<'_>, object: Object, style: Style) -> Result<Value> {
    if object == Object::DocsDate {
        return docs_date(u);
    }
    let members = shape::members(object);
    let optional = members.iter().filter(|m| !m.required).count();
    // One bit per optional member, as few whole bytes as that takes; missing bytes are zeros.
    let mut mask = [0u8; 8];
    u.fill_buffer(&mut mask[..optional.div_ceil(8)])?;
    let mask = u64::from_le_bytes(mask);
    let mut parts = Vec::with_capacity(members.len());
    let mut bit = 0;
    for m in &members {
        let present = m.required || mask >> bit & 1 == 1;
        if !m.required {
            bit += 1;
        }
        if present {
            parts.push((m.name, value(u, m.kind, style)?));
        }
    }
    let mut map: Map<String, Value> = if object == Object::Link {
        Map::new()
    } else {
        list(u, 2, |u| Ok((format!("x-{}", text(u)?), json(u, 2)?)))?
            .into_iter()
            .collect()
    };
    for (name, v) in parts {
        map.insert(name.to_owned(), v);
    }
    settle(object, &mut map);
    Ok(Value::Object(map))
}

/// A value of `kind`; where a kind has several forms (an integer small or anywhere in range,
/// an enum as code or name, a date as string or object) a byte chooses, the first form when
/// the bytes have run out.
///
/// # Errors
/// Never in practice.
pub fn value(u: &mut Unstructured<'_>, kind: Kind, style: Style) -> Result<Value> {
    Ok(match kind {
        Kind::Str => Value::from(text(u)?),
        Kind::Digits => Value::from(alphabet(u, b"0123456789", 1, 5)?),
        Kind::OperationId => Value::from(if u.arbitrary()? { text(u)? } else { guid(u)? }),
        Kind::Bool => Value::from(u.arbitrary::<bool>()?),
        Kind::Int32 => Value::from(if u.arbitrary()? {
            u.arbitrary::<i32>()?
        } else {
            u.int_in_range(0i32..=999)?
        }),
        Kind::Int64 => Value::from(if u.arbitrary()? {
            u.arbitrary::<i64>()?
        } else {
            u.int_in_range(0i64..=9_999_999)?
        }),
        Kind::Progress => Value::from(u.int_in_range(0i64..=100)?),
        Kind::Enum(e) => enum_value(u, e, style)?,
        Kind::Date => date(u, style)?,
        Kind::UtcTime => Value::from(rfc3339(u)?),
        Kind::TimeSpan => Value::from(time_span(u)?),
        Kind::Guid => Value::from(guid(u)?),
        Kind::Uri => Value::from(uri(u)?),
        Kind::EntryId => entry_id(u)?,
        Kind::Object(o) => object(u, o, style)?,
        Kind::List(o) => {
            let max = match o {
                Object::Operation => 4,
                Object::File => 3,
                _ => 2,
            };
            Value::Array(list(u, max, |u| object(u, o, style))?)
        }
        Kind::Strings => Value::Array(list(u, 2, |u| Ok(Value::from(text(u)?)))?),
        Kind::Dict(of) => Value::Object(
            list(u, 3, |u| Ok((text(u)?, value(u, of.kind(), style)?)))?
                .into_iter()
                .collect(),
        ),
        Kind::AnyObject => Value::Object(
            list(u, 2, |u| Ok((text(u)?, json(u, 2)?)))?
                .into_iter()
                .collect(),
        ),
    })
}

#[cfg(test)]
mod tests;
