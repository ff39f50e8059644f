//! The library's error type.

use std::fmt;

/// Why the library could not set up or finish a validation.
///
/// Problems *in* a payload are never errors: they are [`crate::Violation`]s in a
/// [`crate::Report`]. An unreadable input is an [`std::io::Error`] from the call that reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The bundled JSON Schema did not compile: a broken build, never the caller's fault.
    BundledSchema(String),
    /// A caller's JSON Schema (in a file, or in memory) could not be read or is not a valid
    /// JSON Schema.
    CustomSchema {
        /// The schema's file name, or the name the caller gave it.
        name: String,
        /// What is wrong with it: a sentence such as `not a valid JSON Schema: ...`.
        reason: String,
    },
    /// A baseline file could not be read, or is not a fileops-validator baseline.
    ReadBaseline {
        /// The baseline's path, as given.
        path: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A baseline file could not be written (the old one, if any, is left as it was).
    WriteBaseline {
        /// The baseline's path, as given.
        path: String,
        /// Why it could not be written.
        reason: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::BundledSchema(reason) => {
                write!(f, "the bundled schema does not compile: {reason}")
            }
            Error::CustomSchema { name, reason } => write!(f, "schema {name}: {reason}"),
            Error::ReadBaseline { path, reason } | Error::WriteBaseline { path, reason } => {
                write!(f, "baseline {path}: {reason}")
            }
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_file_and_no_command_line_flag() {
        let e = Error::CustomSchema {
            name: "s.json".into(),
            reason: "not a valid JSON Schema: x".into(),
        };
        assert_eq!(e.to_string(), "schema s.json: not a valid JSON Schema: x");
        let e = Error::ReadBaseline {
            path: "b.json".into(),
            reason: "not a fileops-validator baseline: x".into(),
        };
        assert_eq!(
            e.to_string(),
            "baseline b.json: not a fileops-validator baseline: x"
        );
    }
}
