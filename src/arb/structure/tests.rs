//! Unit tests of the `structured` input: the empty input and one presence bit.
use super::*;

#[test]
fn no_bytes_is_the_smallest_envelope() {
    let case = Case::arbitrary(&mut Unstructured::new(&[])).unwrap();
    assert_eq!(case.payload.document, serde_json::json!({"response": []}));
    assert_eq!(case.payload.style, Style::Wire);
}

#[test]
fn a_set_bit_adds_one_member() {
    // Wire style, no mutation, compact layout, then the envelope: its optional members'
    // mask (one byte), no operation, no unknown member.
    let header = [0u8, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    let plain =
        Case::arbitrary(&mut Unstructured::new(&[&header[..], &[0, 0, 0]].concat())).unwrap();
    let total = Case::arbitrary(&mut Unstructured::new(
        &[&header[..], &[2, 0, 0, 0]].concat(),
    ))
    .unwrap();
    assert_eq!(plain.mutation, None);
    assert_eq!(plain.payload.document, serde_json::json!({"response": []}));
    assert_eq!(
        total.payload.document,
        serde_json::json!({"response": [], "total": 0})
    );
}
