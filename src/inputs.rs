//! Inputs as named on the command line -> an ordered list of readable sources.

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::frame::Recovery;

/// Extensions of payload files in a directory walk (each also with `.gz`).
pub const EXTENSIONS: &[&str] = &["json", "ndjson", "jsonl", "har"];

/// One input to validate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Standard input.
    Stdin,
    /// A file, as given or as found in a directory.
    File(PathBuf),
}

impl Source {
    /// The name violations carry: `-` for standard input, the path otherwise.
    #[must_use]
    pub fn name(&self) -> String {
        match self {
            Source::Stdin => "-".to_owned(),
            Source::File(p) => p.display().to_string(),
        }
    }

    /// Whether the payload is line-oriented (NDJSON / JSON Lines): a syntax error then costs
    /// only its own line.
    #[must_use]
    pub fn recovery(&self) -> Recovery {
        let name = self.name();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        if name.ends_with(".ndjson") || name.ends_with(".jsonl") {
            Recovery::NextLine
        } else {
            Recovery::Stop
        }
    }

    /// Whether the source is a HAR capture (`.har`, `.har.gz`).
    #[must_use]
    pub fn is_har(&self) -> bool {
        let name = self.name();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        name.ends_with(".har")
    }

    /// Opens the source, decompressing `.gz`.
    ///
    /// # Errors
    /// When the file cannot be opened.
    pub fn open(&self) -> io::Result<Box<dyn Read + Send>> {
        let reader: Box<dyn Read + Send> = match self {
            Source::Stdin => Box::new(io::stdin()),
            Source::File(p) => Box::new(File::open(p)?),
        };
        if self.name().ends_with(".gz") {
            Ok(Box::new(flate2::read::MultiGzDecoder::new(BufReader::new(
                reader,
            ))))
        } else {
            Ok(reader)
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

/// The sources the arguments name, in order: directories walked recursively in sorted order.
///
/// # Errors
/// A path that does not exist or cannot be read, or a directory with no payload files.
pub fn resolve(args: &[PathBuf]) -> Result<Vec<Source>, InputError> {
    if args.is_empty() {
        return Ok(vec![Source::Stdin]);
    }
    let mut sources = Vec::new();
    for arg in args {
        if arg.as_os_str() == "-" {
            sources.push(Source::Stdin);
            continue;
        }
        let meta = std::fs::metadata(arg)
            .map_err(|e| InputError(format!("{}: {}", arg.display(), describe_io(&e))))?;
        if meta.is_dir() {
            let before = sources.len();
            walk(arg, &mut sources)?;
            if sources.len() == before {
                return Err(InputError(format!(
                    "{}: no payload files in this directory (looked for *.{} and the same with \
                     .gz)",
                    arg.display(),
                    EXTENSIONS.join(", *.")
                )));
            }
        } else {
            sources.push(Source::File(arg.clone()));
        }
    }
    Ok(sources)
}

fn walk(dir: &Path, out: &mut Vec<Source>) -> Result<(), InputError> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| InputError(format!("{}: {}", dir.display(), describe_io(&e))))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, out)?;
        } else if is_payload(&path) {
            out.push(Source::File(path));
        }
    }
    Ok(())
}

/// Whether a file name has a payload extension (optionally followed by `.gz`).
#[must_use]
pub fn is_payload(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let name = name.strip_suffix(".gz").unwrap_or(name);
    EXTENSIONS
        .iter()
        .any(|ext| name.len() > ext.len() + 1 && name.ends_with(&format!(".{ext}")))
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
