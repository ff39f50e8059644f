//! From a JSON Pointer back to bytes: where in a JSON text the value (and its member name) sits.
//!
//! Checks work on parsed values, which know nothing of offsets. A violation is rare next to the
//! bytes validated, so positions are found lazily: only for a violation, by walking the raw text
//! of the one operation it is in. The walk skips siblings without parsing them (with the
//! [lexer](crate::json::lex), without a depth limit).

use crate::json::lex::{decode_name, value_end, ws_len};

/// Where a pointer leads in a JSON text (byte offsets into that text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// The first byte of the value.
    pub value: usize,
    /// The opening quote of its member name, when the last step was into an object.
    pub name: Option<usize>,
    /// False when the pointer leads further than the text goes: `value` is then the deepest
    /// value that exists on the way (e.g. the object a required member is missing from).
    pub exact: bool,
}

/// Follows `tokens` (unescaped reference tokens) from the root of `json`.
///
/// Duplicate names resolve to the last occurrence, as the checks do (and serde_json, and
/// servers): the last value of a repeated member is the one that counts.
#[must_use]
pub fn locate<S: AsRef<str>>(json: &[u8], tokens: &[S]) -> Found {
    let mut found = Found {
        value: skip_ws(json, 0),
        name: None,
        exact: true,
    };
    for token in tokens {
        let token = token.as_ref();
        let step = match json.get(found.value) {
            Some(b'{') => find_member(json, found.value, token),
            Some(b'[') => token
                .parse::<usize>()
                .ok()
                .and_then(|i| find_element(json, found.value, i))
                .map(|v| (v, None)),
            _ => None,
        };
        match step {
            Some((value, name)) => {
                found = Found {
                    value,
                    name,
                    exact: true,
                }
            }
            None => {
                found.exact = false;
                return found;
            }
        }
    }
    found
}

fn skip_ws(json: &[u8], i: usize) -> usize {
    match json.get(i..) {
        Some(rest) => i + ws_len(rest, false),
        None => i,
    }
}

/// The member `name` of the object at `open`: (value offset, name offset).
fn find_member(json: &[u8], open: usize, name: &str) -> Option<(usize, Option<usize>)> {
    let mut i = skip_ws(json, open + 1);
    let mut last = None;
    while json.get(i) == Some(&b'"') {
        let Some(key_end) = skip_value(json, i) else {
            return last;
        };
        let raw = &json[i + 1..key_end - 1];
        i = skip_ws(json, key_end);
        if json.get(i) != Some(&b':') {
            return last;
        }
        let value = skip_ws(json, i + 1);
        if decode_name(raw) == name {
            last = Some((value, Some(key_end - raw.len() - 2)));
        }
        let Some(end) = skip_value(json, value) else {
            return last;
        };
        i = skip_ws(json, end);
        if json.get(i) != Some(&b',') {
            return last;
        }
        i = skip_ws(json, i + 1);
    }
    last
}

/// The element `index` of the array at `open`.
fn find_element(json: &[u8], open: usize, index: usize) -> Option<usize> {
    let mut i = skip_ws(json, open + 1);
    if json.get(i) == Some(&b']') {
        return None;
    }
    for _ in 0..index {
        i = skip_ws(json, skip_value(json, i)?);
        if json.get(i) != Some(&b',') {
            return None;
        }
        i = skip_ws(json, i + 1);
    }
    Some(i)
}

/// The offset just past the value starting at `start`.
fn skip_value(json: &[u8], start: usize) -> Option<usize> {
    Some(start + value_end(json.get(start..)?)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"{"id": "x", "files": [ {"title": "a"}, {"a\"b": [1, "]"], "title": "b"} ], "w\u0069": 3}"#;

    fn at(tokens: &[&str]) -> (String, Option<String>, bool) {
        let f = locate(DOC.as_bytes(), tokens);
        (
            DOC[f.value..].chars().take(5).collect(),
            f.name.map(|n| DOC[n..].chars().take(4).collect()),
            f.exact,
        )
    }

    #[test]
    fn finds_members_and_elements_past_tricky_siblings() {
        assert_eq!(
            at(&["files", "1", "title"]),
            ("\"b\"} ".into(), Some("\"tit".into()), true)
        );
        assert_eq!(at(&["files", "0"]).0, "{\"tit");
        assert_eq!(at(&["wi"]).0, "3}");
    }

    #[test]
    fn stops_at_the_deepest_existing_value() {
        assert_eq!(
            at(&["files", "1", "missing"]),
            ("{\"a\\\"".into(), None, false)
        );
        assert!(!at(&["files", "7"]).2);
    }
}
