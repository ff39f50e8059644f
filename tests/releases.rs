//! Every server release's payload passes, and what a release does not send fails under its --server-version.
//!
//! The payloads come from the per-release table (`gen::release_payload`), so a new release in
//! schema/releases.json is tested here without new test code.

use fileops_validator::arb::internals::r#gen::release_payload;
use fileops_validator::arb::internals::model::releases::{Releases, table};
use fileops_validator::{Options, Profile, Report, Severity, Validator};
use serde_json::Value;

/// Every release's payload, built once (the tests take parts of one release's into another's).
fn payloads() -> &'static [Value] {
    static ALL: std::sync::LazyLock<Vec<Value>> =
        std::sync::LazyLock::new(|| (0..table().releases.len()).map(release_payload).collect());
    &ALL
}

fn validate(options: Options, payload: &Value) -> Report {
    let bytes = serde_json::to_vec_pretty(payload).expect("json");
    Validator::new(options)
        .expect("schema compiles")
        .validate_bytes("payload.json", &bytes)
}

fn problems(report: &Report) -> String {
    report
        .violations
        .iter()
        .map(|v| format!("{} {} {}", v.rule.id(), v.pointer, v.message))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_release_payload_passes_by_default_strict_wire_and_under_its_version() {
    let t = table();
    for (i, release) in t.releases.iter().enumerate() {
        let payload = &payloads()[i];
        for (what, options) in [
            ("default", Options::default()),
            (
                "--strict --profile wire",
                Options {
                    strict: true,
                    profile: Profile::Wire,
                    ..Options::default()
                },
            ),
            (
                "--strict --server-version",
                Options {
                    strict: true,
                    server_version: Some(Releases::one(i)),
                    ..Options::default()
                },
            ),
        ] {
            let report = validate(options, payload);
            assert!(
                report.violations.is_empty(),
                "{} {what}:\n{}",
                release.tag,
                problems(&report)
            );
        }
        let evidence = validate(Options::default(), payload)
            .releases
            .expect("operations were checked");
        assert!(
            evidence.releases.contains(i),
            "{}: the verdict {} leaves out the release that sent it",
            release.tag,
            evidence.sentence()
        );
    }
}

/// Where the first object of each kind sits in a release payload.
fn path_of(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "operation" => "/response/0",
        "file" => "/response/0/files/0",
        "folder" => "/response/0/folders/0",
        "employee" => "/response/0/files/0/createdBy",
        "draftLocation" => "/response/0/files/0/draftLocation",
        "size" => "/response/0/files/0/dimensions",
        "logo" => "/response/0/folders/0/logo",
        "logoCover" => "/response/0/folders/0/logo/cover",
        "lifetime" => "/response/0/folders/0/lifetime",
        "watermark" => "/response/0/folders/0/watermark",
        "chatSettings" => "/response/0/folders/0/chatSettings",
        "chatMultimodal" => "/response/0/folders/0/chatSettings/multimodal",
        "chatImage" => "/response/0/folders/0/chatSettings/multimodal/image",
        "aiCapabilities" => "/response/0/folders/0/chatSettings/capabilities",
        _ => return None,
    })
}

