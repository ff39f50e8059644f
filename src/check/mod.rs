//! Stage 3, check: one framed value through the layers (schema, types, rules), documents in
//! order through the sequence rules, or whole documents through a `--schema`.

pub mod custom;
pub mod rules;
pub mod schema;
pub mod sequence;
pub mod types;
pub mod validate;
pub mod value;
