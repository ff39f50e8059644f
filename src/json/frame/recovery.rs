//! After a syntax error: where the framer carries on (or stops), and how the error keeps the
//! same snippet however the input was split into reads.

use std::io::{self, Read};

use super::{Framer, LOOKBACK, ObjectPhase, Pending, State, Step};

/// What to do after a syntax error that leaves the rest of a document unframeable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recovery {
    /// Stop framing the input (one JSON text per file: nothing after the error can be trusted).
    Stop,
    /// Skip to the next line and frame a new document there (NDJSON / JSON Lines).
    NextLine,
}

impl<R: Read> Framer<R> {
    /// Reports a syntax error at buffer index `at`, then recovers as configured.
    pub(super) fn syntax(&mut self, at: usize, message: String) -> Step {
        self.scan.start = usize::MAX;
        self.name = None;
        self.pos = at.min(self.end);
        self.state = match self.recovery {
            Recovery::Stop => State::Done,
            Recovery::NextLine => State::Skipping,
        };
        self.queued = Some(Pending::DocumentEnd { complete: false });
        Step::Emit(Pending::Syntax { at, message })
    }

    /// What the end of the input means in the current state, if anything needs saying.
    pub(super) fn end_of_input(&mut self) -> Option<Pending> {
        let at = self.end;
        let what = match self.state {
            State::BetweenDocuments | State::Skipping | State::Done => {
                self.state = State::Done;
                return None;
            }
            // A whole document cut inside its brackets (`--schema` frames every document whole).
            State::OtherValue if self.scan.lexer.depth() > 0 => "inside an object or array",
            State::OtherValue if self.scan.lexer.in_string() => "in the middle of a string",
            State::OtherValue | State::Object(ObjectPhase::Value) => "in the middle of a value",
            State::Object(ObjectPhase::Name) => "in the middle of a member name",
            State::Object(_) => "inside the envelope object (missing `}`)",
            State::List { .. } if self.scan.start != usize::MAX => "in the middle of an operation",
            State::List { .. } => "inside the operation list (missing `]`)",
        };
        let message = format!("unexpected end of input {what}: the JSON text is truncated");
        let Step::Emit(pending) = self.syntax(at, message) else {
            unreachable!("syntax() always emits")
        };
        self.state = State::Done;
        Some(pending)
    }

    /// Reads on until the line of the syntax error at `at` ends (or [`LOOKBACK`] bytes past
    /// it), so that its snippet does not depend on how the input was split into reads. Returns
    /// `at`, moved if the buffer was compacted meanwhile.
    pub(super) fn read_rest_of_line(&mut self, mut at: usize) -> io::Result<usize> {
        debug_assert_eq!(at, self.pos, "syntax() parks the scan at the error");
        while !self.eof
            && self.end - at < LOOKBACK
            && memchr::memchr(b'\n', &self.storage[at..self.end]).is_none()
        {
            let before = self.pos;
            self.fill()?;
            at -= before - self.pos;
        }
        Ok(at)
    }
}
