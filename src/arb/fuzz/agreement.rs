//! Target `differential`: the schema and types layers reach the same verdict, and simd-json
//! and serde_json accept the same texts.

use super::{LAYER_CHOICES, PROFILES, validator, whole};
use crate::Profile;
use crate::json::frame::Recovery;
use crate::report::Report;

/// True when the report has an error.
fn fails(report: &Report) -> bool {
    report.summary.errors > 0
}

/// The schema layer alone and the types layer alone reach the same verdict, in every profile.
///
/// # Errors
/// The profile and both reports when they disagree.
pub fn layers_agree(input: &[u8]) -> Result<(), String> {
    for profile in PROFILES {
        let [schema, types] = alone(profile, input);
        agree(profile, input, &schema, &types)?;
    }
    Ok(())
}

/// The reports of the schema layer alone and the types layer alone, in `profile`.
pub(super) fn alone(profile: Profile, input: &[u8]) -> [Report; 2] {
    [1, 2].map(|l| whole(validator(profile, LAYER_CHOICES[l]), input, Recovery::Stop))
}

/// The two reports of one profile reach the same verdict.
pub(super) fn agree(
    profile: Profile,
    input: &[u8],
    schema: &Report,
    types: &Report,
) -> Result<(), String> {
    if fails(schema) == fails(types) {
        return Ok(());
    }
    Err(format!(
        "profile {profile:?}: the schema layer says {}, the types layer says {}\n\
         schema: {:#?}\ntypes: {:#?}\ninput: {}",
        verdict(schema),
        verdict(types),
        schema.violations,
        types.violations,
        String::from_utf8_lossy(input)
    ))
}

fn verdict(r: &Report) -> &'static str {
    if fails(r) { "invalid" } else { "valid" }
}

/// Deepest bracket nesting outside strings (a rough scan; enough to keep inputs away from
/// serde_json's recursion limit).
fn depth(input: &[u8]) -> usize {
    let (mut d, mut max, mut in_str, mut esc) = (0usize, 0usize, false, false);
    for &b in input {
        if in_str {
            match (esc, b) {
                (true, _) => esc = false,
                (false, b'\\') => esc = true,
                (false, b'"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'[' | b'{' => {
                d += 1;
                max = max.max(d);
            }
            b']' | b'}' => d = d.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// simd-json (what the validator parses with) and serde_json accept the same JSON texts.
///
/// # Errors
/// Both verdicts when they disagree.
pub fn parsers_agree(input: &[u8]) -> Result<(), String> {
    if depth(input) > 100 {
        return Ok(());
    }
    let serde = serde_json::from_slice::<serde_json::Value>(input);
    let mut copy = input.to_vec();
    let simd = simd_json::to_tape(&mut copy).map(drop);
    if serde.is_ok() != simd.is_ok() {
        return Err(format!(
            "serde_json: {:?}, simd-json: {:?}, on {:?}",
            serde.map(drop).map_err(|e| e.to_string()),
            simd.map_err(|e| e.to_string()),
            String::from_utf8_lossy(input)
        ));
    }
    Ok(())
}

/// Target `differential`: schema vs types verdicts, simd-json vs serde_json syntax verdicts.
///
/// # Panics
/// When either pair disagrees.
pub fn differential(data: &[u8]) {
    if let Err(e) = parsers_agree(data) {
        panic!("{e}");
    }
    if let Err(e) = layers_agree(data) {
        panic!("{e}");
    }
}
