//! The properties the cargo-fuzz targets check, one function per target. They live in the
//! library so that `cargo test` replays the fuzz seeds and every regression through the same
//! code on stable Rust. Each panics, with a message saying what broke, when its property fails.

use std::io::{self, Read};
use std::sync::OnceLock;

use super::mutate::{self, Mutated};
use super::text::{LineColumns, Rendered, render};
use super::{Case, Layout};
use crate::json::frame::Recovery;
use crate::report::{Layer, Report, Severity};
use crate::{Layers, Options, Profile, Validator};

/// The layer choices the properties use: both, the schema alone, the types alone.
pub const LAYER_CHOICES: [Layers; 3] = [Layers::ALL, Layers::SCHEMA, Layers::TYPES];

const PROFILES: [Profile; 3] = [Profile::Any, Profile::Wire, Profile::Docs];

/// A validator for `profile` and `layers`, compiled once per process.
///
/// # Panics
/// When the bundled schema does not compile (a broken build).
#[must_use]
pub fn validator(profile: Profile, layers: Layers) -> &'static Validator {
    static CACHE: [OnceLock<Validator>; 9] = [const { OnceLock::new() }; 9];
    let p = PROFILES.iter().position(|x| *x == profile).unwrap_or(0);
    let l = LAYER_CHOICES.iter().position(|x| *x == layers).unwrap_or(0);
    CACHE[p * 3 + l].get_or_init(|| {
        Validator::new(Options {
            layers,
            profile,
            ..Options::default()
        })
        .expect("the bundled schema compiles")
    })
}

/// Every violation's offset, line and column lie inside `input` and agree with each other:
/// `offset <= len`, and (line, column) is where that offset is (so line <= number of lines and
/// column <= characters on that line + 1).
///
/// The violations are taken in offset order and the lines counted in one pass, so the check is
/// linear in the input however many violations it has.
///
/// # Errors
/// The first violation (in offset order) that is out of place, described.
pub fn check_locations(input: &[u8], report: &Report) -> Result<(), String> {
    let mut order: Vec<&crate::report::Violation> = report.violations.iter().collect();
    order.sort_by_key(|v| v.offset);
    let mut lines = LineColumns::new(input);
    for v in order {
        let offset = usize::try_from(v.offset).unwrap_or(usize::MAX);
        if offset > input.len() {
            return Err(format!(
                "offset {} beyond the input's {} bytes: {v:?}",
                v.offset,
                input.len()
            ));
        }
        let (line, column) = lines.at(offset);
        if (v.line, v.column) != (line, column) {
            return Err(format!(
                "offset {} is at line {line} column {column}, but the violation says line {} \
                 column {}: {v:?}",
                v.offset, v.line, v.column
            ));
        }
    }
    Ok(())
}

/// A reader that hands out its input in chunks of the given sizes (cycled; 0 counts as 1).
pub struct Chunked<'a> {
    data: &'a [u8],
    sizes: Vec<usize>,
    next: usize,
}

impl<'a> Chunked<'a> {
    #[must_use]
    pub fn new(data: &'a [u8], sizes: Vec<usize>) -> Self {
        Chunked {
            data,
            sizes: if sizes.is_empty() { vec![1] } else { sizes },
            next: 0,
        }
    }
}

impl Read for Chunked<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let want = self.sizes[self.next % self.sizes.len()].max(1);
        self.next += 1;
        let n = want.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

/// Validates in memory with every default, as `validate_bytes` does, with `recovery`.
fn whole(v: &Validator, input: &[u8], recovery: Recovery) -> Report {
    v.validate_reader("input", input, recovery)
        .expect("reading from memory cannot fail")
}

/// Reports compared without the snippets (the human format's context line), which may start
/// wherever the framer's buffer does.
fn same_report(a: &Report, b: &Report) -> Result<(), String> {
    let strip = |r: &Report| {
        let mut r = r.clone();
        for v in &mut r.violations {
            v.snippet = None;
        }
        r
    };
    let (a, b) = (strip(a), strip(b));
    if a == b {
        return Ok(());
    }
    Err(format!(
        "reports differ:\n  one read: {a:#?}\n  chunked: {b:#?}"
    ))
}

/// Target `raw`: any bytes, both recoveries; never panics, locations in bounds.
///
/// # Panics
/// When a violation is out of place (or the validator itself panics).
pub fn raw(data: &[u8]) {
    for recovery in [Recovery::Stop, Recovery::NextLine] {
        let report = whole(validator(Profile::Any, Layers::ALL), data, recovery);
        if let Err(e) = check_locations(data, &report) {
            panic!("{recovery:?}: {e}");
        }
    }
}

