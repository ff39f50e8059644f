#![doc = include_str!("../README.md")]
#![warn(missing_docs)]
// `arb::internals` makes the internals reachable for this project's tests; they are not API, so
// the documentation lint looks at builds without it (`cargo build`, `cargo doc`).
#![cfg_attr(feature = "arbitrary-payloads", allow(missing_docs))]
// Much of the crate serves only the command line (`gen`, `diff`, `--schema`, `record`), and a
// few internals only this project's tests, benches and fuzz targets (through `arb::internals`):
// without the `cli` and `arbitrary-payloads` features they are unused, not dead. The lint that
// CI runs (`cargo clippy --all-targets`, which turns both on) still reports dead code.
#![cfg_attr(
    not(all(feature = "cli", feature = "arbitrary-payloads")),
    allow(dead_code, unused_imports)
)]

/// Generators and fuzz entry points for this project's own tests (feature
/// `arbitrary-payloads`): not part of the API.
#[cfg(feature = "arbitrary-payloads")]
#[doc(hidden)]
#[allow(missing_docs)]
pub mod arb;
pub(crate) mod check;
#[cfg(feature = "cli")]
#[doc(hidden)]
pub mod cli;
pub(crate) mod counters;
pub(crate) mod diff;
mod error;
pub(crate) mod r#gen;
pub(crate) mod hash;
pub(crate) mod input;
pub(crate) mod json;
pub(crate) mod model;
pub(crate) mod report;
pub(crate) mod spare;

pub use check::checker::Checker;
pub use check::custom::CustomSchema;
pub use check::sequence::SequenceOptions;
pub use check::validate::{Layers, Options, Validator};
pub use counters::Counters;
pub use error::Error;
pub use input::limit::TooLarge;
pub use input::source::{InputFormat, Source};
pub use json::frame::Recovery;
pub use json::position::Position;
pub use model::Profile;
pub use report::snippet::Snippet;
pub use report::{
    HiddenErrors, InputError, Layer, Report, Rule, Severity, Summary, Verdict, Violation,
};

/// Writing a [`Report`] in one of the command line's formats to any [`std::io::Write`].
pub mod render {
    pub use crate::report::render::{Format, Style, to_string, write};
}
