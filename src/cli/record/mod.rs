//! `fileops-validator record URL`: polls a portal's `GET /api/2.0/files/fileops`, writes every
//! answer to a HAR 1.2 or NDJSON file that is complete after each poll, and judges the capture
//! as it grows (the live verdict on standard error), until no operation is active, a duration
//! or count is reached, Ctrl-C, or the portal stops answering.

pub mod har_log;
pub mod live;
pub mod poll;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use clap::ValueEnum;
use serde_json::Value;

/// Shown under `record --help`.
pub const AFTER_HELP: &str = "Secrets: put the Authorization value in an environment variable \
(FILEOPS_AUTH, or the one --header-env names), not on the command line, where shell history \
and process listings keep it. Secret header values are redacted in the capture.\n\nExit status: 0 \
the capture has no error-level violation; 1 it has; 2 usage error, the portal answered non-2xx, \
timed out or went away (the file then holds every poll before that).";

/// The environment variable read for the `Authorization` header when no `--header-env` is given.
pub const AUTH_ENV: &str = "FILEOPS_AUTH";

#[derive(Debug, clap::Args)]
pub struct RecordArgs {
    /// The portal (`https://portal.example.com`) or the full endpoint URL.
    #[arg(value_name = "URL")]
    pub url: String,
    /// Where to write the capture (`.har`, or `.ndjson` / `.jsonl`).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: PathBuf,
    /// The capture format (default: from the file's extension; HAR otherwise).
    #[arg(long, value_enum)]
    pub format: Option<CaptureFormat>,
    /// Seconds between polls.
    #[arg(long, value_name = "SECONDS", default_value_t = 1.0, value_parser = seconds)]
    pub interval: f64,
    /// Stop after this many seconds.
    #[arg(long, value_name = "SECONDS", value_parser = seconds)]
    pub duration: Option<f64>,
    /// Stop after this many polls.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub count: Option<u64>,
    /// Seconds to wait for an answer before giving up.
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0, value_parser = seconds)]
    pub timeout: f64,
    /// A request header, `Name: value` (repeatable). Not for secrets: see --header-env.
    #[arg(long, value_name = "NAME: VALUE")]
    pub header: Vec<String>,
    /// Send the value of this environment variable as the Authorization header (default:
    /// FILEOPS_AUTH, when set).
    #[arg(long, value_name = "NAME")]
    pub header_env: Option<String>,
    /// Keep polling while no operation is active (stop only on --duration, --count or Ctrl-C).
    #[arg(long)]
    pub keep_going: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CaptureFormat {
    /// HAR 1.2, with timings (what browsers save).
    Har,
    /// One response body per line.
    Ndjson,
}

fn seconds(s: &str) -> Result<f64, String> {
    let v: f64 = s
        .parse()
        .map_err(|_| format!("{s:?} is not a number of seconds"))?;
    if v.is_finite() && v > 0.0 && v <= 31_536_000.0 {
        Ok(v)
    } else {
        Err(format!("{s} is not between 0 and one year of seconds"))
    }
}

/// The endpoint for a portal base or a full endpoint URL.
///
/// # Errors
/// When the URL is not http(s).
pub fn endpoint(url: &str) -> Result<String, String> {
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return Err(format!(
            "{url:?} is not an http:// or https:// URL of a portal"
        ));
    }
    if crate::input::har::is_fileops("GET", url) {
        return Ok(url.to_owned());
    }
    Ok(format!(
        "{}{}",
        url.trim_end_matches('/'),
        crate::input::har::ENDPOINT
    ))
}

