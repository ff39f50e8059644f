//! The command line (feature `cli`): definitions (clap), turned once into validated settings,
//! and the orchestration of each command (progress, thread pool, exit statuses).
//!
//! Public only so that the `fileops-validator` binary can call it: not part of the library's
//! API, and it may change in any release.

pub mod diff;
pub mod generated;
pub mod main;
pub mod progress;
pub mod record;
pub mod run;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::check::validate::{Layers, Options};
use crate::model::Profile;
use crate::model::releases::{Releases, table};
use crate::report::shard::Shard;

/// Validates captured responses of the ONLYOFFICE DocSpace `GET /api/2.0/files/fileops` endpoint.
#[derive(Debug, Parser)]
#[command(name = "fileops-validator", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate payload files, directories of them, or standard input.
    #[command(after_help = EXIT_STATUS)]
    Validate(ValidateArgs),
    /// Print the bundled JSON Schema (draft 2020-12, self-contained).
    Schema(SchemaArgs),
    /// Show how two captured payloads differ in shape (keys, JSON types, enum values).
    #[command(after_help = DIFF_EXIT_STATUS)]
    Diff(DiffArgs),
    /// Write a realistic, valid fileops response to standard output (deterministic for a seed).
    Gen(GenArgs),
    /// Poll a portal's GET /api/2.0/files/fileops, record the responses (HAR or NDJSON) and
    /// judge them as they arrive.
    #[command(after_help = crate::cli::record::AFTER_HELP)]
    Record(crate::cli::record::RecordArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell) to standard output.
    #[command(after_help = COMPLETIONS_HELP)]
    Completions(CompletionsArgs),
    /// Print the manual page (roff) to standard output.
    #[command(
        after_help = "e.g. fileops-validator man > fileops-validator.1 && man ./fileops-validator.1"
    )]
    Man,
}

/// Where each shell looks for a completion script.
pub const COMPLETIONS_HELP: &str = "Install, e.g.:
  bash: fileops-validator completions bash > ~/.local/share/bash-completion/completions/fileops-validator
  zsh:  fileops-validator completions zsh > \"${fpath[1]}/_fileops-validator\"
  fish: fileops-validator completions fish > ~/.config/fish/completions/fileops-validator.fish";

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Exit statuses of `diff`.
pub const DIFF_EXIT_STATUS: &str =
    "Exit status: 0 same shape; 1 different shapes; 2 an input is unreadable or not JSON.";

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The first payload (JSON, NDJSON or HAR, optionally .gz).
    #[arg(value_name = "A")]
    pub a: PathBuf,
    /// The second payload.
    #[arg(value_name = "B")]
    pub b: PathBuf,
}

/// Exit statuses, shown under `validate --help`.
pub const EXIT_STATUS: &str = "Exit status: 0 no error-level violation; 1 at least one (a malformed \
payload counts); 2 usage error, unreadable input or internal failure.";

