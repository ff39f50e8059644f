use std::io::{self, Read, Write};

use super::{GZIP_MAGIC, Sniffed, ungzip};

/// Hands over at most `piece` bytes per read, like a pipe.
struct Pieces {
    bytes: Vec<u8>,
    at: usize,
    piece: usize,
}

impl Read for Pieces {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = buf.len().min(self.piece).min(self.bytes.len() - self.at);
        buf[..n].copy_from_slice(&self.bytes[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

fn pieces(bytes: &[u8], piece: usize) -> Box<dyn Read + Send> {
    Box::new(Pieces {
        bytes: bytes.to_vec(),
        at: 0,
        piece,
    })
}

/// Everything `reader` yields, read into a buffer of `size` bytes at a time (the error's kind
/// and message when it fails).
fn drain(mut reader: impl Read, size: usize) -> Result<Vec<u8>, (io::ErrorKind, String)> {
    let mut out = Vec::new();
    let mut buf = vec![0u8; size];
    loop {
        match reader.read(&mut buf) {
            Ok(0) => return Ok(out),
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) => return Err((e.kind(), e.to_string())),
        }
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// Inputs where the decision is hard: every string of up to four bytes over the magic bytes
/// and two others, whole gzip streams, a truncated one, and a plain capture.
fn inputs() -> Vec<Vec<u8>> {
    let alphabet = [GZIP_MAGIC[0], GZIP_MAGIC[1], b'{', 0];
    let mut all: Vec<Vec<u8>> = vec![Vec::new()];
    let mut last = vec![Vec::new()];
    for _ in 0..4 {
        last = last
            .iter()
            .flat_map(|s: &Vec<u8>| {
                alphabet.iter().map(move |&b| {
                    let mut t = s.clone();
                    t.push(b);
                    t
                })
            })
            .collect();
        all.extend(last.iter().cloned());
    }
    let capture = br#"{"response":[{"id":"a","operation":1,"progress":100}]}"#.to_vec();
    let gz = gzip(&capture);
    all.push(capture.clone());
    all.push(gz.clone());
    all.push(gz[..gz.len() / 2].to_vec());
    all.push([gz.clone(), gzip(b"\n{}")].concat());
    all.push(gzip(&vec![b'x'; 100_000]));
    all
}

#[test]
fn it_yields_what_reading_the_magic_bytes_ahead_yields_however_the_bytes_arrive() {
    for input in inputs() {
        for piece in [1, 2, 3, 64 * 1024] {
            let (eager, _) = ungzip(pieces(&input, piece)).unwrap();
            let expected = drain(eager, 4096);
            for size in [1, 2, 3, 4096] {
                let got = drain(Sniffed::new(pieces(&input, piece)), size);
                assert_eq!(
                    got, expected,
                    "input {input:02x?}, pieces of {piece}, reads of {size}"
                );
            }
        }
    }
}

#[test]
fn plain_input_is_read_straight_into_the_callers_buffer() {
    // One read of the inner reader per read asked for: no read of its own ahead.
    struct Counted(Pieces, std::sync::Arc<std::sync::atomic::AtomicUsize>);
    impl Read for Counted {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.1.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            self.0.read(buf)
        }
    }
    let reads = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let inner = Counted(
        Pieces {
            bytes: br#"{"response":[]}"#.to_vec(),
            at: 0,
            piece: 1 << 20,
        },
        reads.clone(),
    );
    let mut sniffed = Sniffed::new(Box::new(inner));
    let mut buf = [0u8; 64];
    assert_eq!(sniffed.read(&mut buf).unwrap(), 15);
    assert_eq!(sniffed.read(&mut buf).unwrap(), 0);
    assert_eq!(reads.load(std::sync::atomic::Ordering::Relaxed), 2);
}

#[test]
fn a_failed_first_read_is_reported_and_can_be_retried() {
    // Fails once, then reads: the failure reaches the caller and loses no byte.
    struct FailsOnce(bool, Pieces);
    impl Read for FailsOnce {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if !self.0 {
                self.0 = true;
                return Err(io::Error::new(io::ErrorKind::Interrupted, "again"));
            }
            self.1.read(buf)
        }
    }
    for input in [gzip(b"{}"), b"{}".to_vec(), vec![GZIP_MAGIC[0]]] {
        for piece in [1, 2, 4096] {
            let inner = FailsOnce(
                false,
                Pieces {
                    bytes: input.clone(),
                    at: 0,
                    piece,
                },
            );
            let mut sniffed = Sniffed::new(Box::new(inner));
            let mut buf = [0u8; 16];
            let e = sniffed.read(&mut buf).unwrap_err();
            assert_eq!(e.kind(), io::ErrorKind::Interrupted);
            let expected = drain(ungzip(pieces(&input, piece)).unwrap().0, 16);
            assert_eq!(drain(sniffed, 16), expected, "input {input:02x?}");
        }
    }
}
