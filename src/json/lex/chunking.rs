//! What the chunk-independence property compares (tests and the `lexer` fuzz target): a text
//! lexed value after value in one chunk, in any cutting, and byte at a time.

use super::{LexError, Lexed, Lexer, Mode, ws_len};

/// What lexing a whole text value after value gives: the observable the chunk-independence
/// property compares (see [`tokens`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// A value and its byte range.
    Value { start: usize, end: usize },
    /// A malformed value: where and why (lexing goes on one byte later).
    Error { at: usize, error: LexError },
    /// The input ended inside the value starting at `start`.
    Truncated {
        start: usize,
        mode: Mode,
        depth: usize,
    },
}

/// The lexer's state at the end of a chunk: the start of the value in progress, if any, and the
/// lexer itself.
pub type Snapshot = (Option<usize>, Lexer);

/// Lexes `chunks` (one text cut into pieces) value after value, skipping whitespace between
/// values: the tokens found, and the state at the end of each chunk. Any cutting of a text must
/// give the same tokens, and the same state after each cut as one chunk holding the text up to
/// that cut.
#[must_use]
pub fn tokens(chunks: &[&[u8]], line_bound: bool) -> (Vec<Token>, Vec<Snapshot>) {
    tokens_with(chunks, Lexer::new(line_bound).with_max_depth(16))
}

/// [`tokens`] with the given lexer.
fn tokens_with(chunks: &[&[u8]], mut lexer: Lexer) -> (Vec<Token>, Vec<Snapshot>) {
    let mut out = Vec::new();
    let mut snapshots = Vec::with_capacity(chunks.len());
    let mut offset = 0;
    let mut start: Option<usize> = None;
    for chunk in chunks {
        let mut i = 0;
        while i < chunk.len() {
            if start.is_none() {
                i += ws_len(&chunk[i..], false);
                if i == chunk.len() {
                    break;
                }
                start = Some(offset + i);
                lexer.reset();
            }
            match lexer.feed(&chunk[i..]) {
                Lexed::Done(n) => {
                    i += n;
                    out.push(Token::Value {
                        start: start.take().unwrap_or_default(),
                        end: offset + i,
                    });
                }
                Lexed::NeedMore => i = chunk.len(),
                Lexed::Error(n, error) => {
                    assert!(i + n < chunk.len(), "an error is at a byte fed");
                    out.push(Token::Error {
                        at: offset + i + n,
                        error,
                    });
                    i += n + 1;
                    start = None;
                }
            }
        }
        offset += chunk.len();
        snapshots.push((start, lexer.clone()));
    }
    if let Some(start) = start {
        out.push(if lexer.in_scalar() {
            Token::Value { start, end: offset }
        } else {
            Token::Truncated {
                start,
                mode: lexer.mode(),
                depth: lexer.depth(),
            }
        });
    }
    (out, snapshots)
}

/// Panics unless cutting `text` at `cuts` (ascending offsets) gives the same tokens as one
/// chunk, and at each cut the same state as one chunk holding the text up to it; and unless
/// one chunk gives the same tokens and end state with the block lexer as byte at a time.
pub fn assert_chunk_independent(text: &[u8], cuts: &[usize], line_bound: bool) {
    let (whole, end) = tokens(&[text], line_bound);
    let bytewise = Lexer::new(line_bound).with_max_depth(16).bytewise();
    let (reference, reference_end) = tokens_with(&[text], bytewise);
    assert_eq!(
        whole, reference,
        "the block lexer and the bytewise lexer differ"
    );
    let state = |s: &[Snapshot]| s.last().map(|(start, l)| (*start, l.mode, l.stack.clone()));
    assert_eq!(
        state(&end),
        state(&reference_end),
        "the block lexer ends in another state than the bytewise lexer"
    );
    let mut chunks = Vec::new();
    let mut from = 0;
    for &cut in cuts {
        let cut = cut.clamp(from, text.len());
        chunks.push(&text[from..cut]);
        from = cut;
    }
    chunks.push(&text[from..]);
    let (pieces, snapshots) = tokens(&chunks, line_bound);
    assert_eq!(whole, pieces, "tokens differ when cut at {cuts:?}");
    let mut end = 0;
    for (chunk, snapshot) in chunks.iter().zip(&snapshots) {
        end += chunk.len();
        let (_, prefix) = tokens(&[&text[..end]], line_bound);
        assert_eq!(
            prefix.last(),
            Some(snapshot),
            "the state after {end} bytes depends on the cuts {cuts:?}"
        );
    }
}

/// The `lexer` fuzz target: the first byte chooses the line-bound mode and a chunk-size pattern
/// (the next bytes, up to 8, each a chunk size 1..=256), the rest is the text. Never panics
/// unless the lexer depends on the cutting.
pub fn fuzz_chunking(data: &[u8]) {
    let Some((&head, rest)) = data.split_first() else {
        return;
    };
    let sizes = usize::from(head & 7) + 1;
    let line_bound = head & 8 != 0;
    let (pattern, text) = rest.split_at(sizes.min(rest.len()));
    let mut cuts = Vec::new();
    let mut at = 0;
    let mut k = 0;
    while !pattern.is_empty() && at < text.len() {
        at += usize::from(pattern[k % pattern.len()]) + 1;
        cuts.push(at.min(text.len()));
        k += 1;
    }
    assert_chunk_independent(text, &cuts, line_bound);
}
