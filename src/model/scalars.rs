//! Checked scalars of the payload: int32/int64 integers, GUIDs, URIs and ApiDateTime.
//!
//! Each type's `Deserialize` is the types layer's definition of that value, written to agree
//! with the schema's (`$defs/int32`, `format: uuid`, ...). Error messages say what was expected
//! in words, so the types layer's report reads like the schema layer's.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, Unexpected, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::profile::{self, Profile};
use crate::report::{Found, Rule, Tail};

/// Why a model type refused a value: the rule and the facts, for the types layer.
///
/// A `Deserialize` impl can only hand serde an error made from text, so the facts travel beside
/// it: [`reject`] records them here, and the types layer's error type takes them back
/// ([`take_rejection`]) when serde asks it for that error; nothing reads the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejection {
    pub rule: Rule,
    pub expected: Cow<'static, str>,
    pub found: Found,
    pub tail: Tail,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "expected {}, found {}{}",
            self.expected, self.found, self.tail
        )
    }
}

thread_local! {
    static REJECTED: std::cell::RefCell<Option<Rejection>> = const { std::cell::RefCell::new(None) };
}

/// The error for a refused value: records `rejection` for the types layer, and gives serde the
/// same in words (for any other deserializer).
pub(crate) fn reject<E: de::Error>(
    rule: Rule,
    expected: impl Into<Cow<'static, str>>,
    found: Found,
    tail: Tail,
) -> E {
    let rejection = Rejection {
        rule,
        expected: expected.into(),
        found,
        tail,
    };
    let text = rejection.to_string();
    // Recorded before `custom` is called: the types layer's error takes it from there.
    REJECTED.with(|r| *r.borrow_mut() = Some(rejection));
    E::custom(text)
}

/// The last rejection recorded on this thread, if any (and forgets it).
pub fn take_rejection() -> Option<Rejection> {
    REJECTED.with(|r| r.borrow_mut().take())
}

/// A JSON number that must be an integer within `MIN..=MAX`, like the schema's `int32`/`int64`.
/// A number written with a zero fraction (`5.0`) is an integer, as JSON Schema says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BoundedInt<const MIN: i64, const MAX: i64>(pub i64);

/// An int32 integer (`progress`, `version`, ...).
pub type Int32 = BoundedInt<{ i32::MIN as i64 }, { i32::MAX as i64 }>;
/// An int64 integer (`pureContentLength`, ...).
pub type Int64 = BoundedInt<{ i64::MIN }, { i64::MAX }>;

impl<const MIN: i64, const MAX: i64> BoundedInt<MIN, MAX> {
    fn what() -> &'static str {
        if MIN == i64::from(i32::MIN) {
            "an int32 integer"
        } else {
            "an int64 integer"
        }
    }
}

impl<'de, const MIN: i64, const MAX: i64> Deserialize<'de> for BoundedInt<MIN, MAX> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<const MIN: i64, const MAX: i64>;
        impl<const MIN: i64, const MAX: i64> V<MIN, MAX> {
            fn range<E: de::Error>(shown: String) -> E {
                reject(
                    Rule::Range,
                    BoundedInt::<MIN, MAX>::what(),
                    Found::Bare(shown),
                    Tail::OutOfRange,
                )
            }
        }
        impl<const MIN: i64, const MAX: i64> Visitor<'_> for V<MIN, MAX> {
            type Value = BoundedInt<MIN, MAX>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(BoundedInt::<MIN, MAX>::what())
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                if (MIN..=MAX).contains(&v) {
                    Ok(BoundedInt(v))
                } else {
                    Err(Self::range(v.to_string()))
                }
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                match i64::try_from(v) {
                    Ok(v) if v <= MAX => Ok(BoundedInt(v)),
                    _ => Err(Self::range(v.to_string())),
                }
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                if !v.is_finite() || v.fract() != 0.0 {
                    return Err(E::invalid_type(Unexpected::Float(v), &self));
                }
                // i64::MAX as f64 rounds up to 2^63, so compare against the bounds as floats.
                if v < MIN as f64 || v > MAX as f64 || v >= 9.223_372_036_854_776e18 {
                    return Err(Self::range(v.to_string()));
                }
                Ok(BoundedInt(v as i64))
            }
        }
        d.deserialize_any(V::<MIN, MAX>)
    }
}

impl<const MIN: i64, const MAX: i64> Serialize for BoundedInt<MIN, MAX> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.0)
    }
}

/// A string holding a GUID in the 8-4-4-4-12 hex form (`format: uuid`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Guid<'a>(#[serde(borrow)] pub Cow<'a, str>);

