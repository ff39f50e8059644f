//! Unit tests of the release walk.
use simd_json::StaticNode;

/// The number-form rule looks at a zero only when simd-json's tape says a `-` was written: a
/// plain integer with a sign is an `I64`, one without a `U64`. If a simd-json upgrade changed
/// that, `-0` would pass unseen; this test fails first.
#[test]
fn the_tape_tells_minus_zero_from_zero() {
    let node = |text: &str| {
        let mut bytes = text.as_bytes().to_vec();
        let tape = simd_json::to_tape(&mut bytes).expect("valid JSON");
        match tape.0[0] {
            simd_json::Node::Static(s) => s,
            _ => unreachable!("a number"),
        }
    };
    assert_eq!(node("-0"), StaticNode::I64(0));
    assert_eq!(node("0"), StaticNode::U64(0));
    assert_eq!(node("7"), StaticNode::U64(7));
    assert!(matches!(node("-0.0"), StaticNode::F64(_)));
    assert!(matches!(node("-0e0"), StaticNode::F64(_)));
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

/// Every member and enum-name index of the table gives each name a slot of its own: a lookup
/// (one per member of every operation) reads one slot, never a probe sequence.
#[test]
fn every_name_of_the_table_has_a_slot_of_its_own() {
    let compiled = &*super::table::COMPILED;
    for kind in &compiled.kinds {
        assert_eq!(kind.members.displaced(), 0, "members of {}", kind.name);
    }
    for e in &compiled.enums {
        assert_eq!(e.names.displaced(), 0, "names of enum {}", e.name);
    }
}
