//! Checking one framed value: parse it once into a simd-json tape, then run the schema layer,
//! the types layer and the rules over that tape, and merge their findings per place.

use std::borrow::Cow;
use std::hash::BuildHasher;

use hashbrown::HashTable;

use simd_json::value::tape::{Node as TapeNode, Tape};

use crate::check::compiled::{Cx, FastChecker};
use crate::check::options::Options;
use crate::check::rules::release::fused::Fused;
use crate::check::schema::SchemaLayer;
use crate::check::{rules, types};
use crate::json::locate::Locator;
use crate::json::syntax::syntax_message;
use crate::json::tape::{TapeValue, last_wins};
use crate::model::{self, Envelope};
use crate::report::{Finding, Found, Kind, Layer, LayerSet, Pointer, Rule, Severity, Tail};

/// Buffers reused from one operation to the next.
pub struct Scratch {
    buf: Vec<u8>,
    buffers: simd_json::Buffers,
    tape: Option<Tape<'static>>,
    /// The compiled checker's flags.
    cx: Cx,
}

impl Default for Scratch {
    fn default() -> Self {
        Scratch {
            buf: Vec::new(),
            buffers: simd_json::Buffers::default(),
            tape: Some(Tape::null().reset()),
            cx: Cx::default(),
        }
    }
}

impl Scratch {
    /// Parses `bytes` into the reused tape and hands its nodes (or simd-json's error) to `f`;
    /// the buffers stay for the next value, so a stream of values costs one value's tape.
    ///
    /// The copy of `bytes` simd-json parses in place is padded here, so simd-json makes no
    /// padded copy of its own (`fill_tape_padded`): one copy of a large document fewer.
    ///
    /// Public for the probes that time a walk of the tape beside the check
    /// (`tools/visit-floor`), so that they parse exactly as every check does.
    pub fn with_tape<T>(
        &mut self,
        bytes: &[u8],
        f: impl for<'t> FnOnce(Result<&mut Vec<TapeNode<'t>>, simd_json::Error>) -> T,
    ) -> T {
        let Scratch {
            buf, buffers, tape, ..
        } = self;
        let (mut parsed, result) = parse_padded(buf, buffers, tape, bytes);
        let out = match result {
            Ok(()) => f(Ok(&mut parsed.0)),
            Err(e) => f(Err(e)),
        };
        *tape = Some(parsed.reset());
        out
    }

    /// The parse stage alone, as every check parses: `bytes` copied, padded and parsed into
    /// the reused tape. Returns how many nodes the tape holds. For the benchmarks and
    /// `examples/check_stage`, which measure checking against parsing.
    ///
    /// # Errors
    ///
    /// simd-json's, when `bytes` is no JSON value.
    pub fn parse(&mut self, bytes: &[u8]) -> Result<usize, simd_json::Error> {
        self.with_tape(bytes, |parsed| parsed.map(|nodes| nodes.len()))
    }
}

/// Parses `bytes` into the reused tape of `tape`, through a copy in `buf` padded here so that
/// simd-json parses it in place and makes no padded copy of its own (`fill_tape_padded`).
fn parse_padded<'b>(
    buf: &'b mut Vec<u8>,
    buffers: &mut simd_json::Buffers,
    tape: &mut Option<Tape<'static>>,
    bytes: &[u8],
) -> (Tape<'b>, Result<(), simd_json::Error>) {
    buf.clear();
    buf.reserve(bytes.len() + simd_json::INPUT_PADDING);
    buf.extend_from_slice(bytes);
    buf.resize(bytes.len() + simd_json::INPUT_PADDING, 0);
    let mut parsed: Tape<'b> = tape.take().unwrap_or_else(Tape::null).reset();
    let result = simd_json::fill_tape_padded(buf, bytes.len(), buffers, &mut parsed);
    (parsed, result)
}

