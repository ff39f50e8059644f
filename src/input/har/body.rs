//! A HAR response's body: found in the stored `response` object, decoded from its JSON string
//! literal (and base64), with the way back from decoded offsets to where the bytes are stored.

use base64::Engine;
use serde::Deserialize;
use serde::de::IgnoredAny;

use super::HarProblem;
use crate::json::lex::{escape_at, find_quote_or_backslash};
use crate::json::locate::locate;

#[derive(Deserialize)]
struct Response {
    #[serde(default)]
    status: Option<i64>,
    #[serde(default)]
    content: Option<Content>,
}

#[derive(Deserialize)]
struct Content {
    #[serde(default)]
    text: Option<IgnoredAny>,
    #[serde(default)]
    encoding: Option<String>,
}

/// A response's body, decoded, with the way back to where it is stored.
///
/// No map of the escapes is kept (it cost 32 bytes per escape, more than the body itself):
/// [`Body::raw_offsets`] walks the literal again, once for all the offsets it is asked.
#[derive(Debug)]
pub struct Body {
    /// HTTP status of the response.
    pub status: i64,
    /// The decoded body.
    pub bytes: Vec<u8>,
    /// Offset of the text's opening quote in the response object.
    literal: usize,
    /// The text was base64: every offset maps to the opening quote.
    base64: bool,
}

/// Why a response has no body to validate.
#[derive(Debug)]
pub enum NoBody {
    /// The response has no `content.text` (not saved, or empty); `status` says what it was.
    Missing { status: i64 },
    /// The response is not a HAR response object, or its text does not decode.
    Broken { offset: usize, problem: HarProblem },
}

impl Body {
    /// Reads the body out of a HAR `response` object as stored.
    ///
    /// # Errors
    /// When there is no body text, or it cannot be decoded.
    pub fn from_response(response: &[u8]) -> Result<Body, NoBody> {
        let parsed: Response = serde_json::from_slice(response).map_err(|e| NoBody::Broken {
            offset: 0,
            problem: HarProblem::NotAResponseObject {
                error: e.to_string(),
            },
        })?;
        let status = parsed.status.unwrap_or(0);
        let content = parsed.content.unwrap_or(Content {
            text: None,
            encoding: None,
        });
        if content.text.is_none() {
            return Err(NoBody::Missing { status });
        }
        let found = locate(response, &["content", "text"]);
        let literal = found.value;
        if !found.exact || response.get(literal) != Some(&b'"') {
            return Err(NoBody::Broken {
                offset: literal,
                problem: HarProblem::TextNotAString,
            });
        }
        let bytes =
            decode_literal(&response[literal..]).map_err(|(at, message)| NoBody::Broken {
                offset: literal + at,
                problem: HarProblem::BadLiteral { message },
            })?;
        let base64 = content.encoding.as_deref() == Some("base64");
        if bytes.is_empty() {
            return Err(NoBody::Missing { status });
        }
        if !base64 {
            return Ok(Body {
                status,
                bytes,
                literal,
                base64: false,
            });
        }
        let compact: Vec<u8> = bytes
            .into_iter()
            .filter(|b| !b.is_ascii_whitespace())
            .collect();
        let engine = base64::engine::GeneralPurpose::new(
            &base64::alphabet::STANDARD,
            base64::engine::GeneralPurposeConfig::new()
                .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
        );
        let bytes = engine.decode(&compact).map_err(|e| NoBody::Broken {
            offset: literal,
            problem: HarProblem::BadBase64 {
                error: e.to_string(),
            },
        })?;
        Ok(Body {
            status,
            bytes,
            literal,
            base64: true,
        })
    }

    /// Whether the body was stored base64-encoded.
    #[must_use]
    pub fn is_base64(&self) -> bool {
        self.base64
    }

    /// The offsets in `response` (the object this body was read from) of the decoded body's
    /// byte `offsets`, which must come in ascending order: inside the string literal, past the
    /// escapes before each; the closing quote for the end of the body; the opening quote for
    /// a base64 body. One pass over the literal whatever the number of offsets, and only as far
    /// as the last of them (every body is asked, often for its start alone).
    #[must_use]
    pub fn raw_offsets(&self, response: &[u8], offsets: &[usize]) -> Vec<usize> {
        if self.base64 {
            return vec![self.literal; offsets.len()];
        }
        let start = (self.literal + 1).min(response.len());
        let raw = &response[start..];
        let mut out = Vec::with_capacity(offsets.len());
        let mut targets = offsets.iter().copied().peekable();
        // `r` walks the literal, `d` the decoded bytes it stands for.
        let (mut r, mut d) = (0usize, 0usize);
        loop {
            if targets.peek().is_none() {
                return out;
            }
            let j = find_quote_or_backslash(&raw[r..]).map_or(raw.len(), |j| r + j);
            // A plain run maps byte for byte.
            while let Some(t) = targets.next_if(|&t| t < d + (j - r)) {
                out.push(start + r + (t - d));
            }
            d += j - r;
            r = j;
            let escape = match raw.get(j) {
                Some(b'\\') => escape_at(raw, j).ok(),
                _ => None,
            };
            let Some((len, ch)) = escape else {
                // The closing quote (or where decoding stopped): the end and anything past it.
                out.extend(targets.map(|_| start + r));
                return out;
            };
            // An escape's output maps to the escape's first byte.
            let n = ch.len_utf8();
            while targets.next_if(|&t| t < d + n).is_some() {
                out.push(start + r);
            }
            d += n;
            r += len;
        }
    }
}

/// Decodes the JSON string literal at the start of `text` (its opening quote).
fn decode_literal(text: &[u8]) -> Result<Vec<u8>, (usize, String)> {
    let raw = &text[1..];
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    loop {
        let Some(j) = find_quote_or_backslash(&raw[i..]) else {
            return Err((1 + raw.len(), "unterminated string".to_owned()));
        };
        out.extend_from_slice(&raw[i..i + j]);
        i += j;
        if raw[i] == b'"' {
            return Ok(out);
        }
        let (len, ch) = escape_at(raw, i).map_err(|(at, message)| (1 + at, message))?;
        let mut utf8 = [0; 4];
        out.extend_from_slice(ch.encode_utf8(&mut utf8).as_bytes());
        i += len;
    }
}
