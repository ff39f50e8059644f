//! Inputs as named on the command line -> an ordered list of readable sources.
//!
//! Directories are walked with `walkdir` (sorted by name, symlinks followed, loops cut) and only
//! regular files with a payload extension are taken: a FIFO, socket or device found in a walk is
//! never opened (one named on the command line is, as asked). A file reached twice (two links
//! to one directory) is validated once. An entry the walk cannot read becomes a
//! [`Source::Unreadable`], reported like any input that cannot be opened, and the walk goes on.

use std::collections::HashSet;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

use super::gzip::Sniffed;
pub use super::gzip::ungzip;
use crate::json::frame::Recovery;

/// Extensions of payload files in a directory walk (each also with `.gz`), matched ASCII
/// case-insensitively.
pub const EXTENSIONS: &[&str] = &["json", "ndjson", "jsonl", "har"];

/// How an input's bytes are read (after any gzip layer).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormat {
    /// One JSON text, or several one after another.
    #[default]
    Json,
    /// One JSON text per line (NDJSON / JSON Lines): a syntax error costs only its line.
    Ndjson,
    /// A HAR 1.2 capture: its fileops responses are validated.
    Har,
}

/// One input to validate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Standard input, read as JSON.
    Stdin,
    /// Standard input, read as `--stdin-format` says.
    StdinAs(InputFormat),
    /// A file, as given or as found in a directory.
    File(PathBuf),
    /// An entry a directory walk found but could not read (an untraversable directory, a
    /// dangling link): opening it fails with this error, so it is reported like any other
    /// unreadable input.
    Unreadable {
        /// The entry's path.
        path: PathBuf,
        /// The kind of the error opening it gives.
        kind: io::ErrorKind,
        /// The error's message.
        message: String,
    },
}

impl Source {
    /// The name violations carry: `-` for standard input, the path otherwise (lossily for a
    /// name that is not UTF-8).
    #[must_use]
    pub fn name(&self) -> String {
        match self {
            Source::Stdin | Source::StdinAs(_) => "-".to_owned(),
            Source::File(p) | Source::Unreadable { path: p, .. } => p.display().to_string(),
        }
    }

    /// How the source is read: from the extension for files (`.ndjson`, `.jsonl`, `.har`,
    /// each also with `.gz`, any case), from `--stdin-format` for standard input.
    #[must_use]
    pub fn format(&self) -> InputFormat {
        match self {
            Source::Stdin => InputFormat::Json,
            Source::StdinAs(format) => *format,
            Source::File(p) | Source::Unreadable { path: p, .. } => format_of(p),
        }
    }

    /// Whether the payload is line-oriented (NDJSON / JSON Lines): a syntax error then costs
    /// only its own line.
    #[must_use]
    pub fn recovery(&self) -> Recovery {
        if self.format() == InputFormat::Ndjson {
            Recovery::NextLine
        } else {
            Recovery::Stop
        }
    }

    /// Whether the source is a HAR capture (`.har`, `.har.gz`, or `--stdin-format har`).
    #[must_use]
    pub fn is_har(&self) -> bool {
        self.format() == InputFormat::Har
    }

    /// Opens the source; a gzip stream (told by its magic bytes, whatever the name) is
    /// decompressed.
    ///
    /// # Errors
    /// When the file cannot be opened; for a name ending in `.gz`, also when its first bytes
    /// cannot be read or are not gzip's (any other input's are read by the caller).
    pub fn open(&self) -> io::Result<Box<dyn Read + Send>> {
        let reader: Box<dyn Read + Send> = match self {
            Source::Stdin | Source::StdinAs(_) => Box::new(io::stdin()),
            Source::File(p) => Box::new(File::open(p)?),
            Source::Unreadable { kind, message, .. } => {
                return Err(io::Error::new(*kind, message.clone()));
            }
        };
        let named_gz = match self {
            Source::File(p) => NameParts::of(p).gz,
            _ => false,
        };
        if !named_gz {
            // Told on the first read, with no read of its own (see `input::gzip`).
            return Ok(Box::new(Sniffed::new(reader)));
        }
        // Named `.gz`: refused here, on its first two bytes, when it is not gzip (an error
        // opening it, as before), rather than on the framer's first read.
        let (reader, gzip) = ungzip(reader)?;
        if !gzip {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "not gzip data: the name ends in .gz but the file does not start with the gzip \
                 magic bytes 1f 8b",
            ));
        }
        Ok(reader)
    }
}

