//! The framer's buffer: reading into it, growing or compacting it, and positions in it.

use std::io::{self, Read};

use super::{FIRST_READ, Framer, INITIAL, LOOKBACK, MIN_READ};
use crate::json::aligned::ALIGN;
use crate::json::position::Position;

impl<R: Read> Framer<R> {
    /// Reads more input. Returns false at the end of the input.
    pub(super) fn fill(&mut self) -> io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        if self.storage.len() - self.end < self.read_room() {
            self.make_room()?;
        }
        let n = self.storage.read_at(self.end, &mut self.reader)?;
        self.end += n;
        if n == 0 {
            self.eof = true;
        }
        // At the end of the input a step may still have something to finish (a scalar that runs
        // to the end, the BOM check), so report progress either way.
        Ok(true)
    }

    /// The free space the next read should have: a quarter of the buffer, at least
    /// [`FIRST_READ`], at most [`MIN_READ`].
    fn read_room(&self) -> usize {
        (self.storage.len() / 4).clamp(FIRST_READ, MIN_READ)
    }

    /// Frees at least [`Framer::read_room`] bytes after the input held: drops the consumed
    /// prefix when what must stay is small next to the buffer, grows the buffer otherwise.
    fn make_room(&mut self) -> io::Result<()> {
        let room = self.read_room();
        let mut keep = self.pos;
        if self.scan.start != usize::MAX {
            keep = keep.min(self.scan.start);
        }
        if let Some((start, _, _)) = self.name {
            keep = keep.min(start - 1);
        }
        // Whole 64-byte lines only, so that index `i` keeps holding an input offset of `i`
        // modulo 64 and reads stay aligned with the file (see `aligned`).
        let keep = keep.saturating_sub(LOOKBACK) / ALIGN * ALIGN;
        if keep > 0 && self.end - keep <= self.storage.len() / 4 {
            self.compact(keep);
        }
        if self.storage.len() - self.end < room {
            // What must stay is one value being scanned (plus the look-back): past the limit,
            // stop before the buffer doubles again.
            if self.end - keep > self.limit.saturating_add(LOOKBACK) {
                return Err(crate::input::limit::too_large(self.limit));
            }
            // Doubling keeps moves amortised; the cap keeps the buffer near the limit.
            let cap = self.limit.saturating_add(LOOKBACK + 2 * MIN_READ);
            let size = (self.storage.len() * 2)
                .max(INITIAL)
                .min(cap)
                .max(self.end + room);
            self.storage.resize(size);
        }
        Ok(())
    }

    /// Drops the first `keep` bytes of the buffer.
    fn compact(&mut self, keep: usize) {
        self.position_of(keep);
        self.storage.copy_within(keep..self.end, 0);
        self.end -= keep;
        self.cursor -= keep;
        self.pos -= keep;
        if self.scan.start != usize::MAX {
            self.scan.start -= keep;
            self.scan.pos -= keep;
        }
        if let Some((start, end, at)) = self.name {
            self.name = Some((start - keep, end - keep, at));
        }
    }

    /// The position of buffer index `i`; calls must come in input order.
    pub(super) fn position_of(&mut self, i: usize) -> Position {
        if i > self.cursor {
            self.cursor_pos = self.cursor_pos.advanced_by(&self.storage[self.cursor..i]);
            self.cursor = i;
        }
        self.cursor_pos
    }
}
