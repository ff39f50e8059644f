//! The read buffers' storage (the framer's and the scanner's): a byte buffer whose first byte
//! lies on a 64-byte boundary.
//!
//! Why: the kernel copies a file's bytes into the buffer a read is given (`rep movsb` on
//! x86-64). That copy runs at about half speed when the destination and the file offset are not
//! aligned alike within 64 bytes: reading a folder of 5,000 captures into a buffer at offset 16
//! took 102 to 144 ms, at offset 0 or 64 about 62 ms (a C loop of open, read, close, same
//! files). `Vec<u8>` from the system allocator starts 16 bytes past a boundary, so every read of
//! every capture took the slow copy. With the buffer's start aligned, and the framer dropping
//! only whole 64-byte lines when it compacts (see `Framer::make_room`; the scanner does the same),
//! buffer index `i` always holds input offset `i` modulo 64, and every read is aligned alike with
//! its file offset.
//!
//! No `unsafe`: the vector is over-allocated by 63 bytes, and the content starts at the first
//! aligned byte (`<*const u8>::align_offset`). When growing moves the vector, the content moves
//! to the new aligned start.

use std::io::{self, Read};
use std::ops::{Deref, DerefMut};

/// The alignment of the first byte (a cache line, and what the kernel's copy wants).
pub(crate) const ALIGN: usize = 64;

/// A byte buffer of `len` bytes starting on an [`ALIGN`]-byte boundary.
#[derive(Debug, Default)]
pub(crate) struct AlignedBytes {
    /// `origin` bytes of slack, the content, then the rest of the slack (`ALIGN - 1` in all
    /// when not empty).
    bytes: Vec<u8>,
    origin: usize,
    len: usize,
}

impl AlignedBytes {
    /// The buffer over `bytes` (a spare whose content is a previous input's: the framer reads
    /// only what it has written), as long as `bytes` allows once aligned.
    pub(crate) fn from_vec(bytes: Vec<u8>) -> Self {
        let origin = bytes.as_ptr().align_offset(ALIGN);
        let len = bytes.len().saturating_sub(ALIGN - 1);
        if len == 0 || origin >= ALIGN {
            return AlignedBytes::default();
        }
        AlignedBytes { bytes, origin, len }
    }

    /// The whole vector, to keep as a spare.
    pub(crate) fn into_vec(self) -> Vec<u8> {
        self.bytes
    }

    /// Grows or shrinks the content to `len` bytes, keeping what both lengths hold; new bytes
    /// are zeros.
    pub(crate) fn resize(&mut self, len: usize) {
        let kept = self.len.min(len);
        let old_origin = self.origin;
        self.bytes.resize(len + ALIGN - 1, 0);
        let origin = self.bytes.as_ptr().align_offset(ALIGN);
        // `align_offset` on a byte pointer is always below the alignment; were it not, the
        // content would stay unaligned at its old place, which is slower but still correct.
        let origin = if origin < ALIGN { origin } else { old_origin };
        if origin != old_origin {
            self.bytes
                .copy_within(old_origin..old_origin + kept, origin);
        }
        // The new room may hold stale bytes (the content's old place, or bytes past a
        // shrink); growing is rare (the buffer doubles), so zeroing it again costs little.
        self.bytes[origin + kept..origin + len].fill(0);
        self.origin = origin;
        self.len = len;
    }
}

impl AlignedBytes {
    /// Reads from `reader` into the bytes from `at` to the end, retrying when interrupted: the
    /// one read of the framer and the scanner. Returns how many bytes came (0 at the end).
    ///
    /// # Errors
    /// The reader's, other than [`io::ErrorKind::Interrupted`].
    pub(crate) fn read_at(&mut self, at: usize, reader: &mut impl Read) -> io::Result<usize> {
        loop {
            match reader.read(&mut self[at..]) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                done => return done,
            }
        }
    }
}

impl Deref for AlignedBytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.bytes[self.origin..self.origin + self.len]
    }
}

impl DerefMut for AlignedBytes {
    fn deref_mut(&mut self) -> &mut [u8] {
        &mut self.bytes[self.origin..self.origin + self.len]
    }
}

/// What the read buffers' tests use to check that every read lands aligned.
#[cfg(test)]
pub(crate) mod probe {
    use std::io::{self, Read};

    /// A reader that hands out `text` in pieces of at most `piece` bytes and notes, for each read,
    /// whether the buffer it was given and its own offset are aligned alike within 64 bytes.
    pub(crate) struct AlignmentProbe<'a> {
        text: &'a [u8],
        offset: usize,
        piece: usize,
        /// The input offsets of the reads whose buffer was not aligned like them.
        pub misaligned: Vec<usize>,
        /// Reads that handed out bytes.
        pub reads: usize,
    }

    impl Read for AlignmentProbe<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = buf.len().min(self.piece).min(self.text.len() - self.offset);
            if n > 0 {
                self.reads += 1;
                if !(buf.as_ptr() as usize)
                    .wrapping_sub(self.offset)
                    .is_multiple_of(64)
                {
                    self.misaligned.push(self.offset);
                }
            }
            buf[..n].copy_from_slice(&self.text[self.offset..self.offset + n]);
            self.offset += n;
            Ok(n)
        }
    }

    impl<'a> AlignmentProbe<'a> {
        /// A probe over `text`, handing out at most `piece` bytes a read.
        pub(crate) fn new(text: &'a [u8], piece: usize) -> Self {
            AlignmentProbe {
                text,
                offset: 0,
                piece,
                misaligned: Vec::new(),
                reads: 0,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_aligned(b: &AlignedBytes) -> bool {
        b.is_empty() || (b.as_ptr() as usize).is_multiple_of(ALIGN)
    }

    #[test]
    fn the_content_starts_aligned_and_survives_growing_and_shrinking() {
        let mut b = AlignedBytes::default();
        assert!(b.is_empty());
        b.resize(100);
        assert!(is_aligned(&b));
        assert_eq!(&b[..], &[0u8; 100][..]);
        for (i, x) in b.iter_mut().enumerate() {
            *x = i as u8;
        }
        // Growing far enough that the vector moves.
        for size in [1000, 100_000, 1 << 20] {
            b.resize(size);
            assert!(is_aligned(&b), "aligned at {size}");
            assert_eq!(b.len(), size);
            assert!((0..100).all(|i| b[i] == i as u8), "content kept at {size}");
            assert!(
                b[100..].iter().all(|&x| x == 0),
                "new bytes are zeros at {size}"
            );
        }
        b.resize(50);
        assert!((0..50).all(|i| b[i] == i as u8));
        b.resize(200);
        assert!((0..50).all(|i| b[i] == i as u8));
        assert!(
            b[50..].iter().all(|&x| x == 0),
            "grown again after a shrink"
        );
        // Through a spare and back.
        let again = AlignedBytes::from_vec(b.into_vec());
        assert!(is_aligned(&again));
        assert!(again.len() >= 50);
        assert!(AlignedBytes::from_vec(Vec::new()).is_empty());
        assert!(
            AlignedBytes::from_vec(vec![1; 10]).is_empty(),
            "too short to align"
        );
    }

    #[test]
    fn a_spare_of_any_length_is_aligned() {
        for len in (0..200).chain([4096, 65_536, 1 << 20]) {
            let b = AlignedBytes::from_vec(vec![7u8; len]);
            assert!(is_aligned(&b), "length {len}");
            assert_eq!(b.len(), len.saturating_sub(ALIGN - 1), "length {len}");
        }
    }
}
