//! The instance a jsonschema error carries, built only if it is read.
//!
//! jsonschema gives every error its instance through [`Node::lazy_value`], by default a
//! `serde_json::Value` built as the error is. An error at a large container (a member missing
//! from an operation of 200,000 file entries, a `response` that is an object) copied the
//! whole container into a tree of maps: about 30 bytes of memory per byte of input, once per
//! such error, though the findings never read it (they take what was found from the tape).
//! Those copies were most of the memory and time of checking a large invalid value.
//!
//! While a [`Source`] is entered (the full check of one value, [`crate::check::value`]), a
//! large container's instance is deferred instead: its place on the tape is noted, and only a
//! read (jsonschema's own message, the fallback wording of a keyword no rule covers) rebuilds
//! it, by parsing the value's bytes again to the same tape. Small values, and every value when
//! no source is entered, are built at once as before.
//!
//! [`Node::lazy_value`]: jsonschema::json::Node::lazy_value

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::OnceLock;

use jsonschema_value::LazyInstance;
use serde_json::Value;
use simd_json::value::tape::Node as TapeNode;

use super::{TapeValue, last_wins, width};

/// Containers of at least this many nodes get a deferred instance (an operation of a few file
/// entries has a few hundred: the usual invalid value is built at once, as it always was).
pub const LARGE: usize = 4096;

thread_local! {
    /// The value whose full check runs on this thread, if it is large.
    static SOURCE: RefCell<Option<Source>> = const { RefCell::new(None) };
}

/// The value under check: where its tape lies, and the bytes it was parsed from.
struct Source {
    /// Address of the root's first node and one past its last.
    start: usize,
    end: usize,
    /// The bytes the tape was parsed from.
    bytes: Vec<u8>,
    /// What the check did to the parsed tape before validating it (`last_wins`, say).
    redo: Redo,
    /// Containers smaller than this are built at once.
    large: usize,
}

/// While held, large containers of one tape get deferred instances; dropping it ends that.
#[must_use = "the source is entered only while the guard is held"]
pub struct Entered(());

impl Drop for Entered {
    fn drop(&mut self) {
        SOURCE.with(|s| *s.borrow_mut() = None);
    }
}

/// What a check did to the tape simd-json parsed from a value's bytes before validating it:
/// done again to the tape a deferred instance is rebuilt from, so that its nodes are the same.
pub type Redo = fn(&mut Vec<TapeNode<'_>>);

/// The tape as parsed.
pub fn as_parsed(_: &mut Vec<TapeNode<'_>>) {}

/// The tape with every repeated member name but the last dropped ([`last_wins`]).
pub fn last_wins_kept(nodes: &mut Vec<TapeNode<'_>>) {
    *nodes = last_wins(nodes);
}

/// Where a value's tape came from: its bytes, and what was done to their parse.
#[derive(Clone, Copy)]
pub struct Origin<'b> {
    pub bytes: &'b [u8],
    pub redo: Redo,
}

impl Origin<'_> {
    /// Enters `root`, the tape of this origin (see [`enter`]).
    pub fn enter(self, root: TapeValue<'_>) -> Option<Entered> {
        enter(root, self.bytes, self.redo)
    }
}

/// Enters `root` (the tape parsed from `bytes`, then `redo`ne) for the errors of its check,
/// when it is large; `None` (nothing deferred) when it is small or another value is entered
/// already.
pub fn enter(root: TapeValue<'_>, bytes: &[u8], redo: Redo) -> Option<Entered> {
    enter_with(root, bytes, redo, LARGE)
}

/// [`enter`] with the size from which containers are deferred (tests defer every container).
pub fn enter_with(root: TapeValue<'_>, bytes: &[u8], redo: Redo, large: usize) -> Option<Entered> {
    let nodes = root.nodes();
    if nodes.len() < large || nodes.len() > u32::MAX as usize {
        return None;
    }
    SOURCE.with(|s| {
        let mut s = s.borrow_mut();
        if s.is_some() {
            return None;
        }
        let start = nodes.as_ptr() as usize;
        *s = Some(Source {
            start,
            end: start + std::mem::size_of_val(nodes),
            bytes: bytes.to_vec(),
            redo,
            large,
        });
        Some(Entered(()))
    })
}

/// The instance of an error at `v`: deferred if `v` is a large container of the entered tape,
/// built now otherwise.
pub fn lazy(v: TapeValue<'_>) -> LazyInstance<'_> {
    let nodes = v.nodes();
    let at = SOURCE.with(|s| {
        let s = s.borrow();
        let s = s.as_ref()?;
        if nodes.len() < s.large {
            return None;
        }
        // Only the address is compared: a node of another tape (a temporary string node, say)
        // lies outside the range and is built at once.
        let addr = nodes.as_ptr() as usize;
        let size = std::mem::size_of::<TapeNode<'_>>();
        if addr < s.start || addr >= s.end || !(addr - s.start).is_multiple_of(size) {
            return None;
        }
        u32::try_from((addr - s.start) / size).ok()
    });
    match at {
        Some(tag) => LazyInstance::Deferred {
            bytes: &[],
            tag,
            make: rebuild,
            cell: OnceLock::new(),
        },
        None => LazyInstance::Ready(Cow::Owned(v.to_serde())),
    }
}

/// The value at node `at` of the entered tape, parsed again from its bytes. jsonschema reads an
/// instance only while its errors are being turned into findings, inside the guard; should one
/// be read outside it, `null` stands in (and debug builds stop).
fn rebuild(_: &[u8], at: u32) -> Value {
    let value = SOURCE.with(|s| s.borrow().as_ref().and_then(|s| s.value_at(at as usize)));
    debug_assert!(
        value.is_some(),
        "a deferred instance read outside its check"
    );
    value.unwrap_or(Value::Null)
}

impl Source {
    fn value_at(&self, at: usize) -> Option<Value> {
        let mut copy = self.bytes.clone();
        let mut nodes = simd_json::to_tape(&mut copy).ok()?.0;
        (self.redo)(&mut nodes);
        let node = nodes.get(at)?;
        let value = nodes.get(at..at + width(node))?;
        Some(TapeValue(value).to_serde())
    }
}

#[cfg(test)]
mod tests;
