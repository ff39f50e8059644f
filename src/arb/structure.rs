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
use super::shape::{self, EnumKind, Kind, Object};
use super::{Case, Escapes, Layout, Payload, Style, days_in_month, settle, two, unique_id};

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

/// A string of `min..=max` characters from `chars` (ASCII).
fn alphabet(u: &mut Unstructured<'_>, chars: &[u8], min: usize, max: usize) -> Result<String> {
    let len = u.int_in_range(min..=max)?;
    let mut s = String::with_capacity(len);
    for _ in 0..len {
        s.push(char::from(
            chars[usize::from(u.arbitrary::<u8>()?) % chars.len()],
        ));
    }
    Ok(s)
}

/// Any string, as [`super::arb_text`]: printable ASCII (a byte in that range is itself, so
/// dictionary words go in whole), any characters, or one of the nasty ones.
///
/// # Errors
/// Never in practice.
pub fn text(u: &mut Unstructured<'_>) -> Result<String> {
    match u.int_in_range(0u8..=6)? {
        0..=3 => {
            let len = u.int_in_range(0usize..=16)?;
            let mut s = String::with_capacity(len);
            for _ in 0..len {
                let b = u.arbitrary::<u8>()?;
                s.push(char::from(if (b' '..=b'~').contains(&b) {
                    b
                } else {
                    b' ' + b % 95
                }));
            }
            Ok(s)
        }
        4 | 5 => {
            let len = u.int_in_range(0usize..=9)?;
            let mut s = String::new();
            for _ in 0..len {
                s.push(u.arbitrary::<char>()?);
            }
            Ok(s)
        }
        _ => Ok((*u.choose(&super::NASTY_TEXTS)?).to_owned()),
    }
}

fn nonempty_text(u: &mut Unstructured<'_>) -> Result<String> {
    let first: char = u.arbitrary()?;
    Ok(format!("{first}{}", text(u)?))
}

/// A GUID in 8-4-4-4-12 form: lower case hex, or the groups in upper, mixed and lower case
/// (as [`super::arb_guid`]).
fn guid(u: &mut Unstructured<'_>) -> Result<String> {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mixed: bool = u.arbitrary()?;
    let digits: u128 = u.arbitrary()?;
    let cases: u32 = if mixed { u.arbitrary()? } else { 0 };
    // Per group: 0 lower, 1 upper, 2 either (by the case bit of the digit).
    let group_case: [u8; 5] = if mixed { [1, 2, 0, 1, 2] } else { [0; 5] };
    let mut s = String::with_capacity(36);
    let mut i = 0;
    for (g, len) in [8, 4, 4, 4, 12].into_iter().enumerate() {
        if g > 0 {
            s.push('-');
        }
        for _ in 0..len {
            let c = char::from(HEX[usize::try_from(digits >> (4 * i) & 0xF).unwrap_or(0)]);
            let upper = match group_case[g] {
                0 => false,
                1 => true,
                _ => cases >> i & 1 == 1,
            };
            s.push(if upper { c.to_ascii_uppercase() } else { c });
            i += 1;
        }
    }
    Ok(s)
}

/// An absolute URI (as [`super::arb_uri`]).
fn uri(u: &mut Unstructured<'_>) -> Result<String> {
    const LOWER_DIGIT: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    const LOWER: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
    const DIGIT: &[u8] = b"0123456789";
    const SEGMENT: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._~-";
    Ok(match u.int_in_range(0u8..=2)? {
        0 => {
            let mut s = format!(
                "{}://{}",
                u.choose(&["https", "http", "ftp"])?,
                alphabet(u, LOWER_DIGIT, 1, 8)?
            );
            if u.arbitrary()? {
                s.push('.');
                s.push_str(&alphabet(u, LOWER, 2, 3)?);
            }
            if u.arbitrary()? {
                s.push(':');
                s.push_str(&alphabet(u, DIGIT, 1, 4)?);
            }
            for segment in list(u, 3, |u| alphabet(u, SEGMENT, 0, 8))? {
                s.push('/');
                s.push_str(&segment);
            }
            if u.arbitrary()? {
                s.push('?');
                s.push_str(&alphabet(u, LOWER, 1, 1)?);
                s.push('=');
                s.push_str(&alphabet(u, LOWER_DIGIT, 1, 3)?);
            }
            if u.arbitrary()? {
                s.push('#');
                s.push_str(&alphabet(u, LOWER, 0, 3)?);
            }
            s
        }
        1 => format!(
            "urn:{}:{}",
            alphabet(u, LOWER, 1, 5)?,
            alphabet(u, LOWER_DIGIT, 1, 8)?
        ),
        _ => "https://example.com/products/files/httphandlers/filehandler.ashx?action=bulk"
            .to_owned(),
    })
}

