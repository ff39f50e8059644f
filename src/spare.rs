//! Byte buffers kept per thread between inputs, so that each capture of a folder does not
//! allocate, zero and grow its framing buffer and its batch anew.
//!
//! On a folder of 500 captures of about 25 KB, growing those two buffers (reallocations that
//! copy, and zeroing the framer's new room) was about 9% of the instructions of the run. A
//! thread validates one input at a time, so one spare of each kind per thread is enough.

use std::cell::RefCell;

/// A buffer with more capacity than this is dropped, not kept: what a thread holds between
/// inputs stays small whatever one input needed.
const KEEP_AT_MOST: usize = 2 << 20;

/// What a spare buffer is for.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Spare {
    /// The framer's read buffer ([`crate::json::frame::Framer`]): kept at its length, so that
    /// its bytes are not zeroed again (the framer only reads what it has written).
    FramerStorage = 0,
    /// A batch's owned bytes: kept empty, with its capacity.
    BatchBytes = 1,
}

thread_local! {
    static SPARES: RefCell<[Vec<u8>; 2]> = const { RefCell::new([Vec::new(), Vec::new()]) };
}

/// The thread's spare buffer of this kind (its contents are a previous input's), or an empty
/// one.
pub(crate) fn take(kind: Spare) -> Vec<u8> {
    SPARES
        .try_with(|spares| {
            spares
                .try_borrow_mut()
                .map(|mut s| std::mem::take(&mut s[kind as usize]))
                .unwrap_or_default()
        })
        .unwrap_or_default()
}

/// Keeps `buffer` as the thread's spare of this kind, unless it is too large or the thread
/// already keeps a larger one.
pub(crate) fn give_back(kind: Spare, buffer: Vec<u8>) {
    if buffer.capacity() == 0 || buffer.capacity() > KEEP_AT_MOST {
        return;
    }
    // During thread teardown the spares may be gone: then the buffer is simply dropped.
    let _ = SPARES.try_with(|spares| {
        if let Ok(mut s) = spares.try_borrow_mut() {
            let slot = &mut s[kind as usize];
            if slot.capacity() < buffer.capacity() {
                *slot = buffer;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_buffer_given_back_is_taken_again_and_large_ones_are_dropped() {
        let mut b = take(Spare::BatchBytes);
        b.reserve(1000);
        let capacity = b.capacity();
        give_back(Spare::BatchBytes, b);
        assert_eq!(take(Spare::BatchBytes).capacity(), capacity);
        assert_eq!(take(Spare::BatchBytes).capacity(), 0, "taken once");
        give_back(Spare::FramerStorage, Vec::with_capacity(KEEP_AT_MOST + 1));
        assert_eq!(
            take(Spare::FramerStorage).capacity(),
            0,
            "too large to keep"
        );
    }
}
