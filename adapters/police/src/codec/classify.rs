//! What kind of problem a failed parse met, recorded where it was raised instead of read back from the words of
//! serde's message.
//!
//! serde reports every data error (a missing field, an unknown variant, a value of the wrong type) through the
//! deserializer's error type, which for serde_json keeps only the message. When a message is refused, the codec
//! parses it a second time through [`Classify`], a deserializer whose error type is [`Raised`]: every
//! `de::Error` constructor a visitor or derived impl calls names its kind, and the kind is written to a slot as
//! the error leaves for serde_json (which adds its position, as before). An error serde_json raises itself is
//! classified by [`serde_json::Error::classify`]: end of input, syntax, or, the only data error it raises, a
//! token of the wrong type.
//!
//! A length error means an array over its limit, or a string over its limit when it leaves a string visitor
//! (the format has no tuples or fixed-size arrays, the other users of `invalid_length`).
//!
//! Errors raised below a wrapper (in serde_json or the path tracker) pass through it untouched: the wrapper
//! keeps the original in a stash and hands it back at the boundary it came through.

use std::cell::Cell;
use std::fmt;

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, Expected, MapAccess, SeqAccess, Unexpected,
    VariantAccess, Visitor,
};

use super::DecodeErrorKind;

/// The kind of the first error that left a visitor, if it was raised under [`Classify`].
pub(super) type Slot = Cell<Option<DecodeErrorKind>>;

/// The error type under [`Classify`].
#[derive(Debug)]
pub(super) enum Raised {
    /// Raised by a visitor or a derived impl: its kind and serde's words for it.
    Here {
        kind: DecodeErrorKind,
        message: String,
    },
    /// Raised below the wrapper; the original is in the stash of the wrapper it came through.
    Below,
}

impl Raised {
    fn here(kind: DecodeErrorKind, words: serde_json::Error) -> Self {
        Raised::Here {
            kind,
            message: words.to_string(),
        }
    }
}

impl fmt::Display for Raised {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Raised::Here { message, .. } => f.write_str(message),
            Raised::Below => f.write_str("an error raised by the parser"),
        }
    }
}

impl std::error::Error for Raised {}

// serde_json's own words for each error, so that messages read as they did without the wrapper.
type Words = serde_json::Error;

impl de::Error for Raised {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Raised::Here {
            kind: DecodeErrorKind::InvalidValue,
            message: message.to_string(),
        }
    }

    fn invalid_type(unexpected: Unexpected<'_>, expected: &dyn Expected) -> Self {
        Raised::here(
            DecodeErrorKind::WrongType,
            <Words as de::Error>::invalid_type(unexpected, expected),
        )
    }

    fn invalid_value(unexpected: Unexpected<'_>, expected: &dyn Expected) -> Self {
        Raised::here(
            DecodeErrorKind::InvalidValue,
            <Words as de::Error>::invalid_value(unexpected, expected),
        )
    }

    fn invalid_length(len: usize, expected: &dyn Expected) -> Self {
        Raised::here(
            DecodeErrorKind::TooManyItems,
            <Words as de::Error>::invalid_length(len, expected),
        )
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        Raised::here(
            DecodeErrorKind::UnknownVariant,
            <Words as de::Error>::unknown_variant(variant, expected),
        )
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        Raised::here(
            DecodeErrorKind::InvalidValue,
            <Words as de::Error>::unknown_field(field, expected),
        )
    }

    fn missing_field(field: &'static str) -> Self {
        Raised::here(
            DecodeErrorKind::MissingField,
            <Words as de::Error>::missing_field(field),
        )
    }

    fn duplicate_field(field: &'static str) -> Self {
        Raised::here(
            DecodeErrorKind::DuplicateField,
            <Words as de::Error>::duplicate_field(field),
        )
    }
}

/// Where a [`Raised`] error leaves for the error type `E` of the code around the wrapper.
#[derive(Clone, Copy)]
enum Leaving {
    /// A string visitor: a length error is a string over its limit.
    String,
    /// Anywhere else.
    Other,
}

/// `result` with its error in `E`: recorded in `slot` and worded by `E` when raised here, the original from
/// `stash` when raised below.
fn leave<T, E: de::Error>(
    result: Result<T, Raised>,
    slot: &Slot,
    stash: &Cell<Option<E>>,
    leaving: Leaving,
) -> Result<T, E> {
    result.map_err(|raised| match raised {
        Raised::Here { kind, message } => {
            let kind = match (kind, leaving) {
                (DecodeErrorKind::TooManyItems, Leaving::String) => DecodeErrorKind::TextTooLong,
                (kind, _) => kind,
            };
            if slot.get().is_none() {
                slot.set(Some(kind));
            }
            E::custom(message)
        }
        Raised::Below => stash
            .take()
            .unwrap_or_else(|| E::custom("an error raised by the parser")),
    })
}

/// `error`, raised below, kept in `stash` for the boundary it will leave through.
fn below<E>(stash: &Cell<Option<E>>, error: E) -> Raised {
    stash.set(Some(error));
    Raised::Below
}

/// Parses with `seed` from `deserializer`, classifying: the error, if any, and the kind recorded for it.
pub(super) fn classified<'de, S, D>(
    seed: S,
    deserializer: D,
) -> Result<S::Value, (D::Error, Option<DecodeErrorKind>)>
where
    S: DeserializeSeed<'de>,
    D: Deserializer<'de>,
{
    let slot = Slot::new(None);
    let stash = Cell::new(None);
    let result = seed.deserialize(Classify {
        inner: deserializer,
        slot: &slot,
        stash: &stash,
    });
    leave(result, &slot, &stash, Leaving::Other).map_err(|error| (error, slot.get()))
}