#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// Files, directories (walked recursively: *.json, *.ndjson, *.jsonl, *.har, also .gz), or
    /// `-` for standard input. None means standard input.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Report format on standard output.
    #[arg(short, long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Which checks run: the JSON Schema, the Rust types, or both.
    #[arg(short, long, value_enum, default_value_t = LayerArg::All)]
    pub layer: LayerArg,
    /// any: what the docs allow and what servers send; wire: only what servers send; docs:
    /// only the documented shape.
    #[arg(short, long, value_enum, default_value_t = ProfileArg::Any)]
    pub profile: ProfileArg,
    /// Properties the schema does not know are errors.
    #[arg(long)]
    pub strict: bool,
    /// Warnings count as errors for the exit status.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Fail only on violations not in this baseline file (written by --write-baseline).
    #[arg(short, long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Write the current violations to this baseline file (and exit 0 unless an input is
    /// unreadable).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Validate whole documents against this JSON Schema instead of the bundled one (the types
    /// and rules layers are then off).
    #[arg(long, value_name = "FILE")]
    pub schema: Option<PathBuf>,
    /// Validate only the inputs of shard K of N (1 <= K <= N; a stable partition by path).
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,
    /// Worker threads, 1 to 256 (default: all cores).
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=MAX_JOBS))]
    pub jobs: Option<u16>,
    /// No progress display (progress goes to standard error, only on a terminal).
    #[arg(short, long)]
    pub quiet: bool,
    /// Also write the report in FORMAT to PATH (repeatable), from the same validation:
    /// `--report sarif=fileops.sarif --report junit=junit.xml`. Each file is replaced whole or
    /// not at all.
    #[arg(long = "report", value_name = "FORMAT=PATH")]
    pub reports: Vec<ReportFile>,
    /// Show at most N violations of each input (the others are still counted, and the summary
    /// says how many were not shown).
    #[arg(long, value_name = "N")]
    pub max_violations: Option<usize>,
    /// Colour errors and warnings in the human report: auto (on a terminal, unless NO_COLOR is
    /// set), always, never. Files written by --report are never coloured.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
    /// How standard input is read (gzip is recognised by its magic bytes in every format).
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = StdinFormat::Json)]
    pub stdin_format: StdinFormat,
    /// In directory walks, take only files matching one of these glob patterns (matched
    /// against the path below the directory and against the file name; repeatable).
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,
    /// In directory walks, leave out files and directories matching these glob patterns
    /// (matched like --include; repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// The largest single value held in memory (an operation, an envelope member, a HAR
    /// request or response, a --schema document or NDJSON line), in bytes or with a suffix
    /// K, M, G (binary: KiB, MiB, GiB); a larger one makes the input unreadable (exit 2).
    #[arg(long, value_name = "SIZE", default_value = "256M")]
    pub max_document_size: Size,
    /// Sequence rules over the documents of each input, in order (polling logs: NDJSON lines,
    /// HAR entries by startedDateTime): progress never decreases, finished never reverts, ...
    #[arg(long, value_enum, default_value_t = Switch::On, value_name = "on|off")]
    pub sequence: Switch,
    /// Show each operation's life (first and last seen, progress over time, how it ended) in
    /// the human and JSON reports.
    #[arg(long)]
    pub timeline: bool,
    /// Check against what one DocSpace server release sends (`3.0.4`, `3.6` for every 3.6.x,
    /// `v3.7.2-server`): members and values of other releases are errors. Without it, the
    /// report says which releases are consistent with the capture.
    #[arg(long, value_name = "V", value_parser = parse_server_version)]
    pub server_version: Option<Releases>,
}

/// A `--report FORMAT=PATH` argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportFile {
    pub format: Format,
    pub path: PathBuf,
}

impl std::str::FromStr for ReportFile {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let (format, path) = s.split_once('=').ok_or_else(|| {
            format!("expected FORMAT=PATH (for instance sarif=fileops.sarif), found '{s}'")
        })?;
        let format = Format::from_str(format, true).map_err(|_| {
            let names: Vec<String> = Format::value_variants()
                .iter()
                .filter_map(|f| f.to_possible_value().map(|v| v.get_name().to_owned()))
                .collect();
            format!("unknown format '{format}' (one of: {})", names.join(", "))
        })?;
        if path.is_empty() {
            return Err("the PATH after FORMAT= is empty".into());
        }
        Ok(ReportFile {
            format,
            path: PathBuf::from(path),
        })
    }
}

/// When the human report is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

impl ColorArg {
    /// Whether to colour standard output, which is a terminal or not; `auto` follows
    /// <https://no-color.org> (`NO_COLOR` set and not empty: no colour) and `CLICOLOR_FORCE`
    /// (set and not `0`: colour even when not a terminal).
    #[must_use]
    pub fn enabled(self, terminal: bool) -> bool {
        let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
        match self {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => {
                let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
                !no_color && (terminal || set("CLICOLOR_FORCE"))
            }
        }
    }
}

/// A size in bytes, written as a number with an optional binary suffix (`512K`, `256M`, `1G`,
/// also `KiB`, `MiB`, `GiB`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size(pub usize);

impl std::str::FromStr for Size {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        let digits = text
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len());
        let (number, suffix) = text.split_at(digits);
        let shift = match suffix.to_ascii_lowercase().as_str() {
            "" | "b" => 0,
            "k" | "kb" | "kib" => 10,
            "m" | "mb" | "mib" => 20,
            "g" | "gb" | "gib" => 30,
            _ => return Err(format!("`{suffix}` is not a size suffix (use K, M or G)")),
        };
        let n: usize = number
            .parse()
            .map_err(|_| "expected a number of bytes, e.g. 256M".to_owned())?;
        let bytes = n
            .checked_mul(1usize << shift)
            .filter(|&b| b > 0)
            .ok_or_else(|| "the size must be at least 1 byte and fit in memory".to_owned())?;
        Ok(Size(bytes))
    }
}

/// The most worker threads `--jobs` accepts: more only costs memory and start-up time.
pub const MAX_JOBS: i64 = 256;

/// How standard input is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StdinFormat {
    /// One JSON text (or several, one after another).
    Json,
    /// One JSON text per line.
    Ndjson,
    /// A HAR 1.2 capture.
    Har,
}

