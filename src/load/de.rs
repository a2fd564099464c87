//! Typed reads straight from a located tree: `T::deserialize(&node)` with no
//! copy through `serde_json::Value`. Strings are lent from the tree, and an
//! error carries the position of the innermost value that caused it.

use super::node::{Kind, Node};
use crate::diagnostic::Pos;
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor, value::BorrowedStrDeserializer};
use std::fmt;

/// Why a tree does not read as the type asked for, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    /// The value the error arose in (`None` only before it is known).
    pub pos: Option<Pos>,
    pub message: String,
}

impl Error {
    /// Places the error at `pos` unless a deeper value already did.
    fn at(mut self, pos: Pos) -> Self {
        self.pos.get_or_insert(pos);
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// `null` for a missing value, as JSON readers say it.
struct Unexpected<'a>(de::Unexpected<'a>);

impl fmt::Display for Unexpected<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            de::Unexpected::Unit => f.write_str("null"),
            u => u.fmt(f),
        }
    }
}

impl de::Error for Error {
    #[cold]
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error {
            pos: None,
            message: msg.to_string(),
        }
    }
    #[cold]
    fn invalid_type(unexp: de::Unexpected, exp: &dyn de::Expected) -> Self {
        Self::custom(format_args!(
            "invalid type: {}, expected {exp}",
            Unexpected(unexp)
        ))
    }
    #[cold]
    fn invalid_value(unexp: de::Unexpected, exp: &dyn de::Expected) -> Self {
        Self::custom(format_args!(
            "invalid value: {}, expected {exp}",
            Unexpected(unexp)
        ))
    }
}

/// Reads `T` from `node`; the error is always located.
pub fn from_node<'de, T: serde::Deserialize<'de>>(node: &'de Node) -> Result<T, Error> {
    T::deserialize(node).map_err(|e| e.at(node.pos))
}

/// Reads `T` from the mapping `node` as if the keys in `skip` were absent
/// (their fields take their defaults, and their values are never read).
pub fn from_node_without<'de, T: serde::Deserialize<'de>>(
    node: &'de Node,
    skip: &'de [&'de str],
) -> Result<T, Error> {
    T::deserialize(Without { node, skip }).map_err(|e| e.at(node.pos))
}

impl<'de> de::Deserializer<'de> for &'de Node {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let result = match &self.kind {
            Kind::Null => visitor.visit_unit(),
            Kind::Bool(b) => visitor.visit_bool(*b),
            Kind::Int(i) if *i >= 0 => visitor.visit_u64(*i as u64),
            Kind::Int(i) => visitor.visit_i64(*i),
            Kind::Float(f) => visitor.visit_f64(*f),
            Kind::Str(s) => visitor.visit_borrowed_str(s),
            Kind::Seq(items) => visit_seq(items, visitor),
            Kind::Map(entries) => visit_map(entries.iter(), entries.len(), visitor),
        };
        result.map_err(|e| e.at(self.pos))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.kind {
            Kind::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    /// A string names a unit variant; a one-key mapping, a variant and its value.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let result = match &self.kind {
            Kind::Str(s) => visitor.visit_enum(BorrowedStrDeserializer::new(s)),
            Kind::Map(entries) if entries.len() == 1 => visitor.visit_enum(Variant(&entries[0])),
            _ => Err(de::Error::invalid_type(
                self.unexpected(),
                &"a string or a one-key mapping",
            )),
        };
        result.map_err(|e| e.at(self.pos))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

impl Node {
    /// What a value is, in serde's words for "invalid type" errors.
    fn unexpected(&self) -> de::Unexpected<'_> {
        match &self.kind {
            Kind::Null => de::Unexpected::Unit,
            Kind::Bool(b) => de::Unexpected::Bool(*b),
            Kind::Int(i) => de::Unexpected::Signed(*i),
            Kind::Float(f) => de::Unexpected::Float(*f),
            Kind::Str(s) => de::Unexpected::Str(s),
            Kind::Seq(_) => de::Unexpected::Seq,
            Kind::Map(_) => de::Unexpected::Map,
        }
    }
}

