//! The proptest strategies for leaf values: texts, GUIDs, URIs, dates, enum values, entry ids
//! and small JSON.

use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::strategy::BoxedStrategy;
use serde_json::{Map, Value};

use super::Style;
use super::shape::EnumKind;

/// The texts that trip parsers up: escapes, pointer metacharacters, controls, line separators,
/// a BOM, markup. [`arb_text`] and the fuzzer's payload description both draw from them.
pub(crate) const NASTY_TEXTS: [&str; 12] = [
    "",
    "\"",
    "\\",
    "a/b~c~1",
    "é",
    "😀 emoji",
    "\u{2028}\u{2029}",
    "\u{0}\u{1f}\u{7f}",
    "line\nbreak\ttab\r",
    "Administrator ",
    "&lt;b&gt;",
    "\u{feff}bom",
];

/// Strings with what trips parsers up: quotes, backslashes, control characters, non-ASCII,
/// characters beyond the BMP, line separators, pointer metacharacters (`/`, `~`).
pub fn arb_text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[ -~]{0,16}",
        2 => vec(any::<char>(), 0..10).prop_map(String::from_iter),
        1 => prop::sample::select(NASTY_TEXTS.to_vec())
        .prop_map(str::to_owned),
    ]
}

fn arb_nonempty_text() -> impl Strategy<Value = String> {
    (any::<char>(), arb_text()).prop_map(|(c, s)| format!("{c}{s}"))
}

/// A GUID in 8-4-4-4-12 form, lower or upper case hex.
pub fn arb_guid() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        "[0-9A-F]{8}-[0-9a-fA-F]{4}-[0-9a-f]{4}-[0-9A-F]{4}-[0-9a-fA-F]{12}",
    ]
}

/// An absolute URI.
pub fn arb_uri() -> impl Strategy<Value = String> {
    prop_oneof![
        "(https|http|ftp)://[a-z0-9]{1,8}(\\.[a-z]{2,3})?(:[0-9]{1,4})?(/[a-zA-Z0-9._~-]{0,8}){0,3}(\\?[a-z]=[0-9a-z]{1,3})?(#[a-z]{0,3})?",
        "urn:[a-z]{1,5}:[a-z0-9]{1,8}",
        Just(
            "https://example.com/products/files/httphandlers/filehandler.ashx?action=bulk"
                .to_owned()
        ),
    ]
}

pub(super) fn two(n: u32) -> String {
    format!("{n:02}")
}

/// A wire date: `YYYY-MM-DDTHH:MM:SS.fffffff` then `Z` or `±hh:mm` (hours 00-14). Days run
/// to 31 in every month, as the schema's pattern allows.
pub fn arb_wire_date() -> impl Strategy<Value = String> {
    let offset = prop_oneof![
        Just("Z".to_owned()),
        (prop::bool::ANY, 0u32..=14, 0u32..60).prop_map(|(neg, h, m)| format!(
            "{}{}:{}",
            if neg { '-' } else { '+' },
            two(h),
            two(m)
        )),
    ];
    (
        (1u32..=9999, 1u32..=12, 1u32..=31),
        (0u32..24, 0u32..60, 0u32..60, 0u32..10_000_000),
        offset,
    )
        .prop_map(|((y, mo, d), (h, mi, s, f), off)| {
            format!(
                "{y:04}-{}-{}T{}:{}:{}.{f:07}{off}",
                two(mo),
                two(d),
                two(h),
                two(mi),
                two(s)
            )
        })
}

pub(super) fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        _ => 31,
    }
}

