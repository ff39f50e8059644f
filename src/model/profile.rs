//! Which shape of the payload is acceptable: what servers send, what the docs describe, or both.

use std::cell::Cell;

/// The shape a payload must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Profile {
    /// What the docs allow and what servers send (the default).
    #[default]
    Any,
    /// Only what servers send: the envelope, integer enums, date strings.
    Wire,
    /// Only the documented shape: date objects.
    Docs,
}

impl Profile {
    /// The profile's name on the command line (`any`, `wire`, `docs`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Profile::Any => "any",
            Profile::Wire => "wire",
            Profile::Docs => "docs",
        }
    }
}

thread_local! {
    static CURRENT: Cell<Profile> = const { Cell::new(Profile::Any) };
}

/// The profile the types layer checks against on this thread.
///
/// serde has no way to hand context to a `Deserialize` impl short of seeding every level by
/// hand, so the profile travels in a thread-local set around each typed parse.
#[must_use]
pub fn current() -> Profile {
    CURRENT.with(Cell::get)
}

/// Runs `f` with `profile` in force for the types layer on this thread.
pub fn with<T>(profile: Profile, f: impl FnOnce() -> T) -> T {
    let previous = CURRENT.with(|c| c.replace(profile));
    let out = f();
    CURRENT.with(|c| c.set(previous));
    out
}
