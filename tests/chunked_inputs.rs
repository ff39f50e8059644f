//! Every input form gives the same report however its bytes arrive: plain JSON, NDJSON, gzip,
//! HAR (plain, escaped and base64 bodies), `--schema` documents and `diff`, each read through a
//! reader that hands the bytes out in random chunk sizes (1 byte up to 1 MiB), with the first
//! read ending right after a `\` escape when asked (the 64 KiB refill bug of issue 9).

use std::io::{self, Read};
use std::sync::OnceLock;

use base64::Engine;
use fileops_validator::arb::internals::check::custom::CustomSchema;
use fileops_validator::arb::internals::r#gen::{GenOptions, Style, generate};
use fileops_validator::arb::internals::json::frame::Recovery;
use fileops_validator::arb::internals::{check::har, diff, input::source, report::render};
use fileops_validator::{Options, Report, Validator};
use proptest::prelude::*;
use serde_json::{Value, json};

/// Hands out `data` in the chunk sizes given (cycling through them).
struct Chunked {
    data: Vec<u8>,
    at: usize,
    sizes: Vec<usize>,
    next: usize,
}

impl Chunked {
    fn new(data: &[u8], sizes: &[usize]) -> Self {
        Chunked {
            data: data.to_vec(),
            at: 0,
            sizes: sizes.to_vec(),
            next: 0,
        }
    }
}

impl Read for Chunked {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let size = self.sizes[self.next % self.sizes.len()];
        self.next += 1;
        let n = size.min(buf.len()).min(self.data.len() - self.at);
        buf[..n].copy_from_slice(&self.data[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

fn validator() -> &'static Validator {
    static V: OnceLock<Validator> = OnceLock::new();
    V.get_or_init(|| Validator::new(Options::default()).unwrap())
}

fn schema() -> &'static CustomSchema {
    static S: OnceLock<CustomSchema> = OnceLock::new();
    S.get_or_init(|| {
        let schema = json!({"type": "object", "properties": {"response": {"type": "array",
            "items": {"type": "object", "properties": {"Operation": {"maximum": 8}}}}}});
        CustomSchema::compile("s.json".to_owned(), &schema).unwrap()
    })
}

/// An invalid payload (`Operation: 9`) with a long member full of escapes in front, so that
/// escapes fall on read boundaries; `pad` sets the member's length.
fn payload(seed: u64, pad: usize) -> Vec<u8> {
    let text = generate(&GenOptions {
        operations: 3,
        seed,
        style: Style::Wire,
        bare: false,
        ndjson: false,
    });
    let mut value: Value = serde_json::from_slice(&text).unwrap();
    value["response"][0]["Operation"] = json!(9);
    value["response"][1]["id"] = json!("a\"b\\c\u{e9}\n\u{1F600}/");
    let filler: String = "x\"\\é".chars().cycle().take(pad).collect();
    let mut object = serde_json::Map::new();
    object.insert("note".to_owned(), json!(filler));
    object.extend(value.as_object().unwrap().clone());
    serde_json::to_vec(&Value::Object(object)).unwrap()
}

/// How a HAR stores the body.
#[derive(Debug, Clone, Copy)]
enum Body {
    /// Minimal JSON escaping.
    Plain,
    /// Every `/` and non-ASCII character escaped too, as some browsers write it.
    Escaped,
    Base64,
}

fn har(body: &[u8], how: Body, pad: usize) -> Vec<u8> {
    let body = std::str::from_utf8(body).unwrap();
    let (text, encoding) = match how {
        Body::Plain => (serde_json::to_string(body).unwrap(), ""),
        Body::Escaped => {
            let mut out = String::from("\"");
            for c in body.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '/' => out.push_str("\\/"),
                    c if (c as u32) < 0x20 || !c.is_ascii() => {
                        let mut units = [0u16; 2];
                        for u in c.encode_utf16(&mut units) {
                            out.push_str(&format!("\\u{u:04x}"));
                        }
                    }
                    c => out.push(c),
                }
            }
            out.push('"');
            (out, "")
        }
        Body::Base64 => (
            format!(
                "\"{}\"",
                base64::engine::general_purpose::STANDARD.encode(body)
            ),
            ", \"encoding\": \"base64\"",
        ),
    };
    format!(
        "{{\"log\": {{\"entries\": [\
         {{\"request\": {{\"method\": \"GET\", \"url\": \"https://x/a\"}}, \"comment\": \"{}\"}},\n\
         {{\"request\": {{\"method\": \"GET\", \"url\": \"https://x/api/2.0/files/fileops\"}}, \
         \"response\": {{\"status\": 200, \"content\": {{\"text\": {text}{encoding}}}}}}}]}}}}",
        "\\\"".repeat(pad / 2)
    )
    .into_bytes()
}

