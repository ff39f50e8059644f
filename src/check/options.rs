//! What to check: which layers run, the profile, `--strict`, `--server-version`.

use crate::model::Profile;
use crate::report::Layer;

/// Which checks run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layers {
    /// The bundled JSON Schema.
    pub schema: bool,
    /// The Rust types, and the rules that build on them.
    pub types: bool,
}

impl Layers {
    /// The JSON Schema alone.
    pub const SCHEMA: Layers = Layers {
        schema: true,
        types: false,
    };
    /// The Rust types (and their rules) alone.
    pub const TYPES: Layers = Layers {
        schema: false,
        types: true,
    };

    /// The layers these options run, as a violation found by all of them names them.
    #[must_use]
    pub fn checking(self) -> Vec<Layer> {
        let mut layers = Vec::new();
        if self.schema {
            layers.push(Layer::Schema);
        }
        if self.types {
            layers.push(Layer::Types);
        }
        layers
    }

    /// Both layers.
    pub const ALL: Layers = Layers {
        schema: true,
        types: true,
    };
}

/// How to validate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Which checks run.
    pub layers: Layers,
    /// Which forms of values are allowed: what servers send, what the docs describe, or both.
    pub profile: Profile,
    /// Members the schema does not define are errors.
    pub strict: bool,
    /// `--server-version`: the releases the capture must come from (what they do not send is
    /// an error). `None`: the report says which releases are consistent with the capture.
    pub server_version: Option<crate::model::releases::Releases>,
}

impl Options {
    /// What the release walk enforces under these options (`--server-version`, `--strict`).
    #[must_use]
    pub fn release_target(&self) -> crate::check::rules::release::Target {
        crate::check::rules::release::Target {
            releases: self.server_version,
            strict: self.strict,
        }
    }
}

impl Default for Options {
    fn default() -> Self {
        Options {
            layers: Layers::ALL,
            profile: Profile::Any,
            strict: false,
            server_version: None,
        }
    }
}
