//! Unit tests of the release table: parsing, version names, members and enum values by release.
use super::*;

#[test]
fn table_parses() {
    let t = table();
    assert_eq!(t.releases.len(), 23);
    assert_eq!(t.releases[0].tag, "v1.0.0-pre");
    assert_eq!(t.releases[22].short, "v3.7.2");
}

#[test]
fn versions_resolve_to_releases() {
    let t = table();
    let show = |v: &str| t.resolve(v).map(|r| r.to_string());
    assert_eq!(show("3.0.4").unwrap(), "v3.0.4");
    assert_eq!(show("v3.7.2-server").unwrap(), "v3.7.2");
    assert_eq!(show("3.6").unwrap(), "v3.6.0-v3.6.1");
    assert_eq!(show("1.0.0-pre").unwrap(), "v1.0.0-pre");
    assert_eq!(show("1.0.0").unwrap(), "v1.0.0");
    assert_eq!(show("3").unwrap(), "v3.0.0-v3.7.2");
    for bad in ["3.3", "4", "", "v", "3.0.4.1", "3.x", "2.0.4-saas"] {
        let e = show(bad).unwrap_err();
        assert!(
            e.contains("the known releases are v1.0.0-pre, v1.0.0,"),
            "{e}"
        );
    }
}

#[test]
fn folder_type_35_is_first_sent_by_v3_7_1() {
    let t = table();
    let ft = &t.enums["FolderType"];
    let v304 = t.resolve("3.0.4").unwrap();
    assert_eq!(
        t.why_not(ft.releases_of(35), v304),
        "is first sent by v3.7.1"
    );
    assert_eq!(
        t.why_not(ft.releases_of(17), v304),
        "is last sent by v2.6.3"
    );
    assert_eq!(ft.names_of(24), ["FormRoom"]);
    assert_eq!(
        t.enums["FileShare"].names_of(11),
        ["Collaborator", "PowerUser", "ContentCreator"]
    );
}

#[test]
fn flag_combinations_need_every_bit() {
    let t = table();
    let status = &t.enums["FileStatus"];
    let completed = status.releases_of(256);
    assert_eq!(completed.first().map(|i| t.short(i)), Some("v3.1.0"));
    // IsEditing (1) | IsCompletedForm (256): only where both exist.
    assert_eq!(status.releases_of(257), completed);
    assert!(status.releases_of(1 << 40).is_empty());
}
