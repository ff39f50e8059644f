//! Gzip told by its first two bytes, whatever the input's name.
//!
//! [`Sniffed`] decides on the input's first read, made into the caller's own buffer: a plain
//! input (nearly every capture) costs no read of its own and no copy. Reading the two magic
//! bytes ahead, as [`ungzip`] does, cost every input one more system call: 5,000 two-byte reads
//! on a folder of 5,000 captures. [`ungzip`] stays for the inputs that must be gzip (a `.gz`
//! name), where the answer is needed before the first read, to refuse them at once.

use std::io::{self, BufReader, Cursor, Read};

/// The first two bytes of every gzip member.
pub const GZIP_MAGIC: [u8; 2] = [0x1F, 0x8B];

/// Any reader, boxed as the pipeline takes it.
type Boxed = Box<dyn Read + Send>;

/// `reader`, decompressed when it starts with the gzip magic bytes, decided on the first read
/// (see the module's comment). It yields exactly what [`ungzip`] yields, however the bytes arrive.
pub struct Sniffed {
    state: State,
}

enum State {
    /// Nothing decided yet. `head` holds what was read before the answer was known: nothing, or
    /// a lone `0x1F` (a pipe may hand over one byte at a time).
    Undecided { inner: Boxed, head: Vec<u8> },
    /// Decided: the bytes as they are, or decompressed.
    Decided(Boxed),
}

impl Sniffed {
    #[must_use]
    pub fn new(inner: Boxed) -> Self {
        Sniffed {
            state: State::Undecided {
                inner,
                head: Vec::new(),
            },
        }
    }

    /// Settles the state: what `head` and the rest of `inner` are, as one reader.
    fn decide(&mut self, gzip: bool) {
        let taken = std::mem::replace(&mut self.state, State::Decided(Box::new(io::empty())));
        let State::Undecided { inner, head } = taken else {
            unreachable!("decided twice");
        };
        let whole: Boxed = if head.is_empty() {
            inner
        } else {
            Box::new(Cursor::new(head).chain(inner))
        };
        self.state = State::Decided(if gzip {
            Box::new(flate2::read::MultiGzDecoder::new(BufReader::new(whole)))
        } else {
            whole
        });
    }
}

impl Read for Sniffed {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            let State::Undecided { inner, head } = &mut self.state else {
                let State::Decided(reader) = &mut self.state else {
                    unreachable!()
                };
                return reader.read(buf);
            };
            if buf.is_empty() {
                return Ok(0);
            }
            if head.is_empty() {
                // The first read, into the caller's buffer; an error leaves nothing read.
                let n = inner.read(buf)?;
                if n == 0 || buf[0] != GZIP_MAGIC[0] || (n >= 2 && buf[1] != GZIP_MAGIC[1]) {
                    self.decide(false);
                    return Ok(n);
                }
                head.extend_from_slice(&buf[..n]);
                if n >= 2 {
                    // Gzip: what was read goes through the decoder, which fills `buf` below.
                    self.decide(true);
                }
                continue;
            }
            // A lone 0x1F so far: its second byte decides.
            let mut next = [0u8; 1];
            let n = inner.read(&mut next)?;
            head.extend_from_slice(&next[..n]);
            self.decide(n == 1 && next[0] == GZIP_MAGIC[1]);
        }
    }
}

/// `reader`, decompressed when it starts with the gzip magic bytes, and whether it did: the
/// first two bytes are read here, before anything else (see the module's comment).
///
/// # Errors
/// When the first bytes cannot be read.
pub fn ungzip(mut reader: Boxed) -> io::Result<(Boxed, bool)> {
    // A pipe may hand over one byte at a time: read until two bytes or the end.
    let mut head = [0u8; 2];
    let mut got = 0;
    while got < head.len() {
        match reader.read(&mut head[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    let whole = Cursor::new(head[..got].to_vec()).chain(reader);
    if head[..got] == GZIP_MAGIC {
        Ok((
            Box::new(flate2::read::MultiGzDecoder::new(BufReader::new(whole))),
            true,
        ))
    } else {
        Ok((Box::new(whole), false))
    }
}

#[cfg(test)]
mod tests;
