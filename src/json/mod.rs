//! Stage 2, JSON: bytes to documents and values. The framer cuts a stream into documents,
//! envelope members and operations; each value is parsed once into a simd-json tape; positions,
//! the locator and the scanner map JSON Pointers back to lines and columns.

pub(crate) mod aligned;
pub mod frame;
pub mod lex;
pub mod locate;
pub mod names;
pub mod position;
pub mod scan;
pub mod syntax;
pub mod tape;
pub mod wellformed;
