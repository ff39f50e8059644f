//! Stage 3, check: one framed value through the layers (schema, types, rules), documents in
//! order through the sequence rules, or whole documents through a `--schema`.
//!
//! Data flows one way: [`validate`] (the pipeline: framing, batches, document state, report)
//! drives [`value::ValueChecker`] (one value through the layers), which uses [`schema`],
//! [`types`] and [`rules`] (per-operation and document-level rules, the error envelope); all of
//! them produce [`crate::report::Finding`]s, which become violations in one place
//! ([`crate::report::Finding::into_violation`]).

pub mod checker;
pub mod compiled;
pub mod custom;
pub mod har;
pub mod options;
pub mod rules;
pub mod schema;
pub mod sequence;
pub mod types;
pub mod validate;
pub mod value;
