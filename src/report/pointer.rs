//! JSON Pointers (RFC 6901), built one reference token at a time, as violations name places.

use std::borrow::Cow;
use std::fmt;

/// A JSON Pointer under construction, one reference token at a time.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pointer(String);

impl Pointer {
    /// The root pointer (the whole document).
    #[must_use]
    pub fn root() -> Self {
        Pointer(String::new())
    }

    /// Parses an RFC 6901 pointer string (taken as is).
    #[must_use]
    pub fn from_string(s: String) -> Self {
        Pointer(s)
    }

    /// This pointer with a member name appended (escaped per RFC 6901).
    #[must_use]
    pub fn key(&self, name: &str) -> Self {
        let mut s = String::with_capacity(self.0.len() + name.len() + 1);
        s.push_str(&self.0);
        s.push('/');
        for c in name.chars() {
            match c {
                '~' => s.push_str("~0"),
                '/' => s.push_str("~1"),
                c => s.push(c),
            }
        }
        Pointer(s)
    }

    /// This pointer with an array index appended.
    #[must_use]
    pub fn index(&self, i: usize) -> Self {
        Pointer(format!("{}/{i}", self.0))
    }

    /// This pointer followed by `suffix`, itself a pointer relative to this one.
    #[must_use]
    pub fn join(&self, suffix: &str) -> Self {
        Pointer(format!("{}{suffix}", self.0))
    }

    /// The pointer to the value that holds this one (the root for the root).
    #[must_use]
    pub fn parent(&self) -> Self {
        Pointer(self.0.rsplit_once('/').map_or("", |p| p.0).to_owned())
    }

    /// The pointer text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The unescaped reference tokens.
    ///
    /// Borrowed where a token has no `~` (nearly always): a capture with a million violations
    /// resolves each pointer several times, and two new strings per token were most of that.
    pub fn tokens(&self) -> impl Iterator<Item = Cow<'_, str>> + '_ {
        self.0.split('/').skip(1).map(|t| {
            if t.contains('~') {
                Cow::Owned(t.replace("~1", "/").replace("~0", "~"))
            } else {
                Cow::Borrowed(t)
            }
        })
    }

    /// The last reference token, unescaped; empty for the root.
    #[must_use]
    pub fn last(&self) -> String {
        self.tokens().last().unwrap_or_default().into_owned()
    }

    /// The pattern of this pointer: array indexes become `*` (`/response/*/files/*/created`).
    #[must_use]
    pub fn pattern(&self) -> String {
        let mut out = String::with_capacity(self.0.len());
        for token in self.0.split('/').skip(1) {
            out.push('/');
            if !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit()) {
                out.push('*');
            } else {
                out.push_str(token);
            }
        }
        out
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
