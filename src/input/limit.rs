//! The bound on what one input may make the validator hold: `--max-document-size`.
//!
//! Every reader keeps at most one value whole (an operation or envelope member in the framer, a
//! HAR response or `--schema` document in the scanner, one NDJSON line); a value larger than the
//! limit stops that input with an I/O error of kind `InvalidData`, reported like an input that
//! cannot be read (exit status 2), instead of growing memory until the allocator aborts.

use std::io;

/// The default limit: 256 MiB, far above any real fileops response (a few MB for thousands of
/// operations) and small enough that a gzip or HAR bomb fails fast.
pub const DEFAULT_MAX_DOCUMENT_SIZE: usize = 256 << 20;

/// The error for a value that grew past `limit` bytes.
#[must_use]
pub fn too_large(limit: usize) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!(
            "a single value (an operation, a member, a HAR response or a whole document) is \
             larger than {} bytes; raise --max-document-size to validate it",
            limit
        ),
    )
}

/// Whether `err` is the error [`too_large`] makes (a message can carry it across layers).
#[must_use]
pub fn is_too_large(err: &io::Error) -> bool {
    err.kind() == io::ErrorKind::InvalidData && err.to_string().contains("--max-document-size")
}
