//! JSON text from a generated value, in many layouts, remembering where every value starts.
//!
//! The places are recorded while writing, independently of the validator's own `locate`, so a
//! property can say "the violation must be at line 7, column 19" without asking the code it
//! tests where that is.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde_json::Value;

use crate::report::Pointer;

/// How strings are escaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Escapes {
    /// Only what JSON requires (quote, backslash, control characters).
    Minimal,
    /// Also every non-ASCII character as `\uXXXX` (surrogate pairs beyond the BMP).
    NonAscii,
    /// Also every ASCII letter as `\u00XX` and `/` as `\/`, member names included.
    Everything,
}

/// How a document is written out.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Layout {
    /// Spaces per level; `None` writes everything on one line.
    pub indent: Option<u8>,
    /// Line breaks as CRLF.
    pub crlf: bool,
    pub escapes: Escapes,
    /// Each object lists its members starting from member `rotate % len` (key order varies).
    pub rotate: usize,
    /// Whitespace before and after the document.
    pub leading: String,
    pub trailing: String,
}

impl Default for Layout {
    fn default() -> Self {
        Layout {
            indent: Some(2),
            crlf: false,
            escapes: Escapes::Minimal,
            rotate: 0,
            leading: String::new(),
            trailing: "\n".to_owned(),
        }
    }
}

/// Where a value sits in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// Byte offset of the value's first byte.
    pub value: usize,
    /// Byte offset of the opening quote of its member name, for object members.
    pub name: Option<usize>,
}

/// A document as text, with the place of every value by JSON Pointer.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub text: String,
    pub places: HashMap<String, Place>,
}

impl Rendered {
    /// 1-based (line, column in characters) of a byte offset, counted here, not by the crate.
    #[must_use]
    pub fn line_column(&self, offset: usize) -> (u64, u64) {
        line_column(self.text.as_bytes(), offset)
    }
}

/// 1-based line and column (characters: bytes that are not UTF-8 continuation bytes) of `offset`.
#[must_use]
pub fn line_column(bytes: &[u8], offset: usize) -> (u64, u64) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count() as u64;
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = 1 + before[start..]
        .iter()
        .filter(|&&b| b & 0xC0 != 0x80)
        .count() as u64;
    (line, column)
}

/// [`line_column`] of offsets asked for in increasing order, in one pass over the bytes (a
/// smaller offset than the last starts again from the beginning).
pub struct LineColumns<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: u64,
    column: u64,
}

impl<'a> LineColumns<'a> {
    #[must_use]
    pub fn new(bytes: &'a [u8]) -> Self {
        LineColumns {
            bytes,
            pos: 0,
            line: 1,
            column: 1,
        }
    }

    /// 1-based (line, column in characters) of `offset`.
    pub fn at(&mut self, offset: usize) -> (u64, u64) {
        let offset = offset.min(self.bytes.len());
        if offset < self.pos {
            *self = LineColumns::new(self.bytes);
        }
        for &b in &self.bytes[self.pos..offset] {
            if b == b'\n' {
                self.line += 1;
                self.column = 1;
            } else if b & 0xC0 != 0x80 {
                self.column += 1;
            }
        }
        self.pos = offset;
        (self.line, self.column)
    }
}

/// Writes `value` in `layout`.
#[must_use]
pub fn render(value: &Value, layout: &Layout) -> Rendered {
    let mut w = Writer {
        out: String::new(),
        places: HashMap::new(),
        layout,
    };
    w.out.push_str(&layout.leading);
    w.value(value, &Pointer::root(), 0, None);
    w.out.push_str(&layout.trailing);
    Rendered {
        text: w.out,
        places: w.places,
    }
}

struct Writer<'l> {
    out: String,
    places: HashMap<String, Place>,
    layout: &'l Layout,
}

