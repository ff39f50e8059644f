//! The `structured` target's leaf values, read from the fuzzer's bytes: texts, GUIDs, URIs,
//! dates, enum values, entry ids and small JSON.

use arbitrary::{Result, Unstructured};
use serde_json::{Map, Value};

use super::list;
use crate::arb::shape::EnumKind;
use crate::arb::{Style, days_in_month, two};

/// A string of `min..=max` characters from `chars` (ASCII).
pub(super) fn alphabet(
    u: &mut Unstructured<'_>,
    chars: &[u8],
    min: usize,
    max: usize,
) -> Result<String> {
    let len = u.int_in_range(min..=max)?;
    let mut s = String::with_capacity(len);
    for _ in 0..len {
        s.push(char::from(
            chars[usize::from(u.arbitrary::<u8>()?) % chars.len()],
        ));
    }
    Ok(s)
}

/// Any string, as [`crate::arb::arb_text`]: printable ASCII (a byte in that range is itself, so
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
        _ => Ok((*u.choose(&crate::arb::NASTY_TEXTS)?).to_owned()),
    }
}

fn nonempty_text(u: &mut Unstructured<'_>) -> Result<String> {
    let first: char = u.arbitrary()?;
    Ok(format!("{first}{}", text(u)?))
}

/// A GUID in 8-4-4-4-12 form: lower case hex, or the groups in upper, mixed and lower case
/// (as [`crate::arb::arb_guid`]).
pub(super) fn guid(u: &mut Unstructured<'_>) -> Result<String> {
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

/// An absolute URI (as [`crate::arb::arb_uri`]).
pub(super) fn uri(u: &mut Unstructured<'_>) -> Result<String> {
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

/// A wire date `YYYY-MM-DDTHH:MM:SS.fffffff` then `Z` or `±hh:mm`
/// (as [`crate::arb::arb_wire_date`]).
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

/// An RFC 3339 date-time (as [`crate::arb::arb_rfc3339`]): real calendar days, `T`/`t`, any
/// fraction, `Z`/`z`/`±hh:mm`, and one time in 21 a leap second.
pub(super) fn rfc3339(u: &mut Unstructured<'_>) -> Result<String> {
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
pub(super) fn time_span(u: &mut Unstructured<'_>) -> Result<String> {
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
pub(super) fn docs_date(u: &mut Unstructured<'_>) -> Result<Value> {
    let mut m = Map::new();
    m.insert("utcTime".into(), Value::String(rfc3339(u)?));
    if u.arbitrary()? {
        m.insert("timeZoneOffset".into(), Value::String(time_span(u)?));
    }
    Ok(Value::Object(m))
}

/// A date in the style's form.
pub(super) fn date(u: &mut Unstructured<'_>, style: Style) -> Result<Value> {
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
pub(super) fn enum_value(u: &mut Unstructured<'_>, kind: EnumKind, style: Style) -> Result<Value> {
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
pub(super) fn entry_id(u: &mut Unstructured<'_>) -> Result<Value> {
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

/// Any small JSON value, nested up to `depth` more levels (as [`crate::arb::arb_json`]).
pub(super) fn json(u: &mut Unstructured<'_>, depth: u8) -> Result<Value> {
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