/// What checking one framed value found, located relative to the value's first byte.
#[derive(Debug, Default)]
pub struct Checked {
    /// (layers, severity, finding, byte offset within the value).
    pub findings: Vec<(LayerSet, Severity, Finding, usize)>,
    /// Member names the schema does not define: (pointer pattern relative to the value).
    pub unknown: Vec<String>,
    /// The operation's id, for the duplicate-id rule.
    pub id: Option<String>,
    /// The envelope's `count`, when this was that member and it is an integer.
    pub count: Option<i64>,
    /// What the sequence rules follow of an operation (only when they run).
    pub facts: Option<crate::check::sequence::OpFacts>,
    /// For an operation without `--server-version`: the releases that send all it holds.
    pub releases: Option<rules::release::Evidence>,
}

/// What a value is, which decides the checks it gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role<'n> {
    Operation,
    Member(&'n str),
    Document,
}

/// Checks framed values: the options in force and the schema compiled for them. Knows nothing
/// of framing or reports; the pipeline ([`crate::check::validate`]) drives it.
#[derive(Debug)]
pub struct ValueChecker {
    pub(crate) options: Options,
    pub(crate) schema: SchemaLayer,
    /// The bundled schema compiled ahead of time: operations it finds clean skip the schema
    /// layer and the name walks.
    /// `None` only where a test compares the full check with the fast path.
    pub(crate) fast: Option<FastChecker>,
    /// Whether operations' sequence facts are collected (sequence rules or timeline on).
    pub(crate) follow: bool,
}

impl ValueChecker {
    /// Compiles the bundled schema for `options`.
    ///
    /// # Errors
    /// When the schema does not compile.
    pub fn new(options: Options) -> Result<Self, String> {
        Ok(ValueChecker {
            schema: SchemaLayer::bundled(options.profile)?,
            fast: Some(FastChecker::new(options.profile).with_target(options.release_target())),
            options,
            follow: false,
        })
    }

    /// Runs every enabled check on one framed value.
    pub fn check(&self, scratch: &mut Scratch, bytes: &[u8], role: Role<'_>) -> Checked {
        let mut checked = Checked::default();
        let Scratch {
            buf,
            buffers,
            tape,
            cx,
        } = scratch;
        let (parsed, result) = parse_padded(buf, buffers, tape, bytes);
        if let Err(e) = result {
            let (offset, message) = syntax_message(bytes, &e);
            checked.findings.push((
                LayerSet::of(Layer::Syntax),
                Severity::Error,
                Finding::new(Pointer::root(), Rule::Syntax, Kind::Syntax { message }),
                offset,
            ));
            *tape = Some(parsed.reset());
            return checked;
        }
        let root = TapeValue::root(&parsed.0);
        let clean = self.fast.is_some_and(|fast| match role {
            Role::Operation => fast.operation(root, cx).clean(),
            Role::Member(name) => fast.member(name, root, cx).clean(),
            Role::Document => false,
        });
        let (checked, parsed) = match role {
            Role::Operation if clean => match self.clean_operation(parsed, bytes, &cx.releases) {
                (Some(checked), parsed) => (checked, parsed),
                (None, parsed) => self.full(parsed, bytes, role, true),
            },
            Role::Member(_) if clean => {
                // Clean means no repeated name anywhere in the value, so this run leaves the
                // tape as parsed (no `last_wins`) and a second run sees the same value.
                let (checked, parsed) = self.full(parsed, bytes, role, false);
                debug_assert!(
                    !checked
                        .findings
                        .iter()
                        .any(|f| f.2.rule == Rule::DuplicateKey),
                    "a clean member had a repeated name"
                );
                if checked.findings.is_empty() {
                    (checked, parsed)
                } else {
                    // Another layer found something: the schema layer runs too, so that the
                    // finding lists every layer that makes it, as always.
                    self.full(parsed, bytes, role, true)
                }
            }
            _ => self.full(parsed, bytes, role, true),
        };
        *tape = Some(parsed.reset());
        checked
    }

