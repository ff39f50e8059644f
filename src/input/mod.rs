//! The input stage's shared pieces (the rest of it still lives in `inputs.rs`, `scan.rs`,
//! `har.rs` and `frame.rs` until the tree is regrouped).

pub mod limit;
