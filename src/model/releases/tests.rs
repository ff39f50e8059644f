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

/// The typed loader reads every member and enum value of the file, with the releases of its
/// runs, as a plain reading of the JSON does.
#[test]
fn the_table_holds_every_entry_of_the_file() {
    let t = table();
    let root: serde_json::Value = serde_json::from_str(BUNDLED).unwrap();
    let tags: Vec<&str> = root["releases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["tag"].as_str().unwrap())
        .collect();
    assert_eq!(t.releases.len(), tags.len());
    for (r, tag) in t.releases.iter().zip(&tags) {
        assert_eq!(r.tag, *tag);
    }
    let set = |runs: &serde_json::Value| {
        let mut mask = 0u64;
        for run in runs.as_array().unwrap() {
            let at = |v: &serde_json::Value| tags.iter().position(|t| v == t).unwrap();
            for i in at(&run[0])..=at(&run[1]) {
                mask |= 1 << i;
            }
        }
        Releases(mask)
    };
    let objects = root["objects"].as_object().unwrap();
    assert_eq!(t.objects.len(), objects.len());
    for (kind, members) in objects {
        let members = members.as_array().unwrap();
        let ours = &t.objects[kind];
        assert_eq!(ours.len(), members.len(), "{kind}");
        for (m, json) in ours.iter().zip(members) {
            assert_eq!(m.name, json["name"].as_str().unwrap());
            assert_eq!(m.ty, json["type"].as_str().unwrap());
            assert_eq!(m.releases, set(&json["in"]), "{kind}.{}", m.name);
            let flag = |f: &str| json[f].as_bool().unwrap_or(false);
            assert_eq!(m.omitted_when_null, flag("omitted_when_null"));
            assert_eq!(m.omitted_when_default, flag("omitted_when_default"));
        }
    }
    let enums = root["enums"].as_object().unwrap();
    assert_eq!(t.enums.len(), enums.len());
    for (name, e) in enums {
        let ours = &t.enums[name];
        assert_eq!(ours.flags, e["flags"].as_bool().unwrap_or(false), "{name}");
        let values = e["values"].as_array().unwrap();
        assert_eq!(ours.values.len(), values.len(), "{name}");
        for (v, json) in ours.values.iter().zip(values) {
            assert_eq!(v.name, json["name"].as_str().unwrap());
            assert_eq!(v.value, json["value"].as_i64().unwrap());
            assert_eq!(v.releases, set(&json["in"]), "{name}.{}", v.name);
        }
    }
    assert!(
        t.objects
            .values()
            .any(|m| m.iter().any(|m| m.omitted_when_null))
    );
}
