//! From a JSON Pointer back to bytes: where in a JSON text the value (and its member name) sits.
//!
//! Checks work on parsed values, which know nothing of offsets. A violation is rare next to the
//! bytes validated, so positions are found lazily: only for a violation, by walking the raw text
//! of the one operation it is in. The walk skips siblings without parsing them (with the
//! [lexer](crate::json::lex), without a depth limit).

use std::borrow::Cow;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::BuildHasher;

use foldhash::fast::RandomState;

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
    find(json, tokens, false)
}

/// [`locate`], taking the first of a repeated name where [`locate`] takes the last: it stops at
/// the value it finds, where [`locate`] reads every member of each object on its way, the
/// value it finds included. Only where a repeated name is an error anyway (serde_json refuses
/// a struct's field given twice) are the two the same.
#[must_use]
pub fn locate_first<S: AsRef<str>>(json: &[u8], tokens: &[S]) -> Found {
    find(json, tokens, true)
}

/// [`locate`] (`first: false`) or [`locate_first`].
fn find<S: AsRef<str>>(json: &[u8], tokens: &[S], first: bool) -> Found {
    follow(json, tokens, |open, token| match json.get(open) {
        Some(b'{') => {
            let mut found = None;
            each_member(json, open, |name, name_at, value| {
                if name == token {
                    found = Some((value, Some(name_at)));
                }
                !(first && found.is_some())
            });
            found
        }
        Some(b'[') => {
            let index = token.parse::<usize>().ok()?;
            let mut at = None;
            each_element(json, open, |i, start| {
                if i == index {
                    at = Some((start, None));
                }
                i < index
            });
            at
        }
        _ => None,
    })
}

/// [`locate`] for many pointers into one text, in time linear in the text: each object's
/// members and each array's elements are listed once, on the first pointer that steps into it,
/// and every later pointer through it looks them up. One operation can hold any number of
/// violations (a `files` list of a million bad entries), and `--schema` uses it for whole
/// documents.
///
/// The lists are compact (24 bytes a member, 8 an element, names left in the text) because a
/// value with a million violations steps into a million objects.
pub struct Locator<'a> {
    json: &'a [u8],
    /// Per object or array, by the offset of its `{` or `[`.
    listed: HashMap<usize, Listed, RandomState>,
    /// Hashes member names (seeded per process: the names are the capture's to choose).
    names: RandomState,
}

/// What a [`Locator`] keeps of one object or array.
enum Listed {
    /// Each member as (name hash, value offset, name offset), sorted by hash and, for one
    /// hash, in text order (so the last of a repeated name is the last of its run).
    Object(Vec<(u64, usize, usize)>),
    /// Where each element starts.
    Array(Vec<usize>),
}

impl<'a> Locator<'a> {
    /// A locator over `json`.
    #[must_use]
    pub fn new(json: &'a [u8]) -> Self {
        Locator {
            json,
            listed: HashMap::default(),
            names: RandomState::default(),
        }
    }

    /// What [`locate`] finds for `tokens`.
    pub fn locate<S: AsRef<str>>(&mut self, tokens: &[S]) -> Found {
        let json = self.json;
        let (listed, names) = (&mut self.listed, &self.names);
        follow(json, tokens, |open, token| {
            let list = |open| match json.get(open) {
                Some(b'{') => {
                    let mut all = Vec::new();
                    each_member(json, open, |name, name_at, value| {
                        all.push((names.hash_one(&*name), value, name_at));
                        true
                    });
                    all.sort_by_key(|m| m.0);
                    Some(Listed::Object(all))
                }
                Some(b'[') => {
                    let mut all = Vec::new();
                    each_element(json, open, |_, start| {
                        all.push(start);
                        true
                    });
                    Some(Listed::Array(all))
                }
                _ => None,
            };
            let listed = match listed.entry(open) {
                Entry::Occupied(e) => e.into_mut(),
                Entry::Vacant(e) => e.insert(list(open)?),
            };
            match listed {
                Listed::Object(members) => {
                    let hash = names.hash_one(token);
                    let from = members.partition_point(|m| m.0 < hash);
                    let to = members.partition_point(|m| m.0 <= hash);
                    // From the last: the last value of a repeated name counts.
                    members[from..to]
                        .iter()
                        .rev()
                        .find(|&&(_, _, name_at)| name_at_is(json, name_at, token))
                        .map(|&(_, value, name)| (value, Some(name)))
                }
                Listed::Array(elements) => {
                    let index = token.parse::<usize>().ok()?;
                    elements.get(index).map(|&v| (v, None))
                }
            }
        })
    }
}

/// Whether the member name whose opening quote is at `name_at` reads `token`.
fn name_at_is(json: &[u8], name_at: usize, token: &str) -> bool {
    skip_value(json, name_at).is_some_and(|end| decode_name(&json[name_at + 1..end - 1]) == token)
}

