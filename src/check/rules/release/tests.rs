//! Unit tests of the release walk.
use super::minus_zero;

#[test]
fn minus_zero_is_found_where_a_value_starts_and_not_in_dates_or_ids() {
    for text in [
        &br#"{"a":-0}"#[..],
        br#"{"a": -0}"#,
        br#"{"a":[1,-0]}"#,
        br#"[-0]"#,
        b"{\"a\":\n\t-0}",
        b"-0",
    ] {
        assert!(minus_zero(text), "{}", String::from_utf8_lossy(text));
    }
    for text in [
        &br#"{"created":"2025-03-05T10:00:00.0000000+03:00"}"#[..],
        br#"{"id":"c952c562-0043-4714-9b19-6bca844f1705","a":0}"#,
        br#"{"a":10-0}"#,
    ] {
        assert!(!minus_zero(text), "{}", String::from_utf8_lossy(text));
    }
}
