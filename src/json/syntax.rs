//! Syntax errors inside one framed value, worded and placed for a person.

/// Offset and message of a syntax error in one framed value.
///
/// simd-json reports the structural character where it noticed the problem, which can be far
/// from the offending byte (a NUL inside a string is reported at the string's object). On this
/// cold path serde_json re-reads the value: it stops at the exact byte and words it well.
pub(crate) fn syntax_message(bytes: &[u8], e: &simd_json::Error) -> (usize, String) {
    serde_syntax(bytes).unwrap_or_else(|| {
        (
            e.index().min(bytes.len()),
            format!("malformed JSON ({:?})", e.error()),
        )
    })
}

/// Offset and message of what is wrong with the string literal `literal` (its quotes
/// included), worded as in a value; `None` when it is a JSON string. For the member names of
/// an envelope, which the framer reads itself where simd-json reads every value: invalid
/// UTF-8, a control character or a bad escape in a name is as much a syntax error.
pub(crate) fn string_error(literal: &[u8]) -> Option<(usize, String)> {
    let inner = literal
        .get(1..literal.len().saturating_sub(1))
        .unwrap_or_default();
    // Nearly every name: no escape, no control character, UTF-8.
    if !inner.iter().any(|&b| b < 0x20 || b == b'\\') && std::str::from_utf8(inner).is_ok() {
        return None;
    }
    serde_syntax(literal)
}

/// serde_json's error for `bytes` as one value, worded and placed for a person.
fn serde_syntax(bytes: &[u8]) -> Option<(usize, String)> {
    // A full `Value` parse: `IgnoredAny` skips the UTF-8 check inside strings.
    let precise = serde_json::from_slice::<serde_json::Value>(bytes).err()?;
    let offset = offset_of_line_column(bytes, precise.line(), precise.column());
    let text = precise.to_string();
    let text = text
        .rsplit_once(" at line ")
        .map_or(text.as_str(), |(t, _)| t)
        .to_owned();
    Some(describe_serde_syntax(&text, bytes, offset))
}

/// serde_json's wording, with the offending byte named where it helps; the offset moves to the
/// start of a bad token.
fn describe_serde_syntax(text: &str, bytes: &[u8], offset: usize) -> (usize, String) {
    if text.starts_with("invalid unicode code point") {
        return (
            offset,
            "invalid UTF-8 in a string (JSON text must be UTF-8)".to_owned(),
        );
    }
    if text.starts_with("control character") {
        let byte = bytes.get(offset).copied().unwrap_or(0);
        let text = format!(
            "{} inside a string: control characters must be escaped (\\u{byte:04x})",
            crate::json::frame::describe_byte(byte)
        );
        return (offset, text);
    }
    if text.starts_with("expected value") || text.starts_with("expected ident") {
        let mut start = offset.min(bytes.len());
        while start > 0 && bytes[start - 1].is_ascii_alphanumeric() {
            start -= 1;
        }
        let token: String = String::from_utf8_lossy(&bytes[start..bytes.len().min(start + 20)])
            .chars()
            .take_while(|c| !c.is_whitespace() && !",]}".contains(*c))
            .collect();
        return (start, format!("expected a JSON value, found `{token}`"));
    }
    if text.starts_with("number out of range") || text.starts_with("invalid number") {
        let mut start = offset.min(bytes.len());
        while start > 0
            && matches!(
                bytes[start - 1],
                b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'
            )
        {
            start -= 1;
        }
        let end = bytes[start..]
            .iter()
            .position(|b| !matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
            .map_or(bytes.len(), |n| start + n);
        let number = String::from_utf8_lossy(&bytes[start..end.min(start + 40)]);
        return (
            start,
            format!("the number `{number}` is out of range for a 64-bit float"),
        );
    }
    (offset, text.to_owned())
}

/// Byte offset of serde_json's 1-based line and column (the column counts bytes; 0 means the
/// position is the line break ending the line before).
fn offset_of_line_column(bytes: &[u8], line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match memchr::memchr(b'\n', &bytes[start..]) {
            Some(i) => start += i + 1,
            None => return bytes.len(),
        }
    }
    (start + column.saturating_sub(1)).min(bytes.len())
}