#[test]
fn members_of_other_releases_are_rejected_under_each_version_saying_which_release() {
    let t = table();
    let mut checked = 0;
    for i in 0..t.releases.len() {
        let base = payloads()[i].clone();
        let mut payload = base.clone();
        let mut expected = Vec::new();
        for (kind, members) in &t.objects {
            let Some(path) = path_of(kind) else { continue };
            for m in members.iter().filter(|m| !m.releases.contains(i)) {
                let Some(from) = m.releases.last() else {
                    continue;
                };
                // A valid value of the member, from a release that sends it.
                let donor = &payloads()[from];
                let Some(value) = donor.pointer(&format!("{path}/{}", m.name)).cloned() else {
                    continue;
                };
                if base.pointer(path).is_none() {
                    continue; // the release does not send the enclosing object at all
                }
                let Some(object) = payload.pointer_mut(path).and_then(Value::as_object_mut) else {
                    continue;
                };
                object.insert(m.name.clone(), value);
                let why = t.why_not(m.releases, Releases::one(i));
                expected.push((format!("{path}/{}", m.name), why));
            }
        }
        let report = validate(
            Options {
                server_version: Some(Releases::one(i)),
                ..Options::default()
            },
            &payload,
        );
        for (pointer, why) in &expected {
            let found = report.violations.iter().find(|v| v.pointer == *pointer);
            let Some(v) = found else {
                panic!(
                    "{}: nothing at {pointer}:\n{}",
                    t.short(i),
                    problems(&report)
                );
            };
            assert_eq!(
                v.rule.id(),
                "server-version",
                "{}: {}",
                t.short(i),
                v.message
            );
            assert_eq!(v.severity, Severity::Error);
            assert!(
                v.message.contains(why) && v.message.contains("--server-version names"),
                "{}: {}",
                t.short(i),
                v.message
            );
            checked += 1;
        }
        assert_eq!(
            report.summary.errors,
            expected.len(),
            "{}: one error per foreign member:\n{}",
            t.short(i),
            problems(&report)
        );
    }
    assert!(checked > 500, "only {checked} foreign members tried");
}

