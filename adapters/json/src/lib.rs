//! What the JSON agency adapters of `hoso` share.
//!
//! [`JsonCodec<F>`] is the codec of every JSON agency format, as `hoso_xml::XmlCodec` is of every XML one: a
//! format implements [`JsonFormat`] (its capabilities, routes, one decoder, three encoders) and its codec is
//! `pub type TheCodec = JsonCodec<TheFormat>;`, with the size limit, the directed decodes and `RestCodec`
//! written here once. Its decoder reads every message through [`read`] (strict, located by JSON path) and
//! its encoders write through [`write()`].
//!
//! A JSON adapter reads the agency's messages into serde-derived wire types. serde's derive is lenient in one
//! way an agency's format is not: a struct also reads from an *array* of its fields in order, so
//! `"payload": ["M-1", "2026-03-16"]` decodes as if it were `{"messageId": "M-1", "appointment": "2026-03-16"}`.
//! [`ObjectsOnly`] wraps any deserializer (serde_json's, or `serde_path_to_error`'s over it) so that wherever a
//! struct is expected, at any depth, only an object is read; an array there is an `invalid type` error, at
//! the array, with the position and path the inner deserializer gives it. Everything else passes through
//! unchanged, borrowed strings included.
//!
//! ```
//! use serde::Deserialize;
//!
//! #[derive(Debug, PartialEq, Deserialize)]
//! #[serde(deny_unknown_fields, rename_all = "camelCase")]
//! struct Acceptance<'a> {
//!     message_id: &'a str,
//!     appointment: &'a str,
//! }
//!
//! #[derive(Debug, PartialEq, Deserialize)]
//! struct Envelope<'a> {
//!     #[serde(borrow)]
//!     payload: Acceptance<'a>,
//! }
//!
//! fn read(input: &str) -> Result<Envelope<'_>, serde_json::Error> {
//!     let mut de = serde_json::Deserializer::from_str(input);
//!     let message = Envelope::deserialize(hoso_json::ObjectsOnly::new(&mut de))?;
//!     de.end()?;
//!     Ok(message)
//! }
//!
//! let good = r#"{"payload": {"messageId": "M-1", "appointment": "2026-03-16"}}"#;
//! assert_eq!(read(good)?.payload.message_id, "M-1");
//!
//! // serde_json alone reads the array as the struct; through ObjectsOnly it is an error, at the array.
//! let array = r#"{"payload": ["M-1", "2026-03-16"]}"#;
//! assert!(serde_json::from_str::<Envelope<'_>>(array).is_ok());
//! let e = read(array).unwrap_err();
//! assert!(e.to_string().starts_with("invalid type: sequence, expected struct Acceptance"), "{e}");
//! assert_eq!((e.line(), e.column()), (1, 13));
//! # Ok::<(), serde_json::Error>(())
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod codec;
mod envelope;
pub mod example;
mod messages;

pub use codec::{JsonCodec, JsonFormat, Limits, read, write};
pub use envelope::{Envelope, Head, Mirror, Text};
pub use messages::{
    EnvelopeFormat, FormatVersion, MessageTypes, PortKind, PortMapping, PortMessage, Version,
    capabilities, decode, encode, json_schema, read_as, write_as,
};

#[doc(hidden)]
pub mod __private {
    pub use hoso_core::AgencyCode;
    pub use hoso_core::adapter::{
        AdapterError, Decoded, Notice, NoticeKind, OutboundKind, OutboundMessage,
    };
}

use std::fmt;

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Unexpected,
    VariantAccess, Visitor,
};

/// A deserializer that reads a struct only from an object, at every depth; otherwise `D` itself.
#[derive(Debug)]
pub struct ObjectsOnly<D>(D);

impl<D> ObjectsOnly<D> {
    /// Wraps `deserializer`.
    pub fn new(deserializer: D) -> Self {
        ObjectsOnly(deserializer)
    }
}

