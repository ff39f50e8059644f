//! How much a validation has done so far, for a progress display: lock-free counters that every
//! worker adds to once per batch.

use std::sync::atomic::{AtomicU64, Ordering};

/// How much has been validated so far; shared by every worker.
#[derive(Debug, Default)]
pub struct Counters {
    bytes: AtomicU64,
    operations: AtomicU64,
}

impl Counters {
    /// Records `bytes` more input read and `operations` more operations framed.
    pub fn add(&self, bytes: u64, operations: u64) {
        self.bytes.fetch_add(bytes, Ordering::Relaxed);
        self.operations.fetch_add(operations, Ordering::Relaxed);
    }

    /// Bytes read so far (decompressed, for `.gz`).
    #[must_use]
    pub fn bytes(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }

    /// Operations framed so far.
    #[must_use]
    pub fn operations(&self) -> u64 {
        self.operations.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_add_up_across_threads() {
        let c = Counters::default();
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| c.add(10, 1));
            }
        });
        assert_eq!((c.bytes(), c.operations()), (40, 4));
    }
}