#[test]
fn enum_values_of_other_releases_are_rejected_under_each_version_saying_which_release() {
    let t = table();
    let mut checked = 0;
    for i in 0..t.releases.len() {
        let base = payloads()[i].clone();
        let mut payload = base.clone();
        let mut expected = Vec::new();
        let template = base.pointer("/response/0").cloned().expect("an operation");
        for (kind, members) in &t.objects {
            let Some(path) = path_of(kind) else { continue };
            let path = path
                .strip_prefix("/response/0")
                .expect("inside the operation");
            for m in members.iter().filter(|m| m.releases.contains(i)) {
                let Some(e) = m.ty.strip_prefix("enum:") else {
                    continue;
                };
                for v in &t.enums[e].values {
                    let all = t.enums[e].releases_of(v.value);
                    if all.contains(i)
                        || expected.iter().any(|x: &(String, String)| {
                            x.1 == format!("{e} {} {}", v.value, m.name)
                        })
                    {
                        continue;
                    }
                    let mut op = template.clone();
                    let Some(slot) = op.pointer_mut(&format!("{path}/{}", m.name)) else {
                        continue;
                    };
                    *slot = Value::from(v.value);
                    let list = payload["response"].as_array_mut().expect("list");
                    list.push(op);
                    let pointer = format!("/response/{}{path}/{}", list.len() - 1, m.name);
                    let why = t.why_not(all, Releases::one(i));
                    expected.push((pointer, format!("{e} {} {}", v.value, m.name)));
                    expected.push((String::new(), why));
                }
            }
        }
        let report = validate(
            Options {
                server_version: Some(Releases::one(i)),
                ..Options::default()
            },
            &payload,
        );
        for pair in expected.chunks(2) {
            let (pointer, label) = (&pair[0].0, &pair[0].1);
            let why = &pair[1].1;
            let code = label.split(' ').take(2).collect::<Vec<_>>().join(" ");
            let v = report
                .violations
                .iter()
                .find(|v| v.pointer == *pointer && v.rule.id() == "server-version")
                .unwrap_or_else(|| {
                    panic!(
                        "{}: no error for {label} at {pointer}:\n{}",
                        t.short(i),
                        problems(&report)
                    )
                });
            assert!(
                v.message.starts_with(&format!("{code} (")) && v.message.contains(why),
                "{}: {}",
                t.short(i),
                v.message
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} foreign enum values tried");
}

#[test]
fn folder_type_35_under_3_0_4_says_it_is_first_sent_by_v3_7_1() {
    let mut payload = release_payload(table().resolve("3.0.4").unwrap().last().unwrap());
    payload["response"][0]["files"][0]["rootFolderType"] = Value::from(35);
    let report = validate(
        Options {
            server_version: Some(table().resolve("3.0.4").unwrap()),
            ..Options::default()
        },
        &payload,
    );
    assert_eq!(
        problems(&report),
        "server-version /response/0/files/0/rootFolderType FolderType 35 (DefaultTemplates) is \
         first sent by v3.7.1 (--server-version names v3.0.4)"
    );
    // The default accepts it, and its verdict says no single release sends all of it.
    let report = validate(Options::default(), &payload);
    assert!(report.violations.is_empty(), "{}", problems(&report));
    let evidence = report.releases.clone().expect("evidence");
    assert_eq!(evidence.releases.to_string(), "no release");
    assert!(
        evidence
            .reasons()
            .contains(&"FolderType 35 (DefaultTemplates) needs v3.7.1+".to_owned()),
        "{:?}",
        evidence.reasons()
    );
}

#[test]
fn a_removed_value_next_to_a_newer_member_leaves_no_consistent_release() {
    let v372 = table().resolve("3.7.2").unwrap().last().unwrap();
    let mut payload = release_payload(v372);
    // ReviewRoom (17) was last sent by v2.6.3; `editingBy` on a file is first sent by v3.7.1.
    payload["response"][0]["files"][0]["rootFolderType"] = Value::from(17);
    let report = validate(Options::default(), &payload);
    assert!(report.violations.is_empty(), "{}", problems(&report));
    let evidence = report.releases.clone().expect("evidence");
    assert!(evidence.releases.is_empty());
    assert_eq!(
        evidence.sentence(),
        "no single server release sends everything these operations hold: `editingBy` on a \
         file needs v3.7.1+; FolderType 17 (ReviewRoom) is last sent by v2.6.3"
    );
    let human = fileops_validator::arb::internals::report::render::human::render(&report);
    assert!(
        human.contains("\nwarning: server releases: no single server release"),
        "{human}"
    );
}

#[test]
fn the_verdict_names_the_range_and_the_member_that_bounds_it() {
    let payload = serde_json::json!({"response": [{"id": "a", "Operation": 1, "progress": 100,
        "finished": true, "status": 2}], "count": 1});
    let report = validate(Options::default(), &payload);
    let evidence = report.releases.clone().expect("evidence");
    assert_eq!(
        evidence.sentence(),
        "consistent with v3.7.1-v3.7.2: `status` on an operation needs v3.7.1+"
    );
    let human = fileops_validator::arb::internals::report::render::human::render(&report);
    assert!(
        human.ends_with("\nnote: server releases: consistent with v3.7.1-v3.7.2: `status` on an operation needs v3.7.1+\n"),
        "{human}"
    );
    let json: Value = serde_json::from_str(
        &fileops_validator::arb::internals::report::render::json::render(&report),
    )
    .expect("json");
    assert_eq!(
        json["releases"]["consistent"],
        serde_json::json!(["v3.7.1-server", "v3.7.2-server"])
    );
    assert_eq!(json["releases"]["summary"], "v3.7.1-v3.7.2");
}

#[test]
fn integers_written_100_0_1e2_or_minus_0_warn_by_default_and_fail_under_profile_wire() {
    let text = br#"{"response": [{"id": "a", "Operation": -0, "progress": 100.0, "finished": true,
        "files": [{"title": "t", "access": 1e0, "version": 2}]}], "count": 1}"#;
    for (profile, severity) in [
        (Profile::Any, Severity::Warning),
        (Profile::Wire, Severity::Error),
    ] {
        let report = Validator::new(Options {
            profile,
            ..Options::default()
        })
        .expect("schema")
        .validate_bytes("n.json", text);
        let found: Vec<(String, String, Severity)> = report
            .violations
            .iter()
            .map(|v| (v.pointer.clone(), v.message.clone(), v.severity))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "/response/0/Operation".to_owned(),
                    "Operation: servers write integers as plain digits, found -0 (an integer in \
                     another form)"
                        .to_owned(),
                    severity
                ),
                (
                    "/response/0/progress".to_owned(),
                    "progress: servers write integers as plain digits, found 100.0 (an integer \
                     in another form)"
                        .to_owned(),
                    severity
                ),
                (
                    "/response/0/files/0/access".to_owned(),
                    "access: servers write integers as plain digits, found 1e0 (an integer in \
                     another form)"
                        .to_owned(),
                    severity
                ),
            ],
            "{profile:?}"
        );
    }
}

