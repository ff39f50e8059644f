//! Which object kind of the release table (`schema/releases.json`) a schema def stands for.
//! Read by the fused release walk at run time and by build.rs, which fuses the table's
//! enum-keyed maps into the compiled walk, so the two can never disagree. This file uses
//! nothing but `core`: build.rs includes it with `#[path]`.

/// The table's object kind for schema def `def`: its own name, except for the entries.
#[must_use]
pub fn table_kind(def: &str) -> &str {
    match def {
        "fileEntry" => "file",
        "folderEntry" => "folder",
        other => other,
    }
}
