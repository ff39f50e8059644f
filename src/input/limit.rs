//! The bound on what one input may make the validator hold (the command line's
//! `--max-document-size`).
//!
//! Every reader keeps at most one value whole (an operation or envelope member in the framer, a
//! HAR response or `--schema` document in the scanner, one NDJSON line); a value larger than the
//! limit stops that input with an I/O error of kind `InvalidData` carrying [`TooLarge`], reported
//! like an input that cannot be read (exit status 2), instead of growing memory until the
//! allocator aborts.

use std::fmt;
use std::io;

/// The default limit: 256 MiB, far above any real fileops response (a few MB for thousands of
/// operations) and small enough that a gzip or HAR bomb fails fast.
pub const DEFAULT_MAX_DOCUMENT_SIZE: usize = 256 << 20;

/// Why an input stopped: one of its values grew past the limit of `limit` bytes.
///
/// It travels inside the [`io::Error`] (of kind `InvalidData`) that the validation returns; a
/// caller finds it with `error.get_ref()` and a downcast, and says how to raise the limit in its
/// own terms (the command line names its flag):
///
/// ```
/// use fileops_validator::{Options, Recovery, TooLarge, Validator};
///
/// let validator = Validator::new(Options::default()).unwrap().with_max_document_size(4096);
/// let payload = format!(r#"[{{"id": "{}", "Operation": 1}}]"#, "x".repeat(1 << 20));
/// let error = validator
///     .validate_reader("big.json", payload.as_bytes(), Recovery::Stop)
///     .unwrap_err();
/// let too_large = error.get_ref().and_then(|e| e.downcast_ref::<TooLarge>());
/// assert_eq!(too_large, Some(&TooLarge { limit: 4096 }));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLarge {
    /// The limit in force, in bytes.
    pub limit: usize,
}

impl fmt::Display for TooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "a single value (an operation, a member, a HAR response or a whole document) is \
             larger than {} bytes",
            self.limit
        )
    }
}

impl std::error::Error for TooLarge {}

/// The error for a value that grew past `limit` bytes.
#[must_use]
pub fn too_large(limit: usize) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, TooLarge { limit })
}

/// The limit `err` says was exceeded, when it is the error [`too_large`] makes.
#[must_use]
pub fn exceeded(err: &io::Error) -> Option<TooLarge> {
    err.get_ref()?.downcast_ref::<TooLarge>().copied()
}

/// Whether `err` is the error [`too_large`] makes.
#[must_use]
pub fn is_too_large(err: &io::Error) -> bool {
    exceeded(err).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_error_carries_the_limit_and_names_no_flag() {
        let e = too_large(1024);
        assert_eq!(e.kind(), io::ErrorKind::InvalidData);
        assert_eq!(exceeded(&e), Some(TooLarge { limit: 1024 }));
        assert!(!e.to_string().contains("--"), "{e}");
        assert!(e.to_string().contains("larger than 1024 bytes"), "{e}");
        // An InvalidData error that merely says the same words is not it.
        let other = io::Error::new(io::ErrorKind::InvalidData, e.to_string());
        assert!(!is_too_large(&other));
    }
}
