//! What the tracker keeps of one live operation: its latest values, the documents they date
//! from (slots of the tracker's table), and the rarer texts a later message quotes.

use crate::check::sequence::facts::{Kind, OpId};

/// A document a live operation refers to: an index into the tracker's table of documents.
pub(super) type Slot = u32;

/// No document (the value was never seen).
pub(super) const NONE: Slot = Slot::MAX;

/// What is known of one live operation: 80 bytes (pinned by a test), no allocation for a GUID
/// id and an integer type, the texts it has to quote later aside.
///
/// The documents it refers to are [`Slot`]s of the tracker's table, not [`DocRef`]s (4 bytes
/// instead of 16, eight times per operation). A value's slot is [`NONE`] when it was never seen.
/// Rare values live in the optional [`Texts`] box.
#[derive(Debug)]
pub(super) struct Live {
    /// The id, exactly (the map is keyed by its hash; see [`Tracker::find`](super::Tracker::find)).
    pub(super) id: OpId,
    /// The texts a later message may quote, when it has any (most operations have none).
    pub(super) texts: Option<Box<Texts>>,
    /// The latest type (since `kind_at`, when that is not [`NONE`]) when it is an `i32`; any
    /// other type is `texts.kind`.
    pub(super) kind: i32,
    /// The latest progress (since `progress_at`, when that is not [`NONE`]).
    pub(super) progress: i64,
    /// The latest `processed` (since `processed_at`, when that is not [`NONE`]).
    pub(super) processed: i64,
    /// Its index in the document it was last listed in (the first listing, should it repeat).
    pub(super) listed: u32,
    pub(super) first: Slot,
    /// The document it was last listed in: the current one's slot while it is being read.
    pub(super) last: Slot,
    pub(super) kind_at: Slot,
    pub(super) progress_at: Slot,
    pub(super) processed_at: Slot,
    /// The document that first showed it finished.
    pub(super) finished: Slot,
}

/// The texts of one operation that later messages quote.
#[derive(Debug, Default)]
pub(super) struct Texts {
    /// The latest type, when it is not an `i32`.
    pub(super) kind: Option<Kind>,
    /// The latest error, and the document it is the same since: the vanished and final-changed
    /// messages quote it.
    pub(super) error: Option<(Box<str>, Slot)>,
    /// The latest url and the document it is the same since, kept only while the operation is finished (or for the
    /// timeline): only `sequence-final-changed` quotes it, and only about a finished operation;
    /// an operation that finishes again takes its url from the document it finishes in (the
    /// message names `max(since, finished)`, the same either way).
    pub(super) url: Option<(Box<str>, Slot)>,
}

impl Live {
    pub(super) fn new(id: OpId, first: Slot) -> Live {
        Live {
            id,
            texts: None,
            kind: 0,
            progress: 0,
            processed: 0,
            listed: 0,
            first,
            last: NONE,
            kind_at: NONE,
            progress_at: NONE,
            processed_at: NONE,
            finished: NONE,
        }
    }

    pub(super) fn error(&self) -> Option<&str> {
        self.texts.as_ref()?.error.as_ref().map(|(e, _)| &**e)
    }

    pub(super) fn error_at(&self) -> Slot {
        self.texts
            .as_ref()
            .and_then(|t| t.error.as_ref())
            .map_or(NONE, |e| e.1)
    }

    pub(super) fn url(&self) -> Option<&str> {
        self.texts.as_ref()?.url.as_ref().map(|(u, _)| &**u)
    }

    pub(super) fn url_at(&self) -> Slot {
        self.texts
            .as_ref()
            .and_then(|t| t.url.as_ref())
            .map_or(NONE, |u| u.1)
    }

    /// The latest type.
    pub(super) fn kind(&self) -> Option<Kind> {
        if self.kind_at == NONE {
            return None;
        }
        Some(match self.texts.as_ref().and_then(|t| t.kind.as_ref()) {
            Some(kind) => kind.clone(),
            None => Kind::Int(i64::from(self.kind)),
        })
    }

    /// Whether the latest type is `kind`.
    pub(super) fn kind_is(&self, kind: &Kind) -> bool {
        self.kind_at != NONE
            && match self.texts.as_ref().and_then(|t| t.kind.as_ref()) {
                Some(other) => other == kind,
                None => *kind == Kind::Int(i64::from(self.kind)),
            }
    }

    pub(super) fn set_kind(&mut self, kind: &Kind) {
        let small = match kind {
            Kind::Int(i) => i32::try_from(*i).ok(),
            Kind::Text(_) => None,
        };
        if let Some(i) = small {
            self.kind = i;
            if let Some(t) = &mut self.texts {
                t.kind = None;
            }
        } else {
            self.texts().kind = Some(kind.clone());
        }
    }

    pub(super) fn texts(&mut self) -> &mut Texts {
        self.texts.get_or_insert_with(Box::default)
    }

    /// Calls `f` on each document it refers to.
    pub(super) fn for_each_slot(&mut self, mut f: impl FnMut(&mut Slot)) {
        for slot in [
            &mut self.first,
            &mut self.last,
            &mut self.kind_at,
            &mut self.progress_at,
            &mut self.processed_at,
            &mut self.finished,
        ] {
            f(slot);
        }
        if let Some(texts) = &mut self.texts {
            for (_, slot) in [&mut texts.error, &mut texts.url].into_iter().flatten() {
                f(slot);
            }
        }
    }
}
