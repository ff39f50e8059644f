#![doc = include_str!("../README.md")]

#[cfg(feature = "arbitrary-payloads")]
pub mod arb;
pub mod check;
#[cfg(feature = "cli")]
pub mod cli;
pub mod counters;
pub mod diff;
mod error;
pub mod r#gen;
pub mod input;
pub mod json;
pub mod model;
pub mod report;

pub use check::validate::{Layers, Options, Validator};
pub use check::value::{Checked, Role, Scratch};
pub use error::Error;
pub use model::Profile;
pub use report::{Layer, Report, Severity, Summary, Violation};
