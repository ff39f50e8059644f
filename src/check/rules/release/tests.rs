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

/// The precomputed release sets of small codes are the table's own answer for every code of
/// every enum (exact values, flag combinations, codes no release sends).
#[test]
fn small_codes_agree_with_the_table() {
    for (name, spec) in &crate::model::releases::table().enums {
        let small = super::table::small_codes(spec);
        for (code, releases) in (0..super::table::SMALL_CODES).zip(small) {
            assert_eq!(releases, spec.releases_of(code).0, "{name} {code}");
        }
    }
    assert!(
        crate::model::releases::table()
            .enums
            .values()
            .any(|e| e.flags),
        "the table has a flags enum to test"
    );
}
