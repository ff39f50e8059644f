//! The HAR 1.2 file `record` writes: rewritten whole after every poll (to a temporary file,
//! then renamed over the target), so that whenever the recorder stops, even killed, the file
//! on disk is a complete, valid HAR. Each entry is serialized once, when it arrives, and its
//! place in the file is known then (the live verdict judges it there, see `live`).

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::poll::Exchange;
use crate::json::position::Position;

/// What comes before each entry: entries sit one level inside `log.entries`.
const INDENT: &[u8] = b"      ";
/// What follows the last entry.
const FOOTER: &[u8] = b"\n    ]\n  }\n}\n";

/// The entries recorded so far and where they go.
#[derive(Debug)]
pub struct HarLog {
    path: PathBuf,
    /// Everything up to the first entry's indentation.
    header: Vec<u8>,
    /// The entries as written, each indented, joined by `,\n`.
    entries: Vec<u8>,
    count: usize,
    /// Where the entries end in the file.
    end: Position,
}

/// One entry as it stands in the file.
#[derive(Debug, Clone)]
pub struct Written {
    /// Its index in `log.entries`.
    pub index: usize,
    /// Where its text starts in the file.
    pub at: Position,
    /// Its text (pretty-printed, lines after the first indented as in the file).
    pub text: Vec<u8>,
}

impl HarLog {
    /// An empty log for `path` (nothing is written until [`HarLog::write`] or a poll).
    #[must_use]
    pub fn new(path: &Path) -> Self {
        let version = Value::from(env!("CARGO_PKG_VERSION"));
        let header = format!(
            "{{\n  \"log\": {{\n    \"version\": \"1.2\",\n    \"creator\": {{\n      \"name\": \
             \"fileops-validator\",\n      \"version\": {version}\n    }},\n    \"entries\": [\n"
        )
        .into_bytes();
        HarLog {
            path: path.to_owned(),
            end: Position::START.advanced_by(&header),
            header,
            entries: Vec::new(),
            count: 0,
        }
    }

    /// Adds one exchange and rewrites the file; the entry as written.
    ///
    /// # Errors
    /// When the file cannot be written.
    pub fn push(&mut self, exchange: &Exchange) -> std::io::Result<Written> {
        let text = indented(&entry(exchange))?;
        let separator: &[u8] = if self.count == 0 { b"" } else { b",\n" };
        self.entries.extend_from_slice(separator);
        self.entries.extend_from_slice(INDENT);
        let at = self.end.advanced_by(separator).advanced_by(INDENT);
        self.entries.extend_from_slice(&text);
        self.end = at.advanced_by(&text);
        let written = Written {
            index: self.count,
            at,
            text,
        };
        self.count += 1;
        self.write()?;
        Ok(written)
    }

    /// Writes the log as it stands (an empty log is a valid HAR too).
    ///
    /// # Errors
    /// When the file cannot be written.
    pub fn write(&self) -> std::io::Result<()> {
        let mut text = Vec::with_capacity(self.header.len() + self.entries.len() + FOOTER.len());
        text.extend_from_slice(&self.header);
        text.extend_from_slice(&self.entries);
        text.extend_from_slice(FOOTER);
        super::replace(&self.path, &text)
    }

    /// A HAR holding only `text` as its one entry, laid out as this log is, and where the entry
    /// starts in it (at the same column as in the log).
    #[must_use]
    pub fn alone(&self, text: &[u8]) -> (Vec<u8>, Position) {
        let mut har = Vec::with_capacity(self.header.len() + INDENT.len() + text.len() + 16);
        har.extend_from_slice(&self.header);
        har.extend_from_slice(INDENT);
        let at = Position::START.advanced_by(&har);
        har.extend_from_slice(text);
        har.extend_from_slice(FOOTER);
        (har, at)
    }
}

/// An entry pretty-printed at its depth in the log (JSON strings hold no raw line break, so
/// every one is the printer's).
fn indented(entry: &Value) -> std::io::Result<Vec<u8>> {
    let text = serde_json::to_vec_pretty(entry).map_err(std::io::Error::other)?;
    let mut out = Vec::with_capacity(text.len() + text.len() / 4);
    for &b in &text {
        out.push(b);
        if b == b'\n' {
            out.extend_from_slice(INDENT);
        }
    }
    Ok(out)
}

/// One HAR entry: request (the secret header values redacted), response and timings.
fn entry(x: &Exchange) -> Value {
    let headers = |hs: &[(String, String)]| -> Vec<Value> {
        hs.iter()
            .map(|(n, v)| json!({"name": n, "value": v}))
            .collect()
    };
    let (text, encoding) = match std::str::from_utf8(&x.body) {
        Ok(s) => (s.to_owned(), None),
        Err(_) => {
            use base64::Engine;
            (
                base64::engine::general_purpose::STANDARD.encode(&x.body),
                Some("base64"),
            )
        }
    };
    let mut content = json!({
        "size": x.body.len(),
        "mimeType": x.content_type.as_deref().unwrap_or("application/octet-stream"),
        "text": text,
    });
    if let Some(e) = encoding {
        content["encoding"] = json!(e);
    }
    json!({
        "startedDateTime": x.started,
        "time": x.wait_ms + x.receive_ms,
        "request": {
            "method": "GET",
            "url": x.url,
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": headers(&x.request_headers),
            "queryString": [],
            "headersSize": -1,
            "bodySize": 0,
        },
        "response": {
            "status": x.status,
            "statusText": x.status_text,
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": headers(&x.response_headers),
            "content": content,
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": x.body.len(),
        },
        "cache": {},
        "timings": {
            "blocked": -1, "dns": -1, "connect": -1, "ssl": -1,
            "send": 0,
            "wait": x.wait_ms,
            "receive": x.receive_ms,
        },
    })
}

/// Appends one NDJSON line (the body on one line) and flushes, so the file is valid after
/// every poll; the line as written, line break included.
///
/// # Errors
/// When the file cannot be written.
pub fn append_ndjson(file: &mut std::fs::File, body: &[u8]) -> std::io::Result<Vec<u8>> {
    let line = if body.contains(&b'\n') || body.contains(&b'\r') {
        // Pretty-printed bodies become one line; a body that is not JSON stays as it is, with
        // its line breaks escaped away, so it is one (broken) document rather than several.
        match serde_json::from_slice::<Value>(body) {
            Ok(v) => serde_json::to_vec(&v).map_err(std::io::Error::other)?,
            Err(_) => body
                .iter()
                .map(|&b| if b == b'\n' || b == b'\r' { b' ' } else { b })
                .collect(),
        }
    } else {
        body.to_vec()
    };
    let mut line = line;
    line.push(b'\n');
    file.write_all(&line)?;
    file.flush()?;
    Ok(line)
}