/// True for the hyphenated GUID form jsonschema's `uuid` format accepts. The compiled checker's
/// `format: uuid` calls it too, on every employee's id.
#[must_use]
#[inline]
pub fn is_guid(s: &str) -> bool {
    guid_bytes(s.as_bytes())
}

/// [`is_guid`] on bytes, eight at a time: a loop over the 36 bytes, two branches each, was a
/// third of the compiled walk's time in an employee. The compiled checker matches the schema's
/// GUID `pattern` with it too.
#[must_use]
#[inline]
pub(crate) fn guid_bytes(b: &[u8]) -> bool {
    let Ok(b) = <&[u8; 36]>::try_from(b) else {
        return false;
    };
    if b[8] != b'-' || b[13] != b'-' || b[18] != b'-' || b[23] != b'-' {
        return false;
    }
    let word = |at: usize| {
        u64::from_le_bytes(*b[at..].first_chunk::<8>().expect("36 bytes hold 8 from at"))
    };
    // The hyphens, checked above, become `0` (`-` ^ 0x1d): then all 36 bytes must be hex
    // digits, five overlapping words of them (bytes 8, 13 | 18, 23 | 28..32 read twice).
    let hyphens_1 = 0x1d | (0x1d << 40);
    let hyphens_2 = (0x1d << 16) | (0x1d << 56);
    hex_digits(word(0))
        & hex_digits(word(8) ^ hyphens_1)
        & hex_digits(word(16) ^ hyphens_2)
        & hex_digits(word(24))
        & hex_digits(word(28))
}

/// Whether each of the eight bytes of `x` is an ASCII hexadecimal digit, with no branch.
#[inline]
fn hex_digits(x: u64) -> bool {
    const EACH: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // For a byte below 0x80, `byte + (0x80 - c)` has its high bit set iff byte >= c, and
    // carries into no other byte (a byte at or above 0x80 fails below whatever the carries do).
    let at_least = |x: u64, c: u64| x.wrapping_add(EACH * (0x80 - c));
    let digit = at_least(x, 0x30) & !at_least(x, 0x3a);
    let lower = x | (EACH * 0x20);
    let letter = at_least(lower, 0x61) & !at_least(lower, 0x67);
    (digit | letter) & !x & HIGH == HIGH
}

impl<'de: 'a, 'a> Deserialize<'de> for Guid<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = CowStr::deserialize(d)?.0;
        if is_guid(&s) {
            Ok(Guid(s))
        } else {
            Err(reject(
                Rule::Format,
                "a GUID like \"66faa6e4-f133-11ea-b126-00ffeec8b4ef\"",
                Found::String(s.into_owned()),
                Tail::None,
            ))
        }
    }
}

/// A string holding an absolute URI (`format: uri`), checked with the parser jsonschema uses.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Uri<'a>(#[serde(borrow)] pub Cow<'a, str>);

/// True for an absolute URI per RFC 3986.
#[must_use]
pub fn is_uri(s: &str) -> bool {
    fluent_uri::Uri::parse(s).is_ok()
}

impl<'de: 'a, 'a> Deserialize<'de> for Uri<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = CowStr::deserialize(d)?.0;
        if is_uri(&s) {
            Ok(Uri(s))
        } else {
            Err(reject(
                Rule::Format,
                "an absolute URI like \"https://example.com/file.zip\"",
                Found::String(s.into_owned()),
                Tail::None,
            ))
        }
    }
}

/// A string, borrowed from the input when it can be.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct CowStr<'a>(pub Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for CowStr<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = CowStr<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(CowStr(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(CowStr(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(CowStr(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// A date as DocSpace's `ApiDateTime`: the wire's round-trip string, or the documented object.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ApiDateTime<'a> {
    /// What servers send: `"2025-03-06T11:30:51.0000000+08:00"`.
    Wire(Cow<'a, str>),
    /// What the published docs describe: `{"utcTime": ..., "timeZoneOffset": ...}`.
    Docs {
        utc_time: Cow<'a, str>,
        time_zone_offset: Option<Cow<'a, str>>,
    },
}

