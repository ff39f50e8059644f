//! Stage 1, input: where the bytes come from. Command-line names become sources (files, folders,
//! standard input, gzip, HAR bodies) read with a bounded size.

pub mod gzip;
pub mod har;
pub mod limit;
pub mod source;