fn cli(args: &[&str], stdin: &[u8]) -> std::process::Output {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_fileops-validator"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut input = child.stdin.take().expect("stdin");
    input.write_all(stdin).expect("write stdin");
    drop(input);
    child.wait_with_output().expect("the binary exits")
}

#[test]
fn an_unknown_server_version_is_a_usage_error_listing_the_known_ones() {
    for command in ["validate", "schema", "gen"] {
        let out = cli(&[command, "--server-version", "3.9"], b"");
        assert_eq!(out.status.code(), Some(2), "{command}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("unknown server version \"3.9\": the known releases are v1.0.0-pre, ")
                && err.contains("v3.7.1, v3.7.2"),
            "{command}: {err}"
        );
        assert!(out.stdout.is_empty(), "{command}");
    }
}

#[test]
fn server_version_report_as_users_see_it() {
    let capture = br#"{"response": [{"id": "a", "Operation": 1, "progress": 100, "finished": true,
  "status": 2, "files": [{"title": "a.docx", "rootFolderType": 35, "formFillingStatus": 1}]}],
 "count": 1}"#;
    let out = cli(&["validate", "--server-version", "3.0.4", "-"], capture);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(
        "server_version_3_0_4_human",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = cli(&["validate", "-"], capture);
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!(
        "consistent_releases_human",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn schema_for_a_release_is_the_bundled_one_narrowed() {
    let out = cli(&["schema", "--server-version", "v2.6.3-server"], b"");
    assert_eq!(out.status.code(), Some(0));
    let schema: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let codes = schema["$defs"]["folderTypeCode"]["enum"]
        .as_array()
        .expect("codes")
        .clone();
    assert!(codes.contains(&Value::from(17)) && codes.contains(&Value::from(24)));
    assert!(!codes.contains(&Value::from(29)) && !codes.contains(&Value::from(30)));
    assert_eq!(
        schema["$defs"]["operation"]["properties"]["status"]["not"],
        serde_json::json!({})
    );
    // It still compiles as a schema, and a v2.6.3 payload passes it.
    let validator = jsonschema::validator_for(&schema).expect("compiles");
    let v263 = table().resolve("2.6.3").unwrap().last().unwrap();
    assert!(validator.is_valid(&payloads()[v263]));
    let v372 = table().resolve("3.7.2").unwrap().last().unwrap();
    assert!(!validator.is_valid(&payloads()[v372]));
}

/// A `security` key only some releases send bounds the verdict as a member would: the compiled
/// walk reports it by its place in the enum (`cx.map_key`), and the report names the key.
#[test]
fn a_security_key_of_a_few_releases_bounds_the_verdict_and_is_named() {
    let t = table();
    let v372 = t.resolve("3.7.2").unwrap();
    let mut payload = release_payload(v372.last().unwrap());
    // EditForm is sent by v2.6.0 to v2.6.2 only; every item of v3.7.2's payload is sent by it.
    payload["response"][0]["files"][0]["security"]["EditForm"] = Value::from(true);
    let report = validate(Options::default(), &payload);
    assert!(report.violations.is_empty(), "{}", problems(&report));
    let evidence = report.releases.clone().expect("evidence");
    assert!(evidence.releases.is_empty(), "{}", evidence.sentence());
    let reasons = evidence.reasons();
    assert!(
        reasons.iter().any(
            |r| r == "`security` key `EditForm` (FilesSecurityActions) is last sent by v2.6.2"
        ),
        "{reasons:?}"
    );
    // Under a release that does not send it, with --strict, it is an error at the key.
    let report = validate(
        Options {
            strict: true,
            server_version: Some(v372),
            ..Options::default()
        },
        &payload,
    );
    assert!(
        problems(&report).contains("/response/0/files/0/security/EditForm"),
        "{}",
        problems(&report)
    );
}