/// An RFC 3339 date-time for the documented date object's `utcTime`: real calendar days, any
/// number of fractional digits, `T`/`t`, `Z`/`z` or `±hh:mm`, and the odd leap second.
pub fn arb_rfc3339() -> impl Strategy<Value = String> {
    let offset = prop_oneof![
        Just("Z".to_owned()),
        Just("z".to_owned()),
        (prop::bool::ANY, 0u32..=23, 0u32..60).prop_map(|(neg, h, m)| format!(
            "{}{}:{}",
            if neg { '-' } else { '+' },
            two(h),
            two(m)
        )),
    ];
    let fraction = prop_oneof![Just(String::new()), "\\.[0-9]{1,9}"];
    prop_oneof![
        20 => (
            (1u32..=9999, 1u32..=12, 0u32..31, prop::bool::ANY),
            (0u32..24, 0u32..60, 0u32..60),
            fraction,
            offset,
        )
            .prop_map(|((y, mo, d, upper), (h, mi, s), f, off)| {
                let d = 1 + d % days_in_month(y, mo);
                format!(
                    "{y:04}-{}-{}{}{}:{}:{}{f}{off}",
                    two(mo),
                    two(d),
                    if upper { 'T' } else { 't' },
                    two(h),
                    two(mi),
                    two(s)
                )
            }),
        1 => prop::sample::select(vec!["2016-12-31T23:59:60Z", "2017-01-01T00:59:60+01:00"])
            .prop_map(str::to_owned),
    ]
}

/// A .NET TimeSpan offset `[-]hh:mm:ss`, hours 00-14.
pub fn arb_time_span() -> impl Strategy<Value = String> {
    (prop::bool::ANY, 0u32..=14, 0u32..60, 0u32..60).prop_map(|(neg, h, m, s)| {
        format!(
            "{}{}:{}:{}",
            if neg { "-" } else { "" },
            two(h),
            two(m),
            two(s)
        )
    })
}

/// The documented date object `{utcTime, timeZoneOffset?}`.
pub fn arb_docs_date() -> impl Strategy<Value = Value> {
    (arb_rfc3339(), option::of(arb_time_span())).prop_map(|(utc, offset)| {
        let mut m = Map::new();
        m.insert("utcTime".into(), Value::String(utc));
        if let Some(o) = offset {
            m.insert("timeZoneOffset".into(), Value::String(o));
        }
        Value::Object(m)
    })
}

/// A date in the style's form.
pub fn arb_date(style: Style) -> BoxedStrategy<Value> {
    match style {
        Style::Wire => arb_wire_date().prop_map(Value::String).boxed(),
        Style::Docs => arb_docs_date().boxed(),
        Style::Mixed => {
            prop_oneof![arb_wire_date().prop_map(Value::String), arb_docs_date()].boxed()
        }
    }
}

/// An enum value as its code (wire), its name or alias (docs), or either (mixed).
pub fn arb_enum(kind: EnumKind, style: Style) -> BoxedStrategy<Value> {
    let values = kind.values();
    let code = prop::sample::select(values.clone()).prop_map(|(c, _)| Value::from(c));
    let name = prop::sample::select(values).prop_map(|(_, n)| Value::from(n));
    match style {
        Style::Wire => code.boxed(),
        Style::Docs => name.boxed(),
        Style::Mixed => prop_oneof![code, name].boxed(),
    }
}

/// An entry id: an int32, or a non-empty string like `"dropbox-337-LzEyMw"`.
pub fn arb_entry_id() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i32>().prop_map(Value::from),
        (0i32..100_000).prop_map(Value::from),
        "(dropbox|box|onedrive|sharepoint)-[0-9]{1,4}-[A-Za-z0-9]{1,12}".prop_map(Value::from),
        arb_nonempty_text().prop_map(Value::from),
    ]
}

/// Any small JSON value (for unknown members and the room `logo`).
pub fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        arb_text().prop_map(Value::from),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..3).prop_map(Value::Array),
            vec((arb_text(), inner), 0..3).prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Members the schema does not define (`x-` names never match a known name in any case).
pub fn arb_unknown_members() -> impl Strategy<Value = Vec<(String, Value)>> {
    vec(
        (arb_text().prop_map(|t| format!("x-{t}")), arb_json()),
        0..3,
    )
}
