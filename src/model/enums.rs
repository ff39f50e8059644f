//! The payload's enums. On the wire they are integers; the docs also name them. [`Coded`] accepts
//! both and remembers which form it saw, so a profile can insist on one.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Unexpected, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::profile::{self, Profile};
use super::scalars::reject;
use crate::report::{Found, Rule, Tail};

/// An enum of the payload: its codes and names.
pub trait WireEnum: Sized + Copy + 'static {
    /// What a value is, completing "expected ___" (`an operation type`).
    const WHAT: &'static str;
    /// Every value with its code and its documented name.
    const VALUES: &'static [(Self, i64, &'static str)];
    /// Names accepted besides the documented ones (misspellings the docs use).
    const ALIASES: &'static [(&'static str, Self)] = &[];

    /// The value with this code.
    fn from_code(code: i64) -> Option<Self> {
        Self::VALUES.iter().find(|v| v.1 == code).map(|v| v.0)
    }

    /// The value with this name (or alias).
    fn from_name(name: &str) -> Option<Self> {
        Self::VALUES
            .iter()
            .find(|v| v.2 == name)
            .map(|v| v.0)
            .or_else(|| Self::ALIASES.iter().find(|a| a.0 == name).map(|a| a.1))
    }

    /// "0-7 (Move, Copy, ...)": the codes and names, for messages.
    fn listing() -> String {
        let codes: Vec<String> = Self::VALUES.iter().map(|v| v.1.to_string()).collect();
        let names: Vec<&str> = Self::VALUES.iter().map(|v| v.2).collect();
        format!("{} ({})", compact_codes(&codes), names.join(", "))
    }
}

/// `0, 1, 2, 3` -> `0-3`; gaps listed.
fn compact_codes(codes: &[String]) -> String {
    let nums: Vec<i64> = codes.iter().filter_map(|c| c.parse().ok()).collect();
    let contiguous = nums.windows(2).all(|w| w[1] == w[0] + 1);
    match (contiguous, nums.first(), nums.last()) {
        (true, Some(first), Some(last)) if nums.len() > 2 => format!("{first}-{last}"),
        _ => codes.join(", "),
    }
}

/// How an enum value was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EnumForm {
    /// As an integer code: what servers send.
    Code,
    /// As its documented name.
    Name,
    /// As a name the docs use besides the documented one (a misspelling such as `Failted`).
    Alias(&'static str),
}

/// An enum value together with the form it was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Coded<T> {
    pub value: T,
    pub form: EnumForm,
}

impl<T: WireEnum + PartialEq> Coded<T> {
    /// The integer code of the value.
    #[must_use]
    pub fn code(&self) -> i64 {
        T::VALUES
            .iter()
            .find(|v| v.0 == self.value)
            .map_or(-1, |v| v.1)
    }

    /// The documented name of the value.
    #[must_use]
    pub fn name(&self) -> &'static str {
        T::VALUES
            .iter()
            .find(|v| v.0 == self.value)
            .map_or("?", |v| v.2)
    }
}

impl<'de, T: WireEnum> Deserialize<'de> for Coded<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<T: WireEnum> V<T> {
            fn code<E: de::Error>(code: i64) -> Result<Coded<T>, E> {
                T::from_code(code)
                    .map(|value| Coded {
                        value,
                        form: EnumForm::Code,
                    })
                    .ok_or_else(|| {
                        reject(
                            Rule::Enum,
                            format!("{}: {}", T::WHAT, T::listing()),
                            Found::Bare(code.to_string()),
                            Tail::NotListed,
                        )
                    })
            }
        }
        impl<T: WireEnum> Visitor<'_> for V<T> {
            type Value = Coded<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match profile::current() {
                    Profile::Wire => write!(f, "{}: an integer code", T::WHAT),
                    _ => write!(f, "{}: an integer code or its name", T::WHAT),
                }
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Self::code(v)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Self::code(i64::try_from(v).unwrap_or(i64::MAX))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                // JSON Schema's `enum` compares numbers by value: 1.0 is the code 1.
                if v.is_finite() && v.fract() == 0.0 && v.abs() < 1e15 {
                    Self::code(v as i64)
                } else {
                    Err(E::invalid_type(Unexpected::Float(v), &self))
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                if profile::current() == Profile::Wire {
                    return Err(reject(
                        Rule::Profile,
                        format!(
                            "{}: an integer code {} (profile wire: servers send codes)",
                            T::WHAT,
                            T::listing()
                        ),
                        Found::Name(v.to_owned()),
                        Tail::None,
                    ));
                }
                let alias = T::ALIASES.iter().find(|a| a.0 == v);
                let named = T::VALUES.iter().find(|c| c.2 == v).map(|c| c.0);
                named
                    .map(|value| Coded {
                        value,
                        form: EnumForm::Name,
                    })
                    .or_else(|| {
                        alias.map(|a| Coded {
                            value: a.1,
                            form: EnumForm::Alias(a.0),
                        })
                    })
                    .ok_or_else(|| {
                        let tail = T::VALUES
                            .iter()
                            .find(|c| c.2.eq_ignore_ascii_case(v))
                            .map_or(Tail::NotListed, |c| Tail::DidYouMean(c.2));
                        reject(
                            Rule::Enum,
                            format!("{}: {}", T::WHAT, T::listing()),
                            Found::Name(v.to_owned()),
                            tail,
                        )
                    })
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

impl<T: WireEnum + PartialEq> Serialize for Coded<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.form {
            EnumForm::Code => s.serialize_i64(self.code()),
            EnumForm::Name => s.serialize_str(self.name()),
            EnumForm::Alias(alias) => s.serialize_str(alias),
        }
    }
}

macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal,
     [$($variant:ident = $code:literal, $text:literal;)*]
     $(aliases [$($alias:literal => $target:ident),*])?) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[allow(missing_docs)]
        pub enum $name { $($variant),* }

        impl WireEnum for $name {
            const WHAT: &'static str = $what;
            const VALUES: &'static [(Self, i64, &'static str)] = &[$(($name::$variant, $code, $text)),*];
            $(const ALIASES: &'static [(&'static str, Self)] = &[$(($alias, $name::$target)),*];)?
        }
    };
}

wire_enum!(
    /// `Operation`: what a file operation does (FileOperationType).
    OperationType, "an operation type",
    [Move = 0, "Move"; Copy = 1, "Copy"; Delete = 2, "Delete"; Download = 3, "Download";
     MarkAsRead = 4, "MarkAsRead"; Import = 5, "Import"; Convert = 6, "Convert";
     Duplicate = 7, "Duplicate";]
);

wire_enum!(
    /// `status` of an operation (DistributedTaskStatus, servers from v3.7.1).
    TaskStatus, "a task status",
    [Created = 0, "Created"; Running = 1, "Running"; Completed = 2, "Completed";
     Canceled = 3, "Canceled"; Failed = 4, "Failed";]
    aliases ["Failted" => Failed]
);

wire_enum!(
    /// `access`: the current user's rights on an entry (FileShare).
    FileShare, "an access level",
    [None = 0, "None"; ReadWrite = 1, "ReadWrite"; Read = 2, "Read"; Restrict = 3, "Restrict";
     Varies = 4, "Varies"; Review = 5, "Review"; Comment = 6, "Comment";
     FillForms = 7, "FillForms"; CustomFilter = 8, "CustomFilter"; RoomManager = 9, "RoomManager";
     Editing = 10, "Editing"; ContentCreator = 11, "ContentCreator";]
    // Earlier releases named 9 and 11 differently (schema/releases.json has the ranges).
    aliases ["RoomAdmin" => RoomManager, "Collaborator" => ContentCreator,
             "PowerUser" => ContentCreator]
);

wire_enum!(
    /// `rootFolderType`, `parentRoomType`, folder `type` (FolderType): every value any release
    /// sends, including the removed 17, 18 and 24 and the 30-35 the published list leaves out.
    FolderType, "a folder type",
    [Default = 0, "DEFAULT"; Common = 1, "COMMON"; Bunch = 2, "BUNCH"; Trash = 3, "TRASH";
     User = 5, "USER"; Share = 6, "SHARE"; Projects = 8, "Projects"; Favorites = 10, "Favorites";
     Recent = 11, "Recent"; Templates = 12, "Templates"; Privacy = 13, "Privacy";
     VirtualRooms = 14, "VirtualRooms"; FillingFormsRoom = 15, "FillingFormsRoom";
     EditingRoom = 16, "EditingRoom"; ReviewRoom = 17, "ReviewRoom";
     ReadOnlyRoom = 18, "ReadOnlyRoom"; CustomRoom = 19, "CustomRoom"; Archive = 20, "Archive";
     ThirdpartyBackup = 21, "ThirdpartyBackup"; PublicRoom = 22, "PublicRoom";
     FormRoom = 24, "FormRoom"; ReadyFormFolder = 25, "ReadyFormFolder"; InProcessFormFolder = 26, "InProcessFormFolder";
     FormFillingFolderDone = 27, "FormFillingFolderDone";
     FormFillingFolderInProgress = 28, "FormFillingFolderInProgress";
     VirtualDataRoom = 29, "VirtualDataRoom"; RoomTemplates = 30, "RoomTemplates";
     AiRoom = 31, "AiRoom"; Knowledge = 32, "Knowledge"; ResultStorage = 33, "ResultStorage";
     AiAgents = 34, "AiAgents"; DefaultTemplates = 35, "DefaultTemplates";]
);

wire_enum!(
    /// `fileEntryType`: whether an entry is a folder or a file (servers from v3.0).
    FileEntryType, "an entry type",
    [Folder = 1, "Folder"; File = 2, "File";]
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listings_compact_contiguous_codes() {
        assert!(OperationType::listing().starts_with("0-7 (Move, Copy"));
        assert!(FolderType::listing().starts_with("0, 1, 2, 3, 5,"));
    }

    #[test]
    fn names_and_aliases_resolve() {
        assert_eq!(TaskStatus::from_name("Failted"), Some(TaskStatus::Failed));
        assert_eq!(FolderType::from_code(4), None);
        assert_eq!(FolderType::from_name("USER"), Some(FolderType::User));
    }
}