/// Target `streaming`: the first bytes choose chunk sizes, the rest is the input; the report is
/// the same for that chunking as for one read.
///
/// # Panics
/// When the reports differ.
pub fn streaming(data: &[u8]) {
    let (pattern, input) = split_pattern(data);
    let sizes: Vec<usize> = pattern
        .iter()
        .skip(1)
        .map(|b| match b % 4 {
            0 => 1,
            1 => 1 + usize::from(*b) % 7,
            2 => 1 + usize::from(*b) * 3,
            _ => 4096 + usize::from(*b) * 61,
        })
        .collect();
    if let Err(e) = same_chunked(input, sizes) {
        panic!("{e}");
    }
}

/// The chunk-size pattern at the front of a fuzz input (its first byte says how long, 1 to 8
/// bytes), and the input after it.
fn split_pattern(data: &[u8]) -> (&[u8], &[u8]) {
    let split = data
        .first()
        .map_or(0, |b| 1 + usize::from(b % 8))
        .min(data.len());
    data.split_at(split)
}

/// Target `sequence`: the first bytes choose chunk sizes, the rest is an NDJSON polling log,
/// validated with the sequence rules (and the timeline) on: every finding lies inside the input
/// where its line and column say, and the report is the same for that chunking as for one read.
///
/// # Panics
/// When a finding is out of place or the reports differ.
pub fn sequence(data: &[u8]) {
    static SEQUENCE: OnceLock<Validator> = OnceLock::new();
    let v = SEQUENCE.get_or_init(|| {
        Validator::new(Options::default())
            .expect("the bundled schema compiles")
            .with_sequence(crate::check::sequence::SequenceOptions {
                rules: true,
                timeline: true,
            })
    });
    let (pattern, input) = split_pattern(data);
    let sizes: Vec<usize> = pattern
        .iter()
        .skip(1)
        .map(|b| 1 + usize::from(*b))
        .collect();
    let one = whole(v, input, Recovery::NextLine);
    if let Err(e) = check_locations(input, &one) {
        panic!("{e}");
    }
    let chunked = v
        .validate_reader(
            "input",
            Chunked::new(input, sizes.clone()),
            Recovery::NextLine,
        )
        .expect("reading from memory cannot fail");
    if let Err(e) = same_report(&one, &chunked) {
        panic!("chunk sizes {sizes:?}: {e}");
    }
    if one.timeline != chunked.timeline {
        panic!("chunk sizes {sizes:?}: the timelines differ");
    }
}

/// The report for `input` read in chunks of `sizes` equals the report for one read, for both
/// recoveries.
///
/// # Errors
/// The difference, described.
pub fn same_chunked(input: &[u8], sizes: Vec<usize>) -> Result<(), String> {
    let v = validator(Profile::Any, Layers::ALL);
    for recovery in [Recovery::Stop, Recovery::NextLine] {
        let one = whole(v, input, recovery);
        let chunked = v
            .validate_reader("input", Chunked::new(input, sizes.clone()), recovery)
            .map_err(|e| e.to_string())?;
        same_report(&one, &chunked)
            .map_err(|e| format!("{recovery:?}, chunk sizes {sizes:?}: {e}"))?;
    }
    Ok(())
}

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
fn alone(profile: Profile, input: &[u8]) -> [Report; 2] {
    [1, 2].map(|l| whole(validator(profile, LAYER_CHOICES[l]), input, Recovery::Stop))
}

/// The two reports of one profile reach the same verdict.
fn agree(profile: Profile, input: &[u8], schema: &Report, types: &Report) -> Result<(), String> {
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

/// The `--schema` documents fuzz target's schema: a little of everything jsonschema checks.
fn fuzz_schema() -> &'static crate::check::custom::CustomSchema {
    static SCHEMA: OnceLock<crate::check::custom::CustomSchema> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let schema = serde_json::json!({
            "type": "object",
            "required": ["response"],
            "properties": {
                "response": {"type": "array", "items": {"type": "object",
                    "properties": {"id": {"type": "string", "format": "uuid"},
                                   "Operation": {"enum": [0, 1, 2, 3, 4, 5, 6, 7, 8]},
                                   "progress": {"type": "integer", "minimum": 0, "maximum": 100}},
                    "additionalProperties": {"type": ["string", "boolean", "null"]}}},
                "count": {"type": "integer"}
            }
        });
        crate::check::custom::CustomSchema::compile("fuzz.schema.json".to_owned(), &schema)
            .expect("the fuzz schema compiles")
    })
}

