//! Unit tests of the framer's event order.
use super::*;
use crate::json::aligned::probe::AlignmentProbe;

/// Every syntax error ends its document incomplete: the emitter relies on it (a document with
/// a syntax error never says which operations are gone, and skips the document-level rules).
#[test]
fn a_syntax_error_always_ends_its_document_incomplete() {
    let broken: &[&[u8]] = &[
        b"{\"response\": [{\"id\": 1}, }",
        b"{\"response\": [{\"id\": 1}",
        b"[{\"id\": 1}, x]",
        b"{\"a\" 1}",
        b"]",
        b"\"abc",
        b"{\"response\": [1]} }",
        b"{\"response\": []}\n{\"response\": [\n[1]\n",
    ];
    for text in broken {
        for recovery in [Recovery::Stop, Recovery::NextLine] {
            for whole in [false, true] {
                let mut framer = Framer::new(*text, recovery);
                if whole {
                    framer = framer.whole_documents();
                }
                let mut pending_error: Option<usize> = None;
                let mut errors = 0;
                while let Some(event) = framer.next_event().unwrap() {
                    match event {
                        Event::Syntax { document, .. } => {
                            assert_eq!(pending_error, None, "{text:?}: two errors, no end");
                            pending_error = Some(document);
                            errors += 1;
                        }
                        Event::DocumentEnd {
                            document, complete, ..
                        } => {
                            if let Some(d) = pending_error.take() {
                                assert_eq!(d, document, "{text:?}");
                                assert!(!complete, "{text:?}: ended complete after an error");
                            }
                        }
                        _ => {}
                    }
                }
                assert_eq!(
                    pending_error, None,
                    "{text:?}: the error's document never ended"
                );
                // Whole documents are only bracket-matched here (a bad scalar inside is the
                // parser's to find), so only the operation framer must see every one.
                assert!(whole || errors > 0, "{text:?} ({recovery:?}) framed clean");
            }
        }
    }
}

/// Every event of a framing, as text (positions and kinds included).
fn events(text: &[u8]) -> Vec<String> {
    let mut framer = Framer::new(text, Recovery::Stop);
    let mut out = Vec::new();
    while let Some(event) = framer.next_event().unwrap() {
        out.push(format!("{event:?}"));
    }
    out
}

/// A framer takes the buffer the last framer on its thread left (`crate::spare`), bytes and
/// all: an input framed after a longer one must never see the longer one's bytes past its own
/// end (a truncated capture must stay truncated).
#[test]
fn a_reused_buffer_never_shows_the_last_inputs_bytes() {
    let long = br#"{"response": [{"id": "a", "title": "x"}, {"id": "b", "title": "yyyyyyyy"}]}"#;
    let short = &long[..48];
    let fresh = std::thread::spawn(move || events(short)).join().unwrap();
    assert!(
        fresh.iter().any(|e| e.contains("Syntax")),
        "the cut capture is broken: {fresh:?}"
    );
    for _ in 0..3 {
        let _ = events(&long.repeat(200));
        assert_eq!(events(short), fresh);
    }
}

/// `operation_ranges` hands on exactly the operations' bytes, in every kind of capture, and a
/// broken capture is an error with its place, not a shorter list.
#[test]
fn operation_ranges_are_the_operations_and_a_broken_capture_is_an_error() {
    let envelope =
        b"{\"count\": 2, \"response\": [ {\"id\": \"a\"},\n  {\"id\": [1, {\"x\": \"]\"}]} ]}";
    let ranges = operation_ranges(envelope).unwrap();
    let ops: Vec<&[u8]> = ranges.iter().map(|r| &envelope[r.clone()]).collect();
    assert_eq!(
        ops,
        [
            &b"{\"id\": \"a\"}"[..],
            &b"{\"id\": [1, {\"x\": \"]\"}]}"[..]
        ]
    );
    let ndjson = b"{\"response\": [{\"id\": 1}]}\n[{\"id\": 2}, {\"id\": 3}]\n";
    let ops: Vec<&[u8]> = operation_ranges(ndjson)
        .unwrap()
        .into_iter()
        .map(|r| &ndjson[r])
        .collect();
    assert_eq!(ops, [&b"{\"id\": 1}"[..], b"{\"id\": 2}", b"{\"id\": 3}"]);
    assert!(operation_ranges(b"").unwrap().is_empty());

    let broken = b"{\"response\": [{\"id\": 1},\n }";
    let e = operation_ranges(broken).unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::InvalidData);
    assert!(e.to_string().starts_with("line 2, column "), "{e}");
}

/// Every read lands in the buffer at an address aligned like its input offset (modulo 64), so
/// that the kernel's copy from a file runs at full speed (see `aligned`): from the first read,
/// and after every compaction and growth of the buffer, whatever the read sizes.
#[test]
fn every_read_is_aligned_like_its_input_offset() {
    let operation =
        br#"{"id":"a","Operation":1,"progress":100,"error":"","processed":"1","finished":true}"#;
    let mut text = b"{\"response\": [".to_vec();
    for i in 0..20_000 {
        if i > 0 {
            text.extend_from_slice(b",\n ");
        }
        text.extend_from_slice(operation);
        // Operations of varied lengths, so compactions keep varied amounts.
        text.extend(std::iter::repeat_n(b' ', i % 67));
    }
    text.extend_from_slice(b"]}");
    for piece in [1, 7, 2, 4096, 1 << 20] {
        let mut probe = AlignmentProbe::new(&text, piece);
        let mut framer = Framer::new(&mut probe, Recovery::Stop);
        let mut operations = 0;
        while let Some(event) = framer.next_event().unwrap() {
            if let Event::Operation { .. } = event {
                operations += 1;
            }
        }
        drop(framer);
        assert_eq!(operations, 20_000, "pieces of {piece}");
        assert!(probe.reads > 1, "pieces of {piece}");
        assert_eq!(
            probe.misaligned,
            Vec::<usize>::new(),
            "pieces of {piece}: reads at these offsets were misaligned"
        );
    }
}
