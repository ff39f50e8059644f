//! How each profile narrows the bundled schema, as plain data: read by `apply_profile` at run
//! time and by `build.rs`, which compiles the schema ahead of time for every profile, so the two
//! can never disagree. This file uses nothing but `core`: build.rs includes it with `#[path]`.

/// The schema's `$defs` of the payload's enums (each has a `Code` and a `Name` form).
pub const ENUM_DEFS: [&str; 5] = [
    "operationType",
    "distributedTaskStatus",
    "fileShare",
    "folderType",
    "fileEntryType",
];

/// The profiles by name, as build.rs names the modules it generates (the crate reads it only
/// in a test that holds it to `Profile::name`).
#[cfg_attr(not(test), allow(dead_code))]
pub const PROFILES: [&str; 3] = ["any", "wire", "docs"];

/// Under the profile named first, `$defs/<def>` becomes `{"$ref": "#/$defs/<narrower>"}`:
/// (profile, def, narrower, why). The enum narrowings of `wire` are listed by [`narrowings`].
const NAMED: [(&str, &str, &str, &str); 3] = [
    (
        "wire",
        "apiDateTime",
        "apiDateTimeWire",
        "profile wire: servers send date strings",
    ),
    (
        "wire",
        "document",
        "envelope",
        "profile wire: servers wrap the list in the envelope",
    ),
    (
        "docs",
        "apiDateTime",
        "apiDateTimeDocs",
        "profile docs: the docs describe date objects",
    ),
];

/// Every narrowing of `profile` (a name of [`PROFILES`]): (def, narrower, why), in the order
/// they apply. `wire` narrows every enum to its integer codes.
#[must_use]
pub fn narrowings(profile: &str) -> Vec<(String, String, &'static str)> {
    let mut out = Vec::new();
    if profile == "wire" {
        for e in ENUM_DEFS {
            out.push((
                e.to_owned(),
                format!("{e}Code"),
                "profile wire: servers send integer codes",
            ));
        }
    }
    for (p, def, to, why) in NAMED {
        if p == profile {
            out.push((def.to_owned(), to.to_owned(), why));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::model::Profile;

    #[test]
    fn build_rs_compiles_every_profile_by_the_name_the_crate_gives_it() {
        let names: Vec<&str> = [Profile::Any, Profile::Wire, Profile::Docs]
            .iter()
            .map(|p| p.name())
            .collect();
        assert_eq!(names, super::PROFILES);
    }
}