/// The format a file name says (ASCII case-insensitive; `.gz` looked through).
fn format_of(path: &Path) -> InputFormat {
    match NameParts::of(path).extension {
        Some(("ndjson" | "jsonl", _)) => InputFormat::Ndjson,
        Some(("har", _)) => InputFormat::Har,
        _ => InputFormat::Json,
    }
}

/// What a file name says about its content, read as bytes with ASCII case ignored (no lowered
/// copy: this runs for every file of a walked folder).
struct NameParts<'p> {
    /// The payload extension (one of [`EXTENSIONS`]) under any `.gz`, and the stem before it.
    extension: Option<(&'static str, &'p [u8])>,
    /// The name ends in `.gz`.
    gz: bool,
}

impl<'p> NameParts<'p> {
    fn of(path: &'p Path) -> Self {
        let name = path.file_name().map_or(&[][..], |n| n.as_encoded_bytes());
        let inner = strip_extension(name, "gz");
        let name = inner.unwrap_or(name);
        NameParts {
            extension: EXTENSIONS
                .iter()
                .find_map(|ext| strip_extension(name, ext).map(|stem| (*ext, stem))),
            gz: inner.is_some(),
        }
    }
}

/// Why inputs could not be listed.
#[derive(Debug)]
pub struct InputError(pub String);

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What shapes the list of sources besides the paths themselves.
#[derive(Debug, Default)]
pub struct Selection {
    /// The format standard input is read in (`--stdin-format`); `None` is JSON.
    pub stdin_format: Option<InputFormat>,
    /// Glob patterns a walked file must match (one of) to be taken (`--include`).
    pub include: Vec<String>,
    /// Glob patterns that leave a walked file or directory out (`--exclude`).
    pub exclude: Vec<String>,
    /// Files never taken from a walk (the baseline being read or written).
    pub never: Vec<PathBuf>,
}

/// The sources the arguments name, in order: directories walked recursively in sorted order.
///
/// # Errors
/// A path that does not exist or cannot be read, or a directory with no payload files.
pub fn resolve(args: &[PathBuf]) -> Result<Vec<Source>, InputError> {
    resolve_with(args, &Selection::default())
}

/// [`resolve`], with the selection `--stdin-format`, `--include`, `--exclude` and the baseline
/// options ask for.
///
/// # Errors
/// As [`resolve`], and a glob pattern that does not parse.
pub fn resolve_with(args: &[PathBuf], selection: &Selection) -> Result<Vec<Source>, InputError> {
    let mut sources = Vec::new();
    resolve_each(args, selection, &mut |source| sources.push(source))?;
    Ok(sources)
}

/// [`resolve_with`], handing each source to `emit` as soon as it is found (in the same order),
/// so that a caller can validate the first files of a large folder while the rest is walked.
/// On an error, the sources already emitted are the ones before it.
///
/// # Errors
/// As [`resolve_with`].
pub fn resolve_each(
    args: &[PathBuf],
    selection: &Selection,
    emit: &mut dyn FnMut(Source),
) -> Result<(), InputError> {
    let stdin = match selection.stdin_format {
        None => Source::Stdin,
        Some(format) => Source::StdinAs(format),
    };
    if args.is_empty() {
        emit(stdin);
        return Ok(());
    }
    let filter = Filter::new(selection)?;
    let mut seen = HashSet::new();
    for arg in args {
        if arg.as_os_str() == "-" {
            emit(stdin.clone());
            continue;
        }
        let arg = normalize(arg);
        let meta = std::fs::metadata(&arg)
            .map_err(|e| InputError(format!("{}: {}", arg.display(), describe_io(&e))))?;
        if meta.is_dir() {
            if walk(&arg, &filter, &mut seen, emit) == 0 {
                return Err(InputError(format!(
                    "{}: no payload files in this directory (looked for *.{} and the same with \
                     .gz)",
                    arg.display(),
                    EXTENSIONS.join(", *.")
                )));
            }
        } else if seen.insert(identity(&arg, &meta)) {
            // Named on the command line: taken whatever it is (a FIFO included).
            emit(Source::File(arg));
        }
    }
    Ok(())
}