    /// As [`ValueChecker::check`], for a value that lies in `padded[..len]` with simd-json's
    /// padding after it (the pipeline's batches lay values out so). An operation with no `\`
    /// in it is parsed where it lies, sparing the copy into a padded buffer: simd-json writes
    /// into its input only to unescape a string, so such a value's bytes stay as they were
    /// (debug builds check that, and that the answer is the copying check's). When the compiled
    /// checker or the rules find anything, the full check needs the bytes beside the tape, and
    /// the value is checked again through the copy. Other values always take the copy.
    pub fn check_padded(
        &self,
        scratch: &mut Scratch,
        padded: &mut [u8],
        len: usize,
        role: Role<'_>,
    ) -> Checked {
        if role != Role::Operation || memchr::memchr(b'\\', &padded[..len]).is_some() {
            return self.check(scratch, &padded[..len], role);
        }
        #[cfg(debug_assertions)]
        let original = padded[..len].to_vec();
        let settled = self.clean_in_place(scratch, padded, len);
        #[cfg(debug_assertions)]
        assert!(
            padded[..len] == original[..],
            "parsing in place changed a value with no escape"
        );
        match settled {
            Some(checked) => {
                #[cfg(debug_assertions)]
                {
                    let copied = self.check(scratch, &padded[..len], role);
                    assert_eq!(
                        format!("{checked:?}"),
                        format!("{copied:?}"),
                        "the in-place check differs from the copying check"
                    );
                }
                checked
            }
            None => self.check(scratch, &padded[..len], role),
        }
    }

    /// Parses operation `padded[..len]` where it lies and settles it when it is clean and
    /// nothing needs its bytes; `None` otherwise (the copying check then runs).
    fn clean_in_place(
        &self,
        scratch: &mut Scratch,
        padded: &mut [u8],
        len: usize,
    ) -> Option<Checked> {
        let fast = self.fast.as_ref()?;
        let Scratch {
            buffers, tape, cx, ..
        } = scratch;
        let mut parsed: Tape<'_> = tape.take().unwrap_or_else(Tape::null).reset();
        let settled = match simd_json::fill_tape_padded(padded, len, buffers, &mut parsed) {
            Ok(()) => {
                let root = TapeValue::root(&parsed.0);
                if fast.operation(root, cx).clean() && !cx.releases.walk {
                    self.finish_clean(root, self.fused_evidence(&cx.releases))
                } else {
                    None
                }
            }
            Err(_) => None,
        };
        *tape = Some(parsed.reset());
        settled
    }