/// Chunk sizes chosen by the input's length (cheap, and different from one read).
fn sizes_for(data: &[u8]) -> Vec<usize> {
    vec![1 + data.len() % 13, 1, 4093]
}

/// Target `har`: any bytes as a HAR file; never panics, every violation inside the input (its
/// offset, line and column agree), and the same report for a chunked read.
///
/// # Panics
/// When a location is out of place, the reports differ, or the walk panics.
pub fn har(data: &[u8]) {
    let v = validator(Profile::Any, Layers::ALL);
    let check = |body: &[u8]| v.validate_bytes("input", body);
    let one = crate::input::har::validate("input", data, &check).expect("reading from memory");
    if let Err(e) = check_locations(data, &one) {
        panic!("har: {e}");
    }
    let chunked = crate::input::har::validate("input", Chunked::new(data, sizes_for(data)), &check)
        .expect("reading from memory");
    if let Err(e) = same_report(&one, &chunked) {
        panic!("har, chunk sizes {:?}: {e}", sizes_for(data));
    }
}

/// Target `custom_schema`: any bytes as a stream of `--schema` documents (both recoveries)
/// against a fixed schema; never panics, locations inside the input, chunking changes nothing,
/// and the whole input read as one document (and each of its lines) gets the findings a
/// serde_json value got before documents moved to simd-json tapes.
///
/// # Panics
/// As [`har`], and when the tape and serde_json disagree.
pub fn custom_schema(data: &[u8]) {
    let schema = fuzz_schema();
    // The whole input as one document, and each of its lines: the tape finds what serde_json
    // found before, or both refuse it with serde_json's words.
    static REFERENCE: OnceLock<jsonschema::Validator> = OnceLock::new();
    let reference = REFERENCE.get_or_init(|| schema.serde_validator());
    let lines = data
        .split(|b| *b == b'\n')
        .filter(|line| line.len() < data.len());
    for document in std::iter::once(data).chain(lines) {
        let tape = schema.tape_findings(document).map_err(|e| e.to_string());
        let serde = schema
            .serde_findings(reference, document)
            .map_err(|e| e.to_string());
        assert_eq!(
            tape, serde,
            "custom_schema: the tape and serde_json disagree on {document:?}"
        );
    }
    for recovery in [Recovery::Stop, Recovery::NextLine] {
        let one = schema
            .validate_reader("input", data, recovery)
            .expect("reading from memory");
        if let Err(e) = check_locations(data, &one) {
            panic!("custom_schema {recovery:?}: {e}");
        }
        let chunked = schema
            .validate_reader("input", Chunked::new(data, sizes_for(data)), recovery)
            .expect("reading from memory");
        if let Err(e) = same_report(&one, &chunked) {
            panic!(
                "custom_schema {recovery:?}, chunk sizes {:?}: {e}",
                sizes_for(data)
            );
        }
    }
}

/// Target `diff`: the first byte splits the rest into two inputs A and B, each read as JSON and
/// as a HAR; never panics, and each shape (or error) is the same however the bytes arrive.
///
/// # Panics
/// When a shape depends on the chunking, or the reader panics.
pub fn diff(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let split = usize::from(first) * rest.len() / 255;
    let (a, b) = rest.split_at(split.min(rest.len()));
    for input in [a, b] {
        for har in [false, true] {
            let one = crate::diff::shape_of_reader("a", input, har);
            let chunked =
                crate::diff::shape_of_reader("a", Chunked::new(input, sizes_for(input)), har);
            assert_eq!(
                one, chunked,
                "diff (har: {har}): the shape depends on the chunking"
            );
            if let Ok(shape) = one {
                let _ = shape.to_string();
            }
        }
    }
}

/// The option sets the fast-path comparison runs: plain, `--strict`, and a `--server-version`
/// (whose release errors the fast path must leave to the full check).
fn fast_path_options() -> Vec<Options> {
    let mut out = Vec::new();
    for profile in PROFILES {
        for strict in [false, true] {
            out.push(Options {
                profile,
                strict,
                ..Options::default()
            });
        }
        out.push(Options {
            profile,
            server_version: crate::model::releases::table().resolve("v2.6.3").ok(),
            ..Options::default()
        });
    }
    out
}

