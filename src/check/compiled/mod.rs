//! The fast path: the bundled schema compiled ahead of time (by build.rs, from
//! `schema/fileops.schema.json`) into one checker per profile that walks an operation's tape
//! once, with no generic evaluator.
//!
//! Its verdict is only ever used to skip work: an operation it calls [`Verdict::clean`] gets no
//! jsonschema run, no duplicate-name walk and no unknown-member walk; any other operation gets
//! the full layered check, so every message, pointer and layer stays as the full check words
//! them. jsonschema is the oracle: `tests/compiled.rs` and the `compiled` fuzz target hold the
//! two verdicts equal wherever this one claims to be exact.

mod rt;

impl Cx {
    fn verdict(&self, valid: bool) -> Verdict {
        Verdict {
            valid,
            unknown: self.unknown,
            inexact: self.inexact,
        }
    }
}

pub use rt::Cx;

use std::sync::LazyLock;

use crate::check::rules::release::Target;
use crate::check::rules::release::fused::{HookSpec, Hooks};
use crate::json::tape::TapeValue;
use crate::model::Profile;

include!(concat!(env!("OUT_DIR"), "/compiled_schema.rs"));

/// The compiled checker of one profile.
#[derive(Debug, Clone, Copy)]
pub struct FastChecker {
    operation: fn(TapeValue<'_>, &mut Cx) -> bool,
    member: fn(&str, TapeValue<'_>, &mut Cx) -> bool,
    /// The profile's member hooks, doing the release walk as the compiled walk goes.
    hooks: &'static Hooks,
    /// What the release walk enforces (`--server-version`, `--strict`).
    target: Target,
}

/// Each profile's hooks, paired with the release table on first use.
static ANY_HOOKS: LazyLock<Hooks> = LazyLock::new(|| Hooks::new(any::HOOKS));
static WIRE_HOOKS: LazyLock<Hooks> = LazyLock::new(|| Hooks::new(wire::HOOKS));
static DOCS_HOOKS: LazyLock<Hooks> = LazyLock::new(|| Hooks::new(docs::HOOKS));

/// A profile's hooked members and their hooks.
#[must_use]
pub fn hooks(profile: Profile) -> (&'static [HookSpec], &'static Hooks) {
    match profile {
        Profile::Any => (any::HOOKS, &ANY_HOOKS),
        Profile::Wire => (wire::HOOKS, &WIRE_HOOKS),
        Profile::Docs => (docs::HOOKS, &DOCS_HOOKS),
    }
}

/// What the compiled checker says of one value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    /// Valid against the schema (exactly jsonschema's verdict unless `inexact`).
    pub valid: bool,
    /// Some object holds a member its schema does not define.
    pub unknown: bool,
    /// The verdict may differ from jsonschema's (a repeated member name, a format left to
    /// jsonschema).
    pub inexact: bool,
}

impl Verdict {
    /// Nothing for the schema layer, the duplicate-name rule or the unknown-member rules to
    /// report: the value may skip them.
    #[must_use]
    pub fn clean(&self) -> bool {
        self.valid && !self.unknown && !self.inexact
    }
}

impl FastChecker {
    /// The checker compiled for `profile`, with no release target.
    #[must_use]
    pub fn new(profile: Profile) -> Self {
        type Operation = fn(TapeValue<'_>, &mut Cx) -> bool;
        type Member = fn(&str, TapeValue<'_>, &mut Cx) -> bool;
        let (operation, member): (Operation, Member) = match profile {
            Profile::Any => (any::operation, any::member),
            Profile::Wire => (wire::operation, wire::member),
            Profile::Docs => (docs::operation, docs::member),
        };
        FastChecker {
            operation,
            member,
            hooks: hooks(profile).1,
            target: Target::default(),
        }
    }

    /// The same checker doing the release walk for `target` (`--server-version`, `--strict`).
    #[must_use]
    pub fn with_target(self, target: Target) -> Self {
        FastChecker { target, ..self }
    }

    /// Checks one operation against `$defs/operation`; `cx.releases` then holds what the
    /// release walk would have found, or says that it must run.
    pub fn operation(&self, value: TapeValue<'_>, cx: &mut Cx) -> Verdict {
        cx.reset(self.target, self.hooks);
        let valid = (self.operation)(value, cx);
        cx.verdict(valid)
    }

    /// Checks the value of envelope member `name` against its property schema. A member the
    /// envelope does not define passes (whether it is known is the rules' business), but a
    /// repeated name inside it makes the verdict inexact, as anywhere.
    pub fn member(&self, name: &str, value: TapeValue<'_>, cx: &mut Cx) -> Verdict {
        cx.reset(self.target, self.hooks);
        let valid = (self.member)(name, value, cx);
        cx.verdict(valid)
    }
}

#[cfg(test)]
mod tests {
    use super::hooks;
    use crate::model::Profile;

    /// Every member of the bundled schema's object defs is walked for the release table by the
    /// compiled walk: none needs the separate release walk (which would run on every operation
    /// holding it).
    #[test]
    fn the_compiled_walk_does_every_release_walk_of_the_bundled_schema() {
        for profile in [Profile::Any, Profile::Wire, Profile::Docs] {
            let (specs, hooks) = hooks(profile);
            assert!(
                specs.len() > 100,
                "{profile:?}: only {} hooked members",
                specs.len()
            );
            assert_eq!(hooks.walked(specs), Vec::<String>::new(), "{profile:?}");
        }
    }

    /// The bundled schema's maps keyed by an enum's names (`security`, `viewAccessibility`...)
    /// have their keys matched by the compiled walk, which reports each to the release hooks:
    /// none is looked up by name again.
    #[test]
    fn the_compiled_walk_matches_the_keys_of_every_enum_keyed_map() {
        for profile in [Profile::Any, Profile::Wire, Profile::Docs] {
            let (specs, hooks) = hooks(profile);
            let keyed: Vec<String> = hooks.keyed(specs).into_iter().map(|(m, _)| m).collect();
            for member in [
                "fileEntry.security",
                "folderEntry.security",
                "fileEntry.viewAccessibility",
                "fileEntry.viewAccessability",
                "fileEntry.shareSettings",
                "folderEntry.availableShareRights",
            ] {
                assert!(
                    keyed.iter().any(|k| k == member),
                    "{profile:?}: {member} in {keyed:?}"
                );
            }
        }
    }

    /// The schema's GUID and wire-date patterns, on every id and date of a payload, are matched
    /// by the hand-written functions build.rs knows them by: a schema edit that changes either
    /// pattern's source would silently put its DFA back on the hot path.
    #[test]
    fn the_hot_patterns_are_matched_by_hand() {
        assert_eq!(super::patterns::HAND_WRITTEN.len(), 2);
        for source in super::patterns::HAND_WRITTEN {
            assert!(
                super::patterns::ALL.iter().any(|(s, _)| s == source),
                "{source}"
            );
        }
    }

    /// Each pattern's generated function answers as the `regex` crate does (JSON Schema's
    /// `pattern` is a search) on strings close to every pattern's matches: each seed, then each
    /// seed with one character replaced, inserted or removed, and every prefix of it.
    #[test]
    fn every_generated_pattern_function_agrees_with_the_regex_crate() {
        let seeds = [
            "2024-03-15T09:41:07.1234567+03:00",
            "2024-03-15T09:41:07.1234567Z",
            "1999-12-31T23:59:59.0000000-14:00",
            "2024-02-29t23:59:60.5z",
            "2024-02-29T00:00:00+23:59",
            "2024-10-31T19:09:00.1Z",
            // The edges of every field of the wire's date: each one character from out of range.
            "0000-01-01T00:00:00.0000000+00:00",
            "9999-12-31T23:59:59.9999999-14:59",
            "2024-09-30T20:50:50.5050505+10:50",
            "-14:00:00",
            "03:30:00",
            "0e6c9f3a-1b2c-4d5e-8f90-a1b2c3d4e5f6",
            "0E6C9F3A-1B2C-4D5E-8F90-A1B2C3D4E5F6",
            "",
        ];
        // Replacements: every character class the patterns name, their edges, and non-ASCII.
        let chars: Vec<char> = (0x20u8..0x7f)
            .map(char::from)
            .chain(['\n', '\0', 'é', '٣', '\u{ff10}', '😀'])
            .collect();
        let mut cases: Vec<String> = Vec::new();
        for seed in seeds {
            let at: Vec<usize> = seed
                .char_indices()
                .map(|(i, _)| i)
                .chain([seed.len()])
                .collect();
            cases.push(seed.to_owned());
            for &i in &at {
                cases.push(seed[..i].to_owned());
                for &c in &chars {
                    cases.push(format!("{}{c}{}", &seed[..i], &seed[i..]));
                    if let Some(next) = seed[i..].chars().next() {
                        let rest = &seed[i + next.len_utf8()..];
                        cases.push(format!("{}{c}{rest}", &seed[..i]));
                    }
                }
                if let Some(next) = seed[i..].chars().next() {
                    cases.push(format!("{}{}", &seed[..i], &seed[i + next.len_utf8()..]));
                }
            }
        }
        for (source, is_match) in super::patterns::ALL {
            let regex = regex::Regex::new(source).expect("a pattern the schema compiler built");
            let mut matched = 0;
            for case in &cases {
                let want = regex.is_match(case);
                assert_eq!(is_match(case.as_bytes()), want, "{source} on {case:?}");
                matched += usize::from(want);
            }
            assert!(matched > 1, "{source}: the seeds hold no match to compare");
        }
    }
}
