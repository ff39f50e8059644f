//! The JSON writer under the generator: values appended to one buffer with commas placed for
//! the caller, strings escaped as servers escape them, and the small formatters (GUIDs, sizes,
//! dates) the payload needs.

use std::io::Write;

use super::vocabulary::{DISPLAY_NAMES, HOST};
use super::{GenOptions, Rng, Style};
use crate::model::WireEnum;

pub(super) struct Employee {
    pub(super) id: String,
    pub(super) name: &'static str,
    pub(super) avatar: bool,
}

/// A date: local seconds since 0001-01-01T00:00:00 and the portal's offset.
#[derive(Clone, Copy)]
pub(super) struct Date {
    pub(super) local: i64,
    pub(super) offset: usize,
}

/// The writer: appends JSON to `out`, placing commas itself.
pub(super) struct Gen {
    pub(super) rng: Rng,
    pub(super) style: Style,
    pub(super) out: Vec<u8>,
    /// No comma before the next value (just after `{`, `[` or a member name).
    pub(super) first: bool,
    pub(super) employees: Vec<Employee>,
}

impl Gen {
    pub(super) fn new(options: &GenOptions) -> Self {
        let mut rng = Rng::new(options.seed);
        let employees = DISPLAY_NAMES
            .iter()
            .map(|&name| Employee {
                id: guid(&mut rng),
                name,
                avatar: rng.chance(50),
            })
            .collect();
        Gen {
            rng,
            style: options.style,
            out: Vec::with_capacity(64 * 1024),
            first: true,
            employees,
        }
    }

    pub(super) fn document_start(&mut self, bare: bool) {
        self.first = true;
        if bare {
            self.open(b'[');
        } else {
            self.open(b'{');
            self.key("response");
            self.open(b'[');
        }
    }

    pub(super) fn document_end(&mut self, bare: bool, operations: usize) {
        self.close(b']');
        if bare {
            return;
        }
        self.key("count");
        // Current servers report 1 whatever the length; older servers and mocks the length.
        let count = if self.style == Style::Wire {
            1
        } else {
            operations
        };
        self.int(count as i64);
        self.key("links");
        self.open(b'[');
        self.open(b'{');
        self.key("href");
        self.str(&format!("{HOST}/api/2.0/files/fileops"));
        self.key("action");
        self.str("GET");
        self.close(b'}');
        self.close(b']');
        self.key("status");
        self.int(0);
        self.key("statusCode");
        self.int(200);
        self.close(b'}');
    }
}

impl Gen {
    /// An enum value: its code on the wire, its name in the docs.
    pub(super) fn code<T: WireEnum>(&mut self, value: (T, i64, &'static str)) {
        match self.style {
            Style::Wire => self.int(value.1),
            Style::Docs => self.str(value.2),
        }
    }

    pub(super) fn sep(&mut self) {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
    }

    pub(super) fn open(&mut self, bracket: u8) {
        self.sep();
        self.out.push(bracket);
        self.first = true;
    }

    pub(super) fn close(&mut self, bracket: u8) {
        self.out.push(bracket);
        self.first = false;
    }

    pub(super) fn key(&mut self, name: &str) {
        self.sep();
        push_string(&mut self.out, name, false);
        self.out.push(b':');
        self.first = true;
    }

    pub(super) fn str(&mut self, s: &str) {
        self.sep();
        push_string(&mut self.out, s, false);
    }

    pub(super) fn str_ascii(&mut self, s: &str) {
        self.sep();
        push_string(&mut self.out, s, true);
    }

    pub(super) fn raw(&mut self, s: &str) {
        self.sep();
        self.out.extend_from_slice(s.as_bytes());
    }

    pub(super) fn int(&mut self, i: i64) {
        self.sep();
        let _ = write!(self.out, "{i}");
    }

    pub(super) fn bool(&mut self, b: bool) {
        self.sep();
        self.out
            .extend_from_slice(if b { b"true" } else { b"false" });
    }
}

#[derive(Clone, Copy)]
pub(super) enum Kind {
    File(&'static str),
    Folder,
}

/// A JSON string; `ascii` writes every non-ASCII character as `\u` escapes (surrogate pairs
/// beyond the BMP).
pub(super) fn push_string(out: &mut Vec<u8>, s: &str, ascii: bool) {
    out.push(b'"');
    for c in s.chars() {
        match c {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            '\t' => out.extend_from_slice(b"\\t"),
            c if (c as u32) < 0x20 || (ascii && !c.is_ascii()) => {
                for unit in c.encode_utf16(&mut [0; 2]) {
                    let _ = write!(out, "\\u{unit:04X}");
                }
            }
            c => out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
        }
    }
    out.push(b'"');
}

/// A random GUID (version 4 layout), lowercase as servers write it.
pub(super) fn guid(rng: &mut Rng) -> String {
    let a = rng.next_u64();
    let b = rng.next_u64();
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        0x8000 | ((b >> 48) & 0x3fff),
        b & 0xffff_ffff_ffff
    )
}

/// The path part of a third-party id (`LzEyMw` in `dropbox-337-LzEyMw`).
pub(super) fn base64_id(mut n: u64) -> String {
    const DIGITS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut s = String::from("L");
    for _ in 0..8 {
        s.push(DIGITS[(n % 62) as usize] as char);
        n /= 62;
    }
    s
}

/// "31.97 KB": the size as servers show it.
pub(super) fn content_length(bytes: i64) -> String {
    let (unit, scale) = if bytes < 1024 {
        return format!("{bytes} bytes");
    } else if bytes < 1 << 20 {
        ("KB", 1 << 10)
    } else if bytes < 1 << 30 {
        ("MB", 1 << 20)
    } else {
        ("GB", 1 << 30)
    };
    let hundredths = bytes * 100 / scale;
    format!("{}.{:02} {unit}", hundredths / 100, hundredths % 100)
}

/// `YYYY-MM-DDTHH:MM:SS` of a count of seconds since 0001-01-01T00:00:00.
pub(super) fn civil(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    // Day 0 here is 0001-01-01, 719,162 days before 1970-01-01.
    let (year, month, day) = crate::model::dates::civil_from_days(days - 719_162);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}