/// `path` with `.` components and repeated separators dropped (`./a//b/` -> `a/b`), so that
/// reports and baselines name a file the same way however the directory was spelled. `..` is
/// kept: resolving it would need the file system and changes meaning through symlinks.
#[must_use]
pub fn normalize(path: &Path) -> PathBuf {
    let normal: PathBuf = path
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    if normal.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        normal
    }
}

/// What tells two names of one file apart from two files: device and inode where there are
/// such, the canonical path elsewhere.
#[derive(Debug, Hash, PartialEq, Eq)]
enum Identity {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg(not(unix))]
    Path(PathBuf),
}

fn identity(path: &Path, meta: &std::fs::Metadata) -> Identity {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let _ = path;
        Identity::Inode(meta.dev(), meta.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        Identity::Path(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned()))
    }
}

/// `--include`, `--exclude` and the files never taken, compiled once.
struct Filter {
    include: Option<GlobSet>,
    exclude: GlobSet,
    never: HashSet<Identity>,
}

impl Filter {
    fn new(selection: &Selection) -> Result<Self, InputError> {
        let include = if selection.include.is_empty() {
            None
        } else {
            Some(globs(&selection.include, "--include")?)
        };
        let never = selection
            .never
            .iter()
            .filter_map(|p| std::fs::metadata(p).ok().map(|m| identity(p, &m)))
            .collect();
        Ok(Filter {
            include,
            exclude: globs(&selection.exclude, "--exclude")?,
            never,
        })
    }

    /// Whether a path walked from `root` is left out by `--exclude`. An empty set is not
    /// asked: it would still build a candidate per file.
    fn excluded(&self, root: &Path, path: &Path) -> bool {
        !self.exclude.is_empty() && matches(&self.exclude, relative(root, path))
    }

    /// Whether a file walked from `root` is taken by `--include` (all are without one).
    fn included(&self, root: &Path, path: &Path) -> bool {
        self.include
            .as_ref()
            .is_none_or(|set| matches(set, relative(root, path)))
    }
}

/// A pattern matches the path relative to the walked directory or the file name alone
/// (`*.har` and `old/**` both work as expected).
fn matches(set: &GlobSet, relative: &Path) -> bool {
    set.is_match(relative) || relative.file_name().is_some_and(|n| set.is_match(n))
}

fn globs(patterns: &[String], option: &str) -> Result<GlobSet, InputError> {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        let glob = Glob::new(pattern)
            .map_err(|e| InputError(format!("{option} {pattern}: not a glob pattern ({e})")))?;
        builder.add(glob);
    }
    builder
        .build()
        .map_err(|e| InputError(format!("{option}: {e}")))
}

/// Emits the sources under `dir`; how many.
fn walk(
    dir: &Path,
    filter: &Filter,
    seen: &mut HashSet<Identity>,
    emit: &mut dyn FnMut(Source),
) -> usize {
    let mut emitted = 0;
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        // Siblings by name, as `sort_by_file_name` orders them, but without parsing both paths
        // on every comparison (that was most of the walk's own time on a folder of thousands).
        .sort_by(|a, b| last_component(a.path()).cmp(last_component(b.path())))
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !filter.excluded(dir, e.path()));
    // A walked path is the root joined with names: already normal unless the root is `.`,
    // whose children would read `./name`.
    let renormalize = dir == Path::new(".");
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                if let Some(source) = unreadable(&e) {
                    emit(source);
                    emitted += 1;
                }
                continue;
            }
        };
        let path = entry.path();
        // Regular files only: a FIFO would block the run, a device never ends.
        if !entry.file_type().is_file() || !is_payload(path) {
            continue;
        }
        if !filter.included(dir, path) {
            continue;
        }
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        let id = identity(path, &meta);
        if filter.never.contains(&id) || !seen.insert(id) {
            continue;
        }
        emit(Source::File(if renormalize {
            normalize(path)
        } else {
            entry.into_path()
        }));
        emitted += 1;
    }
    emitted
}