impl Writer<'_> {
    fn newline(&mut self, depth: usize) {
        if let Some(indent) = self.layout.indent {
            self.out
                .push_str(if self.layout.crlf { "\r\n" } else { "\n" });
            for _ in 0..depth * usize::from(indent) {
                self.out.push(' ');
            }
        }
    }

    fn value(&mut self, v: &Value, at: &Pointer, depth: usize, name: Option<usize>) {
        self.places.insert(
            at.as_str().to_owned(),
            Place {
                value: self.out.len(),
                name,
            },
        );
        match v {
            Value::Null => self.out.push_str("null"),
            Value::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => {
                let _ = write!(self.out, "{n}");
            }
            Value::String(s) => self.string(s),
            Value::Array(items) => {
                self.out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    self.newline(depth + 1);
                    self.value(item, &at.index(i), depth + 1, None);
                }
                if !items.is_empty() {
                    self.newline(depth);
                }
                self.out.push(']');
            }
            Value::Object(map) => {
                self.out.push('{');
                let n = map.len();
                let entries: Vec<_> = map.iter().collect();
                for i in 0..n {
                    let (k, item) = entries[(i + self.layout.rotate) % n];
                    if i > 0 {
                        self.out.push(',');
                    }
                    self.newline(depth + 1);
                    let name_at = self.out.len();
                    self.string(k);
                    self.out.push_str(if self.layout.indent.is_some() {
                        ": "
                    } else {
                        ":"
                    });
                    self.value(item, &at.key(k), depth + 1, Some(name_at));
                }
                if n > 0 {
                    self.newline(depth);
                }
                self.out.push('}');
            }
        }
    }

    fn string(&mut self, s: &str) {
        self.out.push('"');
        for c in s.chars() {
            match c {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                '\n' => self.out.push_str("\\n"),
                '\r' => self.out.push_str("\\r"),
                '\t' => self.out.push_str("\\t"),
                '\u{8}' => self.out.push_str("\\b"),
                '\u{c}' => self.out.push_str("\\f"),
                c if (c as u32) < 0x20 => {
                    let _ = write!(self.out, "\\u{:04x}", c as u32);
                }
                '/' if self.layout.escapes == Escapes::Everything => self.out.push_str("\\/"),
                c if c.is_ascii_alphabetic() && self.layout.escapes == Escapes::Everything => {
                    let _ = write!(self.out, "\\u{:04X}", c as u32);
                }
                c if !c.is_ascii() && self.layout.escapes != Escapes::Minimal => {
                    let mut units = [0u16; 2];
                    for u in c.encode_utf16(&mut units) {
                        let _ = write!(self.out, "\\u{u:04x}");
                    }
                }
                c => self.out.push(c),
            }
        }
        self.out.push('"');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_point_at_values_and_names() {
        let v: Value = serde_json::from_str(r#"{"a": [1, {"b/c": "é"}]}"#).unwrap();
        let r = render(&v, &Layout::default());
        let at = r.places["/a/1/b~1c"];
        assert_eq!(&r.text[at.value..at.value + 1], "\"");
        assert_eq!(&r.text[at.name.unwrap()..at.name.unwrap() + 5], "\"b/c\"");
        assert_eq!(r.line_column(at.value), (5, 14));
        let back: Value = serde_json::from_str(&r.text).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn line_columns_in_one_pass_agree_with_line_column() {
        let text = "a\né😀x\r\n\n  \u{2028}z".as_bytes();
        let mut lines = LineColumns::new(text);
        for offset in (0..=text.len() + 2).chain([3, 0, 9]) {
            assert_eq!(
                lines.at(offset),
                line_column(text, offset),
                "offset {offset}"
            );
        }
    }

    #[test]
    fn every_escape_style_reads_back_the_same() {
        let v: Value = serde_json::from_str(r#"{"k\u00e9y/": "a\"\\\n\u0001😀/"}"#).unwrap();
        for escapes in [Escapes::Minimal, Escapes::NonAscii, Escapes::Everything] {
            let layout = Layout {
                escapes,
                indent: None,
                ..Layout::default()
            };
            let text = render(&v, &layout).text;
            let back: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(back, v, "{text}");
        }
    }
}