/// One input form: its bytes and how they are read into a report (as the JSON report text).
struct Form {
    name: &'static str,
    bytes: Vec<u8>,
    read: fn(Chunked) -> String,
}

fn json_report(report: &Report) -> String {
    render::json::render(report)
}

fn forms(seed: u64, pad: usize) -> Vec<Form> {
    let one = payload(seed, pad);
    let mut lines = Vec::new();
    for s in 0..3 {
        lines.extend_from_slice(&payload(seed + s, pad / 3));
        lines.push(b'\n');
    }
    let gz = {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(&one).unwrap();
        e.finish().unwrap()
    };
    let har_read: fn(Chunked) -> String = |r| {
        json_report(
            &har::validate("in", r, &|body| validator().validate_bytes("in", body)).unwrap(),
        )
    };
    vec![
        Form {
            name: "json",
            bytes: one.clone(),
            read: |r| {
                json_report(
                    &validator()
                        .validate_reader("in", r, Recovery::Stop)
                        .unwrap(),
                )
            },
        },
        Form {
            name: "ndjson",
            bytes: lines.clone(),
            read: |r| {
                json_report(
                    &validator()
                        .validate_reader("in", r, Recovery::NextLine)
                        .unwrap(),
                )
            },
        },
        Form {
            name: "gzip",
            bytes: gz,
            read: |r| {
                let (r, gz) = source::ungzip(Box::new(r)).unwrap();
                assert!(gz);
                json_report(
                    &validator()
                        .validate_reader("in", r, Recovery::Stop)
                        .unwrap(),
                )
            },
        },
        Form {
            name: "har-plain",
            bytes: har(&one, Body::Plain, pad),
            read: har_read,
        },
        Form {
            name: "har-escaped",
            bytes: har(&one, Body::Escaped, pad),
            read: har_read,
        },
        Form {
            name: "har-base64",
            bytes: har(&one, Body::Base64, pad),
            read: har_read,
        },
        Form {
            name: "schema-documents",
            bytes: lines
                .iter()
                .map(|&b| if b == b'\n' { b' ' } else { b })
                .collect(),
            read: |r| json_report(&schema().validate_reader("in", r, Recovery::Stop).unwrap()),
        },
        Form {
            name: "schema-ndjson",
            bytes: lines.clone(),
            read: |r| {
                json_report(
                    &schema()
                        .validate_reader("in", r, Recovery::NextLine)
                        .unwrap(),
                )
            },
        },
        Form {
            name: "diff",
            bytes: lines,
            read: |r| format!("{:?}", diff::shape_of_reader("in", r, false)),
        },
        Form {
            name: "diff-har",
            bytes: har(&one, Body::Escaped, pad),
            read: |r| format!("{:?}", diff::shape_of_reader("in", r, true)),
        },
    ]
}

/// Chunk sizes from 1 byte to 1 MiB, small ones likelier.
fn arb_sizes() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(
        prop_oneof![1usize..=8, 1usize..=4096, 1usize..=(1 << 20)],
        1..6,
    )
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 6,
        max_shrink_iters: 0,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_form_gives_the_same_report_for_every_chunking(
        seed in 0u64..1000,
        pad in 60_000usize..70_000,
        sizes in arb_sizes(),
        escape in any::<prop::sample::Index>(),
    ) {
        for form in forms(seed, pad) {
            let whole = (form.read)(Chunked::new(&form.bytes, &[form.bytes.len().max(1)]));
            let chunked = (form.read)(Chunked::new(&form.bytes, &sizes));
            prop_assert_eq!(&whole, &chunked, "{} with chunks {:?}", form.name, sizes);
            // The first read ends just after a `\` (one of the escapes, picked at random).
            let escapes: Vec<usize> = memchr::memchr_iter(b'\\', &form.bytes).collect();
            if !escapes.is_empty() {
                let cut = escapes[escape.index(escapes.len())] + 1;
                let mut aligned = vec![cut];
                aligned.extend(&sizes);
                let chunked = (form.read)(Chunked::new(&form.bytes, &aligned));
                prop_assert_eq!(&whole, &chunked, "{} cut after the escape at {}", form.name, cut - 1);
            }
        }
    }
}
