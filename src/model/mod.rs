//! The payload as Rust types, borrowed from the input (zero-copy with simd-json).
//!
//! These types are the types layer's description of the contract, independent of the schema:
//! deserializing into them is a check, and the result is a typed view a program can use.
//!
//! ```
//! use fileops_validator::arb::internals::model::{Document, OperationType};
//!
//! let mut bytes = br#"{"response": [{"id": "c2cf19b4-4951-415a-9337-78258fc7619d",
//!     "Operation": 1, "progress": 100, "processed": "1", "finished": true}],
//!     "count": 1, "status": 0, "statusCode": 200}"#.to_vec();
//! let document: Document<'_> = simd_json::serde::from_slice(&mut bytes).unwrap();
//! let operation = &document.operations()[0];
//! assert_eq!(operation.operation.value, OperationType::Copy);
//! assert_eq!(operation.progress.0, 100);
//! ```

use serde::de::Deserializer;
use serde::{Deserialize, Serialize};

pub use enums::{
    Coded, EnumForm, FileEntryType, FileShare, FolderType, OperationType, TaskStatus, WireEnum,
};
pub use profile::Profile;
pub use scalars::{ApiDateTime, CowStr, Guid, Int32, Int64, Uri};

/// Deserializes an optional member that, when present, must hold a `T` (never `null`: servers
/// omit null properties, and the schema does not allow null).
pub(crate) fn present<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(d).map(Some)
}

/// Implements `Deserialize` (objects only) and `Serialize` for structs derived with
/// `#[serde(remote = "Self")]`.
///
/// serde's derived struct deserializer also accepts an array of the field values in declaration
/// order (`["id", 1, 100, "", "1", true]` as an operation), which no payload means and the schema
/// rejects; going through `deserialize_map` leaves only objects.
macro_rules! objects_only {
    ($($ty:ident),* $(,)?) => {$(
        impl<'de: 'a, 'a> Deserialize<'de> for $ty<'a> {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V<'a>(std::marker::PhantomData<$ty<'a>>);
                impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
                    type Value = $ty<'a>;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("an object")
                    }
                    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                        $ty::deserialize(de::value::MapAccessDeserializer::new(map))
                    }
                }
                d.deserialize_map(V(std::marker::PhantomData))
            }
        }

        impl Serialize for $ty<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                $ty::serialize(self, s)
            }
        }
    )*};
}

#[cfg(test)]
mod contract;
pub mod dates;
mod employee;
pub mod enums;
mod file;
mod folder;
mod operation;
pub mod profile;
pub mod releases;
pub mod scalars;
mod values;

pub use employee::Employee;
pub use file::FileEntry;
pub use folder::FolderEntry;
pub use operation::{Envelope, Link, Operation};
pub use values::{AnyObject, Dict, EntryId};

/// A whole fileops response: the wire envelope or a bare list of operations.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Document<'a> {
    #[serde(borrow)]
    Envelope(Envelope<'a>),
    #[serde(borrow)]
    List(Vec<Operation<'a>>),
}

impl<'a> Document<'a> {
    /// The operations, wherever the document keeps them.
    #[must_use]
    pub fn operations(&self) -> &[Operation<'a>] {
        match self {
            Document::Envelope(e) => &e.response,
            Document::List(l) => l,
        }
    }
}