    /// The full layered check of one parsed value: every layer and rule, findings merged per
    /// place and located. `schema_layer: false` leaves the schema layer out (the compiled
    /// checker found the value valid).
    fn full<'de>(
        &self,
        mut parsed: Tape<'de>,
        bytes: &[u8],
        role: Role<'_>,
        schema_layer: bool,
    ) -> (Checked, Tape<'de>) {
        let mut checked = Checked::default();
        let mut findings = Findings::default();
        let mut syntax = Vec::new();
        // Findings of a member carry its name; the value's own pointers start below it.
        let base = match role {
            Role::Member(name) => Pointer::root().key(name),
            _ => Pointer::root(),
        };
        rules::duplicate_keys(TapeValue::root(&parsed.0), &base, &mut syntax);
        if !syntax.is_empty() {
            // A repeated member's last value is the one that counts, for every layer below.
            parsed.0 = last_wins(&parsed.0);
        }
        let root = TapeValue::root(&parsed.0);
        // Where the tape came from: a large value's errors build their instances only if read.
        let origin = {
            use crate::json::tape::instance::{Origin, as_parsed, last_wins_kept};
            let redo = if syntax.is_empty() {
                as_parsed
            } else {
                last_wins_kept
            };
            Some(Origin { bytes, redo })
        };
        findings.extend(
            syntax
                .into_iter()
                .map(|f| (Layer::Syntax, Severity::Error, f)),
        );
        if self.options.layers.schema && schema_layer {
            let mut out = Vec::new();
            match role {
                Role::Operation => self.schema.check_operation(root, origin, &mut out),
                Role::Member(name) => self.schema.check_member(name, root, origin, &mut out),
                Role::Document => self.schema.check_document(root, origin, &mut out),
            }
            // Exactly: one value can hold a million of them.
            findings.0.reserve_exact(out.len());
            findings.extend(out.into_iter().map(|f| (Layer::Schema, Severity::Error, f)));
        }
        if role == Role::Operation {
            let mut warnings = Vec::new();
            let mut unknown = Vec::new();
            rules::unknown_members(root, &mut warnings, &mut unknown);
            for (pointer, name) in unknown {
                if self.options.strict {
                    // Found by whichever of the schema and the types runs: both define the
                    // same members.
                    for layer in self.options.layers.checking() {
                        findings.push((
                            layer,
                            Severity::Error,
                            Finding::new(
                                pointer.clone(),
                                Rule::UnknownMember,
                                Kind::UnknownStrict {
                                    member: name.clone(),
                                },
                            ),
                        ));
                    }
                }
                checked.unknown.push(pointer.pattern());
            }
            findings.extend(
                warnings
                    .into_iter()
                    .map(|f| (Layer::Rules, Severity::Warning, f)),
            );
            self.check_releases(root, bytes, &mut findings, &mut checked);
            if let Some(id) = root.get("id").and_then(|v| v.as_str()) {
                checked.id = Some(id.to_owned());
            }
            if self.follow {
                checked.facts = crate::check::sequence::OpFacts::of_tape(root);
            }
        }
        if let Role::Member(name) = role {
            if !Envelope::MEMBERS.contains(&name) {
                checked.unknown.push(Pointer::root().key(name).pattern());
                if self.options.strict {
                    for layer in self.options.layers.checking() {
                        findings.push((
                            layer,
                            Severity::Error,
                            Finding::new(
                                Pointer::root().key(name),
                                Rule::UnknownMember,
                                Kind::UnknownStrict {
                                    member: name.to_owned(),
                                },
                            ),
                        ));
                    }
                }
            }
            if name == "count" {
                checked.count = match root.node() {
                    simd_json::value::tape::Node::Static(simd_json::StaticNode::I64(i)) => Some(*i),
                    simd_json::value::tape::Node::Static(simd_json::StaticNode::U64(u)) => {
                        i64::try_from(*u).ok()
                    }
                    _ => None,
                };
            }
        }
        let parsed = if self.options.layers.types {
            let (finding, rule_findings, parsed) =
                model::profile::with(self.options.profile, || typed_check(parsed, role));
            if let Some(f) = finding {
                findings.push((Layer::Types, Severity::Error, f));
            }
            findings.extend(
                rule_findings
                    .into_iter()
                    .map(|f| (Layer::Rules, Severity::Warning, f)),
            );
            parsed
        } else {
            parsed
        };
        // One locator for all the value's findings: it lists each object and array on the way
        // once, where a walk from the root per finding took time quadratic in their number.
        let mut locator = Locator::new(bytes);
        checked.findings = findings.merged();
        for (_, _, finding, offset) in &mut checked.findings {
            let skip = usize::from(matches!(role, Role::Member(_)));
            let tokens: Vec<_> = finding.pointer.tokens().skip(skip).collect();
            let found = locator.locate(&tokens);
            let name_rules = [Rule::DuplicateKey, Rule::CaseMismatch, Rule::UnknownMember];
            *offset = if name_rules.contains(&finding.rule) {
                found.name.unwrap_or(found.value)
            } else {
                found.value
            };
        }
        // The lists the locator made go before the sort makes its own.
        drop(locator);
        checked.findings.sort_by_key(|f| f.3);
        (checked, parsed)
    }
}