impl ValidateArgs {
    /// What selects the sources besides the paths: the stdin format, the globs, and the
    /// baseline files (never taken as inputs).
    #[must_use]
    pub fn selection(&self) -> crate::input::source::Selection {
        use crate::input::source::InputFormat;
        crate::input::source::Selection {
            stdin_format: Some(match self.stdin_format {
                StdinFormat::Json => InputFormat::Json,
                StdinFormat::Ndjson => InputFormat::Ndjson,
                StdinFormat::Har => InputFormat::Har,
            }),
            include: self.include.clone(),
            exclude: self.exclude.clone(),
            never: self
                .baseline
                .iter()
                .chain(&self.write_baseline)
                .cloned()
                .collect(),
        }
    }
}

/// On or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Switch {
    On,
    Off,
}

#[derive(Debug, clap::Args)]
pub struct GenArgs {
    /// Operations in total (over all lines with --ndjson).
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub operations: usize,
    /// Seed: the same seed gives the same bytes.
    #[arg(long, value_name = "S", default_value_t = 0)]
    pub seed: u64,
    /// wire: what servers send (integer enums, date strings); docs: what the docs describe
    /// (enum names, date objects).
    #[arg(long, value_enum, default_value_t = StyleArg::Wire)]
    pub style: StyleArg,
    /// A bare list of operations instead of the envelope.
    #[arg(long)]
    pub bare: bool,
    /// A polling log: one poll per line, each with a few operations; one still running is
    /// listed again in the next poll (progress never lower) until it is shown finished.
    #[arg(long)]
    pub ndjson: bool,
    /// A polling log of one copy operation progressing over N polls (NDJSON, one poll a line);
    /// --seed changes its id.
    #[arg(
        long,
        value_name = "N",
        value_parser = clap::value_parser!(u32).range(1..=100_000),
        conflicts_with_all = ["operations", "style", "bare", "ndjson"]
    )]
    pub polls: Option<u32>,
    /// With --polls: the sequence fault the log carries (none: a valid log).
    #[arg(long, value_enum, default_value_t = crate::check::sequence::polls::Fault::None, requires = "polls")]
    pub fault: crate::check::sequence::polls::Fault,
    /// Instead, write one payload holding every member and enum value that DocSpace server
    /// release V sends (the newest, when V names several), as schema/releases.json records it.
    #[arg(long, value_name = "V", value_parser = parse_server_version)]
    pub server_version: Option<Releases>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StyleArg {
    Wire,
    Docs,
}

impl GenArgs {
    /// The generator options these arguments ask for.
    #[must_use]
    pub fn options(&self) -> crate::r#gen::GenOptions {
        crate::r#gen::GenOptions {
            operations: self.operations,
            seed: self.seed,
            style: match self.style {
                StyleArg::Wire => crate::r#gen::Style::Wire,
                StyleArg::Docs => crate::r#gen::Style::Docs,
            },
            bare: self.bare,
            ndjson: self.ndjson,
        }
    }
}

pub use crate::report::render::Format;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LayerArg {
    All,
    Schema,
    Types,
    /// Only the sequence rules (documents are still parsed; syntax errors still count).
    Sequence,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProfileArg {
    Any,
    Wire,
    Docs,
}

impl ValidateArgs {
    /// The validation options these arguments ask for.
    #[must_use]
    pub fn options(&self) -> Options {
        Options {
            layers: match self.layer {
                LayerArg::All => Layers::ALL,
                LayerArg::Schema => Layers::SCHEMA,
                LayerArg::Types => Layers::TYPES,
                LayerArg::Sequence => Layers {
                    schema: false,
                    types: false,
                },
            },
            profile: match self.profile {
                ProfileArg::Any => Profile::Any,
                ProfileArg::Wire => Profile::Wire,
                ProfileArg::Docs => Profile::Docs,
            },
            strict: self.strict,
            server_version: self.server_version,
        }
    }

    /// Whether the sequence rules and the timeline run: the rules with `--layer all` or
    /// `sequence` unless `--sequence off`.
    #[must_use]
    pub fn sequence(&self) -> crate::check::sequence::SequenceOptions {
        crate::check::sequence::SequenceOptions {
            rules: self.sequence == Switch::On
                && matches!(self.layer, LayerArg::All | LayerArg::Sequence),
            timeline: self.timeline,
        }
    }
}

/// `schema` options.
#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// Print the schema of what one DocSpace server release sends (`3.0.4`, `3.6`,
    /// `v3.7.2-server`): enum values and members of other releases are rejected.
    #[arg(long, value_name = "V", value_parser = parse_server_version)]
    pub server_version: Option<Releases>,
}

/// A `--server-version` value: the releases it names, or a usage error listing the known ones.
fn parse_server_version(v: &str) -> Result<Releases, String> {
    table().resolve(v)
}