/// The headers to send: `--header`s, then Authorization from the environment.
fn headers(args: &RecordArgs) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for h in &args.header {
        let (name, value) = h
            .split_once(':')
            .ok_or_else(|| format!("--header {h:?}: expected `Name: value`"))?;
        let name = name.trim();
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(format!("--header {h:?}: {name:?} is not a header name"));
        }
        out.push((name.to_owned(), value.trim().to_owned()));
    }
    let env = args.header_env.as_deref().unwrap_or(AUTH_ENV);
    match std::env::var(env) {
        Ok(value) if !value.is_empty() => out.push(("Authorization".to_owned(), value)),
        _ if args.header_env.is_some() => {
            return Err(format!(
                "--header-env {env}: the environment variable {env} is not set"
            ));
        }
        _ => {}
    }
    Ok(out)
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so a
/// reader never sees a half-written file.
///
/// # Errors
/// When writing or renaming fails.
pub fn replace(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.flush()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Where the polls go.
enum Sink {
    Har(har_log::HarLog),
    Ndjson(std::fs::File),
}

/// Runs `record`; the exit status.
#[must_use]
pub fn run(args: &RecordArgs) -> u8 {
    match record(args) {
        Ok(status) => status,
        Err(message) => {
            eprintln!("fileops-validator record: {message}");
            2
        }
    }
}

fn record(args: &RecordArgs) -> Result<u8, String> {
    let url = endpoint(&args.url)?;
    let headers = headers(args)?;
    let format =
        args.format
            .unwrap_or_else(|| match args.output.extension().and_then(|e| e.to_str()) {
                Some("ndjson" | "jsonl") => CaptureFormat::Ndjson,
                _ => CaptureFormat::Har,
            });
    let output = args.output.display().to_string();
    let mut sink = match format {
        CaptureFormat::Har => {
            let log = har_log::HarLog::new(&args.output);
            log.write().map_err(|e| format!("{output}: {e}"))?;
            Sink::Har(log)
        }
        CaptureFormat::Ndjson => {
            Sink::Ndjson(std::fs::File::create(&args.output).map_err(|e| format!("{output}: {e}"))?)
        }
    };
    let mut live = live::Live::new(&args.output, format)?;
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = Arc::clone(&stop);
        // Fails only when a handler is already set (a second run in one process): then Ctrl-C
        // ends the process as it would anyway, and every poll so far is already on disk.
        let _ = ctrlc::set_handler(move || stop.store(true, Ordering::SeqCst));
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs_f64(args.timeout)))
        .http_status_as_error(false)
        .user_agent(concat!("fileops-validator/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let began = Instant::now();
    let mut polls = 0u64;
    let mut failure: Option<String> = None;
    let reason = loop {
        if stop.load(Ordering::SeqCst) {
            break "interrupted (Ctrl-C)".to_owned();
        }
        let exchange = match poll::poll(&agent, &url, &headers) {
            Ok(x) => x,
            Err(poll::PollError(message)) => {
                failure = Some(format!("poll {}: {url}: {message}", polls + 1));
                break "the portal did not answer".to_owned();
            }
        };
        polls += 1;
        let shown = match &mut sink {
            Sink::Har(log) => {
                let written = log.push(&exchange).map_err(|e| format!("{output}: {e}"))?;
                live.har(&args.output, log, &written)?
            }
            Sink::Ndjson(file) => {
                let line = har_log::append_ndjson(file, &exchange.body)
                    .map_err(|e| format!("{output}: {e}"))?;
                live.ndjson(&args.output, &line)?
            }
        };
        let active = active_operations(&exchange);
        eprintln!(
            "poll {polls}: HTTP {} {}{}",
            exchange.status,
            exchange.status_text,
            match active {
                Some((listed, active)) => format!(", {listed} operation(s), {active} active"),
                None => String::new(),
            }
        );
        for v in live.report.violations.iter().skip(shown) {
            eprintln!(
                "  {}[{}]: {} (at {}:{}:{}, {})",
                v.severity,
                v.rule,
                v.message,
                v.input,
                v.line,
                v.column,
                if v.pointer.is_empty() {
                    "the document"
                } else {
                    &v.pointer
                }
            );
        }
        if !(200..300).contains(&exchange.status) {
            failure = Some(format!(
                "poll {polls}: the portal answered HTTP {} {}{}",
                exchange.status,
                exchange.status_text,
                if exchange.status == 401 || exchange.status == 403 {
                    format!(" (check the credentials: {AUTH_ENV} or --header-env)")
                } else {
                    String::new()
                }
            ));
            break "the portal refused the request".to_owned();
        }
        match active {
            _ if args.keep_going => {}
            Some((_, 0)) => break "no operation is active".to_owned(),
            // A login page or a proxy's answer: polling on would record more of the same.
            None => break "the answer is not a list of operations".to_owned(),
            Some(_) => {}
        }
        if args.count.is_some_and(|n| polls >= n) {
            break format!("{polls} poll(s) done (--count)");
        }
        let next = Duration::from_secs_f64(args.interval);
        if args
            .duration
            .is_some_and(|d| began.elapsed() + next > Duration::from_secs_f64(d))
        {
            break "the --duration is over".to_owned();
        }
        // Sleep in short slices so Ctrl-C is honoured promptly.
        let wake = Instant::now() + next;
        while Instant::now() < wake && !stop.load(Ordering::SeqCst) {
            std::thread::sleep((wake - Instant::now()).min(Duration::from_millis(50)));
        }
    };
    let report = &live.report;
    let s = &report.summary;
    eprintln!(
        "recorded {polls} poll(s) to {output} ({reason}): {} error(s), {} warning(s)",
        s.errors, s.warnings
    );
    if let Some(f) = failure {
        eprintln!("fileops-validator record: {f}");
        return Ok(2);
    }
    Ok(u8::from(!report.passed(false)))
}

/// (operations listed, operations not finished) of a 2xx fileops answer.
fn active_operations(x: &poll::Exchange) -> Option<(usize, usize)> {
    if !(200..300).contains(&x.status) {
        return None;
    }
    let v: Value = serde_json::from_slice(&x.body).ok()?;
    let ops = match &v {
        Value::Array(ops) => ops,
        Value::Object(o) => o.get("response")?.as_array()?,
        _ => return None,
    };
    let active = ops
        .iter()
        .filter(|op| op.get("finished").and_then(Value::as_bool) != Some(true))
        .count();
    Some((ops.len(), active))
}