impl ValueChecker {
    /// An operation the compiled schema found clean (valid, no repeated or unknown member
    /// name): only the release walk and the types layer's rules run (the types layer itself
    /// accepts what the compiled schema finds clean). When one of them finds anything, `None`:
    /// the full check runs, so that findings are worded and attributed as always.
    ///
    /// The compiled walk did the release walk too (`fused`); only when it says the release walk
    /// must run (something to report, or evidence it cannot vouch for) does that walk run here.
    fn clean_operation<'de>(
        &self,
        parsed: Tape<'de>,
        bytes: &[u8],
        fused: &Fused,
    ) -> (Option<Checked>, Tape<'de>) {
        let root = TapeValue::root(&parsed.0);
        let checked = if fused.walk {
            let mut findings = Findings::default();
            let mut checked = Checked::default();
            self.check_releases(root, bytes, &mut findings, &mut checked);
            if !findings.0.is_empty() {
                return (None, parsed);
            }
            checked
        } else {
            let checked = self.fused_evidence(fused);
            // The fused walk stands in for the release walk: debug builds (every test) run
            // that walk too and hold the two equal.
            #[cfg(debug_assertions)]
            {
                let mut findings = Findings::default();
                let mut walked = Checked::default();
                self.check_releases(root, bytes, &mut findings, &mut walked);
                assert!(
                    findings.0.is_empty() && walked.releases == checked.releases,
                    "the fused release walk differs from the release walk: {:?} and {findings:?} against {:?}\n{}",
                    walked.releases,
                    checked.releases,
                    String::from_utf8_lossy(bytes)
                );
            }
            checked
        };
        (self.finish_clean(root, checked), parsed)
    }

    /// What the compiled walk's fused release walk settled of a clean operation (when the
    /// release walk need not run): the evidence of which releases send it, with no target.
    fn fused_evidence(&self, fused: &Fused) -> Checked {
        Checked {
            releases: self
                .options
                .server_version
                .is_none()
                .then(|| fused.evidence.clone()),
            ..Checked::default()
        }
    }

    /// The rest of a clean operation's check, none of which needs its bytes: its id and
    /// sequence facts, and the types layer's rules. `None` when a rule has something to say.
    fn finish_clean(&self, root: TapeValue<'_>, mut checked: Checked) -> Option<Checked> {
        if let Some(id) = root.get("id").and_then(|v| v.as_str()) {
            checked.id = Some(id.to_owned());
        }
        if self.follow {
            checked.facts = crate::check::sequence::OpFacts::of_tape(root);
        }
        // The types layer accepts what the compiled schema finds clean (the oracle tests hold
        // it): only its rules are left, and they read the tape.
        if self.options.layers.types && !rules::quiet_on_tape(root) {
            return None;
        }
        Some(checked)
    }

    /// The release walk of one operation: `--server-version` errors, or the evidence of which
    /// releases could have sent it.
    fn check_releases(
        &self,
        op: TapeValue<'_>,
        bytes: &[u8],
        findings: &mut Findings,
        checked: &mut Checked,
    ) {
        let target = self.options.release_target();
        let mut out = Vec::new();
        let evidence = rules::release::check_operation(op, bytes, target, schema_defines, &mut out);
        // How a number is written is the wire profile's business: an error there, a warning
        // otherwise.
        let lenient = self.options.profile != crate::model::Profile::Wire;
        findings.extend(out.into_iter().map(|f| {
            let severity = if f.rule == Rule::NumberForm && lenient {
                Severity::Warning
            } else {
                Severity::Error
            };
            (Layer::Rules, severity, f)
        }));
        if target.releases.is_none() {
            checked.releases = Some(evidence);
        }
    }
}

/// Whether the bundled schema defines member `name` of a table object kind.
fn schema_defines(kind: &str, name: &str) -> bool {
    match kind {
        "operation" => rules::OPERATION.defines(name),
        "file" => rules::FILE.defines(name),
        "folder" => rules::FOLDER.defines(name),
        "employee" => rules::EMPLOYEE.defines(name),
        _ => false,
    }
}

