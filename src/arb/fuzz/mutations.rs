//! Target `structured`: a generated payload passes every layer, and each mutation of it is
//! caught by each layer at its pointer.

use super::agreement::{agree, alone};
use super::{LAYER_CHOICES, PROFILES, check_locations, validator, whole};
use crate::arb::mutate::{self, Mutated};
use crate::arb::text::{Rendered, render};
use crate::arb::{Case, Layout};
use crate::json::frame::Recovery;
use crate::report::{Layer, Report, Severity};
use crate::{Layers, Profile};

/// A valid payload passes every layer in every profile of its style, without a single
/// violation (warnings included).
///
/// # Errors
/// The profile and the violations.
pub fn passes(style_profiles: &[Profile], text: &[u8]) -> Result<(), String> {
    for profile in style_profiles {
        let report = whole(validator(*profile, Layers::ALL), text, Recovery::Stop);
        if !report.violations.is_empty() {
            return Err(format!(
                "profile {profile:?}: a valid payload has violations: {:#?}\n{}",
                report.violations,
                String::from_utf8_lossy(text)
            ));
        }
    }
    Ok(())
}

/// A mutation is reported by `layer` alone as an error at its pointer, at the line, column
/// and offset the text has it.
///
/// # Errors
/// What the layer reported instead.
pub fn caught(m: &Mutated, rendered: &Rendered, layer: Layer) -> Result<(), String> {
    let layers = match layer {
        Layer::Schema => LAYER_CHOICES[1],
        _ => LAYER_CHOICES[2],
    };
    let text = rendered.text.as_bytes();
    let report = whole(validator(Profile::Any, layers), text, Recovery::Stop);
    caught_in(m, rendered, layer, &report)
}

/// [`caught`], given the report of `layer` alone in profile `any`.
fn caught_in(
    m: &Mutated,
    rendered: &Rendered,
    layer: Layer,
    report: &Report,
) -> Result<(), String> {
    let text = rendered.text.as_bytes();
    check_locations(text, report)?;
    let place = rendered
        .places
        .get(m.pointer.as_str())
        .ok_or_else(|| format!("no place for {}", m.pointer))?;
    let (line, column) = rendered.line_column(place.value);
    let hit = report.violations.iter().any(|v| {
        v.severity == Severity::Error
            && v.pointer == m.pointer.as_str()
            && v.layers.contains(&layer)
            && (v.line, v.column, v.offset) == (line, column, place.value as u64)
    });
    if hit {
        return Ok(());
    }
    Err(format!(
        "{} layer missed {} ({}): expected an error at {} (line {line}, column {column}, \
         offset {}), got {:#?}\n{}",
        layer.name(),
        m.kind.name(),
        m.what,
        m.pointer,
        place.value,
        report.violations,
        rendered.text
    ))
}

/// Renders a mutated document in the payload's layout.
#[must_use]
pub fn render_mutated(m: &Mutated, layout: &Layout) -> Rendered {
    render(&m.document, layout)
}

/// Target `structured`: a generated payload passes; a mutated one is caught by each layer at
/// its pointer; the layers agree either way.
///
/// # Panics
/// When any of that fails.
pub fn structured(case: &Case) {
    let mutated = case
        .mutation
        .and_then(|(kind, choice)| mutate::apply(&case.payload.document, kind, choice));
    match mutated {
        None => {
            let rendered = case.payload.render();
            if let Err(e) = passes(case.payload.style.profiles(), rendered.text.as_bytes()) {
                panic!("{e}");
            }
        }
        Some(m) => {
            // Profile `any`'s two reports serve the pointer check and its agreement; one more
            // profile's agreement is checked when the input picks it: the site choice's top
            // two bits (independent of the site for documents of fewer than 16,384 sites) steer
            // the profile through coverage, instead of paying for all three on every input.
            let rendered = render_mutated(&m, &case.payload.layout);
            let text = rendered.text.as_bytes();
            let [schema, types] = alone(Profile::Any, text);
            for (layer, report) in [(Layer::Schema, &schema), (Layer::Types, &types)] {
                if let Err(e) = caught_in(&m, &rendered, layer, report) {
                    panic!("{e}");
                }
            }
            if let Err(e) = agree(Profile::Any, text, &schema, &types) {
                panic!("{e}");
            }
            let site_choice = case.mutation.map_or(0, |(_, choice)| choice);
            if let Some(&profile) = PROFILES.get((site_choice >> 14) & 3)
                && profile != Profile::Any
            {
                let [schema, types] = alone(profile, text);
                if let Err(e) = agree(profile, text, &schema, &types) {
                    panic!("{e}");
                }
            }
        }
    }
}
