//! Validates captured responses of the ONLYOFFICE DocSpace endpoint `GET /api/2.0/files/fileops`.
#[cfg(feature = "arbitrary-payloads")]
pub mod arb;
pub mod cli;
pub mod frame;
pub mod inputs;
pub mod locate;
pub mod model;
pub mod position;
pub mod render;
pub mod report;
pub mod rules;
pub mod schema;
pub mod snippet;
pub mod tape;
pub mod types;
pub mod validate;

pub use model::Profile;
pub use report::{Layer, Report, Severity, Summary, Violation};
pub use validate::{Layers, Options, Validator};