/// The compiled fast path changes nothing a user sees: with it and without it, the same
/// report, in every profile and option set [`fast_path_options`] lists.
///
/// # Errors
/// The options and both reports.
pub fn fast_path_invisible(input: &[u8]) -> Result<(), String> {
    static PAIRS: OnceLock<Vec<(Validator, Validator)>> = OnceLock::new();
    let pairs = PAIRS.get_or_init(|| {
        fast_path_options()
            .into_iter()
            .map(|o| {
                let fast = Validator::new(o).expect("the bundled schema compiles");
                let full = Validator::new(o)
                    .expect("the bundled schema compiles")
                    .without_fast_path();
                (fast, full)
            })
            .collect()
    });
    for (fast, full) in pairs {
        let a = whole(fast, input, Recovery::Stop);
        let b = whole(full, input, Recovery::Stop);
        if a != b {
            return Err(format!(
                "options {:?}: the fast path changed the report\nwith: {:#?}\nwithout: {:#?}\ninput: {}",
                fast.options(),
                a,
                b,
                String::from_utf8_lossy(input)
            ));
        }
    }
    Ok(())
}

/// jsonschema is the compiled checker's oracle: on every operation of `input` (the elements of
/// an envelope's `response` or of a list, else the value itself), in every profile, the compiled
/// verdict is jsonschema's wherever it claims to be exact, and a clean verdict means the schema
/// layer, the types layer and the name rules find nothing.
///
/// # Errors
/// The profile, the operation and the verdicts that differ.
pub fn compiled_agrees(input: &[u8]) -> Result<(), String> {
    use crate::check::compiled::{Cx, FastChecker};
    use crate::check::schema::SchemaLayer;
    use crate::json::tape::{TapeValue, last_wins};
    use simd_json::value::tape::{Node, Tape};

    static LAYERS: OnceLock<Vec<SchemaLayer>> = OnceLock::new();
    let layers = LAYERS.get_or_init(|| {
        PROFILES
            .iter()
            .map(|p| SchemaLayer::bundled(*p).expect("the bundled schema compiles"))
            .collect()
    });
    let mut buf = input.to_vec();
    let Ok(tape) = simd_json::to_tape(&mut buf) else {
        return Ok(());
    };
    let root = TapeValue::root(&tape.0);
    let list = match root.node() {
        Node::Object { .. } => root
            .get("response")
            .filter(|r| r.json_type() == jsonschema::JsonType::Array),
        Node::Array { .. } => Some(root),
        _ => None,
    };
    let operations: Vec<TapeValue<'_>> = match list {
        Some(l) => l.elements().collect(),
        None => vec![root],
    };
    let mut cx = Cx::default();
    for op in operations {
        let nodes: Vec<Node<'_>> = last_wins(op.nodes());
        for (profile, layer) in PROFILES.iter().zip(layers) {
            let verdict = FastChecker::new(*profile).operation(op, &mut cx);
            let value = TapeValue::root(&nodes);
            let mut findings = Vec::new();
            layer.check_operation(value, &mut findings);
            let schema_valid = findings.is_empty();
            let text = || String::from_utf8_lossy(input).into_owned();
            if !verdict.inexact && verdict.valid != schema_valid {
                return Err(format!(
                    "profile {profile:?}: compiled says valid={}, jsonschema says valid={schema_valid} ({findings:?})\ninput: {}",
                    verdict.valid,
                    text()
                ));
            }
            if verdict.clean() {
                let typed = crate::model::profile::with(*profile, || {
                    crate::check::types::check_operation(Tape(nodes.clone()))
                        .0
                        .err()
                });
                let mut warnings = Vec::new();
                let mut unknown = Vec::new();
                crate::check::rules::unknown_members(value, &mut warnings, &mut unknown);
                let mut repeated = Vec::new();
                crate::check::rules::duplicate_keys(
                    op,
                    &crate::report::Pointer::root(),
                    &mut repeated,
                );
                if !schema_valid || typed.is_some() || !unknown.is_empty() || !repeated.is_empty() {
                    return Err(format!(
                        "profile {profile:?}: compiled says clean, but schema {findings:?}, types {typed:?}, unknown {unknown:?}, repeated {repeated:?}\ninput: {}",
                        text()
                    ));
                }
            }
        }
    }
    Ok(())
}

/// The fuzz target `compiled`: [`compiled_agrees`] and [`fast_path_invisible`] on any bytes.
pub fn compiled(data: &[u8]) {
    if let Err(e) = compiled_agrees(data) {
        panic!("{e}");
    }
    if let Err(e) = fast_path_invisible(data) {
        panic!("{e}");
    }
}
