//! Compiles the bundled schema (`schema/fileops.schema.json`) ahead of time into Rust: one
//! checker per profile over the simd-json tape, the validator's fast path
//! (`src/check/compiled/`). The compiler is in `build/schema_compiler.rs`; a schema keyword it
//! does not know fails the build, so the compiled checker can never silently ignore an edit.

#[path = "build/schema_compiler.rs"]
mod schema_compiler;

#[path = "src/check/schema/profiles.rs"]
#[allow(dead_code)]
mod profiles;

#[path = "src/check/rules/release/kinds.rs"]
mod kinds;

fn main() {
    let schema_path = "schema/fileops.schema.json";
    println!("cargo:rerun-if-changed={schema_path}");
    println!("cargo:rerun-if-changed=build/schema_compiler.rs");
    println!("cargo:rerun-if-changed=src/check/schema/profiles.rs");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let text = std::fs::read_to_string(schema_path).expect("the bundled schema is readable");
    let schema: serde_json::Value =
        serde_json::from_str(&text).expect("the bundled schema is valid JSON");
    let profiles: Vec<(&str, Vec<(String, String)>)> = profiles::PROFILES
        .iter()
        .map(|&p| {
            let narrowed = profiles::narrowings(p)
                .into_iter()
                .map(|(def, to, _)| (def, to))
                .collect();
            (p, narrowed)
        })
        .collect();
    let table_path = "schema/releases.json";
    println!("cargo:rerun-if-changed={table_path}");
    println!("cargo:rerun-if-changed=src/check/rules/release/kinds.rs");
    let table: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(table_path).expect("the release table is readable"),
    )
    .expect("the release table is valid JSON");
    let keyed = keyed_maps(&table);
    let code = schema_compiler::compile(&schema, &profiles, &|def, member| {
        keyed
            .get(&(kinds::table_kind(def).to_owned(), member.to_owned()))
            .cloned()
    })
    .unwrap_or_else(|e| panic!("{schema_path}: {e}"));
    std::fs::write(out.join("compiled_schema.rs"), code).expect("OUT_DIR is writable");
}

/// The release table's maps keyed by an enum's names: (object kind, member) -> every name of
/// the enum, in the table's order. The compiled walk matches these names itself and tells the
/// release hooks which one it met (`cx.map_key`), instead of the hooks looking each key up
/// again. A member the table lists twice keeps its last entry, as the run-time table does.
fn keyed_maps(
    table: &serde_json::Value,
) -> std::collections::BTreeMap<(String, String), Vec<String>> {
    let mut keyed = std::collections::BTreeMap::new();
    let (Some(objects), Some(enums)) = (
        table.get("objects").and_then(serde_json::Value::as_object),
        table.get("enums").and_then(serde_json::Value::as_object),
    ) else {
        panic!("schema/releases.json: no `objects` or no `enums`");
    };
    for (kind, members) in objects {
        for member in members.as_array().into_iter().flatten() {
            let (Some(name), Some(ty)) = (
                member.get("name").and_then(serde_json::Value::as_str),
                member.get("type").and_then(serde_json::Value::as_str),
            ) else {
                continue;
            };
            let key = (kind.clone(), name.to_owned());
            let values = kinds::map_enum(ty)
                .and_then(|e| enums.get(e))
                .and_then(|e| e.get("values"))
                .and_then(serde_json::Value::as_array);
            let Some(values) = values else {
                keyed.remove(&key);
                continue;
            };
            let mut names: Vec<String> = Vec::new();
            for v in values {
                if let Some(n) = v.get("name").and_then(serde_json::Value::as_str)
                    && !names.iter().any(|x| x == n)
                {
                    names.push(n.to_owned());
                }
            }
            keyed.insert(key, names);
        }
    }
    keyed
}
