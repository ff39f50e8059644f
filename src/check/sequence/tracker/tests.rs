//! Unit tests of the tracker: findings, state size, hash collisions, the document table.
use super::*;
use crate::check::sequence::facts::Kind;

fn op(id: &str, progress: i64, finished: bool) -> OpFacts {
    OpFacts {
        id: OpId::new(id),
        kind: Some((Kind::Int(1), "Operation")),
        progress: Some(progress),
        finished: Some(finished),
        ..OpFacts::default()
    }
}

/// Feeds documents (lists of operations); the rule ids found, in order.
fn rules(docs: &[Vec<OpFacts>]) -> Vec<Rule> {
    let mut t = Tracker::new("t", true);
    let mut out = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        t.begin(DocRef {
            document: i,
            line: i as u64 + 1,
        });
        for f in doc {
            out.extend(t.observe(f).into_iter().map(|f| f.rule));
        }
        out.extend(t.end(true).into_iter().map(|f| f.rule));
    }
    out
}

#[test]
fn an_error_on_an_unfinished_operation_is_what_servers_send() {
    // FileMoveCopyOperation sets Err per failing item and carries on with the next.
    let mut failing = op("a", 40, false);
    failing.error = Some("locked".into());
    let mut later = op("a", 80, false);
    later.error = Some("another".into());
    assert!(rules(&[vec![op("a", 0, false)], vec![failing], vec![later]]).is_empty());
}

#[test]
fn a_finished_download_below_100_may_then_show_100() {
    // FileDownloadOperation finishes at Process/(Total+1) < 100; the next poll of a task
    // past Running is forced to 100 by GetOperationResults.
    assert!(
        rules(&[
            vec![op("d", 50, false)],
            vec![op("d", 75, true)],
            vec![op("d", 100, true)]
        ])
        .is_empty()
    );
    assert_eq!(
        rules(&[vec![op("d", 75, true)], vec![op("d", 80, true)]]),
        ["sequence-final-changed"]
    );
}

/// Regression: after one contradiction, every later document used to be measured against
/// the stale state (a log restarting an id gave 900,900 errors for 1M polls).
#[test]
fn each_contradiction_is_reported_once_where_it_happens() {
    let mut failed = op("a", 100, true);
    failed.error = Some("x".into());
    let docs = [
        vec![op("a", 90, false)],
        vec![op("a", 100, true)],
        vec![failed.clone()],
        vec![failed],
        vec![op("a", 0, false)],
        vec![op("a", 10, false)],
        vec![op("a", 20, false)],
    ];
    assert_eq!(
        rules(&docs),
        [
            "sequence-final-changed",
            "sequence-unfinished",
            "sequence-final-changed",
            "sequence-progress-regressed"
        ]
    );
}

#[test]
fn a_finished_operation_that_disappears_is_not_a_finding() {
    assert!(rules(&[vec![op("a", 100, true)], vec![]]).is_empty());
    assert_eq!(
        rules(&[vec![op("a", 10, false)], vec![]]),
        ["sequence-vanished"]
    );
}

#[test]
fn an_operation_seen_in_a_broken_document_is_still_followed_in_the_next() {
    let mut t = Tracker::new("t", false);
    t.begin(DocRef::default());
    assert!(t.observe(&op("a", 50, false)).is_empty());
    assert!(t.end(false).is_empty(), "a broken document judges nothing");
    t.begin(DocRef {
        document: 1,
        line: 2,
    });
    let found = t.observe(&op("a", 10, false));
    assert_eq!(found.len(), 1, "the regression 50 -> 10 is seen");
    assert_eq!(found[0].rule, "sequence-progress-regressed");
}

#[test]
fn state_is_per_live_operation_not_per_document() {
    // 10,000 polls, each operation living three polls: at most four are ever followed.
    let mut t = Tracker::new("t", false);
    let mut most = 0;
    for d in 0..10_000usize {
        t.begin(DocRef {
            document: d,
            line: d as u64 + 1,
        });
        for k in d.saturating_sub(2)..=d {
            let progress = i64::try_from(50 * (d - k)).unwrap();
            assert!(
                t.observe(&op(&k.to_string(), progress, d - k == 2))
                    .is_empty()
            );
        }
        assert!(t.end(true).is_empty());
        most = most.max(t.live());
    }
    assert!(most <= 4, "{most}");
}

/// The state held per live operation: a regression here multiplies by every operation of a
/// capture (120,000 in a 1 GB one). It was ~1 KB per operation with owned strings.
#[test]
fn the_state_per_operation_stays_small() {
    assert!(size_of::<Live>() <= 80, "{}", size_of::<Live>());
    assert_eq!(size_of::<Option<Live>>(), size_of::<Live>());
    assert!(size_of::<OpId>() <= 24);
    // A GUID id is held in place, not on the heap.
    assert!(matches!(
        OpId::new("63cbe1e4-5932-4dd7-a044-3cd7f43c661c"),
        OpId::Guid(..)
    ));
    // One document of 10,000 operations: one document in the table, one place each.
    let mut t = Tracker::new("t", false);
    t.begin(DocRef::default());
    for k in 0..10_000u64 {
        let id = format!("{k:08x}-0000-4000-a000-000000000000");
        assert!(t.observe(&op(&id, 5, k % 2 == 0)).is_empty());
    }
    assert!(t.end(true).is_empty());
    assert_eq!((t.live(), t.docs.len(), t.ops.len()), (10_000, 1, 10_000));
    assert!(t.overflow.is_empty());
}

