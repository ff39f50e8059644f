#![doc = include_str!("../README.md")]

#[cfg(feature = "arbitrary-payloads")]
pub mod arb;
pub mod baseline;
pub mod check;
pub mod cli;
pub mod custom;
pub mod diff;
pub mod frame;
pub mod r#gen;
pub mod har;
pub mod input;
pub mod inputs;
pub mod locate;
pub mod model;
pub mod position;
pub mod progress;
pub mod record;
pub mod render;
pub mod report;
pub mod rules;
pub mod run;
pub mod scan;
pub mod schema;
pub mod sequence;
pub mod shard;
pub mod snippet;
pub mod syntax;
pub mod tape;
pub mod types;
pub mod validate;

pub use check::{Checked, Role, Scratch};
pub use model::Profile;
pub use report::{Layer, Report, Severity, Summary, Violation};
pub use validate::{Layers, Options, Validator};