impl ApiDateTime<'_> {
    /// The instant in 100 ns ticks since 0001-01-01T00:00:00Z, for ordering dates.
    #[must_use]
    pub fn ticks(&self) -> Option<i128> {
        match self {
            ApiDateTime::Wire(s) => super::dates::wire_ticks(s),
            ApiDateTime::Docs { utc_time, .. } => super::dates::rfc3339_ticks(utc_time),
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for ApiDateTime<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        const WIRE: &str = "a date string like \"2025-03-06T11:30:51.0000000+08:00\" (7 fractional digits, \
             then Z or ±hh:mm)";
        const DOCS: &str = "a date object {\"utcTime\": \"2025-03-06T03:30:51Z\", \
                            \"timeZoneOffset\": \"08:00:00\"}";
        fn wire<'a, E: de::Error>(s: Cow<'a, str>) -> Result<ApiDateTime<'a>, E> {
            if profile::current() == Profile::Docs {
                return Err(reject(
                    Rule::Profile,
                    format!("{DOCS} (profile docs)"),
                    Found::WireDate(s.into_owned()),
                    Tail::None,
                ));
            }
            if super::dates::is_wire_date(s.as_bytes()) {
                Ok(ApiDateTime::Wire(s))
            } else {
                Err(reject(
                    Rule::Format,
                    WIRE,
                    Found::String(s.into_owned()),
                    Tail::None,
                ))
            }
        }
        impl<'de> Visitor<'de> for V {
            type Value = ApiDateTime<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match profile::current() {
                    Profile::Any => write!(f, "{WIRE} or {DOCS}"),
                    Profile::Wire => f.write_str(WIRE),
                    Profile::Docs => f.write_str(DOCS),
                }
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                wire(Cow::Borrowed(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                wire(Cow::Owned(v.to_owned()))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                if profile::current() == Profile::Wire {
                    return Err(reject(
                        Rule::Profile,
                        format!("{WIRE} (profile wire: servers send dates as strings)"),
                        Found::DocsDate,
                        Tail::None,
                    ));
                }
                let docs = DocsDate::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(ApiDateTime::Docs {
                    utc_time: docs.utc_time.0,
                    time_zone_offset: docs.time_zone_offset.map(|t| t.0),
                })
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DocsDate<'a> {
    #[serde(borrow)]
    utc_time: Rfc3339<'a>,
    #[serde(default, borrow, deserialize_with = "super::present")]
    time_zone_offset: Option<TimeSpan<'a>>,
}

struct Rfc3339<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Rfc3339<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = CowStr::deserialize(d)?.0;
        if super::dates::rfc3339_ticks(&s).is_some() {
            Ok(Rfc3339(s))
        } else {
            Err(reject(
                Rule::Format,
                "an RFC 3339 date-time like \"2025-03-06T03:30:51Z\"",
                Found::String(s.into_owned()),
                Tail::None,
            ))
        }
    }
}

struct TimeSpan<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for TimeSpan<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = CowStr::deserialize(d)?.0;
        if super::dates::is_time_span(&s) {
            Ok(TimeSpan(s))
        } else {
            Err(reject(
                Rule::Format,
                "a time zone offset like \"05:30:00\" or \"-05:00:00\"",
                Found::String(s.into_owned()),
                Tail::None,
            ))
        }
    }
}

impl Serialize for ApiDateTime<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self {
            ApiDateTime::Wire(w) => s.serialize_str(w),
            ApiDateTime::Docs {
                utc_time,
                time_zone_offset,
            } => {
                let mut m = s.serialize_map(None)?;
                m.serialize_entry("utcTime", utc_time)?;
                if let Some(t) = time_zone_offset {
                    m.serialize_entry("timeZoneOffset", t)?;
                }
                m.end()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::guid_bytes;

    /// What `format: uuid` means, byte by byte.
    fn uuid_reference(b: &[u8]) -> bool {
        b.len() == 36
            && b.iter().enumerate().all(|(i, c)| match i {
                8 | 13 | 18 | 23 => *c == b'-',
                _ => c.is_ascii_hexdigit(),
            })
    }

    #[test]
    fn uuid_words_agree_with_the_bytewise_definition_at_every_byte_and_length() {
        let valid = b"0f1E2d3C-4b5A-6978-a8B9-CaDbEcFd0e1f";
        assert!(guid_bytes(valid));
        for at in 0..valid.len() {
            for byte in 0..=255u8 {
                let mut s = *valid;
                s[at] = byte;
                assert_eq!(guid_bytes(&s), uuid_reference(&s), "byte {byte:#x} at {at}");
                // A second change, so that a carry out of a high byte meets a digit.
                let mut t = s;
                t[(at + 1) % 36] = 0xff;
                assert_eq!(guid_bytes(&t), uuid_reference(&t), "{t:?}");
            }
        }
        for len in 0..=40 {
            let s: Vec<u8> = valid.iter().copied().cycle().take(len).collect();
            assert_eq!(guid_bytes(&s), uuid_reference(&s), "length {len}");
        }
    }
}