/// Two ids with the same hash stay two operations (forced here by hashing every id alike).
#[test]
fn a_hash_collision_never_merges_two_operations() {
    let mut t = Tracker::new("t", true);
    t.begin(DocRef::default());
    let (a, b) = (op("a", 50, false), op("b", 10, false));
    // `b` is inserted under `a`'s key, as a colliding id would be.
    assert!(t.observe(&a).is_empty());
    let key = a.id.key();
    let place = t.insert(Live::new(b.id.clone(), 0), key);
    assert_eq!(t.find(&b.id, key), Some(place));
    assert_eq!(t.find(&a.id, key), Some(0));
    assert_eq!(t.overflow.len(), 1);
    let (gone, _) = t.remove(0);
    assert_eq!(gone.id, a.id);
    assert_eq!(t.find(&b.id, key), Some(place));
    assert_eq!(t.find(&a.id, key), None);
}

/// The table of documents is compacted as a long log goes on: it holds the documents live
/// operations refer to, not every document.
#[test]
fn the_table_of_documents_stays_small_over_a_long_log() {
    let mut t = Tracker::new("t", false);
    t.begin(DocRef {
        document: 0,
        line: 1,
    });
    assert!(t.observe(&op("old", 10, false)).is_empty());
    assert!(t.end(true).is_empty());
    for d in 1..10_000usize {
        t.begin(DocRef {
            document: d,
            line: d as u64 + 1,
        });
        let progress = i64::try_from(d / 100).unwrap();
        assert!(t.observe(&op("old", 10, false)).is_empty());
        assert!(t.observe(&op("new", progress, false)).is_empty());
        assert!(t.end(true).is_empty());
        assert!(t.docs.len() <= 2 * MIN_DOCS, "{}", t.docs.len());
    }
    // The first document is still named right after compactions.
    t.begin(DocRef {
        document: 10_000,
        line: 10_001,
    });
    let found = t.observe(&op("old", 5, false));
    assert_eq!(
        found[0].message(),
        "progress: 5 is lower than 10 in document 0 (line 1); progress never decreases"
    );
}

/// A repeated id names its first listing in the document (the `duplicate-id` finding), and
/// only within one document.
#[test]
fn a_repeated_id_names_its_first_listing() {
    let mut t = Tracker::new("t", false);
    t.begin(DocRef::default());
    assert_eq!(t.observe_listed(&op("a", 1, false), 0).0, None);
    assert_eq!(t.observe_listed(&op("b", 1, false), 1).0, None);
    assert_eq!(t.observe_listed(&op("a", 1, false), 2).0, Some(0));
    assert_eq!(t.observe_listed(&op("a", 1, false), 3).0, Some(0));
    assert!(t.end(true).is_empty());
    t.begin(DocRef {
        document: 1,
        line: 2,
    });
    assert_eq!(t.observe_listed(&op("b", 1, false), 0).0, None);
    assert_eq!(t.observe_listed(&op("b", 1, false), 5).0, Some(0));
}

/// A type that is not an `i32` (a big integer, a string) is compared and quoted as sent.
#[test]
fn a_type_of_any_kind_is_compared_and_quoted_as_sent() {
    let kinds = [
        Kind::Int(1),
        Kind::Int(i64::from(i32::MAX) + 1),
        Kind::Text("\"Copy\"".into()),
        Kind::Int(-1),
    ];
    for (k, was) in kinds.iter().enumerate() {
        for now in &kinds {
            let mut t = Tracker::new("t", true);
            let mut a = op("a", 1, false);
            a.kind = Some((was.clone(), "Operation"));
            t.begin(DocRef::default());
            assert!(t.observe(&a).is_empty());
            assert!(t.end(true).is_empty());
            t.begin(DocRef {
                document: 1,
                line: 2,
            });
            a.kind = Some((now.clone(), "Operation"));
            let found = t.observe(&a);
            if was == now {
                assert!(found.is_empty(), "{k}");
            } else {
                assert_eq!(
                    found[0].message(),
                    format!(
                        "Operation: the operation type is {now} here but was {was} in \
                         document 0 (line 0); an operation's type never changes"
                    )
                );
            }
            assert!(t.end(true).is_empty());
            assert_eq!(t.finish()[0].operation, Some(now.to_string()));
        }
    }
}

/// The url is dropped while an operation is unfinished; the documents a final-changed message
/// names are those of the full history all the same.
#[test]
fn a_changed_final_url_names_the_documents_of_its_history() {
    let with_url = |url: &str, finished: bool| {
        let mut f = op("a", 100, finished);
        f.url = Some(url.into());
        f
    };
    let docs = [
        with_url("U", false),
        with_url("U", true),
        with_url("V", true),
        with_url("W", true),
        with_url("W", false),
        with_url("W", true),
        with_url("X", true),
    ];
    let mut t = Tracker::new("t", false);
    let mut messages = Vec::new();
    for (i, f) in docs.iter().enumerate() {
        t.begin(DocRef {
            document: i,
            line: i as u64 + 1,
        });
        messages.extend(t.observe(f).into_iter().map(|f| f.message()));
        assert!(t.end(true).is_empty());
    }
    assert_eq!(
        messages,
        [
            "url: \"V\" here, but document 1 (line 2) had \"U\", and the operation is finished \
             since document 1 (line 2); a finished operation keeps its final url",
            "url: \"W\" here, but document 2 (line 3) had \"V\", and the operation is finished \
             since document 1 (line 2); a finished operation keeps its final url",
            "finished: false, but document 1 (line 2) already showed this operation finished; \
             an operation never un-finishes",
            "url: \"X\" here, but document 5 (line 6) had \"W\", and the operation is finished \
             since document 5 (line 6); a finished operation keeps its final url",
        ]
    );
}