/// The bytes after a path's last separator: the file name of a path walkdir built by joining a
/// name to its parent (siblings share the parent, so these order them as their names do).
fn last_component(path: &Path) -> &[u8] {
    let bytes = path.as_os_str().as_encoded_bytes();
    let start = bytes
        .iter()
        .rposition(|&b| std::path::is_separator(char::from(b)))
        .map_or(0, |i| i + 1);
    &bytes[start..]
}

fn relative<'a>(root: &Path, path: &'a Path) -> &'a Path {
    path.strip_prefix(root).unwrap_or(path)
}

/// The source a walk error becomes: `None` for a symlink loop (its files are reached through
/// the ancestor anyway) and for a dangling link whose name is not a payload's.
fn unreadable(e: &walkdir::Error) -> Option<Source> {
    if e.loop_ancestor().is_some() {
        return None;
    }
    let path = e.path()?.to_owned();
    let dangling = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink())
        && std::fs::metadata(&path).is_err();
    if dangling && !is_payload(&path) {
        return None;
    }
    let path = normalize(&path);
    let (kind, message) = match e.io_error() {
        Some(io) => (io.kind(), describe_io(io)),
        None => (io::ErrorKind::Other, e.to_string()),
    };
    Some(Source::Unreadable {
        path,
        kind,
        message,
    })
}

/// Whether a file name has a payload extension (optionally followed by `.gz`), in any case.
#[must_use]
pub fn is_payload(path: &Path) -> bool {
    NameParts::of(path)
        .extension
        .is_some_and(|(_, stem)| !stem.is_empty())
}

/// `name` without its `.ext` (ASCII case ignored), if it ends so.
fn strip_extension<'n>(name: &'n [u8], ext: &str) -> Option<&'n [u8]> {
    let at = name.len().checked_sub(ext.len() + 1)?;
    let (stem, dot_ext) = name.split_at(at);
    (dot_ext[0] == b'.' && dot_ext[1..].eq_ignore_ascii_case(ext.as_bytes())).then_some(stem)
}

/// An I/O error in words.
#[must_use]
pub fn describe_io(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::{is_payload, last_component};
    use std::path::Path;

    #[test]
    fn payload_names_are_the_extensions_in_any_case_gzipped_or_not() {
        for name in [
            "a.json",
            "dir/a.JSON",
            "a.ndjson",
            "a.JsonL",
            "x.har",
            "a.json.gz",
            "a.HAR.GZ",
            "..json",
            "a.b.json",
        ] {
            assert!(is_payload(Path::new(name)), "{name}");
        }
        for name in [
            ".json",
            "json",
            "a.gz",
            ".json.gz",
            "a.txt",
            "a.json.txt",
            "a.json.gz.gz",
            "ajson",
            "a.jso",
            "",
            "dir/",
        ] {
            assert!(!is_payload(Path::new(name)), "{name}");
        }
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let name = std::ffi::OsStr::from_bytes(b"\xff.json");
            assert!(is_payload(Path::new(name)));
        }
    }

    #[test]
    fn the_last_component_is_the_file_name_of_a_joined_path() {
        for path in ["a/b/c.json", "c.json", "/c.json", "a/b"] {
            let path = Path::new(path);
            assert_eq!(
                last_component(path),
                path.file_name().unwrap().as_encoded_bytes()
            );
        }
    }
}
