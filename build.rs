//! Compiles the bundled schema (`schema/fileops.schema.json`) ahead of time into Rust: one
//! checker per profile over the simd-json tape, the validator's fast path
//! (`src/check/compiled/`). The compiler is in `build/schema_compiler.rs`; a schema keyword it
//! does not know fails the build, so the compiled checker can never silently ignore an edit.

#[path = "build/schema_compiler.rs"]
mod schema_compiler;

#[path = "src/check/schema/profiles.rs"]
#[allow(dead_code)]
mod profiles;

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
    let code = schema_compiler::compile(&schema, &profiles)
        .unwrap_or_else(|e| panic!("{schema_path}: {e}"));
    std::fs::write(out.join("compiled_schema.rs"), code).expect("OUT_DIR is writable");
}
