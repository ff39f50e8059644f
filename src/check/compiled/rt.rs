//! What the generated checkers call: type tests, exact number comparisons, patterns and formats
//! on tape values, and the flags ([`Cx`]) that say when a verdict cannot be trusted alone.

// The generated checkers call what their schema needs: not every helper is used.
#![allow(dead_code)]

use simd_json::StaticNode;
use simd_json::value::tape::Node;

use crate::check::rules::release::Target;
use crate::check::rules::release::fused::{Fused, Hooks};
pub use crate::check::rules::release::fused::{HookSpec, Shape};
pub use crate::json::tape::TapeValue as V;
use crate::json::tape::{TapeElements, TapeMembers};

/// What one run of a compiled checker noticed besides its verdict.
#[derive(Debug, Default)]
pub struct Cx {
    /// An object held a member its schema does not define (valid, but the rules warn).
    pub unknown: bool,
    /// The verdict may differ from jsonschema's: a repeated member name (the full check keeps
    /// the last value), or a format the compiled checker leaves to jsonschema.
    pub inexact: bool,
    /// Hashes of the member names of the maps being walked (`additionalProperties`), a stack
    /// ([`crate::json::names::name_hash`]: no loop over each name's bytes).
    keys: Vec<u64>,
    /// The release walk, done by this walk's member hooks.
    pub releases: Fused,
}

impl Cx {
    /// Clears the flags for the next value (the key stack is empty between values), with the
    /// release target and the profile's member hooks.
    pub fn reset(&mut self, target: Target, hooks: &'static Hooks) {
        self.unknown = false;
        self.inexact = false;
        self.keys.clear();
        self.releases.reset(target, hooks);
    }

    /// Hooked member `h` of a named object def holds `v` (see [`Fused::member`]).
    #[inline]
    pub fn member(&mut self, h: usize, v: V<'_>) {
        self.releases.member(h, v);
    }

    /// The walk of hooked member `h`'s map met the key its hook lists at `i` (see
    /// [`Fused::map_key`]).
    #[inline]
    pub fn map_key(&mut self, h: usize, i: usize) {
        self.releases.map_key(h, i);
    }

    /// Before the branches of an `anyOf` (see [`Fused::kept`]).
    #[inline]
    pub fn mark(&self) -> u32 {
        self.releases.mark()
    }

    /// After one branch of an `anyOf`: `ok`, noting whether a failed branch left evidence.
    #[inline]
    pub fn kept(&mut self, mark: u32, ok: bool) -> bool {
        self.releases.kept(mark, ok)
    }

    /// Notes a map member's name, to find repeated names when the map ends.
    #[inline]
    pub fn key(&mut self, name: &str) {
        self.keys.push(crate::json::names::name_hash(name));
    }

    /// Where this map's names start on the stack.
    #[inline]
    pub fn keys_mark(&self) -> usize {
        self.keys.len()
    }

    /// An object failed on one of its members: `false`, and inexact if any of its names repeats
    /// (the full check judges the last value, which the walk may not have reached).
    #[cold]
    pub fn fail(&mut self, object: V<'_>) -> bool {
        let mark = self.keys_mark();
        for (name, _) in object.members() {
            self.key(name);
        }
        self.keys_check(mark);
        false
    }

    /// Ends a map: two equal hashes among its names (a repeated name, or very rarely two names
    /// that hash alike) make the verdict inexact, so the full check decides.
    #[inline]
    pub fn keys_check(&mut self, mark: usize) {
        let names = &mut self.keys[mark..];
        if names.len() > 1 && repeats(names) {
            self.inexact = true;
        }
        self.keys.truncate(mark);
    }
}

/// Whether two of `hashes` are equal: sorted and compared only when the filter says two may be
/// ([`crate::json::names::may_repeat`]; the `security` maps' 21 names sorted cost several times
/// the filter).
fn repeats(hashes: &mut [u64]) -> bool {
    if !crate::json::names::may_repeat(hashes.iter().copied()) {
        return false;
    }
    hashes.sort_unstable();
    hashes.windows(2).any(|w| w[0] == w[1])
}

#[inline]
pub fn members<'a>(v: V<'a>) -> Option<TapeMembers<'a>> {
    matches!(v.node(), Node::Object { .. }).then(|| v.members())
}

#[inline]
pub fn items<'a>(v: V<'a>) -> TapeElements<'a> {
    v.elements()
}

#[inline]
pub fn is_object(v: V<'_>) -> bool {
    matches!(v.node(), Node::Object { .. })
}

#[inline]
pub fn is_array(v: V<'_>) -> bool {
    matches!(v.node(), Node::Array { .. })
}

#[inline]
pub fn is_string(v: V<'_>) -> bool {
    matches!(v.node(), Node::String(_))
}

#[inline]
pub fn is_boolean(v: V<'_>) -> bool {
    matches!(v.node(), Node::Static(StaticNode::Bool(_)))
}

