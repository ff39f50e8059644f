//! Batches: framed events with their bytes owned, collected until a batch is worth checking on
//! the thread pool.

use std::io::Read;
use std::ops::Range;

use crate::check::value::Role;
use crate::counters::Counters;
use crate::json::frame::{DocumentKind, Event, Framer};
use crate::json::position::Position;
use crate::report::snippet::Snippet;

/// Bytes of operations (and other values) a batch collects before it is checked: enough for
/// every worker to get many operations, small enough that memory stays flat.
const BATCH_BYTES: usize = 1 << 20;

/// Most items in a batch (small operations, or many tiny documents).
const BATCH_ITEMS: usize = 8192;

/// Fewest bytes a batch holds for its items to be checked on the rayon pool: below that (one
/// small document, a HAR body, a poll) handing the items to other threads and waiting for
/// them costs more than checking them here. The report is the same either way.
pub(super) const PARALLEL_BYTES: usize = 64 * 1024;

/// Framed events with owned bytes, checked together. Its byte buffer comes from, and goes back
/// to, the thread's spare (see [`crate::spare`]).
pub(super) struct Batch {
    pub(super) items: Vec<Item>,
    /// The bytes of every value in `items`, each followed by simd-json's padding
    /// ([`simd_json::INPUT_PADDING`] zeros), so that a value can be parsed where it lies
    /// instead of being copied once more into a padded buffer.
    pub(super) bytes: Vec<u8>,
}

/// A framing event whose bytes live in the batch (`range`, the padding after it left out).
pub(super) enum Item {
    ByteOrderMark,
    DocumentStart {
        document: usize,
        kind: DocumentKind,
        at: Position,
    },
    Member {
        document: usize,
        name: String,
        name_at: Position,
        range: Range<usize>,
        at: Position,
    },
    ResponseStart {
        document: usize,
        name_at: Position,
    },
    Operation {
        document: usize,
        index: usize,
        range: Range<usize>,
        at: Position,
    },
    Value {
        document: usize,
        range: Range<usize>,
        at: Position,
    },
    Syntax {
        document: usize,
        message: String,
        at: Position,
        snippet: Snippet,
    },
    DocumentEnd {
        document: usize,
        operations: usize,
        complete: bool,
    },
}

impl Item {
    /// The bytes of the value this item carries (in the batch's bytes), and what the value is.
    pub(super) fn value(&self) -> Option<(&Range<usize>, Role<'_>)> {
        match self {
            Item::Operation { range, .. } => Some((range, Role::Operation)),
            Item::Member { range, name, .. } => Some((range, Role::Member(name))),
            Item::Value { range, .. } => Some((range, Role::Document)),
            Item::ByteOrderMark
            | Item::DocumentStart { .. }
            | Item::ResponseStart { .. }
            | Item::Syntax { .. }
            | Item::DocumentEnd { .. } => None,
        }
    }
}

/// One value of a batch, ready to check where it lies.
pub(super) struct Value<'b> {
    pub(super) role: Role<'b>,
    /// The value's bytes, then simd-json's padding.
    pub(super) padded: &'b mut [u8],
    /// How many of `padded`'s bytes are the value's.
    pub(super) len: usize,
}

impl Default for Batch {
    fn default() -> Self {
        Batch {
            items: Vec::new(),
            bytes: crate::spare::take(crate::spare::Spare::BatchBytes),
        }
    }
}

impl Drop for Batch {
    fn drop(&mut self) {
        let mut bytes = std::mem::take(&mut self.bytes);
        bytes.clear();
        crate::spare::give_back(crate::spare::Spare::BatchBytes, bytes);
    }
}

impl Batch {
    /// Frames events into the batch until it is full. Returns false at the end of the input.
    pub(super) fn fill<R: Read>(
        &mut self,
        framer: &mut Framer<R>,
        counters: &Counters,
    ) -> std::io::Result<bool> {
        let read_before = framer.bytes_read();
        let mut operations = 0;
        let more = loop {
            if self.bytes.len() >= BATCH_BYTES || self.items.len() >= BATCH_ITEMS {
                break true;
            }
            let Some(event) = framer.next_event()? else {
                break false;
            };
            let mut own = |bytes: &[u8]| {
                let start = self.bytes.len();
                self.bytes.extend_from_slice(bytes);
                let end = self.bytes.len();
                self.bytes.resize(end + simd_json::INPUT_PADDING, 0);
                start..end
            };
            let item = match event {
                Event::ByteOrderMark => Item::ByteOrderMark,
                Event::DocumentStart { document, kind, at } => {
                    Item::DocumentStart { document, kind, at }
                }
                Event::Member {
                    document,
                    name,
                    name_at,
                    bytes,
                    at,
                } => Item::Member {
                    document,
                    name: name.into_owned(),
                    name_at,
                    range: own(bytes),
                    at,
                },
                Event::ResponseStart {
                    document, name_at, ..
                } => Item::ResponseStart { document, name_at },
                Event::Operation {
                    document,
                    index,
                    bytes,
                    at,
                } => {
                    operations += 1;
                    Item::Operation {
                        document,
                        index,
                        range: own(bytes),
                        at,
                    }
                }
                Event::Value {
                    document,
                    bytes,
                    at,
                } => Item::Value {
                    document,
                    range: own(bytes),
                    at,
                },
                Event::Syntax {
                    document,
                    message,
                    at,
                    snippet,
                } => Item::Syntax {
                    document,
                    message,
                    at,
                    snippet,
                },
                Event::DocumentEnd {
                    document,
                    operations,
                    complete,
                } => Item::DocumentEnd {
                    document,
                    operations,
                    complete,
                },
            };
            self.items.push(item);
        };
        counters.add(framer.bytes_read() - read_before, operations);
        Ok(more)
    }

    /// Each item's value to check, if it has one: disjoint slices of the batch's bytes, so that
    /// the values can be parsed in place on several threads.
    pub(super) fn values_mut(&mut self) -> Vec<Option<Value<'_>>> {
        let mut rest: &mut [u8] = &mut self.bytes;
        let mut consumed = 0;
        let mut out = Vec::with_capacity(self.items.len());
        for item in &self.items {
            let Some((range, role)) = item.value() else {
                out.push(None);
                continue;
            };
            let (_, tail) = std::mem::take(&mut rest).split_at_mut(range.start - consumed);
            let (padded, tail) = tail.split_at_mut(range.len() + simd_json::INPUT_PADDING);
            consumed = range.end + simd_json::INPUT_PADDING;
            rest = tail;
            out.push(Some(Value {
                role,
                padded,
                len: range.len(),
            }));
        }
        out
    }

    pub(super) fn clear(&mut self) {
        self.items.clear();
        self.bytes.clear();
    }
}
