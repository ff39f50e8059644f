//! Value types shared by the entries: entry ids, homogeneous objects, unchecked objects.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

use super::{CowStr, Int32};

/// An entry id: an integer for internal storage, a string for third-party storage
/// (`"dropbox-337-LzEyMw"`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum EntryId<'a> {
    Int(Int32),
    Str(Cow<'a, str>),
}

impl<'de: 'a, 'a> Deserialize<'de> for EntryId<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = EntryId<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an entry id: an int32 integer or a non-empty string")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Int32::deserialize(de::value::I64Deserializer::new(v)).map(EntryId::Int)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Int32::deserialize(de::value::U64Deserializer::new(v)).map(EntryId::Int)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Int32::deserialize(de::value::F64Deserializer::new(v)).map(EntryId::Int)
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                self.string(Cow::Borrowed(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                self.string(Cow::Owned(v.to_owned()))
            }
        }
        impl V {
            fn string<E: de::Error>(self, v: Cow<'_, str>) -> Result<EntryId<'_>, E> {
                if v.is_empty() {
                    Err(E::invalid_length(0, &self))
                } else {
                    Ok(EntryId::Str(v))
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// An object whose values all have one type (`security`, `viewAccessibility`, ...), kept in
/// input order.
#[derive(Debug, Clone, PartialEq)]
pub struct Dict<'a, V>(pub Vec<(Cow<'a, str>, V)>);

impl<V: Serialize> Serialize for Dict<'_, V> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl<'de: 'a, 'a, V: Deserialize<'de>> Deserialize<'de> for Dict<'a, V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Vis<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for Vis<V> {
            type Value = Dict<'de, V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut pairs = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some(k) = map.next_key::<CowStr<'de>>()? {
                    pairs.push((k.0, map.next_value()?));
                }
                Ok(Dict(pairs))
            }
        }
        d.deserialize_map(Vis(std::marker::PhantomData))
    }
}

/// An object whose members are not checked (a room `logo`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(transparent)]
pub struct AnyObject(pub serde_json::Map<String, serde_json::Value>);