/// `±hh:mm`, hours up to `max_hours`.
fn offset(u: &mut Unstructured<'_>, max_hours: u32) -> Result<String> {
    let negative: bool = u.arbitrary()?;
    let h = u.int_in_range(0..=max_hours)?;
    let m = u.int_in_range(0u32..=59)?;
    Ok(format!(
        "{}{}:{}",
        if negative { '-' } else { '+' },
        two(h),
        two(m)
    ))
}

/// A wire date `YYYY-MM-DDTHH:MM:SS.fffffff` then `Z` or `±hh:mm` (as [`super::arb_wire_date`]).
fn wire_date(u: &mut Unstructured<'_>) -> Result<String> {
    let y = u.int_in_range(1u32..=9999)?;
    let mo = u.int_in_range(1u32..=12)?;
    let d = u.int_in_range(1u32..=31)?;
    let h = u.int_in_range(0u32..=23)?;
    let mi = u.int_in_range(0u32..=59)?;
    let s = u.int_in_range(0u32..=59)?;
    let f = u.int_in_range(0u32..=9_999_999)?;
    let off = if u.arbitrary()? {
        offset(u, 14)?
    } else {
        "Z".to_owned()
    };
    Ok(format!(
        "{y:04}-{}-{}T{}:{}:{}.{f:07}{off}",
        two(mo),
        two(d),
        two(h),
        two(mi),
        two(s)
    ))
}

/// An RFC 3339 date-time (as [`super::arb_rfc3339`]): real calendar days, `T`/`t`, any
/// fraction, `Z`/`z`/`±hh:mm`, and one time in 21 a leap second.
fn rfc3339(u: &mut Unstructured<'_>) -> Result<String> {
    if u.int_in_range(0u8..=20)? == 20 {
        return Ok((*u.choose(&["2016-12-31T23:59:60Z", "2017-01-01T00:59:60+01:00"])?).to_owned());
    }
    let y = u.int_in_range(1u32..=9999)?;
    let mo = u.int_in_range(1u32..=12)?;
    let d = 1 + u.int_in_range(0u32..=30)? % days_in_month(y, mo);
    let lower_t: bool = u.arbitrary()?;
    let h = u.int_in_range(0u32..=23)?;
    let mi = u.int_in_range(0u32..=59)?;
    let s = u.int_in_range(0u32..=59)?;
    let fraction = if u.arbitrary()? {
        format!(".{}", alphabet(u, b"0123456789", 1, 9)?)
    } else {
        String::new()
    };
    let off = match u.int_in_range(0u8..=2)? {
        0 => "Z".to_owned(),
        1 => "z".to_owned(),
        _ => offset(u, 23)?,
    };
    Ok(format!(
        "{y:04}-{}-{}{}{}:{}:{}{fraction}{off}",
        two(mo),
        two(d),
        if lower_t { 't' } else { 'T' },
        two(h),
        two(mi),
        two(s)
    ))
}

/// A .NET TimeSpan offset `[-]hh:mm:ss`, hours 00-14.
fn time_span(u: &mut Unstructured<'_>) -> Result<String> {
    let negative: bool = u.arbitrary()?;
    let h = u.int_in_range(0u32..=14)?;
    let m = u.int_in_range(0u32..=59)?;
    let s = u.int_in_range(0u32..=59)?;
    Ok(format!(
        "{}{}:{}:{}",
        if negative { "-" } else { "" },
        two(h),
        two(m),
        two(s)
    ))
}