/// Forwards deserializer methods, wrapping the visitor so that what it is handed is wrapped in turn.
macro_rules! forward {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {
        $(
            fn $method<V: Visitor<'de>>(self $(, $arg: $ty)*, visitor: V) -> Result<V::Value, D::Error> {
                self.0.$method($($arg,)* Wrap(visitor))
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for ObjectsOnly<D> {
    type Error = D::Error;

    forward! {
        deserialize_any();
        deserialize_bool();
        deserialize_i8();
        deserialize_i16();
        deserialize_i32();
        deserialize_i64();
        deserialize_i128();
        deserialize_u8();
        deserialize_u16();
        deserialize_u32();
        deserialize_u64();
        deserialize_u128();
        deserialize_f32();
        deserialize_f64();
        deserialize_char();
        deserialize_str();
        deserialize_string();
        deserialize_bytes();
        deserialize_byte_buf();
        deserialize_option();
        deserialize_unit();
        deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str);
        deserialize_seq();
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_map();
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        deserialize_identifier();
        deserialize_ignored_any();
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0
            .deserialize_struct(name, fields, Wrap(Struct(visitor)))
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// A struct's visitor, which refuses a sequence.
struct Struct<V>(V);

/// A visitor whose nested deserializers and accesses are wrapped.
struct Wrap<V>(V);

/// Forwards visits of plain values.
macro_rules! visit {
    ($($method:ident($ty:ty);)*) => {
        $(
            fn $method<E: de::Error>(self, v: $ty) -> Result<Self::Value, E> {
                self.0.$method(v)
            }
        )*
    };
}

macro_rules! visitor_impl {
    ($wrapper:ident) => {
        impl<'de, V: Visitor<'de>> Visitor<'de> for $wrapper<V> {
            type Value = V::Value;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.expecting(f)
            }

            visit! {
                visit_bool(bool);
                visit_i8(i8);
                visit_i16(i16);
                visit_i32(i32);
                visit_i64(i64);
                visit_i128(i128);
                visit_u8(u8);
                visit_u16(u16);
                visit_u32(u32);
                visit_u64(u64);
                visit_u128(u128);
                visit_f32(f32);
                visit_f64(f64);
                visit_char(char);
                visit_str(&str);
                visit_borrowed_str(&'de str);
                visit_string(String);
                visit_bytes(&[u8]);
                visit_borrowed_bytes(&'de [u8]);
                visit_byte_buf(Vec<u8>);
            }

            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                self.0.visit_none()
            }

            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                self.0.visit_unit()
            }

            fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Self::Value, D2::Error> {
                self.0.visit_some(ObjectsOnly(d))
            }

            fn visit_newtype_struct<D2: Deserializer<'de>>(
                self,
                d: D2,
            ) -> Result<Self::Value, D2::Error> {
                self.0.visit_newtype_struct(ObjectsOnly(d))
            }

            visitor_impl!(@seq $wrapper);

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                self.0.visit_map(Access(map))
            }

            fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
                self.0.visit_enum(Access(data))
            }
        }
    };
    (@seq Wrap) => {
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
            self.0.visit_seq(Access(seq))
        }
    };
    (@seq Struct) => {
        fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
            Err(de::Error::invalid_type(Unexpected::Seq, &self))
        }
    };
}

visitor_impl!(Wrap);
visitor_impl!(Struct);

/// A seed whose deserializer is wrapped.
struct Seed<S>(S);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(ObjectsOnly(deserializer))
    }
}

/// A sequence, map, enum or variant access whose elements are read through wrapped seeds.
struct Access<A>(A);

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Access<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(Seed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Access<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(Seed(seed))
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        self.0.next_value_seed(Seed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: EnumAccess<'de>> EnumAccess<'de> for Access<A> {
    type Error = A::Error;
    type Variant = Access<A::Variant>;

    fn variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<(T::Value, Self::Variant), A::Error> {
        self.0
            .variant_seed(Seed(seed))
            .map(|(value, variant)| (value, Access(variant)))
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Access<A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.0.unit_variant()
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        self.0.newtype_variant_seed(Seed(seed))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.0.tuple_variant(len, Wrap(visitor))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        self.0.struct_variant(fields, Wrap(Struct(visitor)))
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::ObjectsOnly;

    #[derive(Debug, PartialEq, Deserialize)]
    struct Inner {
        a: u32,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    enum Kind {
        Plain,
        Wrapped(Inner),
        Shaped { b: u32 },
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Outer {
        list: Vec<Inner>,
        maybe: Option<Inner>,
        kind: Kind,
    }

    fn read<T: for<'de> Deserialize<'de>>(input: &str) -> Result<T, serde_json::Error> {
        let mut de = serde_json::Deserializer::from_str(input);
        let value = T::deserialize(ObjectsOnly::new(&mut de))?;
        de.end()?;
        Ok(value)
    }

    #[test]
    fn objects_read_as_before_at_every_depth() {
        let input =
            r#"{"list": [{"a": 1}, {"a": 2}], "maybe": {"a": 3}, "kind": {"Shaped": {"b": 4}}}"#;
        let got: Outer = read(input).unwrap();
        assert_eq!(got, serde_json::from_str(input).unwrap());
        assert_eq!(got.list.len(), 2);
        let plain: Outer = read(r#"{"list": [], "maybe": null, "kind": "Plain"}"#).unwrap();
        assert_eq!(plain.kind, Kind::Plain);
        let wrapped: Outer =
            read(r#"{"list": [], "maybe": null, "kind": {"Wrapped": {"a": 5}}}"#).unwrap();
        assert_eq!(wrapped.kind, Kind::Wrapped(Inner { a: 5 }));
    }

    #[test]
    fn an_array_for_a_struct_is_refused_wherever_it_is() {
        // Each input, and what comes just before the array refused (its column is the one after).
        for (input, before) in [
            (r#"[[], null, "Plain"]"#, ""),
            (
                r#"{"list": [[1]], "maybe": null, "kind": "Plain"}"#,
                r#"{"list": ["#,
            ),
            (
                r#"{"list": [], "maybe": [3], "kind": "Plain"}"#,
                r#""maybe": "#,
            ),
            (
                r#"{"list": [], "maybe": null, "kind": {"Wrapped": [5]}}"#,
                r#""Wrapped": "#,
            ),
            (
                r#"{"list": [], "maybe": null, "kind": {"Shaped": [4]}}"#,
                r#""Shaped": "#,
            ),
        ] {
            let column = input.find(before).unwrap() + before.len() + 1;
            // serde_json alone accepts every one of them.
            assert!(serde_json::from_str::<Outer>(input).is_ok(), "{input}");
            let e = read::<Outer>(input).unwrap_err();
            assert!(
                e.to_string()
                    .starts_with("invalid type: sequence, expected"),
                "{input}: {e}"
            );
            assert_eq!(e.column(), column, "{input}: {e}");
        }
    }
}