/// The types layer and its rules on one value.
fn typed_check<'de>(tape: Tape<'de>, role: Role<'_>) -> (Option<Finding>, Vec<Finding>, Tape<'de>) {
    let mut warnings = Vec::new();
    match role {
        Role::Operation => {
            let (result, tape) = types::check_operation(tape);
            match result {
                Ok(op) => {
                    rules::check_operation(&op, &mut warnings);
                    (None, warnings, tape)
                }
                Err(f) => (Some(f), warnings, tape),
            }
        }
        Role::Member(name) => {
            let (result, tape) = match name {
                "response" => {
                    let (r, t) = types::deserialize::<Vec<model::Operation<'_>>>(tape);
                    (r.map(drop), t)
                }
                "links" => {
                    let (r, t) = types::deserialize::<Vec<model::Link<'_>>>(tape);
                    (r.map(drop), t)
                }
                "count" | "total" | "status" | "statusCode" => {
                    let (r, t) = types::deserialize::<model::Int32>(tape);
                    (r.map(drop), t)
                }
                _ => (Ok(()), tape),
            };
            let finding = result.err().map(|mut f| {
                f.pointer = Pointer::root().key(name).join(f.pointer.as_str());
                f
            });
            (finding, warnings, tape)
        }
        Role::Document => {
            let (result, tape) = types::deserialize::<model::Document<'_>>(tape);
            let finding = result.err().map(|_| {
                Finding::new(
                    Pointer::root(),
                    Rule::Type,
                    Kind::Mismatch {
                        expected: "the envelope {\"response\": [...], ...} or a list of operations"
                            .into(),
                        found: Found::of_tape(TapeValue::root(&tape.0)),
                        tail: Tail::None,
                    },
                )
            });
            (finding, warnings, tape)
        }
    }
}

/// The findings of one value, each with the layer that made it, until [`Findings::merged`].
/// In the form of [`Checked::findings`] from the start, so that merging happens in place: one
/// value can hold a million findings, and a second list of them was an eighth of its memory.
#[derive(Debug, Default)]
struct Findings(Vec<(LayerSet, Severity, Finding, usize)>);

impl Findings {
    fn push(&mut self, (layer, severity, finding): (Layer, Severity, Finding)) {
        self.0.push((LayerSet::of(layer), severity, finding, 0));
    }

    /// One violation per place: findings of different layers at the same pointer (and, for
    /// `required`, the same missing member) become one violation listing both layers, in the
    /// place of the first of them. Each has offset 0, for the caller to locate.
    ///
    /// Linear in the findings (a set of places): one operation can hold any number of them (a
    /// `files` list of a million bad entries), and a scan of the violations so far for each
    /// finding made such an operation take minutes. The set holds indexes, not places: a copy
    /// of each pointer in it was a third of such an operation's memory.
    fn merged(self) -> Vec<(LayerSet, Severity, Finding, usize)> {
        type Item = (LayerSet, Severity, Finding, usize);
        fn place((_, severity, f, _): &Item) -> (Severity, &str, Cow<'_, str>) {
            (*severity, f.pointer.as_str(), f.detail())
        }
        let mut findings = self.0;
        // Seeded per process: the pointers are the capture's to choose.
        let state = foldhash::fast::RandomState::default();
        let hash = |f: &Item| state.hash_one(place(f));
        // Which findings joined an earlier one's violation (the rules' findings never do).
        let mut joined = vec![false; findings.len()];
        let mut places: HashTable<usize> = HashTable::with_capacity(findings.len());
        for i in 0..findings.len() {
            if findings[i].0 == LayerSet::of(Layer::Rules) {
                continue;
            }
            let h = hash(&findings[i]);
            match places.find(h, |&j| place(&findings[j]) == place(&findings[i])) {
                Some(&j) => {
                    findings[j].0 = findings[j].0.union(findings[i].0);
                    joined[i] = true;
                }
                None => {
                    places.insert_unique(h, i, |&j| hash(&findings[j]));
                }
            }
        }
        drop(places);
        let mut i = 0;
        findings.retain(|_| {
            i += 1;
            !joined[i - 1]
        });
        findings
    }
}

impl Extend<(Layer, Severity, Finding)> for Findings {
    fn extend<I: IntoIterator<Item = (Layer, Severity, Finding)>>(&mut self, items: I) {
        for item in items {
            self.push(item);
        }
    }
}
