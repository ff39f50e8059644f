//! Unit tests of the HAR walk, body decoding and relocation.
use super::*;

#[test]
fn recognises_fileops_requests() {
    let base = "https://docspace.example.com/api/2.0/files/fileops";
    assert!(is_fileops("GET", base));
    assert!(is_fileops("get", &format!("{base}?count=1&x=%2F")));
    assert!(is_fileops("GET", &format!("{base}/#top")));
    assert!(is_fileops("GET", "/API/2.0/Files/FileOps"));
    assert!(!is_fileops("PUT", base));
    assert!(!is_fileops("GET", &format!("{base}/copy")));
    assert!(!is_fileops("GET", "https://x/api/2.0/files/fileopsx"));
    assert!(!is_fileops("GET", "https://x/?next=/api/2.0/files/fileops"));
    assert!(!is_fileops("GET", "é"));
}

#[test]
fn maps_decoded_offsets_back_through_escapes() {
    // `{"a":"é\n"}` stored with \" escapes, a \u escape and a surrogate pair.
    let response = br#"{"content": {"text": "{\"a\":\u00e9\n\ud83d\ude00x\/"}}"#;
    let body = Body::from_response(response).unwrap();
    assert_eq!(body.bytes, "{\"a\":é\n😀x/".as_bytes());
    let raw = |decoded: usize| &response[body.raw_offsets(response, &[decoded])[0]..];
    let all: Vec<usize> = (0..=14).collect();
    let one_pass = body.raw_offsets(response, &all);
    for (d, r) in all.iter().zip(&one_pass) {
        assert_eq!(body.raw_offsets(response, &[*d])[0], *r, "{d}");
    }
    assert!(raw(0).starts_with(b"{\\\"a"));
    assert!(raw(1).starts_with(b"\\\"a"));
    assert!(raw(2).starts_with(b"a\\\""));
    assert!(raw(5).starts_with(b"\\u00e9"));
    assert!(raw(6).starts_with(b"\\u00e9"), "inside the escape's output");
    assert!(raw(7).starts_with(b"\\n"));
    assert!(raw(8).starts_with(b"\\ud83d\\ude00"));
    assert!(raw(12).starts_with(b"x\\/"));
    assert!(raw(13).starts_with(b"\\/"));
    assert!(
        raw(14).starts_with(b"\"}}"),
        "the end maps to the closing quote"
    );
}

#[test]
fn base64_bodies_point_at_the_literal() {
    let response = br#"{"status": 200, "content": {"encoding": "base64", "text": "eyJhIjoxfQ=="}}"#;
    let body = Body::from_response(response).unwrap();
    assert_eq!(body.bytes, b"{\"a\":1}");
    assert!(body.is_base64());
    assert!(response[body.raw_offsets(response, &[3])[0]..].starts_with(b"\"eyJ"));
}
