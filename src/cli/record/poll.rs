//! One poll of `GET /api/2.0/files/fileops` with ureq: what was sent, what came back, and when.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// A request and its response, as recorded.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub url: String,
    /// When the request started, RFC 3339 UTC with milliseconds.
    pub started: String,
    /// Request headers as recorded (secret values redacted).
    pub request_headers: Vec<(String, String)>,
    pub status: u16,
    pub status_text: String,
    pub response_headers: Vec<(String, String)>,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
    /// Until the response headers arrived.
    pub wait_ms: u64,
    /// Reading the body.
    pub receive_ms: u64,
}

/// Why a poll got no response.
#[derive(Debug)]
pub struct PollError(pub String);

/// Largest body read (a fileops answer is kilobytes; this stops a runaway server).
pub const MAX_BODY: u64 = 64 << 20;

/// Header names whose values are never written to a capture.
const SECRET: &[&str] = &["authorization", "cookie", "x-api-key"];

/// Polls `url` once with `headers`.
///
/// # Errors
/// When no HTTP response arrives (refused, timed out, dropped) or the body cannot be read.
pub fn poll(
    agent: &ureq::Agent,
    url: &str,
    headers: &[(String, String)],
) -> Result<Exchange, PollError> {
    let started = rfc3339_now();
    let t0 = Instant::now();
    let mut request = agent.get(url).header("Accept", "application/json");
    for (name, value) in headers {
        request = request.header(name.as_str(), value.as_str());
    }
    let mut response = request.call().map_err(|e| PollError(describe(&e)))?;
    let wait = t0.elapsed();
    let status = response.status();
    let response_headers: Vec<(String, String)> = response
        .headers()
        .iter()
        .map(|(n, v)| {
            let value = String::from_utf8_lossy(v.as_bytes()).into_owned();
            (n.as_str().to_owned(), redact(n.as_str(), value))
        })
        .collect();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let t1 = Instant::now();
    let body = response
        .body_mut()
        .with_config()
        .limit(MAX_BODY)
        .read_to_vec()
        .map_err(|e| PollError(format!("reading the response body: {}", describe(&e))))?;
    let receive = t1.elapsed();
    let mut request_headers = vec![("Accept".to_owned(), "application/json".to_owned())];
    request_headers.extend(
        headers
            .iter()
            .map(|(n, v)| (n.clone(), redact(n, v.clone()))),
    );
    Ok(Exchange {
        url: url.to_owned(),
        started,
        request_headers,
        status: status.as_u16(),
        status_text: status.canonical_reason().unwrap_or("").to_owned(),
        response_headers,
        content_type,
        body,
        wait_ms: millis(wait),
        receive_ms: millis(receive),
    })
}

fn redact(name: &str, value: String) -> String {
    if SECRET.iter().any(|s| name.eq_ignore_ascii_case(s)) {
        "[redacted by fileops-validator record]".to_owned()
    } else {
        value
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// A transport error in words for the person at the terminal.
fn describe(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Timeout(_) => format!("no answer in time ({e})"),
        ureq::Error::ConnectionFailed | ureq::Error::HostNotFound => {
            format!("cannot reach the portal ({e})")
        }
        ureq::Error::Io(io) => format!("the connection failed: {io}"),
        other => other.to_string(),
    }
}

/// Now, as RFC 3339 UTC with milliseconds (`2026-12-01T21:04:05.123Z`).
#[must_use]
pub fn rfc3339_now() -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    rfc3339(now.as_secs(), now.subsec_millis())
}

/// Seconds since the Unix epoch as RFC 3339 UTC (civil-from-days, proleptic Gregorian).
#[must_use]
pub fn rfc3339(secs: u64, millis: u32) -> String {
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    let (year, month, day) = crate::model::dates::civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_utc_dates() {
        assert_eq!(rfc3339(0, 0), "1970-01-01T00:00:00.000Z");
        assert_eq!(rfc3339(951_782_400, 7), "2000-02-29T00:00:00.007Z");
        assert_eq!(rfc3339(1_796_159_045, 123), "2026-12-01T21:04:05.123Z");
    }
}