fn visit_seq<'de, V: Visitor<'de>>(items: &'de [Node], visitor: V) -> Result<V::Value, Error> {
    let mut access = Items(items.iter());
    let value = visitor.visit_seq(&mut access)?;
    match access.0.len() {
        0 => Ok(value),
        n => Err(de::Error::invalid_length(
            items.len() - n,
            &"fewer elements",
        )),
    }
}

fn visit_map<'de, V: Visitor<'de>>(
    entries: impl Iterator<Item = &'de (Node, Node)>,
    len: usize,
    visitor: V,
) -> Result<V::Value, Error> {
    visitor.visit_map(Entries {
        iter: entries,
        len,
        value: None,
    })
}

struct Items<'de>(std::slice::Iter<'de, Node>);

impl<'de> de::SeqAccess<'de> for Items<'de> {
    type Error = Error;
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        match self.0.next() {
            Some(n) => seed.deserialize(n).map(Some).map_err(|e| e.at(n.pos)),
            None => Ok(None),
        }
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Entries<'de, I> {
    iter: I,
    /// Entries not yet read, for size hints.
    len: usize,
    value: Option<&'de Node>,
}

impl<'de, I: Iterator<Item = &'de (Node, Node)>> de::MapAccess<'de> for Entries<'de, I> {
    type Error = Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some((k, v)) = self.iter.next() else {
            return Ok(None);
        };
        self.len = self.len.saturating_sub(1);
        self.value = Some(v);
        seed.deserialize(Key(k)).map(Some).map_err(|e| e.at(k.pos))
    }
    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Error> {
        let v = self
            .value
            .take()
            .ok_or_else(|| <Error as de::Error>::custom("value asked for before its key"))?;
        seed.deserialize(v).map_err(|e| e.at(v.pos))
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.len)
    }
}

/// A mapping key, read as its text (as JSON object keys are).
struct Key<'de>(&'de Node);

impl<'de> de::Deserializer<'de> for Key<'de> {
    type Error = Error;
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.0.kind {
            Kind::Str(s) => visitor.visit_borrowed_str(s),
            _ => visitor.visit_string(self.0.key_text()),
        }
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match &self.0.kind {
            Kind::Str(_) => self.0.deserialize_enum(name, variants, visitor),
            _ => self
                .0
                .key_text()
                .into_deserializer()
                .deserialize_enum(name, variants, visitor),
        }
    }
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(self)
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier
        ignored_any
    }
}

/// The one entry of a mapping that names an enum variant.
struct Variant<'de>(&'de (Node, Node));

impl<'de> de::EnumAccess<'de> for Variant<'de> {
    type Error = Error;
    type Variant = &'de Node;
    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, &'de Node), Error> {
        let (k, v) = self.0;
        let variant = seed.deserialize(Key(k)).map_err(|e| e.at(k.pos))?;
        Ok((variant, v))
    }
}

impl<'de> de::VariantAccess<'de> for &'de Node {
    type Error = Error;
    fn unit_variant(self) -> Result<(), Error> {
        de::Deserialize::deserialize(self)
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(self)
    }
    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_seq(self, visitor)
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_map(self, visitor)
    }
}

/// A mapping with some keys left out.
struct Without<'de> {
    node: &'de Node,
    skip: &'de [&'de str],
}

impl<'de> de::Deserializer<'de> for Without<'de> {
    type Error = Error;
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let Kind::Map(entries) = &self.node.kind else {
            return self.node.deserialize_any(visitor);
        };
        let skip = self.skip;
        let kept = |(k, _): &&(Node, Node)| !k.as_str().is_some_and(|k| skip.contains(&k));
        let len = entries.iter().filter(kept).count();
        visit_map(entries.iter().filter(kept), len, visitor).map_err(|e| e.at(self.node.pos))
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct
        map struct enum identifier ignored_any
    }
}

#[cfg(test)]
#[path = "de_tests.rs"]
mod tests;
