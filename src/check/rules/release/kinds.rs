//! What the fused release walk and build.rs must read alike in the release table
//! (`schema/releases.json`): which object kind a schema def stands for, and which enum keys a
//! member's map. build.rs fuses the table's enum-keyed maps into the compiled walk, and the
//! run-time hooks pair them with the table, so the two can never disagree. This file uses
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

/// The enum whose names key a member of table type `ty` (`map<enum:E>:...`), if it is one.
#[must_use]
pub fn map_enum(ty: &str) -> Option<&str> {
    let (e, _) = ty.strip_prefix("map<enum:")?.split_once('>')?;
    Some(e)
}