#[inline]
pub fn is_null(v: V<'_>) -> bool {
    matches!(v.node(), Node::Static(StaticNode::Null))
}

#[inline]
pub fn is_number(v: V<'_>) -> bool {
    matches!(
        v.node(),
        Node::Static(StaticNode::I64(_) | StaticNode::U64(_) | StaticNode::F64(_))
    )
}

/// JSON Schema's `integer` (drafts 6+): a number with no fractional part, however written.
#[inline]
pub fn is_integer(v: V<'_>) -> bool {
    match v.node() {
        Node::Static(StaticNode::I64(_) | StaticNode::U64(_)) => true,
        Node::Static(StaticNode::F64(f)) => f.is_finite() && f.fract() == 0.0,
        _ => false,
    }
}

/// The value as an `i64` when it is a number equal to one (`1.0` is `1`, as `enum` compares).
#[inline]
pub fn integral(v: V<'_>) -> Option<i64> {
    v.integral()
}

/// How a tape number compares with an integer limit, exactly (no rounding of either side).
fn compare(v: V<'_>, limit: i128) -> Option<std::cmp::Ordering> {
    match *v.node() {
        Node::Static(StaticNode::I64(i)) => Some(i128::from(i).cmp(&limit)),
        Node::Static(StaticNode::U64(u)) => Some(i128::from(u).cmp(&limit)),
        Node::Static(StaticNode::F64(f)) => {
            #[allow(clippy::cast_precision_loss)]
            let rounded = limit as f64;
            match f.partial_cmp(&rounded)? {
                std::cmp::Ordering::Equal => {
                    // `f` equals an integer of at most 2^64 in magnitude: exact as an i128.
                    #[allow(clippy::cast_possible_truncation)]
                    Some((f as i128).cmp(&limit))
                }
                other => Some(other),
            }
        }
        _ => None,
    }
}

/// `minimum`: numbers below `limit` fail; other values pass.
#[inline]
pub fn at_least(v: V<'_>, limit: i128) -> bool {
    compare(v, limit).is_none_or(std::cmp::Ordering::is_ge)
}

/// `maximum`: numbers above `limit` fail; other values pass.
#[inline]
pub fn at_most(v: V<'_>, limit: i128) -> bool {
    compare(v, limit).is_none_or(std::cmp::Ordering::is_le)
}

/// `minLength`, counted in characters as JSON Schema counts.
#[inline]
pub fn min_length(v: V<'_>, n: usize) -> bool {
    v.as_str()
        .is_none_or(|s| s.len() >= n * 4 || s.chars().count() >= n)
}

/// `pattern` (a search, as JSON Schema's `pattern` is): strings must match, others pass.
/// `is_match` is the pattern's DFA, written out as Rust by build.rs.
#[inline]
pub fn matches(v: V<'_>, is_match: fn(&[u8]) -> bool) -> bool {
    v.as_str().is_none_or(|s| is_match(s.as_bytes()))
}

/// `format: uri`, as jsonschema decides it (RFC 3986, through the same `fluent-uri` parser).
#[inline]
pub fn format_uri(v: V<'_>, _: &mut Cx) -> bool {
    v.as_str().is_none_or(|s| fluent_uri::Uri::parse(s).is_ok())
}

/// `format: uuid`: the hyphenated form, 8-4-4-4-12 hexadecimal digits.
#[inline]
pub fn format_uuid(v: V<'_>, _: &mut Cx) -> bool {
    v.as_str().is_none_or(crate::model::scalars::is_guid)
}

/// A format the compiled checker does not restate: its strings make the verdict inexact.
#[inline]
pub fn format_unchecked(v: V<'_>, cx: &mut Cx) -> bool {
    if v.as_str().is_some() {
        cx.inexact = true;
    }
    true
}

/// A value any schema accepts: only a repeated member name inside it matters (the full check
/// reports it), which makes the verdict inexact.
pub fn free(v: V<'_>, cx: &mut Cx) -> bool {
    match v.node() {
        Node::Object { .. } => {
            let mark = cx.keys_mark();
            for (name, value) in v.members() {
                cx.key(name);
                free(value, cx);
            }
            cx.keys_check(mark);
        }
        Node::Array { .. } => {
            for value in v.elements() {
                free(value, cx);
            }
        }
        _ => {}
    }
    true
}

#[cfg(test)]
mod tests {
    use super::repeats;

    #[test]
    fn repeats_finds_equal_hashes_whether_or_not_the_filter_is_shared() {
        assert!(!repeats(&mut [1, 2, 3]));
        assert!(repeats(&mut [5, 1, 5]));
        // 200 distinct hashes in 1,024 filter bits: some share a bit, so the sort decides.
        let many: Vec<u64> = (0..200u64)
            .map(|i| i.wrapping_mul(0x1234_5678_9abc_def1))
            .collect();
        assert!(!repeats(&mut many.clone()));
        let mut twin = many.clone();
        twin.push(many[17]);
        assert!(repeats(&mut twin));
    }
}