/// The walk from the root both locators share: `step` turns the value at an offset and a token
/// into the next value (and its member name's offset), or `None` where the text ends the path.
fn follow<S: AsRef<str>>(
    json: &[u8],
    tokens: &[S],
    mut step: impl FnMut(usize, &str) -> Option<(usize, Option<usize>)>,
) -> Found {
    let mut found = Found {
        value: skip_ws(json, 0),
        name: None,
        exact: true,
    };
    for token in tokens {
        match step(found.value, token.as_ref()) {
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

/// Calls `each(name, name offset, value offset)` for the members of the object at `open`, in
/// text order, up to where the text stops being well-formed or `each` returns false.
fn each_member(json: &[u8], open: usize, mut each: impl FnMut(Cow<'_, str>, usize, usize) -> bool) {
    let mut i = skip_ws(json, open + 1);
    while json.get(i) == Some(&b'"') {
        let Some(key_end) = skip_value(json, i) else {
            return;
        };
        let (raw, name_at) = (&json[i + 1..key_end - 1], i);
        i = skip_ws(json, key_end);
        if json.get(i) != Some(&b':') {
            return;
        }
        let value = skip_ws(json, i + 1);
        if !each(decode_name(raw), name_at, value) {
            return;
        }
        let Some(end) = skip_value(json, value) else {
            return;
        };
        i = skip_ws(json, end);
        if json.get(i) != Some(&b',') {
            return;
        }
        i = skip_ws(json, i + 1);
    }
}

/// Calls `each(index, start)` for the elements of the array at `open`, in order, while it
/// returns true and the text is well-formed.
fn each_element(json: &[u8], open: usize, mut each: impl FnMut(usize, usize) -> bool) {
    let mut i = skip_ws(json, open + 1);
    if json.get(i) == Some(&b']') {
        return;
    }
    for index in 0.. {
        if !each(index, i) {
            return;
        }
        let Some(end) = skip_value(json, i) else {
            return;
        };
        i = skip_ws(json, end);
        if json.get(i) != Some(&b',') {
            return;
        }
        i = skip_ws(json, i + 1);
    }
}

/// The offset just past the value starting at `start`.
fn skip_value(json: &[u8], start: usize) -> Option<usize> {
    Some(start + value_end(json.get(start..)?)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"{"id": "x", "files": [ {"title": "a"}, {"a\"b": [1, "]"], "title": "b"} ], "w\u0069": 3}"#;

    /// `locate_first` finds what `locate` finds where no name repeats, and the first of a
    /// repeated name where `locate` finds the last; it reads no further than what it finds.
    #[test]
    fn locate_first_stops_at_the_first_of_a_name() {
        let doc = br#"{"c": {"t": "one", "u": [1, {"v": 2}]}, "c": {"t": "two"} , "#;
        for tokens in [&["c", "u", "1", "v"][..], &["c", "u", "2"], &["x"], &[]] {
            assert_eq!(
                locate_first(doc, tokens),
                locate(&doc[..38], tokens),
                "{tokens:?}"
            );
        }
        let first = locate_first(doc, &["c", "t"]);
        assert_eq!(&doc[first.value..first.value + 5], b"\"one\"");
        let last = locate(doc, &["c", "t"]);
        assert_eq!(&doc[last.value..last.value + 5], b"\"two\"");
        // A text broken after the value found does not matter to it.
        assert_eq!(locate_first(&doc[..20], &["c", "t"]), first);
    }

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

    /// Every pointer into a text (and one step past each), located by [`Locator`] in any order,
    /// gives what [`locate`] gives.
    #[test]
    fn the_locator_agrees_with_locate_on_every_pointer() {
        fn pointers(v: &serde_json::Value, at: Vec<String>, out: &mut Vec<Vec<String>>) {
            let mut past = at.clone();
            past.push("nope".to_owned());
            out.push(past);
            let mut beyond = at.clone();
            beyond.push("99".to_owned());
            out.push(beyond);
            match v {
                serde_json::Value::Object(m) => {
                    for (k, v) in m {
                        let mut p = at.clone();
                        p.push(k.clone());
                        pointers(v, p, out);
                    }
                }
                serde_json::Value::Array(a) => {
                    for (i, v) in a.iter().enumerate() {
                        let mut p = at.clone();
                        p.push(i.to_string());
                        pointers(v, p, out);
                    }
                }
                _ => {}
            }
            out.push(at);
        }
        let texts = [
            DOC,
            r#"{"a": 1, "a": {"b": [1, {"c": 2}]}, "d": [[], [[3]], {}]}"#,
            r#"[{"x": "A", "A": [true, null]}, 2, "s"]"#,
            r#"{"cut": [1, 2, {"x": "#,
            // One name written two ways: the last counts, found by its decoded name.
            r#"{"k": 1, "z": 0, "\u006b": {"k": [2]}, "a/b~c": 3}"#,
        ];
        for text in texts {
            let value: serde_json::Value =
                serde_json::from_str(text).unwrap_or(serde_json::Value::Null);
            let mut all = Vec::new();
            pointers(&value, Vec::new(), &mut all);
            all.push(vec!["cut".to_owned(), "2".to_owned(), "x".to_owned()]);
            all.push(vec!["cut".to_owned(), "1".to_owned()]);
            let mut locator = Locator::new(text.as_bytes());
            for tokens in all.iter().rev().chain(all.iter()) {
                assert_eq!(
                    locator.locate(tokens),
                    locate(text.as_bytes(), tokens),
                    "{text} at {tokens:?}"
                );
            }
        }
    }
}
