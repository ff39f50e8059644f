//! A HAR response's body: found in the stored `response` object, decoded from its JSON string
//! literal (and base64), with the way back from decoded offsets to where the bytes are stored.

use base64::Engine;
use serde::Deserialize;
use serde::de::IgnoredAny;

use super::HarProblem;
use crate::json::lex::{escape_at, find_quote_or_backslash};
use crate::json::locate::{locate, locate_first};

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
        Body::read(response, true)
    }

    /// [`Body::from_response`]; with `text_first: false`, serde_json reads the response as
    /// stored before the text is decoded (the tests hold the two ways to the same answer).
    pub(super) fn read(response: &[u8], text_first: bool) -> Result<Body, NoBody> {
        // The text is nearly all of a response, and serde_json reading it (to skip it) took as
        // long as decoding it: when it decodes, and so is a string serde_json would accept,
        // serde_json reads a copy in which it is blank, of the same length, so that anything it
        // says of the rest is said at the same line and column.
        let text = if text_first {
            decoded_text(response)
        } else {
            None
        };
        let parsed: Result<Response, _> = match &text {
            Some(text) => serde_json::from_slice(&blanked(response, text.literal, text.end)),
            None => serde_json::from_slice(response),
        };
        let parsed = parsed.map_err(|e| NoBody::Broken {
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
            utf8_outside(response, None)?;
            return Err(NoBody::Missing { status });
        }
        let (literal, end, bytes) = match text {
            Some(text) => (text.literal, text.end, text.bytes),
            None => {
                let found = locate(response, &["content", "text"]);
                let literal = found.value;
                if !found.exact || response.get(literal) != Some(&b'"') {
                    utf8_outside(response, None)?;
                    return Err(NoBody::Broken {
                        offset: literal,
                        problem: HarProblem::TextNotAString,
                    });
                }
                let (bytes, len) =
                    decode_literal(&response[literal..]).map_err(|(at, message)| {
                        NoBody::Broken {
                            offset: literal + at,
                            problem: HarProblem::BadLiteral { message },
                        }
                    })?;
                (literal, literal + len, bytes)
            }
        };
        utf8_outside(response, Some((literal, end)))?;
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

/// `content.text` of a response, found and decoded before serde_json reads the response.
struct DecodedText {
    /// Offset of its opening quote.
    literal: usize,
    /// Offset just past its closing quote.
    end: usize,
    bytes: Vec<u8>,
}

/// Checks that `response` is UTF-8 outside its text literal `response[literal..end]` (all of it
/// when there is none). serde_json skips the strings it does not keep without checking their
/// UTF-8, and the scanner leaves a fileops response to it (`capture_raw`); the text's bytes are
/// checked where the body is validated.
fn utf8_outside(response: &[u8], text: Option<(usize, usize)>) -> Result<(), NoBody> {
    let (literal, end) = text.unwrap_or((response.len(), response.len()));
    for (part, offset) in [(&response[..literal], 0), (&response[end..], end)] {
        if let Err(e) = std::str::from_utf8(part) {
            return Err(NoBody::Broken {
                offset: offset + e.valid_up_to(),
                problem: HarProblem::NotUtf8,
            });
        }
    }
    Ok(())
}

/// `content.text` of `response` decoded, when it is a string literal that serde_json accepts
/// (every escape valid, no control character); `None` otherwise, and then serde_json reads the
/// response as stored and says what is wrong.
fn decoded_text(response: &[u8]) -> Option<DecodedText> {
    // The first `text`, not reading past it: were there two, serde_json would refuse them.
    let found = locate_first(response, &["content", "text"]);
    let literal = found.value;
    if !found.exact || response.get(literal) != Some(&b'"') {
        return None;
    }
    let (bytes, len) = decode_literal(&response[literal..]).ok()?;
    let end = literal + len;
    // serde_json refuses control characters in a string; the decoding passes them through.
    let control = response[literal..end]
        .chunks(64)
        .any(|chunk| chunk.iter().fold(false, |seen, &b| seen | (b < 0x20)));
    (!control).then_some(DecodedText {
        literal,
        end,
        bytes,
    })
}

/// `response` with the string literal `response[literal..end]` blank: its quotes kept, every
/// byte between them a space.
fn blanked(response: &[u8], literal: usize, end: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(response.len());
    out.extend_from_slice(&response[..=literal]);
    out.resize(end - 1, b' ');
    out.extend_from_slice(&response[end - 1..]);
    out
}

/// Decodes the JSON string literal at the start of `text` (its opening quote): the bytes it
/// stands for, and its length with both quotes.
///
/// Eight bytes at a time: a body stored in a HAR has an escape every few bytes (each `"` of
/// the JSON is a `\"`), and finding each with a search and copying each run with a call to
/// `memcpy` cost 170 instructions per escape. Here every word is copied whole and kept up to
/// its first quote or backslash, which a bit trick finds. Decoded bytes never outnumber the
/// stored ones, so the output is sized once.
pub(super) fn decode_literal(text: &[u8]) -> Result<(Vec<u8>, usize), (usize, String)> {
    let raw = &text[1..];
    let mut out = vec![0u8; raw.len()];
    // `i` reads `raw`, `w` writes `out`; `w <= i` throughout.
    let (mut i, mut w) = (0usize, 0usize);
    loop {
        if let Some(chunk) = raw.get(i..i + 8) {
            out[w..w + 8].copy_from_slice(chunk);
            let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            let special = bytes_equal(word, b'"') | bytes_equal(word, b'\\');
            let k = (special.trailing_zeros() / 8) as usize;
            i += k;
            w += k;
            if special == 0 {
                continue;
            }
        } else {
            let Some(k) = raw[i..].iter().position(|&b| b == b'"' || b == b'\\') else {
                return Err((1 + raw.len(), "unterminated string".to_owned()));
            };
            out[w..w + k].copy_from_slice(&raw[i..i + k]);
            i += k;
            w += k;
        }
        if raw[i] == b'"' {
            out.truncate(w);
            return Ok((out, i + 2));
        }
        // The escapes of a stored JSON body, decoded here; any other by `escape_at`.
        if let Some(&c @ (b'"' | b'\\' | b'/')) = raw.get(i + 1) {
            out[w] = c;
            w += 1;
            i += 2;
            continue;
        }
        let (len, ch) = escape_at(raw, i).map_err(|(at, message)| (1 + at, message))?;
        // An escape never decodes to more bytes than it is stored in.
        w += ch.encode_utf8(&mut out[w..]).len();
        i += len;
    }
}

/// The high bit of each byte of `word` that equals `byte`, exact up to the first such byte
/// (a borrow can mark a byte after it, never one before).
fn bytes_equal(word: u64, byte: u8) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let x = word ^ (ONES * u64::from(byte));
    x.wrapping_sub(ONES) & !x & (ONES << 7)
}
