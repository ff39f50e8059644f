//! The HAR 1.2 file `record` writes: rewritten whole after every poll (to a temporary file,
//! then renamed over the target), so that whenever the recorder stops, even killed, the file
//! on disk is a complete, valid HAR.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::poll::Exchange;

/// The entries recorded so far and where they go.
#[derive(Debug)]
pub struct HarLog {
    path: PathBuf,
    entries: Vec<Value>,
}

impl HarLog {
    /// An empty log for `path` (nothing is written until the first poll).
    #[must_use]
    pub fn new(path: &Path) -> Self {
        HarLog {
            path: path.to_owned(),
            entries: Vec::new(),
        }
    }

    /// Adds one exchange and rewrites the file.
    ///
    /// # Errors
    /// When the file cannot be written.
    pub fn push(&mut self, exchange: &Exchange) -> std::io::Result<()> {
        self.entries.push(entry(exchange));
        self.write()
    }

    /// Writes the log as it stands (an empty log is a valid HAR too).
    ///
    /// # Errors
    /// When the file cannot be written.
    pub fn write(&self) -> std::io::Result<()> {
        let har = json!({"log": {
            "version": "1.2",
            "creator": {"name": "fileops-validator", "version": env!("CARGO_PKG_VERSION")},
            "entries": self.entries,
        }});
        let text = serde_json::to_vec_pretty(&har).map_err(std::io::Error::other)?;
        super::replace(&self.path, &text)
    }
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
/// every poll.
///
/// # Errors
/// When the file cannot be written.
pub fn append_ndjson(file: &mut std::fs::File, body: &[u8]) -> std::io::Result<()> {
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
    file.write_all(&line)?;
    file.write_all(b"\n")?;
    file.flush()
}