/// A deserializer whose error type is [`Raised`], over one whose error type is `D::Error`.
pub(super) struct Classify<'s, D, E> {
    inner: D,
    slot: &'s Slot,
    stash: &'s Cell<Option<E>>,
}

macro_rules! forward_deserialize {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {
        $(
            fn $method<V: Visitor<'de>>(self $(, $arg: $ty)*, visitor: V) -> Result<V::Value, Raised> {
                let (slot, stash) = (self.slot, self.stash);
                self.inner.$method($($arg,)* Visit { inner: visitor, slot }).map_err(|e| below(stash, e))
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Classify<'_, D, D::Error> {
    type Error = Raised;

    forward_deserialize! {
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
        deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        deserialize_identifier();
        deserialize_ignored_any();
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

/// A visitor run under [`Classify`]: the inner visitor sees [`Raised`] errors, the caller its own.
struct Visit<'s, V> {
    inner: V,
    slot: &'s Slot,
}

macro_rules! forward_visit {
    ($leaving:expr; $($method:ident($ty:ty);)*) => {
        $(
            fn $method<E: de::Error>(self, v: $ty) -> Result<V::Value, E> {
                leave(self.inner.$method::<Raised>(v), self.slot, &Cell::new(None), $leaving)
            }
        )*
    };
}

/// The visits that hand the visitor a deserializer or an access: wrapped, with a stash for the errors raised
/// below it.
macro_rules! forward_nested {
    ($($method:ident<$t:ident: $bound:ident> => $wrapper:ident;)*) => {
        $(
            fn $method<$t: $bound<'de>>(self, inner: $t) -> Result<V::Value, $t::Error> {
                let stash = Cell::new(None);
                let result = self.inner.$method($wrapper { inner, slot: self.slot, stash: &stash });
                leave(result, self.slot, &stash, Leaving::Other)
            }
        )*
    };
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Visit<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)
    }

    forward_visit! {
        Leaving::Other;
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
        visit_bytes(&[u8]);
        visit_borrowed_bytes(&'de [u8]);
        visit_byte_buf(Vec<u8>);
    }

    forward_visit! {
        Leaving::String;
        visit_str(&str);
        visit_borrowed_str(&'de str);
        visit_string(String);
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        let result = self.inner.visit_none::<Raised>();
        leave(result, self.slot, &Cell::new(None), Leaving::Other)
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        let result = self.inner.visit_unit::<Raised>();
        leave(result, self.slot, &Cell::new(None), Leaving::Other)
    }

    forward_nested! {
        visit_some<D: Deserializer> => Classify;
        visit_newtype_struct<D: Deserializer> => Classify;
        visit_seq<A: SeqAccess> => Access;
        visit_map<A: MapAccess> => Access;
        visit_enum<A: EnumAccess> => Access;
    }
}

/// A seed run under [`Classify`].
struct Seed<'s, S> {
    inner: S,
    slot: &'s Slot,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<'_, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        let stash = Cell::new(None);
        let result = self.inner.deserialize(Classify {
            inner: deserializer,
            slot: self.slot,
            stash: &stash,
        });
        leave(result, self.slot, &stash, Leaving::Other)
    }
}

/// A sequence, map, enum or variant access under [`Classify`]; `E` is the error type of the access wrapped.
struct Access<'s, A, E> {
    inner: A,
    slot: &'s Slot,
    stash: &'s Cell<Option<E>>,
}

impl<'s, A, E> Access<'s, A, E> {
    fn seed<S>(&self, inner: S) -> Seed<'s, S> {
        Seed {
            inner,
            slot: self.slot,
        }
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Access<'_, A, A::Error> {
    type Error = Raised;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Raised> {
        let seed = self.seed(seed);
        self.inner
            .next_element_seed(seed)
            .map_err(|e| below(self.stash, e))
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Access<'_, A, A::Error> {
    type Error = Raised;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Raised> {
        let seed = self.seed(seed);
        self.inner
            .next_key_seed(seed)
            .map_err(|e| below(self.stash, e))
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Raised> {
        let seed = self.seed(seed);
        self.inner
            .next_value_seed(seed)
            .map_err(|e| below(self.stash, e))
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'s, 'de, A: EnumAccess<'de>> EnumAccess<'de> for Access<'s, A, A::Error> {
    type Error = Raised;
    type Variant = Access<'s, A::Variant, A::Error>;

    fn variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<(T::Value, Self::Variant), Raised> {
        let (slot, stash) = (self.slot, self.stash);
        match self.inner.variant_seed(Seed { inner: seed, slot }) {
            Ok((value, variant)) => Ok((
                value,
                Access {
                    inner: variant,
                    slot,
                    stash,
                },
            )),
            Err(e) => Err(below(stash, e)),
        }
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Access<'_, A, A::Error> {
    type Error = Raised;

    fn unit_variant(self) -> Result<(), Raised> {
        let stash = self.stash;
        self.inner.unit_variant().map_err(|e| below(stash, e))
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Raised> {
        let (slot, stash) = (self.slot, self.stash);
        self.inner
            .newtype_variant_seed(Seed { inner: seed, slot })
            .map_err(|e| below(stash, e))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Raised> {
        let (slot, stash) = (self.slot, self.stash);
        self.inner
            .tuple_variant(
                len,
                Visit {
                    inner: visitor,
                    slot,
                },
            )
            .map_err(|e| below(stash, e))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Raised> {
        let (slot, stash) = (self.slot, self.stash);
        self.inner
            .struct_variant(
                fields,
                Visit {
                    inner: visitor,
                    slot,
                },
            )
            .map_err(|e| below(stash, e))
    }
}