/// The documented date object `{utcTime, timeZoneOffset?}`.
fn docs_date(u: &mut Unstructured<'_>) -> Result<Value> {
    let mut m = Map::new();
    m.insert("utcTime".into(), Value::String(rfc3339(u)?));
    if u.arbitrary()? {
        m.insert("timeZoneOffset".into(), Value::String(time_span(u)?));
    }
    Ok(Value::Object(m))
}

/// A date in the style's form.
fn date(u: &mut Unstructured<'_>, style: Style) -> Result<Value> {
    let object = match style {
        Style::Wire => false,
        Style::Docs => true,
        Style::Mixed => u.arbitrary()?,
    };
    if object {
        docs_date(u)
    } else {
        Ok(Value::String(wire_date(u)?))
    }
}

/// An enum value: its code (wire), a name or alias (docs), or either (mixed).
fn enum_value(u: &mut Unstructured<'_>, kind: EnumKind, style: Style) -> Result<Value> {
    let name = match style {
        Style::Wire => false,
        Style::Docs => true,
        Style::Mixed => u.arbitrary()?,
    };
    let values = kind.values();
    let (code, n) = *u.choose(&values)?;
    Ok(if name {
        Value::from(n)
    } else {
        Value::from(code)
    })
}

/// An entry id: a small or any int32, a provider id like `"dropbox-337-LzEyMw"`, any
/// non-empty string.
fn entry_id(u: &mut Unstructured<'_>) -> Result<Value> {
    const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    Ok(match u.int_in_range(0u8..=3)? {
        0 => Value::from(u.int_in_range(0i32..=99_999)?),
        1 => Value::from(u.arbitrary::<i32>()?),
        2 => Value::from(format!(
            "{}-{}-{}",
            u.choose(&["dropbox", "box", "onedrive", "sharepoint"])?,
            alphabet(u, b"0123456789", 1, 4)?,
            alphabet(u, ALNUM, 1, 12)?
        )),
        _ => Value::from(nonempty_text(u)?),
    })
}

/// Any small JSON value, nested up to `depth` more levels (as [`super::arb_json`]).
fn json(u: &mut Unstructured<'_>, depth: u8) -> Result<Value> {
    let forms = if depth == 0 { 5u8 } else { 7 };
    Ok(match u.int_in_range(0..=forms)? {
        0 => Value::Null,
        1 => Value::from(u.arbitrary::<bool>()?),
        2 => Value::from(u.arbitrary::<i64>()?),
        3 => Value::from(u.arbitrary::<u64>()?),
        4 => serde_json::Number::from_f64(u.arbitrary::<f64>()?).map_or(Value::Null, Value::Number),
        5 => Value::from(text(u)?),
        6 => Value::Array(list(u, 2, |u| json(u, depth - 1))?),
        _ => Value::Object(
            list(u, 2, |u| Ok((text(u)?, json(u, depth - 1)?)))?
                .into_iter()
                .collect(),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_bytes_is_the_smallest_envelope() {
        let case = Case::arbitrary(&mut Unstructured::new(&[])).unwrap();
        assert_eq!(case.payload.document, serde_json::json!({"response": []}));
        assert_eq!(case.payload.style, Style::Wire);
    }

    #[test]
    fn a_set_bit_adds_one_member() {
        // Wire style, no mutation, compact layout, then the envelope: its optional members'
        // mask (one byte), no operation, no unknown member.
        let header = [0u8, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        let plain =
            Case::arbitrary(&mut Unstructured::new(&[&header[..], &[0, 0, 0]].concat())).unwrap();
        let total = Case::arbitrary(&mut Unstructured::new(
            &[&header[..], &[2, 0, 0, 0]].concat(),
        ))
        .unwrap();
        assert_eq!(plain.mutation, None);
        assert_eq!(plain.payload.document, serde_json::json!({"response": []}));
        assert_eq!(
            total.payload.document,
            serde_json::json!({"response": [], "total": 0})
        );
    }
}
